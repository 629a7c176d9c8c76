import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";

/** Warning: ephemeral OS disks depend on the VM size. */
export const aksDat04 = defineRule("AKS-DAT-04", {
  resourceTypes: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
  fix: 'Set os_disk_type = "Ephemeral" with a VM size whose cache or temp disk fits the OS disk (SecureCluster default pools do).',
  evaluate: (resource) => {
    const path = resource.type === "azurerm_kubernetes_cluster" ? "default_node_pool.os_disk_type" : "os_disk_type";
    const type = readAttribute(resource.config, path);
    if (isExpression(type)) return unknown(path, type);
    return type === "Ephemeral"
      ? passed(path, type)
      : failed(path, type ?? "absent (Managed)", "OS disks persist in storage and outlive the node");
  },
});
