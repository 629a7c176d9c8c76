import {
  TerraformDocument,
  TerraformResource,
  addToGroup,
  documentIndex,
  isExpression,
  readAttribute,
  readBlock,
  readBlocks,
} from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import { POD_DISRUPTION_BUDGET_TYPES } from "./tenant-namespaces";

/** Workloads whose replica count a budget's selector can be matched against. */
const REPLICATED_TYPES = [
  "kubernetes_deployment_v1",
  "kubernetes_deployment",
  "kubernetes_stateful_set_v1",
  "kubernetes_stateful_set",
  "kubernetes_replication_controller_v1",
  "kubernetes_replication_controller",
];
const AUTOSCALER_TYPES = [
  "kubernetes_horizontal_pod_autoscaler_v2",
  "kubernetes_horizontal_pod_autoscaler_v1",
  "kubernetes_horizontal_pod_autoscaler_v2beta2",
  "kubernetes_horizontal_pod_autoscaler",
];

const BLOCKS = "the budget allows no eviction, so node drains and AKS upgrades fail";

/** The namespace an object is in, as written ("default" when absent). */
function namespaceOf(object: TerraformResource): unknown {
  return readAttribute(object.config, "metadata.namespace") ?? "default";
}

/** Replicated workloads by namespaceOf, each group in REPLICATED_TYPES order, then document order. */
const WORKLOADS_BY_NAMESPACE = documentIndex("replicated workloads by namespace", (document) => {
  const groups = new Map<unknown, TerraformResource[]>();
  for (const workload of REPLICATED_TYPES.flatMap((type) => document.ofType(type))) {
    addToGroup(groups, namespaceOf(workload), workload);
  }
  return groups;
});

/** The autoscalers' literal target names, and whether any target is an expression (which may name any workload). */
const AUTOSCALER_TARGETS = documentIndex("autoscaler targets", (document) => {
  const names = new Set<unknown>();
  let anyExpression = false;
  for (const hpa of AUTOSCALER_TYPES.flatMap((type) => document.ofType(type))) {
    const target = readAttribute(hpa.config, "spec.scale_target_ref.name");
    names.add(target);
    if (typeof target === "string" && isExpression(target)) anyExpression = true;
  }
  return { names, anyExpression };
});

/**
 * The pods the budget's selector covers, from the document's workloads: their total replica count,
 * or why it cannot be known at synth.
 */
function coveredReplicas(budget: TerraformResource, document: TerraformDocument): number | string {
  const selector = readBlock(budget.config, "spec.selector");
  if (!selector) return "the budget has no selector";
  if (readBlocks(selector, "match_expressions").length > 0) return "the selector uses match_expressions";
  const labels = selector.match_labels;
  if (!labels || typeof labels !== "object" || isExpression(labels) || Object.keys(labels).length === 0)
    return "the selector's labels are not literal";
  const namespace = namespaceOf(budget);
  const sameNamespace = document.index(WORKLOADS_BY_NAMESPACE).get(namespace) ?? [];
  if (isExpression(namespace) && sameNamespace.length === 0)
    return "the budget's namespace is an expression no workload shares";
  const matches = sameNamespace.filter((workload) => {
    const podLabels = readAttribute(workload.config, "spec.template.metadata.labels");
    if (!podLabels || typeof podLabels !== "object") return false;
    return Object.entries(labels as Record<string, unknown>).every(
      ([key, value]) => (podLabels as Record<string, unknown>)[key] === value,
    );
  });
  if (matches.length === 0) return "no workload of this document matches its selector";
  let total = 0;
  for (const workload of matches) {
    const name = readAttribute(workload.config, "metadata.name");
    const autoscalers = document.index(AUTOSCALER_TARGETS);
    const scaled = autoscalers.anyExpression || autoscalers.names.has(name);
    if (scaled) return `${workload.address} is scaled by an autoscaler`;
    const replicas = readAttribute(workload.config, "spec.replicas");
    if (isExpression(replicas)) return `the replicas of ${workload.address} are an expression`;
    const count = replicas === undefined || replicas === null ? 1 : Number(replicas);
    if (!Number.isInteger(count) || count < 0) return `the replicas of ${workload.address} are not a count`;
    total += count;
  }
  return total;
}

/** Pods a percentage or count stands for, as the disruption controller rounds it (up). */
function scaled(value: string, total: number): number {
  const percent = /^(\d+)%$/.exec(value);
  return percent ? Math.ceil((Number(percent[1]) * total) / 100) : Number(value);
}

/**
 * Error (on each PDB, v1 and unversioned): a budget allowing zero disruptions blocks every upgrade.
 * max_unavailable must not be 0; min_available must leave at least one pod evictable. A count (or a
 * percentage) is judged against the replicas of the workloads its selector matches in the document;
 * a min_available count without a known replica count is unknown, never passed. A min_available
 * percentage below 100% passes when the replicas are not known (it allows an eviction once the
 * workload has enough replicas).
 */
export const aksNs04 = defineRule("AKS-NS-04", {
  resourceTypes: [...POD_DISRUPTION_BUDGET_TYPES],
  fix: "Set max_unavailable to at least 1 (or min_available below the replica count) (IsolatedNamespace.addPodDisruptionBudget does).",
  evaluate: (budget, document) => {
    const max = readAttribute(budget.config, "spec.max_unavailable");
    const min = readAttribute(budget.config, "spec.min_available");
    if (isExpression(max) || isExpression(min)) return unknown("spec", { max, min });
    if (max !== undefined && max !== null)
      return /^0+%?$/.test(String(max))
        ? failed("spec.max_unavailable", max, BLOCKS)
        : passed("spec.max_unavailable", max);
    if (min === undefined || min === null)
      return passed("spec.min_available", min, "neither bound is set: the budget allows every eviction");
    const value = String(min);
    if (!/^\d+%?$/.test(value)) return failed("spec.min_available", min, "is neither a count nor a percentage");
    if (/^0+%?$/.test(value)) return passed("spec.min_available", min);
    const total = coveredReplicas(budget, document);
    if (typeof total === "string") {
      if (value.endsWith("%"))
        return Number(value.slice(0, -1)) >= 100
          ? failed("spec.min_available", min, BLOCKS)
          : passed(
              "spec.min_available",
              min,
              `replicas unknown (${total}); a percentage below 100% allows an eviction once there are enough replicas`,
            );
      return unknown(
        "spec.min_available",
        min,
        `min_available ${value} allows an eviction only with more replicas, and ${total}`,
      );
    }
    const evictable = total - scaled(value, total);
    if (evictable < 1) return failed("spec.min_available", min, `with ${total} replica(s) in the document, ${BLOCKS}`);
    return passed("spec.min_available", min, `${evictable} of ${total} replica(s) can be evicted`);
  },
});
