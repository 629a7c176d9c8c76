import { IConstruct } from "constructs";
import { Fn } from "cdktf";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { ClusterUserAccess } from "./cluster-user-access";
import { TenantRoles } from "./tenant-roles";
import { TENANT_ADMIN, TENANT_WRITER, kubernetesRoleRules } from "./tenant-access-levels";
import { TenantContext, namespacedMetadata } from "./tenant-context";
import { AzureRoles } from "../util/azure-roles";
import { invalidProp, isUnresolved, requireUuid, withResolved } from "../util/validation";

/** Entra groups that get access to the namespace (object ids). Nobody gets cluster-admin (AKS-IAM-06/07). */
export interface NamespaceAccessGroups {
  /**
   * Read-only access: the built-in Azure Kubernetes Service RBAC Reader at namespace scope (Azure
   * RBAC), or the `view` ClusterRole bound in the namespace (AKS-IAM-06/07). Readers see workloads,
   * ConfigMaps, Services, NetworkPolicies, quotas and events; they cannot read Secrets, Roles or
   * RoleBindings, and write nothing.
   *
   * @default []
   */
  readonly readers?: string[];
  /**
   * Read/write of workloads: the custom role "AKS tenant namespace Writer (<rg>/<cluster>)" at
   * namespace scope (Azure RBAC; see {@link TenantRoles}), or the namespace's Role `tenant-writer`.
   * Writers create, change and delete Deployments, StatefulSets, DaemonSets, Jobs, Pods (exec,
   * port-forward), Services, Ingresses, ConfigMaps, Secrets, ServiceAccounts, PVCs, PDBs, HPAs and
   * leases. They can read Secrets and run pods as any ServiceAccount of the namespace, so they hold
   * every workload identity of it. They cannot write NetworkPolicies, Endpoints, LimitRanges,
   * ResourceQuotas, Roles, RoleBindings or custom resources (CiliumNetworkPolicies included), nor
   * anything cluster-scoped (AKS-IAM-06/07, TEN-06).
   *
   * @default []
   */
  readonly writers?: string[];
  /**
   * Namespace admins: the custom role "AKS tenant namespace Admin (<rg>/<cluster>)" (Azure RBAC), or
   * the namespace's Role `tenant-admin`: everything a Writer may do, plus reading the namespace's
   * Roles and RoleBindings. Admins cannot grant access to anyone (no RoleBinding writes, no
   * `bind`/`escalate`): more groups are added by the platform through accessGroups. They cannot
   * change the ResourceQuota, LimitRange or NetworkPolicies either (AKS-IAM-06/07, TEN-06).
   *
   * @default []
   */
  readonly admins?: string[];
}

const KINDS = ["readers", "writers", "admins"] as const;

/**
 * Access of the namespace's Entra groups (AKS-IAM-06/07, TEN-06): namespace-scoped Azure role
 * assignments (clusters with Azure RBAC) or RoleBindings to the namespace's Roles (Kubernetes RBAC),
 * plus the Cluster User Role of each group, shared per stack and cluster ({@link ClusterUserAccess}).
 * The namespace's resources are created with the IsolatedNamespace as their scope.
 */
export class TenantAccess {
  /**
   * Azure RBAC assignments: namespace-scoped roles (Azure RBAC clusters) and the Cluster User Role
   * assignments of this namespace's groups (shared with other namespaces of the cluster in the stack).
   */
  public readonly roleAssignments: RoleAssignment[] = [];
  /** Kubernetes RoleBindings (clusters without Azure RBAC). */
  public readonly roleBindings: RoleBindingV1[] = [];
  /** The namespace's tenant-writer and tenant-admin Roles (clusters without Azure RBAC, when groups use them). */
  public readonly roles: RoleV1[] = [];
  private readonly context: TenantContext;

  constructor(context: TenantContext, groups: NamespaceAccessGroups = {}) {
    this.context = context;
    const { owner, cluster, namespaceName } = context;
    // Readers get the built-in read-only role; Writers and Admins get the tenant levels of
    // tenant-access-levels.ts, which cannot write NetworkPolicies, LimitRanges, ResourceQuotas,
    // Endpoints or RBAC (AKS-TEN-06): as custom Azure roles (Azure RBAC) or namespaced Roles.
    const levels: [keyof NamespaceAccessGroups, "view" | "writer" | "admin"][] = [
      ["readers", "view"],
      ["writers", "writer"],
      ["admins", "admin"],
    ];
    // Construct ids use the object id; a group id that is a token (e.g. from an azuread data
    // source) cannot be part of an id, so its position is used instead. Entra ID writes object ids
    // into tokens in lower case and RoleBinding subjects match exactly, so every use is lower-cased.
    const clusterUsers = new Map<string, { group: string; prop: string; tokenKey: string }>();
    for (const [kind, level] of levels) {
      for (const [index, given] of (groups[kind] ?? []).entries()) {
        const token = isUnresolved(given);
        const group = token ? Fn.lower(given) : given.toLowerCase();
        const key = token ? `${kind}-${index}` : `${kind}-${group}`;
        const normalized = token ? given : group;
        if (!clusterUsers.has(normalized))
          clusterUsers.set(normalized, {
            group: token ? given : group,
            prop: `accessGroups.${kind}[${index}]`,
            tokenKey: `${owner.node.path.replace(/\//g, "-")}-${kind}-${index}`,
          });
        if (cluster.azureRbacEnabled) {
          const custom = level === "view" ? undefined : TenantRoles.of(cluster)[level];
          this.roleAssignments.push(
            new RoleAssignment(owner, `Rbac-${key}`, {
              scope: `${cluster.clusterId}/namespaces/${namespaceName}`,
              ...(custom
                ? { roleDefinitionId: custom.roleDefinitionResourceId }
                : { roleDefinitionName: AzureRoles.aksRbacReader.name }),
              principalId: group,
              principalType: "Group",
            }),
          );
        } else {
          // view: the built-in read-only ClusterRole; writer/admin: this namespace's Roles. Never
          // edit, admin or cluster-admin (AKS-IAM-07, TEN-06).
          const roleRef =
            level === "view"
              ? { kind: "ClusterRole", name: "view" }
              : { kind: "Role", name: this.kubernetesRole(level).metadata.name };
          this.roleBindings.push(
            new RoleBindingV1(owner, `Binding-${key}`, {
              provider: context.provider,
              metadata: namespacedMetadata(context, `tenant-${kind}-${group}`),
              roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef },
              subject: [{ kind: "Group", name: group, apiGroup: "rbac.authorization.k8s.io" }],
            }),
          );
        }
      }
    }
    // Fetching a kubeconfig (az aks get-credentials) needs the Cluster User Role at cluster scope in
    // both authorization modes; it grants no Kubernetes permission by itself. Azure allows it once
    // per group and cluster, so the stack's ClusterUserAccess owns it.
    const access = ClusterUserAccess.of(owner, cluster);
    for (const { group, prop, tokenKey } of [...clusterUsers.values()].sort((a, b) =>
      a.group < b.group ? -1 : a.group > b.group ? 1 : 0,
    )) {
      this.roleAssignments.push(access.grant(group, { path: owner.node.path, prop, tokenKey }));
    }
  }

  /** The namespace's Role of a tenant level (clusters with Kubernetes RBAC), created on first use. */
  private kubernetesRole(level: "writer" | "admin"): RoleV1 {
    const existing = this.roles.find((role) => role.node.id === `Role-${level}`);
    if (existing) return existing;
    const role = new RoleV1(this.context.owner, `Role-${level}`, {
      provider: this.context.provider,
      metadata: namespacedMetadata(this.context, `tenant-${level}`),
      rule: kubernetesRoleRules(level === "writer" ? TENANT_WRITER : TENANT_ADMIN),
    });
    this.roles.push(role);
    return role;
  }
}

/** Checks `accessGroups` of IsolatedNamespaceProps: Entra object ids, each listed once per level. */
export function validateAccessGroups(scope: IConstruct, groups: NamespaceAccessGroups = {}): void {
  for (const kind of KINDS) {
    const seen = new Set<string>();
    (groups[kind] ?? []).forEach((group, index) => {
      requireUuid(scope, `accessGroups.${kind}[${index}]`, group, "Entra group object id");
      withResolved(group, (known) => {
        // Object ids are case-insensitive; a repeated group would create the same assignment twice.
        if (seen.has(known.toLowerCase()))
          invalidProp(
            scope,
            `accessGroups.${kind}[${index}]`,
            known,
            `is listed twice in accessGroups.${kind}`,
            "list each group once",
          );
        seen.add(known.toLowerCase());
      });
    });
  }
}
