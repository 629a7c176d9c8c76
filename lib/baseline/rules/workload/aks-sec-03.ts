import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";

/** Error: access policies cannot be scoped to one secret and are invisible to Azure RBAC reviews. */
export const aksSec03 = defineRule("AKS-SEC-03", {
  resourceTypes: ["azurerm_key_vault"],
  fix: "Set rbac_authorization_enabled = true (not the deprecated enable_rbac_authorization); KeyVaultCsi does.",
  evaluate: (vault) => {
    const current = vault.config.rbac_authorization_enabled;
    const deprecated = vault.config.enable_rbac_authorization;
    if (isExpression(current)) return unknown("rbac_authorization_enabled", current);
    if (current === true) return passed("rbac_authorization_enabled", current);
    if (current === undefined && isExpression(deprecated)) return unknown("enable_rbac_authorization", deprecated);
    if (current === undefined && deprecated === true) {
      return passed(
        "enable_rbac_authorization",
        deprecated,
        "RBAC is on through the deprecated enable_rbac_authorization (removed in azurerm 5.0): rename it",
      );
    }
    return failed(
      "rbac_authorization_enabled",
      current ?? "absent (provider default false)",
      "the vault uses access policies, which cannot grant one secret to one workload",
    );
  },
});
