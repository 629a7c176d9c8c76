import { only, resources, synth, makeCluster, expectInvalid } from "./helpers";
import { lacksLocalDisk } from "../../lib/cluster/node-pool-options";

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
    expect(pools.find((x) => x.name === "gpu")).toMatchObject({
      os_disk_type: "Managed",
      os_disk_size_gb: 128,
      host_encryption_enabled: true,
    });
  });

  test("ephemeral OS disk larger than the temp disk is rejected", () => {
    const { cluster } = makeCluster();
    expectInvalid(
      () => cluster.addNodePool("Big", { name: "big", vmSize: "Standard_D2ds_v5", osDiskSizeGb: 128 }),
      "osDiskSizeGb",
      "128",
    );
  });

  test("the system pool never carries taints or user workloads", () => {
    const { stack } = makeCluster();
    const aks = only(synth(stack), "azurerm_kubernetes_cluster");
    expect(aks.default_node_pool.node_taints).toBeUndefined();
    expect(aks.default_node_pool.only_critical_addons_enabled).toBe(true);
  });
});

describe("pool and rotation names are unique in the cluster", () => {
  test("a second pool named like the default user pool", () => {
    const { cluster } = makeCluster();
    expectInvalid(() => cluster.addNodePool("X", { name: "user" }), "addNodePool(X).name", '"user"');
  });

  test("a pool named like another pool's rotation name, including the system pool's", () => {
    const { cluster } = makeCluster();
    expectInvalid(
      () => cluster.addNodePool("Y", { name: "systemtmp" }),
      "addNodePool(Y).name",
      "is already used by systemNodePool.temporaryNameForRotation",
    );
    expectInvalid(
      () => cluster.addNodePool("Z", { name: "usertmp" }),
      "addNodePool(Z).name",
      "is already used by userNodePool.temporaryNameForRotation (test/Cluster/UserPool)",
    );
    expectInvalid(() => makeCluster({ userNodePool: { name: "systemtmp" } }), "userNodePool.name", '"systemtmp"');
  });

  test("a rotation name equal to another pool's name or rotation name", () => {
    const { cluster } = makeCluster();
    expectInvalid(
      () => cluster.addNodePool("A", { name: "tenanta", temporaryNameForRotation: "user" }),
      "addNodePool(A).temporaryNameForRotation",
      '"user"',
    );
    expectInvalid(
      () => cluster.addNodePool("B", { name: "tenantb", temporaryNameForRotation: "usertmp" }),
      "addNodePool(B).temporaryNameForRotation",
      '"usertmp"',
    );
    expectInvalid(
      () => makeCluster({ userNodePool: { temporaryNameForRotation: "system" } }),
      "userNodePool.temporaryNameForRotation",
      '"system"',
    );
    // Default rotation names keep the first 9 characters, so long names that share them collide.
    cluster.addNodePool("Long1", { name: "tenantteam1" });
    expectInvalid(
      () => cluster.addNodePool("Long2", { name: "tenantteam2" }),
      "addNodePool(Long2).temporaryNameForRotation",
      '"tenantteatmp"',
    );
  });

  test("a rejected pool does not reserve its names; distinct pools synthesize", () => {
    const { stack, cluster } = makeCluster();
    expectInvalid(
      () => cluster.addNodePool("Bad", { name: "tenanta", temporaryNameForRotation: "user" }),
      "addNodePool(Bad).temporaryNameForRotation",
      '"user"',
    );
    cluster.addNodePool("Good", { name: "tenanta", temporaryNameForRotation: "tenantarot" });
    const pools = resources(synth(stack), "azurerm_kubernetes_cluster_node_pool").map((p) => [
      p.name,
      p.temporary_name_for_rotation,
    ]);
    expect(pools.sort()).toEqual([
      ["tenanta", "tenantarot"],
      ["user", "usertmp"],
    ]);
  });
});

describe("pool option checks", () => {
  test("maxSurge above 100% or not a count", () => {
    const { cluster } = makeCluster();
    expectInvalid(
      () => cluster.addNodePool("S1", { name: "s1", maxSurge: "150%" }),
      "addNodePool(S1).maxSurge",
      '"150%"',
    );
    expectInvalid(() => cluster.addNodePool("S2", { name: "s2", maxSurge: "0%" }), "addNodePool(S2).maxSurge", '"0%"');
    expectInvalid(() => makeCluster({ userNodePool: { maxSurge: "101%" } }), "userNodePool.maxSurge", '"101%"');
    expectInvalid(() => makeCluster({ systemNodePool: { maxSurge: "-1" } }), "systemNodePool.maxSurge", '"-1"');
    cluster.addNodePool("S3", { name: "s3", maxSurge: "100%" });
    cluster.addNodePool("S4", { name: "s4", maxSurge: "5" });
  });

  test("drain timeout outside 1-1440 minutes", () => {
    const { cluster } = makeCluster();
    expectInvalid(
      () => cluster.addNodePool("D1", { name: "d1", drainTimeoutInMinutes: -5 }),
      "addNodePool(D1).drainTimeoutInMinutes",
      "-5",
    );
    expectInvalid(
      () => makeCluster({ systemNodePool: { drainTimeoutInMinutes: 0 } }),
      "systemNodePool.drainTimeoutInMinutes",
      "0",
    );
    expectInvalid(
      () => makeCluster({ userNodePool: { drainTimeoutInMinutes: 1441 } }),
      "userNodePool.drainTimeoutInMinutes",
      "1441",
    );
    expectInvalid(
      () => makeCluster({ userNodePool: { drainTimeoutInMinutes: 2.5 } }),
      "userNodePool.drainTimeoutInMinutes",
      "2.5",
    );
  });

  test("duplicate zones and unknown OS disk types", () => {
    expectInvalid(
      () => makeCluster({ systemNodePool: { zones: ["1", "1", "2"] } }),
      "systemNodePool.zones",
      '["1","1","2"]',
    );
    const { cluster } = makeCluster();
    expectInvalid(
      () => cluster.addNodePool("Z", { name: "zz", zones: ["2", "2"] }),
      "addNodePool(Z).zones",
      '["2","2"]',
    );
    expectInvalid(
      () => cluster.addNodePool("O", { name: "oo", osDiskType: "ephemeral" as "Ephemeral" }),
      "addNodePool(O).osDiskType",
      '"ephemeral"',
    );
  });

  test("an explicit ephemeral OS disk on a v4+ size without a local disk is a warning", () => {
    const { stack, cluster } = makeCluster();
    const pool = cluster.addNodePool("NoDisk", { name: "nodisk", vmSize: "Standard_D4s_v5", osDiskType: "Ephemeral" });
    const warnings = pool.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([
      expect.stringContaining(
        '[node-pool/ephemeral-without-local-disk] addNodePool(NoDisk).osDiskType = "Ephemeral": Standard_D4s_v5 has no "d"',
      ),
    ]);
    expect(
      resources(synth(stack), "azurerm_kubernetes_cluster_node_pool").find((p) => p.name === "nodisk").os_disk_type,
    ).toBe("Ephemeral");
    // Sizes with a local disk, or older generations that have one without the letter, pass silently.
    const quiet = cluster.addNodePool("Old", {
      name: "old",
      vmSize: "Standard_D4s_v3",
      osDiskType: "Ephemeral",
      osDiskSizeGb: 30,
    });
    expect(quiet.node.metadata.filter((m) => m.type === "@cdktf/warn")).toEqual([]);
  });

  test("lacksLocalDisk reads the feature letters of v4+ sizes only", () => {
    expect(
      ["Standard_D4s_v5", "Standard_E8as_v6", "Standard_D16-8s_v5", "Standard_DC4as_v5", "Standard_D4_v4"].map(
        lacksLocalDisk,
      ),
    ).toEqual([true, true, true, true, true]);
    expect(
      [
        "Standard_D4ds_v5",
        "Standard_D4pds_v5",
        "Standard_E8-4ds_v5",
        "Standard_D4s_v3",
        "Standard_B2s",
        "Standard_NC6s_v3",
        "Standard_L8s_v3",
      ].map(lacksLocalDisk),
    ).toEqual([false, false, false, false, false, false, false]);
  });
});
