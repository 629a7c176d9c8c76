import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { passed, unknown } from "../findings";
import { EXPRESSION, NAMESPACE_TYPES, TRUST_LEVEL_LABEL, labelValue, namespaceKind, namespaceName } from "./tenant-namespaces";
import { readAttribute } from "../../rule";

/** Warning: dedicated nodes are not a security boundary (any pod can add the toleration unless admission blocks it); evaluated on restricted tenants only. */
export const aksNs05: Rule = {
  id: "AKS-NS-05",
  title: getControl("AKS-NS-05").title,
  severity: "warning",
  references: { other: ["operator-best-practices-advanced-scheduler.md"] },
  resourceTypes: [...NAMESPACE_TYPES],
  fix: "Give restricted tenants a dedicated node pool tainted tenant=<namespace>:NoSchedule (IsolatedNamespace dedicatedNodePool; TenantPlatform does for restricted tenants).",
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    const level = labelValue(namespace, TRUST_LEVEL_LABEL);
    if (level === EXPRESSION) return unknown(`metadata.labels.${TRUST_LEVEL_LABEL}`, undefined, "the trust level is an expression known only at apply; a restricted tenant needs a dedicated node pool");
    if (level !== "restricted") return undefined;
    // The taint names the namespace: its literal name, or the same name expression.
    const name = namespaceName(namespace) ?? readAttribute(namespace.config, "metadata.name");
    const pools = typeof name !== "string" ? [] : document.ofType("azurerm_kubernetes_cluster_node_pool").filter((pool) => {
      const taints = pool.config.node_taints;
      return Array.isArray(taints) && taints.some((taint) => typeof taint === "string" && taint.startsWith(`tenant=${name}:`));
    });
    if (pools.length > 0) return passed("node_taints", pools[0].address);
    return unknown("azurerm_kubernetes_cluster_node_pool", undefined, "the restricted tenant's tainted pool is not in this document (node pools usually live in the platform stack); check it exists");
  },
};
