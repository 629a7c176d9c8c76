import { only, resources, synth, makeCluster, expectInvalid } from "./helpers";

describe("SecureCluster.addNodePool", () => {
  test("tenant pool with taints and labels keeps the node hardening (AKS-NS-05)", () => {
    const { stack, cluster } = makeCluster();
    const pool = cluster.addNodePool("TenantA", {
      name: "tenanta",
      vmSize: "Standard_D8ds_v5",
      minCount: 1,
      maxCount: 4,
      nodeTaints: ["tenant=team-a:NoSchedule"],
      nodeLabels: { tenant: "team-a" },
    });
    expect(pool.poolName).toBe("tenanta");
    expect(cluster.nodePools).toHaveLength(2);
    const pools = resources(synth(stack), "azurerm_kubernetes_cluster_node_pool");
    const p = pools.find((x) => x.name === "tenanta");
    expect(p).toMatchObject({
      mode: "User",
      os_sku: "AzureLinux",
      host_encryption_enabled: true,
      node_public_ip_enabled: false,
      auto_scaling_enabled: true,
      min_count: 1,
      max_count: 4,
      max_pods: 110,
      zones: ["1", "2", "3"],
      vm_size: "Standard_D8ds_v5",
      os_disk_type: "Ephemeral",
      os_disk_size_gb: 128,
      temporary_name_for_rotation: "tenantatmp",
      node_taints: ["tenant=team-a:NoSchedule"],
      node_labels: { tenant: "team-a" },
    });
  });

  test("an unknown VM size falls back to a managed OS disk; small temp disks shrink the OS disk", () => {
    const { stack, cluster } = makeCluster({ userNodePool: { vmSize: "Standard_D2ds_v5" } });
    cluster.addNodePool("Gpu", { name: "gpu", vmSize: "Standard_NC6s_v3" });
    const pools = resources(synth(stack), "azurerm_kubernetes_cluster_node_pool");
    expect(pools.find((x) => x.name === "user")).toMatchObject({ os_disk_type: "Ephemeral", os_disk_size_gb: 75 });
    expect(pools.find((x) => x.name === "gpu")).toMatchObject({ os_disk_type: "Managed", os_disk_size_gb: 128, host_encryption_enabled: true });
  });

  test("ephemeral OS disk larger than the temp disk is rejected", () => {
    const { cluster } = makeCluster();
    expectInvalid(() => cluster.addNodePool("Big", { name: "big", vmSize: "Standard_D2ds_v5", osDiskSizeGb: 128 }), "osDiskSizeGb", "128");
  });

  test("the system pool never carries taints or user workloads", () => {
    const { stack } = makeCluster();
    const aks = only(synth(stack), "azurerm_kubernetes_cluster");
    expect(aks.default_node_pool.node_taints).toBeUndefined();
    expect(aks.default_node_pool.only_critical_addons_enabled).toBe(true);
  });
});
