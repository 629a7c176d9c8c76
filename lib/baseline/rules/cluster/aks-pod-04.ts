import { clusterPolicyRule } from "../cluster-policy-rule";

/** Warning: the catalog's value is Audit (Deny opt-in), since many images write to their filesystem. */
export const aksPod04 = clusterPolicyRule("AKS-POD-04", {
  guids: ["df49d893-a74c-421d-bc95-c663042e5b80"],
  acceptedEffects: ["audit", "deny"],
  what: "the read-only root filesystem policy (df49d893)",
  fix: "Assign policy df49d893-a74c-421d-bc95-c663042e5b80 to the cluster (Audit, or Deny where images allow it); SecureCluster's guardrails assign it with Audit.",
});
