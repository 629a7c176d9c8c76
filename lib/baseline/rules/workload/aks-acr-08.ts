import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import { isContainersPlan, pricingExtensions } from "./pricing";

/** Error where a Containers plan is declared: without this extension registry images are not scanned. */
export const aksAcr08 = defineRule("AKS-ACR-08", {
  resourceTypes: ["azurerm_security_center_subscription_pricing"],
  fix: 'Add extension { name = "ContainerRegistriesVulnerabilityAssessments" } to the Containers plan (DefenderPlan does).',
  evaluate: (pricing) => {
    if (isExpression(pricing.config.resource_type))
      return unknown(
        "resource_type",
        pricing.config.resource_type,
        "the plan's resource type is an expression; if it is Containers, registry scanning must be on",
      );
    if (!isContainersPlan(pricing)) return undefined;
    const extensions = pricingExtensions(pricing);
    if (extensions.includes("ContainerRegistriesVulnerabilityAssessments")) return passed("extension", extensions);
    if (extensions.some(isExpression)) return unknown("extension", extensions);
    return failed("extension", extensions, "registry and running images are not assessed for vulnerabilities");
  },
});
