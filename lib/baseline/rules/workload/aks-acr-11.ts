import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { referencesResource } from "../../references";
import { failed, passed } from "../findings";

/**
 * Warning: a delete lock protects the registry name (registry names are global: a deleted name can
 * be claimed by someone else, whose images would then match the allowed-images regex), but it also
 * blocks `terraform destroy`, so it is a recommendation.
 */
export const aksAcr11: Rule = {
  id: "AKS-ACR-11",
  title: getControl("AKS-ACR-11").title,
  severity: "warning",
  references: { kics: ["a187ac47-8163-42ce-8a63-c115236be6fb"] },
  resourceTypes: ["azurerm_container_registry"],
  fix: 'Add an azurerm_management_lock with scope = the registry id and lock_level = "CanNotDelete" (AcrIntegration does by default).',
  evaluate: (registry, document) => {
    const locks = document.ofType("azurerm_management_lock").filter((lock) => lock.config.lock_level === "CanNotDelete" && referencesResource(lock.config.scope, registry, "id"));
    return locks.length > 0 ? passed("azurerm_management_lock", locks[0].address) : failed("azurerm_management_lock", undefined, "nothing prevents deleting the registry and losing its globally unique name");
  },
};
