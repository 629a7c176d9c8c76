import { Construct, IConstruct } from "constructs";
import { Fn, TerraformStack } from "cdktf";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ISecureCluster } from "../cluster/cluster-ref";
import { SecureAksValidationError, isUnresolved } from "../util/validation";
import { AzureRoles } from "../util/azure-roles";

/** Who asked for a group's Cluster User Role: named in the error when two stacks ask for the same one. */
export interface ClusterUserRequest {
  /** Construct path of the requester (an IsolatedNamespace). */
  readonly path: string;
  /** The requester's prop that lists the group, e.g. "accessGroups.readers[0]". */
  readonly prop: string;
  /**
   * Construct id suffix used when the group id is a token (a token cannot be part of an id); must
   * be unique within the stack, e.g. "team-a-readers-0".
   */
  readonly tokenKey: string;
}

interface Grant {
  readonly group: string;
  readonly request: ClusterUserRequest;
  readonly assignment: RoleAssignment;
}

const ROLE = AzureRoles.aksClusterUser.name;
/** Every ClusterUserAccess of a cluster, across stacks, for the duplicate check. */
const BY_CLUSTER = new WeakMap<IConstruct, ClusterUserAccess[]>();

/**
 * The "Azure Kubernetes Service Cluster User Role" assignments (cluster scope) that one stack makes
 * for one cluster: one per Entra group, however many namespaces of that cluster give the group
 * access. Azure allows a role only once per principal and scope (a second assignment fails with
 * RoleAssignmentExists), so namespaces share this per-stack, per-cluster singleton. The role only
 * lets a group fetch a kubeconfig (`az aks get-credentials`); it grants no Kubernetes permission.
 *
 * Get it with {@link ClusterUserAccess.of}. Two stacks granting the same group on the same cluster
 * fail when the second namespace is constructed (each would create the same assignment), so no
 * stack's cdk.tf.json is written.
 */
export class ClusterUserAccess extends Construct {
  /** The stack's singleton for `cluster`, created on first use (a child of the stack of `scope`). */
  public static of(scope: IConstruct, cluster: ISecureCluster): ClusterUserAccess {
    const stack = TerraformStack.of(scope);
    // The id is derived from the cluster's path only, so it is the same whichever namespace asks first.
    const id = `ClusterUserRole-${cluster.node.path.replace(/\//g, "-")}`;
    const existing = stack.node.tryFindChild(id);
    if (existing instanceof ClusterUserAccess) return existing;
    return new ClusterUserAccess(stack, id, cluster);
  }

  public readonly cluster: ISecureCluster;
  /** The assignments, in the order they were first requested. */
  public readonly roleAssignments: RoleAssignment[] = [];
  private readonly grants = new Map<string, Grant>();

  private constructor(scope: Construct, id: string, cluster: ISecureCluster) {
    super(scope, id);
    this.cluster = cluster;
    const siblings = BY_CLUSTER.get(cluster) ?? [];
    siblings.push(this);
    BY_CLUSTER.set(cluster, siblings);
  }

  /**
   * The Cluster User Role assignment of `group` (an Entra group object id, lower-cased here: Entra
   * returns object ids in lower case, and the same group in two cases is one principal). Returns
   * the existing assignment when the group was already granted from this stack.
   */
  public grant(group: string, request: ClusterUserRequest): RoleAssignment {
    // A token cannot be compared with literals; the same token (same expression) is still one group.
    const key = isUnresolved(group) ? group : group.toLowerCase();
    const existing = this.grants.get(key);
    if (existing) return existing.assignment;
    if (!isUnresolved(key)) this.rejectGrantInOtherStack(key, request);
    const assignment = new RoleAssignment(
      this,
      isUnresolved(group) ? `ClusterUser-${request.tokenKey}` : `ClusterUser-${key}`,
      {
        scope: this.cluster.clusterId,
        roleDefinitionName: ROLE,
        principalId: isUnresolved(group) ? Fn.lower(group) : key,
        principalType: "Group",
      },
    );
    this.grants.set(key, { group: key, request, assignment });
    this.roleAssignments.push(assignment);
    return assignment;
  }

  /**
   * Fails at once, while the second namespace is constructed, when another stack already assigns
   * this group's role on the same cluster: a check at synth would run only when this stack is
   * synthesized, after the earlier stacks' cdk.tf.json were written.
   */
  private rejectGrantInOtherStack(key: string, request: ClusterUserRequest): void {
    const stack = TerraformStack.of(this);
    for (const other of BY_CLUSTER.get(this.cluster) ?? []) {
      const otherStack = TerraformStack.of(other);
      if (other === this || otherStack === stack) continue;
      const twin = other.grants.get(key);
      if (!twin) continue;
      throw new SecureAksValidationError(
        request.path,
        request.prop,
        key,
        `the ${ROLE} of this group on cluster ${this.cluster.node.path} is also assigned from stack ${otherStack.node.path} (for ${twin.request.path}), and Azure rejects the second assignment (RoleAssignmentExists)`,
        `declare the namespaces of cluster ${this.cluster.node.path} that give this group access in one stack`,
      );
    }
  }
}
