import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, referencedResource, unknown } from "../findings";

/**
 * Warning: Defender for Containers is paid and subscription-wide, so DefenderPlan is an explicit
 * opt-in and its absence is reported, not refused. A workspace id that is an expression passes only
 * when it references a declared azurerm_log_analytics_workspace; any other expression is unknown.
 */
export const aksDef02 = defineRule("AKS-DEF-02", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Add microsoft_defender { log_analytics_workspace_id } (DefenderPlan.addCluster does, with the subscription plan).",
  evaluate: (cluster, document) => {
    const attribute = "microsoft_defender.log_analytics_workspace_id";
    const workspace = readAttribute(cluster.config, attribute);
    if (workspace === undefined || workspace === null || workspace === "")
      return failed(
        "microsoft_defender",
        workspace ?? undefined,
        "no Defender sensor collects runtime threat signals from this cluster",
      );
    if (isExpression(workspace)) {
      const declared = referencedResource(workspace, document, ["azurerm_log_analytics_workspace"]);
      return declared
        ? passed(attribute, workspace, `sensor reports to ${declared.address}`)
        : unknown(
            attribute,
            workspace,
            "the workspace is an expression that references no declared azurerm_log_analytics_workspace; it may be null at apply",
          );
    }
    return passed(attribute, workspace);
  },
});
