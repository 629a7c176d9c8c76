import { Rule, isExpression, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";

/** Warning: optional (key lifecycle burden; a lost key loses the cluster), so its absence is reported, not refused. */
export const aksDat01: Rule = {
  id: "AKS-DAT-01",
  title: getControl("AKS-DAT-01").title,
  severity: "warning",
  references: { azurePolicy: ["dbbdc317-9734-4dd8-9074-993b29c69008"], mcsb: ["DP-5"], cis: ["5.3.1"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Add key_management_service { key_vault_key_id, key_vault_network_access = \"Private\" } with API-server VNet integration (SecureCluster keyManagementService).",
  evaluate: (cluster) => {
    const key = readAttribute(cluster.config, "key_management_service.key_vault_key_id");
    if (key === undefined) return failed("key_management_service", undefined, "etcd secrets are encrypted with platform-managed keys only");
    const access = readAttribute(cluster.config, "key_management_service.key_vault_network_access");
    if (isExpression(access)) return unknown("key_management_service.key_vault_network_access", access);
    if ((access ?? "Public") !== "Private") return failed("key_management_service.key_vault_network_access", access ?? "absent (Public)", "the KMS vault is reached over its public endpoint");
    return passed("key_management_service.key_vault_key_id", key);
  },
};
