import { clusterPolicyRule } from "../cluster-policy-rule";

/** Error: workloads in "default" escape every tenant namespace's quota, policies and RBAC. */
export const aksPod10 = clusterPolicyRule("AKS-POD-10", {
  guids: ["9f061a12-e40d-4183-a00e-171812443373"],
  acceptedEffects: ["deny"],
  what: "the no-default-namespace policy (9f061a12)",
  fix: "Assign policy 9f061a12-e40d-4183-a00e-171812443373 to the cluster with effect Deny (its default is Audit); SecureCluster's guardrails do.",
});
