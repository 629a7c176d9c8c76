import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { policyAssignmentsFor } from "../policy-assignments";
import { failed, passed, unknown } from "../findings";

/** The PSS baseline fields the baseline initiative (a8640138) does not cover, one definition each. */
const DEFINITIONS: [string, string][] = [
  ["56d0a13f-712f-466b-8416-56fb354fb823", "forbidden sysctls"],
  ["f85eb0dd-92ee-40e9-8a76-db25a507d6d3", "/proc mount type"],
  ["e1e6c427-07d9-46ab-9689-bfa85431e636", "SELinux options"],
  ["f4a8fce0-2dd5-4c21-9a36-8f0ec809d663", "FlexVolume drivers"],
];

/** Error: each remaining PSS baseline field needs its own Deny assignment outside PSA-labelled namespaces. */
export const aksPod08: Rule = {
  id: "AKS-POD-08",
  title: getControl("AKS-POD-08").title,
  severity: "error",
  references: { azurePolicy: DEFINITIONS.map(([guid]) => guid), other: ["KSV-0026", "KSV-0027", "KSV-0025", "KSV-0028"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Assign policies 56d0a13f (sysctls), f85eb0dd (/proc mount), e1e6c427 (SELinux) and f4a8fce0 (FlexVolume) to the cluster with effect Deny (SecureCluster's guardrails do).",
  evaluate: (cluster, document) => {
    for (const [guid, what] of DEFINITIONS) {
      const assignments = policyAssignmentsFor(document, cluster, [guid]);
      if (assignments.some((a) => a.effect === "deny")) continue;
      const pending = assignments.find((a) => a.effect === undefined);
      if (pending) return unknown("policy_assignment.parameters", pending.resource.config.parameters, `the parameters of ${pending.resource.address} are an expression`);
      return failed("policy_assignment", assignments[0]?.effect, `no Deny assignment of the ${what} policy (${guid}) covers this cluster`);
    }
    return passed("policy_assignment.parameters.effect", "deny");
  },
};
