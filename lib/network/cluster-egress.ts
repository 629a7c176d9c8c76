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
 * is no `loadBalancer` option and no default.
 */
export class ClusterEgress {
  /**
   * Route 0.0.0.0/0 from the node subnet to a firewall (AKS outbound type "userDefinedRouting"),
   * so every egress flow can be filtered by FQDN (allow the `AzureKubernetesService` FQDN tag).
   * This is the baseline's recommended egress for production.
   */
  public static firewall(options: FirewallEgressOptions): ClusterEgress {
    return new ClusterEgress("userDefinedRouting", options, undefined);
  }

  /**
   * A NAT gateway with a static public IP on the node subnet (AKS outbound type
   * "userAssignedNATGateway"): predictable egress IP, no inspection. Suitable where no hub
   * firewall exists yet; pair it with network policies that restrict egress.
   */
  public static natGateway(options: NatGatewayEgressOptions = {}): ClusterEgress {
    return new ClusterEgress("userAssignedNATGateway", undefined, options);
  }

  private constructor(
    /** The azurerm `network_profile.outbound_type` this egress needs. */
    public readonly outboundType: "userDefinedRouting" | "userAssignedNATGateway",
    /** Set for firewall egress. */
    public readonly firewall: FirewallEgressOptions | undefined,
    /** Set for NAT gateway egress. */
    public readonly natGateway: NatGatewayEgressOptions | undefined,
  ) {}
}
