import { Rule, isExpression, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";

/** Error (on each PDB): a budget allowing zero disruptions blocks every upgrade. min_available as a count cannot be judged without the replica count. */
export const aksNs04: Rule = {
  id: "AKS-NS-04",
  title: getControl("AKS-NS-04").title,
  severity: "error",
  references: { azurePolicy: ["d9e8f2c1-4c5a-4f5c-8b5a-2abf1e9f7b4d", "d77f191e-2338-45d0-b6d4-4ee1c586a192"], other: ["operator-best-practices-scheduler.md"] },
  resourceTypes: ["kubernetes_pod_disruption_budget_v1"],
  fix: "Set max_unavailable to at least 1 (or min_available below 100%) (IsolatedNamespace.addPodDisruptionBudget does).",
  evaluate: (budget) => {
    const max = readAttribute(budget.config, "spec.max_unavailable");
    const min = readAttribute(budget.config, "spec.min_available");
    if (isExpression(max) || isExpression(min)) return unknown("spec", { max, min });
    if (max !== undefined) return /^0+%?$/.test(String(max)) ? failed("spec.max_unavailable", max, "the budget allows no eviction, so node drains and AKS upgrades fail") : passed("spec.max_unavailable", max);
    if (min !== undefined && String(min) === "100%") return failed("spec.min_available", min, "the budget allows no eviction, so node drains and AKS upgrades fail");
    return passed("spec.min_available", min);
  },
};
