/**
 * The shape of a baseline rule. A rule checks one control of the catalog (docs/controls.md) over
 * Terraform JSON (the shape of `cdk.tf.json`), so it judges resources written with raw provider
 * classes exactly like the ones this library creates.
 */

/** error: weaker than the baseline, stops synth. warning: printed and reported, synth goes on. */
export type Severity = "error" | "warning";

/** Where a control comes from, so every finding can be defended to a reviewer. */
export interface ControlReferences {
  /** CIS AKS benchmark v1.8 section ids, e.g. "5.4.2". */
  readonly cis?: string[];
  /** Microsoft cloud security benchmark control ids, e.g. "NS-2". */
  readonly mcsb?: string[];
  /** Azure Policy built-in definition or initiative GUIDs. */
  readonly azurePolicy?: string[];
  readonly checkov?: string[];
  readonly trivy?: string[];
  readonly kics?: string[];
  /** Anything else (AKS docs file names, PSS). */
  readonly other?: string[];
}

/** One resource block of the document, addressed as Terraform addresses it. */
export interface TerraformResource {
  /** e.g. "azurerm_kubernetes_cluster". */
  readonly type: string;
  /** The resource's name in the JSON (cdktf's logical id). */
  readonly name: string;
  /** `${type}.${name}` */
  readonly address: string;
  /** The resource's arguments as they appear in the JSON (including the `//` metadata key). */
  readonly config: Record<string, unknown>;
  /** The cdktf construct path from `//.metadata.path`, when the JSON was synthesized by cdktf. */
  readonly constructPath?: string;
}

/**
 * The whole synthesized document, for rules that look across resources.
 *
 * Rules run once per resource, so a rule that scans all resources of a type for every resource it
 * judges is quadratic: with a few hundred tenant namespaces that turns a synth of seconds into
 * minutes (issue 14). Cross-resource questions therefore go through lookups built once per
 * document and shared by every rule (see `index` and the indexes listed in lib/baseline/README.md):
 * resources by type and by address here, references by target and resources a value references in
 * references.ts, objects by namespace in rules/workload/tenant-namespaces.ts.
 */
export interface TerraformDocument {
  readonly resources: readonly TerraformResource[];
  /**
   * Every resource of a type, in document order. Iterating the result inside `evaluate` visits every
   * resource of the type once per judged resource: do that only for types a document has a handful
   * of (clusters, resource groups), never for per-tenant types; build an index instead.
   */
  ofType(type: string): readonly TerraformResource[];
  /** A resource by `${type}.${name}`. */
  byAddress(address: string): TerraformResource | undefined;
  /**
   * The lookup `key` describes, built on first use and then shared by every rule for the rest of
   * this document's check. Declare keys once, at module level, with `documentIndex`.
   */
  index<T>(key: DocumentIndex<T>): T;
  /** What rules have asked of the document so far; the quadratic-work guard of the tests reads it. */
  readonly work: DocumentWork;
  /** The raw JSON (for data sources, outputs, locals). */
  readonly raw: Record<string, unknown>;
}

/**
 * Work counters of a document: `lookups` counts calls of ofType, byAddress and index (and the
 * look-ups the shared indexes answer); `visited` counts the resources ofType handed out, i.e. what a
 * caller may iterate. Linear rules make both grow in proportion to the document.
 */
export interface DocumentWork {
  lookups: number;
  visited: number;
}

/** A per-document lookup: `build` runs once per document, on the first `document.index(key)`. */
export interface DocumentIndex<T> {
  /** For debugging and profiles only. */
  readonly name: string;
  build(document: TerraformDocument): T;
}

/** Appends `value` to the list `map` holds under `key` (the building step of most indexes). */
export function addToGroup<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const group = map.get(key);
  if (group) group.push(value);
  else map.set(key, [value]);
}

/** Declares a per-document lookup (at module level, so every rule shares the same key). */
export function documentIndex<T>(name: string, build: (document: TerraformDocument) => T): DocumentIndex<T> {
  return { name, build };
}

/**
 * What a rule found for one resource.
 * - passed: the attribute has the secure value.
 * - failed: it does not; `attribute` and `value` say what was found, `message` says why it matters.
 * - unknown: the value the rule needs is a Terraform expression (`${...}`) that only apply can
 *   resolve; never counted as passed.
 */
export interface RuleFinding {
  readonly outcome: "passed" | "failed" | "unknown";
  /** Attribute path as Terraform writes it, e.g. "network_profile.network_plugin". */
  readonly attribute?: string;
  /** The value found (undefined when absent). */
  readonly value?: unknown;
  /** What was wrong or unknown, in one sentence. */
  readonly message?: string;
}

export interface Rule {
  /** The control id of the catalog (docs/controls.md), e.g. "AKS-NET-01"; a custom rule uses an id of its own. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly references: ControlReferences;
  /** Resource types this rule is evaluated on; it is not applicable to any other resource. */
  readonly resourceTypes: readonly string[];
  /** How to fix a failure, phrased for a user of this library and of raw provider classes. */
  readonly fix: string;
  /**
   * Judges one resource of a type in `resourceTypes`. Return `undefined` when the rule does not
   * apply to this particular resource (e.g. an IAM-07 check on a cluster that uses Azure RBAC).
   */
  evaluate(resource: TerraformResource, document: TerraformDocument): RuleFinding | undefined;
}

/** True when a value is, or contains (in a list or an object), a Terraform expression that only apply can resolve. */
export function isExpression(value: unknown): boolean {
  if (typeof value === "string") return value.includes("${");
  if (Array.isArray(value)) return value.some(isExpression);
  if (value !== null && typeof value === "object") return Object.values(value).some(isExpression);
  return false;
}

/**
 * Reads a nested attribute by a dotted path ("network_profile.network_plugin"). Blocks may be
 * written as an object or as a list of objects (cdktf and hand-written JSON differ); a list is
 * read through its first element unless the path gives an index ("enabled_log.1.category").
 */
export function readAttribute(config: unknown, path: string): unknown {
  let current: unknown = config;
  for (const part of path.split(".")) {
    if (current === undefined || current === null) return undefined;
    if (Array.isArray(current)) {
      if (/^\d+$/.test(part)) {
        current = current[Number(part)];
        continue;
      }
      current = current[0];
      if (current === undefined || current === null) return undefined;
    }
    if (typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * One (non-repeatable) block: the object itself, or the first element when it is written as a list
 * (`"spec": [{...}]` in hand-written JSON). Undefined when absent, an empty list, or not an object.
 */
export function readBlock(config: unknown, path: string): Record<string, unknown> | undefined {
  const value = path === "" ? config : readAttribute(config, path);
  const block = Array.isArray(value) ? value[0] : value;
  return block !== null && typeof block === "object" && !Array.isArray(block)
    ? (block as Record<string, unknown>)
    : undefined;
}

/**
 * All elements of a repeatable block (`enabled_log`, `extension`), whether written as list or object.
 * Every enclosing block may itself be written as an object or a list of objects (hand-written JSON:
 * `"spec": [{"ingress": [{...}]}]`): the blocks are collected from every element.
 */
export function readBlocks(config: unknown, path: string): Record<string, unknown>[] {
  let parents: unknown[] = [config];
  const parts = path.split(".");
  for (const part of parts) {
    const next: unknown[] = [];
    for (const parent of parents) {
      for (const element of Array.isArray(parent) ? parent : [parent]) {
        if (element === null || typeof element !== "object" || Array.isArray(element)) continue;
        const child = (element as Record<string, unknown>)[part];
        if (child !== undefined && child !== null) next.push(child);
      }
    }
    parents = next;
  }
  return parents
    .flatMap((value) => (Array.isArray(value) ? value : [value]))
    .filter((b): b is Record<string, unknown> => !!b && typeof b === "object" && !Array.isArray(b));
}
