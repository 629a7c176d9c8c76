import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, referencedResource, unknown } from "../findings";

/**
 * Error: with local accounts off the admin groups are the only break-glass path. A cluster without
 * the Entra block has no admin groups either, so it fails here as well as in AKS-IAM-01. A group id
 * that references a declared azuread_group counts; any other expression is unknown.
 */
export const aksIam02 = defineRule("AKS-IAM-02", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set azure_active_directory_role_based_access_control.admin_group_object_ids to at least one Entra group (SecureCluster entraId.adminGroupObjectIds).",
  evaluate: (cluster, document) => {
    if (readAttribute(cluster.config, "azure_active_directory_role_based_access_control") === undefined)
      return failed(
        "azure_active_directory_role_based_access_control",
        undefined,
        "without Entra integration there are no Entra admin groups",
      );
    const attribute = "azure_active_directory_role_based_access_control.admin_group_object_ids";
    const groups = readAttribute(cluster.config, attribute);
    if (typeof groups === "string" && isExpression(groups)) return unknown(attribute, groups);
    if (!Array.isArray(groups) || groups.length === 0)
      return failed(
        attribute,
        groups,
        "no Entra group is cluster admin, and with local accounts off nobody can break glass",
      );
    const known = groups.some(
      (group) =>
        (typeof group === "string" && group !== "" && !isExpression(group)) ||
        referencedResource(group, document, ["azuread_group"], ["object_id", "id"]) !== undefined,
    );
    if (!known)
      return unknown(
        attribute,
        groups,
        "every admin group is an expression that references no declared azuread_group; it may be empty at apply",
      );
    return passed(attribute, groups);
  },
});
