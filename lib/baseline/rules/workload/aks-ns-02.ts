import { Rule, isExpression, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";
import { isTenantNamespace, objectsIn } from "./tenant-namespaces";

/** Error: quotas bound each tenant's share (and, for AKS-NET-10, its ways to expose services). */
export const aksNs02: Rule = {
  id: "AKS-NS-02",
  title: getControl("AKS-NS-02").title,
  severity: "error",
  references: { other: ["operator-best-practices-scheduler.md", "KSV-0040"], azurePolicy: ["3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e"] },
  resourceTypes: ["kubernetes_namespace_v1"],
  fix: "Add a kubernetes_resource_quota_v1 with requests/limits cpu and memory, pods, and services.loadbalancers = 0, services.nodeports = 0 (IsolatedNamespace does).",
  evaluate: (namespace, document) => {
    if (!isTenantNamespace(namespace)) return undefined;
    const quotas = objectsIn(document, "kubernetes_resource_quota_v1", namespace);
    if (quotas.length === 0) return failed("kubernetes_resource_quota_v1", undefined, "one tenant can exhaust the cluster's capacity");
    const hard: Record<string, unknown> = Object.assign({}, ...quotas.map((quota) => (readAttribute(quota.config, "spec.hard") ?? {}) as Record<string, unknown>));
    for (const key of ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "pods"]) {
      if (hard[key] === undefined) return failed(`spec.hard.${key}`, undefined, `the quota does not bound ${key}`);
    }
    // The quota half of AKS-NET-10: tenants expose nothing through their own load balancers or node ports.
    for (const key of ["services.loadbalancers", "services.nodeports"]) {
      const value = hard[key];
      if (isExpression(value)) return unknown(`spec.hard.${key}`, value);
      if (value === undefined || String(value) !== "0") return failed(`spec.hard.${key}`, value, "tenants can expose services directly instead of through the platform ingress");
    }
    return passed("spec.hard", hard);
  },
};
