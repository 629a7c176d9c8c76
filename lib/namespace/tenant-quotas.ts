import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { IConstruct } from "constructs";
import { Quantity, compareQuantities, parseKubernetesQuantity } from "./quantity";
import { TenantContext, namespacedMetadata } from "./tenant-context";
import { invalidProp, requireIntInRange, warnProp, withResolved } from "../util/validation";

/** ResourceQuota of the namespace (AKS-NS-02): one tenant cannot starve the others. Quantities use Kubernetes notation. */
export interface NamespaceQuotaOptions {
  /**
   * Sum of CPU requests of the namespace's pods; bounds what the scheduler reserves for the tenant (AKS-NS-02).
   *
   * @default "4" (cores)
   */
  readonly requestsCpu?: string;
  /**
   * Sum of memory requests (AKS-NS-02).
   *
   * @default "8Gi"
   */
  readonly requestsMemory?: string;
  /**
   * Sum of CPU limits; must be at least requestsCpu. A `limits.*` quota makes every pod declare
   * limits, which the LimitRange defaults supply (AKS-NS-02, NS-03).
   *
   * @default "8" (cores)
   */
  readonly limitsCpu?: string;
  /**
   * Sum of memory limits; must be at least requestsMemory (AKS-NS-02).
   *
   * @default "16Gi"
   */
  readonly limitsMemory?: string;
  /**
   * Pods in the namespace; bounds pod-IP and kubelet load one tenant can cause (AKS-NS-02).
   *
   * @default 50
   */
  readonly pods?: number;
  /**
   * PersistentVolumeClaims; each one can create a billed Azure disk (AKS-NS-02).
   *
   * @default 10
   */
  readonly persistentVolumeClaims?: number;
  /**
   * ConfigMaps in the namespace (object count, AKS-TEN-09): every object is stored in etcd and
   * watched by controllers, so an unbounded count lets one tenant degrade the API server for all.
   * Kubernetes: "Object count quota" (kubernetes.io/docs/concepts/policy/resource-quotas).
   *
   * @default 100
   */
  readonly configMaps?: number;
  /**
   * Secrets in the namespace (object count, AKS-TEN-09). Helm keeps one Secret per release
   * revision (10 by default per release), so leave room for them.
   *
   * @default 100
   */
  readonly secrets?: number;
  /**
   * Services of any type (object count, AKS-TEN-09): each one programs every node's datapath.
   *
   * @default 20
   */
  readonly services?: number;
  /**
   * Sum of the storage requested by the namespace's PersistentVolumeClaims (`requests.storage`,
   * AKS-TEN-09): bounds the Azure disks and files one tenant can have billed, beyond their count.
   *
   * @default "256Gi"
   */
  readonly requestsStorage?: string;
  /**
   * Sum of ephemeral-storage requests (`requests.ephemeral-storage`, AKS-TEN-09): node disk space
   * (emptyDir, logs, writable layers) the scheduler reserves for the tenant. Like the CPU and memory
   * quotas it makes every pod declare a request, which the LimitRange default supplies.
   *
   * @default "16Gi"
   */
  readonly requestsEphemeralStorage?: string;
  /**
   * Sum of ephemeral-storage limits (`limits.ephemeral-storage`, AKS-TEN-09); the kubelet evicts a
   * pod above its limit, so one tenant cannot fill a node's disk and get other tenants' pods
   * evicted. Must be at least requestsEphemeralStorage.
   *
   * @default "64Gi"
   */
  readonly limitsEphemeralStorage?: string;
  /**
   * Services of type LoadBalancer the tenant may create. Public exposure goes through the
   * platform's ingress, never a tenant's own load balancer (AKS-NET-10).
   *
   * @default 0
   */
  readonly loadBalancers?: number;
  /**
   * NodePort services, which open a port on every node of the cluster (AKS-NET-10).
   *
   * @default 0
   */
  readonly nodePorts?: number;
}

/** Per-container defaults and ceilings of the LimitRange (AKS-NS-03): defaultRequest ≤ defaultLimit ≤ max. */
export interface ContainerLimitOptions {
  /**
   * CPU request given to containers that declare none, so they count against the quota (AKS-NS-03).
   *
   * @default "100m"
   */
  readonly defaultRequestCpu?: string;
  /**
   * Memory request given to containers that declare none (AKS-NS-03).
   *
   * @default "128Mi"
   */
  readonly defaultRequestMemory?: string;
  /**
   * CPU limit given to containers that declare none, so the `limits.cpu` quota admits them (AKS-NS-03).
   *
   * @default "500m"
   */
  readonly defaultLimitCpu?: string;
  /**
   * Memory limit given to containers that declare none; bounds a leaking container (AKS-NS-03).
   *
   * @default "512Mi"
   */
  readonly defaultLimitMemory?: string;
  /**
   * Ephemeral-storage request given to containers that declare none, so the
   * `requests.ephemeral-storage` quota admits them (AKS-NS-03, TEN-09).
   *
   * @default "128Mi"
   */
  readonly defaultRequestEphemeralStorage?: string;
  /**
   * Ephemeral-storage limit given to containers that declare none; the kubelet evicts a container
   * that writes more (AKS-NS-03, TEN-09).
   *
   * @default "1Gi"
   */
  readonly defaultLimitEphemeralStorage?: string;
  /**
   * Largest CPU limit one container may declare (AKS-NS-03).
   *
   * @default "2" (cores)
   */
  readonly maxCpu?: string;
  /**
   * Largest memory limit one container may declare (AKS-NS-03).
   *
   * @default "4Gi"
   */
  readonly maxMemory?: string;
}

const DEFAULT_QUOTA = {
  requestsCpu: "4",
  requestsMemory: "8Gi",
  limitsCpu: "8",
  limitsMemory: "16Gi",
  requestsStorage: "256Gi",
  requestsEphemeralStorage: "16Gi",
  limitsEphemeralStorage: "64Gi",
} as const;
/** Object counts of the quota (AKS-NS-02, NET-10, TEN-09). */
const DEFAULT_COUNTS = {
  pods: 50,
  persistentVolumeClaims: 10,
  configMaps: 100,
  secrets: 100,
  services: 20,
  loadBalancers: 0,
  nodePorts: 0,
} as const;
/**
 * The priority classes Kubernetes creates for node- and cluster-critical add-ons. A pod using them
 * preempts (evicts) lower-priority pods of any namespace when a node is full
 * (kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption), and Kubernetes
 * no longer confines them to kube-system: it documents a quota scoped to them instead
 * (kubernetes.io/docs/concepts/policy/resource-quotas, "Limit Priority Class consumption by default").
 */
export const SYSTEM_PRIORITY_CLASSES = ["system-cluster-critical", "system-node-critical"] as const;

/**
 * The namespace's ResourceQuota, its system-priority quota and its LimitRange (AKS-NS-02, NS-03,
 * TEN-08, TEN-09). The resources are created with the IsolatedNamespace as their scope.
 */
export class TenantQuotas {
  /** ResourceQuota `tenant-quota`. */
  public readonly resourceQuota: ResourceQuotaV1;
  /**
   * Quota `pods: 0` scoped to the system priority classes: no tenant pod may run as
   * system-node-critical or system-cluster-critical and preempt other tenants' pods (AKS-TEN-08).
   */
  public readonly systemPriorityQuota: ResourceQuotaV1;
  /** LimitRange `tenant-limits`: container defaults and ceilings. */
  public readonly limitRange: LimitRangeV1;

  constructor(context: TenantContext, quota: NamespaceQuotaOptions = {}, containerLimits?: ContainerLimitOptions) {
    const { owner, provider } = context;
    this.resourceQuota = new ResourceQuotaV1(owner, "ResourceQuota", {
      provider,
      metadata: namespacedMetadata(context, "tenant-quota"),
      spec: {
        hard: {
          "requests.cpu": quota.requestsCpu ?? DEFAULT_QUOTA.requestsCpu,
          "requests.memory": quota.requestsMemory ?? DEFAULT_QUOTA.requestsMemory,
          "limits.cpu": quota.limitsCpu ?? DEFAULT_QUOTA.limitsCpu,
          "limits.memory": quota.limitsMemory ?? DEFAULT_QUOTA.limitsMemory,
          "requests.storage": quota.requestsStorage ?? DEFAULT_QUOTA.requestsStorage,
          "requests.ephemeral-storage": quota.requestsEphemeralStorage ?? DEFAULT_QUOTA.requestsEphemeralStorage,
          "limits.ephemeral-storage": quota.limitsEphemeralStorage ?? DEFAULT_QUOTA.limitsEphemeralStorage,
          pods: String(quota.pods ?? DEFAULT_COUNTS.pods),
          persistentvolumeclaims: String(quota.persistentVolumeClaims ?? DEFAULT_COUNTS.persistentVolumeClaims),
          configmaps: String(quota.configMaps ?? DEFAULT_COUNTS.configMaps),
          secrets: String(quota.secrets ?? DEFAULT_COUNTS.secrets),
          services: String(quota.services ?? DEFAULT_COUNTS.services),
          "services.loadbalancers": String(quota.loadBalancers ?? DEFAULT_COUNTS.loadBalancers),
          "services.nodeports": String(quota.nodePorts ?? DEFAULT_COUNTS.nodePorts),
        },
      },
    });
    // A separate quota: a scope selector narrows every key of its quota to the matching pods.
    // Tenants cannot change it: neither the edit/admin ClusterRoles nor the AKS RBAC Writer/Admin
    // roles may write resourcequotas (AKS-TEN-08).
    this.systemPriorityQuota = new ResourceQuotaV1(owner, "SystemPriorityQuota", {
      provider,
      metadata: namespacedMetadata(context, "no-system-priority"),
      spec: {
        hard: { pods: "0" },
        scopeSelector: {
          matchExpression: [{ scopeName: "PriorityClass", operator: "In", values: [...SYSTEM_PRIORITY_CLASSES] }],
        },
      },
    });
    const limits = resolvedLimits(containerLimits);
    this.limitRange = new LimitRangeV1(owner, "LimitRange", {
      provider,
      metadata: namespacedMetadata(context, "tenant-limits"),
      spec: {
        limit: [
          {
            type: "Container",
            defaultRequest: {
              cpu: limits.defaultRequestCpu,
              memory: limits.defaultRequestMemory,
              "ephemeral-storage": limits.defaultRequestEphemeralStorage,
            },
            default: {
              cpu: limits.defaultLimitCpu,
              memory: limits.defaultLimitMemory,
              "ephemeral-storage": limits.defaultLimitEphemeralStorage,
            },
            max: { cpu: limits.maxCpu, memory: limits.maxMemory },
          },
        ],
      },
    });
  }
}

/**
 * Checks `quota` and `containerLimits` of IsolatedNamespaceProps: every quantity parses as
 * Kubernetes parses it, requests stay at or below limits, and one container fits in the quota.
 */
export function validateQuotaProps(
  scope: IConstruct,
  namespaceName: string,
  quotaOptions: NamespaceQuotaOptions = {},
  containerLimits?: ContainerLimitOptions,
): void {
  const quantity = (prop: string, value: string): Quantity | undefined => {
    let parsed: Quantity | undefined;
    withResolved(value, (known) => {
      parsed = parseKubernetesQuantity(known);
      if (parsed === undefined || parsed.nanos < 0n)
        invalidProp(
          scope,
          prop,
          known,
          "is not a non-negative Kubernetes quantity",
          'use e.g. "500m", "2", "512Mi" or "4Gi" (no space; "Gi", not "GB" or "G", for memory in binary units)',
        );
    });
    return parsed;
  };
  const atMost = (lowProp: string, low: string, highProp: string, high: string, fix: string) => {
    const lowValue = quantity(lowProp, low);
    const highValue = quantity(highProp, high);
    if (lowValue !== undefined && highValue !== undefined && compareQuantities(lowValue, highValue) > 0) {
      invalidProp(scope, lowProp, low, `exceeds ${highProp} (${high})`, fix);
    }
  };
  const quota = { ...DEFAULT_QUOTA, ...definedOnly(quotaOptions) };
  const requestsFix = "keep requests at or below limits";
  atMost("quota.requestsCpu", quota.requestsCpu, "quota.limitsCpu", quota.limitsCpu, requestsFix);
  atMost("quota.requestsMemory", quota.requestsMemory, "quota.limitsMemory", quota.limitsMemory, requestsFix);
  atMost(
    "quota.requestsEphemeralStorage",
    quota.requestsEphemeralStorage,
    "quota.limitsEphemeralStorage",
    quota.limitsEphemeralStorage,
    requestsFix,
  );
  quantity("quota.requestsStorage", quota.requestsStorage);
  for (const key of Object.keys(DEFAULT_COUNTS) as (keyof typeof DEFAULT_COUNTS)[]) {
    requireIntInRange(scope, `quota.${key}`, quotaOptions[key], 0, Number.MAX_SAFE_INTEGER, {
      problem: "is not a whole number ≥ 0",
      fix: "use a count such as 0 or 10",
    });
  }
  const limits = resolvedLimits(containerLimits);
  const fix = "keep defaultRequest ≤ defaultLimit ≤ max";
  const limitPairs: [keyof ContainerLimitOptions, keyof ContainerLimitOptions][] = [
    ["defaultRequestCpu", "defaultLimitCpu"],
    ["defaultLimitCpu", "maxCpu"],
    ["defaultRequestMemory", "defaultLimitMemory"],
    ["defaultLimitMemory", "maxMemory"],
    ["defaultRequestEphemeralStorage", "defaultLimitEphemeralStorage"],
  ];
  for (const [low, high] of limitPairs) {
    atMost(`containerLimits.${low}`, limits[low], `containerLimits.${high}`, limits[high], fix);
  }
  // One container above the namespace's quota is never admitted: with the defaults no pod starts at
  // all, with max the largest container the LimitRange allows is still refused by the quota.
  const againstQuota: [keyof ContainerLimitOptions, keyof typeof DEFAULT_QUOTA][] = [
    ["defaultRequestCpu", "requestsCpu"],
    ["defaultRequestMemory", "requestsMemory"],
    ["defaultLimitCpu", "limitsCpu"],
    ["defaultLimitMemory", "limitsMemory"],
    ["maxCpu", "limitsCpu"],
    ["maxMemory", "limitsMemory"],
    ["defaultRequestEphemeralStorage", "requestsEphemeralStorage"],
    ["defaultLimitEphemeralStorage", "limitsEphemeralStorage"],
  ];
  for (const [limit, total] of againstQuota) {
    atMost(
      `containerLimits.${limit}`,
      limits[limit],
      `quota.${total}`,
      quota[total],
      `lower containerLimits.${limit} or raise quota.${total}, so that one container fits in the namespace's quota`,
    );
  }
  if (quotaOptions.pods === 0) {
    warnProp(
      scope,
      "namespace/quota-admits-no-pod",
      "quota.pods",
      0,
      `admits no pod in namespace ${namespaceName}`,
      "set quota.pods to the number of pods the tenant may run (default 50)",
    );
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function resolvedLimits(options: ContainerLimitOptions = {}): Required<ContainerLimitOptions> {
  return {
    defaultRequestCpu: options.defaultRequestCpu ?? "100m",
    defaultRequestMemory: options.defaultRequestMemory ?? "128Mi",
    defaultLimitCpu: options.defaultLimitCpu ?? "500m",
    defaultLimitMemory: options.defaultLimitMemory ?? "512Mi",
    defaultRequestEphemeralStorage: options.defaultRequestEphemeralStorage ?? "128Mi",
    defaultLimitEphemeralStorage: options.defaultLimitEphemeralStorage ?? "1Gi",
    maxCpu: options.maxCpu ?? "2",
    maxMemory: options.maxMemory ?? "4Gi",
  };
}
