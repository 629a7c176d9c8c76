import { App, TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Construct } from "constructs";
import { isExpression, readAttribute, Rule } from "../../lib/baseline/rule";

/** Resource groups must sit in westeurope (error); an expression is unknown. */
export const LOCATION_RULE: Rule = {
  id: "TEST-LOC",
  title: "Resource groups in West Europe",
  severity: "error",
  references: { other: ["test"] },
  resourceTypes: ["azurerm_resource_group"],
  fix: 'set location = "westeurope"',
  evaluate(resource) {
    const value = readAttribute(resource.config, "location");
    if (isExpression(value))
      return { outcome: "unknown", attribute: "location", value, message: "The location is only known at apply." };
    if (value === "westeurope") return { outcome: "passed", attribute: "location", value };
    return { outcome: "failed", attribute: "location", value, message: "Data must stay in West Europe." };
  },
};

/** Resource groups carry an owner tag (warning). */
export const OWNER_TAG_RULE: Rule = {
  id: "TEST-TAG",
  title: "Owner tag",
  severity: "warning",
  references: {},
  resourceTypes: ["azurerm_resource_group"],
  fix: "add tags.owner",
  evaluate(resource) {
    const value = readAttribute(resource.config, "tags.owner");
    return value
      ? { outcome: "passed", attribute: "tags.owner", value }
      : { outcome: "failed", attribute: "tags.owner", value, message: "Nobody owns this group." };
  },
};

/** A buggy rule: throws on any resource group named "boom". */
export const THROWING_RULE: Rule = {
  id: "TEST-BOOM",
  title: "Crashes on boom",
  severity: "warning",
  references: {},
  resourceTypes: ["azurerm_resource_group"],
  fix: "fix the rule",
  evaluate(resource) {
    if (readAttribute(resource.config, "name") === "boom") throw new TypeError("cannot read properties of undefined");
    return { outcome: "passed" };
  },
};

export const TEST_RULES: readonly Rule[] = [LOCATION_RULE, OWNER_TAG_RULE, THROWING_RULE];

export const REASON = "Sandbox subscription without production data, approved by the platform team";

export function newStack(app: App = Testing.app(), id = "test"): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}

export function group(
  scope: Construct,
  id: string,
  location = "westeurope",
  owner = "platform",
  name = `rg-${id.toLowerCase()}`,
): ResourceGroup {
  return new ResourceGroup(scope, id, { name, location, ...(owner ? { tags: { owner } } : {}) });
}

/** The message Testing.synth(stack, true) throws, or "" when it does not throw. */
export function synthError(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}
