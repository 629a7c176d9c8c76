import { Construct, IConstruct } from "constructs";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { invalidProp, isListToken, isUnresolved, requireTags } from "../util/validation";
import { NodePoolOptions, requirePoolName, resolveNodePool } from "./node-pool-options";
import { SecurityBaseline } from "../baseline/security-baseline";

/** Props of a user node pool added with `SecureCluster.addNodePool()`. */
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

/** What a node pool needs to know about its cluster (SecureCluster provides it). */
export interface SecureNodePoolClusterInfo {
  readonly clusterId: string;
  /** The cluster's version; undefined leaves `orchestrator_version` out (AKS uses the control plane's). */
  readonly kubernetesVersion?: string;
  /** True when the version has a patch part and auto-upgrade moves it (ignore_changes needed). */
  readonly ignoreVersionChanges: boolean;
  readonly nodeSubnetId: string;
  readonly tags?: Record<string, string>;
  /**
   * How errors name this pool's props, e.g. "userNodePool" or "addNodePool(TenantA)".
   *
   * @default - the bare field name
   */
  readonly propPrefix?: string;
  /**
   * Called with the pool's name and rotation name before the pool is created; throws on a name
   * another pool of the cluster already uses.
   *
   * @default - no cross-pool check
   */
  readonly registerPoolNames?: (
    scope: IConstruct,
    names: ReadonlyArray<{ readonly prop: string; readonly name: string }>,
  ) => void;
}

const TAINT =
  /^([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?(=[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)?:(NoSchedule|PreferNoSchedule|NoExecute)$/;

/**
 * A hardened user node pool (`azurerm_kubernetes_cluster_node_pool`, mode User): host encryption
 * (AKS-DAT-02), AzureLinux, zones, autoscaling, no node public IPs (AKS-NET-08), ephemeral OS disk
 * where the VM size allows (AKS-DAT-04), explicit max pods, upgrade settings and a rotation name.
 * Create it with `SecureCluster.addNodePool()`.
 */
export class SecureNodePool extends Construct {
  /** The node pool resource (escape hatch). */
  public readonly nodePool: KubernetesClusterNodePool;
  /** Pool name. */
  public readonly poolName: string;
  /** Resource id of the pool. */
  public readonly nodePoolId: string;

  constructor(scope: Construct, id: string, cluster: SecureNodePoolClusterInfo, props: SecureNodePoolProps) {
    super(scope, id);
    // Every stack holding our constructs is checked against the baseline at synth.
    SecurityBaseline.apply(this);
    const prefix = cluster.propPrefix ?? "";
    const p = (field: string) => (prefix ? `${prefix}.${field}` : field);
    requirePoolName(this, p("name"), props.name);
    requireTags(this, p("tags"), props.tags);
    if (!isUnresolved(props.name) && props.name === "system") {
      invalidProp(this, p("name"), props.name, "is the name of the system pool", 'choose another name, e.g. "user"');
    }
    const taints = props.nodeTaints ?? [];
    // A token for the whole list has no elements to check at synth.
    for (const taint of isListToken(taints) ? [] : taints) {
      if (isUnresolved(taint)) continue;
      if (!TAINT.test(taint)) {
        invalidProp(
          this,
          p("nodeTaints"),
          taint,
          "is not a Kubernetes taint",
          'write it as "key=value:NoSchedule" (or PreferNoSchedule/NoExecute)',
        );
      }
      if (taint.startsWith("CriticalAddonsOnly")) {
        invalidProp(
          this,
          p("nodeTaints"),
          taint,
          "reserves the pool for system add-ons",
          'use a tenant-specific key such as "tenant=team-a:NoSchedule"',
        );
      }
    }
    const pool = resolveNodePool(this, prefix, props.name, props);
    cluster.registerPoolNames?.(this, [
      { prop: p("name"), name: props.name },
      { prop: p("temporaryNameForRotation"), name: pool.temporaryNameForRotation },
    ]);
    this.poolName = props.name;

    this.nodePool = new KubernetesClusterNodePool(this, "Resource", {
      name: props.name,
      kubernetesClusterId: cluster.clusterId,
      mode: "User",
      osType: "Linux",
      osSku: "AzureLinux",
      orchestratorVersion: cluster.kubernetesVersion,
      vmSize: pool.vmSize,
      vnetSubnetId: props.vnetSubnetId ?? cluster.nodeSubnetId,
      zones: pool.zones,
      autoScalingEnabled: true,
      minCount: pool.minCount,
      maxCount: pool.maxCount,
      maxPods: pool.maxPods,
      hostEncryptionEnabled: true,
      nodePublicIpEnabled: false,
      osDiskType: pool.osDiskType,
      osDiskSizeGb: pool.osDiskSizeGb,
      temporaryNameForRotation: pool.temporaryNameForRotation,
      nodeTaints: props.nodeTaints,
      nodeLabels: props.nodeLabels,
      upgradeSettings: { maxSurge: pool.maxSurge, drainTimeoutInMinutes: pool.drainTimeoutInMinutes },
      tags: props.tags ?? cluster.tags,
      // The autoscaler owns node_count; a patch-pinned version is moved by the upgrade channel.
      lifecycle: {
        ignoreChanges: cluster.ignoreVersionChanges ? ["node_count", "orchestrator_version"] : ["node_count"],
      },
    });
    this.nodePoolId = this.nodePool.id;
  }
}
