import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { expectBoolean, failed, passed, privateEndpointsFor, unknown } from "../findings";

/** Error: a registry reachable from the internet is an exfiltration and supply-chain path. */
export const aksAcr04 = defineRule("AKS-ACR-04", {
  resourceTypes: ["azurerm_container_registry"],
  fix: 'Use sku = "Premium", public_network_access_enabled = false, network_rule_set { default_action = "Deny" } and an azurerm_private_endpoint with subresource_names = ["registry"] (AcrIntegration creates all of them).',
  evaluate: (registry, document) => {
    const sku = registry.config.sku;
    if (isExpression(sku)) return unknown("sku", sku);
    if (sku !== "Premium")
      return failed("sku", sku, "only Premium registries support private link and disabling public access");
    const publicAccess = expectBoolean(
      registry,
      "public_network_access_enabled",
      false,
      true,
      "the registry accepts connections from the internet",
    );
    if (publicAccess.outcome !== "passed") return publicAccess;
    const defaultAction = readAttribute(registry.config, "network_rule_set.default_action");
    if (isExpression(defaultAction)) return unknown("network_rule_set.default_action", defaultAction);
    if (defaultAction !== undefined && defaultAction !== "Deny") {
      return failed(
        "network_rule_set.default_action",
        defaultAction,
        "the network rule set allows every source by default",
      );
    }
    if (privateEndpointsFor(document, registry, "registry").length === 0) {
      return failed(
        "private_endpoint",
        undefined,
        'no azurerm_private_endpoint with subresource "registry" connects to this registry, so nodes cannot reach it privately',
      );
    }
    return passed("public_network_access_enabled", registry.config.public_network_access_enabled);
  },
});
