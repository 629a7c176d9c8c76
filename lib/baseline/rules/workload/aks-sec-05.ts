import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { expectBoolean, failed, passed, privateEndpointsFor, unknown } from "../findings";

/** Error: a vault reachable from the internet exposes every secret to credential theft from anywhere. */
export const aksSec05 = defineRule("AKS-SEC-05", {
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
});
