import { Rule, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed } from "../findings";
import { isTenantNamespace, namespaceName, TRUST_LEVEL_LABEL } from "./tenant-namespaces";

/**
 * Error: a namespace labelled cdktf-secure-aks/trust-level=hostile must be the only tenant namespace
 * on its cluster (same kubernetes provider in the document).
 */
export const aksTen01: Rule = {
  id: "AKS-TEN-01",
  title: getControl("AKS-TEN-01").title,
  severity: "error",
  references: { other: ["operator-best-practices-cluster-isolation.md", "concepts-security.md"] },
  resourceTypes: ["kubernetes_namespace_v1"],
  fix: "Give hostile tenants their own cluster (TenantPlatform does); to accept a shared cluster, suppress AKS-TEN-01 on the namespace with the reason.",
  evaluate: (namespace, document) => {
    if (!isTenantNamespace(namespace)) return undefined;
    const labels = (readAttribute(namespace.config, "metadata.labels") ?? {}) as Record<string, unknown>;
    if (labels[TRUST_LEVEL_LABEL] !== "hostile") return undefined;
    const neighbours = document.ofType("kubernetes_namespace_v1").filter((other) => other !== namespace && isTenantNamespace(other) && other.config.provider === namespace.config.provider);
    if (neighbours.length > 0) return failed("metadata.labels." + TRUST_LEVEL_LABEL, "hostile", `a hostile tenant shares its cluster with ${neighbours.map((n) => namespaceName(n)).join(", ")}; the namespace is not a security boundary`);
    return passed("metadata.labels." + TRUST_LEVEL_LABEL, "hostile", "the only tenant namespace on its cluster");
  },
};
