import { isExpression, readBlocks } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import { resourcesScopedTo } from "./scope";

const REQUIRED = ["kube-audit-admin", "guard"];
/** kube-audit is a superset of kube-audit-admin (it adds get and list events), so it covers it. */
const COVERED_BY: Record<string, string[]> = { "kube-audit": ["kube-audit-admin"] };
/**
 * Category groups of Microsoft.ContainerService/managedClusters: "allLogs" includes every category;
 * "audit" includes the audit categories kube-audit, kube-audit-admin and guard.
 */
const GROUPS: Record<string, string[]> = {
  allLogs: ["kube-audit", "kube-audit-admin", "guard"],
  audit: ["kube-audit", "kube-audit-admin", "guard"],
};

/** Categories a diagnostic setting collects; undefined when one of them is an expression. */
function collected(config: Record<string, unknown>): Set<string> | undefined {
  const categories = new Set<string>();
  for (const log of readBlocks(config, "enabled_log")) {
    if (isExpression(log.category) || isExpression(log.category_group)) return undefined;
    const names = [
      ...(typeof log.category === "string" ? [log.category] : []),
      ...(typeof log.category_group === "string" ? (GROUPS[log.category_group] ?? []) : []),
    ];
    for (const name of names) [name, ...(COVERED_BY[name] ?? [])].forEach((covered) => categories.add(covered));
  }
  return categories;
}

/**
 * Error: without control-plane audit logs nobody can reconstruct who changed what in the cluster
 * (kube-audit-admin) or who was let in by Entra ID (guard). Settings targeting the cluster through
 * an expression this document cannot resolve (another stack's output, a variable) make the result
 * unknown rather than failed.
 */
export const aksLog01 = defineRule("AKS-LOG-01", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Add an azurerm_monitor_diagnostic_setting with target_resource_id = the cluster id and enabled_log { category = "kube-audit-admin" } and enabled_log { category = "guard" } (or category_group = "audit"), sent to Log Analytics (SecureCluster does).',
  evaluate: (cluster, document) => {
    const { certain, unresolved } = resourcesScopedTo(
      document,
      cluster,
      "azurerm_monitor_diagnostic_setting",
      (setting) => setting.config.target_resource_id,
    );
    const categories = new Set<string>();
    let dynamic: string | undefined;
    for (const setting of certain) {
      const found = collected(setting.config);
      if (found) found.forEach((category) => categories.add(category));
      else dynamic ??= setting.address;
    }
    const missing = REQUIRED.filter((category) => !categories.has(category));
    if (missing.length === 0) return passed("enabled_log", [...categories].sort());
    if (dynamic)
      return unknown("enabled_log", [...categories].sort(), `the log categories of ${dynamic} are expressions`);
    if (unresolved.length > 0)
      return unknown(
        "azurerm_monitor_diagnostic_setting.target_resource_id",
        unresolved[0].config.target_resource_id,
        `${unresolved[0].address} targets a resource only apply can resolve; it may collect this cluster's logs`,
      );
    if (certain.length === 0)
      return failed(
        "azurerm_monitor_diagnostic_setting",
        undefined,
        "no diagnostic setting sends the cluster's control-plane logs anywhere",
      );
    return failed(
      "enabled_log",
      [...categories].sort(),
      `the control-plane logs ${missing.join(" and ")} are not collected`,
    );
  },
});
