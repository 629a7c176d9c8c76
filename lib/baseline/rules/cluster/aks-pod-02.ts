import { clusterPolicyRule } from "../cluster-policy-rule";

/** Error: without the baseline initiative in Deny, privileged and host-namespace pods are admitted cluster-wide. */
export const aksPod02 = clusterPolicyRule({
  id: "AKS-POD-02",
  severity: "error",
  references: {
    azurePolicy: [
      "a8640138-9b0a-4a28-b8cb-1666c838647d",
      "95edb821-ddaf-4404-9732-666045e056b4",
      "82985f06-dc18-4a48-bc1c-b9f4f0098cfe",
      "47a1ee2f-2a2a-4576-bf2a-e0e36709c2b8",
      "c26596ff-4d70-4e6a-9a30-c2506bd2f80c",
      "098fc59e-46c7-4d99-9b16-64990e543d75",
    ],
    mcsb: ["PV-2"],
    cis: ["4.2.1", "4.2.2", "4.2.3", "4.2.4"],
    other: ["KSV-0017", "KSV-0008", "KSV-0009", "KSV-0010", "KSV-0023", "KSV-0024"],
  },
  guids: ["a8640138-9b0a-4a28-b8cb-1666c838647d"],
  acceptedEffects: ["deny"],
  what: "the Pod Security Standards baseline initiative (a8640138)",
  fix: 'Assign initiative a8640138-9b0a-4a28-b8cb-1666c838647d to the cluster with parameters {"effect":{"value":"Deny"}} (its default is Audit); SecureCluster does.',
});
