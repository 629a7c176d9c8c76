import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import { isContainersPlan, pricingExtensions } from "./pricing";

/** The extensions the catalog's AKS-DEF-01 requires on the Containers plan. */
export const REQUIRED_DEFENDER_EXTENSIONS = [
  "AgentlessDiscoveryForKubernetes",
  "ContainerRegistriesVulnerabilityAssessments",
  "ContainerSensor",
];

/**
 * Error, evaluated only where a Containers pricing resource exists: Defender for Containers is paid
 * and subscription-wide, so the library never demands it (DefenderPlan is the opt-in), but a plan
 * that is declared must be Standard with its sensor and scanning extensions: undeclared extensions
 * are disabled by the provider.
 */
export const aksDef01 = defineRule("AKS-DEF-01", {
  resourceTypes: ["azurerm_security_center_subscription_pricing"],
  fix: `Set tier = "Standard" and extension blocks ${REQUIRED_DEFENDER_EXTENSIONS.join(", ")} (DefenderPlan does).`,
  evaluate: (pricing) => {
    if (isExpression(pricing.config.resource_type)) return unknown("resource_type", pricing.config.resource_type);
    if (!isContainersPlan(pricing)) return undefined;
    const tier = pricing.config.tier;
    if (isExpression(tier)) return unknown("tier", tier);
    if (tier !== "Standard") return failed("tier", tier, "the Free tier has no threat detection for clusters");
    const extensions = pricingExtensions(pricing);
    if (extensions.some(isExpression)) return unknown("extension", extensions);
    const missing = REQUIRED_DEFENDER_EXTENSIONS.filter((name) => !extensions.includes(name));
    if (missing.length > 0)
      return failed(
        "extension",
        extensions,
        `extensions ${missing.join(", ")} are not declared, so the provider disables them`,
      );
    return passed("tier", tier);
  },
});
