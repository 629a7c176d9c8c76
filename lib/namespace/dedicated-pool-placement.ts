import { IConstruct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { SecureNodePool, SecureNodePoolProps } from "../cluster/secure-node-pool";
import { ISecureCluster } from "../cluster/cluster-ref";
import { TENANT_LABEL } from "../baseline/rules/workload/tenant-namespaces";
import { TENANT_TAINT_KEY } from "./tenant-guardrail-manifests";
import { TenantContext } from "./tenant-context";
import { invalidProp, isUnresolved, withResolved } from "../util/validation";

/** A pool of nodes only this tenant's pods tolerate (AKS-NS-05). Taint and label are set by IsolatedNamespace. */
export type DedicatedNodePoolOptions = Omit<SecureNodePoolProps, "nodeTaints" | "nodeLabels">;

/** Toleration and node selector tenant pods need to land on the tenant's dedicated pool. */
export interface SchedulingGuidance {
  /** Add to the pod spec's `tolerations`. */
  readonly toleration: {
    readonly key: string;
    readonly operator: "Equal";
    readonly value: string;
    readonly effect: "NoSchedule";
  };
  /** Add to the pod spec's `nodeSelector`, so the pods do not land on shared nodes either. */
  readonly nodeSelector: Record<string, string>;
}

/**
 * The tenant's dedicated pool (AKS-NS-05): a user pool added to the cluster (any ISecureCluster, so
 * also one from `SecureCluster.fromClusterAttributes`), tainted `tenant=<namespace>:NoSchedule` and
 * labelled with the tenant, and how pods get onto it. The pool is the cluster's child with id
 * `<namespace construct id>Pool`; the output is the IsolatedNamespace's child.
 */
export class DedicatedPoolPlacement {
  /** The pool. */
  public readonly nodePool: SecureNodePool;
  /** How pods reach the pool. */
  public readonly schedulingGuidance: SchedulingGuidance;
  /** The scheduling guidance as a Terraform output (JSON), in the namespace's stack. */
  public readonly schedulingOutput: TerraformOutput;

  constructor(context: TenantContext, pool: DedicatedNodePoolOptions) {
    const name = context.namespaceName;
    this.nodePool = context.cluster.addNodePool(`${context.owner.node.id}Pool`, {
      ...pool,
      nodeTaints: [`${TENANT_TAINT_KEY}=${name}:NoSchedule`],
      nodeLabels: { [TENANT_LABEL]: name },
    });
    this.schedulingGuidance = {
      toleration: { key: TENANT_TAINT_KEY, operator: "Equal", value: name, effect: "NoSchedule" },
      nodeSelector: { [TENANT_LABEL]: name },
    };
    // In the tenant's stack, so whoever deploys workloads reads it with `terraform output`.
    this.schedulingOutput = new TerraformOutput(context.owner, "SchedulingGuidance", {
      description: `Pod spec fields that schedule pods of namespace ${name} onto its dedicated node pool (and only there)`,
      value: JSON.stringify({
        tolerations: [this.schedulingGuidance.toleration],
        nodeSelector: this.schedulingGuidance.nodeSelector,
      }),
    });
  }
}

/**
 * Checks `dedicatedNodePool` of IsolatedNamespaceProps against the cluster: the taint and label need
 * a name the cluster's stack can read, the pool name must be free, and the pool needs a subnet.
 */
export function validateDedicatedPool(
  scope: IConstruct,
  cluster: ISecureCluster,
  namespaceName: string,
  pool: DedicatedNodePoolOptions | undefined,
): void {
  if (pool === undefined) return;
  const stack = TerraformStack.of(scope);
  const clusterStack = TerraformStack.of(cluster);
  if (isUnresolved(namespaceName) && clusterStack !== stack) {
    invalidProp(
      scope,
      "name",
      namespaceName,
      `is known only in stack ${stack.node.path}, but the dedicated pool's taint and label are written in the cluster's stack ${clusterStack.node.path} (a reference backwards, which cdktf reports as a circular dependency)`,
      "give a namespace with a dedicated pool a literal name, or declare it in the cluster's stack",
    );
  }
  withResolved(pool.name, (poolName) => {
    if (cluster.nodePoolNames.includes(poolName)) {
      invalidProp(
        scope,
        "dedicatedNodePool.name",
        poolName,
        "is already a node pool of the cluster",
        "choose a pool name no other pool or tenant uses (1-12 lower-case letters and digits)",
      );
    }
  });
  if (pool.vnetSubnetId === undefined && cluster.nodeSubnetId === undefined) {
    invalidProp(
      scope,
      "dedicatedNodePool.vnetSubnetId",
      undefined,
      `is required: the node subnet of cluster ${cluster.node.path} is unknown (a cluster imported without nodeSubnetId)`,
      "pass dedicatedNodePool.vnetSubnetId, or nodeSubnetId in the cluster's attributes",
    );
  }
}
