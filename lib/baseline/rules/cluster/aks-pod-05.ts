import { clusterPolicyRule } from "../cluster-policy-rule";

/** Error: CAP_SYS_ADMIN is close to root on the node. */
export const aksPod05 = clusterPolicyRule("AKS-POD-05", {
  guids: ["d2e7ea85-6b44-4317-a0be-1b951587f626"],
  acceptedEffects: ["deny"],
  what: "the no-CAP_SYS_ADMIN policy (d2e7ea85)",
  fix: "Assign policy d2e7ea85-6b44-4317-a0be-1b951587f626 to the cluster with effect Deny (SecureCluster's guardrails do).",
});
