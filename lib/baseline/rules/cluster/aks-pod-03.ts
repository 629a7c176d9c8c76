import { TerraformDocument, TerraformResource } from "../../rule";
import { clusterPolicyRule } from "../cluster-policy-rule";
import { policyAssignmentsFor } from "../policy-assignments";
import { failed, passed, unknown } from "../findings";
import { describeNamespace, namespaceKind, namespaceName, namespaces } from "../workload/tenant-namespaces";

const RESTRICTED = "42b8ef37-b724-4e24-bbc8-7a7708edfe00";

/** Tenant namespaces declared in the document: literal names, and those whose name only apply knows. */
function tenantNamespaces(document: TerraformDocument): { names: string[]; dynamic: TerraformResource[] } {
  const names: string[] = [];
  const dynamic: TerraformResource[] = [];
  for (const ns of namespaces(document)) {
    const kind = namespaceKind(ns);
    if (kind === "tenant") names.push(namespaceName(ns)!);
    else if (kind === "dynamic") dynamic.push(ns);
  }
  return { names: names.sort(), dynamic };
}

/**
 * Error: tenant namespaces get the Pod Security restricted initiative in Deny with the catalog's
 * capability parameters (the initiative's defaults allow 14 capabilities and drop none). The
 * assignment's `namespaces` must include every tenant namespace of the document; an absent or
 * empty list means every namespace (the built-ins' semantics), which is stricter and passes.
 *
 * Applies to a cluster when the document holds a tenant namespace or an assignment of the
 * initiative covers the cluster. A cluster whose tenants live in another stack is not judged here
 * (SecureCluster creates the assignment as soon as a tenant namespace registers). PSA labels on the
 * namespaces themselves are AKS-POD-01, a workload rule.
 */
export const aksPod03 = clusterPolicyRule({
  id: "AKS-POD-03",
  severity: "error",
  references: {
    azurePolicy: [RESTRICTED, "1c6e92c9-99f0-4e55-9cf2-0c234dc48f99", "16697877-1118-4fb1-9b65-9898ec2509ec", "f06ddb64-5fa3-4b77-b166-acb36f7f6042", "975ce327-682c-4f2e-aa46-b9598289b86c"],
    cis: ["4.2.5", "4.6.2"],
  },
  guids: [RESTRICTED],
  acceptedEffects: ["deny"],
  what: "the Pod Security Standards restricted initiative (42b8ef37)",
  fix: 'Assign initiative 42b8ef37-b724-4e24-bbc8-7a7708edfe00 to the cluster with parameters effect "Deny", allowedCapabilities ["NET_BIND_SERVICE"], requiredDropCapabilities ["ALL"] and namespaces listing every tenant namespace (IsolatedNamespace registers its namespace on SecureCluster, which maintains this assignment).',
  appliesTo: (cluster: TerraformResource, document: TerraformDocument) => {
    const tenants = tenantNamespaces(document);
    return tenants.names.length > 0 || tenants.dynamic.length > 0 || policyAssignmentsFor(document, cluster, [RESTRICTED]).some((assignment) => assignment.builtIn);
  },
  checkParameters: (assignment, document) => {
    const parameters = assignment.parameters ?? {};
    const allowed = parameters.allowedCapabilities?.value;
    const drop = parameters.requiredDropCapabilities?.value;
    const namespaces = parameters.namespaces?.value;
    if (!Array.isArray(allowed) || allowed.some((capability) => capability !== "NET_BIND_SERVICE")) {
      return failed("policy_assignment.parameters.allowedCapabilities", allowed ?? "absent (14 capabilities)", "PSS restricted allows only NET_BIND_SERVICE; the initiative's default allows 14 capabilities");
    }
    if (!Array.isArray(drop) || !drop.includes("ALL")) return failed("policy_assignment.parameters.requiredDropCapabilities", drop ?? "absent (none)", "containers must drop ALL capabilities");
    if (namespaces !== undefined && namespaces !== null && !Array.isArray(namespaces)) return failed("policy_assignment.parameters.namespaces", namespaces, "is not a list of namespaces");
    if (Array.isArray(namespaces) && namespaces.length > 0) {
      const tenants = tenantNamespaces(document);
      const missing = tenants.names.filter((name) => !namespaces.includes(name));
      if (missing.length > 0) return failed("policy_assignment.parameters.namespaces", namespaces, `tenant namespace(s) ${missing.join(", ")} are not in the assignment, so restricted is not enforced there`);
      if (tenants.dynamic.length > 0) {
        return unknown("policy_assignment.parameters.namespaces", namespaces, `whether tenant namespace(s) ${tenants.dynamic.map(describeNamespace).join(", ")} (names known only at apply) are in the assignment is unknown`);
      }
    }
    return passed("policy_assignment.parameters", parameters);
  },
});
