import { TerraformVariable, Testing } from "cdktf";
import { VnetFlowLog, VnetFlowLogProps } from "../../lib/network/vnet-flow-log";
import { ClusterNetwork } from "../../lib/network/cluster-network";
import { ClusterEgress } from "../../lib/network/cluster-egress";
import { SUB, newStack, only, synth, thrown } from "../cluster/helpers";

const STORAGE = `/subscriptions/${SUB}/resourceGroups/rg-ops/providers/Microsoft.Storage/storageAccounts/stflowlogsweu`;
const VNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks`;
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/log-ops`;
const base: VnetFlowLogProps = {
  virtualNetworkId: VNET,
  location: "West Europe",
  name: "fl-vnet-aks",
  storageAccountId: STORAGE,
};

describe("VnetFlowLog", () => {
  it("logs the VNet into the region's default Network Watcher, 90 days, no traffic analytics unless asked", () => {
    const stack = newStack();
    const log = new VnetFlowLog(stack, "FlowLog", base);
    const flowLog = only(synth(stack), "azurerm_network_watcher_flow_log");
    expect(flowLog).toMatchObject({
      name: "fl-vnet-aks",
      location: "West Europe",
      network_watcher_name: "NetworkWatcher_westeurope",
      resource_group_name: "NetworkWatcherRG",
      target_resource_id: VNET,
      storage_account_id: STORAGE,
      enabled: true,
      retention_policy: { enabled: true, days: 90 },
    });
    expect(flowLog.network_security_group_id).toBeUndefined();
    expect(flowLog.traffic_analytics).toBeUndefined();
    expect(log.flowLog).toBeDefined();
  });

  it("targets a ClusterNetwork's VNet and sends traffic analytics to a workspace every 10 minutes", () => {
    const stack = newStack();
    const network = new ClusterNetwork(stack, "Network", {
      resourceGroupName: "rg-net",
      location: "westeurope",
      namePrefix: "aks-fl",
      egress: ClusterEgress.azureFirewall(),
    });
    new VnetFlowLog(stack, "FlowLog", {
      ...base,
      virtualNetworkId: network.virtualNetworkId,
      trafficAnalytics: {
        workspaceResourceId: WORKSPACE,
        workspaceId: "44444444-4444-4444-8444-444444444444",
        workspaceRegion: "westeurope",
      },
      networkWatcherName: "nw-weu",
      networkWatcherResourceGroupName: "rg-watchers",
    });
    const flowLog = only(synth(stack), "azurerm_network_watcher_flow_log");
    expect(flowLog.target_resource_id).toMatch(/^\$\{azurerm_virtual_network\.Network_VirtualNetwork_[A-F0-9]+\.id\}$/);
    expect(flowLog).toMatchObject({ network_watcher_name: "nw-weu", resource_group_name: "rg-watchers" });
    expect(flowLog.traffic_analytics).toEqual({
      enabled: true,
      workspace_resource_id: WORKSPACE,
      workspace_id: "44444444-4444-4444-8444-444444444444",
      workspace_region: "westeurope",
      interval_in_minutes: 10,
    });
  });

  it("never rejects tokens", () => {
    const stack = newStack();
    const v = (name: string, type = "string") => new TerraformVariable(stack, name, { type });
    new VnetFlowLog(stack, "FlowLog", {
      virtualNetworkId: v("vnet").stringValue,
      location: v("location").stringValue,
      name: v("name").stringValue,
      storageAccountId: v("storage").stringValue,
      retentionDays: v("days", "number").numberValue,
    });
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  it.each([
    ["virtualNetworkId", { virtualNetworkId: `${VNET}/subnets/nodes` }, /not a virtual network resource id/],
    ["storageAccountId", { storageAccountId: WORKSPACE }, /not a storage account resource id/],
    ["name", { name: "bad name!" }, /naming rules for flow logs/],
    ["retentionDays", { retentionDays: 400 }, /outside 0-365 days/],
    ["retentionDays", { retentionDays: -1 }, /outside 0-365 days/],
    [
      "trafficAnalytics.workspaceId",
      { trafficAnalytics: { workspaceResourceId: WORKSPACE, workspaceId: WORKSPACE, workspaceRegion: "westeurope" } },
      /not the workspace's GUID/,
    ],
    [
      "trafficAnalytics.workspaceResourceId",
      {
        trafficAnalytics: {
          workspaceResourceId: "log-ops",
          workspaceId: "44444444-4444-4444-8444-444444444444",
          workspaceRegion: "westeurope",
        },
      },
      /Log Analytics workspace resource id/,
    ],
    [
      "trafficAnalytics.intervalInMinutes",
      {
        trafficAnalytics: {
          workspaceResourceId: WORKSPACE,
          workspaceId: "44444444-4444-4444-8444-444444444444",
          workspaceRegion: "westeurope",
          intervalInMinutes: 30 as 10,
        },
      },
      /neither 10 nor 60/,
    ],
  ] as const)("rejects %s with path, value and fix", (prop, change, detail) => {
    const error = thrown(() => new VnetFlowLog(newStack(), "FlowLog", { ...base, ...change }));
    expect(error.constructPath).toBe("test/FlowLog");
    expect(error.prop).toBe(prop);
    expect(error.message).toMatch(detail);
    expect(error.message).toMatch(/Fix: \S/);
  });
});
