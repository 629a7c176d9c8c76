import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, referencedResource, unknown } from "../findings";

/**
 * Warning: customer-managed keys are optional (key lifecycle cost); platform keys already encrypt at
 * rest. A key id that is an expression passes only when it references a declared azurerm_key_vault_key;
 * any other expression (a variable may be null) is unknown.
 */
export const aksAcr10 = defineRule("AKS-ACR-10", {
  resourceTypes: ["azurerm_container_registry"],
  fix: "Set encryption { key_vault_key_id, identity_client_id } with a user-assigned identity (AcrIntegration prop customerManagedKey).",
  evaluate: (registry, document) => {
    const key = readAttribute(registry.config, "encryption.key_vault_key_id");
    if (key === undefined || key === null || key === "")
      return failed(
        "encryption.key_vault_key_id",
        key ?? undefined,
        "images are encrypted with platform-managed keys only",
      );
    if (isExpression(key)) {
      const declared = referencedResource(key, document, ["azurerm_key_vault_key"]);
      return declared
        ? passed("encryption.key_vault_key_id", key, `customer-managed key ${declared.address}`)
        : unknown(
            "encryption.key_vault_key_id",
            key,
            "the key id is an expression that references no declared azurerm_key_vault_key; it may be null at apply",
          );
    }
    return typeof key === "string"
      ? passed("encryption.key_vault_key_id", key)
      : failed("encryption.key_vault_key_id", key, "is not a Key Vault key id");
  },
});
