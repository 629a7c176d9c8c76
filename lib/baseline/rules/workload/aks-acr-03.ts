import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean } from "../findings";

/** Error: anonymous pull lets anyone who can reach the registry read every image. */
export const aksAcr03: Rule = {
  id: "AKS-ACR-03",
  title: getControl("AKS-ACR-03").title,
  severity: "error",
  references: {
    azurePolicy: ["9f2dea28-e834-476c-99c5-3507b4728395", "cced2946-b08a-44fe-9fd9-e4ed8a779897"],
    checkov: ["CKV_AZURE_138"],
  },
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
};
