import { TerraformResource, isExpression, readBlock, readBlocks } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import { CLUSTER_ROLE_BINDING_TYPES, ROLE_BINDING_TYPES } from "./tenant-namespaces";

const CLUSTER_WIDE: ReadonlySet<string> = new Set(CLUSTER_ROLE_BINDING_TYPES);
const SENSITIVE = new Set(["cluster-admin", "admin", "edit"]);

/** The subjects' kinds; undefined when a kind (or the subject list, as a dynamic block) is known only at apply. */
function subjectKinds(binding: TerraformResource): string[] | undefined {
  if ((binding.config.dynamic as Record<string, unknown> | undefined)?.subject !== undefined) return undefined;
  const kinds = readBlocks(binding.config, "subject").map((subject) => subject.kind);
  return kinds.some((kind) => typeof kind !== "string" || isExpression(kind)) ? undefined : (kinds as string[]);
}

/**
 * Error: Kubernetes RBAC bindings (v1 and unversioned, RoleBinding and ClusterRoleBinding) follow
 * the catalog's edit/view model, never cluster-admin:
 * - cluster-admin fails in any binding, to any subject (User, Group or ServiceAccount);
 * - admin or edit in a ClusterRoleBinding fails for any subject: it grants write in every namespace;
 * - admin in a RoleBinding passes for Entra groups (the namespace admin IAM-06 allows with Azure
 *   RBAC) and fails for a User or ServiceAccount: a single user or a workload token then rewrites
 *   the namespace's RBAC outside group governance;
 * - view, edit in a RoleBinding, and custom roles pass. A role or subject kind only apply knows is unknown.
 */
export const aksIam07 = defineRule("AKS-IAM-07", {
  resourceTypes: [...ROLE_BINDING_TYPES, ...CLUSTER_ROLE_BINDING_TYPES],
  fix: "Bind tenant Entra groups to the ClusterRoles view or edit (admin for namespace admins) in a RoleBinding of their namespace (IsolatedNamespace does when Azure RBAC is off); never cluster-admin, and no ClusterRoleBinding of admin or edit.",
  evaluate: (binding) => {
    const roleRef = readBlock(binding.config, "role_ref");
    const role = roleRef?.name;
    const kind = roleRef?.kind;
    if (isExpression(role)) return unknown("role_ref.name", role);
    if (typeof role !== "string") return failed("role_ref.name", role, "the binding names no role");
    if (!SENSITIVE.has(role)) return passed("role_ref.name", role);
    if (isExpression(kind))
      return unknown("role_ref.kind", kind, `whether ${role} is the built-in ClusterRole is known only at apply`);
    // A RoleBinding may name a namespaced Role that happens to be called "admin": a custom role.
    if (kind === "Role")
      return passed("role_ref.name", role, `the namespaced Role ${role}, not the built-in ClusterRole`);
    if (role === "cluster-admin")
      return failed("role_ref.name", role, "binds cluster-admin, which owns every namespace and the cluster itself");
    const kinds = subjectKinds(binding);
    if (CLUSTER_WIDE.has(binding.type)) {
      return failed(
        "role_ref.name",
        role,
        `a ClusterRoleBinding grants ${role} in every namespace${kinds && kinds.length > 0 ? ` to ${[...new Set(kinds)].sort().join(", ")} subjects` : ""}`,
      );
    }
    if (role === "admin") {
      if (kinds === undefined)
        return unknown(
          "subject.kind",
          undefined,
          "the subjects of a namespace admin binding are known only at apply; only Entra groups may be namespace admins",
        );
      const individual = kinds.filter((subjectKind) => subjectKind !== "Group");
      if (individual.length > 0)
        return failed(
          "subject.kind",
          [...new Set(individual)].sort(),
          `grants admin, which can rewrite the namespace's RBAC, to a ${[...new Set(individual)].sort().join(" and ")} instead of an Entra group`,
        );
    }
    return passed("role_ref.name", role);
  },
});
