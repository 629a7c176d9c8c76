import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { expectBoolean, failed, passed, unknown } from "../findings";

/**
 * Error: without purge protection a deleted vault (and every secret and KMS key in it) can be
 * purged at once; the catalog's retention is the 90-day maximum, so a shorter one is weaker.
 */
export const aksSec04 = defineRule("AKS-SEC-04", {
  resourceTypes: ["azurerm_key_vault"],
  fix: "Set purge_protection_enabled = true and soft_delete_retention_days = 90 (KeyVaultCsi does). Purge protection cannot be turned off later.",
  evaluate: (vault) => {
    const purge = expectBoolean(
      vault,
      "purge_protection_enabled",
      true,
      false,
      "a deleted vault and its keys can be purged immediately",
    );
    if (purge.outcome !== "passed") return purge;
    const retention = vault.config.soft_delete_retention_days;
    if (isExpression(retention)) return unknown("soft_delete_retention_days", retention);
    const days = retention === undefined ? 90 : Number(retention);
    if (Number.isNaN(days)) return failed("soft_delete_retention_days", retention, "is not a number of days");
    if (days < 90)
      return failed(
        "soft_delete_retention_days",
        retention,
        `deleted secrets are recoverable for ${days} days only; the baseline keeps them 90`,
      );
    return passed("purge_protection_enabled", vault.config.purge_protection_enabled);
  },
});
