import { clusterPolicyRule } from "../cluster-policy-rule";

/** Error: without the baseline initiative in Deny, privileged and host-namespace pods are admitted cluster-wide. */
export const aksPod02 = clusterPolicyRule("AKS-POD-02", {
  guids: ["a8640138-9b0a-4a28-b8cb-1666c838647d"],
  acceptedEffects: ["deny"],
  what: "the Pod Security Standards baseline initiative (a8640138)",
  fix: 'Assign initiative a8640138-9b0a-4a28-b8cb-1666c838647d to the cluster with parameters {"effect":{"value":"Deny"}} (its default is Audit); SecureCluster does.',
});
