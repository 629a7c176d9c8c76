import { clusterPolicyRule } from "../cluster-policy-rule";

/** Warning: ceilings depend on node sizes, so there is no safe default; tenant LimitRanges (AKS-NS-03) bound namespaces meanwhile. */
export const aksPod09 = clusterPolicyRule({
  id: "AKS-POD-09",
  severity: "warning",
  references: {
    azurePolicy: ["e345eecc-fa47-480f-9e88-67dcc122b164", "03a4ecdb-0684-4039-be91-2762979e1bc8"],
    kics: ["60af03ff-a421-45c8-b214-6741035476fa"],
    mcsb: ["PV-2"],
    other: ["KSV-0011", "KSV-0018"],
  },
  guids: ["e345eecc-fa47-480f-9e88-67dcc122b164"],
  acceptedEffects: ["deny"],
  what: "the container limit ceilings policy (e345eecc)",
  fix: "Assign policy e345eecc-fa47-480f-9e88-67dcc122b164 with cpuLimit/memoryLimit ceilings and effect Deny (SecureCluster guardrails.containerLimitCeilings).",
});
