import { isExpression, readBlocks } from "../../rule";
import { defineRule } from "../define-rule";
import { passed, unknown } from "../findings";
import { LIMIT_RANGE_TYPES, NAMESPACE_TYPES, missingInNamespace, namespaceKind, objectsIn } from "./tenant-namespaces";

/**
 * Error: container defaults make the quota usable and bound noisy neighbours. A LimitRange passes
 * with a Container limit that sets default and default_request (`spec` and `limit` written as
 * objects or lists).
 */
export const aksNs03 = defineRule("AKS-NS-03", {
  resourceTypes: [...NAMESPACE_TYPES],
  fix: "Add a kubernetes_limit_range_v1 with a Container limit that sets default and default_request (IsolatedNamespace does).",
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    const { certain, possible } = objectsIn(document, LIMIT_RANGE_TYPES, namespace);
    let dynamic: string | undefined;
    for (const range of certain) {
      for (const limit of readBlocks(range.config, "spec.limit")) {
        if (isExpression(limit.type)) dynamic ??= range.address;
        else if (
          limit.type === "Container" &&
          limit.default !== undefined &&
          limit.default !== null &&
          limit.default_request !== undefined &&
          limit.default_request !== null
        )
          return passed("spec.limit", limit);
      }
    }
    if (dynamic)
      return unknown("spec.limit.type", dynamic, `the limit type of ${dynamic} is an expression known only at apply`);
    return missingInNamespace(
      namespace,
      possible,
      "kubernetes_limit_range_v1",
      certain.length > 0 ? certain.map((range) => range.address) : undefined,
      "pods without requests and limits are rejected by the quota or run unbounded",
    );
  },
});
