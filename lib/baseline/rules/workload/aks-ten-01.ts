import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import {
  EXPRESSION,
  NAMESPACE_TYPES,
  TRUST_LEVEL_LABEL,
  describeNamespace,
  labelValue,
  namespaceKind,
  namespacesOfProvider,
} from "./tenant-namespaces";

const ATTRIBUTE = `metadata.labels.${TRUST_LEVEL_LABEL}`;

/**
 * Error: a namespace labelled cdktf-secure-aks/trust-level=hostile must be the only tenant namespace
 * on its cluster (same kubernetes provider in the document). A trust level that is an expression may
 * be hostile (unknown); a neighbour whose name is an expression may be a tenant (unknown), unless a
 * neighbour with a literal tenant name already decides it.
 */
export const aksTen01 = defineRule("AKS-TEN-01", {
  resourceTypes: [...NAMESPACE_TYPES],
  fix: "Give hostile tenants their own cluster (TenantPlatform does); to accept a shared cluster, suppress AKS-TEN-01 on the namespace with the reason.",
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    const level = labelValue(namespace, TRUST_LEVEL_LABEL);
    if (level !== "hostile" && level !== EXPRESSION) return undefined;
    const others = namespacesOfProvider(document, namespace).filter((other) => other !== namespace);
    const tenants = others.filter((other) => namespaceKind(other) === "tenant");
    const dynamic = others.filter((other) => namespaceKind(other) === "dynamic");
    if (tenants.length === 0 && dynamic.length === 0)
      return passed(
        ATTRIBUTE,
        level === EXPRESSION ? "expression" : "hostile",
        "the only tenant namespace on its cluster",
      );
    if (level === EXPRESSION)
      return unknown(
        ATTRIBUTE,
        undefined,
        "the trust level is an expression known only at apply; if it is hostile, the tenant shares its cluster with other namespaces",
      );
    if (tenants.length > 0)
      return failed(
        ATTRIBUTE,
        "hostile",
        `a hostile tenant shares its cluster with ${tenants.map(describeNamespace).join(", ")}; the namespace is not a security boundary`,
      );
    return unknown(
      ATTRIBUTE,
      "hostile",
      `a hostile tenant shares its cluster with namespaces whose names are known only at apply (${dynamic.map(describeNamespace).join(", ")}); unless they are system namespaces, the namespace is not a security boundary`,
    );
  },
});
