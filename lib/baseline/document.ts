import {
  DocumentIndex,
  DocumentWork,
  TerraformDocument,
  TerraformResource,
  addToGroup,
  documentIndex,
  readAttribute,
} from "./rule";

const NO_RESOURCES: readonly TerraformResource[] = [];

/**
 * Indexes a Terraform JSON document (`cdk.tf.json` or hand-written JSON) for the rules. Resources
 * keep document order (type, then name, as written), which keeps findings deterministic. Resources
 * by type and by address are built here; every other lookup is built on first use through
 * `index` and cached on the document, so each is built once per check whatever the number of rules.
 */
export function parseTerraformDocument(raw: Record<string, unknown>): TerraformDocument {
  const resources: TerraformResource[] = [];
  const resourceSection = (raw.resource ?? {}) as Record<string, Record<string, unknown>>;
  for (const type of Object.keys(resourceSection).sort()) {
    const byName = resourceSection[type] ?? {};
    for (const name of Object.keys(byName).sort()) {
      const config = (byName[name] ?? {}) as Record<string, unknown>;
      const metadata = (config["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
      resources.push({ type, name, address: `${type}.${name}`, config, constructPath: metadata?.path });
    }
  }
  const byType = new Map<string, TerraformResource[]>();
  const byAddress = new Map<string, TerraformResource>();
  for (const resource of resources) {
    addToGroup(byType, resource.type, resource);
    byAddress.set(resource.address, resource);
  }
  const work: DocumentWork = { lookups: 0, visited: 0 };
  const indexes = new Map<DocumentIndex<unknown>, unknown>();
  const document: TerraformDocument = {
    resources,
    raw,
    work,
    ofType: (type) => {
      const list = byType.get(type) ?? NO_RESOURCES;
      work.lookups += 1;
      work.visited += list.length;
      return list;
    },
    byAddress: (address) => {
      work.lookups += 1;
      return byAddress.get(address);
    },
    index: <T>(key: DocumentIndex<T>): T => {
      work.lookups += 1;
      if (!indexes.has(key)) indexes.set(key, key.build(document));
      return indexes.get(key) as T;
    },
  };
  return document;
}

/** Resources by their literal attribute value, per (types, attribute path). */
const BY_VALUE = documentIndex(
  "resources by attribute value",
  () => new Map<string, Map<unknown, TerraformResource[]>>(),
);

/**
 * The resources of `types` grouped by the value at `attributePath` (see readAttribute), compared as
 * `===` compares them, each group in the order of `types.flatMap(ofType)`: one pass per document
 * and question instead of a filter over every resource of the types per judged resource.
 */
export function resourcesByValue(
  document: TerraformDocument,
  types: readonly string[],
  attributePath: string,
): ReadonlyMap<unknown, readonly TerraformResource[]> {
  const cache = document.index(BY_VALUE);
  const key = JSON.stringify([types, attributePath]);
  let groups = cache.get(key);
  if (!groups) {
    groups = new Map();
    for (const type of types) {
      for (const resource of document.ofType(type)) {
        addToGroup(groups, readAttribute(resource.config, attributePath), resource);
      }
    }
    cache.set(key, groups);
  }
  return groups;
}
