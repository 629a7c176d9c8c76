import { TerraformDocument, isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { referencedAmong, referencesResource } from "../../references";
import { failed, passed, unknown } from "../findings";

/** A literal Key Vault key id with its version segment: https://<vault>.vault.azure.net/keys/<name>/<version>. */
const VERSIONED_KEY_ID = /^https:\/\/[^/]+\/keys\/[^/]+\/[^/]+$/i;

/** The key of key_vault_key_id when it references an azurerm_key_vault_key of the document. */
function referencedKey(keyId: string, document: TerraformDocument) {
  return referencedAmong(document, keyId, ["azurerm_key_vault_key"])[0];
}

/**
 * Warning: KMS is optional in the catalog (a key lifecycle to run; a lost or expired key loses the
 * cluster's secrets), so its absence is reported, not refused. When it is configured, the key must
 * be versioned (AKS rejects a versionless id) and a private vault needs "Private" network access.
 */
export const aksDat01 = defineRule("AKS-DAT-01", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Add key_management_service { key_vault_key_id = <versioned key id, e.g. azurerm_key_vault_key.id>, key_vault_network_access = "Private" } with API-server VNet integration for a private vault; the user-assigned identity needs "Key Vault Crypto User" (SecureCluster keyManagementService).',
  evaluate: (cluster, document) => {
    const keyId = readAttribute(cluster.config, "key_management_service.key_vault_key_id");
    if (keyId === undefined)
      return failed("key_management_service", undefined, "etcd secrets are encrypted with platform-managed keys only");
    if (typeof keyId !== "string")
      return failed("key_management_service.key_vault_key_id", keyId, "is not a Key Vault key id");
    const key = isExpression(keyId) ? referencedKey(keyId, document) : undefined;
    if (isExpression(keyId)) {
      if (key && referencesResource(keyId, key, "versionless_id"))
        return failed(
          "key_management_service.key_vault_key_id",
          keyId,
          "KMS needs a versioned key id; versionless_id is rejected",
        );
      if (!key)
        return unknown(
          "key_management_service.key_vault_key_id",
          keyId,
          "the KMS key is an expression this document cannot resolve to a Key Vault key",
        );
    } else if (!VERSIONED_KEY_ID.test(keyId)) {
      return failed(
        "key_management_service.key_vault_key_id",
        keyId,
        "KMS needs a versioned key id (…/keys/<name>/<version>)",
      );
    }
    const access = readAttribute(cluster.config, "key_management_service.key_vault_network_access");
    if (isExpression(access)) return unknown("key_management_service.key_vault_network_access", access);
    if (access === "Private") {
      const integrated = readAttribute(cluster.config, "api_server_access_profile.virtual_network_integration_enabled");
      if (isExpression(integrated))
        return unknown("api_server_access_profile.virtual_network_integration_enabled", integrated);
      if (integrated !== true)
        return failed(
          "api_server_access_profile.virtual_network_integration_enabled",
          integrated,
          "KMS with a private vault needs API-server VNet integration (AKS-NET-03); the API server cannot reach the key",
        );
      return passed("key_management_service.key_vault_network_access", access);
    }
    // "Public" (the default) is right for a vault that allows public access, wrong for a private one.
    const vault = key ? referencedAmong(document, key.config.key_vault_id, ["azurerm_key_vault"], "id")[0] : undefined;
    if (!vault)
      return unknown(
        "key_management_service.key_vault_network_access",
        access ?? "absent (Public)",
        'the KMS vault is not declared in this document, so whether it needs "Private" access is unknown',
      );
    const publicAccess = vault.config.public_network_access_enabled;
    if (isExpression(publicAccess))
      return unknown(
        "key_management_service.key_vault_network_access",
        access ?? "absent (Public)",
        `whether ${vault.address} is private is an expression`,
      );
    if (publicAccess === false)
      return failed(
        "key_management_service.key_vault_network_access",
        access ?? "absent (Public)",
        `${vault.address} is private, so KMS must use "Private" network access`,
      );
    return passed("key_management_service.key_vault_network_access", access ?? "absent (Public)");
  },
});
