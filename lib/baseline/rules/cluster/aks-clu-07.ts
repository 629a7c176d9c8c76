import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";

/**
 * Error: the catalog's secure value is "Standard" (or Premium with long-term support). The Free tier
 * (no uptime SLA, a smaller control plane) is a weaker-than-baseline choice: DESIGN.md names "Free
 * tier for a dev cluster" as the example of a weaker prop, which synth refuses until it is accepted
 * with SecurityBaseline.suppress(cluster, "AKS-CLU-07", reason), so the reason reaches the report.
 */
export const aksClu07 = defineRule("AKS-CLU-07", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Set sku_tier = "Standard" (SecureCluster default), or "Premium" with support_plan = "AKSLongTermSupport" for long-term support; accept a Free dev cluster with SecurityBaseline.suppress(cluster, "AKS-CLU-07", reason).',
  evaluate: (cluster) => {
    const tier = cluster.config.sku_tier;
    if (isExpression(tier)) return unknown("sku_tier", tier);
    if (tier !== "Standard" && tier !== "Premium")
      return failed("sku_tier", tier ?? "absent (Free)", "the Free tier has no uptime SLA and a smaller control plane");
    const plan = cluster.config.support_plan;
    if (isExpression(plan)) return unknown("support_plan", plan);
    if (plan === "AKSLongTermSupport" && tier !== "Premium")
      return failed("support_plan", plan, "long-term support needs the Premium tier");
    return passed("sku_tier", tier);
  },
});
