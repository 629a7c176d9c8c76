import { IConstruct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { ISecureCluster } from "../cluster/cluster-ref";

/** A workload identity of one tenant: an Entra user-assigned identity federated to one ServiceAccount. */
export interface TenantWorkloadIdentity {
  /** Kubernetes ServiceAccount the identity is federated to. */
  readonly serviceAccountName: string;
  /** The user-assigned identity (escape hatch). */
  readonly identity: UserAssignedIdentity;
  /** Client id: the value of the ServiceAccount's `azure.workload.identity/client-id` annotation. */
  readonly clientId: string;
  /** Principal (object) id: the principal role assignments must target. */
  readonly principalId: string;
}

/**
 * What other constructs (KeyVaultCsi.grantRead, the topologies) need from a tenant namespace.
 * IsolatedNamespace implements it.
 */
export interface ITenantNamespace extends IConstruct {
  /** Kubernetes namespace name. */
  readonly namespaceName: string;
  /** The cluster the namespace lives in. */
  readonly cluster: ISecureCluster;
  /**
   * The in-cluster namespace resource, when this construct creates it. Objects other constructs
   * put into the namespace (SecretProviderClasses) depend on it, so a fresh apply creates the
   * namespace first.
   */
  readonly namespace?: ITerraformDependable;
  /** The tenant's workload identities, in declaration order. */
  readonly workloadIdentities: readonly TenantWorkloadIdentity[];
  /** The workload identity federated to `serviceAccountName`, or undefined. */
  workloadIdentity(serviceAccountName: string): TenantWorkloadIdentity | undefined;
}
