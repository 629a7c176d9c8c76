import { TerraformResource, isExpression, readAttribute, readBlock, readBlocks } from "../../rule";
import { defineRule } from "../define-rule";
import { passed, unknown } from "../findings";
import {
  NAMESPACE_TYPES,
  NETWORK_POLICY_TYPES,
  manifestsIn,
  missingInNamespace,
  namespaceKind,
  objectsIn,
} from "./tenant-namespaces";

type Verdict = "deny-all" | "not" | "unknown";

/** True for an absent, empty-object or empty-list selector part (match labels or expressions). */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value))
    return (
      value.length === 0 ||
      value.every((item) => item !== null && typeof item === "object" && Object.keys(item).length === 0)
    );
  return typeof value === "object" && Object.keys(value).length === 0;
}

/** Whether a selector selects every pod: no labels and no expressions, written as object or list. */
function selectsAll(selector: Record<string, unknown> | undefined, labelsKey: string, expressionsKey: string): Verdict {
  if (!selector) return "not";
  const labels = selector[labelsKey];
  const expressions = selector[expressionsKey];
  if (isExpression(labels) || isExpression(expressions)) return "unknown";
  return isEmpty(labels) && isEmpty(expressions) ? "deny-all" : "not";
}

/** Whether a policy's types name Ingress and Egress (absent: Ingress only, Kubernetes' default without egress rules). */
function deniesBothWays(types: unknown): Verdict {
  if (isExpression(types)) return "unknown";
  return Array.isArray(types) && types.includes("Ingress") && types.includes("Egress") ? "deny-all" : "not";
}

function combine(...verdicts: Verdict[]): Verdict {
  if (verdicts.includes("not")) return "not";
  return verdicts.includes("unknown") ? "unknown" : "deny-all";
}

/** A typed NetworkPolicy (kubernetes_network_policy[_v1]): `spec` may be an object or a one-element list. */
function typedVerdict(policy: TerraformResource): Verdict {
  const spec = readBlock(policy.config, "spec");
  if (!spec) return "not";
  // A cdktf dynamic block (TerraformIterator) generates rules only apply knows.
  if (spec.dynamic !== undefined) return "unknown";
  const rules = readBlocks(spec, "ingress").length + readBlocks(spec, "egress").length;
  return combine(
    selectsAll(readBlock(spec, "pod_selector"), "match_labels", "match_expressions"),
    deniesBothWays(spec.policy_types),
    rules === 0 ? "deny-all" : "not",
  );
}

/** A NetworkPolicy written as kubernetes_manifest (camelCase Kubernetes fields). */
function manifestVerdict(policy: TerraformResource): Verdict {
  const spec = readAttribute(policy.config, "manifest.spec");
  if (isExpression(spec) && typeof spec === "string") return "unknown";
  if (!spec || typeof spec !== "object") return "not";
  const s = spec as Record<string, unknown>;
  const selector = s.podSelector;
  // A rule list that is itself an expression may be empty; a list with rules never is.
  if (
    (typeof s.ingress === "string" && isExpression(s.ingress)) ||
    (typeof s.egress === "string" && isExpression(s.egress))
  )
    return "unknown";
  const noRules = (list: unknown): boolean =>
    list === undefined || list === null || (Array.isArray(list) && list.length === 0);
  const rules = noRules(s.ingress) && noRules(s.egress) ? "deny-all" : "not";
  return combine(
    selector && typeof selector === "object"
      ? selectsAll(selector as Record<string, unknown>, "matchLabels", "matchExpressions")
      : "not",
    deniesBothWays(s.policyTypes),
    rules,
  );
}

/**
 * Error: a tenant namespace without default deny is open to every other tenant. A default-deny
 * policy selects every pod (empty pod_selector), names both policy types and has no rules. Policies
 * are kubernetes_network_policy_v1, kubernetes_network_policy or kubernetes_manifest NetworkPolicy
 * objects, in any JSON shape (blocks as objects or lists).
 */
export const aksNet06 = defineRule("AKS-NET-06", {
  resourceTypes: [...NAMESPACE_TYPES],
  fix: 'Add a kubernetes_network_policy_v1 in the namespace with an empty pod_selector, policy_types ["Ingress", "Egress"] and no rules, plus explicit allow policies (IsolatedNamespace does).',
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    const typed = objectsIn(document, NETWORK_POLICY_TYPES, namespace);
    const manifests = manifestsIn(document, "NetworkPolicy", namespace);
    const judged = [
      ...typed.certain.map((policy) => [policy, typedVerdict(policy)] as const),
      ...manifests.certain.map((policy) => [policy, manifestVerdict(policy)] as const),
    ];
    const denyAll = judged.find(([, verdict]) => verdict === "deny-all");
    if (denyAll) return passed("kubernetes_network_policy_v1", denyAll[0].address);
    const unresolved = judged.filter(([, verdict]) => verdict === "unknown").map(([policy]) => policy.address);
    if (unresolved.length > 0)
      return unknown(
        "kubernetes_network_policy_v1",
        unresolved,
        `whether ${unresolved.join(", ")} denies all traffic depends on expressions known only at apply`,
      );
    return missingInNamespace(
      namespace,
      [...typed.possible, ...manifests.possible],
      "kubernetes_network_policy_v1",
      judged.map(([policy]) => policy.address),
      "no default-deny policy for ingress and egress, so every pod can reach and be reached by every other",
    );
  },
});
