import { clusterPolicyRule } from "../cluster-policy-rule";

/** Error: plain-HTTP ingress exposes credentials and data in transit. */
export const aksNet11 = clusterPolicyRule("AKS-NET-11", {
  guids: ["1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d"],
  acceptedEffects: ["deny"],
  what: "the HTTPS-only ingress policy (1a5b4dca)",
  fix: "Assign policy 1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d to the cluster with effect Deny (SecureCluster's guardrails do).",
});
