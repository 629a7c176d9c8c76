import { TerraformResource, addToGroup, documentIndex } from "../../rule";
import { defineRule } from "../define-rule";
import { passed, unknown } from "../findings";
import {
  EXPRESSION,
  NAMESPACE_TYPES,
  TRUST_LEVEL_LABEL,
  labelValue,
  namespaceKind,
  namespaceName,
} from "./tenant-namespaces";
import { readAttribute } from "../../rule";

const TAINT_PREFIX = "tenant=";

/**
 * Node pools by the tenant name their taints give (a taint "tenant=<name>:<effect>"), in document
 * order. Every ':' may end the name (a name expression may itself contain ':'), so a pool is filed
 * under each prefix a `startsWith("tenant=<name>:")` test would accept.
 */
const POOLS_BY_TENANT_TAINT = documentIndex("node pools by tenant taint", (document) => {
  const byName = new Map<string, TerraformResource[]>();
  for (const pool of document.ofType("azurerm_kubernetes_cluster_node_pool")) {
    const taints = pool.config.node_taints;
    if (!Array.isArray(taints)) continue;
    const names = new Set<string>();
    for (const taint of taints) {
      if (typeof taint !== "string" || !taint.startsWith(TAINT_PREFIX)) continue;
      for (let colon = taint.indexOf(":", TAINT_PREFIX.length); colon >= 0; colon = taint.indexOf(":", colon + 1))
        names.add(taint.slice(TAINT_PREFIX.length, colon));
    }
    for (const name of names) addToGroup(byName, name, pool);
  }
  return byName;
});

/** Warning: dedicated nodes are not a security boundary (any pod can add the toleration unless admission blocks it); evaluated on restricted tenants only. */
export const aksNs05 = defineRule("AKS-NS-05", {
  resourceTypes: [...NAMESPACE_TYPES],
  fix: "Give restricted tenants a dedicated node pool tainted tenant=<namespace>:NoSchedule (IsolatedNamespace dedicatedNodePool; TenantPlatform does for restricted tenants).",
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    const level = labelValue(namespace, TRUST_LEVEL_LABEL);
    if (level === EXPRESSION)
      return unknown(
        `metadata.labels.${TRUST_LEVEL_LABEL}`,
        undefined,
        "the trust level is an expression known only at apply; a restricted tenant needs a dedicated node pool",
      );
    if (level !== "restricted") return undefined;
    // The taint names the namespace: its literal name, or the same name expression.
    const name = namespaceName(namespace) ?? readAttribute(namespace.config, "metadata.name");
    const pools = typeof name !== "string" ? [] : (document.index(POOLS_BY_TENANT_TAINT).get(name) ?? []);
    if (pools.length > 0) return passed("node_taints", pools[0].address);
    return unknown(
      "azurerm_kubernetes_cluster_node_pool",
      undefined,
      "the restricted tenant's tainted pool is not in this document (node pools usually live in the platform stack); check it exists",
    );
  },
});
