import { RuleFinding, TerraformDocument, TerraformResource } from "../../rule";
import { clusterPolicyRule, judgeAssignments } from "../cluster-policy-rule";
import { defineRule } from "../define-rule";
import { CoveringAssignment, policyAssignmentsFor } from "../policy-assignments";
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
 * The initiative's members with what each must carry when assigned one by one (as SecureCluster
 * does, to relax the group rules of f06ddb64 to MayRunAs; cluster-guardrails.ts).
 */
const MEMBERS: [string, string][] = [
  ["95edb821-ddaf-4404-9732-666045e056b4", "privileged containers"],
  ["1c6e92c9-99f0-4e55-9cf2-0c234dc48f99", "privilege escalation"],
  ["82985f06-dc18-4a48-bc1c-b9f4f0098cfe", "host network and ports"],
  ["47a1ee2f-2a2a-4576-bf2a-e0e36709c2b8", "host namespaces"],
  ["c26596ff-4d70-4e6a-9a30-c2506bd2f80c", "capabilities"],
  ["16697877-1118-4fb1-9b65-9898ec2509ec", "volume types"],
  ["f06ddb64-5fa3-4b77-b166-acb36f7f6042", "user and group ids"],
  ["975ce327-682c-4f2e-aa46-b9598289b86c", "seccomp profiles"],
];

/** The tenant namespaces an assignment's `namespaces` leaves out (failed), or may leave out (unknown). */
function namespacesProblem(
  parameters: Record<string, { value?: unknown }>,
  document: TerraformDocument,
): RuleFinding | undefined {
  const namespaces = parameters.namespaces?.value;
  if (namespaces !== undefined && namespaces !== null && !Array.isArray(namespaces))
    return failed("policy_assignment.parameters.namespaces", namespaces, "is not a list of namespaces");
  if (Array.isArray(namespaces) && namespaces.length > 0) {
    const tenants = tenantNamespaces(document);
    const missing = tenants.names.filter((name) => !namespaces.includes(name));
    if (missing.length > 0)
      return failed(
        "policy_assignment.parameters.namespaces",
        namespaces,
        `tenant namespace(s) ${missing.join(", ")} are not in the assignment, so restricted is not enforced there`,
      );
    if (tenants.dynamic.length > 0) {
      return unknown(
        "policy_assignment.parameters.namespaces",
        namespaces,
        `whether tenant namespace(s) ${tenants.dynamic.map(describeNamespace).join(", ")} (names known only at apply) are in the assignment is unknown`,
      );
    }
  }
  return undefined;
}

/** The capability parameters PSS restricted needs (initiative or member c26596ff). */
function capabilitiesProblem(parameters: Record<string, { value?: unknown }>): RuleFinding | undefined {
  const allowed = parameters.allowedCapabilities?.value;
  const drop = parameters.requiredDropCapabilities?.value;
  if (!Array.isArray(allowed) || allowed.some((capability) => capability !== "NET_BIND_SERVICE")) {
    return failed(
      "policy_assignment.parameters.allowedCapabilities",
      allowed ?? "absent (14 capabilities)",
      "PSS restricted allows only NET_BIND_SERVICE; the initiative's default allows 14 capabilities",
    );
  }
  if (!Array.isArray(drop) || !drop.includes("ALL"))
    return failed(
      "policy_assignment.parameters.requiredDropCapabilities",
      drop ?? "absent (none)",
      "containers must drop ALL capabilities",
    );
  return undefined;
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
const initiativeRule = clusterPolicyRule("AKS-POD-03", {
  guids: [RESTRICTED],
  acceptedEffects: ["deny"],
  what: "the Pod Security Standards restricted initiative (42b8ef37)",
  fix: 'Assign initiative 42b8ef37-b724-4e24-bbc8-7a7708edfe00 to the cluster with parameters effect "Deny", allowedCapabilities ["NET_BIND_SERVICE"], requiredDropCapabilities ["ALL"] and namespaces listing every tenant namespace (IsolatedNamespace registers its namespace on SecureCluster, which maintains this assignment).',
  appliesTo: (cluster: TerraformResource, document: TerraformDocument) => {
    const tenants = tenantNamespaces(document);
    const members = MEMBERS.filter(([guid]) => !guid.startsWith("975ce327")).map(([guid]) => guid);
    return (
      tenants.names.length > 0 ||
      tenants.dynamic.length > 0 ||
      policyAssignmentsFor(document, cluster, [RESTRICTED, ...members]).some((assignment) => assignment.builtIn)
    );
  },
  checkParameters: (assignment, document) => {
    const parameters = assignment.parameters ?? {};
    return (
      capabilitiesProblem(parameters) ??
      namespacesProblem(parameters, document) ??
      passed("policy_assignment.parameters", parameters)
    );
  },
});

/** The finding of the eight members assigned one by one: that of the first member not met, or passed. */
function judgeMembers(cluster: TerraformResource, document: TerraformDocument): RuleFinding {
  let last: RuleFinding | undefined;
  for (const [guid, what] of MEMBERS) {
    const check = (assignment: CoveringAssignment) => {
      const parameters = assignment.parameters ?? {};
      return (
        (guid.startsWith("c26596ff") ? capabilitiesProblem(parameters) : undefined) ??
        namespacesProblem(parameters, document) ??
        passed("policy_assignment.parameters", parameters)
      );
    };
    const finding = judgeAssignments(
      policyAssignmentsFor(document, cluster, [guid]),
      {
        acceptedEffects: ["deny"],
        what: `the restricted member policy for ${what} (${guid.slice(0, 8)})`,
        checkParameters: check,
      },
      document,
    );
    if (finding.outcome !== "passed") return finding;
    last = finding;
  }
  return last!;
}

/**
 * Passed when the initiative passes, or when all eight members are assigned one by one with Deny,
 * the capability parameters and every tenant namespace (group rules may then be MayRunAs). When
 * neither passes, the finding of the members is reported if any member is assigned, else that of
 * the initiative.
 */
export const aksPod03 = defineRule("AKS-POD-03", {
  resourceTypes: initiativeRule.resourceTypes,
  fix: 'Assign the eight members of initiative 42b8ef37-b724-4e24-bbc8-7a7708edfe00 (or the initiative) to the cluster with effect "Deny", allowedCapabilities ["NET_BIND_SERVICE"], requiredDropCapabilities ["ALL"] and namespaces listing every tenant namespace (IsolatedNamespace registers its namespace on SecureCluster, which maintains these assignments).',
  evaluate: (cluster, document) => {
    const initiative = initiativeRule.evaluate(cluster, document);
    if (initiative === undefined || initiative.outcome === "passed") return initiative;
    // The seccomp member (975ce327) is also AKS-POD-07's own policy: assigned alone, it says nothing.
    const anyMember = MEMBERS.some(
      ([guid]) => !guid.startsWith("975ce327") && policyAssignmentsFor(document, cluster, [guid]).length > 0,
    );
    if (!anyMember) return initiative;
    const members = judgeMembers(cluster, document);
    return members.outcome === "passed" || initiative.outcome !== "unknown" ? members : initiative;
  },
});
