import { defineRule } from "../define-rule";
import { expectBoolean } from "../findings";

/** Error: nodes must not be addressable from the internet. */
export const aksNet08 = defineRule("AKS-NET-08", {
  resourceTypes: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
  fix: "Set node_public_ip_enabled = false on default_node_pool and every node pool (the provider default; SecureCluster sets it explicitly).",
  evaluate: (resource) => {
    const path =
      resource.type === "azurerm_kubernetes_cluster"
        ? "default_node_pool.node_public_ip_enabled"
        : "node_public_ip_enabled";
    return expectBoolean(resource, path, false, false, "each node gets a public IP reachable from the internet");
  },
});
