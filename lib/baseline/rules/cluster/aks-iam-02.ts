import { Rule, isExpression, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";

/**
 * Error: with local accounts off the admin groups are the only break-glass path. A cluster without
 * the Entra block has no admin groups either, so it fails here as well as in AKS-IAM-01.
 */
export const aksIam02: Rule = {
  id: "AKS-IAM-02",
  title: getControl("AKS-IAM-02").title,
  severity: "error",
  references: { azurePolicy: ["36a27de4-199b-40fb-b336-945a8475d6c5"], cis: ["4.1.1"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set azure_active_directory_role_based_access_control.admin_group_object_ids to at least one Entra group (SecureCluster entraId.adminGroupObjectIds).",
  evaluate: (cluster) => {
    if (readAttribute(cluster.config, "azure_active_directory_role_based_access_control") === undefined) return failed("azure_active_directory_role_based_access_control", undefined, "without Entra integration there are no Entra admin groups");
    const groups = readAttribute(cluster.config, "azure_active_directory_role_based_access_control.admin_group_object_ids");
    if (isExpression(groups)) return unknown("azure_active_directory_role_based_access_control.admin_group_object_ids", groups);
    if (!Array.isArray(groups) || groups.length === 0) return failed("azure_active_directory_role_based_access_control.admin_group_object_ids", groups, "no Entra group is cluster admin, and with local accounts off nobody can break glass");
    return passed("azure_active_directory_role_based_access_control.admin_group_object_ids", groups);
  },
};
