import { readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed } from "../findings";

/** Error: without Entra integration, identities and access cannot be governed centrally. */
export const aksIam01 = defineRule("AKS-IAM-01", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Add the azure_active_directory_role_based_access_control block with tenant_id (SecureCluster entraId does).",
  evaluate: (cluster) => {
    const block = readAttribute(cluster.config, "azure_active_directory_role_based_access_control");
    if (block === undefined || (Array.isArray(block) && block.length === 0))
      return failed(
        "azure_active_directory_role_based_access_control",
        undefined,
        "users authenticate with cluster certificates instead of Entra ID",
      );
    return passed(
      "azure_active_directory_role_based_access_control.tenant_id",
      readAttribute(cluster.config, "azure_active_directory_role_based_access_control.tenant_id"),
    );
  },
});
