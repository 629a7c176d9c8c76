import { defineRule } from "../define-rule";
import { expectBoolean } from "../findings";

/** Error: temp disks and caches hold secrets and images unencrypted otherwise. */
export const aksDat02 = defineRule("AKS-DAT-02", {
  resourceTypes: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
  fix: "Set host_encryption_enabled = true on default_node_pool and every node pool (SecureCluster does; register Microsoft.Compute/EncryptionAtHost).",
  evaluate: (resource) => {
    const path =
      resource.type === "azurerm_kubernetes_cluster"
        ? "default_node_pool.host_encryption_enabled"
        : "host_encryption_enabled";
    return expectBoolean(resource, path, true, false, "temporary disks and disk caches of the nodes are not encrypted");
  },
});
