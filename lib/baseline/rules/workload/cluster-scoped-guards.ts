import {
  TerraformDocument,
  TerraformResource,
  addToGroup,
  documentIndex,
  isExpression,
  readAttribute,
} from "../../rule";
import { referencedAmong, referencesResource } from "../../references";
import { resourcesByValue } from "../../document";
import { MANIFEST_TYPE, NAMESPACE_TYPES, namespaceName, namespaces } from "./tenant-namespaces";

/**
 * Helpers of the rules that look for cluster-scoped objects guarding a tenant namespace
 * (AKS-TEN-04, TEN-05): such objects name the namespace in a selector, not in metadata.namespace.
 * A platform has one such object per tenant namespace, so these rules must not walk every object
 * for every namespace (issue 14): they classify each object once (`selectorMatches`) and then ask,
 * per namespace, only for the objects that name it and the first one only apply can decide.
 */

type ManifestEntry = { resource: TerraformResource; manifest: Record<string, unknown> };

/** kubernetes_manifest resources by their literal `manifest.kind`, in document order. */
const MANIFESTS_BY_KIND = documentIndex("kubernetes_manifest by kind", (document) => {
  const byKind = new Map<unknown, ManifestEntry[]>();
  for (const resource of document.ofType(MANIFEST_TYPE)) {
    const manifest = readAttribute(resource.config, "manifest");
    if (!!manifest && typeof manifest === "object")
      addToGroup(byKind, readAttribute(manifest, "kind"), { resource, manifest: manifest as Record<string, unknown> });
  }
  return byKind;
});

/** The `manifest` of every kubernetes_manifest of `kind` (literal) in the document. */
export function manifestsOfKind(document: TerraformDocument, kind: string): readonly ManifestEntry[] {
  const entries = document.index(MANIFESTS_BY_KIND).get(kind) ?? [];
  // Like ofType: the caller may walk all of them, which is the work the linear-work guard counts.
  document.work.visited += entries.length;
  return entries;
}

/**
 * Whether a selector value names `namespace`: "yes" by the same literal, a reference to the namespace
 * resource or the very same expression; "maybe" when only apply can tell; "no" otherwise.
 */
export function namesNamespace(value: unknown, namespace: TerraformResource): "yes" | "no" | "maybe" {
  if (typeof value !== "string") return "no";
  const name = namespaceName(namespace);
  if (!isExpression(value)) return name === undefined ? "maybe" : value === name ? "yes" : "no";
  if (
    value === readAttribute(namespace.config, "metadata.name") ||
    referencesResource(value, namespace, "metadata.0.name")
  )
    return "yes";
  return "maybe";
}

/**
 * Per namespace, which of a list of objects name it, answered without walking the list per namespace.
 * Object `i` carries the selector values `values[i]`; it names a namespace when `namesNamespace`
 * says "yes" for one of them, and is undecided ("maybe") when none says "yes" and one says "maybe".
 */
export interface SelectorMatches {
  /** Indexes (ascending) of the objects that name the namespace. */
  naming(namespace: TerraformResource): readonly number[];
  /** The lowest index of an object for which only apply can tell whether it names the namespace. */
  firstUndecided(namespace: TerraformResource): number | undefined;
}

const NONE: readonly number[] = [];

/**
 * Classifies every selector value once: a literal names the namespaces of that literal name (and is
 * undecided for namespaces whose name is dynamic); an expression names the namespaces it references
 * or whose name is the very same expression, and is undecided for every other namespace. The answers
 * equal `namesNamespace` asked for every pair (issue 14: one pass instead of objects x namespaces).
 */
export function selectorMatches(document: TerraformDocument, values: readonly (readonly unknown[])[]): SelectorMatches {
  const byName = new Map<string, TerraformResource[]>();
  for (const namespace of namespaces(document)) {
    const name = namespaceName(namespace);
    if (name !== undefined) addToGroup(byName, name, namespace);
  }
  const byRawName = resourcesByValue(document, NAMESPACE_TYPES, "metadata.name");
  const naming = new Map<TerraformResource, number[]>();
  const name = (namespace: TerraformResource, index: number): void => {
    const list = naming.get(namespace);
    if (!list) naming.set(namespace, [index]);
    else if (list[list.length - 1] !== index) list.push(index);
  };
  /** Objects with an expression value: undecided for every namespace they do not name. */
  const withExpression: number[] = [];
  /** Objects with a literal value: undecided for namespaces whose name is dynamic, unless they name them. */
  const withLiteral: number[] = [];
  values.forEach((objectValues, index) => {
    let expression = false;
    let literal = false;
    for (const value of objectValues) {
      if (typeof value !== "string") continue;
      if (!isExpression(value)) {
        literal = true;
        for (const namespace of byName.get(value) ?? []) name(namespace, index);
        continue;
      }
      expression = true;
      const named = new Set([
        ...(byRawName.get(value) ?? []),
        ...referencedAmong(document, value, NAMESPACE_TYPES, "metadata.0.name"),
      ]);
      for (const namespace of named) name(namespace, index);
    }
    if (expression) withExpression.push(index);
    if (literal) withLiteral.push(index);
  });
  /** The first of `candidates` (ascending) not among `named` (ascending): skips at most named.length. */
  const firstNotNaming = (candidates: readonly number[], named: readonly number[]): number | undefined => {
    const skip = new Set(named);
    return candidates.find((index) => !skip.has(index));
  };
  return {
    naming: (namespace) => naming.get(namespace) ?? NONE,
    firstUndecided: (namespace) => {
      const named = naming.get(namespace) ?? NONE;
      const firsts = [
        firstNotNaming(withExpression, named),
        namespaceName(namespace) === undefined ? firstNotNaming(withLiteral, named) : undefined,
      ];
      const defined = firsts.filter((index): index is number => index !== undefined);
      return defined.length === 0 ? undefined : Math.min(...defined);
    },
  };
}
