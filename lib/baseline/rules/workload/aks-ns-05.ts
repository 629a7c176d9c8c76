import { Rule, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { passed, unknown } from "../findings";
import { isTenantNamespace, namespaceName, TRUST_LEVEL_LABEL } from "./tenant-namespaces";

/** Warning: dedicated nodes are not a security boundary (any pod can add the toleration unless admission blocks it); evaluated on restricted tenants only. */
export const aksNs05: Rule = {
  id: "AKS-NS-05",
  title: getControl("AKS-NS-05").title,
  severity: "warning",
  references: { other: ["operator-best-practices-advanced-scheduler.md"] },
  resourceTypes: ["kubernetes_namespace_v1"],
  fix: "Give restricted tenants a dedicated node pool tainted tenant=<namespace>:NoSchedule (IsolatedNamespace dedicatedNodePool; TenantPlatform does for restricted tenants).",
  evaluate: (namespace, document) => {
    if (!isTenantNamespace(namespace)) return undefined;
    const labels = (readAttribute(namespace.config, "metadata.labels") ?? {}) as Record<string, unknown>;
    if (labels[TRUST_LEVEL_LABEL] !== "restricted") return undefined;
    const name = namespaceName(namespace);
    const pools = document.ofType("azurerm_kubernetes_cluster_node_pool").filter((pool) => {
      const taints = pool.config.node_taints;
      return Array.isArray(taints) && taints.some((taint) => typeof taint === "string" && taint.startsWith(`tenant=${name}:`));
    });
    if (pools.length > 0) return passed("node_taints", pools[0].address);
    return unknown("azurerm_kubernetes_cluster_node_pool", undefined, "the restricted tenant's tainted pool is not in this document (node pools usually live in the platform stack); check it exists");
  },
};
