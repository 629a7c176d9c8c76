import { Rule, isExpression } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed } from "../findings";

/** Error: a key or secret without expiry is never forced through rotation. */
export const aksSec07: Rule = {
  id: "AKS-SEC-07",
  title: getControl("AKS-SEC-07").title,
  severity: "error",
  references: { azurePolicy: ["152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0", "98728c90-32c7-4049-8429-847dc0f4fe37"], mcsb: ["DP-6"], trivy: ["AVD-AZU-0014", "AVD-AZU-0017"], kics: ["4d080822-5ee2-49a4-8984-68f3d4c890fc", "dfa20ffa-f476-428f-a490-424b41e91c7f"] },
  resourceTypes: ["azurerm_key_vault_key", "azurerm_key_vault_secret"],
  fix: "Set expiration_date (RFC 3339) on every key and secret, and a rotation_policy on keys (KeyVaultCsi.addKey/addSecret do).",
  evaluate: (item) => {
    const expiry = item.config.expiration_date;
    if (expiry === undefined || expiry === "") return failed("expiration_date", expiry, "it never expires, so nothing forces rotation");
    if (item.type === "azurerm_key_vault_key" && item.config.rotation_policy === undefined) {
      return failed("rotation_policy", undefined, "the key has no rotation policy and will simply expire");
    }
    return passed("expiration_date", expiry, isExpression(expiry) ? "expiry set (resolved at apply)" : undefined);
  },
};
