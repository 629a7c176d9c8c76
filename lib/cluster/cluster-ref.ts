import { IConstruct } from "constructs";
import type { SecureNodePool, SecureNodePoolProps } from "./secure-node-pool";

/**
 * A cluster as the other constructs (IsolatedNamespace, AcrIntegration, KeyVaultCsi, DefenderPlan,
 * the topologies) use it: SecureCluster implements it for a cluster this stack creates, and
 * `SecureCluster.fromClusterAttributes` for one created elsewhere. Values may be tokens and may come
 * from another stack (cdktf wires cross-stack references through outputs). Constructs depend on this
 * interface only, never on the class.
 */
export interface ISecureCluster extends IConstruct {
  /** Resource id of the `azurerm_kubernetes_cluster`. */
  readonly clusterId: string;
  /** Cluster name. */
  readonly clusterName: string;
  /** Resource group the cluster lives in. */
  readonly resourceGroupName: string;
  /** Azure region of the cluster, e.g. "westeurope". */
  readonly location: string;
  /** Entra tenant id used by the cluster's Entra integration. */
  readonly tenantId: string;
  /** OIDC issuer URL, the `issuer` of every workload-identity federated credential. */
  readonly oidcIssuerUrl: string;
  /** Object (principal) id of the kubelet identity: the principal that pulls images. */
  readonly kubeletIdentityObjectId: string;
  /** True when Kubernetes authorization is Azure RBAC (namespace-scoped role assignments work). */
  readonly azureRbacEnabled: boolean;
  /** Log Analytics workspace receiving the cluster's logs (also the Defender sensor's). */
  readonly logAnalyticsWorkspaceId: string;
  /**
   * The cluster's Kubernetes version, "1.N" or "1.N.p", or a token when it is known only at plan
   * (a `KubernetesVersion` lookup); undefined for an imported cluster whose version was not given.
   */
  readonly kubernetesVersion?: string;
  /**
   * Subnet of the cluster's nodes, when known: node pools default to it, and private endpoints for
   * the cluster go to its VNet.
   */
  readonly nodeSubnetId?: string;
  /** VNet of the cluster's nodes, when known (private DNS zones are linked to it). */
  readonly virtualNetworkId?: string;
  /** Subnet for private endpoints in the cluster's VNet, when the cluster's network has one. */
  readonly privateEndpointSubnetId?: string;
  /** Names of the cluster's node pools known at synth (the system pool's included), for collision checks. */
  readonly nodePoolNames: string[];
  /**
   * Registers a tenant namespace, so the cluster's Pod Security Standards "restricted" policy
   * assignment (AKS-POD-03) covers it. Call it once per IsolatedNamespace; order does not matter.
   */
  registerTenantNamespace(namespace: string): void;
  /** Adds a hardened user node pool to the cluster. */
  addNodePool(id: string, props: SecureNodePoolProps): SecureNodePool;
  /**
   * Makes sure the cluster's Key Vault secrets provider rotates mounted secrets (AKS-SEC-01), on
   * behalf of `requester` (a construct that mounts secrets). A cluster this stack creates turns it
   * on; one created elsewhere cannot be changed here and warns on the requester instead.
   */
  requireSecretRotation(requester: IConstruct): void;
}
