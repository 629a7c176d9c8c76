import { Rule, readBlocks } from "../../rule";
import { getControl } from "../../catalog";
import { diagnosticSettingsFor, failed, passed } from "../findings";

const REQUIRED = ["kube-audit-admin", "guard"];
/**
 * Category groups that include the required categories: "allLogs" includes every category; "audit"
 * includes kube-audit, kube-audit-admin and guard (AKS resource-log category groups).
 */
const COVERING_GROUPS = ["allLogs", "audit"];

/** Error: without control-plane audit logs nobody can reconstruct who changed what in the cluster. */
export const aksLog01: Rule = {
  id: "AKS-LOG-01",
  title: getControl("AKS-LOG-01").title,
  severity: "error",
  references: { azurePolicy: ["245fc9df-fa96-4414-9a0b-3738c2f7341c", "6c66c325-74c8-42fd-a286-a74b0e2939d8"], mcsb: ["LT-4"], cis: ["2.1.1"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Add an azurerm_monitor_diagnostic_setting on the cluster with enabled_log { category = "kube-audit-admin" } and { category = "guard" } (SecureCluster does).',
  evaluate: (cluster, document) => {
    const settings = diagnosticSettingsFor(document, cluster);
    if (settings.length === 0) return failed("azurerm_monitor_diagnostic_setting", undefined, "no diagnostic setting sends the cluster's control-plane logs anywhere");
    const categories = new Set<string>();
    for (const setting of settings) {
      for (const log of readBlocks(setting.config, "enabled_log")) {
        if (typeof log.category === "string") categories.add(log.category);
        if (typeof log.category_group === "string" && COVERING_GROUPS.includes(log.category_group)) REQUIRED.forEach((category) => categories.add(category));
      }
    }
    const missing = REQUIRED.filter((category) => !categories.has(category));
    if (missing.length > 0) return failed("enabled_log", [...categories].sort(), `the control-plane logs ${missing.join(" and ")} are not collected`);
    return passed("enabled_log", [...categories].sort());
  },
};
