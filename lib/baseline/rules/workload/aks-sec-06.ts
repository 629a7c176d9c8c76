import { isExpression, readBlocks } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import { resourcesScopedTo } from "../cluster/scope";

/**
 * Error: without audit logs nobody can tell which workload read which secret. A diagnostic setting
 * whose target or log categories are expressions this document cannot resolve may collect them (unknown).
 */
export const aksSec06 = defineRule("AKS-SEC-06", {
  resourceTypes: ["azurerm_key_vault"],
  fix: 'Add an azurerm_monitor_diagnostic_setting on the vault with enabled_log { category_group = "audit" } (KeyVaultCsi does).',
  evaluate: (vault, document) => {
    const { certain, unresolved } = resourcesScopedTo(
      document,
      vault,
      "azurerm_monitor_diagnostic_setting",
      (setting) => setting.config.target_resource_id,
    );
    let dynamic: string | undefined;
    for (const setting of certain) {
      const logs = readBlocks(setting.config, "enabled_log");
      if (
        logs.some(
          (log) => log.category_group === "audit" || log.category_group === "allLogs" || log.category === "AuditEvent",
        )
      ) {
        return passed("azurerm_monitor_diagnostic_setting", setting.address);
      }
      if (
        logs.some((log) => isExpression(log.category) || isExpression(log.category_group)) ||
        setting.config.dynamic !== undefined
      )
        dynamic ??= setting.address;
    }
    if (dynamic)
      return unknown("enabled_log", dynamic, `the log categories of ${dynamic} are expressions known only at apply`);
    if (unresolved.length > 0)
      return unknown(
        "azurerm_monitor_diagnostic_setting.target_resource_id",
        unresolved[0].config.target_resource_id,
        `${unresolved[0].address} targets a resource only apply can resolve; it may collect this vault's audit log`,
      );
    return failed(
      "azurerm_monitor_diagnostic_setting",
      undefined,
      "no diagnostic setting sends the vault's audit log (AuditEvent) anywhere",
    );
  },
});
