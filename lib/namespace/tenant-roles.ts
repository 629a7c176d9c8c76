import { Construct } from "constructs";
import { Fn, TerraformStack } from "cdktf";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { ISecureCluster } from "../cluster/cluster-ref";
import { isUnresolved } from "../util/validation";
import { TENANT_ADMIN, TENANT_WRITER, azureDataActions } from "./tenant-access-levels";

/** The control-plane actions the built-in Writer and Admin carry (reading role assignments, subscriptions and resource groups). */
const ACTIONS = [
  "Microsoft.Authorization/*/read",
  "Microsoft.Resources/subscriptions/operationresults/read",
  "Microsoft.Resources/subscriptions/read",
  "Microsoft.Resources/subscriptions/resourceGroups/read",
];

/**
 * The custom Azure roles tenants of one cluster get at namespace scope when the cluster uses Azure
 * RBAC for Kubernetes authorization (AKS-TEN-06): "tenant Writer" and "tenant Admin", see
 * tenant-access-levels.ts for what they allow and why. Readers keep the built-in RBAC Reader, which
 * writes nothing.
 *
 * One pair per cluster, created in the cluster's own stack the first time a namespace asks (so two
 * tenant stacks share it, and a tenant stack only reads its id). Custom role names are unique in an
 * Entra tenant, so the names carry the cluster's resource group and name. The definitions are
 * assignable in the cluster's subscription; an assignment scoped to `<cluster id>/namespaces/<ns>`
 * is what limits them to one namespace (manage-azure-rbac.md, "Create custom roles definitions").
 */
export class TenantRoles extends Construct {
  /** The cluster's pair, created on first use in the cluster's stack. */
  public static of(cluster: ISecureCluster): TenantRoles {
    const stack = TerraformStack.of(cluster);
    const id = `TenantRoles-${cluster.node.path.replace(/\//g, "-")}`;
    const existing = stack.node.tryFindChild(id);
    if (existing instanceof TenantRoles) return existing;
    return new TenantRoles(stack, id, cluster);
  }

  /** Built-in Writer minus NetworkPolicy and Endpoints writes. */
  public readonly writer: RoleDefinition;
  /** The tenant Writer plus reading Roles and RoleBindings; no RBAC, quota, LimitRange or NetworkPolicy writes. */
  public readonly admin: RoleDefinition;

  private constructor(scope: Construct, id: string, cluster: ISecureCluster) {
    super(scope, id);
    const subscription = subscriptionOf(cluster.clusterId);
    const define = (defId: string, level: string, description: string, dataActions: string[]) =>
      new RoleDefinition(this, defId, {
        name: `AKS tenant namespace ${level} (${cluster.resourceGroupName}/${cluster.clusterName})`,
        scope: subscription,
        assignableScopes: [subscription],
        description,
        permissions: [{ actions: ACTIONS, dataActions, notActions: [], notDataActions: [] }],
      });
    this.writer = define(
      "Writer",
      "Writer",
      "Read/write of workloads in one namespace of the cluster, like Azure Kubernetes Service RBAC Writer, but NetworkPolicies and Endpoints are read-only: the platform owns the namespace's isolation (cdktf-secure-aks AKS-TEN-06).",
      azureDataActions(TENANT_WRITER),
    );
    this.admin = define(
      "Admin",
      "Admin",
      "The tenant Writer plus reading Roles and RoleBindings of the namespace. No writes of RBAC, ResourceQuotas, LimitRanges, NetworkPolicies, Endpoints or custom resources (cdktf-secure-aks AKS-TEN-06).",
      azureDataActions(TENANT_ADMIN),
    );
  }
}

/** `/subscriptions/<id>` of a resource id, at synth when literal, else with Terraform functions. */
function subscriptionOf(resourceId: string): string {
  if (!isUnresolved(resourceId)) {
    const match = /^(\/subscriptions\/[^/]+)/i.exec(resourceId);
    if (match) return match[1];
  }
  return Fn.join("/", Fn.slice(Fn.split("/", resourceId), 0, 3));
}
