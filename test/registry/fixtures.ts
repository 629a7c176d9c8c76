import { Construct } from "constructs";
import { TerraformProvider, TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ISecureCluster } from "../../lib/cluster/cluster-ref";
import { SecureClusterAttributes } from "../../lib/cluster/imported-cluster";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { IsolatedNamespace } from "../../lib/namespace/isolated-namespace";

/** Literal ids of the registry, vault and region tests: real constructs built from them, no doubles. */

export const SUB = "33333333-3333-4333-8333-333333333333";
export const TENANT = "11111111-1111-4111-8111-111111111111";
export const KUBELET_OBJECT_ID = "44444444-4444-4444-8444-444444444444";
export const KUBELET_OBJECT_ID_2 = "55555555-5555-4555-8555-555555555555";
export const VNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks`;
export const PE_SUBNET = `${VNET}/subnets/snet-pe`;
export const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-log/providers/Microsoft.OperationalInsights/workspaces/log-aks`;
export const HUB_ACR_ZONE = `/subscriptions/${SUB}/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
export const HUB_KV_ZONE = `/subscriptions/${SUB}/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`;

/**
 * The attributes of a cluster created elsewhere, named `aks-a` in rg-aks, its nodes in
 * {@link VNET}; `overrides` replace any of them.
 */
export function clusterAttributes(overrides: Partial<SecureClusterAttributes> = {}): SecureClusterAttributes {
  const name = overrides.clusterName ?? "aks-a";
  return {
    clusterId: `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/${name}`,
    clusterName: name,
    resourceGroupName: "rg-aks",
    location: "westeurope",
    tenantId: TENANT,
    oidcIssuerUrl: "https://westeurope.oic.prod-aks.azure.com/tenant/issuer/",
    kubeletIdentityObjectId: KUBELET_OBJECT_ID,
    logAnalyticsWorkspaceId: WORKSPACE,
    virtualNetworkId: VNET,
    ...overrides,
  };
}

/** `SecureCluster.fromClusterAttributes` with {@link clusterAttributes}. */
export function importedCluster(
  scope: Construct,
  id: string,
  overrides: Partial<SecureClusterAttributes> = {},
): ISecureCluster {
  return SecureCluster.fromClusterAttributes(scope, id, clusterAttributes(overrides));
}

/**
 * A real IsolatedNamespace with one workload identity per service account (construct ids
 * `Identity-<sa>`), using the stack's kubernetes provider (one is added when the stack has none).
 */
export function tenantNamespace(
  scope: Construct,
  id: string,
  cluster: ISecureCluster,
  name: string,
  serviceAccounts: string[],
): IsolatedNamespace {
  const stack = TerraformStack.of(scope);
  const provider =
    stack.node.tryFindChild("kubernetes") ??
    stack.node.children.find((c): c is TerraformProvider => c instanceof KubernetesProvider) ??
    new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
  return new IsolatedNamespace(scope, id, {
    cluster,
    name,
    provider: provider as KubernetesProvider,
    workloadIdentities: serviceAccounts.map((serviceAccountName) => ({ serviceAccountName })),
  });
}

export function newStack(id = "test"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}

// JSON helpers are shared with the cluster tests.
export { only, resources, synth } from "../cluster/helpers";
export type { Json } from "../cluster/helpers";

/** Asserts that building throws a validation error naming path, prop, value and fix. */
export function expectInvalid(build: () => unknown, path: string, prop: string, value: string): void {
  let error: Error | undefined;
  try {
    build();
  } catch (e) {
    error = e as Error;
  }
  expect(error).toBeDefined();
  expect(error!.name).toBe("SecureAksValidationError");
  expect(error!.message).toContain(`[${path}]`);
  expect(error!.message).toContain(`${prop} = `);
  expect(error!.message).toContain(value);
  expect(error!.message).toContain("Fix: ");
}
