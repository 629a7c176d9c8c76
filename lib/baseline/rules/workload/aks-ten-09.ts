import { TerraformResource, isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import {
  NAMESPACE_TYPES,
  RESOURCE_QUOTA_TYPES,
  missingInNamespace,
  namespaceKind,
  objectsIn,
} from "./tenant-namespaces";
import { hardOf } from "./aks-ns-02";

/**
 * Quota keys every tenant namespace must bound, with the `count/<resource>` spelling Kubernetes
 * also accepts for object counts (kubernetes.io/docs/concepts/policy/resource-quotas, "Object count quota").
 */
const BOUNDED: [string, string[]][] = [
  ["configmaps", ["configmaps", "count/configmaps"]],
  ["secrets", ["secrets", "count/secrets"]],
  ["services", ["services", "count/services"]],
  ["persistentvolumeclaims", ["persistentvolumeclaims", "count/persistentvolumeclaims"]],
  ["requests.storage", ["requests.storage"]],
  ["requests.ephemeral-storage", ["requests.ephemeral-storage"]],
  ["limits.ephemeral-storage", ["limits.ephemeral-storage"]],
];

/** A quota with scopes or a scope selector bounds only the matching pods, never these keys for the namespace. */
function unscoped(quota: TerraformResource): boolean {
  return (
    readAttribute(quota.config, "spec.scopes") === undefined &&
    readAttribute(quota.config, "spec.scope_selector") === undefined
  );
}

/**
 * Error: every tenant namespace bounds its object counts (ConfigMaps, Secrets, Services, PVCs), its
 * persistent storage and its ephemeral storage. Objects fill etcd and every controller's cache;
 * storage is billed; ephemeral storage fills the node's disk and gets other tenants' pods evicted.
 */
export const aksTen09 = defineRule("AKS-TEN-09", {
  resourceTypes: [...NAMESPACE_TYPES],
  fix: "Bound configmaps, secrets, services, persistentvolumeclaims, requests.storage, requests.ephemeral-storage and limits.ephemeral-storage in an unscoped kubernetes_resource_quota_v1 of the namespace (IsolatedNamespace does).",
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    const { certain, possible } = objectsIn(document, RESOURCE_QUOTA_TYPES, namespace);
    const quotas = certain.filter(unscoped);
    const why = "one tenant can exhaust etcd, the cluster's storage or a node's disk";
    if (quotas.length === 0)
      return missingInNamespace(namespace, possible, "kubernetes_resource_quota_v1", undefined, why);
    const hards = quotas.map(hardOf);
    const literal = hards.filter((hard): hard is Record<string, unknown> => hard !== "expression");
    const dynamic = hards.length > literal.length || possible.length > 0;
    for (const [key, spellings] of BOUNDED) {
      const values = literal
        .flatMap((hard) => spellings.map((spelling) => hard[spelling]))
        .filter((value) => value !== undefined && value !== null);
      if (values.some((value) => !isExpression(value))) continue;
      if (dynamic || values.length > 0)
        return unknown(
          `spec.hard.${key}`,
          values.length === 1 ? values[0] : values,
          `whether a quota bounds ${key} is known only at apply`,
        );
      return failed(`spec.hard.${key}`, undefined, `no quota bounds ${key}: ${why}`);
    }
    return passed("spec.hard", Object.assign({}, ...literal));
  },
});
