/**
 * The Azure built-in roles this library assigns or looks for, in one place: the name a
 * `role_definition_name` carries and the role definition GUID the same role has in every tenant
 * (what the baseline compares, since an assignment may name the role either way).
 *
 * Source: Microsoft Learn, "Azure built-in roles" (role-based-access-control/built-in-roles.md, and
 * its per-area pages: containers, security, networking, general), which lists each role's name and
 * ID; the ids below were compared with it.
 */
export interface AzureBuiltInRole {
  /** The role's name, as `role_definition_name` takes it. */
  readonly name: string;
  /** The role definition GUID, the same in every tenant. */
  readonly id: string;
}

function role(name: string, id: string): AzureBuiltInRole {
  return { name, id };
}

export const AzureRoles = {
  /** Pull images from a registry: what the kubelet identity needs, and nothing more (AKS-ACR-01). */
  acrPull: role("AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d"),
  /** Read secret contents of a vault (data plane only): a workload identity's grant (AKS-SEC-02). */
  keyVaultSecretsUser: role("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6"),
  /** Manage secrets of a vault: what creating secrets from Terraform takes. */
  keyVaultSecretsOfficer: role("Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"),
  /** Every data-plane action on a vault: never granted to a workload (AKS-SEC-02 flags it). */
  keyVaultAdministrator: role("Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483"),
  /** Cryptographic operations with keys: the control plane's KMS key access (AKS-DAT-01). */
  keyVaultCryptoUser: role("Key Vault Crypto User", "12338af0-0e69-4776-bea7-57ae8d297424"),
  /** Wrap and unwrap with a key: a registry's customer-managed key (AKS-ACR-10). */
  keyVaultCryptoServiceEncryptionUser: role(
    "Key Vault Crypto Service Encryption User",
    "e147488a-f6f5-4113-8e2d-b22465e65bf6",
  ),
  /** Join subnets and manage the load balancer's network: the control plane identity on its subnets. */
  networkContributor: role("Network Contributor", "4d97b98b-1d4f-4787-a291-c67834d212e7"),
  /** Write records into a bring-your-own private DNS zone for a private cluster. */
  privateDnsZoneContributor: role("Private DNS Zone Contributor", "b12aa53e-6015-4669-85d0-8515ebb3ae7f"),
  /** Read a resource: the control plane identity on a disk encryption set. */
  reader: role("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"),
  /** Download a user kubeconfig (no Kubernetes rights by itself). */
  aksClusterUser: role("Azure Kubernetes Service Cluster User Role", "4abbcc35-e782-43d8-92c5-2d3f1bd2253f"),
  /** Read most objects of a namespace, secrets excluded. */
  aksRbacReader: role("Azure Kubernetes Service RBAC Reader", "7f6c6a51-bcf8-42ba-9220-52d62157d7db"),
  /** Read/write most objects of a namespace: the model of the tenant Writer custom role. */
  aksRbacWriter: role("Azure Kubernetes Service RBAC Writer", "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb"),
  /** Namespace admin: the model of the tenant Admin custom role. */
  aksRbacAdmin: role("Azure Kubernetes Service RBAC Admin", "3498e952-d568-435e-9b2c-8d77e338d7f7"),
  /** Every Kubernetes right in the cluster: the platform group's, at cluster scope only (AKS-IAM-06, TEN-06). */
  aksRbacClusterAdmin: role("Azure Kubernetes Service RBAC Cluster Admin", "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"),
  // Roles the baseline looks for but the library never assigns: more than a cluster identity may hold
  // on a registry (AKS-ACR-01 flags them).
  /** Full control of a resource, including granting access. */
  owner: role("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
  /** Full control of a resource, without granting access. */
  contributor: role("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"),
  /** Grants access to a resource. */
  userAccessAdministrator: role("User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"),
  /** Grants access to a resource (role assignments only). */
  roleBasedAccessControlAdministrator: role(
    "Role Based Access Control Administrator",
    "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
  ),
  /** Push images to a registry. */
  acrPush: role("AcrPush", "8311e382-0749-4cb8-b61a-304f252e45ec"),
  /** Delete images from a registry. */
  acrDelete: role("AcrDelete", "c2f4ef07-c644-48eb-af81-4b1b4947fb11"),
  /** Sign images of a registry. */
  acrImageSigner: role("AcrImageSigner", "6cef56e8-d556-48e5-a04f-b8e64114680f"),
  /** Release quarantined images of a registry. */
  acrQuarantineWriter: role("AcrQuarantineWriter", "c8d4ff99-41c3-41a8-9f60-21dfdad59608"),
  /** Write repositories of an ABAC-enabled registry. */
  containerRegistryRepositoryWriter: role(
    "Container Registry Repository Writer",
    "2a1e307c-b015-4ebd-883e-5b7698a07328",
  ),
} as const;

/** The namespace of the AKS data actions (Azure RBAC for Kubernetes authorization), as the built-in roles write it. */
export const AKS_DATA_ACTION_PREFIX = "Microsoft.ContainerService/managedClusters/";

/**
 * The Kubernetes resources whose write lets a tenant remove a platform guardrail, in the data-action
 * notation (`<group>/<resource>`, core group without prefix; lower case): the namespace's
 * NetworkPolicies (default deny), LimitRange and ResourceQuotas, Endpoints (a hand-written Endpoints
 * object points a Service at any IP) and its Roles and RoleBindings. The tenant roles may read but
 * not write them (lib/namespace/tenant-access-levels.ts); AKS-TEN-06 fails a role that writes one. Data action
 * names: Microsoft Learn, role-based-access-control/permissions/containers.md.
 */
export const TENANT_GUARDRAIL_RESOURCES: readonly string[] = [
  "networking.k8s.io/networkpolicies",
  "extensions/networkpolicies",
  "limitranges",
  "resourcequotas",
  "endpoints",
  "rbac.authorization.k8s.io/rolebindings",
  "rbac.authorization.k8s.io/roles",
];
