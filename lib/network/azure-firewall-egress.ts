import { Construct, IConstruct } from "constructs";
import { Fn, TerraformStack } from "cdktf";
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
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { AzureFirewallEgressOptions, ClusterEgressNeed, IFirewallEgressRules } from "./cluster-egress";
import { LOG_ANALYTICS_WORKSPACE_ID, requireResourceId } from "../util/resource-ids";
import { invalidProp, isUnresolved, normalizeLocation } from "../util/validation";
import { isIpv4Address, parseIpv4Cidr } from "../util/cidr";

// Helpers of ClusterNetwork for ClusterEgress.azureFirewall(): the firewall, its policy and the
// rules AKS and the clusters' add-ons need, and its logs. Kept out of cluster-network.ts so the
// network construct stays readable.

/** Default `AzureFirewallSubnet` block: next to ClusterNetwork's default subnets in 10.240.0.0/16. */
export const DEFAULT_FIREWALL_SUBNET_CIDR = "10.240.6.0/26";
/** Azure's minimum size of `AzureFirewallSubnet`. */
export const MIN_FIREWALL_SUBNET_PREFIX = 26;
/** The FQDN tag Azure Firewall maintains for AKS's required egress. */
export const AKS_FQDN_TAG = "AzureKubernetesService";

/**
 * FQDNs of Container Insights with managed-identity auth (SecureCluster always enables it,
 * AKS-LOG-02), from Azure Monitor "Network firewall requirements for monitoring Kubernetes cluster"
 * (azure-monitor/containers/kubernetes-monitoring-firewall.md, Azure public cloud, read 2026-12-04):
 * `*.ods` / `*.oms.opinsights.azure.com` (ingestion, agent onboarding), `dc.services.visualstudio.com`
 * (agent telemetry), `*.monitoring.azure.com` (metrics), `global.handler.control.monitor.azure.com`
 * (access control service), `<cluster-region-name>.handler.control.monitor.azure.com` (fetches the
 * cluster's data collection rules: without it the agent collects nothing) and
 * `*.ingest.monitor.azure.com` (Container Insights logs ingestion through a data collection
 * endpoint). `login.microsoftonline.com` is in the AzureKubernetesService FQDN tag.
 * `*.metrics.ingest.monitor.azure.com` (managed Prometheus) is left out: SecureCluster does not
 * enable Prometheus metrics.
 */
export function containerInsightsFqdns(region: string): string[] {
  return [
    "dc.services.visualstudio.com",
    "*.ods.opinsights.azure.com",
    "*.oms.opinsights.azure.com",
    "*.monitoring.azure.com",
    "global.handler.control.monitor.azure.com",
    `${region}.handler.control.monitor.azure.com`,
    "*.ingest.monitor.azure.com",
  ];
}

/**
 * FQDNs of the Azure Policy add-on (AKS-CLU-01), AKS "Outbound network and FQDN rules"
 * (aks/outbound-rules-control-egress.md), section "Azure Policy", Azure Global: policy definitions
 * and compliance reports, Gatekeeper artifacts, add-on telemetry.
 */
export const AZURE_POLICY_FQDNS = [
  "data.policy.core.windows.net",
  "store.policy.core.windows.net",
  "dc.services.visualstudio.com",
];

/**
 * FQDNs of the Defender for Containers sensor (AKS-DEF-02). `*.cloud.defender.microsoft.com` is
 * required since Defender for Cloud's network-requirements update for the sensor (defender-for-cloud
 * release notes, "Defender for Containers sensor requires outbound traffic to
 * *.cloud.defender.microsoft.com (HTTPS: port 443)"; defender-for-containers-network-access.md);
 * `*.ods` / `*.oms.opinsights.azure.com` from outbound-rules-control-egress.md, section "Microsoft
 * Defender for Containers" (upload of security events, workspace authentication). The third
 * FQDN there, login.microsoftonline.com, is in the AzureKubernetesService FQDN tag.
 */
export const DEFENDER_SENSOR_FQDNS = [
  "*.cloud.defender.microsoft.com",
  "*.ods.opinsights.azure.com",
  "*.oms.opinsights.azure.com",
];

/**
 * The Azure Blob CSI driver mounts with BlobFuse over HTTPS to `<account>.blob.core.windows.net`
 * (aks/azure-blob-csi.md; the storage accounts it provisions are named by the driver, so no narrower
 * name is known at synth). NFS 3.0 mounts need a private endpoint or service endpoint in the VNet and
 * never cross the firewall. Provisioning goes through ARM (management.azure.com, in the FQDN tag).
 */
export const AZURE_BLOB_CSI_FQDNS = ["*.blob.core.windows.net"];

/**
 * The Azure Files CSI driver mounts SMB shares on TCP 445 (aks/azure-files-csi.md; SMB is not HTTP,
 * so an application rule cannot carry it): a network rule to the regional `Storage.<region>` service
 * tag (virtual-network/service-tags-overview.md). Shares are created through ARM (in the FQDN tag).
 */
export function azureFilesServiceTag(region: string): string {
  return `Storage.${region}`;
}

/**
 * Resource-specific log categories of Azure Firewall (azure-monitor/reference/supported-logs/
 * microsoft-network-azurefirewalls-logs.md, read 2026-12-04), sent to the AZFW* tables
 * (`log_analytics_destination_type = "Dedicated"`). Listed one by one rather than the "allLogs"
 * group, which also holds the legacy AzureFirewall* categories that would land a second copy of the
 * same events in AzureDiagnostics (billed twice). Fat flow and flow trace log only when enabled on
 * the firewall; listing them costs nothing until then.
 */
export const AZURE_FIREWALL_LOG_CATEGORIES = [
  "AZFWApplicationRule",
  "AZFWApplicationRuleAggregation",
  "AZFWDnsQuery",
  "AZFWFatFlow",
  "AZFWFlowTrace",
  "AZFWFqdnResolveFailure",
  "AZFWIdpsSignature",
  "AZFWNatRule",
  "AZFWNatRuleAggregation",
  "AZFWNetworkRule",
  "AZFWNetworkRuleAggregation",
  "AZFWThreatIntel",
];

/** Azure Firewall takes at most 250 public IPs (azure-firewall/firewall-faq.md; Azure subscription limits, "Azure Firewall limits"). */
export const MAX_FIREWALL_PUBLIC_IPS = 250;

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
const RESERVED_NETWORK_RULE_NAMES = ["custom-dns", "azure-files-smb"];

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
    invalidProp(
      scope,
      "egress.skuTier",
      tier,
      "is not an Azure Firewall tier this construct supports",
      'use "Standard" or "Premium" (Basic needs a separate management subnet and IP and is not supported here)',
    );
  }
  const count = options.publicIpCount;
  if (count !== undefined && isUnresolved(count)) {
    // Structural, not a value: it decides how many azurerm_public_ip resources and IP configurations
    // are synthesized, which Terraform cannot change afterwards without a count expression.
    invalidProp(
      scope,
      "egress.publicIpCount",
      count,
      "is a token, but it decides how many public IP resources are synthesized",
      "pass a literal number from 1 to 250",
    );
  }
  if (
    count !== undefined &&
    !isUnresolved(count) &&
    (!Number.isInteger(count) || count < 1 || count > MAX_FIREWALL_PUBLIC_IPS)
  ) {
    invalidProp(
      scope,
      "egress.publicIpCount",
      count,
      `is outside 1-${MAX_FIREWALL_PUBLIC_IPS}, the number of public IPs an Azure Firewall takes`,
      "use 1, and add IPs only when SNAT ports run out (each IP gives 2,496 SNAT ports per firewall instance)",
    );
  }
  requireResourceId(
    scope,
    "egress.logAnalyticsWorkspaceId",
    options.logAnalyticsWorkspaceId,
    LOG_ANALYTICS_WORKSPACE_ID,
  );
  const zones = options.zones;
  if (zones !== undefined && !isUnresolved(zones)) {
    if (
      !Array.isArray(zones) ||
      zones.some((zone) => !isUnresolved(zone) && !ZONES.includes(zone)) ||
      new Set(zones).size !== zones.length
    ) {
      invalidProp(
        scope,
        "egress.zones",
        zones,
        'must be distinct availability zones out of "1", "2" and "3"',
        'use ["1", "2", "3"], or [] in regions without availability zones',
      );
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
        invalidProp(
          scope,
          `${at}.name`,
          rule.name,
          "breaks Azure's firewall rule naming rules (1-80 letters, digits, '-', '_', '.'; starts with a letter or digit; ends with a letter, digit or '_')",
          'use e.g. "api-server-tcp"',
        );
      }
      if (names.has(rule.name)) {
        invalidProp(
          scope,
          `${at}.name`,
          rule.name,
          "is already used by another network rule of the firewall policy",
          "give every network rule a distinct name",
        );
      }
      names.add(rule.name);
    }
    if (
      !isUnresolved(rule.protocols) &&
      (!Array.isArray(rule.protocols) ||
        rule.protocols.length === 0 ||
        rule.protocols.some((p) => !isUnresolved(p) && !NETWORK_PROTOCOLS.includes(p)))
    ) {
      invalidProp(
        scope,
        `${at}.protocols`,
        rule.protocols,
        'must be a non-empty list of "TCP", "UDP", "ICMP" or "Any"',
        'use e.g. ["TCP"]',
      );
    }
    if (!isUnresolved(rule.destinationAddresses)) {
      if (!Array.isArray(rule.destinationAddresses) || rule.destinationAddresses.length === 0) {
        invalidProp(
          scope,
          `${at}.destinationAddresses`,
          rule.destinationAddresses,
          "is empty",
          "list the IPv4 addresses, CIDR blocks or service tags the rule allows",
        );
      }
      for (const [i, address] of rule.destinationAddresses.entries()) {
        if (isUnresolved(address)) continue;
        if (address === "*" || address === "0.0.0.0/0") {
          invalidProp(
            scope,
            `${at}.destinationAddresses[${i}]`,
            address,
            "allows every destination, so the firewall would filter nothing for these ports",
            'name the addresses, CIDR blocks or service tags (e.g. "AzureCloud.westeurope") the traffic needs',
          );
        }
        if (
          typeof address !== "string" ||
          !(
            isIpv4Address(address) ||
            parseIpv4Cidr(address) !== undefined ||
            (!/^\d/.test(address) && SERVICE_TAG.test(address))
          )
        ) {
          invalidProp(
            scope,
            `${at}.destinationAddresses[${i}]`,
            address,
            "is not an IPv4 address, a canonical IPv4 CIDR block or a service tag",
            'use e.g. "203.0.113.10", "203.0.113.0/24" or "AzureCloud.westeurope"',
          );
        }
      }
    }
    if (!isUnresolved(rule.destinationPorts)) {
      if (
        !Array.isArray(rule.destinationPorts) ||
        rule.destinationPorts.length === 0 ||
        rule.destinationPorts.some((port) => !isUnresolved(port) && (typeof port !== "string" || !isPortOrRange(port)))
      ) {
        invalidProp(
          scope,
          `${at}.destinationPorts`,
          rule.destinationPorts,
          "must be a non-empty list of ports or port ranges within 1-65535",
          'use e.g. ["443"] or ["8000-8080"]',
        );
      }
    }
  }
}

/** What `createAzureFirewall` needs from ClusterNetwork. */
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

/** The resources `createAzureFirewall` creates. */
export interface AzureFirewallResources {
  /** The first public IP (the one every IP configuration list starts with). */
  readonly publicIp: PublicIp;
  /** Every public IP of the firewall, in order (`publicIpCount`). */
  readonly publicIps: PublicIp[];
  readonly policy: FirewallPolicy;
  readonly ruleCollectionGroup: FirewallPolicyRuleCollectionGroup;
  readonly firewall: Firewall;
  /** The rules the clusters of the network add to (their add-ons' egress) and the firewall's logs. */
  readonly rules: AzureFirewallEgressRules;
}

/** The region as it appears in Azure endpoint names ("West Europe" → "westeurope"). */
function endpointRegion(location: string): string {
  return isUnresolved(location) ? Fn.replace(Fn.lower(location), " ", "") : normalizeLocation(location);
}

/** The order in which add-on rules appear in the policy (deterministic, whatever the registration order). */
const NEED_ORDER: readonly ClusterEgressNeed[] = [
  "containerInsights",
  "azurePolicy",
  "defenderSensor",
  "azureBlobCsi",
  "azureFilesCsi",
];

/**
 * The rule collection group of a firewall created by ClusterEgress.azureFirewall(), and what the
 * clusters of the network register on it: the egress their add-ons need (SecureCluster registers
 * Container Insights, Azure Policy and the storage CSI drivers it turns on; DefenderPlan registers
 * the Defender sensor of the clusters it covers) and the workspace the firewall logs to. Rules exist
 * only for what some cluster uses: a FQDN no add-on needs is a path out that nobody watches.
 */
export class AzureFirewallEgressRules implements IFirewallEgressRules {
  private firewallLogs?: MonitorDiagnosticSetting;
  /** Diagnostic settings of the firewall's public IPs (DDoS logs and metrics), once a workspace is known. */
  public readonly publicIpDiagnosticSettings: MonitorDiagnosticSetting[] = [];
  private readonly needs = new Set<ClusterEgressNeed>();
  private readonly regions: string[] = [];

  constructor(
    private readonly scope: Construct,
    private readonly inputs: AzureFirewallInputs,
    /** The rule collection group "aks-egress". */
    public readonly ruleCollectionGroup: FirewallPolicyRuleCollectionGroup,
    private readonly firewall: Firewall,
    private readonly publicIps: PublicIp[],
  ) {
    this.update();
    if (inputs.options.logAnalyticsWorkspaceId !== undefined) this.sendLogsTo(inputs.options.logAnalyticsWorkspaceId);
  }

  /** Diagnostic setting of the firewall (AZFW* resource-specific tables), once a workspace is known. */
  public get firewallDiagnosticSetting(): MonitorDiagnosticSetting | undefined {
    return this.firewallLogs;
  }

  /** The add-ons whose egress is allowed, in policy order. */
  public get allowedNeeds(): ClusterEgressNeed[] {
    return NEED_ORDER.filter((need) => this.needs.has(need));
  }

  public allowEgress(needs: readonly ClusterEgressNeed[], location: string): void {
    const region = endpointRegion(location);
    let changed = false;
    for (const need of needs) {
      if (!this.needs.has(need)) {
        this.needs.add(need);
        changed = true;
      }
    }
    if (!this.regions.includes(region)) {
      this.regions.push(region);
      changed = true;
    }
    if (changed) this.update();
  }

  /**
   * Diagnostic settings of the firewall and its public IPs to `workspaceId` (AKS-NET-15). The first
   * workspace wins: `egress.logAnalyticsWorkspaceId` if given, else the first cluster's.
   */
  public sendLogsTo(workspaceId: string, from?: IConstruct): void {
    if (this.firewallLogs) return;
    // A workspace of another stack would make the network's stack depend on the cluster's, which
    // already depends on the network's: a cycle. Then AKS-NET-15 asks for egress.logAnalyticsWorkspaceId.
    if (from !== undefined && TerraformStack.of(from) !== TerraformStack.of(this.scope)) return;
    // Resource-specific tables (AZFWApplicationRule, AZFWThreatIntel, AZFWIdpsSignature, ...):
    // "Dedicated" is what Azure Firewall's monitoring docs recommend (firewall-structured-logs.md).
    this.firewallLogs = new MonitorDiagnosticSetting(this.scope, "FirewallDiagnostics", {
      name: "firewall-logs",
      targetResourceId: this.firewall.id,
      logAnalyticsWorkspaceId: workspaceId,
      logAnalyticsDestinationType: "Dedicated",
      enabledLog: AZURE_FIREWALL_LOG_CATEGORIES.map((category) => ({ category })),
      enabledMetric: [{ category: "AllMetrics" }],
    });
    // Public IP logs are the DDoS categories (azure-monitor supported-logs,
    // microsoft-network-publicipaddresses-logs.md): the "allLogs" group holds exactly those.
    this.publicIps.forEach((ip, index) => {
      this.publicIpDiagnosticSettings.push(
        new MonitorDiagnosticSetting(
          this.scope,
          index === 0 ? "FirewallPublicIpDiagnostics" : `FirewallPublicIp${index + 1}Diagnostics`,
          {
            name: "public-ip-logs",
            targetResourceId: ip.id,
            logAnalyticsWorkspaceId: workspaceId,
            enabledLog: [{ categoryGroup: "allLogs" }],
            enabledMetric: [{ category: "AllMetrics" }],
          },
        ),
      );
    });
  }

  private update(): void {
    const { options } = this.inputs;
    const source = [this.inputs.nodeSubnetCidr];
    const https = [{ type: "Https", port: 443 }];
    const applicationRule = (
      name: string,
      description: string,
      target: Partial<FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule>,
    ): FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule => ({
      name,
      description,
      sourceAddresses: source,
      protocols: https,
      ...target,
    });
    const required: FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule[] = [
      applicationRule(
        "aks-fqdn-tag",
        "AKS required egress: API server, MCR, ARM, Entra ID, OS packages, CNI binaries (FQDN tag, maintained by Azure)",
        { destinationFqdnTags: [AKS_FQDN_TAG] },
      ),
    ];
    const networkRules: FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule[] = [];
    const dnsServers = this.inputs.dnsServers ?? [];
    if (isUnresolved(dnsServers) || dnsServers.length > 0) {
      networkRules.push({
        name: "custom-dns",
        description: "Nodes resolve names through the VNet's custom DNS servers",
        protocols: ["UDP", "TCP"],
        sourceAddresses: source,
        destinationAddresses: dnsServers,
        destinationPorts: ["53"],
      });
    }
    for (const need of this.allowedNeeds) {
      switch (need) {
        case "containerInsights":
          required.push(
            applicationRule(
              "container-insights",
              "Container Insights with managed-identity auth: Log Analytics ingestion, data collection rules (global and regional handler), metrics, agent telemetry",
              {
                destinationFqdns: unique(this.regions.flatMap(containerInsightsFqdns)),
              },
            ),
          );
          break;
        case "azurePolicy":
          required.push(
            applicationRule(
              "azure-policy",
              "Azure Policy add-on: policy definitions, Gatekeeper artifacts, compliance reports",
              { destinationFqdns: AZURE_POLICY_FQDNS },
            ),
          );
          break;
        case "defenderSensor":
          required.push(
            applicationRule(
              "defender-sensor",
              "Defender for Containers sensor: security events and Defender for Cloud endpoints",
              { destinationFqdns: DEFENDER_SENSOR_FQDNS },
            ),
          );
          break;
        case "azureBlobCsi":
          required.push(
            applicationRule("azure-blob-csi", "Azure Blob CSI driver: BlobFuse mounts over HTTPS", {
              destinationFqdns: AZURE_BLOB_CSI_FQDNS,
            }),
          );
          break;
        case "azureFilesCsi":
          networkRules.push({
            name: "azure-files-smb",
            description: "Azure Files CSI driver: SMB mounts of the region's storage accounts",
            protocols: ["TCP"],
            sourceAddresses: source,
            destinationAddresses: unique(this.regions.map(azureFilesServiceTag)),
            destinationPorts: ["445"],
          });
          break;
      }
    }
    const applicationCollections: FirewallPolicyRuleCollectionGroupApplicationRuleCollection[] = [
      { name: "aks-required", priority: 200, action: "Allow", rule: required },
    ];
    const allowedFqdns = options.allowedFqdns ?? [];
    if (isUnresolved(allowedFqdns) || allowedFqdns.length > 0) {
      applicationCollections.push({
        name: "allowed-fqdns",
        priority: 300,
        action: "Allow",
        rule: [
          applicationRule("allowed-fqdns", "FQDNs allowed by ClusterEgress.azureFirewall({ allowedFqdns })", {
            destinationFqdns: allowedFqdns,
          }),
        ],
      });
    }
    for (const rule of options.networkRules ?? []) {
      networkRules.push({
        name: rule.name,
        description: rule.description,
        protocols: rule.protocols,
        sourceAddresses: source,
        destinationAddresses: rule.destinationAddresses,
        destinationPorts: rule.destinationPorts,
      });
    }
    this.ruleCollectionGroup.putApplicationRuleCollection(applicationCollections);
    if (networkRules.length > 0)
      this.ruleCollectionGroup.putNetworkRuleCollection([
        { name: "aks-network", priority: 100, action: "Allow", rule: networkRules },
      ]);
    else this.ruleCollectionGroup.resetNetworkRuleCollection();
  }
}

function unique(values: string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) === index);
}

/**
 * Creates the firewall, its public IP(s), its policy and the rule collection group in `scope`
 * (ClusterNetwork). The rules, all from the node subnet:
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
export function createAzureFirewall(scope: Construct, inputs: AzureFirewallInputs): AzureFirewallResources {
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
      new PublicIp(scope, index === 0 ? "FirewallPublicIp" : `FirewallPublicIp${index + 1}`, {
        ...common,
        name: index === 0 ? `pip-${prefix}-firewall` : `pip-${prefix}-firewall-${index + 1}`,
        allocationMethod: "Static",
        sku: "Standard",
        zones,
      }),
    );
  }

  const policy = new FirewallPolicy(scope, "FirewallPolicy", {
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

  const ruleCollectionGroup = new FirewallPolicyRuleCollectionGroup(scope, "FirewallRules", {
    name: "aks-egress",
    firewallPolicyId: policy.id,
    priority: 200,
    applicationRuleCollection: [],
  });

  const firewall = new Firewall(scope, "Firewall", {
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

  const rules = new AzureFirewallEgressRules(scope, inputs, ruleCollectionGroup, firewall, publicIps);
  return { publicIp: publicIps[0], publicIps, policy, ruleCollectionGroup, firewall, rules };
}
