import { Rule, readAttribute, readBlocks } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed } from "../findings";
import { isTenantNamespace, objectsIn } from "./tenant-namespaces";

/** Error: a tenant namespace without default deny is open to every other tenant. */
export const aksNet06: Rule = {
  id: "AKS-NET-06",
  title: getControl("AKS-NET-06").title,
  severity: "error",
  references: { cis: ["4.4.2"], other: ["network-policy-best-practices.md", "KSV-0038"] },
  resourceTypes: ["kubernetes_namespace_v1"],
  fix: "Add a kubernetes_network_policy_v1 in the namespace with an empty pod_selector, policy_types [\"Ingress\", \"Egress\"] and no rules, plus explicit allow policies (IsolatedNamespace does).",
  evaluate: (namespace, document) => {
    if (!isTenantNamespace(namespace)) return undefined;
    const policies = objectsIn(document, "kubernetes_network_policy_v1", namespace);
    const denyAll = policies.find((policy) => {
      const spec = readAttribute(policy.config, "spec") as Record<string, unknown> | undefined;
      if (!spec) return false;
      const selector = readAttribute(spec, "pod_selector") as Record<string, unknown> | undefined;
      const selectsAll = selector !== undefined && Object.keys(selector).every((key) => { const v = selector[key]; return v === undefined || (typeof v === "object" && v !== null && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0); });
      const types = readAttribute(spec, "policy_types");
      return selectsAll && Array.isArray(types) && types.includes("Ingress") && types.includes("Egress") && readBlocks(spec, "ingress").length === 0 && readBlocks(spec, "egress").length === 0;
    });
    if (!denyAll) return failed("kubernetes_network_policy_v1", policies.map((policy) => policy.address), "no default-deny policy for ingress and egress, so every pod can reach and be reached by every other");
    return passed("kubernetes_network_policy_v1", denyAll.address);
  },
};
