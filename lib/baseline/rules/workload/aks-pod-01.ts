import { RuleFinding, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import { EXPRESSION, NAMESPACE_TYPES, labelValue, namespaceKind, namespaceLabels } from "./tenant-namespaces";

const PREFIX = "pod-security.kubernetes.io/";

/**
 * Error: PSA restricted on every tenant namespace is the in-cluster half of pod security. The rule
 * needs only the labels, so a namespace whose name is an expression is judged too. A label (or the
 * whole label map) that is an expression is unknown; a definite weaker label wins over an unknown one.
 */
export const aksPod01 = defineRule("AKS-POD-01", {
  resourceTypes: [...NAMESPACE_TYPES],
  fix: "Label tenant namespaces pod-security.kubernetes.io/enforce, audit and warn = restricted, with enforce-version pinned (IsolatedNamespace does).",
  evaluate: (namespace) => {
    if (namespaceKind(namespace) === "system") return undefined;
    const labels = namespaceLabels(namespace);
    if (labels === EXPRESSION)
      return unknown(
        "metadata.labels",
        readAttribute(namespace.config, "metadata.labels"),
        "the namespace's labels are an expression known only at apply",
      );
    let pending: RuleFinding | undefined;
    for (const mode of ["enforce", "audit", "warn"]) {
      const key = `${PREFIX}${mode}`;
      const value = labelValue(namespace, key);
      if (value === EXPRESSION)
        pending ??= unknown(
          `metadata.labels.${key}`,
          labels?.[key],
          `the ${mode} level is an expression known only at apply`,
        );
      else if (value !== "restricted")
        return failed(
          `metadata.labels.${key}`,
          value,
          `Pod Security Admission does not ${mode} the restricted standard in this tenant namespace`,
        );
    }
    const version = labelValue(namespace, `${PREFIX}enforce-version`);
    if (version === undefined)
      return failed(
        `metadata.labels.${PREFIX}enforce-version`,
        undefined,
        "the enforced standard changes silently with each cluster upgrade",
      );
    if (version === EXPRESSION)
      pending ??= unknown(
        `metadata.labels.${PREFIX}enforce-version`,
        labels?.[`${PREFIX}enforce-version`],
        "the enforced version is an expression known only at apply",
      );
    return pending ?? passed(`metadata.labels.${PREFIX}enforce`, "restricted");
  },
});
