import { clusterPolicyRule } from "../cluster-policy-rule";

/**
 * Error, evaluated on each cluster of a document that also holds a container registry: the
 * allowed-images policy (Deny) restricts the cluster to approved registries. Without a registry in
 * the document there is nothing to derive the allowed list from, so the rule does not apply.
 */
export const aksAcr07 = clusterPolicyRule({
  id: "AKS-ACR-07",
  severity: "error",
  references: { azurePolicy: ["febd0533-8e55-448f-b837-bd0e06f16469", "021f8078-41a0-40e6-81b6-c6597da9f3ee"], mcsb: ["PV-2"], cis: ["5.1.4"], checkov: ["CKV_K8S_14"], other: ["KSV-0032", "KSV-0013"] },
  guids: ["febd0533-8e55-448f-b837-bd0e06f16469"],
  acceptedEffects: ["deny"],
  what: "the allowed container images policy (febd0533)",
  fix: 'Assign policy febd0533-8e55-448f-b837-bd0e06f16469 to the cluster with effect Deny and allowedContainerImagesRegex "^<registry>\\.azurecr\\.io/.+$" (AcrIntegration does for its clusters).',
  appliesTo: (_cluster, document) => document.ofType("azurerm_container_registry").length > 0,
  checkParameters: (assignment) => {
    const regex = assignment.parameters?.allowedContainerImagesRegex?.value;
    if (typeof regex !== "string" || regex === "" || regex === ".*" || regex === "^.*$" || regex === "^.+$") {
      return { outcome: "failed", attribute: "policy_assignment.parameters.allowedContainerImagesRegex", value: regex, message: "the regex allows images from any registry" };
    }
    return undefined;
  },
});
