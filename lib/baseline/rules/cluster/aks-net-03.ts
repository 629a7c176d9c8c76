import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";

/** Warning: optional in the catalog (required only for KMS with a private vault, which SecureCluster rejects at synth and tf-validate catches). */
export const aksNet03 = defineRule("AKS-NET-03", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set api_server_access_profile { virtual_network_integration_enabled = true, subnet_id = <delegated subnet> } (ApiServerAccess.vnetIntegration()).",
  evaluate: (cluster) => {
    const enabled = readAttribute(cluster.config, "api_server_access_profile.virtual_network_integration_enabled");
    if (isExpression(enabled)) return unknown("api_server_access_profile.virtual_network_integration_enabled", enabled);
    if (enabled === true) return passed("api_server_access_profile.virtual_network_integration_enabled", enabled);
    const kmsAccess = readAttribute(cluster.config, "key_management_service.key_vault_network_access");
    const why =
      kmsAccess === "Private"
        ? "KMS with a private vault needs API-server VNet integration; the cluster cannot start"
        : "the API server is reached through a private endpoint instead of a subnet in the VNet (optional)";
    return failed("api_server_access_profile.virtual_network_integration_enabled", enabled, why);
  },
});
