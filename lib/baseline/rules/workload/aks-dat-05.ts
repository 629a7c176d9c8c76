import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import { resourcesScopedTo } from "../cluster/scope";

/** Warning: backup matters for stateful workloads only, and costs an extension and storage. */
export const aksDat05 = defineRule("AKS-DAT-05", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "For clusters with persistent volumes, add azurerm_data_protection_backup_instance_kubernetes_cluster (with a backup policy and trusted access).",
  evaluate: (cluster, document) => {
    const type = "azurerm_data_protection_backup_instance_kubernetes_cluster";
    const { certain, unresolved } = resourcesScopedTo(
      document,
      cluster,
      type,
      (instance) => instance.config.kubernetes_cluster_id,
    );
    if (certain.length > 0) return passed(type, certain[0].address);
    if (unresolved.length > 0)
      return unknown(
        `${type}.kubernetes_cluster_id`,
        unresolved[0].config.kubernetes_cluster_id,
        `${unresolved[0].address} backs up a cluster only apply can resolve; it may be this one`,
      );
    return failed(type, undefined, "persistent volumes and cluster state are not backed up");
  },
});
