import { Annotations, TerraformStack, Token } from "cdktf";
import { IConstruct } from "constructs";
import { unknownAzureRegion } from "./azure-region-lookup";

/**
 * The error every construct of this library throws for bad input.
 *
 * The message always names the construct path, the prop, the offending value and the fix, so a
 * user reading a failed `cdktf synth` knows where to look without a stack trace.
 */
export class SecureAksValidationError extends Error {
  public readonly constructPath: string;
  public readonly prop: string;
  public readonly value: unknown;
  public readonly fix: string;

  constructor(constructPath: string, prop: string, value: unknown, problem: string, fix: string) {
    super(`[${constructPath}] ${validationMessage(prop, value, problem, fix)}`);
    this.name = "SecureAksValidationError";
    this.constructPath = constructPath;
    this.prop = prop;
    this.value = value;
    this.fix = fix;
  }
}

/**
 * The message of a synth-time validation (`node.addValidation`): like the error's, without the
 * `[path]` prefix, which cdktf adds itself when it reports the failed validation.
 */
export function validationMessage(prop: string, value: unknown, problem: string, fix: string): string {
  return `${prop} = ${describeValue(value)}: ${problem}. Fix: ${fix}`;
}

/** Throws a {@link SecureAksValidationError} for `prop` of `scope`. */
export function invalidProp(scope: IConstruct, prop: string, value: unknown, problem: string, fix: string): never {
  throw new SecureAksValidationError(scope.node.path, prop, value, problem, fix);
}

/**
 * True when a value (or any string inside it) is a token that only Terraform can resolve.
 * Such values are never judged at synth: the baseline reports them as unknown instead.
 */
export function isUnresolved(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some(isUnresolved);
  return Token.isUnresolved(value);
}

/**
 * True when a list prop is a token for the whole list (a `list(string)` variable, `Fn.concat(...)`,
 * `Lazy.listValue(...)`): its length and elements are unknown until apply, so element checks must
 * be skipped. A literal list that only contains tokens is not one.
 */
export function isListToken(value: unknown): boolean {
  return value !== undefined && value !== null && typeof value !== "string" && Token.isUnresolved(value);
}

/** Renders a prop value for an error message: strings quoted, arrays and objects as JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  // JSON has no NaN or Infinity and would print them as null, hiding the mistake.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical 8-4-4-4-12 hex UUID (Entra object ids, tenant ids, subscription ids). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Validates a required UUID prop unless it is a token. */
export function requireUuid(scope: IConstruct, prop: string, value: string, what: string): void {
  if (isUnresolved(value)) return;
  if (!isUuid(value)) {
    invalidProp(
      scope,
      prop,
      value,
      `is not a UUID`,
      `pass the ${what} as a GUID such as 00000000-0000-0000-0000-000000000000`,
    );
  }
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 label as Kubernetes validates it: lower-case alphanumerics and '-', at most 63 characters. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/**
 * True for an ARM resource id of the given provider and type
 * (`/subscriptions/<uuid>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>`), compared
 * case-insensitively as ARM does. Returns the resource name, or undefined when it does not match.
 */
export function armResourceName(value: string, providerType: string): string | undefined {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/[^/]+\/providers\/([^/]+\/[^/]+)\/([^/]+)$/i.exec(value);
  if (!match || !isUuid(match[1]) || match[2].toLowerCase() !== providerType.toLowerCase()) return undefined;
  return match[3];
}

/** Azure region names as ARM accepts them: "westeurope" or its display name "West Europe". */
const LOCATION = /^[a-zA-Z0-9]+( [a-zA-Z0-9]+)*$/;

/**
 * Validates an Azure region prop unless it is a token: a malformed name is an error; a well-formed
 * name missing from the region list (lib/util/azure-regions.ts) is a synth warning with the nearest
 * known names, not an error, because Azure opens regions after the list was taken. ARM itself
 * rejects an unknown location only at apply ("The provided location 'mars' is not available for
 * resource group. List of available regions is ...", as quoted in Azure/azure-cli#7602), after other
 * resources of the run may have been created.
 */
export function requireLocation(scope: IConstruct, prop: string, location: string): void {
  if (isUnresolved(location)) return;
  if (typeof location !== "string" || !LOCATION.test(location)) {
    invalidProp(
      scope,
      prop,
      location,
      "is not an Azure region name",
      'use e.g. "westeurope" (`az account list-locations --query [].name`)',
    );
  }
  warnUnknownLocation(scope, prop, location);
}

/** Unknown regions already warned about, per stack: one warning per value, at the first construct of the stack that receives it. */
const warnedLocations = new WeakMap<TerraformStack, Set<string>>();

function warnUnknownLocation(scope: IConstruct, prop: string, location: string): void {
  const unknown = unknownAzureRegion(location);
  if (!unknown) return;
  // cdktf reports only the annotations of a stack's constructs, so a construct outside any stack
  // (TenantPlatform) leaves the warning to the constructs it creates in its stacks.
  const stack = scope.node.scopes.find((c): c is TerraformStack => TerraformStack.isStack(c));
  if (!stack) return;
  const warned = warnedLocations.get(stack) ?? new Set<string>();
  warnedLocations.set(stack, warned);
  const name = normalizeLocation(location);
  if (warned.has(name)) return;
  warned.add(name);
  warnProp(
    scope,
    "region/unknown",
    prop,
    location,
    unknown.problem,
    `${unknown.fix}. A region Azure opened after that date is fine: ignore this warning`,
  );
}

/** The programmatic form of a region ("West Europe" → "westeurope"), for comparisons. */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, "").toLowerCase();
}

/**
 * Azure's rule for resource group names: 1-90 letters (Unicode), digits, '_', '-', '.', '(' and ')',
 * not ending with '.'.
 */
const RESOURCE_GROUP_NAME = /^[\p{L}\p{N}_().-]{0,89}[\p{L}\p{N}_()-]$/u;

/** True for a name Azure accepts for a resource group. */
export function isResourceGroupName(name: string): boolean {
  return RESOURCE_GROUP_NAME.test(name);
}

/** Validates a resource group name prop unless it is a token. */
export function requireResourceGroupName(scope: IConstruct, prop: string, name: string): void {
  if (isUnresolved(name)) return;
  if (typeof name !== "string" || !isResourceGroupName(name)) {
    invalidProp(
      scope,
      prop,
      name,
      "is not a valid resource group name (1-90 letters, digits, '_', '-', '.', '(' and ')', not ending with '.')",
      'use e.g. "rg-aks-prod" or azurerm_resource_group.name',
    );
  }
}

/**
 * Azure's tag limits (Microsoft Learn, azure-resource-manager/management/tag-resources.md,
 * "Limitations"): at most 50 tag name-value pairs per resource; a name of at most 512 characters
 * (128 on storage accounts, which this library does not create) and a value of at most 256; names
 * without `<`, `>`, `%`, `&`, `\`, `?`, `/`. ARM rejects a violation at apply, after other resources
 * of the same run were created.
 */
const MAX_TAGS = 50;
const MAX_TAG_NAME = 512;
const MAX_TAG_VALUE = 256;
const TAG_NAME_FORBIDDEN = /[<>%&\\?/]/;

/** Validates a tags prop against Azure's limits; a token map, token names and token values pass. */
export function requireTags(scope: IConstruct, prop: string, tags: Record<string, string> | undefined): void {
  if (tags === undefined || tags === null || Token.isUnresolved(tags)) return;
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) {
    invalidProp(
      scope,
      prop,
      `${entries.length} tags`,
      `exceeds Azure's ${MAX_TAGS} tag name-value pairs per resource`,
      "merge tags, e.g. several values as one JSON string under one name",
    );
  }
  for (const [name, value] of entries) {
    if (Token.isUnresolved(name)) continue;
    if (name.length === 0 || name.length > MAX_TAG_NAME) {
      invalidProp(
        scope,
        `${prop}[${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)}]`,
        `${name.length}-character name`,
        `is not a tag name of 1-${MAX_TAG_NAME} characters, as Azure requires`,
        `shorten the tag name to at most ${MAX_TAG_NAME} characters`,
      );
    }
    if (TAG_NAME_FORBIDDEN.test(name)) {
      invalidProp(
        scope,
        `${prop}[${JSON.stringify(name)}]`,
        name,
        "is a tag name with a character Azure forbids in tag names (< > % & \\ ? /)",
        'rename the tag without those characters, e.g. "cost-center" instead of "cost/center"',
      );
    }
    if (value !== undefined && value !== null && !Token.isUnresolved(value) && String(value).length > MAX_TAG_VALUE) {
      invalidProp(
        scope,
        `${prop}[${JSON.stringify(name)}]`,
        `${String(value).length}-character value`,
        `exceeds Azure's ${MAX_TAG_VALUE} characters per tag value`,
        `shorten the value to at most ${MAX_TAG_VALUE} characters`,
      );
    }
  }
}

/**
 * Runs `check` with the given values only when every one of them is known at synth: present and
 * not a token (a value only Terraform can resolve). In the spirit of aws-cdk's `withResolved`: a
 * construct states its check once, and tokens pass it unjudged (the baseline reports them as
 * unknown until apply, never as passed).
 */
export function withResolved<A>(a: A | undefined, check: (a: A) => void): void;
export function withResolved<A, B>(a: A | undefined, b: B | undefined, check: (a: A, b: B) => void): void;
export function withResolved<A, B, C>(
  a: A | undefined,
  b: B | undefined,
  c: C | undefined,
  check: (a: A, b: B, c: C) => void,
): void;
export function withResolved(...args: unknown[]): void {
  const check = args.pop() as (...values: unknown[]) => void;
  if (args.some((value) => value === undefined || value === null || isUnresolved(value))) return;
  check(...args);
}

/** Words that replace the generic problem or fix of a `require*` check, where a prop has better ones. */
export interface CheckWording {
  /** What is wrong, e.g. "is not a supported channel". */
  readonly problem?: string;
  /** What to do instead, e.g. 'use "patch" or "stable"'. */
  readonly fix?: string;
}

/**
 * Fails unless a prop is one of the allowed values; absent values and tokens pass.
 * The generic message lists the allowed values.
 */
export function requireOneOf<T extends string | number>(
  scope: IConstruct,
  prop: string,
  value: T | undefined,
  allowed: readonly T[],
  wording: CheckWording = {},
): void {
  withResolved(value, (known) => {
    if (allowed.includes(known)) return;
    const listed = allowed.map((a) => JSON.stringify(a));
    invalidProp(
      scope,
      prop,
      known,
      wording.problem ?? `is not one of ${listed.join(", ")}`,
      wording.fix ?? `use ${listed.length > 1 ? `${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}` : listed[0]}`,
    );
  });
}

/** Fails unless a prop is a whole number from `min` to `max` (both included); absent values and tokens pass. */
export function requireIntInRange(
  scope: IConstruct,
  prop: string,
  value: number | undefined,
  min: number,
  max: number,
  wording: CheckWording = {},
): void {
  withResolved(value, (known) => {
    if (Number.isInteger(known) && known >= min && known <= max) return;
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    invalidProp(
      scope,
      prop,
      known,
      wording.problem ?? `is not a whole number ${range}`,
      wording.fix ?? `use a whole number ${range}`,
    );
  });
}

/**
 * Stable warning ids: `<area>/<what>` in kebab case, e.g. "region/unknown". A warning keeps its id
 * across releases so users can grep for it and tests can find it without matching prose.
 */
const WARNING_ID = /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The text of a synth warning, in the one format every warning of the library uses:
 * `[<id>] <prop> = <value>: <problem>. Fix: <fix>`. cdktf prints the construct path in front of it
 * (`WARN [<path>]: ...`), so the message does not repeat it.
 */
export function warningMessage(id: string, prop: string, value: unknown, problem: string, fix: string): string {
  if (!WARNING_ID.test(id)) {
    throw new Error(`warning id ${JSON.stringify(id)} is not of the form <area>/<what> in kebab case`);
  }
  return `[${id}] ${validationMessage(prop, value, problem, fix)}`;
}

/**
 * The twin of {@link invalidProp} for input that is allowed but probably wrong: a synth warning on
 * `scope` with a stable id, naming the prop, its value, the problem and the fix.
 */
export function warnProp(
  scope: IConstruct,
  id: string,
  prop: string,
  value: unknown,
  problem: string,
  fix: string,
): void {
  Annotations.of(scope).addWarning(warningMessage(id, prop, value, problem, fix));
}
