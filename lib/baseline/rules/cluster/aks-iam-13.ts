import { clusterPolicyRule } from "../cluster-policy-rule";

/** Warning: the initiative is preview and can only Audit (its RBAC definitions cannot Deny). */
export const aksIam13 = clusterPolicyRule("AKS-IAM-13", {
  guids: ["4fd005fd-51be-478f-a8fb-149d48b20d48"],
  acceptedEffects: ["audit"],
  what: "the CIS Kubernetes benchmark initiative (4fd005fd)",
  fix: "Assign initiative 4fd005fd-51be-478f-a8fb-149d48b20d48 to the cluster with effect Audit (SecureCluster's guardrails do).",
});
