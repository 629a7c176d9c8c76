import { Rule, isExpression, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";

/** Warning: customer-managed keys are optional (key lifecycle cost); platform keys already encrypt at rest. */
export const aksAcr10: Rule = {
  id: "AKS-ACR-10",
  title: getControl("AKS-ACR-10").title,
  severity: "warning",
  references: { azurePolicy: ["5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580"], mcsb: ["DP-5"] },
  resourceTypes: ["azurerm_container_registry"],
  fix: "Set encryption { key_vault_key_id, identity_client_id } with a user-assigned identity (AcrIntegration prop customerManagedKey).",
  evaluate: (registry) => {
    const key = readAttribute(registry.config, "encryption.key_vault_key_id");
    if (key === undefined) return failed("encryption.key_vault_key_id", undefined, "images are encrypted with platform-managed keys only");
    if (isExpression(key)) return passed("encryption.key_vault_key_id", key, "a customer-managed key is configured (resolved at apply)");
    return typeof key === "string" && key !== "" ? passed("encryption.key_vault_key_id", key) : unknown("encryption.key_vault_key_id", key, "unreadable key id");
  },
};
