import { Construct } from "constructs";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { invalidProp, isListToken, requireTags, withResolved } from "../util/validation";
import type { ISecureCluster } from "./cluster-ref";
import { NodePoolRegistry } from "./node-pool-registry";
import { NodePoolOptions, hardenedNodePoolAttributes, requirePoolName, resolveNodePool } from "./node-pool-options";
import { SecurityBaseline } from "../baseline/security-baseline";

/** Settings of a user node pool, as `addNodePool(id, props)` takes them. */
export interface SecureNodePoolProps extends NodePoolOptions {
  /**
   * Pool name (Linux: 1-12 lower-case letters and digits, starting with a letter). ForceNew.
   */
  readonly name: string;

  /**
   * Taints, e.g. ["tenant=team-a:NoSchedule"], so only pods that tolerate them land here (AKS-NS-05).
   * A taint is not a security boundary on its own: admission policy must stop other tenants from
   * adding the toleration. A token for the whole list is passed through unchecked.
   *
   * @default - none
   */
  readonly nodeTaints?: string[];

  /**
   * Node labels for node selectors / affinity (AKS-NS-05).
   *
   * @default - none
   */
  readonly nodeLabels?: Record<string, string>;

  /**
   * Subnet of the pool's nodes.
   *
   * @default - the cluster's node subnet
   */
  readonly vnetSubnetId?: string;

  /**
   * Tags of the pool.
   *
   * @default - the cluster's tags
   */
  readonly tags?: Record<string, string>;
}

/** Props of {@link SecureNodePool}: the pool's settings and the cluster it joins. */
export interface SecureNodePoolConstructProps extends SecureNodePoolProps {
  /**
   * The cluster of the pool: a SecureCluster, or one from `SecureCluster.fromClusterAttributes`.
   * The pool is pinned to its version, defaults to its node subnet and tags, and its name and
   * rotation name must differ from every other pool's of the cluster.
   */
  readonly cluster: ISecureCluster;
  /**
   * How errors name this pool's props, e.g. "userNodePool" (SecureCluster's default user pool) or
   * "addNodePool(TenantA)" (`addNodePool`).
   *
   * @default - the bare field name ("name", "maxSurge"...)
   */
  readonly propPrefix?: string;
}

const TAINT =
  /^([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?(=[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)?:(NoSchedule|PreferNoSchedule|NoExecute)$/;

/**
 * A hardened user node pool (`azurerm_kubernetes_cluster_node_pool`, mode User) with the settings
 * every pool of the cluster gets (`hardenedNodePoolAttributes()` in node-pool-options.ts): host encryption (AKS-DAT-02),
 * AzureLinux, zones, autoscaling, no node public IPs (AKS-NET-08), ephemeral OS disk where the VM
 * size allows (AKS-DAT-04), explicit max pods, upgrade settings and a rotation name. Create it with
 * `cluster.addNodePool(id, props)` or `new SecureNodePool(scope, id, { cluster, ...props })`.
 */
export class SecureNodePool extends Construct {
  /** The node pool resource (escape hatch). */
  public readonly nodePool: KubernetesClusterNodePool;
  /** Pool name. */
  public readonly poolName: string;
  /** Resource id of the pool. */
  public readonly nodePoolId: string;

  constructor(scope: Construct, id: string, props: SecureNodePoolConstructProps) {
    super(scope, id);
    // Every stack holding our constructs is checked against the baseline at synth.
    SecurityBaseline.apply(this);
    const { cluster } = props;
    const registry = NodePoolRegistry.of(cluster);
    const prefix = props.propPrefix ?? "";
    const p = (field: string) => (prefix ? `${prefix}.${field}` : field);
    requirePoolName(this, p("name"), props.name);
    requireTags(this, p("tags"), props.tags);
    withResolved(props.name, (name) => {
      if (name === "system")
        invalidProp(this, p("name"), name, "is the name of the system pool", 'choose another name, e.g. "user"');
    });
    const taints = props.nodeTaints ?? [];
    // A token for the whole list has no elements to check at synth.
    for (const taint of isListToken(taints) ? [] : taints) {
      withResolved(taint, (literal) => {
        if (!TAINT.test(literal)) {
          invalidProp(
            this,
            p("nodeTaints"),
            literal,
            "is not a Kubernetes taint",
            'write it as "key=value:NoSchedule" (or PreferNoSchedule/NoExecute)',
          );
        }
        if (literal.startsWith("CriticalAddonsOnly")) {
          invalidProp(
            this,
            p("nodeTaints"),
            literal,
            "reserves the pool for system add-ons",
            'use a tenant-specific key such as "tenant=team-a:NoSchedule"',
          );
        }
      });
    }
    const vnetSubnetId = props.vnetSubnetId ?? cluster.nodeSubnetId;
    if (vnetSubnetId === undefined) {
      invalidProp(
        this,
        p("vnetSubnetId"),
        undefined,
        "is required: the cluster's node subnet is unknown",
        "pass vnetSubnetId, or nodeSubnetId in the cluster's attributes",
      );
    }
    const pool = resolveNodePool(this, prefix, props.name, props);
    registry.reserve(this, [
      { prop: p("name"), name: props.name },
      { prop: p("temporaryNameForRotation"), name: pool.temporaryNameForRotation },
    ]);
    this.poolName = props.name;

    this.nodePool = new KubernetesClusterNodePool(this, "Resource", {
      name: props.name,
      kubernetesClusterId: cluster.clusterId,
      mode: "User",
      osType: "Linux",
      ...hardenedNodePoolAttributes(pool, { orchestratorVersion: cluster.kubernetesVersion, vnetSubnetId }),
      nodeTaints: props.nodeTaints,
      nodeLabels: props.nodeLabels,
      tags: props.tags ?? registry.settings.tags,
      // The autoscaler owns node_count; a patch-pinned version is moved by the upgrade channel.
      lifecycle: {
        ignoreChanges: registry.settings.ignoreVersionChanges ? ["node_count", "orchestrator_version"] : ["node_count"],
      },
    });
    this.nodePoolId = this.nodePool.id;
    registry.add(this);
  }
}
