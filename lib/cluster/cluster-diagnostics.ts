import { Construct, IConstruct } from "constructs";
import { Fn } from "cdktf";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import { derivedName } from "./derived-name";
import { isListToken, isUnresolved, requireOneOf } from "../util/validation";

/** Control-plane log categories that are always on (AKS-LOG-01, plus node and controller actions). */
const ALWAYS_LOGS = ["kube-audit-admin", "guard", "kube-controller-manager", "cluster-autoscaler"];
const AKS_LOG_CATEGORIES = [
  "cloud-controller-manager",
  "cluster-autoscaler",
  "csi-azuredisk-controller",
  "csi-azurefile-controller",
  "csi-snapshot-controller",
  "fleet-mcs-controller-manager",
  "fleet-member-agent",
  "fleet-member-net-controller-manager",
  "guard",
  "kube-apiserver",
  "kube-audit",
  "kube-audit-admin",
  "kube-controller-manager",
  "kube-scheduler",
];

/** The control-plane log categories: those known at synth, plus a list token whose categories Terraform adds. */
export interface ClusterLogCategories {
  readonly fixed: string[];
  readonly dynamic?: string[];
}

/**
 * Checks `additionalLogCategories` and adds the categories that are always on. A list token cannot
 * be checked here (its values are unknown) and cannot be expanded into blocks at synth, so it
 * becomes a dynamic block.
 */
export function resolveLogCategories(scope: IConstruct, additional: string[]): ClusterLogCategories {
  if (isListToken(additional)) return { fixed: [...ALWAYS_LOGS], dynamic: additional };
  for (const category of additional) {
    requireOneOf(scope, "additionalLogCategories", category, AKS_LOG_CATEGORIES, {
      problem: "is not an AKS control-plane log category",
      fix: `use one of ${AKS_LOG_CATEGORIES.join(", ")}`,
    });
  }
  const all = [...ALWAYS_LOGS];
  for (const category of additional) if (!all.includes(category)) all.push(category);
  return { fixed: all };
}

/** What {@link ClusterDiagnostics} needs: the cluster resource and the checked log settings. */
export interface ClusterDiagnosticsProps {
  /** The cluster whose logs are collected. */
  readonly cluster: KubernetesCluster;
  readonly clusterName: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** An existing workspace; undefined creates "log-<clusterName>". */
  readonly logAnalyticsWorkspaceId?: string;
  /** Region of the existing workspace, where the data collection rule must be. */
  readonly logAnalyticsWorkspaceLocation?: string;
  /** Retention of the created workspace. */
  readonly logRetentionInDays: number;
  readonly logCategories: ClusterLogCategories;
  readonly tags?: Record<string, string>;
}

/**
 * The cluster's logs (AKS-LOG-01/02): a Log Analytics workspace unless one is given, the
 * control-plane diagnostic setting, and Container Insights with managed-identity auth (it sets the
 * cluster resource's `oms_agent`, since the workspace is chosen here) and its data collection rule.
 * Its resources belong to the owner (SecureCluster), at the construct paths they always had.
 */
export class ClusterDiagnostics {
  /** The created workspace; undefined when a workspace id was given. */
  public readonly logAnalyticsWorkspace?: LogAnalyticsWorkspace;
  /** The workspace receiving control-plane logs and Container Insights. */
  public readonly logAnalyticsWorkspaceId: string;
  /** Control-plane diagnostic setting (AKS-LOG-01). */
  public readonly diagnosticSetting: MonitorDiagnosticSetting;
  /** Container Insights data collection rule (AKS-LOG-02). */
  public readonly containerInsightsDataCollectionRule: MonitorDataCollectionRule;
  /** Association of the data collection rule with the cluster. */
  public readonly containerInsightsDataCollectionRuleAssociation: MonitorDataCollectionRuleAssociation;

  constructor(owner: Construct, props: ClusterDiagnosticsProps) {
    const { cluster, clusterName, resourceGroupName, location, tags } = props;
    if (props.logAnalyticsWorkspaceId === undefined) {
      this.logAnalyticsWorkspace = new LogAnalyticsWorkspace(owner, "LogAnalytics", {
        // Workspace names allow no '_' and at most 63 characters (provider validate.LogAnalyticsWorkspaceName).
        name: derivedName(
          "log-",
          isUnresolved(clusterName) ? Fn.replace(clusterName, "_", "-") : clusterName.replace(/_/g, "-"),
          63,
        ),
        resourceGroupName,
        location,
        sku: "PerGB2018",
        retentionInDays: props.logRetentionInDays,
        // Ingestion and queries with Entra tokens only (Container Insights uses MSI auth).
        localAuthenticationEnabled: false,
        tags,
      });
    }
    const workspaceId = props.logAnalyticsWorkspaceId ?? this.logAnalyticsWorkspace!.id;
    this.logAnalyticsWorkspaceId = workspaceId;

    // Container Insights with managed-identity auth (AKS-LOG-02).
    cluster.putOmsAgent({ logAnalyticsWorkspaceId: workspaceId, msiAuthForMonitoringEnabled: true });

    // Control-plane logs (AKS-LOG-01), resource-specific tables.
    this.diagnosticSetting = new MonitorDiagnosticSetting(owner, "ControlPlaneLogs", {
      name: "aks-control-plane-logs",
      targetResourceId: cluster.id,
      logAnalyticsWorkspaceId: workspaceId,
      logAnalyticsDestinationType: "Dedicated",
      enabledLog: props.logCategories.fixed.map((category) => ({ category })),
    });
    if (props.logCategories.dynamic !== undefined) {
      // A list token cannot be expanded at synth: Terraform adds one block per extra category.
      this.diagnosticSetting.addOverride("dynamic.enabled_log", {
        for_each: Fn.setsubtract(props.logCategories.dynamic, ALWAYS_LOGS),
        content: { category: "${enabled_log.value}" },
      });
    }

    // MSI-auth Container Insights collects nothing until a data collection rule is associated
    // (the CLI creates one; ARM/Terraform must).
    this.containerInsightsDataCollectionRule = new MonitorDataCollectionRule(owner, "ContainerInsightsRule", {
      // Data collection rule names allow at most 64 characters.
      name: derivedName("MSCI-", clusterName, 64),
      resourceGroupName,
      location: props.logAnalyticsWorkspaceLocation ?? location,
      description: "Container Insights data collection for the AKS cluster (AKS-LOG-02)",
      destinations: { logAnalytics: [{ name: "ciworkspace", workspaceResourceId: workspaceId }] },
      dataFlow: [{ streams: ["Microsoft-ContainerInsights-Group-Default"], destinations: ["ciworkspace"] }],
      dataSources: {
        extension: [
          {
            name: "ContainerInsightsExtension",
            extensionName: "ContainerInsights",
            streams: ["Microsoft-ContainerInsights-Group-Default"],
            extensionJson: JSON.stringify({
              dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true },
            }),
          },
        ],
      },
      tags,
    });
    this.containerInsightsDataCollectionRuleAssociation = new MonitorDataCollectionRuleAssociation(
      owner,
      "ContainerInsightsAssociation",
      {
        name: "ContainerInsightsExtension",
        targetResourceId: cluster.id,
        dataCollectionRuleId: this.containerInsightsDataCollectionRule.id,
        description: "Deleting this association stops Container Insights data collection for the cluster.",
      },
    );
  }
}
