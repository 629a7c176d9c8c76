import { Construct, IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Firewall } from "@cdktf/provider-azurerm/lib/firewall";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";

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

/**
 * The diagnostic settings of a firewall created by ClusterEgress.azureFirewall() and of its public
 * IPs (AKS-NET-15), created in `owner` (ClusterNetwork) once a workspace is known: the first
 * workspace wins.
 */
export class AzureFirewallDiagnostics {
  /** Diagnostic settings of the firewall's public IPs (DDoS logs and metrics), once a workspace is known. */
  public readonly publicIpDiagnosticSettings: MonitorDiagnosticSetting[] = [];
  private firewallLogs?: MonitorDiagnosticSetting;

  constructor(
    private readonly owner: Construct,
    private readonly firewall: Firewall,
    private readonly publicIps: PublicIp[],
  ) {}

  /** Diagnostic setting of the firewall (AZFW* resource-specific tables), once a workspace is known. */
  public get firewallDiagnosticSetting(): MonitorDiagnosticSetting | undefined {
    return this.firewallLogs;
  }

  /**
   * Diagnostic settings of the firewall and its public IPs to `workspaceId` (AKS-NET-15). The first
   * workspace wins: `egress.logAnalyticsWorkspaceId` if given, else the first cluster's.
   */
  public sendLogsTo(workspaceId: string, from?: IConstruct): void {
    if (this.firewallLogs) return;
    // A workspace of another stack would make the network's stack depend on the cluster's, which
    // already depends on the network's: a cycle. Then AKS-NET-15 asks for egress.logAnalyticsWorkspaceId.
    if (from !== undefined && TerraformStack.of(from) !== TerraformStack.of(this.owner)) return;
    // Resource-specific tables (AZFWApplicationRule, AZFWThreatIntel, AZFWIdpsSignature, ...):
    // "Dedicated" is what Azure Firewall's monitoring docs recommend (firewall-structured-logs.md).
    this.firewallLogs = new MonitorDiagnosticSetting(this.owner, "FirewallDiagnostics", {
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
          this.owner,
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
}
