import { Rule, isExpression, readAttribute, readBlocks } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";
import { NAMESPACE_TYPES, namespaceKind } from "./tenant-namespaces";
import { manifestsOfKind, namesNamespace } from "./cluster-scoped-guards";

const METADATA_NAME = "kubernetes.io/metadata.name";

/** True when the policy matches pod creation and its rules look at tolerations, CriticalAddonsOnly included. */
function guardsPlacement(policy: Record<string, unknown>): boolean | "expression" {
  const spec = readAttribute(policy, "spec");
  if (isExpression(spec)) return "expression";
  if (readAttribute(policy, "spec.failurePolicy") === "Ignore") return false;
  const matchesPods = readBlocks(policy, "spec.matchConstraints.resourceRules").some((rule) => {
    const resources = rule.resources;
    const operations = rule.operations;
    return Array.isArray(resources) && resources.some((r) => r === "pods" || r === "*") && Array.isArray(operations) && operations.some((op) => op === "CREATE" || op === "*");
  });
  const expressions = readBlocks(policy, "spec.validations").map((validation) => String(validation.expression ?? ""));
  return matchesPods && expressions.some((text) => text.includes("tolerations") && text.includes("CriticalAddonsOnly"));
}

/**
 * Error: a ValidatingAdmissionPolicyBinding with action Deny binds each tenant namespace (by
 * `kubernetes.io/metadata.name`, or every namespace) to a ValidatingAdmissionPolicy of the document
 * that matches pod creation, does not fail open, and checks tolerations (CriticalAddonsOnly among
 * them). Without it a taint is only a hint: any tenant pod may tolerate another tenant's pool or the
 * system pool. The CEL text itself is the library's; the rule checks its presence, not its logic.
 */
export const aksTen05: Rule = {
  id: "AKS-TEN-05",
  title: getControl("AKS-TEN-05").title,
  severity: "error",
  references: { other: ["kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy", "operator-best-practices-advanced-scheduler.md"] },
  resourceTypes: [...NAMESPACE_TYPES],
  fix: "Bind a ValidatingAdmissionPolicy over pods (CREATE, UPDATE) that forbids tolerating other tenants' taints, CriticalAddonsOnly and every taint, with validationActions [\"Deny\"] and a namespaceSelector on kubernetes.io/metadata.name (IsolatedNamespace does).",
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    const policies = new Map(manifestsOfKind(document, "ValidatingAdmissionPolicy").map(({ manifest }) => [readAttribute(manifest, "metadata.name"), manifest]));
    let unresolved: string | undefined;
    let problem = "no ValidatingAdmissionPolicyBinding with action Deny selects this namespace";
    for (const { resource, manifest } of manifestsOfKind(document, "ValidatingAdmissionPolicyBinding")) {
      const actions = readAttribute(manifest, "spec.validationActions");
      const selector = readAttribute(manifest, "spec.matchResources.namespaceSelector");
      const policyName = readAttribute(manifest, "spec.policyName");
      if (isExpression(actions) || isExpression(selector) || isExpression(policyName)) {
        unresolved ??= `${resource.address} has expressions only apply resolves`;
        continue;
      }
      if (!Array.isArray(actions) || !actions.includes("Deny")) continue;
      const labels = readAttribute(selector, "matchLabels") as Record<string, unknown> | undefined;
      const expressions = readAttribute(selector, "matchExpressions");
      const all = selector === undefined || (Object.keys(labels ?? {}).length === 0 && expressions === undefined);
      const named = all ? "yes" : expressions === undefined ? namesNamespace(labels?.[METADATA_NAME], namespace) : "maybe";
      if (named === "no") continue;
      if (named === "maybe") {
        unresolved ??= `whether ${resource.address} selects this namespace is known only at apply`;
        continue;
      }
      const policy = policies.get(policyName);
      if (policy === undefined) {
        problem = `${resource.address} binds policy ${String(policyName)}, which the document does not declare`;
        continue;
      }
      const guards = guardsPlacement(policy);
      if (guards === "expression") {
        unresolved ??= `the spec of policy ${String(policyName)} is an expression`;
        continue;
      }
      if (guards) return passed("ValidatingAdmissionPolicyBinding.spec.policyName", policyName);
      problem = `policy ${String(policyName)} does not check pod tolerations (CriticalAddonsOnly included) on CREATE, or fails open`;
    }
    if (unresolved) return unknown("ValidatingAdmissionPolicyBinding", undefined, unresolved);
    return failed("ValidatingAdmissionPolicyBinding", undefined, `${problem}: a tenant pod may tolerate another tenant's pool or the system pool`);
  },
};
