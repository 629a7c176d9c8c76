import { clusterPolicyRule } from "../cluster-policy-rule";

/** Warning: the catalog's value is Audit (Deny opt-in), since many images write to their filesystem. */
export const aksPod04 = clusterPolicyRule({
  id: "AKS-POD-04",
  severity: "warning",
  references: {
    azurePolicy: ["df49d893-a74c-421d-bc95-c663042e5b80", "8e875f96-2c56-40ca-86db-b9f6a0be7347"],
    kics: ["d532566b-8d9d-4f3b-80bd-361fe802f9c2"],
    checkov: ["CKV_K8S_22"],
    mcsb: ["PV-2"],
    other: ["KSV-0014"],
  },
  guids: ["df49d893-a74c-421d-bc95-c663042e5b80"],
  acceptedEffects: ["audit", "deny"],
  what: "the read-only root filesystem policy (df49d893)",
  fix: "Assign policy df49d893-a74c-421d-bc95-c663042e5b80 to the cluster (Audit, or Deny where images allow it); SecureCluster's guardrails assign it with Audit.",
});
