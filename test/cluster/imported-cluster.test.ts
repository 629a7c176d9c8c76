import { TerraformVariable } from "cdktf";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { ImportedCluster, SecureClusterAttributes } from "../../lib/cluster/imported-cluster";
import { NODE_SUBNET, SUB, TENANT, VNET, expectInvalid, newStack, only, resources, synth } from "./helpers";

const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-shared`;
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.OperationalInsights/workspaces/log-aks`;

function attributes(overrides: Partial<SecureClusterAttributes> = {}): SecureClusterAttributes {
  return {
    clusterId: CLUSTER_ID,
    clusterName: "aks-shared",
    resourceGroupName: "rg-aks",
    location: "westeurope",
    tenantId: TENANT,
    oidcIssuerUrl: `https://westeurope.oic.prod-aks.azure.com/${TENANT}/00000000-0000-4000-8000-000000000000/`,
    kubeletIdentityObjectId: "77777777-7777-4777-8777-777777777777",
    logAnalyticsWorkspaceId: WORKSPACE,
    ...overrides,
  };
}

function warnings(construct: { node: { metadata: { type: string; data: unknown }[] } }): string[] {
  return construct.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

describe("SecureCluster.fromClusterAttributes", () => {
  test("exposes the attributes; RBAC on, system pool and unknown version by default; creates nothing", () => {
    const stack = newStack();
    const cluster = SecureCluster.fromClusterAttributes(stack, "Cluster", attributes());
    expect(cluster).toBeInstanceOf(ImportedCluster);
    expect(cluster.clusterId).toBe(CLUSTER_ID);
    expect(cluster.azureRbacEnabled).toBe(true);
    expect(cluster.kubernetesVersion).toBeUndefined();
    expect(cluster.nodePoolNames).toEqual(["system"]);
    expect(synth(stack).resource).toBeUndefined();
  });

  test.each<[keyof SecureClusterAttributes, string]>([
    ["clusterId", `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.Compute/virtualMachines/vm`],
    ["location", "west-europe"],
    ["tenantId", "contoso.onmicrosoft.com"],
    ["kubeletIdentityObjectId", "kubelet"],
    ["logAnalyticsWorkspaceId", "11111111-2222-4333-8444-555555555555"],
    ["nodeSubnetId", VNET],
    ["virtualNetworkId", NODE_SUBNET],
    ["privateEndpointSubnetId", VNET],
    ["kubernetesVersion", "v1.36"],
  ])("rejects %s = %p", (prop, value) => {
    expectInvalid(
      () => SecureCluster.fromClusterAttributes(newStack(), "Cluster", attributes({ [prop]: value })),
      prop,
      value,
    );
  });

  test("tokens are not judged", () => {
    const stack = newStack();
    const id = new TerraformVariable(stack, "clusterId", { type: "string" }).stringValue;
    const version = new TerraformVariable(stack, "version", { type: "string" }).stringValue;
    expect(() =>
      SecureCluster.fromClusterAttributes(stack, "Cluster", attributes({ clusterId: id, kubernetesVersion: version })),
    ).not.toThrow();
  });

  test("addNodePool creates a hardened pool on the imported cluster's id, pinned to its version", () => {
    const stack = newStack();
    const cluster = SecureCluster.fromClusterAttributes(
      stack,
      "Cluster",
      attributes({ nodeSubnetId: NODE_SUBNET, kubernetesVersion: "1.36", nodePoolNames: ["system", "user"] }),
    );
    cluster.addNodePool("TeamA", { name: "teama" });
    expect(cluster.nodePoolNames).toEqual(["system", "user", "teama"]);
    const pool = only(synth(stack), "azurerm_kubernetes_cluster_node_pool");
    expect(pool.kubernetes_cluster_id).toBe(CLUSTER_ID);
    expect(pool.vnet_subnet_id).toBe(NODE_SUBNET);
    expect(pool.orchestrator_version).toBe("1.36");
    expect(pool.host_encryption_enabled).toBe(true);
    expect(pool.mode).toBe("User");
  });

  test("addNodePool without a known subnet, or with a taken name, fails", () => {
    const cluster = SecureCluster.fromClusterAttributes(newStack(), "Cluster", attributes());
    expectInvalid(
      () => cluster.addNodePool("TeamA", { name: "teama" }),
      "addNodePool(TeamA).vnetSubnetId",
      "undefined",
    );
    const withSubnet = SecureCluster.fromClusterAttributes(
      newStack(),
      "Cluster",
      attributes({ nodeSubnetId: NODE_SUBNET, nodePoolNames: ["system", "user"] }),
    );
    expectInvalid(() => withSubnet.addNodePool("Again", { name: "user" }), "addNodePool(Again).name", "user");
  });

  test("an unknown version leaves orchestrator_version to AKS", () => {
    const stack = newStack();
    const cluster = SecureCluster.fromClusterAttributes(stack, "Cluster", attributes({ nodeSubnetId: NODE_SUBNET }));
    cluster.addNodePool("TeamA", { name: "teama" });
    expect(resources(synth(stack), "azurerm_kubernetes_cluster_node_pool")[0].orchestrator_version).toBeUndefined();
  });

  test("namespaces and secret rotation it cannot change are warnings with stable ids", () => {
    const stack = newStack();
    const cluster = SecureCluster.fromClusterAttributes(stack, "Cluster", attributes()) as ImportedCluster;
    cluster.registerTenantNamespace("team-a");
    expect(cluster.tenantNamespaces).toEqual(["team-a"]);
    expect(warnings(cluster)).toEqual([
      expect.stringMatching(/^\[cluster\/pod-security-elsewhere\] registerTenantNamespace = "team-a": /),
    ]);
    cluster.requireSecretRotation(stack);
    cluster.requireSecretRotation(stack);
    expect(warnings(stack)).toEqual([
      expect.stringMatching(/^\[cluster\/secret-rotation-unverified\] cluster = "test\/Cluster": .*AKS-SEC-01/),
    ]);
  });
});
