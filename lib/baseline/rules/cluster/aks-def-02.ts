import { Rule, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed } from "../findings";

/** Warning: Defender for Containers is paid and subscription-wide, so DefenderPlan is an explicit opt-in and its absence is reported, not refused. */
export const aksDef02: Rule = {
  id: "AKS-DEF-02",
  title: getControl("AKS-DEF-02").title,
  severity: "warning",
  references: { azurePolicy: ["a1840de2-8088-4ea8-b153-b4c723e9cb01", "64def556-fbad-4622-930e-72d1d5589bf5"], mcsb: ["LT-1", "LT-2"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Add microsoft_defender { log_analytics_workspace_id } (DefenderPlan.addCluster does, with the subscription plan).",
  evaluate: (cluster) => {
    const workspace = readAttribute(cluster.config, "microsoft_defender.log_analytics_workspace_id");
    return workspace === undefined ? failed("microsoft_defender", undefined, "no Defender sensor collects runtime threat signals from this cluster") : passed("microsoft_defender.log_analytics_workspace_id", workspace);
  },
};
