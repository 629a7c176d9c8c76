import { Rule, RuleFinding, TerraformDocument, TerraformResource } from "../rule";
import { defineRule } from "./define-rule";
import { CoveringAssignment, excludedNamespacesProblem, policyAssignmentsFor } from "./policy-assignments";
import { failed, passed, unknown } from "./findings";

/** A control delivered by an Azure Policy assignment that must cover every cluster. */
export interface ClusterPolicyRuleSpec {
  readonly fix: string;
  /** Definition or initiative GUIDs any of which delivers the control. */
  readonly guids: readonly string[];
  /** Effects that meet the control (lower-case). */
  readonly acceptedEffects: readonly string[];
  /** What the assignment enforces, for messages ("the Pod Security baseline initiative"). */
  readonly what: string;
  /** Further checks of an assignment whose effect is accepted (parameters). */
  readonly checkParameters?: (assignment: CoveringAssignment, document: TerraformDocument) => RuleFinding | undefined;
  /** Decides whether the rule applies to this cluster at all. */
  readonly appliesTo?: (cluster: TerraformResource, document: TerraformDocument) => boolean;
}

/**
 * The rule of catalog control `id`, evaluated on each cluster: some assignment of `guids` covers it
 * with an accepted effect.
 */
export function clusterPolicyRule(id: string, spec: ClusterPolicyRuleSpec): Rule {
  return defineRule(id, {
    resourceTypes: ["azurerm_kubernetes_cluster"],
    fix: spec.fix,
    evaluate: (cluster, document) => {
      if (spec.appliesTo && !spec.appliesTo(cluster, document)) return undefined;
      return judgeAssignments(policyAssignmentsFor(document, cluster, spec.guids), spec, document);
    },
  });
}

/**
 * Passed when an assignment that certainly covers the cluster has an accepted effect, exempts no
 * namespace beyond the default system namespaces, and has accepted parameters; unknown when only an
 * assignment whose effect, parameters, definition or scope are expressions could do so; failed
 * otherwise, naming the last problem found.
 */
export function judgeAssignments(
  assignments: readonly CoveringAssignment[],
  spec: Pick<ClusterPolicyRuleSpec, "acceptedEffects" | "what" | "checkParameters">,
  document: TerraformDocument,
): RuleFinding {
  if (assignments.length === 0)
    return failed("policy_assignment", undefined, `no policy assignment of ${spec.what} covers this cluster`);
  let unresolved: RuleFinding | undefined;
  let lastProblem: RuleFinding | undefined;
  for (const assignment of assignments) {
    if (!assignment.builtIn) {
      unresolved ??= unknown(
        "policy_assignment.policy_definition_id",
        assignment.resource.config.policy_definition_id,
        assignment.unresolved ?? `the definition of ${assignment.resource.address} is an expression`,
      );
      continue;
    }
    if (assignment.effect === undefined) {
      unresolved ??= unknown(
        "policy_assignment.parameters",
        assignment.resource.config.parameters,
        assignment.unresolved ??
          `the effect of ${assignment.resource.address} is an expression (parameters or enforce)`,
      );
      continue;
    }
    if (!spec.acceptedEffects.includes(assignment.effect)) {
      lastProblem = failed(
        "policy_assignment.parameters.effect",
        assignment.effect,
        `${spec.what} is assigned by ${assignment.resource.address} with effect ${assignment.effect}; the baseline needs ${spec.acceptedEffects.join(" or ")}`,
      );
      continue;
    }
    const excluded = excludedNamespacesProblem(assignment, document, spec.what);
    if (excluded) {
      const finding = {
        outcome: excluded.outcome,
        attribute: "policy_assignment.parameters.excludedNamespaces",
        value: excluded.value,
        message: excluded.message,
      } as const;
      if (excluded.outcome === "unknown") unresolved ??= finding;
      else lastProblem = finding;
      continue;
    }
    const parameterProblem = spec.checkParameters?.(assignment, document);
    if (parameterProblem && parameterProblem.outcome !== "passed") {
      if (parameterProblem.outcome === "unknown") unresolved ??= parameterProblem;
      else lastProblem = parameterProblem;
      continue;
    }
    if (!assignment.certain) {
      const attribute = assignment.uncertainAttribute ?? "policy_assignment";
      const value = attribute.endsWith("not_scopes")
        ? assignment.resource.config.not_scopes
        : (assignment.resource.config.resource_id ?? assignment.resource.config.resource_group_id);
      const why = attribute.endsWith("not_scopes")
        ? `${assignment.resource.address} excludes scopes (not_scopes) only apply can resolve; they may contain this cluster`
        : `${assignment.resource.address} assigns ${spec.what} to a scope only apply can resolve; it may or may not be this cluster`;
      unresolved ??= unknown(attribute, value, why);
      continue;
    }
    return passed("policy_assignment.parameters.effect", assignment.effect, assignment.resource.address);
  }
  return unresolved ?? lastProblem!;
}
