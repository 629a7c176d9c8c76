import { Construct, IConstruct } from "constructs";
import { ClusterBase } from "./cluster-base";
import {
  LOG_ANALYTICS_WORKSPACE_ID,
  MANAGED_CLUSTER_ID,
  SUBNET_ID,
  VIRTUAL_NETWORK_ID,
  requireResourceId,
} from "../util/resource-ids";
import { invalidProp, requireLocation, requireUuid, warnProp, withResolved } from "../util/validation";

/**
 * What the other constructs need to know about an AKS cluster this stack does not create (another
 * stack, another repository, or the portal). Values may be tokens, e.g. read with the
 * `azurerm_kubernetes_cluster` data source.
 */
export interface SecureClusterAttributes {
  /** Resource id of the cluster (`azurerm_kubernetes_cluster.id`). */
  readonly clusterId: string;
  /** Cluster name. */
  readonly clusterName: string;
  /** Resource group of the cluster. */
  readonly resourceGroupName: string;
  /** Azure region of the cluster, e.g. "westeurope". */
  readonly location: string;
  /** Entra tenant id of the cluster's Entra integration. */
  readonly tenantId: string;
  /** OIDC issuer URL (`oidc_issuer_url`), the issuer of workload-identity federated credentials. */
  readonly oidcIssuerUrl: string;
  /** Object id of the kubelet identity (`kubelet_identity[0].object_id`), the principal that pulls images. */
  readonly kubeletIdentityObjectId: string;
  /** Log Analytics workspace receiving the cluster's logs. */
  readonly logAnalyticsWorkspaceId: string;
  /**
   * Whether Kubernetes authorization is Azure RBAC. Tenant access is granted with namespace-scoped
   * Azure role assignments, which only work with it (AKS-IAM-02).
   *
   * @default true - SecureCluster's setting; give false for a cluster with Kubernetes RBAC only
   */
  readonly azureRbacEnabled?: boolean;
  /**
   * Kubernetes version of the cluster ("1.N" or "1.N.p"); Pod Security of tenant namespaces follows
   * its minor, and added node pools are pinned to it.
   *
   * @default - unknown: Pod Security uses the newest minor of the library's calendar, added pools leave
   * `orchestrator_version` out (AKS then uses the control plane's version)
   */
  readonly kubernetesVersion?: string;
  /**
   * Node subnet of the cluster: the subnet of added node pools.
   *
   * @default - unknown: `addNodePool` then needs `vnetSubnetId`
   */
  readonly nodeSubnetId?: string;
  /**
   * VNet of the cluster's nodes: private DNS zones of registries and vaults are linked to it.
   *
   * @default - unknown: those constructs then need their VNet ids given
   */
  readonly virtualNetworkId?: string;
  /**
   * Private-endpoint subnet in the cluster's VNet.
   *
   * @default - unknown: private endpoints then need their subnet given
   */
  readonly privateEndpointSubnetId?: string;
  /**
   * Names of the cluster's existing node pools, so added pools cannot collide with them.
   *
   * @default ["system"] - SecureCluster's system pool
   */
  readonly nodePoolNames?: string[];
}

/**
 * An AKS cluster created elsewhere, as `SecureCluster.fromClusterAttributes` returns it. It creates
 * nothing by itself: namespaces, grants and node pools added to it are created in this stack. What
 * only the cluster's own definition can change (its Pod Security assignment, its secrets provider) is
 * reported as a warning naming what to change there.
 */
export class ImportedCluster extends ClusterBase {
  public readonly clusterId: string;
  public readonly clusterName: string;
  public readonly resourceGroupName: string;
  public readonly location: string;
  public readonly tenantId: string;
  public readonly oidcIssuerUrl: string;
  public readonly kubeletIdentityObjectId: string;
  public readonly azureRbacEnabled: boolean;
  public readonly logAnalyticsWorkspaceId: string;
  public readonly kubernetesVersion?: string;
  public readonly nodeSubnetId?: string;
  public readonly virtualNetworkId?: string;
  public readonly privateEndpointSubnetId?: string;
  /**
   * Tenant namespaces registered by IsolatedNamespace: they belong in the Pod Security "restricted"
   * assignment (AKS-POD-03) where the cluster is defined (SecureCluster `guardrails.tenantNamespaces`).
   */
  public readonly tenantNamespaces: string[] = [];
  private readonly rotationWarned = new Set<string>();

  constructor(scope: Construct, id: string, attributes: SecureClusterAttributes) {
    const version = attributes.kubernetesVersion;
    const existingPoolNames = [...new Set(attributes.nodePoolNames ?? ["system"])];
    super(scope, id, {
      // Without a known "1.N" version, AKS (not this stack) decides the pools' version.
      ignoreVersionChanges: version === undefined || version.split(".").length === 3,
      fixedPoolNames: existingPoolNames,
    });
    requireResourceId(this, "clusterId", attributes.clusterId, MANAGED_CLUSTER_ID);
    requireLocation(this, "location", attributes.location);
    requireUuid(this, "tenantId", attributes.tenantId, "Entra tenant id");
    requireUuid(this, "kubeletIdentityObjectId", attributes.kubeletIdentityObjectId, "kubelet identity's object id");
    requireResourceId(this, "logAnalyticsWorkspaceId", attributes.logAnalyticsWorkspaceId, LOG_ANALYTICS_WORKSPACE_ID);
    requireResourceId(this, "nodeSubnetId", attributes.nodeSubnetId, SUBNET_ID);
    requireResourceId(this, "virtualNetworkId", attributes.virtualNetworkId, VIRTUAL_NETWORK_ID);
    requireResourceId(this, "privateEndpointSubnetId", attributes.privateEndpointSubnetId, SUBNET_ID);
    withResolved(version, (literal) => {
      if (/^1\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?$/.test(literal)) return;
      invalidProp(
        this,
        "kubernetesVersion",
        literal,
        "is not a Kubernetes version",
        'use "1.N" or "1.N.p", e.g. "1.36"',
      );
    });
    this.clusterId = attributes.clusterId;
    this.clusterName = attributes.clusterName;
    this.resourceGroupName = attributes.resourceGroupName;
    this.location = attributes.location;
    this.tenantId = attributes.tenantId;
    this.oidcIssuerUrl = attributes.oidcIssuerUrl;
    this.kubeletIdentityObjectId = attributes.kubeletIdentityObjectId;
    this.azureRbacEnabled = attributes.azureRbacEnabled ?? true;
    this.logAnalyticsWorkspaceId = attributes.logAnalyticsWorkspaceId;
    this.kubernetesVersion = version;
    this.nodeSubnetId = attributes.nodeSubnetId;
    this.virtualNetworkId = attributes.virtualNetworkId;
    this.privateEndpointSubnetId = attributes.privateEndpointSubnetId;
    this.reserveNodePoolNames(
      this,
      existingPoolNames.map((name) => ({ prop: "nodePoolNames", name })),
    );
  }

  /**
   * Records the namespace and warns: the cluster's Pod Security "restricted" assignment (AKS-POD-03)
   * is written where the cluster is defined, so this stack cannot extend it.
   */
  public registerTenantNamespace(namespace: string): void {
    this.tenantNamespaces.push(namespace);
    warnProp(
      this,
      "cluster/pod-security-elsewhere",
      "registerTenantNamespace",
      namespace,
      "this stack does not create the cluster, so it cannot add the namespace to the cluster's Pod Security Standards restricted assignment (AKS-POD-03)",
      "add the namespace to the tenant namespaces of that assignment where the cluster is defined (SecureCluster registers the namespaces of IsolatedNamespace objects that use it)",
    );
  }

  /**
   * Warns once per requester: this stack cannot turn on secret rotation of a cluster it does not
   * create (AKS-SEC-01); without it, a rotated Key Vault secret reaches pods only when they restart.
   */
  public requireSecretRotation(requester: IConstruct): void {
    if (this.rotationWarned.has(requester.node.path)) return;
    this.rotationWarned.add(requester.node.path);
    warnProp(
      requester,
      "cluster/secret-rotation-unverified",
      "cluster",
      this.node.path,
      "is a cluster this stack does not create, so whether its Key Vault secrets provider rotates secrets (AKS-SEC-01) cannot be checked here",
      "set key_vault_secrets_provider { secret_rotation_enabled = true } where the cluster is defined (SecureCluster does)",
    );
  }
}
