import { readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { expectBoolean, failed } from "../findings";

/** Error: Container Insights with managed identity is the catalog value. */
export const aksLog02 = defineRule("AKS-LOG-02", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Add oms_agent { log_analytics_workspace_id, msi_auth_for_monitoring_enabled = true } (SecureCluster does, with its data collection rule).",
  evaluate: (cluster) => {
    if (readAttribute(cluster.config, "oms_agent") === undefined)
      return failed("oms_agent", undefined, "no container logs or metrics reach Log Analytics");
    return expectBoolean(
      cluster,
      "oms_agent.msi_auth_for_monitoring_enabled",
      true,
      false,
      "the monitoring agent authenticates with a workspace key instead of managed identity",
    );
  },
});
