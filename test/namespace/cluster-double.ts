import { Construct, IConstruct } from "constructs";
import { SecureNodePool } from "../../lib/cluster/secure-node-pool";
import { ISecureCluster } from "../../lib/cluster/cluster-ref";

/** A cluster reference with literal values: namespace logic tested without a SecureCluster. */
export class ClusterDouble extends Construct implements ISecureCluster {
  public readonly clusterId =
    "/subscriptions/33333333-3333-4333-8333-333333333333/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-double";
  public readonly clusterName = "aks-double";
  public readonly resourceGroupName = "rg-aks";
  public readonly location = "westeurope";
  public readonly tenantId = "11111111-1111-4111-8111-111111111111";
  public readonly oidcIssuerUrl =
    "https://westeurope.oic.prod-aks.azure.com/11111111-1111-4111-8111-111111111111/00000000-0000-4000-8000-000000000000/";
  public readonly kubeletIdentityObjectId = "77777777-7777-4777-8777-777777777777";
  public readonly logAnalyticsWorkspaceId =
    "/subscriptions/33333333-3333-4333-8333-333333333333/resourceGroups/rg-aks/providers/Microsoft.OperationalInsights/workspaces/log-aks";
  /** Namespaces registered for the restricted Pod Security assignment, in call order. */
  public readonly registered: string[] = [];

  constructor(
    scope: Construct,
    id: string,
    public readonly azureRbacEnabled = true,
  ) {
    super(scope, id);
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
