import { TerraformDocument, documentIndex, isExpression, readAttribute, readBlocks } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import { NAMESPACE_TYPES, namespaceKind } from "./tenant-namespaces";
import { SelectorMatches, manifestsOfKind, selectorMatches } from "./cluster-scoped-guards";

const METADATA_NAME = "kubernetes.io/metadata.name";

/** True when the policy matches pod creation and its rules look at tolerations, CriticalAddonsOnly included. */
function guardsPlacement(policy: Record<string, unknown>): boolean | "expression" {
  const spec = readAttribute(policy, "spec");
  if (isExpression(spec)) return "expression";
  if (readAttribute(policy, "spec.failurePolicy") === "Ignore") return false;
  const matchesPods = readBlocks(policy, "spec.matchConstraints.resourceRules").some((rule) => {
    const resources = rule.resources;
    const operations = rule.operations;
    return (
      Array.isArray(resources) &&
      resources.some((r) => r === "pods" || r === "*") &&
      Array.isArray(operations) &&
      operations.some((op) => op === "CREATE" || op === "*")
    );
  });
  const expressions = readBlocks(policy, "spec.validations").map((validation) => String(validation.expression ?? ""));
  return matchesPods && expressions.some((text) => text.includes("tolerations") && text.includes("CriticalAddonsOnly"));
}

/** What a binding that selects a namespace says about it, whatever the namespace. */
type BindingVerdict =
  | { readonly kind: "passed"; readonly policyName: unknown }
  | { readonly kind: "problem"; readonly problem: string }
  | { readonly kind: "unresolved"; readonly reason: string };

interface Bindings {
  readonly addresses: readonly string[];
  /** Per binding: undefined when it selects no namespace for certain (no Deny, or only apply knows). */
  readonly verdicts: readonly (BindingVerdict | undefined)[];
  /** Which bindings name which namespace in `kubernetes.io/metadata.name`. */
  readonly matches: SelectorMatches;
  /** Bindings that select every namespace, ascending. */
  readonly everyNamespace: readonly number[];
  /** Bindings that leave every namespace open (expressions, or matchExpressions), ascending. */
  readonly openEverywhere: readonly { index: number; reason: string }[];
}

/**
 * Every ValidatingAdmissionPolicyBinding judged once per document, with the namespaces it selects:
 * a platform binds one per tenant namespace, so judging them all for every namespace was quadratic
 * (issue 14). The per-namespace answer below equals that scan's, message for message.
 */
const BINDINGS = documentIndex("AKS-TEN-05 admission policy bindings", (document: TerraformDocument): Bindings => {
  const policies = new Map(
    manifestsOfKind(document, "ValidatingAdmissionPolicy").map(({ manifest }) => [
      readAttribute(manifest, "metadata.name"),
      manifest,
    ]),
  );
  const entries = manifestsOfKind(document, "ValidatingAdmissionPolicyBinding");
  const verdicts: (BindingVerdict | undefined)[] = [];
  const selectorValues: unknown[][] = [];
  const everyNamespace: number[] = [];
  const openEverywhere: { index: number; reason: string }[] = [];
  entries.forEach(({ resource, manifest }, index) => {
    verdicts.push(undefined);
    selectorValues.push([]);
    const actions = readAttribute(manifest, "spec.validationActions");
    const selector = readAttribute(manifest, "spec.matchResources.namespaceSelector");
    const policyName = readAttribute(manifest, "spec.policyName");
    if (isExpression(actions) || isExpression(selector) || isExpression(policyName)) {
      openEverywhere.push({ index, reason: `${resource.address} has expressions only apply resolves` });
      return;
    }
    if (!Array.isArray(actions) || !actions.includes("Deny")) return;
    const labels = readAttribute(selector, "matchLabels") as Record<string, unknown> | undefined;
    const expressions = readAttribute(selector, "matchExpressions");
    const all = selector === undefined || (Object.keys(labels ?? {}).length === 0 && expressions === undefined);
    if (!all && expressions !== undefined) {
      openEverywhere.push({
        index,
        reason: `whether ${resource.address} selects this namespace is known only at apply`,
      });
      return;
    }
    if (all) everyNamespace.push(index);
    else selectorValues[index] = [labels?.[METADATA_NAME]];
    const policy = policies.get(policyName);
    if (policy === undefined) {
      verdicts[index] = {
        kind: "problem",
        problem: `${resource.address} binds policy ${String(policyName)}, which the document does not declare`,
      };
      return;
    }
    const guards = guardsPlacement(policy);
    if (guards === "expression")
      verdicts[index] = { kind: "unresolved", reason: `the spec of policy ${String(policyName)} is an expression` };
    else if (guards) verdicts[index] = { kind: "passed", policyName };
    else
      verdicts[index] = {
        kind: "problem",
        problem: `policy ${String(policyName)} does not check pod tolerations (CriticalAddonsOnly included) on CREATE, or fails open`,
      };
  });
  return {
    addresses: entries.map(({ resource }) => resource.address),
    verdicts,
    matches: selectorMatches(document, selectorValues),
    everyNamespace,
    openEverywhere,
  };
});

/**
 * Error: a ValidatingAdmissionPolicyBinding with action Deny binds each tenant namespace (by
 * `kubernetes.io/metadata.name`, or every namespace) to a ValidatingAdmissionPolicy of the document
 * that matches pod creation, does not fail open, and checks tolerations (CriticalAddonsOnly among
 * them). Without it a taint is only a hint: any tenant pod may tolerate another tenant's pool or the
 * system pool. The CEL text itself is the library's; the rule checks its presence, not its logic.
 */
export const aksTen05 = defineRule("AKS-TEN-05", {
  resourceTypes: [...NAMESPACE_TYPES],
  fix: 'Bind a ValidatingAdmissionPolicy over pods (CREATE, UPDATE) that forbids tolerating other tenants\' taints, CriticalAddonsOnly and every taint, with validationActions ["Deny"] and a namespaceSelector on kubernetes.io/metadata.name (IsolatedNamespace does).',
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    const { addresses, verdicts, matches, everyNamespace, openEverywhere } = document.index(BINDINGS);
    // The scan walked every binding in document order: the first that passes wins outright; else
    // the first reason to stay open; else the last problem found.
    const undecided = matches.firstUndecided(namespace);
    let unresolved =
      undecided === undefined
        ? undefined
        : { index: undecided, reason: `whether ${addresses[undecided]} selects this namespace is known only at apply` };
    const keep = (index: number, reason: string): void => {
      if (unresolved === undefined || index < unresolved.index) unresolved = { index, reason };
    };
    if (openEverywhere[0]) keep(openEverywhere[0].index, openEverywhere[0].reason);
    let problem = "no ValidatingAdmissionPolicyBinding with action Deny selects this namespace";
    for (const index of [...new Set([...everyNamespace, ...matches.naming(namespace)])].sort((a, b) => a - b)) {
      const verdict = verdicts[index]!;
      if (verdict.kind === "passed")
        return passed("ValidatingAdmissionPolicyBinding.spec.policyName", verdict.policyName);
      if (verdict.kind === "unresolved") keep(index, verdict.reason);
      else problem = verdict.problem;
    }
    if (unresolved) return unknown("ValidatingAdmissionPolicyBinding", undefined, unresolved.reason);
    return failed(
      "ValidatingAdmissionPolicyBinding",
      undefined,
      `${problem}: a tenant pod may tolerate another tenant's pool or the system pool`,
    );
  },
});
