import { TerraformDocument, TerraformResource, addToGroup, documentIndex, readAttribute } from "./rule";

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
    pattern = new RegExp(
      `(?<![A-Za-z0-9_.])${escapeRegExp(target.type)}\\.${escapeRegExp(target.name)}${attributePattern}`,
    );
    PATTERNS.set(key, pattern);
  }
  return pattern;
}

/** Index syntax differs between writers (`kubelet_identity[0]` vs `kubelet_identity.0`): compare one form. */
function normalizeIndexes(value: string): string {
  return value.includes("[") ? value.replace(/\[(\d+)\]/g, ".$1") : value;
}

/**
 * True when `value` (a string, or any string inside a list/object) contains a Terraform reference
 * to `target`, optionally to one of its attributes: `${azurerm_kubernetes_cluster.aks.id}`,
 * also inside functions (`${lower(azurerm_kubernetes_cluster.aks.id)}`) and with index syntax
 * (`kubelet_identity[0].object_id` and `kubelet_identity.0.object_id` both match
 * attribute "kubelet_identity.0.object_id").
 *
 * This answers for one pair. To find which resources a value references, or which resources
 * reference a target, use `referencedAmong` and `resourcesReferencing`: they answer from indexes,
 * where calling this for every candidate of a type is a scan per judged resource.
 */
export function referencesResource(value: unknown, target: TerraformResource, attribute?: string): boolean {
  if (typeof value === "string") {
    // Cheap reject first.
    if (!value.includes("${") || !value.includes(target.name)) return false;
    return referencePattern(target, attribute).test(normalizeIndexes(value));
  }
  if (Array.isArray(value)) return value.some((item) => referencesResource(item, target, attribute));
  if (value && typeof value === "object")
    return Object.values(value).some((item) => referencesResource(item, target, attribute));
  return false;
}

/** A name a reference can be read back from: the character class of the name token below. */
const PLAIN_NAME = /^[A-Za-z0-9_-]+$/;
const NAME_TOKEN = /[A-Za-z0-9_-]+/y;
/** What may not precede a reference (the look-behind of referencePattern). */
const NOT_BEFORE = /[A-Za-z0-9_.]/;

interface ResourceOrder {
  /** Position of each resource in `ofType(resource.type)`. */
  readonly position: ReadonlyMap<TerraformResource, number>;
  /** Resources whose name is not PLAIN_NAME (hand-written JSON only): always candidates, by type. */
  readonly oddNames: ReadonlyMap<string, readonly TerraformResource[]>;
}

const RESOURCE_ORDER = documentIndex<ResourceOrder>("resource order", (document) => {
  const position = new Map<TerraformResource, number>();
  const oddNames = new Map<string, TerraformResource[]>();
  const seen = new Map<string, number>();
  for (const resource of document.resources) {
    const index = seen.get(resource.type) ?? 0;
    seen.set(resource.type, index + 1);
    position.set(resource, index);
    if (!PLAIN_NAME.test(resource.name)) addToGroup(oddNames, resource.type, resource);
  }
  return { position, oddNames };
});

/** Adds the resources of `type` that a reference in `text` (normalized) may name. */
function collectCandidates(
  document: TerraformDocument,
  text: string,
  type: string,
  into: Set<TerraformResource>,
): void {
  const prefix = `${type}.`;
  for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
    if (at > 0 && NOT_BEFORE.test(text[at - 1])) continue;
    NAME_TOKEN.lastIndex = at + prefix.length;
    const name = NAME_TOKEN.exec(text)?.[0];
    const resource = name === undefined ? undefined : document.byAddress(`${type}.${name}`);
    if (resource) into.add(resource);
  }
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === "string") {
    if (value.includes("${")) into.push(normalizeIndexes(value));
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, into);
  } else if (value && typeof value === "object") {
    for (const item of Object.values(value)) collectStrings(item, into);
  }
}

/**
 * The resources of `types` that `value` may reference, in the order of
 * `types.flatMap((type) => document.ofType(type))`: every resource referencesResource accepts for
 * some attribute is among them (verify each with referencesResource). Reads the references out of
 * the value, so it costs the length of the value, not the number of resources.
 */
export function referenceCandidates(
  document: TerraformDocument,
  value: unknown,
  types: readonly string[],
): TerraformResource[] {
  const texts: string[] = [];
  collectStrings(value, texts);
  if (texts.length === 0) return [];
  const order = document.index(RESOURCE_ORDER);
  const found: TerraformResource[] = [];
  for (const type of types) {
    const candidates = new Set<TerraformResource>(order.oddNames.get(type) ?? []);
    for (const text of texts) collectCandidates(document, text, type, candidates);
    found.push(...[...candidates].sort((a, b) => (order.position.get(a) ?? 0) - (order.position.get(b) ?? 0)));
  }
  return found;
}

/**
 * The resources of `types` that `value` references (optionally through `attribute`), in the order of
 * `types.flatMap((type) => document.ofType(type))`: the answer of
 * `types.flatMap(ofType).filter((r) => referencesResource(value, r, attribute))` without the scan.
 */
export function referencedAmong(
  document: TerraformDocument,
  value: unknown,
  types: readonly string[],
  attribute?: string,
): TerraformResource[] {
  return referenceCandidates(document, value, types).filter((resource) =>
    referencesResource(value, resource, attribute),
  );
}

/** Referrers by target address, per (referrer types, attribute path, target type, target attribute). */
const REFERRERS = documentIndex("references by target", () => new Map<string, Map<string, TerraformResource[]>>());

/**
 * Resources of the given types whose attribute at `attributePath` (see readAttribute) references
 * `target` (optionally a given attribute of it), in the order of `types.flatMap(ofType)`. Built once
 * per document and question (every referrer is read once), then answered by the target's address.
 */
export function resourcesReferencing(
  document: TerraformDocument,
  target: TerraformResource,
  types: readonly string[],
  attributePath: string,
  targetAttribute?: string,
): readonly TerraformResource[] {
  const indexes = document.index(REFERRERS);
  const key = JSON.stringify([types, attributePath, target.type, targetAttribute ?? null]);
  let byTarget = indexes.get(key);
  if (!byTarget) {
    byTarget = new Map();
    for (const type of types) {
      for (const referrer of document.ofType(type)) {
        const value = readAttribute(referrer.config, attributePath);
        for (const referenced of referencedAmong(document, value, [target.type], targetAttribute))
          addToGroup(byTarget, referenced.address, referrer);
      }
    }
    indexes.set(key, byTarget);
  }
  return byTarget.get(target.address) ?? [];
}
