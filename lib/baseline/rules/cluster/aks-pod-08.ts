import { defineRule } from "../define-rule";
import { judgeAssignments } from "../cluster-policy-rule";
import { policyAssignmentsFor } from "../policy-assignments";

/** The PSS baseline fields the baseline initiative (a8640138) does not cover, one definition each. */
const DEFINITIONS: [string, string][] = [
  ["56d0a13f-712f-466b-8416-56fb354fb823", "forbidden sysctls"],
  ["f85eb0dd-92ee-40e9-8a76-db25a507d6d3", "/proc mount type"],
  ["e1e6c427-07d9-46ab-9689-bfa85431e636", "SELinux options"],
  ["f4a8fce0-2dd5-4c21-9a36-8f0ec809d663", "FlexVolume drivers"],
];

/**
 * Error: each remaining PSS baseline field needs its own Deny assignment; PSA labels cover only the
 * labelled tenant namespaces, these cover the whole cluster. The finding is that of the first
 * definition not met (failed, or unknown when only an expression could meet it).
 */
export const aksPod08 = defineRule("AKS-POD-08", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Assign policies 56d0a13f (sysctls), f85eb0dd (/proc mount), e1e6c427 (SELinux) and f4a8fce0 (FlexVolume) to the cluster with effect Deny (SecureCluster's guardrails do).",
  evaluate: (cluster, document) => {
    let last;
    for (const [guid, what] of DEFINITIONS) {
      const finding = judgeAssignments(
        policyAssignmentsFor(document, cluster, [guid]),
        { acceptedEffects: ["deny"], what: `the ${what} policy (${guid.slice(0, 8)})` },
        document,
      );
      if (finding.outcome !== "passed") return finding;
      last = finding;
    }
    return last;
  },
});
