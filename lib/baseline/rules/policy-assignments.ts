import { TerraformDocument, TerraformResource, isExpression } from "../rule";
import { referencesResource } from "../references";
import { ScopeMatch, referencesDocumentResource, scopeMatch } from "./cluster/scope";

/**
 * Effects built-in definitions and initiatives use when an assignment gives no `effect` parameter
 * (their `effect` parameter's defaultValue in Azure/azure-policy, as indexed by policy-check).
 */
const DEFAULT_EFFECTS: Record<string, string> = {
  "a8640138-9b0a-4a28-b8cb-1666c838647d": "audit", // PSS baseline initiative
  "42b8ef37-b724-4e24-bbc8-7a7708edfe00": "audit", // PSS restricted initiative
  "4fd005fd-51be-478f-a8fb-149d48b20d48": "audit", // CIS initiative (preview)
  "c047ea8e-9c78-49b2-958b-37e56d291a44": "audit", // deployment safeguards
  "3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e": "deny", // internal load balancers
  "1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d": "deny", // HTTPS ingress
  "9f061a12-e40d-4183-a00e-171812443373": "audit", // default namespace
  "d2e7ea85-6b44-4317-a0be-1b951587f626": "audit", // CAP_SYS_ADMIN
  "df49d893-a74c-421d-bc95-c663042e5b80": "audit", // read-only root filesystem
  "511f5417-5d12-434d-ab2e-816901e72a5e": "audit", // AppArmor
  "56d0a13f-712f-466b-8416-56fb354fb823": "audit", // sysctls
  "f85eb0dd-92ee-40e9-8a76-db25a507d6d3": "audit", // /proc mount
  "e1e6c427-07d9-46ab-9689-bfa85431e636": "audit", // SELinux
  "f4a8fce0-2dd5-4c21-9a36-8f0ec809d663": "audit", // FlexVolume
  "e345eecc-fa47-480f-9e88-67dcc122b164": "deny", // limit ceilings
  "975ce327-682c-4f2e-aa46-b9598289b86c": "audit", // seccomp
  "febd0533-8e55-448f-b837-bd0e06f16469": "deny", // allowed images
  "5dc99dae-cfb2-42cc-8762-9aae02b74e27": "deployifnotexists", // Image Integrity
  // Image Integrity initiative: its effect parameter (default Audit) makes the 5dc99dae member DeployIfNotExists.
  "af28bf8b-c669-4dd3-9137-1e68fdc61bd6": "deployifnotexists",
};

const ASSIGNMENT_TYPES = [
  "azurerm_resource_policy_assignment",
  "azurerm_resource_group_policy_assignment",
  "azurerm_subscription_policy_assignment",
  "azurerm_management_group_policy_assignment",
];

/** A policy assignment that covers a cluster, with its effective effect. */
export interface CoveringAssignment {
  readonly resource: TerraformResource;
  /** Lower-case effect ("deny", "audit", ...), or undefined when the parameters are an expression. */
  readonly effect: string | undefined;
  /** Parsed `parameters`, or undefined when absent or an expression. */
  readonly parameters: Record<string, { value?: unknown }> | undefined;
  /**
   * False when the assignment's scope is an expression that references nothing in this document
   * (a variable, data source or another stack's output): it may cover the cluster, so a rule can
   * only report unknown on it, never passed.
   */
  readonly certain: boolean;
}

/** The definition or initiative GUID an assignment assigns (lower-case), or undefined. */
function definitionGuid(assignment: TerraformResource): string | undefined {
  const id = assignment.config.policy_definition_id;
  if (typeof id !== "string" || isExpression(id)) return undefined;
  return id.slice(id.lastIndexOf("/") + 1).toLowerCase();
}

/** Whether the assignment's scope contains the cluster ("unresolved": only apply can tell). */
function covers(assignment: TerraformResource, cluster: TerraformResource, document: TerraformDocument): ScopeMatch {
  switch (assignment.type) {
    case "azurerm_resource_policy_assignment":
      return scopeMatch(assignment.config.resource_id, cluster, document);
    case "azurerm_resource_group_policy_assignment":
      return groupCovers(assignment.config.resource_group_id, cluster.config.resource_group_name, document);
    default:
      // A subscription or management-group assignment in the same configuration is taken to cover
      // the cluster (the document cannot tell which subscription a cluster lands in).
      return "target";
  }
}

/** Whether a resource-group assignment scope (`resource_group_id`) is the group a cluster sits in. */
function groupCovers(scope: unknown, clusterGroup: unknown, document: TerraformDocument): ScopeMatch {
  const groups = document.ofType("azurerm_resource_group");
  if (isExpression(clusterGroup)) {
    const group = groups.find((candidate) => referencesResource(clusterGroup, candidate, "name"));
    return group ? scopeMatch(scope, group, document) : "unresolved";
  }
  if (typeof clusterGroup !== "string" || typeof scope !== "string") return "other";
  const name = clusterGroup.toLowerCase();
  if (!isExpression(scope)) return scope.toLowerCase().replace(/\/+$/, "").endsWith(`/resourcegroups/${name}`) ? "target" : "other";
  const group = groups.find((candidate) => referencesResource(scope, candidate, "id"));
  if (!group) return referencesDocumentResource(scope, document) ? "other" : "unresolved";
  const groupName = group.config.name;
  if (isExpression(groupName)) return "unresolved";
  return typeof groupName === "string" && groupName.toLowerCase() === name ? "target" : "other";
}

const BY_GUID = new WeakMap<TerraformDocument, Map<string, TerraformResource[]>>();

/** Assignments of the document by definition GUID, built once per document (rules ask per cluster). */
function assignmentsByGuid(document: TerraformDocument): Map<string, TerraformResource[]> {
  let index = BY_GUID.get(document);
  if (!index) {
    index = new Map();
    for (const type of ASSIGNMENT_TYPES) {
      for (const assignment of document.ofType(type)) {
        const guid = definitionGuid(assignment);
        if (guid === undefined) continue;
        const list = index.get(guid);
        if (list) list.push(assignment);
        else index.set(guid, [assignment]);
      }
    }
    BY_GUID.set(document, index);
  }
  return index;
}

/**
 * Assignments of the given definition or initiative GUIDs that cover `cluster` (certain) or may
 * cover it (scope unresolved, `certain: false`), in document order.
 */
export function policyAssignmentsFor(document: TerraformDocument, cluster: TerraformResource, guids: readonly string[]): CoveringAssignment[] {
  const index = assignmentsByGuid(document);
  const result: CoveringAssignment[] = [];
  for (const guid of guids) {
    for (const assignment of index.get(guid.toLowerCase()) ?? []) {
      const coverage = covers(assignment, cluster, document);
      if (coverage === "other") continue;
      const raw = assignment.config.parameters;
      let parameters: Record<string, { value?: unknown }> | undefined;
      let effect: string | undefined;
      if (raw === undefined) {
        effect = DEFAULT_EFFECTS[guid];
      } else if (typeof raw === "string" && !isExpression(raw)) {
        try {
          parameters = JSON.parse(raw) as Record<string, { value?: unknown }>;
          const given = parameters.effect?.value;
          effect = typeof given === "string" ? given.toLowerCase() : given === undefined ? DEFAULT_EFFECTS[guid] : undefined;
        } catch {
          effect = undefined;
        }
      }
      // An assignment in DoNotEnforce mode only reports, whatever its effect says.
      const enforce = assignment.config.enforce;
      if ((enforce === false || enforce === "false") && effect === "deny") effect = "audit";
      else if (isExpression(enforce) && effect === "deny") effect = undefined;
      result.push({ resource: assignment, effect, parameters, certain: coverage === "target" });
    }
  }
  return result;
}
