import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { ClusterBase } from "../../lib/cluster/cluster-base";
import { ImportedCluster } from "../../lib/cluster/imported-cluster";
import { Construct } from "constructs";
import { ISecureCluster } from "../../lib/cluster/cluster-ref";
import { SecureNodePool, SecureNodePoolProps } from "../../lib/cluster/secure-node-pool";
import { ApiServerAccess } from "../../lib/cluster/api-server-access";
import { hardenedNodePoolAttributes, resolveNodePool } from "../../lib/cluster/node-pool-options";
import { NODE_SUBNET, SUB, TENANT, makeCluster, newStack, only, resources, synth, thrown } from "./helpers";

const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-shared`;
const HUB = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.OperationalInsights/workspaces/log-aks`;

function imported(stack = newStack(), overrides: { nodeSubnetId?: string; kubernetesVersion?: string } = {}) {
  return SecureCluster.fromClusterAttributes(stack, "Cluster", {
    clusterId: CLUSTER_ID,
    clusterName: "aks-shared",
    resourceGroupName: "rg-aks",
    location: "westeurope",
    tenantId: TENANT,
    oidcIssuerUrl: "https://westeurope.oic.prod-aks.azure.com/issuer/",
    kubeletIdentityObjectId: "77777777-7777-4777-8777-777777777777",
    logAnalyticsWorkspaceId: WORKSPACE,
    nodePoolNames: ["system", "user"],
    ...overrides,
  });
}

/** The hardened node settings as the JSON carries them. */
const HARDENED = {
  os_sku: "AzureLinux",
  host_encryption_enabled: true,
  node_public_ip_enabled: false,
  auto_scaling_enabled: true,
  zones: ["1", "2", "3"],
  max_pods: 110,
  os_disk_type: "Ephemeral",
  os_disk_size_gb: 128,
  vm_size: "Standard_D4ds_v5",
  upgrade_settings: { max_surge: "33%", drain_timeout_in_minutes: 30 },
};

describe("new SecureNodePool(scope, id, { cluster, ...props })", () => {
  test("joins a SecureCluster from another scope: the cluster's id, version, subnet and tags, the hardened settings", () => {
    const { stack, cluster } = makeCluster({ tags: { env: "prod" } });
    const pool = new SecureNodePool(stack, "Batch", { cluster, name: "batch", minCount: 0, maxCount: 2 });
    expect(pool.node.path).toBe("test/Batch");
    expect(pool.poolName).toBe("batch");
    expect(cluster.nodePools).toEqual([cluster.userNodePool, pool]);
    expect(cluster.nodePoolNames).toEqual(["system", "user", "batch"]);
    const json = resources(synth(stack), "azurerm_kubernetes_cluster_node_pool").find((p) => p.name === "batch");
    expect(json).toMatchObject({
      ...HARDENED,
      mode: "User",
      os_type: "Linux",
      min_count: 0,
      max_count: 2,
      orchestrator_version: "1.36",
      vnet_subnet_id: NODE_SUBNET,
      temporary_name_for_rotation: "batchtmp",
      tags: { env: "prod" },
      lifecycle: { ignore_changes: ["node_count"] },
    });
    expect(json.kubernetes_cluster_id).toMatch(/^\$\{azurerm_kubernetes_cluster\.Cluster_[A-Za-z0-9_]+\.id\}$/);
  });

  test("errors name the bare fields and the pool's own path", () => {
    const { stack, cluster } = makeCluster();
    const taken = thrown(() => new SecureNodePool(stack, "Again", { cluster, name: "user" }));
    expect(taken.prop).toBe("name");
    expect(taken.constructPath).toBe("test/Again");
    expect(taken.message).toContain('name = "user": is already used by userNodePool.name (test/Cluster/UserPool)');
    const rotation = thrown(
      () => new SecureNodePool(stack, "Rot", { cluster, name: "batch", temporaryNameForRotation: "systemtmp" }),
    );
    expect(rotation.prop).toBe("temporaryNameForRotation");
    expect(rotation.message).toContain(
      "is already used by systemNodePool.temporaryNameForRotation (test/Cluster); AKS pool names and the temporary names used while a pool rotates must all be distinct in a cluster",
    );
    expect(rotation.fix).toBe("set temporaryNameForRotation to a name no other pool uses");
    expect(thrown(() => new SecureNodePool(stack, "Sys", { cluster, name: "system" })).prop).toBe("name");
    expect(thrown(() => new SecureNodePool(stack, "Surge", { cluster, name: "surge", maxSurge: "0%" })).prop).toBe(
      "maxSurge",
    );
  });

  test("pools built directly and through addNodePool share the cluster's names", () => {
    const { stack, cluster } = makeCluster();
    new SecureNodePool(stack, "Direct", { cluster, name: "teama" });
    const viaCluster = thrown(() => cluster.addNodePool("Added", { name: "teama" }));
    expect(viaCluster.prop).toBe("addNodePool(Added).name");
    expect(viaCluster.message).toContain("is already used by name (test/Direct)");
    cluster.addNodePool("TeamB", { name: "teamb" });
    const direct = thrown(() => new SecureNodePool(stack, "Copy", { cluster, name: "teamb" }));
    expect(direct.message).toContain("is already used by addNodePool(TeamB).name (test/Cluster/TeamB)");
    expect(cluster.nodePoolNames).toEqual(["system", "user", "teama", "teamb"]);
  });

  test("joins an imported cluster: its literal id, its subnet, its existing pools' names taken", () => {
    const stack = newStack();
    const cluster = imported(stack, { nodeSubnetId: NODE_SUBNET, kubernetesVersion: "1.36" });
    new SecureNodePool(stack, "TeamA", { cluster, name: "teama", nodeLabels: { tenant: "a" } });
    expect(only(synth(stack), "azurerm_kubernetes_cluster_node_pool")).toMatchObject({
      ...HARDENED,
      kubernetes_cluster_id: CLUSTER_ID,
      vnet_subnet_id: NODE_SUBNET,
      orchestrator_version: "1.36",
      node_labels: { tenant: "a" },
      lifecycle: { ignore_changes: ["node_count"] },
    });
    const error = thrown(() => new SecureNodePool(stack, "User", { cluster, name: "user" }));
    expect(error.message).toContain('name = "user": is already used by nodePoolNames (test/Cluster)');
    expect(cluster.nodePoolNames).toEqual(["system", "user", "teama"]);
  });

  test("an imported cluster without a version or subnet: AKS's version kept, vnetSubnetId required", () => {
    const stack = newStack();
    const cluster = imported(stack);
    const missing = thrown(() => new SecureNodePool(stack, "NoSubnet", { cluster, name: "nosubnet" }));
    expect(missing.prop).toBe("vnetSubnetId");
    expect(missing.fix).toBe("pass vnetSubnetId, or nodeSubnetId in the cluster's attributes");
    new SecureNodePool(stack, "Given", { cluster, name: "given", vnetSubnetId: NODE_SUBNET });
    const pool = only(synth(stack), "azurerm_kubernetes_cluster_node_pool");
    expect(pool.orchestrator_version).toBeUndefined();
    expect(pool.lifecycle).toEqual({ ignore_changes: ["node_count", "orchestrator_version"] });
  });
});

describe("ClusterBase", () => {
  test("SecureCluster and ImportedCluster share node pools, pool names and addNodePool", () => {
    const { cluster } = makeCluster();
    const other = imported(newStack(), { nodeSubnetId: NODE_SUBNET });
    expect(cluster).toBeInstanceOf(ClusterBase);
    expect(other).toBeInstanceOf(ClusterBase);
    expect(other).toBeInstanceOf(ImportedCluster);
    for (const c of [cluster, other as ImportedCluster]) {
      const pool = c.addNodePool("TeamA", { name: "teama" });
      expect(pool.node.path).toBe("test/Cluster/TeamA");
      expect(c.nodePools).toContain(pool);
      // A copy: the list cannot be changed from outside.
      c.nodePools.pop();
      expect(c.nodePools).toContain(pool);
      expect(thrown(() => c.addNodePool("TeamA2", { name: "teama" })).prop).toBe("addNodePool(TeamA2).name");
    }
    expect(other.nodePoolNames).toEqual(["system", "user", "teama"]);
  });

  test("a rejected pool reserves no name, in either cluster", () => {
    const { cluster } = makeCluster();
    thrown(() => cluster.addNodePool("Bad", { name: "teama", temporaryNameForRotation: "user" }));
    expect(cluster.nodePoolNames).toEqual(["system", "user"]);
    cluster.addNodePool("Good", { name: "teama" });
    const other = imported(newStack(), { nodeSubnetId: NODE_SUBNET });
    thrown(() => other.addNodePool("Bad", { name: "teamb", temporaryNameForRotation: "system" }));
    other.addNodePool("Good", { name: "teamb" });
    expect(other.nodePoolNames).toEqual(["system", "user", "teamb"]);
  });
});

describe("a cluster implemented outside this library", () => {
  /** An ISecureCluster that is no ClusterBase: its pools' names and version rules come from the interface. */
  class OwnCluster extends Construct implements ISecureCluster {
    public readonly clusterId = CLUSTER_ID;
    public readonly clusterName = "aks-shared";
    public readonly resourceGroupName = "rg-aks";
    public readonly location = "westeurope";
    public readonly tenantId = TENANT;
    public readonly oidcIssuerUrl = "https://westeurope.oic.prod-aks.azure.com/issuer/";
    public readonly kubeletIdentityObjectId = "77777777-7777-4777-8777-777777777777";
    public readonly azureRbacEnabled = true;
    public readonly logAnalyticsWorkspaceId = WORKSPACE;
    public readonly kubernetesVersion = "1.36";
    public readonly nodeSubnetId = NODE_SUBNET;
    public readonly nodePoolNames = ["system", "gpu"];
    public registerTenantNamespace(): void {}
    public requireSecretRotation(): void {}
    public addNodePool(id: string, props: SecureNodePoolProps): SecureNodePool {
      return new SecureNodePool(this, id, { ...props, cluster: this });
    }
  }

  test("its nodePoolNames are taken and a literal 1.N version is pinned without ignore_changes", () => {
    const stack = newStack();
    const cluster = new OwnCluster(stack, "Own");
    expect(thrown(() => cluster.addNodePool("Gpu", { name: "gpu" })).message).toContain(
      "is already used by nodePoolNames (test/Own)",
    );
    cluster.addNodePool("Cpu", { name: "cpu" });
    expect(only(synth(stack), "azurerm_kubernetes_cluster_node_pool")).toMatchObject({
      orchestrator_version: "1.36",
      lifecycle: { ignore_changes: ["node_count"] },
    });
  });
});

describe("one hardened node setting for the system pool and user pools", () => {
  test("default_node_pool and azurerm_kubernetes_cluster_node_pool carry the same hardened attributes", () => {
    const { stack } = makeCluster();
    const doc = synth(stack);
    expect(only(doc, "azurerm_kubernetes_cluster").default_node_pool).toMatchObject({
      ...HARDENED,
      min_count: 3,
      max_count: 6,
      orchestrator_version: "1.36",
      vnet_subnet_id: NODE_SUBNET,
      temporary_name_for_rotation: "systemtmp",
    });
    expect(only(doc, "azurerm_kubernetes_cluster_node_pool")).toMatchObject({
      ...HARDENED,
      min_count: 3,
      max_count: 6,
      orchestrator_version: "1.36",
      vnet_subnet_id: NODE_SUBNET,
      temporary_name_for_rotation: "usertmp",
    });
  });

  test("hardenedNodePoolAttributes: the fixed hardening and the resolved values", () => {
    const { cluster } = makeCluster();
    const pool = resolveNodePool(cluster, "", "gpu", { vmSize: "Standard_NC6s_v3", zones: ["1"] });
    expect(hardenedNodePoolAttributes(pool, { vnetSubnetId: NODE_SUBNET })).toEqual({
      orchestratorVersion: undefined,
      vmSize: "Standard_NC6s_v3",
      vnetSubnetId: NODE_SUBNET,
      zones: ["1"],
      autoScalingEnabled: true,
      minCount: 3,
      maxCount: 6,
      maxPods: 110,
      osSku: "AzureLinux",
      osDiskType: "Managed",
      osDiskSizeGb: 128,
      hostEncryptionEnabled: true,
      nodePublicIpEnabled: false,
      temporaryNameForRotation: "gputmp",
      upgradeSettings: { maxSurge: "33%", drainTimeoutInMinutes: 30 },
    });
  });
});

describe("SecureCluster exposes its concerns; the old fields point at their resources", () => {
  test("diagnostics, identity and the created zone keep their construct paths", () => {
    const { cluster } = makeCluster();
    expect(cluster.diagnostics.diagnosticSetting).toBe(cluster.diagnosticSetting);
    expect(cluster.diagnostics.logAnalyticsWorkspace).toBe(cluster.logAnalyticsWorkspace);
    expect(cluster.diagnostics.containerInsightsDataCollectionRule).toBe(cluster.containerInsightsDataCollectionRule);
    expect(cluster.diagnostics.logAnalyticsWorkspaceId).toBe(cluster.logAnalyticsWorkspaceId);
    expect(cluster.identity.controlPlaneIdentity).toBe(cluster.controlPlaneIdentity);
    expect(cluster.identity.roleAssignments).toBe(cluster.roleAssignments);
    expect(cluster.apiServerPrivateDnsZone).toBeUndefined();
    expect(cluster.privateDnsZoneLinks).toEqual([]);
    expect(
      [
        cluster.logAnalyticsWorkspace!,
        cluster.diagnosticSetting,
        cluster.containerInsightsDataCollectionRule,
        cluster.containerInsightsDataCollectionRuleAssociation,
        cluster.controlPlaneIdentity,
        ...cluster.roleAssignments,
        cluster.userNodePool,
      ].map((c) => c.node.path),
    ).toEqual([
      "test/Cluster/LogAnalytics",
      "test/Cluster/ControlPlaneLogs",
      "test/Cluster/ContainerInsightsRule",
      "test/Cluster/ContainerInsightsAssociation",
      "test/Cluster/ControlPlaneIdentity",
      "test/Cluster/NetworkContributorNodeSubnet",
      "test/Cluster/UserPool",
    ]);
  });

  test("the created API-server zone and its links", () => {
    const { cluster } = makeCluster({
      apiServerAccess: ApiServerAccess.privateCluster({ createPrivateDnsZone: { linkedVirtualNetworkIds: [HUB] } }),
    });
    const zone = cluster.apiServerPrivateDnsZone!;
    expect(zone.privateDnsZone).toBe(cluster.privateDnsZone);
    expect(zone.links).toBe(cluster.privateDnsZoneLinks);
    expect(zone.clusterLink.node.path).toBe("test/Cluster/ApiServerZoneClusterLink");
    expect(zone.links.map((l) => l.node.path)).toEqual([
      "test/Cluster/ApiServerZoneClusterLink",
      "test/Cluster/ApiServerZoneLink0",
    ]);
    expect(cluster.privateDnsZone!.node.path).toBe("test/Cluster/ApiServerPrivateDnsZone");
    expect(cluster.roleAssignments.map((r) => r.node.path)).toEqual([
      "test/Cluster/PrivateDnsZoneContributor",
      "test/Cluster/NetworkContributorVnet",
    ]);
  });

  test("Container Insights is on the cluster resource, with managed-identity auth (AKS-LOG-02)", () => {
    const { stack, cluster } = makeCluster();
    expect(only(synth(stack), "azurerm_kubernetes_cluster").oms_agent).toEqual({
      log_analytics_workspace_id: expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\.Cluster_LogAnalytics_/),
      msi_auth_for_monitoring_enabled: true,
    });
    expect(cluster).toBeInstanceOf(SecureCluster);
  });
});
