import { clusterPolicyRule } from "../cluster-policy-rule";

/** Error: a tenant's public load balancer bypasses the platform's ingress and WAF. */
export const aksNet10 = clusterPolicyRule({
  id: "AKS-NET-10",
  severity: "error",
  references: {
    azurePolicy: [
      "3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e",
      "d46c275d-1680-448d-b2ec-e495a3b6cc89",
      "233a2a17-77ca-4fb1-9b6b-69223d272a44",
    ],
    mcsb: ["PV-2"],
  },
  guids: ["3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e"],
  acceptedEffects: ["deny"],
  what: "the internal-load-balancers-only policy (3fc4dc25)",
  fix: "Assign policy 3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e to the cluster with effect Deny (SecureCluster's guardrails do); expose public traffic through the platform ingress.",
});
