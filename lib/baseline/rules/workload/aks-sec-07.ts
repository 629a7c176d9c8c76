import { isExpression, readBlock } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, referencedResource, unknown } from "../findings";

/** Resources of the hashicorp/time provider whose attributes are RFC 3339 timestamps. */
const TIMESTAMP_TYPES = ["time_offset", "time_rotating"];

/**
 * Error: a key or secret without expiry is never forced through rotation. An expiry that is an
 * expression passes only when it references a declared timestamp resource (time_offset,
 * time_rotating); any other expression (a variable may be null) is unknown.
 */
export const aksSec07 = defineRule("AKS-SEC-07", {
  resourceTypes: ["azurerm_key_vault_key", "azurerm_key_vault_secret"],
  fix: "Set expiration_date (RFC 3339) on every key and secret, and a rotation_policy on keys (KeyVaultCsi.addKey/addSecret do).",
  evaluate: (item, document) => {
    const expiry = item.config.expiration_date;
    if (expiry === undefined || expiry === null || expiry === "")
      return failed("expiration_date", expiry ?? undefined, "it never expires, so nothing forces rotation");
    let source: string | undefined;
    if (isExpression(expiry)) {
      const timestamp = referencedResource(expiry, document, TIMESTAMP_TYPES);
      if (!timestamp)
        return unknown(
          "expiration_date",
          expiry,
          "the expiry is an expression that references no declared time_offset or time_rotating; it may be null at apply",
        );
      source = `expiry from ${timestamp.address}`;
    } else if (typeof expiry !== "string" || Number.isNaN(Date.parse(expiry))) {
      return failed("expiration_date", expiry, "is not an RFC 3339 date, so Key Vault rejects it or it never expires");
    }
    if (item.type === "azurerm_key_vault_key") {
      const policy = readBlock(item.config, "rotation_policy");
      if (!policy && (item.config.dynamic as Record<string, unknown> | undefined)?.rotation_policy !== undefined)
        return unknown(
          "rotation_policy",
          "dynamic block",
          "the rotation policy is a dynamic block known only at apply",
        );
      if (!policy) return failed("rotation_policy", undefined, "the key has no rotation policy and will simply expire");
    }
    return passed("expiration_date", expiry, source);
  },
});
