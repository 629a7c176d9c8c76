import { TerraformDocument, TerraformResource, isExpression } from "../rule";
import { referencedAmong, referencesResource } from "../references";
import { ScopeMatch, referencesDocumentResource, scopeMatch } from "./cluster/scope";
import {
  DEFAULT_EXCLUDED_NAMESPACES,
  TENANT_LABEL,
  TRUST_LEVEL_LABEL,
  describeNamespace,
  labelValue,
  namespaceKind,
  namespaceName,
  namespaces,
  namespacesReferencedBy,
} from "./workload/tenant-namespaces";

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
  "d46c275d-1680-448d-b2ec-e495a3b6cc89": "audit", // allowed external IPs (AKS-TEN-07)
  "975ce327-682c-4f2e-aa46-b9598289b86c": "audit", // seccomp
  // Members of the PSS restricted initiative, assigned one by one (AKS-POD-03).
  "95edb821-ddaf-4404-9732-666045e056b4": "deny", // privileged containers
  "1c6e92c9-99f0-4e55-9cf2-0c234dc48f99": "audit", // privilege escalation
  "82985f06-dc18-4a48-bc1c-b9f4f0098cfe": "audit", // host network and ports
  "47a1ee2f-2a2a-4576-bf2a-e0e36709c2b8": "audit", // host namespaces
  "c26596ff-4d70-4e6a-9a30-c2506bd2f80c": "audit", // capabilities
  "16697877-1118-4fb1-9b65-9898ec2509ec": "audit", // volume types
  "f06ddb64-5fa3-4b77-b166-acb36f7f6042": "audit", // user and group ids
  "febd0533-8e55-448f-b837-bd0e06f16469": "deny", // allowed images
  "5dc99dae-cfb2-42cc-8762-9aae02b74e27": "deployifnotexists", // Image Integrity
  // Image Integrity initiative: its effect parameter (default Audit) makes the 5dc99dae member DeployIfNotExists.
  "af28bf8b-c669-4dd3-9137-1e68fdc61bd6": "deployifnotexists",
  // Drift guardrails (AKS-GOV-01): Deny-capable, default Audit (CONTROLS.md index).
  "040732e8-d947-40b8-95d6-854c95024bf8": "audit", // private cluster
  "993c2fcd-2b29-49d2-9eb0-df2c3a730c32": "audit", // local authentication
  "41425d9f-d1a5-499a-9932-f8ed8453932c": "audit", // host encryption
  "7d7be79c-23ba-4033-84dd-45e2a5ccdd67": "audit", // CMK disks
};

/** Initiatives (policySetDefinitions/); every other GUID the rules name is a definition (policyDefinitions/). */
const INITIATIVES: ReadonlySet<string> = new Set([
  "a8640138-9b0a-4a28-b8cb-1666c838647d",
  "42b8ef37-b724-4e24-bbc8-7a7708edfe00",
  "4fd005fd-51be-478f-a8fb-149d48b20d48",
  "c047ea8e-9c78-49b2-958b-37e56d291a44",
  "af28bf8b-c669-4dd3-9137-1e68fdc61bd6",
  "1f3afdf9-d0c9-4c3d-847f-89da613e70a8",
  "e3ec7e09-768c-4b64-882c-fcada3772047",
]);

/** A built-in definition or initiative id, exactly: `/providers/Microsoft.Authorization/policy(Set)Definitions/<guid>`. */
const BUILT_IN_ID =
  /^\/providers\/microsoft\.authorization\/(policydefinitions|policysetdefinitions)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const CUSTOM_DEFINITION_TYPES = ["azurerm_policy_definition", "azurerm_policy_set_definition"];
/** Index key of assignments whose definition id is an expression that may be a built-in. */
const UNRESOLVED = "*";

const ASSIGNMENT_TYPES = [
  "azurerm_resource_policy_assignment",
  "azurerm_resource_group_policy_assignment",
  "azurerm_subscription_policy_assignment",
  "azurerm_management_group_policy_assignment",
];

/** A policy assignment that covers a cluster, with its effective effect. */
export interface CoveringAssignment {
  readonly resource: TerraformResource;
  /**
   * Lower-case effect ("deny", "audit", ...), or undefined when only apply can tell (the parameters,
   * `enforce` or the definition id are expressions); `unresolved` then says why.
   */
  readonly effect: string | undefined;
  /** Parsed `parameters`, or undefined when absent or an expression. */
  readonly parameters: Record<string, { value?: unknown }> | undefined;
  /**
   * False when the assignment's scope (or its not_scopes) is an expression that references nothing
   * in this document (a variable, data source or another stack's output): it may cover the cluster,
   * so a rule can only report unknown on it, never passed.
   */
  readonly certain: boolean;
  /** Why `certain` is false: the attribute only apply can resolve. */
  readonly uncertainAttribute?: string;
  /** Why `effect` is undefined, in words ("the parameters are an expression"). */
  readonly unresolved?: string;
  /** False when the definition id is an expression that may or may not be the built-in. */
  readonly builtIn: boolean;
}

/**
 * The built-in definition or initiative GUID an assignment assigns (lower-case); UNRESOLVED when the
 * id is an expression that may be a built-in (a variable, a data source); undefined otherwise
 * (a custom definition, even one whose name ends in a built-in's GUID, or a definition of the
 * wrong kind: a definition GUID under policySetDefinitions/ or the reverse).
 */
function definitionGuid(assignment: TerraformResource, document: TerraformDocument): string | undefined {
  const id = assignment.config.policy_definition_id;
  if (typeof id !== "string") return undefined;
  if (isExpression(id)) {
    const custom = referencedAmong(document, id, CUSTOM_DEFINITION_TYPES).length > 0;
    return custom ? undefined : UNRESOLVED;
  }
  const match = BUILT_IN_ID.exec(id.trim().toLowerCase());
  if (!match) return undefined;
  const initiative = match[1] === "policysetdefinitions";
  return INITIATIVES.has(match[2]) === initiative ? match[2] : undefined;
}

/** The resource group a cluster sits in: its literal name (lower-case) and the declared group, when known. */
function clusterGroup(
  cluster: TerraformResource,
  document: TerraformDocument,
): { readonly name?: string; readonly resource?: TerraformResource } {
  const raw = cluster.config.resource_group_name;
  const groups = document.ofType("azurerm_resource_group");
  const literal = (value: unknown): string | undefined =>
    typeof value === "string" && !isExpression(value) ? value.toLowerCase() : undefined;
  if (literal(raw) !== undefined)
    return { name: literal(raw), resource: groups.find((group) => literal(group.config.name) === literal(raw)) };
  const resource = referencedAmong(document, raw, ["azurerm_resource_group"], "name")[0];
  return resource ? { name: literal(resource.config.name), resource } : {};
}

/** Whether one not_scopes entry excludes the cluster: its id, its resource group, or a scope only apply can place. */
function notScopeExcludes(
  scope: unknown,
  cluster: TerraformResource,
  document: TerraformDocument,
): "yes" | "no" | "maybe" {
  if (typeof scope !== "string") return "no";
  if (scopeMatch(scope, cluster, document) === "target") return "yes";
  const group = clusterGroup(cluster, document);
  if (!isExpression(scope)) {
    const id = scope.trim().toLowerCase().replace(/\/+$/, "");
    const inGroup = /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)$/.exec(id);
    if (inGroup) return group.name === undefined ? "maybe" : inGroup[1] === group.name ? "yes" : "no";
    // The document does not say which subscription or management group the cluster lands in.
    if (/^\/subscriptions\/[^/]+$/.test(id) || id.startsWith("/providers/microsoft.management/managementgroups/"))
      return "maybe";
    return "no";
  }
  if (referencesResource(scope, cluster)) return "yes";
  const referencedGroup = referencedAmong(document, scope, ["azurerm_resource_group"], "id")[0];
  if (referencedGroup) {
    if (group.resource) return referencedGroup === group.resource ? "yes" : "no";
    const name = referencedGroup.config.name;
    return group.name !== undefined && typeof name === "string" && !isExpression(name)
      ? name.toLowerCase() === group.name
        ? "yes"
        : "no"
      : "maybe";
  }
  return referencesDocumentResource(scope, document) ? "no" : "maybe";
}

/** Whether the assignment's not_scopes exclude the cluster ("maybe": only apply can tell). */
function excludedBy(
  notScopes: unknown,
  cluster: TerraformResource,
  document: TerraformDocument,
): "yes" | "no" | "maybe" {
  if (notScopes === undefined || notScopes === null) return "no";
  if (!Array.isArray(notScopes)) return isExpression(notScopes) ? "maybe" : "no";
  let answer: "no" | "maybe" = "no";
  for (const scope of notScopes) {
    const excluded = notScopeExcludes(scope, cluster, document);
    if (excluded === "yes") return "yes";
    if (excluded === "maybe") answer = "maybe";
  }
  return answer;
}

/** Whether the assignment's scope contains the cluster ("unresolved": only apply can tell), and which attribute decides. */
function covers(
  assignment: TerraformResource,
  cluster: TerraformResource,
  document: TerraformDocument,
): { match: ScopeMatch; attribute: string } {
  let match: ScopeMatch;
  let attribute: string;
  switch (assignment.type) {
    case "azurerm_resource_policy_assignment":
      match = scopeMatch(assignment.config.resource_id, cluster, document);
      attribute = "policy_assignment.resource_id";
      break;
    case "azurerm_resource_group_policy_assignment":
      match = groupCovers(assignment.config.resource_group_id, cluster.config.resource_group_name, document);
      attribute = "policy_assignment.resource_group_id";
      break;
    default:
      // A subscription or management-group assignment in the same configuration is taken to cover
      // the cluster (the document cannot tell which subscription a cluster lands in).
      match = "target";
      attribute = "policy_assignment";
  }
  if (match === "other") return { match, attribute };
  const excluded = excludedBy(assignment.config.not_scopes, cluster, document);
  if (excluded === "yes") return { match: "other", attribute: "policy_assignment.not_scopes" };
  if (excluded === "maybe")
    return { match: "unresolved", attribute: match === "unresolved" ? attribute : "policy_assignment.not_scopes" };
  return { match, attribute };
}

/** Whether a resource-group assignment scope (`resource_group_id`) is the group a cluster sits in. */
function groupCovers(scope: unknown, clusterGroupName: unknown, document: TerraformDocument): ScopeMatch {
  if (isExpression(clusterGroupName)) {
    const group = referencedAmong(document, clusterGroupName, ["azurerm_resource_group"], "name")[0];
    return group ? scopeMatch(scope, group, document) : "unresolved";
  }
  if (typeof clusterGroupName !== "string" || typeof scope !== "string") return "other";
  const name = clusterGroupName.toLowerCase();
  if (!isExpression(scope))
    return scope.toLowerCase().replace(/\/+$/, "").endsWith(`/resourcegroups/${name}`) ? "target" : "other";
  const group = referencedAmong(document, scope, ["azurerm_resource_group"], "id")[0];
  if (!group) return referencesDocumentResource(scope, document) ? "other" : "unresolved";
  const groupName = group.config.name;
  if (isExpression(groupName)) return "unresolved";
  return typeof groupName === "string" && groupName.toLowerCase() === name ? "target" : "other";
}

/** An indexed assignment: with the declared resource its resource_id is exactly `${<address>.id}` of, when it is. */
interface IndexedAssignment {
  readonly resource: TerraformResource;
  readonly target?: string;
}

const BY_GUID = new WeakMap<TerraformDocument, Map<string, IndexedAssignment[]>>();
const EXACT_ID_REFERENCE = /^\$\{([a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)\.id\}$/;

/**
 * Assignments of the document by definition GUID, built once per document (rules ask per cluster,
 * so a stack of n clusters asks n x n times: a resource assignment whose scope is exactly another
 * declared resource's id is skipped without matching its scope).
 */
function assignmentsByGuid(document: TerraformDocument): Map<string, IndexedAssignment[]> {
  let index = BY_GUID.get(document);
  if (!index) {
    index = new Map();
    for (const type of ASSIGNMENT_TYPES) {
      for (const assignment of document.ofType(type)) {
        const guid = definitionGuid(assignment, document);
        if (guid === undefined) continue;
        const scope = assignment.config.resource_id;
        const reference =
          type === "azurerm_resource_policy_assignment" && typeof scope === "string"
            ? EXACT_ID_REFERENCE.exec(scope)?.[1]
            : undefined;
        const entry: IndexedAssignment =
          reference !== undefined && document.byAddress(reference)
            ? { resource: assignment, target: reference }
            : { resource: assignment };
        const list = index.get(guid);
        if (list) list.push(entry);
        else index.set(guid, [entry]);
      }
    }
    BY_GUID.set(document, index);
  }
  return index;
}

const EFFECTS = new WeakMap<TerraformResource, ReturnType<typeof effectOf>>();

/** effectOf, once per assignment (its GUID is fixed by its definition id). */
function cachedEffectOf(assignment: TerraformResource, guid: string | undefined): ReturnType<typeof effectOf> {
  let effect = EFFECTS.get(assignment);
  if (!effect) {
    effect = effectOf(assignment, guid);
    EFFECTS.set(assignment, effect);
  }
  return effect;
}

/** The effect an assignment of `guid` enforces, or why only apply can tell. */
function effectOf(
  assignment: TerraformResource,
  guid: string | undefined,
): { effect?: string; parameters?: Record<string, { value?: unknown }>; unresolved?: string } {
  if (guid === undefined)
    return {
      unresolved: `the policy definition id of ${assignment.address} is an expression; it may be this built-in`,
    };
  const raw = assignment.config.parameters;
  let parameters: Record<string, { value?: unknown }> | undefined;
  let effect: string | undefined;
  let unresolved: string | undefined;
  const fallback = (): string | undefined => {
    const value = DEFAULT_EFFECTS[guid];
    if (value === undefined)
      unresolved = `the default effect of ${guid} is not known to the checker; give the effect parameter explicitly`;
    return value;
  };
  if (raw === undefined || raw === null) {
    effect = fallback();
  } else if (typeof raw === "string" && !isExpression(raw)) {
    // Any expression inside the parameters makes the whole assignment unknown (above): the effect,
    // excludedNamespaces and every parameter a rule reads are then known only at apply.
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      parameters = parsed as Record<string, { value?: unknown }>;
      const given = parameters.effect?.value;
      effect = typeof given === "string" ? given.toLowerCase() : given === undefined ? fallback() : undefined;
      if (effect === undefined) unresolved ??= `the effect parameter of ${assignment.address} is not a string`;
    } catch {
      unresolved = `the parameters of ${assignment.address} are not valid JSON`;
    }
  } else {
    unresolved = `the parameters of ${assignment.address} are an expression known only at apply`;
  }
  // An assignment in DoNotEnforce mode only reports, whatever its effect says.
  const enforce = assignment.config.enforce;
  if ((enforce === false || enforce === "false") && effect === "deny") effect = "audit";
  else if (isExpression(enforce) && effect === "deny") {
    effect = undefined;
    unresolved = `enforce on ${assignment.address} is an expression; in DoNotEnforce mode a Deny assignment only reports`;
  }
  return { effect, parameters, unresolved };
}

/**
 * Assignments of the given definition or initiative GUIDs that cover `cluster` (certain) or may
 * cover it (scope or not_scopes unresolved, `certain: false`), in document order, followed by
 * assignments whose definition id is an expression that may be one of them (`builtIn: false`).
 */
export function policyAssignmentsFor(
  document: TerraformDocument,
  cluster: TerraformResource,
  guids: readonly string[],
): CoveringAssignment[] {
  const index = assignmentsByGuid(document);
  const result: CoveringAssignment[] = [];
  const consider = (entry: IndexedAssignment, guid: string | undefined): void => {
    if (entry.target !== undefined && entry.target !== cluster.address) return;
    const assignment = entry.resource;
    const coverage = covers(assignment, cluster, document);
    if (coverage.match === "other") return;
    const { effect, parameters, unresolved } = cachedEffectOf(assignment, guid);
    result.push({
      resource: assignment,
      effect,
      parameters,
      certain: coverage.match === "target",
      ...(coverage.match !== "target" ? { uncertainAttribute: coverage.attribute } : {}),
      ...(unresolved ? { unresolved } : {}),
      builtIn: guid !== undefined,
    });
  };
  for (const guid of guids)
    for (const entry of index.get(guid.toLowerCase()) ?? []) consider(entry, guid.toLowerCase());
  for (const entry of index.get(UNRESOLVED) ?? []) consider(entry, undefined);
  return result;
}

/**
 * The namespaces a tenant lives in, by literal name: tenant namespace resources of the document
 * (literal non-system names, or labelled with the tenant or trust-level label) and the namespaces
 * listed in Pod Security restricted assignments (AKS-POD-03).
 */
export function tenantNamespaceNames(document: TerraformDocument): ReadonlySet<string> {
  let names = TENANTS.get(document);
  if (!names) {
    const found = new Set<string>();
    for (const namespace of namespaces(document)) {
      const name = namespaceName(namespace);
      if (name === undefined) continue;
      if (
        namespaceKind(namespace) === "tenant" ||
        labelValue(namespace, TENANT_LABEL) !== undefined ||
        labelValue(namespace, TRUST_LEVEL_LABEL) !== undefined
      )
        found.add(name);
    }
    for (const { resource: assignment } of assignmentsByGuid(document).get(PSS_RESTRICTED) ?? []) {
      const raw = assignment.config.parameters;
      if (typeof raw !== "string" || isExpression(raw)) continue;
      try {
        const listed = (JSON.parse(raw) as Record<string, { value?: unknown }>).namespaces?.value;
        if (Array.isArray(listed))
          listed.filter((name): name is string => typeof name === "string").forEach((name) => found.add(name));
      } catch {
        // not JSON: the rule judging the assignment reports it
      }
    }
    names = found;
    TENANTS.set(document, names);
  }
  return names;
}

const TENANTS = new WeakMap<TerraformDocument, ReadonlySet<string>>();
const PSS_RESTRICTED = "42b8ef37-b724-4e24-bbc8-7a7708edfe00";

/**
 * Judges an assignment's `excludedNamespaces` (Gatekeeper definitions and initiatives): absent is the
 * built-ins' default; anything beyond the default system namespaces (CONTROLS.md: kube-system,
 * gatekeeper-system, azure-arc, azure-extensions-usage-system), a tenant namespace above all, exempts
 * workloads from the control. A namespace given by a reference to a declared namespace is judged by
 * that namespace; any other expression is unknown.
 */
export function excludedNamespacesProblem(
  assignment: CoveringAssignment,
  document: TerraformDocument,
  what: string,
): { outcome: "failed" | "unknown"; value: unknown; message: string } | undefined {
  const value = assignment.parameters?.excludedNamespaces?.value;
  if (value === undefined || value === null) return undefined;
  if (isExpression(value) && !Array.isArray(value))
    return {
      outcome: "unknown",
      value,
      message: `the namespaces ${assignment.resource.address} exempts from ${what} are an expression known only at apply`,
    };
  if (!Array.isArray(value))
    return { outcome: "failed", value, message: "excludedNamespaces is not a list of namespaces" };
  const tenants = tenantNamespaceNames(document);
  const extra: string[] = [];
  let dynamic: unknown;
  for (const entry of value) {
    if (typeof entry === "string" && isExpression(entry)) {
      const declared = namespacesReferencedBy(document, entry)[0];
      if (!declared) {
        dynamic ??= entry;
        continue;
      }
      const name = describeNamespace(declared);
      if (!DEFAULT_EXCLUDED_NAMESPACES.includes(name)) extra.push(name);
    } else if (typeof entry !== "string" || !DEFAULT_EXCLUDED_NAMESPACES.includes(entry)) {
      extra.push(String(entry));
    }
  }
  if (extra.length > 0) {
    const tenant = extra.filter((name) => tenants.has(name));
    const why =
      tenant.length > 0
        ? `exempts tenant namespace(s) ${tenant.join(", ")} from ${what}`
        : `exempts ${extra.join(", ")} from ${what}, beyond the default system namespaces (${DEFAULT_EXCLUDED_NAMESPACES.join(", ")})`;
    return { outcome: "failed", value, message: `${assignment.resource.address} ${why}` };
  }
  if (dynamic !== undefined)
    return {
      outcome: "unknown",
      value,
      message: `${assignment.resource.address} exempts a namespace known only at apply (${String(dynamic)}) from ${what}`,
    };
  return undefined;
}
