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

const BOUNDED = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "pods"];
const CLOSED = ["services.loadbalancers", "services.nodeports"];

/** The `spec.hard` map of a quota, or "expression" when the whole map is one. */
export function hardOf(quota: TerraformResource): Record<string, unknown> | "expression" {
  const hard = readAttribute(quota.config, "spec.hard");
  if (typeof hard === "string" && isExpression(hard)) return "expression";
  return hard && typeof hard === "object" && !Array.isArray(hard) ? (hard as Record<string, unknown>) : {};
}

/**
 * Error: quotas bound each tenant's share (and, for the quota half of AKS-NET-10, its ways to expose
 * services). Every quota of a namespace is enforced on its own, so a key is bounded when any quota
 * bounds it, and a service type is closed when any quota sets it to 0.
 */
export const aksNs02 = defineRule("AKS-NS-02", {
  // 3fc4dc25 (internal load balancers) is AKS-NET-10's policy, not in this control's catalog row.
  resourceTypes: [...NAMESPACE_TYPES],
  fix: "Add a kubernetes_resource_quota_v1 with requests/limits cpu and memory, pods, and services.loadbalancers = 0, services.nodeports = 0 (IsolatedNamespace does).",
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    const { certain, possible } = objectsIn(document, RESOURCE_QUOTA_TYPES, namespace);
    if (certain.length === 0)
      return missingInNamespace(
        namespace,
        possible,
        "kubernetes_resource_quota_v1",
        undefined,
        "one tenant can exhaust the cluster's capacity",
      );
    const hards = certain.map(hardOf);
    const literal = hards.filter((hard): hard is Record<string, unknown> => hard !== "expression");
    const dynamic = hards.length > literal.length || possible.length > 0;
    const merged: Record<string, unknown> = Object.assign({}, ...literal);
    for (const key of BOUNDED) {
      if (literal.some((hard) => hard[key] !== undefined && hard[key] !== null)) continue;
      if (dynamic)
        return unknown(
          `spec.hard.${key}`,
          undefined,
          `no quota certainly bounds ${key}, and another quota's limits are known only at apply`,
        );
      return failed(`spec.hard.${key}`, undefined, `the quota does not bound ${key}`);
    }
    // The quota half of AKS-NET-10: tenants expose nothing through their own load balancers or node ports.
    for (const key of CLOSED) {
      if (literal.some((hard) => !isExpression(hard[key]) && hard[key] !== undefined && String(hard[key]) === "0"))
        continue;
      const values = literal.map((hard) => hard[key]).filter((value) => value !== undefined);
      if (dynamic || values.some(isExpression))
        return unknown(
          `spec.hard.${key}`,
          values.length === 1 ? values[0] : values,
          `whether ${key} is 0 is known only at apply`,
        );
      return failed(
        `spec.hard.${key}`,
        values.length === 1 ? values[0] : values.length === 0 ? undefined : values,
        "tenants can expose services directly instead of through the platform ingress",
      );
    }
    return passed("spec.hard", merged);
  },
});
