import { IConstruct } from "constructs";
import { Fn } from "cdktf";
import {
  FirewallPolicyRuleCollectionGroup,
  FirewallPolicyRuleCollectionGroupApplicationRuleCollection,
  FirewallPolicyRuleCollectionGroupApplicationRuleCollectionRule,
  FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule,
} from "@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { ClusterEgressNeed, IFirewallEgressRules } from "./cluster-egress";
import { AzureFirewallDiagnostics } from "./azure-firewall-diagnostics";
import type { AzureFirewallInputs } from "./azure-firewall";
import { isUnresolved, normalizeLocation } from "../util/validation";

// The egress ClusterEgress.azureFirewall() allows: what AKS and each add-on needs (with the Microsoft
// sources), and the rule collection group the clusters of the network register their add-ons on.
// The firewall itself is created in azure-firewall.ts, its logs in azure-firewall-diagnostics.ts.

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
  /** Diagnostic settings of the firewall's public IPs (DDoS logs and metrics), once a workspace is known. */
  public readonly publicIpDiagnosticSettings: MonitorDiagnosticSetting[];
  private readonly needs = new Set<ClusterEgressNeed>();
  private readonly regions: string[] = [];

  constructor(
    private readonly inputs: AzureFirewallInputs,
    /** The rule collection group "aks-egress". */
    public readonly ruleCollectionGroup: FirewallPolicyRuleCollectionGroup,
    /** The firewall's and its public IPs' diagnostic settings. */
    public readonly diagnostics: AzureFirewallDiagnostics,
  ) {
    this.publicIpDiagnosticSettings = diagnostics.publicIpDiagnosticSettings;
    this.update();
    if (inputs.options.logAnalyticsWorkspaceId !== undefined) this.sendLogsTo(inputs.options.logAnalyticsWorkspaceId);
  }

  /** Diagnostic setting of the firewall (AZFW* resource-specific tables), once a workspace is known. */
  public get firewallDiagnosticSetting(): MonitorDiagnosticSetting | undefined {
    return this.diagnostics.firewallDiagnosticSetting;
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
    this.diagnostics.sendLogsTo(workspaceId, from);
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
