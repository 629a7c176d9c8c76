import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import { scopeMatch } from "../cluster/scope";

/** Lock levels that prevent deleting the registry (ReadOnly also blocks deletion, and more). */
const PROTECTING = ["CanNotDelete", "ReadOnly"];

/**
 * Warning: a delete lock protects the registry name (registry names are global: a deleted name can
 * be claimed by someone else, whose images would then match the allowed-images regex), but it also
 * blocks `terraform destroy`, so it is a recommendation. A lock whose scope or level is an expression
 * this document cannot resolve may protect the registry (unknown).
 */
export const aksAcr11 = defineRule("AKS-ACR-11", {
  resourceTypes: ["azurerm_container_registry"],
  fix: 'Add an azurerm_management_lock with scope = the registry id and lock_level = "CanNotDelete" (AcrIntegration does by default).',
  evaluate: (registry, document) => {
    let possible: string | undefined;
    for (const lock of document.ofType("azurerm_management_lock")) {
      const scope = scopeMatch(lock.config.scope, registry, document);
      if (scope === "other") continue;
      const level = lock.config.lock_level;
      if (!isExpression(level) && !PROTECTING.includes(String(level))) continue;
      if (scope === "target" && !isExpression(level)) return passed("azurerm_management_lock", lock.address);
      possible ??= lock.address;
    }
    if (possible)
      return unknown(
        "azurerm_management_lock",
        possible,
        `the scope or level of ${possible} is an expression known only at apply`,
      );
    return failed(
      "azurerm_management_lock",
      undefined,
      "nothing prevents deleting the registry and losing its globally unique name",
    );
  },
});
