import { Rule, isExpression } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";

/**
 * Warning: the tier buys availability (uptime SLA, larger control plane), not confidentiality
 * (catalog trade-off), and a dev cluster on Free is a legitimate choice.
 */
export const aksClu07: Rule = {
  id: "AKS-CLU-07",
  title: getControl("AKS-CLU-07").title,
  severity: "warning",
  references: { checkov: ["CKV_AZURE_170"], other: ["long-term-support.md"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Set sku_tier = "Standard" (SecureCluster default), or "Premium" with support_plan = "AKSLongTermSupport" for long-term support.',
  evaluate: (cluster) => {
    const tier = cluster.config.sku_tier;
    if (isExpression(tier)) return unknown("sku_tier", tier);
    if (tier !== "Standard" && tier !== "Premium") return failed("sku_tier", tier ?? "absent (Free)", "the Free tier has no uptime SLA and a smaller control plane");
    const plan = cluster.config.support_plan;
    if (isExpression(plan)) return unknown("support_plan", plan);
    if (plan === "AKSLongTermSupport" && tier !== "Premium") return failed("support_plan", plan, "long-term support needs the Premium tier");
    return passed("sku_tier", tier);
  },
};
