import { RuleFinding, TerraformDocument, TerraformResource, isExpression, readAttribute } from "../rule";
import { referencesResource } from "../references";

/** Finding builders, so every rule reports attribute and value the same way. */
export const passed = (attribute: string, value: unknown, message?: string): RuleFinding => ({ outcome: "passed", attribute, value, message });
export const failed = (attribute: string, value: unknown, message: string): RuleFinding => ({ outcome: "failed", attribute, value, message });
export const unknown = (attribute: string, value: unknown, message = "the value is a Terraform expression known only at apply"): RuleFinding => ({
  outcome: "unknown",
  attribute,
  value,
  message,
});

/**
 * Judges a boolean attribute that must equal `secure`, with the provider default applied when the
 * attribute is absent.
 */
export function expectBoolean(resource: TerraformResource, attribute: string, secure: boolean, providerDefault: boolean, why: string): RuleFinding {
  const raw = readAttribute(resource.config, attribute);
  if (isExpression(raw)) return unknown(attribute, raw);
  const value = raw === undefined ? providerDefault : raw === true || raw === "true" ? true : raw === false || raw === "false" ? false : raw;
  if (value === secure) return passed(attribute, raw);
  const shown = raw === undefined ? `absent (provider default ${providerDefault})` : raw;
  return failed(attribute, shown, why);
}

/** Private endpoints of the document that connect to `target` through `subresource`. */
export function privateEndpointsFor(document: TerraformDocument, target: TerraformResource, subresource: string): TerraformResource[] {
  return document.ofType("azurerm_private_endpoint").filter((endpoint) => {
    const connection = readAttribute(endpoint.config, "private_service_connection");
    if (!referencesResource(readAttribute(connection, "private_connection_resource_id"), target, "id")) return false;
    const names = readAttribute(connection, "subresource_names");
    return Array.isArray(names) && names.includes(subresource);
  });
}

/** Role assignments of the document whose scope references `target` (its id, or a child of it). */
export function roleAssignmentsOn(document: TerraformDocument, target: TerraformResource): TerraformResource[] {
  return document.ofType("azurerm_role_assignment").filter((assignment) => referencesResource(assignment.config.scope, target));
}

/** True when a role assignment grants the role given by name or by built-in role definition GUID. */
export function grantsRole(assignment: TerraformResource, roleName: string, roleGuid: string): boolean {
  const name = assignment.config.role_definition_name;
  const id = assignment.config.role_definition_id;
  return (typeof name === "string" && name.toLowerCase() === roleName.toLowerCase()) || (typeof id === "string" && id.toLowerCase().endsWith(roleGuid));
}

/**
 * The identity a federated identity credential hangs on, and the attribute naming it: azurerm 4.55
 * calls it `parent_id`; later 4.x releases add `user_assigned_identity_id` for the same value and
 * drop `parent_id` in 5.0 (issue 11), so a rule must accept either or a renamed stack slips past it.
 */
export function federatedIdentityOf(credential: TerraformResource): { readonly attribute: "user_assigned_identity_id" | "parent_id"; readonly value: unknown } {
  const renamed = credential.config.user_assigned_identity_id;
  return renamed !== undefined ? { attribute: "user_assigned_identity_id", value: renamed } : { attribute: "parent_id", value: credential.config.parent_id };
}

/** Federated identity credentials of the document on a user-assigned identity (their `parent_id` or `user_assigned_identity_id` references it). */
export function federatedCredentialsOf(document: TerraformDocument, identity: TerraformResource): TerraformResource[] {
  return document.ofType("azurerm_federated_identity_credential").filter((credential) => referencesResource(federatedIdentityOf(credential).value, identity, "id"));
}

/** Diagnostic settings whose target_resource_id references `target`. */
export function diagnosticSettingsFor(document: TerraformDocument, target: TerraformResource): TerraformResource[] {
  return document.ofType("azurerm_monitor_diagnostic_setting").filter((setting) => referencesResource(setting.config.target_resource_id, target, "id"));
}

/**
 * The resource of one of `types` declared in the document that `value` references (through one of
 * `attributes`, when given), if any. Rules use it for the common pattern: an expression that
 * references a declared resource of the right type is judged through that resource; any other
 * expression (a variable, a data source, another stack's output) is unknown.
 */
export function referencedResource(value: unknown, document: TerraformDocument, types: readonly string[], attributes?: readonly string[]): TerraformResource | undefined {
  if (!isExpression(value)) return undefined;
  for (const type of types) {
    for (const resource of document.ofType(type)) {
      if (attributes ? attributes.some((attribute) => referencesResource(value, resource, attribute)) : referencesResource(value, resource)) return resource;
    }
  }
  return undefined;
}

/**
 * The literal value of `value` when it is exactly one reference `${<type>.<name>.<attribute>}` to a
 * resource of `type` declared in the document whose `attribute` is a literal string; otherwise undefined.
 */
export function resolveLiteralReference(value: unknown, document: TerraformDocument, type: string, attribute: string): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\$\{([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)\.([a-z_][a-z0-9_]*)\}$/.exec(value);
  if (!match || match[1] !== type || match[3] !== attribute) return undefined;
  const resolved = document.byAddress(`${match[1]}.${match[2]}`)?.config[attribute];
  return typeof resolved === "string" && !isExpression(resolved) ? resolved : undefined;
}
