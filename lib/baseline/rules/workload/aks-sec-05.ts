import { Rule, isExpression, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean, failed, passed, privateEndpointsFor, unknown } from "../findings";

/** Error: a vault reachable from the internet exposes every secret to credential theft from anywhere. */
export const aksSec05: Rule = {
  id: "AKS-SEC-05",
  title: getControl("AKS-SEC-05").title,
  severity: "error",
  references: {
    azurePolicy: [
      "405c5871-3e91-4644-8a63-58e19d68ff5b",
      "55615ac9-af46-4a59-874e-391cc3dfb490",
      "a6abeaec-4d90-4a02-805f-6b26c4d3fbe9",
    ],
    mcsb: ["NS-2"],
    checkov: ["CKV_AZURE_189", "CKV_AZURE_109", "CKV2_AZURE_32"],
    trivy: ["AVD-AZU-0013"],
  },
  resourceTypes: ["azurerm_key_vault"],
  fix: 'Set public_network_access_enabled = false, network_acls { default_action = "Deny", bypass = "AzureServices" } and add an azurerm_private_endpoint with subresource_names = ["vault"] (KeyVaultCsi does).',
  evaluate: (vault, document) => {
    const publicAccess = expectBoolean(
      vault,
      "public_network_access_enabled",
      false,
      true,
      "the vault accepts connections from the internet",
    );
    if (publicAccess.outcome !== "passed") return publicAccess;
    const action = readAttribute(vault.config, "network_acls.default_action");
    if (isExpression(action)) return unknown("network_acls.default_action", action);
    if (action !== "Deny")
      return failed(
        "network_acls.default_action",
        action ?? "absent (Allow)",
        "the firewall allows every source by default",
      );
    if (privateEndpointsFor(document, vault, "vault").length === 0) {
      return failed(
        "private_endpoint",
        undefined,
        'no azurerm_private_endpoint with subresource "vault" connects to this vault, so the CSI driver cannot reach it privately',
      );
    }
    return passed("public_network_access_enabled", vault.config.public_network_access_enabled);
  },
};
