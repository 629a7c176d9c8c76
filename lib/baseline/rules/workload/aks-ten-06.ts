import { TerraformDocument, TerraformResource, isExpression, readAttribute, readBlock, readBlocks } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, grantsRole, passed, referencedResource, unknown } from "../findings";
import { resourcesByValue } from "../../document";
import { ROLE_BINDING_TYPES } from "./tenant-namespaces";
import {
  AKS_DATA_ACTION_PREFIX,
  AzureBuiltInRole,
  AzureRoles,
  TENANT_GUARDRAIL_RESOURCES,
} from "../../../util/azure-roles";

const ROLE_TYPES = ["kubernetes_role_v1", "kubernetes_role"];

const PREFIX = AKS_DATA_ACTION_PREFIX.toLowerCase();
const GUARDED = TENANT_GUARDRAIL_RESOURCES;
/** Built-in roles that write some of them at namespace scope (built-in-roles/containers.md). */
const BUILT_IN: readonly AzureBuiltInRole[] = [
  AzureRoles.aksRbacWriter,
  AzureRoles.aksRbacAdmin,
  AzureRoles.aksRbacClusterAdmin,
];
/** ClusterRoles that write NetworkPolicies (edit aggregates them; admin and cluster-admin hold everything). */
const WRITING_CLUSTER_ROLES = new Set(["edit", "admin", "cluster-admin"]);

/** The guarded resource a data action grants write on, if any (`*`, `<resource>/*`, `/write`, `/delete`, `/bind/action`, `/escalate/action`). */
export function guardedWrite(action: string): string | undefined {
  const lower = action.toLowerCase();
  if (!lower.startsWith(PREFIX))
    return lower === "*" || lower === "microsoft.containerservice/*" ? "every resource" : undefined;
  const rest = lower.slice(PREFIX.length);
  if (rest === "*") return "every resource";
  for (const resource of GUARDED) {
    if (!rest.startsWith(`${resource}/`) && !(resource.includes("/") && rest === `${resource.split("/")[0]}/*`))
      continue;
    const verb = rest.slice(resource.length + 1);
    if (verb !== "read") return resource;
  }
  return undefined;
}

/** The first guarded write a custom role definition grants (not taken back by not_data_actions), "expression", or undefined. */
function customRoleProblem(definition: TerraformResource): string | undefined {
  for (const permission of readBlocks(definition.config, "permissions")) {
    const granted = permission.data_actions;
    const revoked = permission.not_data_actions;
    if (isExpression(granted) || isExpression(revoked)) return "expression";
    const revokedSet = new Set((Array.isArray(revoked) ? revoked : []).map((action) => String(action).toLowerCase()));
    for (const action of Array.isArray(granted) ? granted : []) {
      const resource = guardedWrite(String(action));
      if (resource === undefined) continue;
      // A wildcard is acceptable only when every write of every guarded resource is taken back.
      const takenBack = GUARDED.every((guarded) =>
        ["write", "delete"].every(
          (verb) => revokedSet.has(`${PREFIX}${guarded}/${verb}`) || revokedSet.has(`${PREFIX}${guarded}/*`),
        ),
      );
      if (!takenBack) return `${action} (${resource})`;
    }
  }
  return undefined;
}

/** The first guarded resource a Kubernetes Role's rules may write, "expression", or undefined. */
function kubernetesRoleProblem(role: TerraformResource): string | undefined {
  for (const rule of readBlocks(role.config, "rule")) {
    const { api_groups: groups, resources, verbs } = rule;
    if (isExpression(groups) || isExpression(resources) || isExpression(verbs)) return "expression";
    const writes = Array.isArray(verbs) && verbs.some((verb) => !["get", "list", "watch"].includes(String(verb)));
    if (!writes) continue;
    for (const group of Array.isArray(groups) ? groups : []) {
      for (const resource of Array.isArray(resources) ? resources : []) {
        const name = `${group === "" ? "" : `${String(group)}/`}${String(resource)}`;
        if (group === "*" || resource === "*" || GUARDED.includes(name)) return name;
      }
    }
  }
  return undefined;
}

function judgeAssignment(assignment: TerraformResource, document: TerraformDocument) {
  const scope = assignment.config.scope;
  if (!(typeof scope === "string" && scope.includes("/namespaces/"))) return undefined;
  const builtIn = BUILT_IN.find((role) => grantsRole(assignment, role));
  const attribute =
    assignment.config.role_definition_name !== undefined ? "role_definition_name" : "role_definition_id";
  const value = assignment.config[attribute];
  if (builtIn)
    return failed(
      attribute,
      value,
      `${builtIn.name} can write NetworkPolicies (and more) in the namespace, so the tenant can remove its own default-deny policy`,
    );
  if (grantsRole(assignment, AzureRoles.aksRbacReader)) return passed(attribute, value);
  const definition = referencedResource(
    assignment.config.role_definition_id,
    document,
    ["azurerm_role_definition"],
    ["role_definition_resource_id", "id"],
  );
  if (definition === undefined)
    return isExpression(value)
      ? unknown(
          attribute,
          value,
          "the role is defined outside this document (another stack, a variable); AKS-TEN-06 judges it where it is defined",
        )
      : passed(attribute, value, "not an AKS built-in role");
  const problem = customRoleProblem(definition);
  if (problem === "expression")
    return unknown(
      "permissions.data_actions",
      readAttribute(definition.config, "permissions"),
      `the data actions of ${definition.address} are expressions`,
    );
  if (problem)
    return failed(
      "permissions.data_actions",
      problem,
      `${definition.address} lets the tenant write ${problem}, a guardrail the platform owns`,
    );
  return passed(attribute, value, definition.address);
}

function judgeBinding(binding: TerraformResource, document: TerraformDocument) {
  const roleRef = readBlock(binding.config, "role_ref");
  const kind = roleRef?.kind;
  const name = roleRef?.name;
  if (isExpression(kind) || (isExpression(name) && kind !== "Role")) return unknown("role_ref", roleRef);
  if (kind === "ClusterRole") {
    return WRITING_CLUSTER_ROLES.has(String(name))
      ? failed(
          "role_ref.name",
          name,
          `the ${String(name)} ClusterRole writes NetworkPolicies (and more) in the namespace, so the tenant can remove its own default-deny policy`,
        )
      : passed("role_ref.name", name);
  }
  const role =
    referencedResource(name, document, ROLE_TYPES, ["metadata.0.name", "metadata.name"]) ??
    // The first Role of that literal name, from a per-document index: one Role per tenant namespace
    // made a scan per binding quadratic (issue 14).
    resourcesByValue(document, ROLE_TYPES, "metadata.name").get(name)?.[0];
  if (role === undefined)
    return isExpression(name)
      ? unknown("role_ref.name", name)
      : passed("role_ref.name", name, "a Role this document does not declare");
  const problem = kubernetesRoleProblem(role);
  if (problem === "expression")
    return unknown("rule", readAttribute(role.config, "rule"), `the rules of ${role.address} are expressions`);
  if (problem)
    return failed("rule", problem, `${role.address} lets the tenant write ${problem}, a guardrail the platform owns`);
  return passed("role_ref.name", name, role.address);
}

/**
 * Error: access a tenant group gets in its namespace cannot write NetworkPolicies, LimitRanges,
 * ResourceQuotas, Endpoints, Roles or RoleBindings. Judged on namespace-scoped Azure role
 * assignments (the built-in RBAC Writer and Admin fail; a custom role declared in the document is
 * judged by its data actions; one defined elsewhere is unknown) and on RoleBindings (the edit,
 * admin and cluster-admin ClusterRoles fail; a Role declared in the document is judged by its rules).
 */
export const aksTen06 = defineRule("AKS-TEN-06", {
  resourceTypes: ["azurerm_role_assignment", ...ROLE_BINDING_TYPES],
  fix: "Give tenant writers and admins a role without NetworkPolicy, LimitRange, ResourceQuota, Endpoints and RBAC writes: the custom roles of TenantRoles (Azure RBAC) or a namespaced Role (Kubernetes RBAC), as IsolatedNamespace accessGroups do.",
  evaluate: (resource, document) =>
    resource.type === "azurerm_role_assignment"
      ? judgeAssignment(resource, document)
      : judgeBinding(resource, document),
});
