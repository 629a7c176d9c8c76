import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import { grantsRole, referencedResource } from "../findings";
import { AzureBuiltInRole, AzureRoles } from "../../../util/azure-roles";

/** The namespace-scopable AKS RBAC roles (built-in role ids). */
const TENANT_ROLES: readonly AzureBuiltInRole[] = [
  AzureRoles.aksRbacReader,
  AzureRoles.aksRbacWriter,
  AzureRoles.aksRbacAdmin,
];

/** Error: tenant access is namespace-scoped; evaluated on AKS RBAC role assignments. */
export const aksIam06 = defineRule("AKS-IAM-06", {
  resourceTypes: ["azurerm_role_assignment"],
  fix: "Grant tenants Azure Kubernetes Service RBAC Reader/Writer/Admin scoped to <cluster id>/namespaces/<namespace> (IsolatedNamespace accessGroups); keep RBAC Cluster Admin for the platform group at cluster scope.",
  evaluate: (assignment, document) => {
    const scope = assignment.config.scope;
    const clusterAdmin = grantsRole(assignment, AzureRoles.aksRbacClusterAdmin);
    const namespaced = typeof scope === "string" && scope.includes("/namespaces/");
    const tenantRole = TENANT_ROLES.some((role) => grantsRole(assignment, role));
    if (clusterAdmin && namespaced)
      return failed(
        "role_definition_name",
        assignment.config.role_definition_name ?? assignment.config.role_definition_id,
        "RBAC Cluster Admin given at namespace scope: tenants must get Reader, Writer or Admin",
      );
    if (!namespaced && !tenantRole) return undefined;
    // A role given by an expression (a variable, a data source) at namespace scope may be Cluster Admin.
    const name = assignment.config.role_definition_name;
    const roleDynamic =
      name !== undefined && name !== null ? isExpression(name) : isExpression(assignment.config.role_definition_id);
    // A custom role declared in this document is no Cluster Admin; what it allows is AKS-TEN-06's concern.
    if (
      namespaced &&
      referencedResource(
        assignment.config.role_definition_id,
        document,
        ["azurerm_role_definition"],
        ["role_definition_resource_id", "id"],
      )
    )
      return passed("scope", scope, "custom role of this document (judged by AKS-TEN-06)");
    if (namespaced && !tenantRole && roleDynamic)
      return unknown(
        "role_definition_id",
        name ?? assignment.config.role_definition_id,
        "the role granted at namespace scope is an expression; check it is RBAC Reader, Writer or Admin, not Cluster Admin",
      );
    if (tenantRole && !namespaced) {
      if (isExpression(scope) && !(typeof scope === "string" && /\.id\}$/.test(scope))) return unknown("scope", scope);
      return failed("scope", scope, "a tenant role at cluster scope covers every tenant's namespace");
    }
    return passed("scope", scope);
  },
});
