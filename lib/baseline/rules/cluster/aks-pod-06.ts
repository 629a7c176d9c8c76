import { clusterPolicyRule } from "../cluster-policy-rule";
import { failed, passed } from "../findings";

/**
 * Error when absent, or when allowedProfiles permits "unconfined" (the control's "no unconfined
 * override"). The catalog asks for Deny; Audit also passes because the built-in's Gatekeeper
 * template treats a pod without an AppArmor annotation as a violation, so Deny would reject ordinary
 * pods that run under the node's runtime/default profile (on by default). The report shows the effect.
 */
export const aksPod06 = clusterPolicyRule("AKS-POD-06", {
  guids: ["511f5417-5d12-434d-ab2e-816901e72a5e"],
  acceptedEffects: ["audit", "deny"],
  what: "the AppArmor profiles policy (511f5417)",
  fix: 'Assign policy 511f5417-5d12-434d-ab2e-816901e72a5e to the cluster with allowedProfiles ["runtime/default"] (SecureCluster\'s guardrails do, with Audit).',
  checkParameters: (assignment) => {
    const profiles = assignment.parameters?.allowedProfiles?.value;
    if (
      Array.isArray(profiles) &&
      profiles.some((profile) => typeof profile === "string" && /unconfined/i.test(profile))
    )
      return failed(
        "policy_assignment.parameters.allowedProfiles",
        profiles,
        "an unconfined AppArmor profile lets containers run without AppArmor",
      );
    return passed("policy_assignment.parameters.allowedProfiles", profiles);
  },
});
