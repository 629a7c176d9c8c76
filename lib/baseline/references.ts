import { TerraformDocument, TerraformResource } from "./rule";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const PATTERNS = new Map<string, RegExp>();

/** The (cached) pattern of a reference to `target`, optionally to one of its attributes. */
function referencePattern(target: TerraformResource, attribute: string | undefined): RegExp {
  const key = `${target.address}|${attribute ?? ""}`;
  let pattern = PATTERNS.get(key);
  if (!pattern) {
    const attributePattern = attribute ? `\\.${escapeRegExp(attribute)}(?![A-Za-z0-9_])` : "(?![A-Za-z0-9_-])";
    pattern = new RegExp(`(?<![A-Za-z0-9_.])${escapeRegExp(target.type)}\\.${escapeRegExp(target.name)}${attributePattern}`);
    PATTERNS.set(key, pattern);
  }
  return pattern;
}

/**
 * True when `value` (a string, or any string inside a list/object) contains a Terraform reference
 * to `target`, optionally to one of its attributes: `${azurerm_kubernetes_cluster.aks.id}`,
 * also inside functions (`${lower(azurerm_kubernetes_cluster.aks.id)}`) and with index syntax
 * (`kubelet_identity[0].object_id` and `kubelet_identity.0.object_id` both match
 * attribute "kubelet_identity.0.object_id").
 */
export function referencesResource(value: unknown, target: TerraformResource, attribute?: string): boolean {
  if (typeof value === "string") {
    // Cheap reject first: rules call this for every pair of resources they compare.
    if (!value.includes("${") || !value.includes(target.name)) return false;
    // Index syntax differs between writers (`kubelet_identity[0]` vs `kubelet_identity.0`): compare one form.
    const normalized = value.includes("[") ? value.replace(/\[(\d+)\]/g, ".$1") : value;
    return referencePattern(target, attribute).test(normalized);
  }
  if (Array.isArray(value)) return value.some((item) => referencesResource(item, target, attribute));
  if (value && typeof value === "object") return Object.values(value).some((item) => referencesResource(item, target, attribute));
  return false;
}

/**
 * Resources of the given types whose attribute at `attributePath` (see readAttribute) references
 * `target` (optionally a given attribute of it), in document order.
 */
export function resourcesReferencing(
  document: TerraformDocument,
  target: TerraformResource,
  types: readonly string[],
  read: (resource: TerraformResource) => unknown,
  targetAttribute?: string,
): TerraformResource[] {
  return types.flatMap((type) => document.ofType(type).filter((resource) => referencesResource(read(resource), target, targetAttribute)));
}
