import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { referencesResource } from "../../references";
import { failed, passed } from "../findings";

/** Warning: backup matters for stateful workloads only, and costs an extension and storage. */
export const aksDat05: Rule = {
  id: "AKS-DAT-05",
  title: getControl("AKS-DAT-05").title,
  severity: "warning",
  references: { mcsb: ["BR-1"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "For clusters with persistent volumes, add azurerm_data_protection_backup_instance_kubernetes_cluster (with a backup policy and trusted access).",
  evaluate: (cluster, document) => {
    const instances = document.ofType("azurerm_data_protection_backup_instance_kubernetes_cluster").filter((instance) => referencesResource(instance.config.kubernetes_cluster_id, cluster, "id"));
    return instances.length > 0
      ? passed("azurerm_data_protection_backup_instance_kubernetes_cluster", instances[0].address)
      : failed("azurerm_data_protection_backup_instance_kubernetes_cluster", undefined, "persistent volumes and cluster state are not backed up");
  },
};
