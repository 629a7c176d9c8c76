import { TerraformDocument, TerraformResource, isExpression } from "../../rule";
import { referencesResource } from "../../references";

/**
 * Whether a scope-like value (a diagnostic setting's target_resource_id, a policy assignment's
 * resource_id) points at a resource:
 * - "target": it references the resource (`${azurerm_kubernetes_cluster.aks.id}`), or is a literal
 *   ARM id that names it;
 * - "unresolved": it is an expression that references no managed resource of this document
 *   (`${var.cluster_id}`, `${data.azurerm_kubernetes_cluster.x.id}`, a remote-state output): it may
 *   be the resource, which only apply can tell, so rules report such a case as unknown;
 * - "other": it points somewhere else.
 */
export type ScopeMatch = "target" | "unresolved" | "other";

/** Terraform references to managed resources inside `${...}`: `<type>.<name>`, not data./var./local./module. */
const REFERENCE = /(?<![A-Za-z0-9_.-])([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g;
const NOT_RESOURCES = new Set(["var", "local", "data", "module", "each", "count", "path", "terraform", "self"]);

/** Answers per document and expression: rules ask for every (cluster, assignment) pair. */
const RESOLVED = new WeakMap<TerraformDocument, Map<string, boolean>>();

/** True when an expression references at least one managed resource declared in the document. */
export function referencesDocumentResource(value: unknown, document: TerraformDocument): boolean {
  if (Array.isArray(value)) return value.some((item) => referencesDocumentResource(item, document));
  if (typeof value !== "string" || !isExpression(value)) return false;
  let cache = RESOLVED.get(document);
  if (!cache) RESOLVED.set(document, (cache = new Map()));
  let answer = cache.get(value);
  if (answer === undefined) {
    answer = false;
    for (const match of value.matchAll(REFERENCE)) {
      if (!NOT_RESOURCES.has(match[1]) && document.byAddress(`${match[1]}.${match[2]}`)) {
        answer = true;
        break;
      }
    }
    cache.set(value, answer);
  }
  return answer;
}

/** ARM resource-type segment of the resources a literal id can name. */
const ARM_TYPES: Record<string, string> = {
  azurerm_kubernetes_cluster: "microsoft.containerservice/managedclusters",
  azurerm_resource_group: "",
};

/**
 * True when `value` is a literal ARM id naming `target` by its literal name (and resource group,
 * when both are literal). Only clusters and resource groups are recognised.
 */
function literalIdNames(value: string, target: TerraformResource): boolean {
  const name = target.config.name;
  if (typeof name !== "string" || isExpression(name) || !(target.type in ARM_TYPES)) return false;
  const id = value.toLowerCase().replace(/\/+$/, "");
  const group = /\/resourcegroups\/([^/]+)(.*)$/.exec(id);
  if (!group) return false;
  if (target.type === "azurerm_resource_group") return group[2] === "" && group[1] === name.toLowerCase();
  const targetGroup = target.config.resource_group_name;
  if (typeof targetGroup === "string" && !isExpression(targetGroup) && group[1] !== targetGroup.toLowerCase())
    return false;
  return group[2] === `/providers/${ARM_TYPES[target.type]}/${name.toLowerCase()}`;
}

/** Classifies `value` as a scope pointing at `target` (see {@link ScopeMatch}). */
export function scopeMatch(value: unknown, target: TerraformResource, document: TerraformDocument): ScopeMatch {
  if (referencesResource(value, target, "id")) return "target";
  if (typeof value !== "string") return "other";
  if (!isExpression(value)) return literalIdNames(value, target) ? "target" : "other";
  return referencesDocumentResource(value, document) ? "other" : "unresolved";
}

/** Resources of `type` whose scope attribute (read by `read`) targets or may target `target`. */
export function resourcesScopedTo(
  document: TerraformDocument,
  target: TerraformResource,
  type: string,
  read: (resource: TerraformResource) => unknown,
): { readonly certain: TerraformResource[]; readonly unresolved: TerraformResource[] } {
  const certain: TerraformResource[] = [];
  const unresolved: TerraformResource[] = [];
  for (const resource of document.ofType(type)) {
    const match = scopeMatch(read(resource), target, document);
    if (match === "target") certain.push(resource);
    else if (match === "unresolved") unresolved.push(resource);
  }
  return { certain, unresolved };
}
