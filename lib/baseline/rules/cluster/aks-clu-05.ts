import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean } from "../findings";

/** Error: system components share nodes with tenant workloads otherwise. */
export const aksClu05: Rule = {
  id: "AKS-CLU-05",
  title: getControl("AKS-CLU-05").title,
  severity: "error",
  references: { azurePolicy: ["48940d92-ff05-449e-9111-e742d9280451", "e16d171b-bfe5-4d79-a525-19736b396e92"], checkov: ["CKV_AZURE_232"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set default_node_pool.only_critical_addons_enabled = true and run workloads on user pools (SecureCluster does).",
  evaluate: (cluster) => expectBoolean(cluster, "default_node_pool.only_critical_addons_enabled", true, false, "tenant pods can land next to CoreDNS, konnectivity and the policy agents"),
};
