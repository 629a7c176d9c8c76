import { clusterPolicyRule } from "../cluster-policy-rule";

/** Warning: the initiative is preview and can only Audit (its RBAC definitions cannot Deny). */
export const aksIam13 = clusterPolicyRule({
  id: "AKS-IAM-13",
  severity: "warning",
  references: {
    azurePolicy: [
      "4fd005fd-51be-478f-a8fb-149d48b20d48",
      "ca8d5704-aa2b-40cf-b110-dc19052825ad",
      "a3dc4946-dba6-43e6-950d-f96532848c9f",
      "1ddac26b-ed48-4c30-8cc5-3a68c79b8001",
    ],
    cis: ["4.1.1", "4.1.3", "4.1.7"],
    other: ["KSV-0044", "KSV-0046", "KSV-0050"],
  },
  guids: ["4fd005fd-51be-478f-a8fb-149d48b20d48"],
  acceptedEffects: ["audit"],
  what: "the CIS Kubernetes benchmark initiative (4fd005fd)",
  fix: "Assign initiative 4fd005fd-51be-478f-a8fb-149d48b20d48 to the cluster with effect Audit (SecureCluster's guardrails do).",
});
