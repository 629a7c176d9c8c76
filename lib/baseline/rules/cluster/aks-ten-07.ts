import { clusterPolicyRule } from "../cluster-policy-rule";
import { failed, passed, unknown } from "../findings";
import { isExpression } from "../../rule";

/**
 * Error when absent, not Deny, or when `allowedExternalIPs` lists any address: a Service with
 * externalIPs makes every node route traffic for that IP to the Service's pods (CVE-2020-8554), so a
 * tenant who may create Services could intercept another tenant's or the platform's traffic. The
 * built-in's default allow-list is empty, so an assignment that leaves it out passes.
 */
export const aksTen07 = clusterPolicyRule("AKS-TEN-07", {
  guids: ["d46c275d-1680-448d-b2ec-e495a3b6cc89"],
  acceptedEffects: ["deny"],
  what: "the allowed-external-IPs policy (d46c275d)",
  fix: "Assign policy d46c275d-1680-448d-b2ec-e495a3b6cc89 to the cluster with effect Deny and allowedExternalIPs [] (SecureCluster's guardrails do).",
  checkParameters: (assignment) => {
    const allowed = assignment.parameters?.allowedExternalIPs?.value;
    if (isExpression(allowed)) return unknown("policy_assignment.parameters.allowedExternalIPs", allowed);
    if (Array.isArray(allowed) && allowed.length > 0)
      return failed(
        "policy_assignment.parameters.allowedExternalIPs",
        allowed,
        "Services may claim these external IPs, and every node then routes their traffic to the Service's pods (CVE-2020-8554)",
      );
    return passed("policy_assignment.parameters.allowedExternalIPs", allowed ?? []);
  },
});
