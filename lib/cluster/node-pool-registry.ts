import { IConstruct } from "constructs";
import type { ISecureCluster } from "./cluster-ref";
import type { SecureNodePool } from "./secure-node-pool";
import { invalidProp, isUnresolved } from "../util/validation";

/** What a SecureNodePool takes from its cluster beyond {@link ISecureCluster}. */
export interface ClusterNodePoolSettings {
  /**
   * True when auto-upgrade moves the cluster's version away from the one written (a patch version,
   * a plan-time version, the "stable" channel, or an unknown version): pools then ignore changes of
   * `orchestrator_version`.
   */
  readonly ignoreVersionChanges: boolean;
  /** Tags of pools that set none. */
  readonly tags?: Record<string, string>;
  /** Names of the cluster's pools that are no SecureNodePool (SecureCluster's system pool, an imported cluster's pools). */
  readonly fixedPoolNames: readonly string[];
}

/** A pool or rotation name to reserve, and the prop that sets it (for the error). */
export interface PoolNameClaim {
  readonly prop: string;
  readonly name: string;
}

/**
 * The node pools of one cluster and the names they use. AKS needs every pool name unique in a
 * cluster, and a rotation creates a pool under the temporary name, so that name must be free too.
 * One registry per cluster construct: pools created with `addNodePool` and with `new
 * SecureNodePool(scope, id, { cluster })` share it.
 */
export class NodePoolRegistry {
  private static readonly registries = new WeakMap<IConstruct, NodePoolRegistry>();

  /** Registers the settings of a cluster construct (ClusterBase does this for its subclasses). */
  public static register(cluster: IConstruct, settings: ClusterNodePoolSettings): NodePoolRegistry {
    const registry = new NodePoolRegistry(settings);
    NodePoolRegistry.registries.set(cluster, registry);
    return registry;
  }

  /**
   * The registry of `cluster`. A cluster that registered none (an ISecureCluster implemented
   * elsewhere) gets one from its interface: its `nodePoolNames` are taken, and pools ignore version
   * changes unless its version is a literal "1.N".
   */
  public static of(cluster: ISecureCluster): NodePoolRegistry {
    const registered = NodePoolRegistry.registries.get(cluster);
    if (registered) return registered;
    const version = cluster.kubernetesVersion;
    const registry = NodePoolRegistry.register(cluster, {
      ignoreVersionChanges: version === undefined || version.split(".").length === 3,
      fixedPoolNames: [...cluster.nodePoolNames],
    });
    registry.reserve(
      cluster,
      cluster.nodePoolNames.map((name) => ({ prop: "nodePoolNames", name })),
    );
    return registry;
  }

  /** The cluster's SecureNodePools, in creation order. */
  public readonly pools: SecureNodePool[] = [];
  /** Who uses each literal name: "<prop> (<construct path>)". */
  private readonly users = new Map<string, string>();

  private constructor(public readonly settings: ClusterNodePoolSettings) {}

  /** The cluster's pool names known at synth: the fixed ones, then every literal SecureNodePool name. */
  public get poolNames(): string[] {
    return [
      ...this.settings.fixedPoolNames,
      ...this.pools.map((pool) => pool.poolName).filter((n) => !isUnresolved(n)),
    ];
  }

  /**
   * Reserves pool and rotation names for `scope`, or fails naming the first one in use. Nothing is
   * reserved when one is taken, so a rejected pool leaves its names free.
   */
  public reserve(scope: IConstruct, claims: readonly PoolNameClaim[]): void {
    // Names Terraform alone knows cannot be compared at synth.
    const literal = claims.filter((claim) => !isUnresolved(claim.name));
    for (const { prop, name } of literal) {
      const user = this.users.get(name);
      if (user === undefined) continue;
      const isRotation = prop.endsWith("temporaryNameForRotation");
      invalidProp(
        scope,
        prop,
        name,
        `is already used by ${user}; AKS pool names and the temporary names used while a pool rotates must all be distinct in a cluster`,
        isRotation
          ? "set temporaryNameForRotation to a name no other pool uses"
          : "choose a name no other pool uses as its name or temporaryNameForRotation",
      );
    }
    for (const { prop, name } of literal)
      if (!this.users.has(name)) this.users.set(name, `${prop} (${scope.node.path})`);
  }

  /** Adds a created pool. */
  public add(pool: SecureNodePool): void {
    this.pools.push(pool);
  }
}
