import { clusterPolicyRule } from "../cluster-policy-rule";

/** Error: a tenant's public load balancer bypasses the platform's ingress and WAF. */
export const aksNet10 = clusterPolicyRule("AKS-NET-10", {
  guids: ["3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e"],
  acceptedEffects: ["deny"],
  what: "the internal-load-balancers-only policy (3fc4dc25)",
  fix: "Assign policy 3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e to the cluster with effect Deny (SecureCluster's guardrails do); expose public traffic through the platform ingress.",
});
