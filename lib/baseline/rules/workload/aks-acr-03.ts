import { defineRule } from "../define-rule";
import { expectBoolean } from "../findings";

/** Error: anonymous pull lets anyone who can reach the registry read every image. */
export const aksAcr03 = defineRule("AKS-ACR-03", {
  resourceTypes: ["azurerm_container_registry"],
  fix: "Set anonymous_pull_enabled = false (AcrIntegration does).",
  evaluate: (registry) =>
    expectBoolean(
      registry,
      "anonymous_pull_enabled",
      false,
      false,
      "anyone who reaches the registry can pull its images without credentials",
    ),
});
