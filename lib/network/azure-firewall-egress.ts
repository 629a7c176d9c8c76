import { Construct } from "constructs";
import { Fn } from "cdktf";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { FirewallPolicy } from "@cdktf/provider-azurerm/lib/firewall-policy";
import {
  FirewallPolicyRuleCollectionGroup,
  FirewallPolicyRuleCollectionGroupApplicationRuleCollection,
  FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule,
  FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule,
} from "@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group";
import { Firewall } from "@cdktf/provider-azurerm/lib/firewall";
import { AzureFirewallEgressOptions } from "./cluster-egress";
import { invalidProp, isUnresolved, normalizeLocation } from "../util/validation";
import { isIpv4Address, parseIpv4Cidr } from "../util/cidr";

// Helpers of ClusterNetwork for ClusterEgress.azureFirewall(): the firewall, its policy and the
// rules AKS needs. Kept out of cluster-network.ts so the network construct stays readable.

/** Default `AzureFirewallSubnet` block: next to ClusterNetwork's default subnets in 10.240.0.0/16. */
export const DEFAULT_FIREWALL_SUBNET_CIDR = "10.240.6.0/26";
/** Azure's minimum size of `AzureFirewallSubnet`. */
export const MIN_FIREWALL_SUBNET_PREFIX = 26;
/** The FQDN tag Azure Firewall maintains for AKS's required egress. */
export const AKS_FQDN_TAG = "AzureKubernetesService";

/**
 * FQDNs of Container Insights with managed-identity auth (SecureCluster always enables it,
 * AKS-LOG-02), from AKS "Outbound network and FQDN rules" (outbound-rules-control-egress.md),
 * section "Azure Monitor for containers", Azure Global. The same *.ods / *.oms endpoints are the
 * ones the Defender sensor needs (section "Microsoft Defender for Containers"; its third FQDN,
 * login.microsoftonline.com, is in the AzureKubernetesService tag). `<region>.ingest.monitor.azure.com`
 * (managed Prometheus) is left out: SecureCluster does not enable Prometheus metrics.
 */
export function containerInsightsFqdns(region: string): string[] {
  return ["dc.services.visualstudio.com", "*.ods.opinsights.azure.com", "*.oms.opinsights.azure.com", "*.monitoring.azure.com", `${region}.handler.control.monitor.azure.com`];
}

/** FQDNs of the Azure Policy add-on (AKS-POD-02), same document, section "Azure Policy", Azure Global. */
export const AZURE_POLICY_FQDNS = ["data.policy.core.windows.net", "store.policy.core.windows.net", "dc.services.visualstudio.com"];

/** Firewall policy rule and rule collection group names (provider: validate.FirewallPolicyRuleName). */
const RULE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;
/** A host name or a "*."-wildcard host name, as Azure Firewall application rules take them. */
const FQDN = /^(?:\*\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]$/;
/** A service tag such as "AzureCloud" or "AzureCloud.westeurope". */
const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)?$/;
const NETWORK_PROTOCOLS = ["TCP", "UDP", "ICMP", "Any"];
const TIERS = ["Standard", "Premium"];
const ZONES = ["1", "2", "3"];
/** Names of the rules this library adds; user network rules may not reuse them. */
const RESERVED_NETWORK_RULE_NAMES = ["custom-dns"];

function isPort(text: string): boolean {
  if (!/^\d{1,5}$/.test(text)) return false;
  const port = Number(text);
  return port >= 1 && port <= 65535;
}

function isPortOrRange(text: string): boolean {
  const parts = text.split("-");
  if (parts.length === 1) return isPort(parts[0]);
  return parts.length === 2 && isPort(parts[0]) && isPort(parts[1]) && Number(parts[0]) <= Number(parts[1]);
}

/** Validates the options of ClusterEgress.azureFirewall() (the subnet is checked with the other subnets). */
export function validateAzureFirewallOptions(scope: Construct, options: AzureFirewallEgressOptions): void {
  const tier = options.skuTier;
  if (tier !== undefined && !isUnresolved(tier) && !TIERS.includes(tier)) {
    invalidProp(scope, "egress.skuTier", tier, "is not an Azure Firewall tier this construct supports", 'use "Standard" or "Premium" (Basic needs a separate management subnet and IP and is not supported here)');
  }
  const zones = options.zones;
  if (zones !== undefined && !isUnresolved(zones)) {
    if (!Array.isArray(zones) || zones.some((zone) => !isUnresolved(zone) && !ZONES.includes(zone)) || new Set(zones).size !== zones.length) {
      invalidProp(scope, "egress.zones", zones, 'must be distinct availability zones out of "1", "2" and "3"', 'use ["1", "2", "3"], or [] in regions without availability zones');
    }
  }
  const fqdns = options.allowedFqdns ?? [];
  if (!isUnresolved(fqdns)) {
    for (const [index, fqdn] of fqdns.entries()) {
      if (isUnresolved(fqdn)) continue;
      if (typeof fqdn !== "string" || !FQDN.test(fqdn)) {
        invalidProp(
          scope,
          `egress.allowedFqdns[${index}]`,
          fqdn,
          'is not a host name or a "*."-wildcard host name (no scheme, path, port or bare "*")',
          'write it like "ghcr.io" or "*.blob.core.windows.net"; every other destination stays denied',
        );
      }
    }
  }
  const names = new Set<string>(RESERVED_NETWORK_RULE_NAMES);
  for (const [index, rule] of (options.networkRules ?? []).entries()) {
    const at = `egress.networkRules[${index}]`;
    if (!isUnresolved(rule.name)) {
      if (typeof rule.name !== "string" || !RULE_NAME.test(rule.name)) {
        invalidProp(scope, `${at}.name`, rule.name, "breaks Azure's firewall rule naming rules (1-80 letters, digits, '-', '_', '.'; starts with a letter or digit; ends with a letter, digit or '_')", 'use e.g. "api-server-tcp"');
      }
      if (names.has(rule.name)) {
        invalidProp(scope, `${at}.name`, rule.name, "is already used by another network rule of the firewall policy", "give every network rule a distinct name");
      }
      names.add(rule.name);
    }
    if (!isUnresolved(rule.protocols) && (!Array.isArray(rule.protocols) || rule.protocols.length === 0 || rule.protocols.some((p) => !isUnresolved(p) && !NETWORK_PROTOCOLS.includes(p)))) {
      invalidProp(scope, `${at}.protocols`, rule.protocols, 'must be a non-empty list of "TCP", "UDP", "ICMP" or "Any"', 'use e.g. ["TCP"]');
    }
    if (!isUnresolved(rule.destinationAddresses)) {
      if (!Array.isArray(rule.destinationAddresses) || rule.destinationAddresses.length === 0) {
        invalidProp(scope, `${at}.destinationAddresses`, rule.destinationAddresses, "is empty", "list the IPv4 addresses, CIDR blocks or service tags the rule allows");
      }
      for (const [i, address] of rule.destinationAddresses.entries()) {
        if (isUnresolved(address)) continue;
        if (address === "*" || address === "0.0.0.0/0") {
          invalidProp(scope, `${at}.destinationAddresses[${i}]`, address, "allows every destination, so the firewall would filter nothing for these ports", "name the addresses, CIDR blocks or service tags (e.g. \"AzureCloud.westeurope\") the traffic needs");
        }
        if (typeof address !== "string" || !(isIpv4Address(address) || parseIpv4Cidr(address) !== undefined || (!/^\d/.test(address) && SERVICE_TAG.test(address)))) {
          invalidProp(scope, `${at}.destinationAddresses[${i}]`, address, "is not an IPv4 address, a canonical IPv4 CIDR block or a service tag", 'use e.g. "203.0.113.10", "203.0.113.0/24" or "AzureCloud.westeurope"');
        }
      }
    }
    if (!isUnresolved(rule.destinationPorts)) {
      if (!Array.isArray(rule.destinationPorts) || rule.destinationPorts.length === 0 || rule.destinationPorts.some((port) => !isUnresolved(port) && (typeof port !== "string" || !isPortOrRange(port)))) {
        invalidProp(scope, `${at}.destinationPorts`, rule.destinationPorts, "must be a non-empty list of ports or port ranges within 1-65535", 'use e.g. ["443"] or ["8000-8080"]');
      }
    }
  }
}

/** What {@link createAzureFirewall} needs from ClusterNetwork. */
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

/** The resources {@link createAzureFirewall} creates. */
export interface AzureFirewallResources {
  readonly publicIp: PublicIp;
  readonly policy: FirewallPolicy;
  readonly ruleCollectionGroup: FirewallPolicyRuleCollectionGroup;
  readonly firewall: Firewall;
}

/** The region as it appears in Azure endpoint names ("West Europe" → "westeurope"). */
function endpointRegion(location: string): string {
  return isUnresolved(location) ? Fn.replace(Fn.lower(location), " ", "") : normalizeLocation(location);
}

/**
 * Creates the firewall, its public IP, its policy and the rule collection group with the egress
 * AKS needs, in `scope` (ClusterNetwork). The rules, all from the node subnet:
 * - application rule `aks-fqdn-tag`: FQDN tag AzureKubernetesService over HTTPS 443 (AKS
 *   "Limit network traffic with Azure Firewall", limit-egress-traffic.md; the tag holds every FQDN of
 *   "Azure Global required FQDN / application rules" in outbound-rules-control-egress.md: API server
 *   `*.hcp.<region>.azmk8s.io`, MCR, management.azure.com, login.microsoftonline.com (also used by
 *   workload identity), packages.microsoft.com, acs-mirror.azureedge.net). All of them are HTTPS 443,
 *   so port 80 is not opened (as in the AKS baseline reference implementation's hub policy).
 * - application rule `container-insights`: {@link containerInsightsFqdns}.
 * - application rule `azure-policy`: {@link AZURE_POLICY_FQDNS}.
 * - network rule `custom-dns` (only with custom DNS servers): UDP/TCP 53 to those servers
 *   ("CustomDNSIP:53 (if using custom DNS servers)" in the required network rules). Servers in a
 *   peered VNet are reached over the peering route, not the firewall; the rule is then unused.
 * - `allowedFqdns` and `networkRules` of the options.
 * Not added, per the same document: UDP 1194 / TCP 9000 to AzureCloud.<region> ("isn't required for
 * private clusters, or for clusters with the konnectivity-agent enabled", and every current cluster
 * runs konnectivity over `*.hcp.<region>.azmk8s.io:443`, which the tag covers); NTP UDP 123 ("isn't
 * required for nodes provisioned after March 2021"); `vault.azure.net` for the Key Vault secrets
 * provider (KeyVaultCsi vaults are reached through a private endpoint inside the VNet, which the
 * 0.0.0.0/0 route does not cover; a `*.vault.azure.net` wildcard would let pods reach any vault of any
 * tenant: add your vault's FQDN to `allowedFqdns` if it has no private endpoint). No FQDN is used
 * in a network rule, so the policy's DNS proxy stays off.
 */
export function createAzureFirewall(scope: Construct, inputs: AzureFirewallInputs): AzureFirewallResources {
  const { options, namePrefix: prefix } = inputs;
  const common = { resourceGroupName: inputs.resourceGroupName, location: inputs.location, tags: inputs.tags };
  const tier = options.skuTier ?? "Standard";
  const requestedZones = options.zones ?? ["1", "2", "3"];
  // An empty list means "no zones" (regions without availability zones): omit the attribute.
  const zones = !isUnresolved(requestedZones) && requestedZones.length === 0 ? undefined : requestedZones;

  const publicIp = new PublicIp(scope, "FirewallPublicIp", {
    ...common,
    name: `pip-${prefix}-firewall`,
    allocationMethod: "Static",
    sku: "Standard",
    zones,
  });

  const policy = new FirewallPolicy(scope, "FirewallPolicy", {
    ...common,
    name: `afwp-${prefix}`,
    sku: tier,
    // Known-malicious IPs and domains are dropped, not merely logged.
    threatIntelligenceMode: "Deny",
    // Premium's reason to exist: signature-based intrusion prevention, blocking on a match.
    intrusionDetection: tier === "Premium" ? { mode: "Deny" } : undefined,
  });

  const source = [inputs.nodeSubnetCidr];
  const https = [{ type: "Https", port: 443 }];
  const applicationRule = (name: string, description: string, target: Partial<FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule>): FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule => ({
    name,
    description,
    sourceAddresses: source,
    protocols: https,
    ...target,
  });
  const applicationCollections: FirewallPolicyRuleCollectionGroupApplicationRuleCollection[] = [
    {
      name: "aks-required",
      priority: 200,
      action: "Allow",
      rule: [
        applicationRule("aks-fqdn-tag", "AKS required egress: API server, MCR, ARM, Entra ID, OS packages, CNI binaries (FQDN tag, maintained by Azure)", { destinationFqdnTags: [AKS_FQDN_TAG] }),
        applicationRule("container-insights", "Container Insights with managed-identity auth and the Defender sensor: Log Analytics ingestion, DCR, metrics, agent telemetry", {
          destinationFqdns: containerInsightsFqdns(endpointRegion(inputs.location)),
        }),
        applicationRule("azure-policy", "Azure Policy add-on: policy definitions, Gatekeeper artifacts, compliance telemetry", { destinationFqdns: AZURE_POLICY_FQDNS }),
      ],
    },
  ];
  const allowedFqdns = options.allowedFqdns ?? [];
  if (isUnresolved(allowedFqdns) || allowedFqdns.length > 0) {
    applicationCollections.push({
      name: "allowed-fqdns",
      priority: 300,
      action: "Allow",
      rule: [applicationRule("allowed-fqdns", "FQDNs allowed by ClusterEgress.azureFirewall({ allowedFqdns })", { destinationFqdns: allowedFqdns })],
    });
  }
  const networkRules: FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule[] = [];
  const dnsServers = inputs.dnsServers ?? [];
  if (isUnresolved(dnsServers) || dnsServers.length > 0) {
    networkRules.push({ name: "custom-dns", description: "Nodes resolve names through the VNet's custom DNS servers", protocols: ["UDP", "TCP"], sourceAddresses: source, destinationAddresses: dnsServers, destinationPorts: ["53"] });
  }
  for (const rule of options.networkRules ?? []) {
    networkRules.push({ name: rule.name, description: rule.description, protocols: rule.protocols, sourceAddresses: source, destinationAddresses: rule.destinationAddresses, destinationPorts: rule.destinationPorts });
  }

  const ruleCollectionGroup = new FirewallPolicyRuleCollectionGroup(scope, "FirewallRules", {
    name: "aks-egress",
    firewallPolicyId: policy.id,
    priority: 200,
    applicationRuleCollection: applicationCollections,
    networkRuleCollection: networkRules.length > 0 ? [{ name: "aks-network", priority: 100, action: "Allow", rule: networkRules }] : undefined,
  });

  const firewall = new Firewall(scope, "Firewall", {
    ...common,
    name: `afw-${prefix}`,
    skuName: "AZFW_VNet",
    skuTier: tier,
    firewallPolicyId: policy.id,
    zones,
    ipConfiguration: [{ name: "egress", subnetId: inputs.subnet.id, publicIpAddressId: publicIp.id }],
    // Firewall and rule collection group both update the policy; creating the firewall after the
    // rules avoids Azure's concurrent-update conflict and gives the firewall its rules from the start.
    dependsOn: [ruleCollectionGroup],
  });

  return { publicIp, policy, ruleCollectionGroup, firewall };
}
