import { Rule, isExpression, readAttribute, readBlocks } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";

/** Error: Kubernetes RBAC bindings never grant cluster-admin or cluster-wide write to groups. */
export const aksIam07: Rule = {
  id: "AKS-IAM-07",
  title: getControl("AKS-IAM-07").title,
  severity: "error",
  references: { cis: ["4.1.1", "4.1.3"], other: ["KSV-0111", "KSV-0112"] },
  resourceTypes: ["kubernetes_role_binding_v1", "kubernetes_cluster_role_binding_v1", "kubernetes_role_binding", "kubernetes_cluster_role_binding"],
  fix: "Bind tenant groups to the ClusterRoles view, edit or admin in a RoleBinding of their namespace (IsolatedNamespace does when Azure RBAC is off); never cluster-admin.",
  evaluate: (binding) => {
    const role = readAttribute(binding.config, "role_ref.name");
    if (isExpression(role)) return unknown("role_ref.name", role);
    if (role === "cluster-admin") return failed("role_ref.name", role, "binds cluster-admin, which owns every namespace and the cluster itself");
    if (binding.type.includes("cluster_role_binding")) {
      const groups = readBlocks(binding.config, "subject").filter((subject) => subject.kind === "Group");
      if (groups.length > 0 && (role === "edit" || role === "admin")) return failed("role_ref.name", role, `grants ${role} in every namespace to a group`);
    }
    return passed("role_ref.name", role);
  },
};
