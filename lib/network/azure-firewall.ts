import { Construct } from "constructs";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { FirewallPolicy } from "@cdktf/provider-azurerm/lib/firewall-policy";
import { FirewallPolicyRuleCollectionGroup } from "@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group";
import { Firewall } from "@cdktf/provider-azurerm/lib/firewall";
import { AzureFirewallEgressOptions } from "./cluster-egress";
import { AzureFirewallEgressRules } from "./azure-firewall-egress";
import { AzureFirewallDiagnostics } from "./azure-firewall-diagnostics";
import { isUnresolved } from "../util/validation";

/** What {@link AzureFirewallEgress} needs from ClusterNetwork. */
export interface AzureFirewallInputs {
  readonly options: AzureFirewallEgressOptions;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly namePrefix: string;
  readonly tags?: Record<string, string>;
  /** The `AzureFirewallSubnet`, created by ClusterNetwork like its other subnets. */
  readonly subnet: Subnet;
  /** Source of every rule: the node subnet (pods SNAT to their node's IP with CNI overlay). */
  readonly nodeSubnetCidr: string;
  /** Custom DNS servers of the VNet, if any: the nodes must reach them. */
  readonly dnsServers?: string[];
}

/**
 * The Azure Firewall of ClusterEgress.azureFirewall(): the firewall, its public IP(s), its policy and
 * the rule collection group, created in `owner` (ClusterNetwork) with their ids there. The rules,
 * all from the node subnet:
 * - application rule `aks-fqdn-tag`: FQDN tag AzureKubernetesService over HTTPS 443 (AKS
 *   "Limit network traffic with Azure Firewall", limit-egress-traffic.md; the tag holds every FQDN of
 *   "Azure Global required FQDN / application rules" in outbound-rules-control-egress.md: API server
 *   `*.hcp.<region>.azmk8s.io`, MCR, management.azure.com, login.microsoftonline.com (also used by
 *   workload identity), packages.microsoft.com, acs-mirror.azureedge.net). All of them are HTTPS 443,
 *   so port 80 is not opened (as in the AKS baseline reference implementation's hub policy).
 * - one rule per add-on a cluster of the network registers ({@link AzureFirewallEgressRules}):
 *   `container-insights`, `azure-policy`, `defender-sensor`, `azure-blob-csi` (application rules) and
 *   `azure-files-smb` (network rule).
 * - network rule `custom-dns` (only with custom DNS servers): UDP/TCP 53 to those servers
 *   ("CustomDNSIP:53 (if using custom DNS servers)" in the required network rules). Servers in a
 *   peered VNet are reached over the peering route, not the firewall; the rule is then unused.
 * - `allowedFqdns` and `networkRules` of the options.
 * Not added, per the same document: UDP 1194 / TCP 9000 to AzureCloud.<region> ("isn't required for
 * private clusters, or for clusters with the konnectivity-agent enabled", and every current cluster
 * runs konnectivity over `*.hcp.<region>.azmk8s.io:443`, which the tag covers); NTP UDP 123 ("isn't
 * required for nodes provisioned after March 2021"); `vault.azure.net` for the Key Vault secrets
 * provider and `<registry>.azurecr.io` for images (KeyVaultCsi vaults and AcrIntegration registries
 * are reached through private endpoints inside the VNet, which the 0.0.0.0/0 route does not cover; a
 * `*.vault.azure.net` or `*.azurecr.io` wildcard would let pods reach any vault or registry of any
 * tenant: add your vault's or registry's FQDN to `allowedFqdns` if it has no private endpoint). No
 * FQDN is used in a network rule, so the policy's DNS proxy stays off.
 *
 * The policy: threat intelligence "Deny" and, on Premium (the default), IDPS "Deny" (AKS-NET-14).
 */
export class AzureFirewallEgress {
  /** The first public IP (the one every IP configuration list starts with). */
  public readonly publicIp: PublicIp;
  /** Every public IP of the firewall, in order (`publicIpCount`). */
  public readonly publicIps: PublicIp[];
  /** Firewall policy: threat intelligence "Deny", IDPS "Deny" on Premium (AKS-NET-14). */
  public readonly policy: FirewallPolicy;
  /** The policy's rule collection group "aks-egress" with the rules AKS and the add-ons need. */
  public readonly ruleCollectionGroup: FirewallPolicyRuleCollectionGroup;
  /** The Azure Firewall; the node subnet's default route points at its private IP. */
  public readonly firewall: Firewall;
  /** Diagnostic settings of the firewall and its public IPs (AKS-NET-15), once a workspace is known. */
  public readonly diagnostics: AzureFirewallDiagnostics;
  /** The rules the clusters of the network add to (their add-ons' egress) and the firewall's logs. */
  public readonly rules: AzureFirewallEgressRules;

  constructor(owner: Construct, inputs: AzureFirewallInputs) {
    const { options, namePrefix: prefix } = inputs;
    const common = { resourceGroupName: inputs.resourceGroupName, location: inputs.location, tags: inputs.tags };
    // Premium by default, as the AKS baseline reference implementation runs it (aks-baseline's hub
    // policy: IDPS in Deny mode) and Checkov CKV_AZURE_220 expects; Standard only by name (AKS-NET-14).
    const tier = options.skuTier ?? "Premium";
    const requestedZones = options.zones ?? ["1", "2", "3"];
    // An empty list means "no zones" (regions without availability zones): omit the attribute.
    const zones = !isUnresolved(requestedZones) && requestedZones.length === 0 ? undefined : requestedZones;
    const count = options.publicIpCount ?? 1;

    const publicIps: PublicIp[] = [];
    for (let index = 0; index < count; index++) {
      publicIps.push(
        new PublicIp(owner, index === 0 ? "FirewallPublicIp" : `FirewallPublicIp${index + 1}`, {
          ...common,
          name: index === 0 ? `pip-${prefix}-firewall` : `pip-${prefix}-firewall-${index + 1}`,
          allocationMethod: "Static",
          sku: "Standard",
          zones,
        }),
      );
    }

    const policy = new FirewallPolicy(owner, "FirewallPolicy", {
      ...common,
      name: `afwp-${prefix}`,
      sku: tier,
      // Known-malicious IPs and domains are dropped, not merely logged (Azure's default is "Alert").
      threatIntelligenceMode: "Deny",
      // Premium's reason to exist: signature-based intrusion prevention, blocking on a match
      // (azure-firewall/premium-features.md, "IDPS"). Without TLS inspection it sees headers, SNI and
      // non-TLS traffic; TLS inspection needs your own intermediate CA in a Key Vault (not configured).
      intrusionDetection: tier === "Premium" ? { mode: "Deny" } : undefined,
    });

    const ruleCollectionGroup = new FirewallPolicyRuleCollectionGroup(owner, "FirewallRules", {
      name: "aks-egress",
      firewallPolicyId: policy.id,
      priority: 200,
      applicationRuleCollection: [],
    });

    const firewall = new Firewall(owner, "Firewall", {
      ...common,
      name: `afw-${prefix}`,
      skuName: "AZFW_VNet",
      skuTier: tier,
      firewallPolicyId: policy.id,
      zones,
      // Only the first IP configuration names the subnet (provider: "one and only one ip_configuration
      // block may contain a subnet_id"); each further IP adds 2,496 SNAT ports per firewall instance.
      ipConfiguration: publicIps.map((ip, index) => ({
        name: index === 0 ? "egress" : `egress-${index + 1}`,
        subnetId: index === 0 ? inputs.subnet.id : undefined,
        publicIpAddressId: ip.id,
      })),
      // Firewall and rule collection group both update the policy; creating the firewall after the
      // rules avoids Azure's concurrent-update conflict and gives the firewall its rules from the start.
      dependsOn: [ruleCollectionGroup],
    });

    this.publicIps = publicIps;
    this.publicIp = publicIps[0];
    this.policy = policy;
    this.ruleCollectionGroup = ruleCollectionGroup;
    this.firewall = firewall;
    this.diagnostics = new AzureFirewallDiagnostics(owner, firewall, publicIps);
    this.rules = new AzureFirewallEgressRules(inputs, ruleCollectionGroup, this.diagnostics);
  }
}
