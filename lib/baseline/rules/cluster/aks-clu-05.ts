import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { expectBoolean, failed, passed, unknown } from "../findings";

const CRITICAL_ADDONS_TAINT = /^CriticalAddonsOnly(=true)?:NoSchedule$/;

/**
 * Error: otherwise system components share nodes with tenant workloads. Judged on the default pool
 * (only_critical_addons_enabled) and on each separate pool: a "User" pool (the default mode) is
 * where workloads belong; an extra "System" pool must carry the CriticalAddonsOnly taint too.
 */
export const aksClu05 = defineRule("AKS-CLU-05", {
  resourceTypes: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
  fix: 'Set default_node_pool.only_critical_addons_enabled = true and run workloads on node pools with mode = "User" (SecureCluster and addNodePool do); an additional "System" pool needs node_taints = ["CriticalAddonsOnly=true:NoSchedule"].',
  evaluate: (resource) => {
    if (resource.type === "azurerm_kubernetes_cluster") {
      return expectBoolean(
        resource,
        "default_node_pool.only_critical_addons_enabled",
        true,
        false,
        "tenant pods can land next to CoreDNS, konnectivity and the policy agents",
      );
    }
    const mode = resource.config.mode;
    if (isExpression(mode)) return unknown("mode", mode);
    if (mode === undefined || mode === "User") return passed("mode", mode ?? "absent (User)");
    const taints = resource.config.node_taints;
    if (isExpression(taints)) return unknown("node_taints", taints);
    if (Array.isArray(taints) && taints.some((taint) => typeof taint === "string" && CRITICAL_ADDONS_TAINT.test(taint)))
      return passed("node_taints", taints);
    return failed(
      "node_taints",
      taints,
      `a ${String(mode)} pool without the CriticalAddonsOnly taint runs tenant pods next to system add-ons`,
    );
  },
});
