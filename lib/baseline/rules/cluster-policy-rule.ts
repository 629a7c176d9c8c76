import { ControlReferences, Rule, RuleFinding, Severity, TerraformDocument, TerraformResource } from "../rule";
import { getControl } from "../catalog";
import { CoveringAssignment, policyAssignmentsFor } from "./policy-assignments";
import { failed, passed, unknown } from "./findings";

/** A control delivered by an Azure Policy assignment that must cover every cluster. */
export interface ClusterPolicyRuleSpec {
  readonly id: string;
  readonly severity: Severity;
  readonly references: ControlReferences;
  readonly fix: string;
  /** Definition or initiative GUIDs any of which delivers the control. */
  readonly guids: readonly string[];
  /** Effects that meet the control (lower-case). */
  readonly acceptedEffects: readonly string[];
  /** What the assignment enforces, for messages ("the Pod Security baseline initiative"). */
  readonly what: string;
  /** Further checks of an assignment whose effect is accepted (parameters). */
  readonly checkParameters?: (assignment: CoveringAssignment) => RuleFinding | undefined;
  /** Decides whether the rule applies to this cluster at all. */
  readonly appliesTo?: (cluster: TerraformResource, document: TerraformDocument) => boolean;
}

/** Builds a rule evaluated on each cluster: some assignment of `guids` covers it with an accepted effect. */
export function clusterPolicyRule(spec: ClusterPolicyRuleSpec): Rule {
  return {
    id: spec.id,
    title: getControl(spec.id).title,
    severity: spec.severity,
    references: spec.references,
    resourceTypes: ["azurerm_kubernetes_cluster"],
    fix: spec.fix,
    evaluate: (cluster, document) => {
      if (spec.appliesTo && !spec.appliesTo(cluster, document)) return undefined;
      const assignments = policyAssignmentsFor(document, cluster, spec.guids);
      if (assignments.length === 0) {
        return failed("policy_assignment", undefined, `no policy assignment of ${spec.what} covers this cluster`);
      }
      let unresolved: CoveringAssignment | undefined;
      let lastProblem: RuleFinding | undefined;
      for (const assignment of assignments) {
        if (assignment.effect === undefined) {
          unresolved = assignment;
          continue;
        }
        if (!spec.acceptedEffects.includes(assignment.effect)) {
          lastProblem = failed("policy_assignment.parameters.effect", assignment.effect, `${spec.what} is assigned with effect ${assignment.effect}; the baseline needs ${spec.acceptedEffects.join(" or ")}`);
          continue;
        }
        const parameterProblem = spec.checkParameters?.(assignment);
        if (parameterProblem && parameterProblem.outcome !== "passed") {
          lastProblem = parameterProblem;
          continue;
        }
        return passed("policy_assignment.parameters.effect", assignment.effect, `${assignment.resource.address}`);
      }
      if (unresolved) return unknown("policy_assignment.parameters", unresolved.resource.config.parameters, `the parameters of ${unresolved.resource.address} are an expression`);
      return lastProblem!;
    },
  };
}
