import { TerraformDocument, TerraformResource, isExpression, readBlocks } from "../../rule";
import { defineRule } from "../define-rule";
import { referencesResource } from "../../references";
import { failed, passed, unknown } from "../findings";
import { diagnosticSettingsOf } from "./egress-firewall";

/**
 * Categories a firewall's diagnostic setting must send (azure-monitor supported-logs,
 * microsoft-network-azurefirewalls-logs.md): allowed and denied flows of both rule kinds, threat
 * intelligence and IDPS hits. The "allLogs" category group holds them all.
 */
const FIREWALL_CATEGORIES = ["AZFWApplicationRule", "AZFWNetworkRule", "AZFWThreatIntel", "AZFWIdpsSignature"];

/** The settings of `target` that send logs to a Log Analytics workspace, or a finding. */
function workspaceSettings(target: TerraformResource, document: TerraformDocument, what: string) {
  const { certain, unresolved } = diagnosticSettingsOf(target, document);
  const toWorkspace = certain.filter(
    (setting) =>
      setting.config.log_analytics_workspace_id !== undefined && readBlocks(setting.config, "enabled_log").length > 0,
  );
  if (toWorkspace.length > 0) return toWorkspace;
  if (unresolved.length > 0)
    return unknown(
      "azurerm_monitor_diagnostic_setting.target_resource_id",
      unresolved.map((s) => s.config.target_resource_id),
      `a diagnostic setting targets an expression that may be ${what}`,
    );
  return failed(
    "azurerm_monitor_diagnostic_setting",
    undefined,
    `no diagnostic setting sends the logs of ${what} to Log Analytics`,
  );
}

/** Judges the firewall's own setting: resource-specific tables with the rule, threat-intel and IDPS categories. */
function judgeFirewallSetting(settings: TerraformResource[]) {
  let last: ReturnType<typeof failed> | undefined;
  for (const setting of settings) {
    const destination = setting.config.log_analytics_destination_type;
    if (isExpression(destination)) return unknown("log_analytics_destination_type", destination);
    const logs = readBlocks(setting.config, "enabled_log");
    if (logs.some((log) => isExpression(log.category) || isExpression(log.category_group)))
      return unknown("enabled_log", logs);
    const all = logs.some(
      (log) => typeof log.category_group === "string" && log.category_group.toLowerCase() === "alllogs",
    );
    const missing = all ? [] : FIREWALL_CATEGORIES.filter((category) => !logs.some((log) => log.category === category));
    if (destination !== "Dedicated") {
      last = failed(
        "log_analytics_destination_type",
        destination ?? "absent (AzureDiagnostics)",
        `${setting.address} writes to the legacy AzureDiagnostics table instead of the resource-specific AZFW* tables`,
      );
    } else if (missing.length > 0) {
      last = failed(
        "enabled_log.category",
        logs.map((log) => log.category ?? log.category_group),
        `${setting.address} leaves out ${missing.join(", ")}: those denials and hits stay invisible`,
      );
    } else {
      return undefined;
    }
  }
  return last;
}

/**
 * Error. An Azure Firewall sends its AZFW* logs (rule hits and denials, threat intelligence, IDPS)
 * to Log Analytics in resource-specific tables, and each of its public IPs sends its logs too, so a
 * denied exfiltration attempt or a threat-intelligence hit is visible where the cluster's logs are.
 * Unknown when a setting targets an expression or a public IP is not declared in the document.
 * VNet flow logs are not judged here.
 */
export const aksNet15 = defineRule("AKS-NET-15", {
  resourceTypes: ["azurerm_firewall"],
  fix: 'Use ClusterEgress.azureFirewall() with a SecureCluster (or egress.logAnalyticsWorkspaceId): the firewall and its public IPs get diagnostic settings to the workspace. With raw resources add azurerm_monitor_diagnostic_setting for the firewall with log_analytics_destination_type = "Dedicated" and enabled_log for AZFWApplicationRule, AZFWNetworkRule, AZFWThreatIntel and AZFWIdpsSignature (or category_group "allLogs"), and one with category_group "allLogs" for each public IP.',
  evaluate: (firewall, document) => {
    const own = workspaceSettings(firewall, document, `firewall ${firewall.address}`);
    if (!Array.isArray(own)) return own;
    const problem = judgeFirewallSetting(own);
    if (problem) return problem;
    const ipIds = [
      ...readBlocks(firewall.config, "ip_configuration"),
      ...readBlocks(firewall.config, "management_ip_configuration"),
    ]
      .map((block) => block.public_ip_address_id)
      .filter((id) => id !== undefined);
    for (const id of ipIds) {
      const ip = document.ofType("azurerm_public_ip").find((candidate) => referencesResource(id, candidate, "id"));
      if (!ip)
        return unknown("ip_configuration.public_ip_address_id", id, "the public IP is not declared in this document");
      const settings = workspaceSettings(ip, document, `public IP ${ip.address}`);
      if (!Array.isArray(settings)) return settings;
    }
    return passed(
      "azurerm_monitor_diagnostic_setting",
      own[0].address,
      `${firewall.address} and its public IPs log to Log Analytics`,
    );
  },
});
