import { TerraformResource, isExpression, readAttribute, readBlocks } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import {
  NAMESPACE_TYPES,
  RESOURCE_QUOTA_TYPES,
  missingInNamespace,
  namespaceKind,
  objectsIn,
} from "./tenant-namespaces";
import { hardOf } from "./aks-ns-02";

/** Priority classes of node- and cluster-critical add-ons; their pods preempt pods of any namespace. */
const SYSTEM_PRIORITY_CLASSES = ["system-cluster-critical", "system-node-critical"];

/**
 * The system priority classes a quota admits no pod of ("expression" when only apply can tell): a
 * quota whose `hard.pods` is 0 and whose scope selector is `PriorityClass In [...]`.
 */
function closedClasses(quota: TerraformResource): string[] | "expression" {
  const hard = hardOf(quota);
  if (hard === "expression") return "expression";
  const pods = hard.pods;
  if (isExpression(pods)) return "expression";
  if (pods === undefined || String(pods) !== "0") return [];
  const closed: string[] = [];
  for (const requirement of readBlocks(quota.config, "spec.scope_selector.match_expression")) {
    if (isExpression(requirement.scope_name) || isExpression(requirement.operator) || isExpression(requirement.values))
      return "expression";
    if (
      requirement.scope_name !== "PriorityClass" ||
      requirement.operator !== "In" ||
      !Array.isArray(requirement.values)
    )
      continue;
    closed.push(...requirement.values.filter((value): value is string => typeof value === "string"));
  }
  return closed;
}

/**
 * Error: every tenant namespace has a quota `pods: "0"` scoped to the priority classes
 * system-node-critical and system-cluster-critical (one quota or several). Without it a tenant pod
 * may take either class and, when its node is full, preempt other tenants' pods; Kubernetes no
 * longer confines them to kube-system and documents this quota instead.
 */
export const aksTen08 = defineRule("AKS-TEN-08", {
  resourceTypes: [...NAMESPACE_TYPES],
  fix: 'Add a kubernetes_resource_quota_v1 with hard { pods = "0" } and scope_selector { match_expression { scope_name = "PriorityClass", operator = "In", values = ["system-cluster-critical", "system-node-critical"] } } to the namespace (IsolatedNamespace does).',
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    const { certain, possible } = objectsIn(document, RESOURCE_QUOTA_TYPES, namespace);
    const why = "tenant pods may use the system priority classes and preempt other tenants' pods";
    if (certain.length === 0)
      return missingInNamespace(namespace, possible, "kubernetes_resource_quota_v1", undefined, why);
    const results = certain.map(closedClasses);
    const closed = new Set(results.flatMap((result) => (result === "expression" ? [] : result)));
    const open = SYSTEM_PRIORITY_CLASSES.filter((name) => !closed.has(name));
    if (open.length === 0) return passed("spec.scope_selector", SYSTEM_PRIORITY_CLASSES);
    if (results.includes("expression") || possible.length > 0) {
      return unknown(
        "spec.scope_selector",
        open,
        `whether a quota closes ${open.join(" and ")} is known only at apply`,
      );
    }
    const attribute = certain.some((quota) => readAttribute(quota.config, "spec.scope_selector") !== undefined)
      ? "spec.scope_selector"
      : "kubernetes_resource_quota_v1";
    return failed(attribute, open, `no quota with pods "0" is scoped to ${open.join(" and ")}: ${why}`);
  },
});
