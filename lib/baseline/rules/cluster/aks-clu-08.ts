import { clusterPolicyRule } from "../cluster-policy-rule";

/** Warning: reliability guidance (probes, requests, no :latest); Audit is the catalog value because Deny breaks many charts. */
export const aksClu08 = clusterPolicyRule("AKS-CLU-08", {
  guids: ["c047ea8e-9c78-49b2-958b-37e56d291a44"],
  acceptedEffects: ["audit", "deny"],
  what: "the deployment safeguards initiative (c047ea8e)",
  fix: "Assign initiative c047ea8e-9c78-49b2-958b-37e56d291a44 to the cluster with effect Audit (SecureCluster's guardrails do).",
});
