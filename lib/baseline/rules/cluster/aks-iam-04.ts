import { readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { expectBoolean, failed } from "../findings";

/**
 * Error: Azure RBAC is how namespace-scoped tenant access is granted and reviewed. It needs the
 * Entra block, so a cluster without it fails here as well as in AKS-IAM-01.
 */
export const aksIam04 = defineRule("AKS-IAM-04", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set azure_active_directory_role_based_access_control.azure_rbac_enabled = true (SecureCluster default).",
  evaluate: (cluster) => {
    if (readAttribute(cluster.config, "azure_active_directory_role_based_access_control") === undefined)
      return failed(
        "azure_active_directory_role_based_access_control",
        undefined,
        "Azure RBAC for Kubernetes needs Entra integration, which is off",
      );
    return expectBoolean(
      cluster,
      "azure_active_directory_role_based_access_control.azure_rbac_enabled",
      true,
      false,
      "Kubernetes authorization is not governed by Azure role assignments (no namespace-scoped Entra roles, no PIM)",
    );
  },
});
