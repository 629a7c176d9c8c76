import { TerraformDocument, TerraformResource, addToGroup, documentIndex, isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, federatedCredentialsOf, grantsRole, passed, referencedResource, unknown } from "../findings";
import { AzureRoles } from "../../../util/azure-roles";

const SUBJECT = /^system:serviceaccount:([^:]+):[^:]+$/;

/** The vault part of a Key Vault scope (`<vault>` of `<vault>/secrets/<name>`), compared as written (literals case-insensitively). */
function vaultOf(scope: string): { vault: string; secretScoped: boolean } {
  const match = /^(.*?)\/secrets\/[^/]+\/?$/i.exec(scope);
  const vault = match ? match[1] : scope.replace(/\/+$/, "");
  return { vault: isExpression(vault) ? vault : vault.toLowerCase(), secretScoped: match !== null };
}

/** "Key Vault Secrets User" grants with a string scope, by vaultOf(scope).vault, in document order. */
const SECRETS_USER_GRANTS_BY_VAULT = documentIndex("Key Vault Secrets User grants by vault", (document) => {
  const byVault = new Map<string, TerraformResource[]>();
  for (const grant of document.ofType("azurerm_role_assignment")) {
    if (grantsRole(grant, AzureRoles.keyVaultSecretsUser) && typeof grant.config.scope === "string")
      addToGroup(byVault, vaultOf(grant.config.scope).vault, grant);
  }
  return byVault;
});

/** The namespaces whose ServiceAccounts the grant's principal is federated to; undefined when not traceable in this document. */
function namespacesOf(grant: TerraformResource, document: TerraformDocument): string[] | undefined {
  const identity = referencedResource(
    grant.config.principal_id,
    document,
    ["azurerm_user_assigned_identity"],
    ["principal_id"],
  );
  if (!identity) return undefined;
  const subjects = federatedCredentialsOf(document, identity).map((credential) => credential.config.subject);
  if (subjects.length === 0 || subjects.some((subject) => typeof subject !== "string" || isExpression(subject)))
    return undefined;
  const namespaces = subjects.map((subject) => SUBJECT.exec(subject as string)?.[1]);
  return namespaces.every((namespace): namespace is string => namespace !== undefined)
    ? [...new Set(namespaces)]
    : undefined;
}

/**
 * Error, evaluated on each vault-wide "Key Vault Secrets User" grant (scope a vault, not one of its
 * secrets): the vault must serve no other namespace. A vault-wide grant reads every secret of the
 * vault, so a second namespace's grant on it (vault-wide or secret-scoped) means one tenant reads
 * the other's secrets (issue 10 item 6; Microsoft Learn, Key Vault "Provide access with Azure RBAC"
 * (rbac-guide): a role assigned at vault scope covers every object of the vault, one assigned on a
 * secret only that secret). Grants are matched by their scope as written: the same vault resource, the
 * same remote-state output (tenant stacks reference the platform's vault that way) or the same
 * literal id. Principals that cannot be tied to a ServiceAccount here are unknown.
 */
export const aksSec09 = defineRule("AKS-SEC-09", {
  resourceTypes: ["azurerm_role_assignment"],
  fix: 'Grant "Key Vault Secrets User" on the secrets each namespace reads (KeyVaultCsi.grantRead(namespace, { secrets: [...] })), or give each tenant its own vault (TenantPlatform tenants[].vault).',
  evaluate: (grant, document) => {
    if (!grantsRole(grant, AzureRoles.keyVaultSecretsUser)) return undefined;
    const scope = grant.config.scope;
    if (typeof scope !== "string") return undefined;
    const own = vaultOf(scope);
    if (own.secretScoped) return undefined;
    const mine = namespacesOf(grant, document);
    if (mine === undefined)
      return unknown(
        "principal_id",
        grant.config.principal_id,
        "the grant's principal cannot be tied to one namespace's ServiceAccount in this document",
      );
    if (mine.length > 1)
      return failed(
        "principal_id",
        grant.config.principal_id,
        `one identity reads the whole vault for several namespaces (${mine.sort().join(", ")})`,
      );
    let untraced: TerraformResource | undefined;
    for (const other of document.index(SECRETS_USER_GRANTS_BY_VAULT).get(own.vault) ?? []) {
      if (other === grant) continue;
      const theirs = namespacesOf(other, document);
      if (theirs === undefined) {
        untraced ??= other;
        continue;
      }
      const foreign = theirs.filter((namespace) => !mine.includes(namespace));
      if (foreign.length > 0) {
        return failed(
          "scope",
          scope,
          `namespace ${mine[0]} reads every secret of the vault, which also serves namespace ${foreign.join(", ")} (${other.address}), so it reads that tenant's secrets`,
        );
      }
    }
    if (untraced)
      return unknown(
        "scope",
        scope,
        `${untraced.address} also reads this vault for a principal this document cannot tie to a namespace`,
      );
    return passed("scope", scope, `only namespace ${mine[0]} reads this vault`);
  },
});
