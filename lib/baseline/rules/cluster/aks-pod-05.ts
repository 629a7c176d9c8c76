import { clusterPolicyRule } from "../cluster-policy-rule";

/** Error: CAP_SYS_ADMIN is close to root on the node. */
export const aksPod05 = clusterPolicyRule({
  id: "AKS-POD-05",
  severity: "error",
  references: {
    azurePolicy: [
      "d2e7ea85-6b44-4317-a0be-1b951587f626",
      "a27c700f-8a22-44ec-961c-41625264370b",
      "c873b3ba-c605-42e4-a64b-a142a93826fc",
    ],
    kics: ["3f55386d-75cd-4e9a-ac47-167b26c04724", "e5587d53-a673-4a6b-b3f2-ba07ec274def"],
    mcsb: ["PV-2"],
    other: ["KSV-0005", "KSV-0003"],
  },
  guids: ["d2e7ea85-6b44-4317-a0be-1b951587f626"],
  acceptedEffects: ["deny"],
  what: "the no-CAP_SYS_ADMIN policy (d2e7ea85)",
  fix: "Assign policy d2e7ea85-6b44-4317-a0be-1b951587f626 to the cluster with effect Deny (SecureCluster's guardrails do).",
});
