import { Rule, isExpression, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed } from "../findings";
import { isTenantNamespace, namespaceName, SYSTEM_NAMESPACES } from "./tenant-namespaces";

/** Error: every tenant gets a namespace, and workloads never land in default or system namespaces. */
export const aksNs01: Rule = {
  id: "AKS-NS-01",
  title: getControl("AKS-NS-01").title,
  severity: "error",
  references: { cis: ["4.6.1"], other: ["operator-best-practices-cluster-isolation.md"] },
  resourceTypes: ["kubernetes_namespace_v1", "kubernetes_deployment_v1", "kubernetes_deployment", "kubernetes_pod_v1", "kubernetes_pod", "kubernetes_service_account_v1"],
  fix: "Give each tenant its own namespace (IsolatedNamespace) and never deploy workloads into default or kube-system.",
  evaluate: (resource) => {
    if (resource.type === "kubernetes_namespace_v1") {
      if (!isTenantNamespace(resource)) return undefined;
      return passed("metadata.name", namespaceName(resource));
    }
    const namespace = readAttribute(resource.config, "metadata.namespace");
    if (isExpression(namespace)) return passed("metadata.namespace", namespace, "placed in a namespace by reference");
    if (namespace === undefined || namespace === "default") return failed("metadata.namespace", namespace ?? "absent (default)", "a workload in the default namespace belongs to no tenant and escapes tenant quotas and policies");
    if (typeof namespace === "string" && SYSTEM_NAMESPACES.has(namespace)) return failed("metadata.namespace", namespace, "tenant workloads must not run in a system namespace");
    return passed("metadata.namespace", namespace);
  },
};
