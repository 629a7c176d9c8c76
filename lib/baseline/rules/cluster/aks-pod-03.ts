import { clusterPolicyRule } from "../cluster-policy-rule";
import { failed, passed } from "../findings";
import { isTenantNamespace } from "../workload/tenant-namespaces";

/**
 * Error: tenant namespaces get the Pod Security restricted initiative in Deny, with the catalog's
 * capability parameters (the initiative's defaults allow 14 capabilities and drop none). Not
 * applicable to a cluster without the assignment when the document holds no tenant namespace
 * (tenant objects usually live in another stack; SecureCluster creates the assignment as soon as a
 * tenant namespace registers).
 */
export const aksPod03 = clusterPolicyRule({
  id: "AKS-POD-03",
  severity: "error",
  references: {
    azurePolicy: ["42b8ef37-b724-4e24-bbc8-7a7708edfe00", "1c6e92c9-99f0-4e55-9cf2-0c234dc48f99", "16697877-1118-4fb1-9b65-9898ec2509ec", "f06ddb64-5fa3-4b77-b166-acb36f7f6042", "975ce327-682c-4f2e-aa46-b9598289b86c"],
    cis: ["4.2.5", "4.6.2"],
  },
  guids: ["42b8ef37-b724-4e24-bbc8-7a7708edfe00"],
  acceptedEffects: ["deny"],
  what: "the Pod Security Standards restricted initiative (42b8ef37)",
  fix: 'Assign initiative 42b8ef37-b724-4e24-bbc8-7a7708edfe00 to the cluster with effect Deny, allowedCapabilities ["NET_BIND_SERVICE"], requiredDropCapabilities ["ALL"] and the tenant namespaces (IsolatedNamespace registers them on SecureCluster).',
  appliesTo: (_cluster, document) => {
    const tenantNamespaces = document.ofType("kubernetes_namespace_v1").some(isTenantNamespace);
    const assigned = document.ofType("azurerm_resource_policy_assignment").some((a) => typeof a.config.policy_definition_id === "string" && a.config.policy_definition_id.endsWith("42b8ef37-b724-4e24-bbc8-7a7708edfe00"));
    return tenantNamespaces || assigned;
  },
  checkParameters: (assignment) => {
    const parameters = assignment.parameters ?? {};
    const allowed = parameters.allowedCapabilities?.value;
    const drop = parameters.requiredDropCapabilities?.value;
    const namespaces = parameters.namespaces?.value;
    if (!Array.isArray(allowed) || allowed.some((capability) => capability !== "NET_BIND_SERVICE")) {
      return failed("policy_assignment.parameters.allowedCapabilities", allowed, "the initiative's default allows 14 capabilities; PSS restricted allows only NET_BIND_SERVICE");
    }
    if (!Array.isArray(drop) || !drop.includes("ALL")) return failed("policy_assignment.parameters.requiredDropCapabilities", drop, "containers must drop ALL capabilities");
    if (Array.isArray(namespaces) && namespaces.length === 0) return failed("policy_assignment.parameters.namespaces", namespaces, "an empty namespace list enforces nothing");
    return passed("policy_assignment.parameters", parameters);
  },
});
