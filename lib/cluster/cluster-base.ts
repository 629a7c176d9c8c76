import { Construct, IConstruct } from "constructs";
import { ISecureCluster } from "./cluster-ref";
import { ClusterNodePoolSettings, NodePoolRegistry, PoolNameClaim } from "./node-pool-registry";
import { SecureNodePool, SecureNodePoolProps } from "./secure-node-pool";

/**
 * What every cluster construct of this library shares, whether this stack creates the cluster
 * (SecureCluster) or not (`SecureCluster.fromClusterAttributes`): its node pools and their names,
 * and `addNodePool`. In the spirit of aws-eks's ClusterBase.
 */
export abstract class ClusterBase extends Construct implements ISecureCluster {
  public abstract readonly clusterId: string;
  public abstract readonly clusterName: string;
  public abstract readonly resourceGroupName: string;
  public abstract readonly location: string;
  public abstract readonly tenantId: string;
  public abstract readonly oidcIssuerUrl: string;
  public abstract readonly kubeletIdentityObjectId: string;
  public abstract readonly azureRbacEnabled: boolean;
  public abstract readonly logAnalyticsWorkspaceId: string;
  public abstract readonly kubernetesVersion?: string;
  public abstract readonly nodeSubnetId?: string;
  public abstract readonly virtualNetworkId?: string;
  public abstract readonly privateEndpointSubnetId?: string;
  private readonly nodePoolRegistry: NodePoolRegistry;

  protected constructor(scope: Construct, id: string, nodePools: ClusterNodePoolSettings) {
    super(scope, id);
    this.nodePoolRegistry = NodePoolRegistry.register(this, nodePools);
  }

  /** The cluster's SecureNodePools (added here or created with `{ cluster }`), in creation order. */
  public get nodePools(): SecureNodePool[] {
    return [...this.nodePoolRegistry.pools];
  }

  /** Names of the node pools known at synth: the cluster's own pools, then every literal SecureNodePool name. */
  public get nodePoolNames(): string[] {
    return this.nodePoolRegistry.poolNames;
  }

  /**
   * Adds a hardened user node pool (AKS-NS-05 taints/labels for tenants). Errors name its props as
   * `addNodePool(<id>).<field>`. Its name and rotation name must differ from every other pool's name
   * and rotation name in the cluster.
   */
  public addNodePool(id: string, props: SecureNodePoolProps): SecureNodePool {
    return new SecureNodePool(this, id, { ...props, cluster: this, propPrefix: `addNodePool(${id})` });
  }

  /** Reserves names of pools that are no SecureNodePool (a system pool, existing pools). */
  protected reserveNodePoolNames(scope: IConstruct, claims: readonly PoolNameClaim[]): void {
    this.nodePoolRegistry.reserve(scope, claims);
  }

  public abstract registerTenantNamespace(namespace: string): void;
  public abstract requireSecretRotation(requester: IConstruct): void;
}
