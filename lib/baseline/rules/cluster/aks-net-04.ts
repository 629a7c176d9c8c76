import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";

/** Error: the catalog's network model is Azure CNI overlay. */
export const aksNet04 = defineRule("AKS-NET-04", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Set network_profile { network_plugin = "azure", network_plugin_mode = "overlay" } (SecureCluster does). Without network_profile AKS uses kubenet.',
  evaluate: (cluster) => {
    const plugin = readAttribute(cluster.config, "network_profile.network_plugin");
    const mode = readAttribute(cluster.config, "network_profile.network_plugin_mode");
    if (isExpression(plugin)) return unknown("network_profile.network_plugin", plugin);
    if (isExpression(mode)) return unknown("network_profile.network_plugin_mode", mode);
    if (plugin !== "azure")
      return failed(
        "network_profile.network_plugin",
        plugin ?? "absent (kubenet)",
        "kubenet has no Azure CNI network policy support and is retired on 2028-03-31",
      );
    if (mode !== "overlay")
      return failed(
        "network_profile.network_plugin_mode",
        mode,
        "flat Azure CNI puts every pod on the VNet; overlay keeps pods off it",
      );
    return passed("network_profile.network_plugin_mode", mode);
  },
});
