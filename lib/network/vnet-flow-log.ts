import { Construct } from "constructs";
import { NetworkWatcherFlowLog } from "@cdktf/provider-azurerm/lib/network-watcher-flow-log";
import {
  LOG_ANALYTICS_WORKSPACE_ID,
  STORAGE_ACCOUNT_ID,
  VIRTUAL_NETWORK_ID,
  requireResourceId,
} from "../util/resource-ids";
import {
  invalidProp,
  isUnresolved,
  isUuid,
  normalizeLocation,
  requireIntInRange,
  requireLocation,
  requireOneOf,
  withResolved,
} from "../util/validation";
import { SecurityBaseline } from "../baseline/security-baseline";

/** Flow log names: 1-80 characters, letters, digits, '_', '.', '-', ending with a letter, digit or '_' (ARM naming rules for Microsoft.Network). */
const FLOW_LOG_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;

/** Traffic analytics of a flow log: processed flows in a Log Analytics workspace. */
export interface VnetFlowLogTrafficAnalytics {
  /** Resource id of the workspace (azurerm_log_analytics_workspace.id). */
  readonly workspaceResourceId: string;
  /** The workspace's GUID (azurerm_log_analytics_workspace.workspace_id), not its resource id. */
  readonly workspaceId: string;
  /** Region of the workspace, e.g. "westeurope". */
  readonly workspaceRegion: string;
  /**
   * How often flows are processed: 10 or 60 minutes.
   *
   * @default 10 (an exfiltration attempt shows within minutes, not an hour)
   */
  readonly intervalInMinutes?: 10 | 60;
}

/** Props of {@link VnetFlowLog}. */
export interface VnetFlowLogProps {
  /** The VNet to log, e.g. ClusterNetwork.virtualNetworkId. */
  readonly virtualNetworkId: string;
  /** Region of the VNet: a flow log lives in its region's Network Watcher. */
  readonly location: string;
  /**
   * Flow log name, unique within the region's Network Watcher (one watcher per subscription and
   * region serves every VNet there), e.g. "fl-vnet-aks-prod-weu".
   */
  readonly name: string;
  /**
   * Storage account receiving the flow records, in the VNet's region (Network Watcher writes only
   * to a storage account of the flow log's region; network-watcher/vnet-flow-logs-overview.md).
   * Bring your own: a general-purpose v2 account reserved for flow logs (the provider writes a
   * lifecycle management rule for the retention that replaces the account's other rules).
   */
  readonly storageAccountId: string;
  /**
   * Days the records are kept in the storage account; 0 keeps them forever.
   *
   * @default 90 (long enough to investigate an incident, as the cluster's logs; AKS-LOG-01)
   */
  readonly retentionDays?: number;
  /**
   * Traffic analytics into a Log Analytics workspace (the cluster's, to see flows beside its logs).
   *
   * @default - none (records stay in the storage account only)
   */
  readonly trafficAnalytics?: VnetFlowLogTrafficAnalytics;
  /**
   * Network Watcher of the region. Azure creates "NetworkWatcher_<region>" in "NetworkWatcherRG"
   * when the first VNet of a subscription's region is created, unless that was turned off
   * (network-watcher/network-watcher-create.md).
   *
   * @default "NetworkWatcher_<region>"
   */
  readonly networkWatcherName?: string;
  /**
   * Resource group of the Network Watcher; the flow log resource lives there.
   *
   * @default "NetworkWatcherRG"
   */
  readonly networkWatcherResourceGroupName?: string;
  /**
   * Tags of the flow log.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A VNet flow log (Network Watcher): every flow in and out of the VNet's subnets, east-west included,
 * with the rule that allowed or denied it. Microsoft's replacement for NSG flow logs, which can no
 * longer be created since 2025-06-30 and retire on 2027-09-30 (network-watcher/nsg-flow-logs-overview.md).
 * Opt-in: it needs a storage account and the region's Network Watcher, and is billed per GB
 * collected (and per GB processed with traffic analytics). The egress firewall's AZFW* logs already
 * record every flow that leaves the VNet (AKS-NET-15).
 */
export class VnetFlowLog extends Construct {
  /** The `azurerm_network_watcher_flow_log` targeting the VNet. */
  public readonly flowLog: NetworkWatcherFlowLog;

  constructor(scope: Construct, id: string, props: VnetFlowLogProps) {
    super(scope, id);
    SecurityBaseline.apply(this);
    requireResourceId(this, "virtualNetworkId", props.virtualNetworkId, VIRTUAL_NETWORK_ID);
    requireResourceId(this, "storageAccountId", props.storageAccountId, STORAGE_ACCOUNT_ID);
    requireLocation(this, "location", props.location);
    withResolved(props.name, (name) => {
      if (FLOW_LOG_NAME.test(name)) return;
      invalidProp(
        this,
        "name",
        name,
        "breaks Azure's naming rules for flow logs (1-80 letters, digits, '_', '.', '-'; starts with a letter or digit; ends with a letter, digit or '_')",
        'use e.g. "fl-vnet-aks-prod-weu"',
      );
    });
    const retentionDays = props.retentionDays ?? 90;
    requireIntInRange(this, "retentionDays", retentionDays, 0, 365, {
      problem: "is outside 0-365 days",
      fix: "use e.g. 90, or 0 to keep the records forever",
    });
    const analytics = props.trafficAnalytics;
    if (analytics) {
      requireResourceId(
        this,
        "trafficAnalytics.workspaceResourceId",
        analytics.workspaceResourceId,
        LOG_ANALYTICS_WORKSPACE_ID,
      );
      withResolved(analytics.workspaceId, (workspaceId) => {
        if (isUuid(workspaceId)) return;
        invalidProp(
          this,
          "trafficAnalytics.workspaceId",
          workspaceId,
          "is not the workspace's GUID",
          "pass azurerm_log_analytics_workspace.workspace_id (a GUID), not its resource id",
        );
      });
      requireLocation(this, "trafficAnalytics.workspaceRegion", analytics.workspaceRegion);
      requireOneOf(this, "trafficAnalytics.intervalInMinutes", analytics.intervalInMinutes ?? 10, [10, 60], {
        problem: "is neither 10 nor 60",
        fix: "use 10 (or 60 to process less often)",
      });
    }
    const region = isUnresolved(props.location) ? props.location : normalizeLocation(props.location);
    this.flowLog = new NetworkWatcherFlowLog(this, "Resource", {
      name: props.name,
      location: props.location,
      networkWatcherName: props.networkWatcherName ?? `NetworkWatcher_${region}`,
      resourceGroupName: props.networkWatcherResourceGroupName ?? "NetworkWatcherRG",
      targetResourceId: props.virtualNetworkId,
      storageAccountId: props.storageAccountId,
      enabled: true,
      // Days 0 with retention enabled keeps the records forever (Azure's meaning of 0).
      retentionPolicy: { enabled: true, days: retentionDays },
      trafficAnalytics: analytics
        ? {
            enabled: true,
            workspaceResourceId: analytics.workspaceResourceId,
            workspaceId: analytics.workspaceId,
            workspaceRegion: analytics.workspaceRegion,
            intervalInMinutes: analytics.intervalInMinutes ?? 10,
          }
        : undefined,
      tags: props.tags,
    });
  }
}
