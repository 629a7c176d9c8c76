import { clusterPolicyRule } from "../cluster-policy-rule";

/** Warning: ceilings depend on node sizes, so there is no safe default; tenant LimitRanges (AKS-NS-03) bound namespaces meanwhile. */
export const aksPod09 = clusterPolicyRule("AKS-POD-09", {
  guids: ["e345eecc-fa47-480f-9e88-67dcc122b164"],
  acceptedEffects: ["deny"],
  what: "the container limit ceilings policy (e345eecc)",
  fix: "Assign policy e345eecc-fa47-480f-9e88-67dcc122b164 with cpuLimit/memoryLimit ceilings and effect Deny (SecureCluster guardrails.containerLimitCeilings).",
});
