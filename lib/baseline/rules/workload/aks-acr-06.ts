import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { referencesResource } from "../../references";
import { failed, passed } from "../findings";

/**
 * Error: repository-scoped tokens are long-lived passwords outside Entra ID. The ARM-audience
 * token setting is absent from azurerm 4.55 and only the Modify policy can deliver it, so this rule
 * checks the part Terraform can express: no token resources on the registry.
 */
export const aksAcr06: Rule = {
  id: "AKS-ACR-06",
  title: getControl("AKS-ACR-06").title,
  severity: "error",
  references: { azurePolicy: ["ff05e24e-195c-447e-b322-5e90c9f9f366", "a9b426fe-8856-4945-8600-18c5dd1cca2a", "42781ec6-6127-4c30-bdfa-fb423a0047d3", "785596ed-054f-41bc-aaec-7f3d0ba05725"] },
  resourceTypes: ["azurerm_container_registry"],
  fix: "Remove azurerm_container_registry_token resources; authenticate with Entra identities (AcrPull for kubelets, AcrPush for CI).",
  evaluate: (registry, document) => {
    const names = typeof registry.config.name === "string" ? [registry.config.name] : [];
    const tokens = document
      .ofType("azurerm_container_registry_token")
      .filter((token) => referencesResource(token.config.container_registry_name, registry, "name") || names.includes(token.config.container_registry_name as string));
    if (tokens.length > 0) {
      return failed("azurerm_container_registry_token", tokens.map((token) => token.address), "repository-scoped tokens are static credentials outside Entra ID");
    }
    return passed("azurerm_container_registry_token", []);
  },
};
