import { Construct, IConstruct } from "constructs";
import { SecureNodePool } from "../../lib/cluster/secure-node-pool";
import { TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { ISecureCluster } from "../../lib/cluster/cluster-ref";
import { ITenantNamespace, TenantWorkloadIdentity } from "../../lib/namespace/tenant-namespace-ref";

/** Minimal stand-ins for SecureCluster / IsolatedNamespace: literal values, no resources of their own. */

export const SUB = "33333333-3333-4333-8333-333333333333";
export const TENANT = "11111111-1111-4111-8111-111111111111";
export const KUBELET_OBJECT_ID = "44444444-4444-4444-8444-444444444444";
export const KUBELET_OBJECT_ID_2 = "55555555-5555-4555-8555-555555555555";
export const VNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks`;
export const PE_SUBNET = `${VNET}/subnets/snet-pe`;
export const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-log/providers/Microsoft.OperationalInsights/workspaces/log-aks`;
export const HUB_ACR_ZONE = `/subscriptions/${SUB}/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
export const HUB_KV_ZONE = `/subscriptions/${SUB}/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`;

export class FakeCluster extends Construct implements ISecureCluster {
  public readonly clusterId: string;
  public readonly clusterName: string;
  public readonly resourceGroupName = "rg-aks";
  public readonly location = "westeurope";
  public readonly tenantId = TENANT;
  public readonly oidcIssuerUrl = "https://westeurope.oic.prod-aks.azure.com/tenant/issuer/";
  public readonly kubeletIdentityObjectId: string;
  public readonly azureRbacEnabled = true;
  public readonly logAnalyticsWorkspaceId = WORKSPACE;
  public readonly registered: string[] = [];
  /** The VNet of the nodes (SecureCluster exposes it); the endpoint subnet's VNet unless given. */
  public readonly virtualNetworkId: string;

  constructor(
    scope: Construct,
    id: string,
    name = "aks-a",
    kubeletObjectId = KUBELET_OBJECT_ID,
    virtualNetworkId = VNET,
  ) {
    super(scope, id);
    this.virtualNetworkId = virtualNetworkId;
    this.clusterName = name;
    this.clusterId = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/${name}`;
    this.kubeletIdentityObjectId = kubeletObjectId;
  }

  public registerTenantNamespace(namespace: string): void {
    this.registered.push(namespace);
  }

  public readonly kubernetesVersion = "1.36";
  public readonly nodePoolNames = ["system"];
  /** Constructs that asked for secret rotation, in call order. */
  public readonly rotationRequesters: string[] = [];

  public addNodePool(): SecureNodePool {
    throw new Error("a test double has no node pools: use a SecureCluster");
  }

  public requireSecretRotation(requester: IConstruct): void {
    this.rotationRequesters.push(requester.node.path);
  }
}

export class FakeNamespace extends Construct implements ITenantNamespace {
  public readonly namespaceName: string;
  public readonly cluster: ISecureCluster;
  public readonly workloadIdentities: TenantWorkloadIdentity[] = [];

  constructor(scope: Construct, id: string, cluster: ISecureCluster, namespaceName: string, serviceAccounts: string[]) {
    super(scope, id);
    this.namespaceName = namespaceName;
    this.cluster = cluster;
    for (const sa of serviceAccounts) {
      const identity = new UserAssignedIdentity(this, `Identity-${sa}`, {
        name: `id-${namespaceName}-${sa}`,
        resourceGroupName: "rg-aks",
        location: "westeurope",
      });
      this.workloadIdentities.push({
        serviceAccountName: sa,
        identity,
        clientId: identity.clientId,
        principalId: identity.principalId,
      });
    }
  }

  public workloadIdentity(serviceAccountName: string): TenantWorkloadIdentity | undefined {
    return this.workloadIdentities.find((w) => w.serviceAccountName === serviceAccountName);
  }
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
