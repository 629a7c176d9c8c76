import { TerraformDocument, TerraformResource, isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { referencesResource } from "../../references";
import { failed, passed, unknown } from "../findings";

/** Whether a token's container_registry_name is the registry's: "yes", "maybe" (only apply can tell) or "no". */
function tokenOf(
  token: TerraformResource,
  registry: TerraformResource,
  document: TerraformDocument,
): "yes" | "maybe" | "no" {
  const value = token.config.container_registry_name;
  if (referencesResource(value, registry, "name")) return "yes";
  const registries = document.ofType("azurerm_container_registry");
  if (typeof value !== "string") return "no";
  if (isExpression(value))
    return registries.some((other) => other !== registry && referencesResource(value, other, "name")) ? "no" : "maybe";
  const name = registry.config.name;
  if (typeof name === "string" && !isExpression(name)) return value === name ? "yes" : "no";
  // The registry's own name is an expression: a literal token target of no other declared registry may be it.
  return registries.some((other) => other !== registry && other.config.name === value) ? "no" : "maybe";
}

/**
 * Error: repository-scoped tokens are long-lived passwords outside Entra ID. The ARM-audience
 * token setting is absent from azurerm 4.55 and only the Modify policy can deliver it, so this rule
 * checks the part Terraform can express: no token resources on the registry. A token whose registry
 * name is an expression this document cannot resolve may be on it (unknown).
 */
export const aksAcr06 = defineRule("AKS-ACR-06", {
  resourceTypes: ["azurerm_container_registry"],
  fix: "Remove azurerm_container_registry_token resources; authenticate with Entra identities (AcrPull for kubelets, AcrPush for CI).",
  evaluate: (registry, document) => {
    const tokens = document.ofType("azurerm_container_registry_token");
    const certain = tokens.filter((token) => tokenOf(token, registry, document) === "yes");
    if (certain.length > 0)
      return failed(
        "azurerm_container_registry_token",
        certain.map((token) => token.address),
        "repository-scoped tokens are static credentials outside Entra ID",
      );
    const possible = tokens.filter((token) => tokenOf(token, registry, document) === "maybe");
    if (possible.length > 0)
      return unknown(
        "azurerm_container_registry_token",
        possible.map((token) => token.address),
        "these tokens name a registry only apply can resolve; they may be on this registry",
      );
    return passed("azurerm_container_registry_token", []);
  },
});
