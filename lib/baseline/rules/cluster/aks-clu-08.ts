import { clusterPolicyRule } from "../cluster-policy-rule";

/** Warning: reliability guidance (probes, requests, no :latest); Audit is the catalog value because Deny breaks many charts. */
export const aksClu08 = clusterPolicyRule({
  id: "AKS-CLU-08",
  severity: "warning",
  references: {
    azurePolicy: [
      "c047ea8e-9c78-49b2-958b-37e56d291a44",
      "021f8078-41a0-40e6-81b6-c6597da9f3ee",
      "b1a9997f-2883-4f12-bdff-2280f99b5915",
      "03a4ecdb-0684-4039-be91-2762979e1bc8",
      "65280eef-c8b4-425e-9aec-af55e55bf581",
    ],
  },
  guids: ["c047ea8e-9c78-49b2-958b-37e56d291a44"],
  acceptedEffects: ["audit", "deny"],
  what: "the deployment safeguards initiative (c047ea8e)",
  fix: "Assign initiative c047ea8e-9c78-49b2-958b-37e56d291a44 to the cluster with effect Audit (SecureCluster's guardrails do).",
});
