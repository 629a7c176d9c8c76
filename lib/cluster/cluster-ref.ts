import { IConstruct } from "constructs";

/**
 * What other constructs (IsolatedNamespace, AcrIntegration, KeyVaultCsi, DefenderPlan, the
 * topologies) need to know about a cluster. SecureCluster implements it; values may be tokens and
 * may come from another stack (cdktf wires cross-stack references through outputs).
 */
export interface ISecureClusterRef extends IConstruct {
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
   * Registers a tenant namespace, so the cluster's Pod Security Standards "restricted" policy
   * assignment (AKS-POD-03) covers it. Call it once per IsolatedNamespace; order does not matter.
   */
  registerTenantNamespace(namespace: string): void;
}
