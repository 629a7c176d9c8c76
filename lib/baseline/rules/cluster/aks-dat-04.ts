import { Rule, isExpression, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";

/** Warning: ephemeral OS disks depend on the VM size. */
export const aksDat04: Rule = {
  id: "AKS-DAT-04",
  title: getControl("AKS-DAT-04").title,
  severity: "warning",
  references: { checkov: ["CKV_AZURE_226"] },
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
};
