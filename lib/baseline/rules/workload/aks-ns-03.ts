import { Rule, readAttribute, readBlocks } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed } from "../findings";
import { isTenantNamespace, objectsIn } from "./tenant-namespaces";

/** Error: container defaults make the quota usable and bound noisy neighbours. */
export const aksNs03: Rule = {
  id: "AKS-NS-03",
  title: getControl("AKS-NS-03").title,
  severity: "error",
  references: { other: ["developer-best-practices-resource-management.md", "KSV-0039"] },
  resourceTypes: ["kubernetes_namespace_v1"],
  fix: "Add a kubernetes_limit_range_v1 with a Container limit that sets default and default_request (IsolatedNamespace does).",
  evaluate: (namespace, document) => {
    if (!isTenantNamespace(namespace)) return undefined;
    for (const range of objectsIn(document, "kubernetes_limit_range_v1", namespace)) {
      const limit = readBlocks(readAttribute(range.config, "spec"), "limit").find((entry) => entry.type === "Container");
      if (limit && limit.default !== undefined && limit.default_request !== undefined) return passed("spec.limit", limit);
    }
    return failed("kubernetes_limit_range_v1", undefined, "pods without requests and limits are rejected by the quota or run unbounded");
  },
};
