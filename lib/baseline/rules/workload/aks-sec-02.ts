import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { referencesResource } from "../../references";
import { failed, grantsRole, passed, unknown } from "../findings";

const SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
/** Roles that read or change every secret, key and certificate of a vault. */
const BROAD_ROLES: [string, string][] = [
  ["Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483"],
  ["Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"],
];

/**
 * Error: vault access for workloads goes through one workload identity per tenant with
 * "Key Vault Secrets User" on the vault or on single secrets. Evaluated on role assignments scoped
 * to a vault or a secret of this document: a grant to the cluster's shared add-on or kubelet
 * identity gives every pod on the node the secrets; a broad data-plane role to a workload identity
 * lets a tenant read or write far more than it mounts.
 */
export const aksSec02: Rule = {
  id: "AKS-SEC-02",
  title: getControl("AKS-SEC-02").title,
  severity: "error",
  references: { mcsb: ["PA-7"], other: ["csi-secrets-store-driver.md"] },
  resourceTypes: ["azurerm_role_assignment"],
  fix: 'Grant "Key Vault Secrets User" to the tenant\'s workload identity (azurerm_user_assigned_identity.<x>.principal_id) on the vault or the secret (KeyVaultCsi.grantRead does).',
  evaluate: (assignment, document) => {
    const targets = [...document.ofType("azurerm_key_vault"), ...document.ofType("azurerm_key_vault_secret")];
    if (!targets.some((target) => referencesResource(assignment.config.scope, target))) return undefined;
    const principal = assignment.config.principal_id;
    const workloadIdentity = document.ofType("azurerm_user_assigned_identity").find((identity) => referencesResource(principal, identity, "principal_id"));
    const federated = workloadIdentity !== undefined && document.ofType("azurerm_federated_identity_credential").some((credential) => referencesResource(credential.config.parent_id, workloadIdentity, "id"));
    const broad = BROAD_ROLES.find(([name, guid]) => grantsRole(assignment, name, guid));
    if (broad && federated) {
      return failed("role_definition_name", broad[0], "a workload identity gets a vault-wide data-plane role instead of read access to its own secrets");
    }
    if (!grantsRole(assignment, "Key Vault Secrets User", SECRETS_USER)) return undefined;
    const shared = document
      .ofType("azurerm_kubernetes_cluster")
      .some((cluster) => referencesResource(principal, cluster, "kubelet_identity.0.object_id") || referencesResource(principal, cluster, "key_vault_secrets_provider.0.secret_identity.0.object_id"));
    if (shared) return failed("principal_id", principal, "the grant goes to an identity shared by every pod on the nodes, not to one tenant's workload identity");
    if (workloadIdentity) return passed("principal_id", principal);
    return unknown("principal_id", principal, "the principal is not a user-assigned identity of this document; check it is one tenant's workload identity");
  },
};
