import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";

/**
 * Warning: quarantine is a decision, not a default to flip. With it on, ACR keeps every pushed
 * image unpullable until a scanner marks it verified (PSRule for Azure, Azure.ACR.Quarantine:
 * "integrate with an external security tool"); Defender for Containers scans pushed images
 * (AKS-ACR-08) but does not release them, so quarantine without such a scanner blocks every pull.
 */
export const aksAcr13 = defineRule("AKS-ACR-13", {
  resourceTypes: ["azurerm_container_registry"],
  fix: "Leave quarantine_policy_enabled = false (AcrIntegration does) and rely on Defender for Containers scanning; turn it on only with a scanner that releases images, and suppress AKS-ACR-13 with a reason naming it.",
  evaluate: (registry) => {
    const value = readAttribute(registry.config, "quarantine_policy_enabled");
    if (isExpression(value)) return unknown("quarantine_policy_enabled", value);
    if (value === true || value === "true") {
      return failed(
        "quarantine_policy_enabled",
        value,
        "every pushed image stays unpullable until a scanner marks it verified, and Defender for Containers does not; without your own releasing scanner, pulls fail",
      );
    }
    return passed(
      "quarantine_policy_enabled",
      value,
      "quarantine off by decision: Defender for Containers scans pushed images; Checkov's CKV_AZURE_166 disagrees by design",
    );
  },
});
