import { Rule, readBlocks } from "../../rule";
import { getControl } from "../../catalog";
import { diagnosticSettingsFor, failed, passed } from "../findings";

/** Error: without audit logs nobody can tell which workload read which secret. */
export const aksSec06: Rule = {
  id: "AKS-SEC-06",
  title: getControl("AKS-SEC-06").title,
  severity: "error",
  references: { azurePolicy: ["cf820ca0-f99e-4f3e-84fb-66e913812d21"], mcsb: ["DP-8", "LT-3"], kics: ["38c71c00-c177-4cd7-8d36-cd1007cdb190"] },
  resourceTypes: ["azurerm_key_vault"],
  fix: 'Add an azurerm_monitor_diagnostic_setting on the vault with enabled_log { category_group = "audit" } (KeyVaultCsi does).',
  evaluate: (vault, document) => {
    for (const setting of diagnosticSettingsFor(document, vault)) {
      const logs = readBlocks(setting.config, "enabled_log");
      if (logs.some((log) => log.category_group === "audit" || log.category_group === "allLogs" || log.category === "AuditEvent")) {
        return passed("azurerm_monitor_diagnostic_setting", setting.address);
      }
    }
    return failed("azurerm_monitor_diagnostic_setting", undefined, "no diagnostic setting sends the vault's audit log (AuditEvent) anywhere");
  },
};
