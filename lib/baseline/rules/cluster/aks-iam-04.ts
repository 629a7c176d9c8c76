import { Rule, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean } from "../findings";

/** Error: Azure RBAC is how namespace-scoped tenant access is granted and reviewed. */
export const aksIam04: Rule = {
  id: "AKS-IAM-04",
  title: getControl("AKS-IAM-04").title,
  severity: "error",
  references: { mcsb: ["PA-7"], cis: ["5.5.2"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set azure_active_directory_role_based_access_control.azure_rbac_enabled = true (SecureCluster default).",
  evaluate: (cluster) => {
    if (readAttribute(cluster.config, "azure_active_directory_role_based_access_control") === undefined) return undefined;
    return expectBoolean(cluster, "azure_active_directory_role_based_access_control.azure_rbac_enabled", true, false, "Kubernetes authorization is not governed by Azure role assignments (no namespace-scoped Entra roles, no PIM)");
  },
};
