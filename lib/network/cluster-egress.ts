import { IConstruct } from "constructs";

/** Options of {@link ClusterEgress.firewall}. */
export interface FirewallEgressOptions {
  /**
   * Private IP of the firewall or network virtual appliance (usually Azure Firewall in a peered hub)
   * that inspects all node egress (AKS-NET-07). Must be an RFC 1918 or RFC 6598 (100.64.0.0/10)
   * address outside the cluster's subnets. Allow the `AzureKubernetesService` FQDN tag on it, or
   * nodes cannot reach the control plane, MCR and Entra ID.
   *
   * @default - required: there is no sensible default for the firewall's address
   */
  readonly privateIp: string;
}

/** Tier of an Azure Firewall created by {@link ClusterEgress.azureFirewall}. */
export type AzureFirewallSkuTier = "Standard" | "Premium";

/** A network rule (layer 4) added to the firewall for traffic that is not HTTP(S). */
export interface AzureFirewallNetworkRule {
  /** Rule name: 1-80 letters, digits, '-', '_' and '.', starting with a letter or digit, ending with a letter, digit or '_'. */
  readonly name: string;
  /** Protocols: "TCP", "UDP", "ICMP" or "Any". */
  readonly protocols: ("TCP" | "UDP" | "ICMP" | "Any")[];
  /**
   * Destination IPv4 addresses, CIDR blocks or service tags (e.g. "AzureCloud.westeurope").
   * "*" is refused: a rule to every address is no filter at all.
   */
  readonly destinationAddresses: string[];
  /** Destination ports or ranges, e.g. "443" or "8000-8080", 1-65535. */
  readonly destinationPorts: string[];
  /**
   * Why the rule exists; shown in the policy.
   *
   * @default - none
   */
  readonly description?: string;
}

/**
 * Options of {@link ClusterEgress.azureFirewall}.
 *
 * Cost: Azure Firewall is billed per deployment hour whether or not traffic flows (Standard roughly
 * USD 1.25/hour, about USD 900 a month; Premium, the default, roughly USD 1.75/hour, about USD 1,280 a month) plus per GB it processes
 * (roughly USD 0.016/GB), plus its Standard public IP. Prices vary by region; see the Azure
 * Firewall pricing page. A hub firewall shared by many clusters (`ClusterEgress.firewall`) is
 * cheaper at scale.
 */
export interface AzureFirewallEgressOptions {
  /**
   * `AzureFirewallSubnet` of the firewall in the cluster VNet. Azure requires that exact subnet name
   * and at least a /26; it must lie inside the VNet address space and overlap no other subnet.
   * No NSG or route table is attached to it (Azure does not support either on this subnet).
   *
   * @default "10.240.6.0/26" (next to the default subnets of ClusterNetwork)
   */
  readonly subnetCidr?: string;
  /**
   * Firewall tier (the firewall and its policy). Premium adds signature-based intrusion detection and
   * prevention to what Standard does (FQDN, FQDN tag, service tag and threat-intelligence filtering):
   * the policy runs IDPS in "Deny" mode, so traffic matching a known attack or command-and-control
   * signature is dropped (AKS-NET-14, as the AKS baseline reference implementation does; Checkov
   * CKV_AZURE_220). TLS inspection is not configured (it needs your own intermediate CA in a Key
   * Vault). Premium costs about 40% more per deployment hour than Standard.
   *
   * "Standard" is accepted by name, but the baseline fails AKS-NET-14 for it until you accept the
   * weaker firewall with a reason: `SecurityBaseline.suppress(network, "AKS-NET-14", reason)`.
   *
   * @default "Premium" (AKS-NET-14: IDPS in Deny mode)
   */
  readonly skuTier?: AzureFirewallSkuTier;
  /**
   * Number of Standard static public IPs of the firewall, 1-250. Each IP gives 2,496 SNAT ports per
   * firewall instance (azure-firewall/firewall-faq.md): many nodes opening many connections to the
   * same destination can exhaust them, and connections then fail. Every IP is one more address
   * that partners must allow-list, so add IPs only when the firewall's "SNAT port utilization"
   * metric says so.
   *
   * @default 1 (one egress address to allow-list; enough SNAT ports for typical clusters)
   */
  readonly publicIpCount?: number;
  /**
   * Log Analytics workspace that receives the firewall's logs (resource-specific AZFW* tables: rule
   * hits and denies, threat-intelligence and IDPS hits, DNS) and its public IPs' logs (AKS-NET-15).
   *
   * @default - the workspace of the first SecureCluster that uses this network
   */
  readonly logAnalyticsWorkspaceId?: string;
  /**
   * Availability zones of the firewall and its public IP. Spreading over all three matches the
   * node pools' default (zones 1-3), so a zone outage does not cut egress for the surviving nodes.
   * Pass `[]` in regions without availability zones.
   *
   * @default ["1", "2", "3"]
   */
  readonly zones?: string[];
  /**
   * Extra FQDNs the nodes (and pods, which SNAT to the node IP with CNI overlay) may reach over
   * HTTPS 443, e.g. "ghcr.io" or "*.blob.core.windows.net". Only names or "*."-wildcards: no
   * scheme, path, port or bare "*". Everything else is denied by the firewall; that is the point of
   * AKS-NET-07.
   *
   * @default - none: only what AKS and the add-ons SecureCluster enables need
   */
  readonly allowedFqdns?: string[];
  /**
   * Extra network rules from the node subnet, for non-HTTP(S) traffic (e.g. TCP 443 to the
   * API server's public IP for pods of a public cluster that call the API server by IP).
   *
   * @default - none
   */
  readonly networkRules?: AzureFirewallNetworkRule[];
}

/**
 * A cluster add-on or driver whose traffic leaves the VNet, so an egress firewall must allow it:
 * - "containerInsights": the monitoring agent (AKS-LOG-02)
 * - "azurePolicy": the Azure Policy add-on (AKS-CLU-01)
 * - "defenderSensor": the Defender for Containers sensor (AKS-DEF-02)
 * - "azureBlobCsi": Azure Blob CSI driver mounts (BlobFuse over HTTPS)
 * - "azureFilesCsi": Azure Files CSI driver mounts (SMB, TCP 445)
 */
export type ClusterEgressNeed =
  "containerInsights" | "azurePolicy" | "defenderSensor" | "azureBlobCsi" | "azureFilesCsi";

/**
 * The rules of a firewall this library writes (ClusterEgress.azureFirewall()). Clusters register
 * what their add-ons need; the firewall allows exactly that (AKS-NET-16) and logs to a workspace
 * (AKS-NET-15). A hub firewall (`ClusterEgress.firewall`) has none: its rules are yours.
 */
export interface IFirewallEgressRules {
  /** Allows the egress of `needs` from the node subnet, for a cluster in `location`. Idempotent. */
  allowEgress(needs: readonly ClusterEgressNeed[], location: string): void;
  /**
   * Sends the firewall's and its public IPs' logs to the workspace; the first call wins. With
   * `from` (the caller), a caller in another stack than the firewall is ignored: the reference
   * would make the two stacks depend on each other.
   */
  sendLogsTo(workspaceId: string, from?: IConstruct): void;
}

/** Options of {@link ClusterEgress.natGateway}. */
export interface NatGatewayEgressOptions {
  /**
   * TCP idle timeout of the NAT gateway, 4-120 minutes. Longer timeouts keep idle flows (and
   * their SNAT ports) alive longer; raise it only for clients that cannot send keepalives.
   *
   * @default 4 (Azure's default: idle flows release their SNAT ports quickly)
   */
  readonly idleTimeoutMinutes?: number;
  /**
   * Availability zone ("1", "2" or "3") of the NAT gateway and its public IP. A Standard NAT
   * gateway (the only SKU azurerm 4.55 offers) lives in at most one zone, so this is one zone,
   * not a list. Pinning it makes the failure domain explicit: an outage of that zone stops egress
   * for every node, in every zone. Leave it unset in regions without availability zones.
   *
   * @default - no zone (Azure places the gateway; valid in every region)
   */
  readonly zone?: string;
}

/**
 * How nodes reach the internet. Only explicit egress paths are offered (AKS-NET-07): the implicit
 * load-balancer SNAT of a cluster without an egress design is what the baseline refuses, so there
 * is no `loadBalancer` option and no default. `azureFirewall()` and `firewall()` meet AKS-NET-07;
 * `natGateway()` is an explicit, weaker choice that needs a baseline suppression.
 */
export class ClusterEgress {
  /**
   * Route 0.0.0.0/0 from the node subnet to an existing firewall (AKS outbound type
   * "userDefinedRouting"), so every egress flow can be filtered by FQDN (allow the
   * `AzureKubernetesService` FQDN tag). The firewall usually sits in a hub VNet: peer the cluster
   * VNet with the hub (both directions) before the cluster is created, or AKS cannot reach its
   * control plane and creation fails. This is the baseline's recommended egress for production.
   */
  public static firewall(options: FirewallEgressOptions): ClusterEgress {
    return new ClusterEgress("userDefinedRouting", options, undefined, undefined);
  }

  /**
   * An Azure Firewall created in the cluster VNet (its own `AzureFirewallSubnet`), with a firewall
   * policy that allows exactly the egress AKS and SecureCluster's add-ons need and denies the rest,
   * and the node subnet's 0.0.0.0/0 route pointing at it (AKS outbound type "userDefinedRouting").
   * Self-contained: no hub or peering is needed, so a stack with it deploys on its own and passes
   * AKS-NET-07.
   *
   * Costs money around the clock (see {@link AzureFirewallEgressOptions}): where a hub firewall
   * exists, prefer `ClusterEgress.firewall({ privateIp })`.
   */
  public static azureFirewall(options: AzureFirewallEgressOptions = {}): ClusterEgress {
    return new ClusterEgress("userDefinedRouting", undefined, undefined, options);
  }

  /**
   * A NAT gateway with a static public IP on the node subnet (AKS outbound type
   * "userAssignedNATGateway"): a predictable egress IP, but **no inspection or filtering**, so it is
   * weaker than AKS-NET-07. The security baseline fails AKS-NET-07 for it unless you accept that
   * with a suppression and a reason, which then shows in the baseline report:
   *
   * ```ts
   * SecurityBaseline.suppress(cluster, "AKS-NET-07", "Dev cluster: NAT egress until the hub firewall exists; egress limited by network policies");
   * ```
   *
   * Prefer `ClusterEgress.azureFirewall()` or `ClusterEgress.firewall({ privateIp })`.
   */
  public static natGateway(options: NatGatewayEgressOptions = {}): ClusterEgress {
    return new ClusterEgress("userAssignedNATGateway", undefined, options, undefined);
  }

  private constructor(
    /** The azurerm `network_profile.outbound_type` this egress needs. */
    public readonly outboundType: "userDefinedRouting" | "userAssignedNATGateway",
    /** Set for egress through an existing firewall (usually in a hub). */
    public readonly firewall: FirewallEgressOptions | undefined,
    /** Set for NAT gateway egress. */
    public readonly natGateway: NatGatewayEgressOptions | undefined,
    /** Set for an Azure Firewall that ClusterNetwork creates in the cluster VNet. */
    public readonly azureFirewall: AzureFirewallEgressOptions | undefined,
  ) {}
}
