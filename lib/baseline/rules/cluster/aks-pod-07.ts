import { clusterPolicyRule } from "../cluster-policy-rule";

/** Warning: tenant namespaces also get seccomp through their PSA restricted labels (AKS-POD-01), which this cluster-level rule cannot see. */
export const aksPod07 = clusterPolicyRule("AKS-POD-07", {
  guids: ["975ce327-682c-4f2e-aa46-b9598289b86c", "42b8ef37-b724-4e24-bbc8-7a7708edfe00"],
  acceptedEffects: ["deny"],
  what: "a seccomp policy (975ce327, or the Pod Security restricted initiative 42b8ef37)",
  fix: "Register tenant namespaces (IsolatedNamespace) so the restricted initiative enforces RuntimeDefault seccomp, or assign 975ce327-682c-4f2e-aa46-b9598289b86c with Deny.",
});
