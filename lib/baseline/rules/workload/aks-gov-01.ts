import { defineRule } from "../define-rule";
import { failed } from "../findings";
import { judgeAssignments } from "../cluster-policy-rule";
import { policyAssignmentsFor } from "../policy-assignments";

/** Deny-capable definitions that keep the cluster baseline from drifting outside Terraform (default effect Audit). */
const GUARDRAILS = [
  "040732e8-d947-40b8-95d6-854c95024bf8",
  "993c2fcd-2b29-49d2-9eb0-df2c3a730c32",
  "41425d9f-d1a5-499a-9932-f8ed8453932c",
  "7d7be79c-23ba-4033-84dd-45e2a5ccdd67",
];
const SCOPES = new Set(["azurerm_subscription_policy_assignment", "azurerm_management_group_policy_assignment"]);

/**
 * Warning: subscription or management-group guardrails are the platform team's, outside this
 * library's scope; the rule reminds a cluster's owners when none are in the same configuration.
 * A guardrail counts only with effect Deny (the definitions default to Audit, which reports drift
 * but does not prevent it), with the built-in id exactly, and when its not_scopes leave the cluster in.
 */
export const aksGov01 = defineRule("AKS-GOV-01", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Assign the Deny-capable AKS guardrails (private cluster 040732e8, local auth 993c2fcd, host encryption 41425d9f, CMK disks 7d7be79c) at subscription or management-group scope with parameters {"effect":{"value":"Deny"}} in your platform configuration.',
  evaluate: (cluster, document) => {
    const assignments = policyAssignmentsFor(document, cluster, GUARDRAILS).filter((assignment) =>
      SCOPES.has(assignment.resource.type),
    );
    if (assignments.length === 0)
      return failed(
        "policy_assignment",
        undefined,
        "no subscription or management-group guardrail stops a portal or CLI change from weakening this cluster",
      );
    return judgeAssignments(
      assignments,
      { acceptedEffects: ["deny"], what: "the subscription or management-group guardrail" },
      document,
    );
  },
});
