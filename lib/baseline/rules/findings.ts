import {
  RuleFinding,
  TerraformDocument,
  TerraformResource,
  addToGroup,
  documentIndex,
  isExpression,
  readAttribute,
} from "../rule";
import { AzureBuiltInRole } from "../../util/azure-roles";
import { referenceCandidates, referencedAmong, referencesResource, resourcesReferencing } from "../references";

/** Finding builders, so every rule reports attribute and value the same way. */
export const passed = (attribute: string, value: unknown, message?: string): RuleFinding => ({
  outcome: "passed",
  attribute,
  value,
  message,
});
export const failed = (attribute: string, value: unknown, message: string): RuleFinding => ({
  outcome: "failed",
  attribute,
  value,
  message,
});
export const unknown = (
  attribute: string,
  value: unknown,
  message = "the value is a Terraform expression known only at apply",
): RuleFinding => ({
  outcome: "unknown",
  attribute,
  value,
  message,
});

/**
 * Judges a boolean attribute that must equal `secure`, with the provider default applied when the
 * attribute is absent.
 */
export function expectBoolean(
  resource: TerraformResource,
  attribute: string,
  secure: boolean,
  providerDefault: boolean,
  why: string,
): RuleFinding {
  const raw = readAttribute(resource.config, attribute);
  if (isExpression(raw)) return unknown(attribute, raw);
  const value =
    raw === undefined
      ? providerDefault
      : raw === true || raw === "true"
        ? true
        : raw === false || raw === "false"
          ? false
          : raw;
  if (value === secure) return passed(attribute, raw);
  const shown = raw === undefined ? `absent (provider default ${providerDefault})` : raw;
  return failed(attribute, shown, why);
}

/** Private endpoints of the document that connect to `target` through `subresource`. */
export function privateEndpointsFor(
  document: TerraformDocument,
  target: TerraformResource,
  subresource: string,
): TerraformResource[] {
  return resourcesReferencing(
    document,
    target,
    ["azurerm_private_endpoint"],
    "private_service_connection.private_connection_resource_id",
    "id",
  ).filter((endpoint) => {
    const names = readAttribute(endpoint.config, "private_service_connection.subresource_names");
    return Array.isArray(names) && names.includes(subresource);
  });
}

/** Role assignments of the document whose scope references `target` (its id, or a child of it). */
export function roleAssignmentsOn(
  document: TerraformDocument,
  target: TerraformResource,
): readonly TerraformResource[] {
  return resourcesReferencing(document, target, ["azurerm_role_assignment"], "scope");
}

/** True when a role assignment grants the role given by name or by built-in role definition GUID. */
export function grantsRole(assignment: TerraformResource, role: AzureBuiltInRole): boolean {
  const name = assignment.config.role_definition_name;
  const id = assignment.config.role_definition_id;
  return (
    (typeof name === "string" && name.toLowerCase() === role.name.toLowerCase()) ||
    (typeof id === "string" && id.toLowerCase().endsWith(role.id))
  );
}

/**
 * The identity a federated identity credential hangs on, and the attribute naming it: azurerm 4.55
 * calls it `parent_id`; later 4.x releases add `user_assigned_identity_id` for the same value and
 * drop `parent_id` in 5.0 (issue 11), so a rule must accept either or a renamed stack slips past it.
 */
export function federatedIdentityOf(credential: TerraformResource): {
  readonly attribute: "user_assigned_identity_id" | "parent_id";
  readonly value: unknown;
} {
  const renamed = credential.config.user_assigned_identity_id;
  return renamed !== undefined
    ? { attribute: "user_assigned_identity_id", value: renamed }
    : { attribute: "parent_id", value: credential.config.parent_id };
}

/** Federated identity credentials grouped by the value of their identity attribute (either name). */
const CREDENTIALS_BY_IDENTITY_VALUE = documentIndex("federated credentials by identity value", (document) => {
  const groups = new Map<unknown, TerraformResource[]>();
  for (const credential of document.ofType("azurerm_federated_identity_credential"))
    addToGroup(groups, federatedIdentityOf(credential).value, credential);
  return groups;
});

/** Federated identity credentials whose identity attribute (either name) has exactly this value. */
export function federatedCredentialsWithIdentityValue(
  document: TerraformDocument,
  value: unknown,
): readonly TerraformResource[] {
  return document.index(CREDENTIALS_BY_IDENTITY_VALUE).get(value) ?? [];
}

/** Federated identity credentials grouped by the address of the user-assigned identity they reference. */
const CREDENTIALS_BY_IDENTITY = documentIndex("federated credentials by identity", (document) => {
  const groups = new Map<string, TerraformResource[]>();
  for (const credential of document.ofType("azurerm_federated_identity_credential")) {
    for (const identity of referencedAmong(
      document,
      federatedIdentityOf(credential).value,
      ["azurerm_user_assigned_identity"],
      "id",
    ))
      addToGroup(groups, identity.address, credential);
  }
  return groups;
});

/** Federated identity credentials of the document on a user-assigned identity (their `parent_id` or `user_assigned_identity_id` references it). */
export function federatedCredentialsOf(
  document: TerraformDocument,
  identity: TerraformResource,
): readonly TerraformResource[] {
  return document.index(CREDENTIALS_BY_IDENTITY).get(identity.address) ?? [];
}

/** Diagnostic settings whose target_resource_id references `target`. */
export function diagnosticSettingsFor(
  document: TerraformDocument,
  target: TerraformResource,
): readonly TerraformResource[] {
  return resourcesReferencing(document, target, ["azurerm_monitor_diagnostic_setting"], "target_resource_id", "id");
}

/**
 * The resource of one of `types` declared in the document that `value` references (through one of
 * `attributes`, when given), if any. Rules use it for the common pattern: an expression that
 * references a declared resource of the right type is judged through that resource; any other
 * expression (a variable, a data source, another stack's output) is unknown.
 */
export function referencedResource(
  value: unknown,
  document: TerraformDocument,
  types: readonly string[],
  attributes?: readonly string[],
): TerraformResource | undefined {
  if (!isExpression(value)) return undefined;
  return referenceCandidates(document, value, types).find((resource) =>
    attributes
      ? attributes.some((attribute) => referencesResource(value, resource, attribute))
      : referencesResource(value, resource),
  );
}

/**
 * The literal value of `value` when it is exactly one reference `${<type>.<name>.<attribute>}` to a
 * resource of `type` declared in the document whose `attribute` is a literal string; otherwise undefined.
 */
export function resolveLiteralReference(
  value: unknown,
  document: TerraformDocument,
  type: string,
  attribute: string,
): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\$\{([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)\.([a-z_][a-z0-9_]*)\}$/.exec(value);
  if (!match || match[1] !== type || match[3] !== attribute) return undefined;
  const resolved = document.byAddress(`${match[1]}.${match[2]}`)?.config[attribute];
  return typeof resolved === "string" && !isExpression(resolved) ? resolved : undefined;
}
