import { RuleFinding, TerraformDocument, TerraformResource, isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { referencedAmong, referencesResource } from "../../references";
import { referencesDocumentResource } from "../cluster/scope";
import { failed, federatedCredentialsOf, grantsRole, passed, unknown } from "../findings";
import { AzureBuiltInRole, AzureRoles } from "../../../util/azure-roles";

/** Roles that read or change every secret, key and certificate of a vault. */
const BROAD_ROLES: readonly AzureBuiltInRole[] = [AzureRoles.keyVaultAdministrator, AzureRoles.keyVaultSecretsOfficer];
/** Identities every pod on a node can use: the kubelet's and the secrets provider add-on's. */
const SHARED_IDENTITY = /(kubelet_identity|secret_identity)/;
const VAULT_ID =
  /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.keyvault\/vaults\/[^/]+(\/secrets\/[^/]+)?\/?$/i;
/** Scopes that contain vaults: a grant there reads every vault below. */
const CONTAINER_SCOPE =
  /^(\/providers\/microsoft\.management\/managementgroups\/[^/]+|\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?)\/?$/i;

/** Who the grant is for: judged ("failed"/"passed") or not traceable in this document ("unknown"). */
function judgePrincipal(assignment: TerraformResource, document: TerraformDocument): RuleFinding {
  const principal = assignment.config.principal_id;
  const type = assignment.config.principal_type;
  if (typeof type === "string" && type.toLowerCase() === "group") {
    return failed(
      "principal_type",
      type,
      "the grant goes to a group, so every member (people and workloads alike) reads the secrets, not one tenant's workload identity",
    );
  }
  const clusters = document.ofType("azurerm_kubernetes_cluster");
  const shared =
    clusters.some(
      (cluster) =>
        referencesResource(principal, cluster, "kubelet_identity.0.object_id") ||
        referencesResource(principal, cluster, "key_vault_secrets_provider.0.secret_identity.0.object_id"),
    ) ||
    (typeof principal === "string" && isExpression(principal) && SHARED_IDENTITY.test(principal));
  if (shared)
    return failed(
      "principal_id",
      principal,
      "the grant goes to an identity shared by every pod on the nodes (kubelet or secrets provider add-on), not to one tenant's workload identity",
    );
  if (typeof principal === "string" && /\$\{(data\.)?azuread_group\./.test(principal)) {
    return failed(
      "principal_id",
      principal,
      "the grant goes to a group, so every member reads the secrets, not one tenant's workload identity",
    );
  }
  const identity = referencedAmong(document, principal, ["azurerm_user_assigned_identity"], "principal_id")[0];
  if (!identity) {
    if (isExpression(principal))
      return unknown(
        "principal_id",
        principal,
        "the principal is not an identity of this document (another stack, a variable or a data source); check it is one tenant's workload identity",
      );
    return unknown(
      "principal_id",
      principal,
      "a literal principal id cannot be matched to a workload identity at synth",
    );
  }
  const subjects = federatedCredentialsOf(document, identity).map((credential) => credential.config.subject);
  if (subjects.length === 0)
    return unknown(
      "principal_id",
      principal,
      `${identity.address} has no federated credential in this document; check it is federated to one ServiceAccount`,
    );
  if (subjects.some(isExpression))
    return unknown(
      "principal_id",
      principal,
      `the ServiceAccount ${identity.address} is federated to is a Terraform expression`,
    );
  const distinct = [...new Set(subjects.map(String))].sort();
  if (distinct.length > 1)
    return failed(
      "principal_id",
      principal,
      `${identity.address} is federated to several ServiceAccounts (${distinct.join(", ")}), so each of them reads the secrets`,
    );
  return passed("principal_id", principal);
}

type ScopeKind = "vault" | "container" | "other" | "unknown";

/** Where the grant applies: one vault or secret, a scope containing vaults, something else, or untraceable. */
function classifyScope(scope: unknown, document: TerraformDocument): ScopeKind {
  if (referencedAmong(document, scope, ["azurerm_key_vault", "azurerm_key_vault_secret"]).length > 0) return "vault";
  if (typeof scope !== "string") return "unknown";
  if (!isExpression(scope)) return VAULT_ID.test(scope) ? "vault" : CONTAINER_SCOPE.test(scope) ? "container" : "other";
  if (referencedAmong(document, scope, ["azurerm_resource_group"], "id").length > 0) return "container";
  return referencesDocumentResource(scope, document) ? "other" : "unknown";
}

function judgeScope(scope: unknown, kind: ScopeKind): RuleFinding {
  switch (kind) {
    case "vault":
      return passed("scope", scope);
    case "container":
      return failed(
        "scope",
        scope,
        "the grant covers every vault of the subscription, resource group or management group; scope it to one vault or one secret",
      );
    case "other":
      return failed("scope", scope, "the scope is not a Key Vault or one of its secrets");
    default:
      return unknown(
        "scope",
        scope,
        "the scope comes from another stack, a variable or a data source; check it is one vault or one secret",
      );
  }
}

/**
 * Error: vault access for workloads goes through one workload identity per tenant with
 * "Key Vault Secrets User" on the vault or on single secrets. Evaluated on every "Key Vault Secrets
 * User" assignment (by name or role id), wherever its scope comes from, and on broad data-plane
 * roles given to a workload identity of this document. A grant to the cluster's shared add-on or
 * kubelet identity, or to a group, gives the secrets to far more than one tenant's pods; a grant
 * above one vault reads every vault below it. Principals and scopes from other stacks (tenant
 * stacks reference the platform's vault through remote state) are reported as unknown.
 */
export const aksSec02 = defineRule("AKS-SEC-02", {
  resourceTypes: ["azurerm_role_assignment"],
  fix: 'Grant "Key Vault Secrets User" to the tenant\'s workload identity (azurerm_user_assigned_identity.<x>.principal_id, federated to one ServiceAccount) on the vault or the secret (KeyVaultCsi.grantRead does).',
  evaluate: (assignment, document) => {
    const broad = BROAD_ROLES.find((role) => grantsRole(assignment, role));
    if (broad) {
      const principal = assignment.config.principal_id;
      const workloadIdentity = referencedAmong(
        document,
        principal,
        ["azurerm_user_assigned_identity"],
        "principal_id",
      ).find((identity) => federatedCredentialsOf(document, identity).length > 0);
      const kind = classifyScope(assignment.config.scope, document);
      // The role does nothing outside vaults and the scopes that contain them.
      if (!workloadIdentity || kind === "other") return undefined;
      if (kind === "unknown")
        return unknown(
          "role_definition_name",
          broad.name,
          "a workload identity gets a vault-wide data-plane role on a scope from outside this document; check it is not a vault",
        );
      return failed(
        "role_definition_name",
        broad.name,
        "a workload identity gets a vault-wide data-plane role instead of read access to its own secrets",
      );
    }
    if (!grantsRole(assignment, AzureRoles.keyVaultSecretsUser)) return undefined;
    const principal = judgePrincipal(assignment, document);
    if (principal.outcome === "failed") return principal;
    const scope = judgeScope(assignment.config.scope, classifyScope(assignment.config.scope, document));
    if (scope.outcome === "failed") return scope;
    if (principal.outcome === "unknown") return principal;
    return scope.outcome === "unknown" ? scope : principal;
  },
});
