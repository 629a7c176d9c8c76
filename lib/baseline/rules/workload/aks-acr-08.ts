import { Rule, isExpression } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";
import { isContainersPlan, pricingExtensions } from "./pricing";

/** Error where a Containers plan is declared: without this extension registry images are not scanned. */
export const aksAcr08: Rule = {
  id: "AKS-ACR-08",
  title: getControl("AKS-ACR-08").title,
  severity: "error",
  references: {
    azurePolicy: ["090c7b07-b4ed-4561-ad20-e9075f3ccaff", "17f4b1cc-c55c-4d94-b1f9-2978f6ac2957"],
    cis: ["5.1.1"],
  },
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
};
