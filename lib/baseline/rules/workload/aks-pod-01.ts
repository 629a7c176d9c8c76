import { Rule, isExpression, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";
import { isTenantNamespace } from "./tenant-namespaces";

/** Error: PSA restricted on every tenant namespace is the in-cluster half of pod security. */
export const aksPod01: Rule = {
  id: "AKS-POD-01",
  title: getControl("AKS-POD-01").title,
  severity: "error",
  references: { cis: ["4.2.1", "4.2.2", "4.2.3", "4.2.4", "4.2.5"], other: ["use-psa.md", "PSS/PSA"] },
  resourceTypes: ["kubernetes_namespace_v1"],
  fix: "Label tenant namespaces pod-security.kubernetes.io/enforce, audit and warn = restricted, with enforce-version pinned (IsolatedNamespace does).",
  evaluate: (namespace) => {
    if (!isTenantNamespace(namespace)) return undefined;
    const labels = (readAttribute(namespace.config, "metadata.labels") ?? {}) as Record<string, unknown>;
    if (isExpression(labels)) return unknown("metadata.labels", labels);
    for (const mode of ["enforce", "audit", "warn"]) {
      const key = `pod-security.kubernetes.io/${mode}`;
      if (labels[key] !== "restricted") return failed(`metadata.labels.${key}`, labels[key], `Pod Security Admission does not ${mode} the restricted standard in this tenant namespace`);
    }
    if (labels["pod-security.kubernetes.io/enforce-version"] === undefined) return failed("metadata.labels.pod-security.kubernetes.io/enforce-version", undefined, "the enforced standard changes silently with each cluster upgrade");
    return passed("metadata.labels.pod-security.kubernetes.io/enforce", "restricted");
  },
};
