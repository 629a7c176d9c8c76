import { Construct, IConstruct } from "constructs";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NetworkPolicyV1, NetworkPolicyV1SpecEgressTo } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { DefaultServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/default-service-account-v1";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ISecureClusterRef } from "../cluster/cluster-ref";
import { SecureCluster } from "../cluster/secure-cluster";
import { SecureNodePool, SecureNodePoolProps } from "../cluster/secure-node-pool";
import { SecurityBaseline } from "../baseline/security-baseline";
import { ITenantNamespace, TenantWorkloadIdentity } from "./tenant-namespace-ref";
import { parseQuantity } from "./quantity";
import { invalidProp, isDns1123Label, isUnresolved, requireUuid } from "../util/validation";
import { requireIpv4Cidr } from "../util/cidr";
// The baseline's definition of a system namespace is the one tenants must not take.
import { SYSTEM_NAMESPACES, TRUST_LEVEL_LABEL } from "../baseline/rules/workload/tenant-namespaces";

/**
 * How far a tenant is trusted. The topologies place tenants by it: "trusted" shares nodes,
 * "restricted" gets a dedicated node pool, "hostile" gets its own cluster (AKS-TEN-01).
 */
export type TenantTrustLevel = "trusted" | "restricted" | "hostile";

/** Label recording a namespace's tenant; baseline rules and admission policies read it. */
export const TENANT_LABEL = "cdktf-secure-aks/tenant";
/** Label recording a namespace's trust level (AKS-TEN-01 reads it). */
export { TRUST_LEVEL_LABEL };

/** ResourceQuota of the namespace (AKS-NS-02). Quantities use Kubernetes notation. */
export interface NamespaceQuotaOptions {
  /** @default "4" (cores) */
  readonly requestsCpu?: string;
  /** @default "8Gi" */
  readonly requestsMemory?: string;
  /** @default "8" (cores) */
  readonly limitsCpu?: string;
  /** @default "16Gi" */
  readonly limitsMemory?: string;
  /** @default 50 */
  readonly pods?: number;
  /** @default 10 */
  readonly persistentVolumeClaims?: number;
  /**
   * Services of type LoadBalancer the tenant may create. Public exposure goes through the
   * platform's ingress, never a tenant's own load balancer (AKS-NET-10).
   *
   * @default 0
   */
  readonly loadBalancers?: number;
  /**
   * NodePort services (open a port on every node) (AKS-NET-10).
   *
   * @default 0
   */
  readonly nodePorts?: number;
}

/** Per-container defaults and ceilings of the LimitRange (AKS-NS-03). */
export interface ContainerLimitOptions {
  /** @default "100m" */
  readonly defaultRequestCpu?: string;
  /** @default "128Mi" */
  readonly defaultRequestMemory?: string;
  /** @default "500m" */
  readonly defaultLimitCpu?: string;
  /** @default "512Mi" */
  readonly defaultLimitMemory?: string;
  /** @default "2" (cores) */
  readonly maxCpu?: string;
  /** @default "4Gi" */
  readonly maxMemory?: string;
}

/** A destination tenant pods may reach outside the cluster. */
export interface EgressDestination {
  /** IPv4 block, e.g. "10.50.0.0/24". */
  readonly cidr: string;
  /** TCP ports; all ports when empty. */
  readonly tcpPorts?: number[];
}

/** A workload identity of the tenant (AKS-IAM-10). */
export interface WorkloadIdentityOptions {
  /** ServiceAccount the identity is federated to (DNS-1123 subdomain). */
  readonly serviceAccountName: string;
  /**
   * Name of the user-assigned identity.
   *
   * @default "id-<namespace>-<serviceAccountName>"
   */
  readonly identityName?: string;
}

/** Entra groups that get access to the namespace (object ids). Nobody gets cluster-admin (AKS-IAM-06/07). */
export interface NamespaceAccessGroups {
  /** Read-only access. @default [] */
  readonly readers?: string[];
  /** Read/write access to workloads (can read Secrets). @default [] */
  readonly writers?: string[];
  /** Namespace admins (can manage Roles and RoleBindings in the namespace). @default [] */
  readonly admins?: string[];
}

/** A pool of nodes only this tenant's pods tolerate (AKS-NS-05). */
export type DedicatedNodePoolOptions = Omit<SecureNodePoolProps, "nodeTaints" | "nodeLabels">;

/** Toleration and node selector tenant pods need to land on the tenant's dedicated pool. */
export interface SchedulingGuidance {
  readonly toleration: { readonly key: string; readonly operator: "Equal"; readonly value: string; readonly effect: "NoSchedule" };
  readonly nodeSelector: Record<string, string>;
}

/** Props of {@link IsolatedNamespace}. */
export interface IsolatedNamespaceProps {
  /** The shared cluster. */
  readonly cluster: ISecureClusterRef;
  /** Namespace name: a DNS-1123 label, not a system namespace. */
  readonly name: string;
  /**
   * Kubernetes provider of the cluster (usually `cluster.kubernetesProvider(tenantStack, ...)`).
   *
   * @default - the stack's default kubernetes provider
   */
  readonly provider?: KubernetesProvider;
  /**
   * Trust level, recorded as a label. A "hostile" tenant belongs in its own cluster (AKS-TEN-01):
   * the baseline fails a hostile namespace that shares a cluster unless a suppression says why.
   *
   * @default "trusted"
   */
  readonly trustLevel?: TenantTrustLevel;
  /**
   * Pod Security Standards version pinned on the PSA labels (AKS-POD-01), "v1.N" or "latest".
   * Pinning keeps a cluster upgrade from tightening or loosening the policy unannounced.
   *
   * @default "v1.33"
   */
  readonly podSecurityVersion?: string;
  /** @default - see NamespaceQuotaOptions */
  readonly quota?: NamespaceQuotaOptions;
  /** @default - see ContainerLimitOptions */
  readonly containerLimits?: ContainerLimitOptions;
  /**
   * Namespaces whose pods may open connections to this tenant (e.g. the ingress controller's).
   * Everything else is denied (AKS-NET-06).
   *
   * @default [] (only pods of this namespace)
   */
  readonly allowIngressFromNamespaces?: string[];
  /**
   * Destinations outside the cluster tenant pods may reach. DNS to kube-system and traffic inside
   * the namespace are always allowed; everything else is denied (AKS-NET-06).
   *
   * @default []
   */
  readonly allowEgressTo?: EgressDestination[];
  /** @default - no group access */
  readonly accessGroups?: NamespaceAccessGroups;
  /** @default [] */
  readonly workloadIdentities?: WorkloadIdentityOptions[];
  /**
   * A dedicated, tainted user pool for this tenant (needs a SecureCluster in the same app).
   *
   * @default - pods share the cluster's user pools
   */
  readonly dedicatedNodePool?: DedicatedNodePoolOptions;
  /**
   * Resource group of the tenant's Azure identities.
   *
   * @default - the cluster's resource group
   */
  readonly identityResourceGroupName?: string;
  /** @default - none */
  readonly tags?: Record<string, string>;
}

/** Options of {@link IsolatedNamespace.addPodDisruptionBudget}. */
export interface PodDisruptionBudgetOptions {
  /** Labels selecting the pods. */
  readonly matchLabels: Record<string, string>;
  /** Pods that may be down at once, a count or percentage; at least 1. @default "1" */
  readonly maxUnavailable?: string;
  /** Alternative to maxUnavailable; must leave room for one eviction. @default - unset */
  readonly minAvailable?: string;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PSS_VERSION = /^(latest|v1\.[0-9]+)$/;
const NAMESPACES_BY_CLUSTER = new WeakMap<IConstruct, IsolatedNamespace[]>();

/**
 * One tenant inside a shared cluster (logical isolation): a namespace with Pod Security
 * "restricted", quota and limits, default-deny network policies, namespace-scoped access for Entra
 * groups, and one workload identity per ServiceAccount.
 */
export class IsolatedNamespace extends Construct implements ITenantNamespace {
  public readonly namespaceName: string;
  public readonly cluster: ISecureClusterRef;
  public readonly trustLevel: TenantTrustLevel;
  public readonly namespace: NamespaceV1;
  public readonly resourceQuota: ResourceQuotaV1;
  public readonly limitRange: LimitRangeV1;
  /** Default-deny, DNS, same-namespace and the optional allow policies, in that order. */
  public readonly networkPolicies: NetworkPolicyV1[] = [];
  public readonly defaultServiceAccount: DefaultServiceAccountV1;
  /** Azure RBAC assignments (Azure RBAC clusters). */
  public readonly roleAssignments: RoleAssignment[] = [];
  /** Kubernetes RoleBindings (clusters without Azure RBAC). */
  public readonly roleBindings: RoleBindingV1[] = [];
  public readonly serviceAccounts: ServiceAccountV1[] = [];
  public readonly federatedCredentials: FederatedIdentityCredential[] = [];
  public readonly workloadIdentities: TenantWorkloadIdentity[] = [];
  public readonly podDisruptionBudgets: PodDisruptionBudgetV1[] = [];
  /** The tenant's dedicated pool, when requested. */
  public readonly dedicatedNodePool?: SecureNodePool;
  /** How pods reach the dedicated pool; undefined without one. */
  public readonly schedulingGuidance?: SchedulingGuidance;

  private readonly provider?: KubernetesProvider;

  constructor(scope: Construct, id: string, props: IsolatedNamespaceProps) {
    super(scope, id);
    SecurityBaseline.apply(this);
    this.cluster = props.cluster;
    this.namespaceName = props.name;
    this.trustLevel = props.trustLevel ?? "trusted";
    this.provider = props.provider;
    this.validate(props);
    this.trackOnCluster();

    const name = props.name;
    const version = props.podSecurityVersion ?? "v1.33";
    const k8s = { provider: this.provider };
    this.namespace = new NamespaceV1(this, "Namespace", {
      ...k8s,
      metadata: {
        name,
        labels: {
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": version,
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/audit-version": version,
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/warn-version": version,
          [TENANT_LABEL]: name,
          [TRUST_LEVEL_LABEL]: this.trustLevel,
        },
      },
    });
    // Every namespaced object references the namespace resource, so Terraform creates it first.
    const namespace = this.namespace.metadata.name;
    const meta = (objectName: string) => ({ name: objectName, namespace });

    const quota = props.quota ?? {};
    this.resourceQuota = new ResourceQuotaV1(this, "ResourceQuota", {
      ...k8s,
      metadata: meta("tenant-quota"),
      spec: {
        hard: {
          "requests.cpu": quota.requestsCpu ?? "4",
          "requests.memory": quota.requestsMemory ?? "8Gi",
          "limits.cpu": quota.limitsCpu ?? "8",
          "limits.memory": quota.limitsMemory ?? "16Gi",
          pods: String(quota.pods ?? 50),
          persistentvolumeclaims: String(quota.persistentVolumeClaims ?? 10),
          "services.loadbalancers": String(quota.loadBalancers ?? 0),
          "services.nodeports": String(quota.nodePorts ?? 0),
        },
      },
    });
    const limits = resolvedLimits(props.containerLimits);
    this.limitRange = new LimitRangeV1(this, "LimitRange", {
      ...k8s,
      metadata: meta("tenant-limits"),
      spec: {
        limit: [
          {
            type: "Container",
            defaultRequest: { cpu: limits.defaultRequestCpu, memory: limits.defaultRequestMemory },
            default: { cpu: limits.defaultLimitCpu, memory: limits.defaultLimitMemory },
            max: { cpu: limits.maxCpu, memory: limits.maxMemory },
          },
        ],
      },
    });

    this.createNetworkPolicies(props, meta);

    // Tokens of the default ServiceAccount are never mounted (AKS-IAM-12).
    this.defaultServiceAccount = new DefaultServiceAccountV1(this, "DefaultServiceAccount", {
      ...k8s,
      metadata: { namespace },
      automountServiceAccountToken: false,
    });

    this.createAccess(props.accessGroups ?? {});
    for (const options of props.workloadIdentities ?? []) this.createWorkloadIdentity(options, props, meta);

    if (props.dedicatedNodePool) {
      const pool = props.dedicatedNodePool;
      if (!(props.cluster instanceof SecureCluster)) {
        invalidProp(this, "dedicatedNodePool", pool.name, "needs a SecureCluster to add the pool to", "pass the SecureCluster object as cluster, or create the pool yourself with a taint tenant=<namespace>:NoSchedule");
      }
      this.dedicatedNodePool = props.cluster.addNodePool(`${id}Pool`, { ...pool, nodeTaints: [`tenant=${name}:NoSchedule`], nodeLabels: { [TENANT_LABEL]: name } });
      this.schedulingGuidance = {
        toleration: { key: "tenant", operator: "Equal", value: name, effect: "NoSchedule" },
        nodeSelector: { [TENANT_LABEL]: name },
      };
    }

    props.cluster.registerTenantNamespace(name);
  }

  /** The workload identity federated to `serviceAccountName`, or undefined. */
  public workloadIdentity(serviceAccountName: string): TenantWorkloadIdentity | undefined {
    return this.workloadIdentities.find((identity) => identity.serviceAccountName === serviceAccountName);
  }

  /**
   * Adds a PodDisruptionBudget that always allows at least one eviction (AKS-NS-04): a budget
   * allowing none makes every node drain, and so every AKS upgrade, fail.
   */
  public addPodDisruptionBudget(id: string, options: PodDisruptionBudgetOptions): PodDisruptionBudgetV1 {
    const prop = `addPodDisruptionBudget(${id})`;
    if (options.maxUnavailable !== undefined && options.minAvailable !== undefined) {
      invalidProp(this, `${prop}.minAvailable`, options.minAvailable, "is set together with maxUnavailable", "set only one of them");
    }
    const maxUnavailable = options.minAvailable === undefined ? (options.maxUnavailable ?? "1") : undefined;
    if (maxUnavailable !== undefined && !isUnresolved(maxUnavailable) && /^0+%?$/.test(maxUnavailable)) {
      invalidProp(this, `${prop}.maxUnavailable`, maxUnavailable, "allows no eviction, so node drains and AKS upgrades fail", 'use at least "1" (or "10%")');
    }
    if (maxUnavailable !== undefined && !isUnresolved(maxUnavailable) && !/^([1-9][0-9]*|([1-9][0-9]?|100)%)$/.test(maxUnavailable)) {
      invalidProp(this, `${prop}.maxUnavailable`, maxUnavailable, "is not a count or a percentage", 'use e.g. "1" or "25%"');
    }
    if (options.minAvailable !== undefined && !isUnresolved(options.minAvailable) && /^100%$/.test(options.minAvailable)) {
      invalidProp(this, `${prop}.minAvailable`, options.minAvailable, "allows no eviction, so node drains and AKS upgrades fail", 'use maxUnavailable "1" instead');
    }
    if (options.minAvailable !== undefined && !isUnresolved(options.minAvailable) && !/^([0-9]+|([0-9]{1,2})%)$/.test(options.minAvailable)) {
      invalidProp(this, `${prop}.minAvailable`, options.minAvailable, "is not a count or a percentage below 100%", 'use e.g. "1" or "50%"');
    }
    if (Object.keys(options.matchLabels).length === 0) {
      invalidProp(this, `${prop}.matchLabels`, options.matchLabels, "selects every pod of the namespace", "select the pods of one workload, e.g. { app: \"web\" }");
    }
    const budget = new PodDisruptionBudgetV1(this, id, {
      provider: this.provider,
      metadata: { name: id.toLowerCase(), namespace: this.namespace.metadata.name },
      spec: { maxUnavailable, minAvailable: options.minAvailable, selector: { matchLabels: options.matchLabels } },
    });
    this.podDisruptionBudgets.push(budget);
    return budget;
  }

  private createNetworkPolicies(props: IsolatedNamespaceProps, meta: (name: string) => { name: string; namespace: string }): void {
    const k8s = { provider: this.provider };
    const policy = (id: string, name: string, spec: ConstructorParameters<typeof NetworkPolicyV1>[2]["spec"]) =>
      this.networkPolicies.push(new NetworkPolicyV1(this, id, { ...k8s, metadata: meta(name), spec }));
    // Selects every pod and allows nothing: the baseline every allow rule below adds to (AKS-NET-06).
    policy("DefaultDeny", "default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    policy("AllowDns", "allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
          ports: [
            { port: "53", protocol: "UDP" },
            { port: "53", protocol: "TCP" },
          ],
        },
      ],
    });
    policy("AllowSameNamespace", "allow-same-namespace", {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });
    const fromNamespaces = [...new Set(props.allowIngressFromNamespaces ?? [])].sort();
    if (fromNamespaces.length > 0) {
      policy("AllowIngressFromNamespaces", "allow-ingress-from-namespaces", {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: fromNamespaces.map((ns) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } })) }],
      });
    }
    const destinations = props.allowEgressTo ?? [];
    if (destinations.length > 0) {
      policy("AllowEgress", "allow-egress-destinations", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: destinations.map((destination) => ({
          to: [{ ipBlock: { cidr: destination.cidr } } as NetworkPolicyV1SpecEgressTo],
          ports: (destination.tcpPorts ?? []).map((port) => ({ port: String(port), protocol: "TCP" })),
        })),
      });
    }
  }

  private createAccess(groups: NamespaceAccessGroups): void {
    const roles: [keyof NamespaceAccessGroups, string, string][] = [
      ["readers", "Azure Kubernetes Service RBAC Reader", "view"],
      ["writers", "Azure Kubernetes Service RBAC Writer", "edit"],
      ["admins", "Azure Kubernetes Service RBAC Admin", "admin"],
    ];
    const everyGroup = new Set<string>();
    for (const [kind, azureRole, clusterRole] of roles) {
      for (const group of groups[kind] ?? []) {
        everyGroup.add(group);
        const key = `${kind}-${group}`;
        if (this.cluster.azureRbacEnabled) {
          this.roleAssignments.push(
            new RoleAssignment(this, `Rbac-${key}`, {
              scope: `${this.cluster.clusterId}/namespaces/${this.namespaceName}`,
              roleDefinitionName: azureRole,
              principalId: group,
              principalType: "Group",
            }),
          );
        } else {
          this.roleBindings.push(
            new RoleBindingV1(this, `Binding-${key}`, {
              provider: this.provider,
              metadata: { name: `tenant-${kind}-${group}`, namespace: this.namespace.metadata.name },
              roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRole },
              subject: [{ kind: "Group", name: group, apiGroup: "rbac.authorization.k8s.io" }],
            }),
          );
        }
      }
    }
    if (this.cluster.azureRbacEnabled) {
      // Fetching a kubeconfig (az aks get-credentials) needs the Cluster User role at cluster scope;
      // it grants no Kubernetes permissions by itself.
      for (const group of [...everyGroup].sort()) {
        this.roleAssignments.push(
          new RoleAssignment(this, `ClusterUser-${group}`, {
            scope: this.cluster.clusterId,
            roleDefinitionName: "Azure Kubernetes Service Cluster User Role",
            principalId: group,
            principalType: "Group",
          }),
        );
      }
    }
  }

  private createWorkloadIdentity(options: WorkloadIdentityOptions, props: IsolatedNamespaceProps, meta: (name: string) => { name: string; namespace: string }): void {
    const sa = options.serviceAccountName;
    const identity = new UserAssignedIdentity(this, `Identity-${sa}`, {
      name: options.identityName ?? `id-${this.namespaceName}-${sa}`,
      resourceGroupName: props.identityResourceGroupName ?? this.cluster.resourceGroupName,
      location: this.cluster.location,
      tags: props.tags,
    });
    this.federatedCredentials.push(
      new FederatedIdentityCredential(this, `FederatedCredential-${sa}`, {
        name: `${this.namespaceName}-${sa}`,
        resourceGroupName: props.identityResourceGroupName ?? this.cluster.resourceGroupName,
        parentId: identity.id,
        issuer: this.cluster.oidcIssuerUrl,
        subject: `system:serviceaccount:${this.namespaceName}:${sa}`,
        audience: ["api://AzureADTokenExchange"],
      }),
    );
    this.serviceAccounts.push(
      new ServiceAccountV1(this, `ServiceAccount-${sa}`, {
        provider: this.provider,
        metadata: { ...meta(sa), annotations: { "azure.workload.identity/client-id": identity.clientId } },
        // The workload-identity webhook projects its own token; the API token is not needed.
        automountServiceAccountToken: false,
      }),
    );
    this.workloadIdentities.push({ serviceAccountName: sa, identity, clientId: identity.clientId, principalId: identity.principalId });
  }

  private validate(props: IsolatedNamespaceProps): void {
    const name = props.name;
    if (!isUnresolved(name)) {
      if (!isDns1123Label(name)) invalidProp(this, "name", name, "is not a DNS-1123 label", "use lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit");
      if (SYSTEM_NAMESPACES.has(name) || name.startsWith("kube-")) {
        invalidProp(this, "name", name, "is a system namespace that AKS or Kubernetes manages", "give the tenant a namespace of its own, e.g. \"team-a\"");
      }
    }
    if (props.trustLevel !== undefined && !["trusted", "restricted", "hostile"].includes(props.trustLevel)) {
      invalidProp(this, "trustLevel", props.trustLevel, "is not a trust level", 'use "trusted", "restricted" or "hostile"');
    }
    const version = props.podSecurityVersion;
    if (version !== undefined && !isUnresolved(version) && !PSS_VERSION.test(version)) {
      invalidProp(this, "podSecurityVersion", version, "is not a Pod Security Standards version", 'use "v1.N" (e.g. "v1.33") or "latest"');
    }
    const quota = props.quota ?? {};
    const quantity = (prop: string, value: string | undefined): number | undefined => {
      if (value === undefined || isUnresolved(value)) return undefined;
      const parsed = parseQuantity(value);
      if (parsed === undefined || parsed < 0) invalidProp(this, prop, value, "is not a non-negative Kubernetes quantity", 'use e.g. "500m", "2", "512Mi" or "4Gi"');
      return parsed;
    };
    const requestsCpu = quantity("quota.requestsCpu", quota.requestsCpu ?? "4");
    const limitsCpu = quantity("quota.limitsCpu", quota.limitsCpu ?? "8");
    const requestsMemory = quantity("quota.requestsMemory", quota.requestsMemory ?? "8Gi");
    const limitsMemory = quantity("quota.limitsMemory", quota.limitsMemory ?? "16Gi");
    if (requestsCpu !== undefined && limitsCpu !== undefined && requestsCpu > limitsCpu) {
      invalidProp(this, "quota.requestsCpu", quota.requestsCpu ?? "4", `exceeds quota.limitsCpu (${quota.limitsCpu ?? "8"})`, "keep requests at or below limits");
    }
    if (requestsMemory !== undefined && limitsMemory !== undefined && requestsMemory > limitsMemory) {
      invalidProp(this, "quota.requestsMemory", quota.requestsMemory ?? "8Gi", `exceeds quota.limitsMemory (${quota.limitsMemory ?? "16Gi"})`, "keep requests at or below limits");
    }
    for (const [prop, value] of [["quota.pods", quota.pods], ["quota.persistentVolumeClaims", quota.persistentVolumeClaims], ["quota.loadBalancers", quota.loadBalancers], ["quota.nodePorts", quota.nodePorts]] as const) {
      if (value !== undefined && !isUnresolved(value) && (!Number.isInteger(value) || value < 0)) invalidProp(this, prop, value, "is not a whole number ≥ 0", "use a count such as 0 or 10");
    }
    const limits = resolvedLimits(props.containerLimits);
    const order: [string, string, string][] = [
      ["containerLimits.defaultRequestCpu", "containerLimits.defaultLimitCpu", "cpu"],
      ["containerLimits.defaultLimitCpu", "containerLimits.maxCpu", "cpu"],
      ["containerLimits.defaultRequestMemory", "containerLimits.defaultLimitMemory", "memory"],
      ["containerLimits.defaultLimitMemory", "containerLimits.maxMemory", "memory"],
    ];
    const value = (prop: string) => limits[prop.split(".")[1] as keyof Required<ContainerLimitOptions>];
    for (const [lowProp, highProp] of order) {
      const low = quantity(lowProp, value(lowProp));
      const high = quantity(highProp, value(highProp));
      if (low !== undefined && high !== undefined && low > high) {
        invalidProp(this, lowProp, value(lowProp), `exceeds ${highProp} (${value(highProp)})`, "keep defaultRequest ≤ defaultLimit ≤ max");
      }
    }
    for (const [index, ns] of (props.allowIngressFromNamespaces ?? []).entries()) {
      if (!isUnresolved(ns) && !isDns1123Label(ns)) invalidProp(this, `allowIngressFromNamespaces[${index}]`, ns, "is not a namespace name", "use a DNS-1123 label such as \"ingress-nginx\"");
    }
    for (const [index, destination] of (props.allowEgressTo ?? []).entries()) {
      requireIpv4Cidr(this, `allowEgressTo[${index}].cidr`, destination.cidr);
      for (const port of destination.tcpPorts ?? []) {
        if (!isUnresolved(port) && (!Number.isInteger(port) || port < 1 || port > 65535)) invalidProp(this, `allowEgressTo[${index}].tcpPorts`, port, "is not a TCP port", "use 1-65535");
      }
    }
    const groups = props.accessGroups ?? {};
    for (const kind of ["readers", "writers", "admins"] as const) {
      (groups[kind] ?? []).forEach((group, index) => requireUuid(this, `accessGroups.${kind}[${index}]`, group, "Entra group object id"));
    }
    const seen = new Set<string>();
    for (const [index, identity] of (props.workloadIdentities ?? []).entries()) {
      const sa = identity.serviceAccountName;
      if (isUnresolved(sa)) {
        // The name keys the identity, its federated subject and construct ids, so it must be literal.
        invalidProp(this, `workloadIdentities[${index}].serviceAccountName`, sa, "is a token, known only at apply", "pass the ServiceAccount name as a literal string");
      }
      if (sa.length > 253 || !DNS1123_SUBDOMAIN.test(sa)) {
        invalidProp(this, `workloadIdentities[${index}].serviceAccountName`, sa, "is not a DNS-1123 subdomain", "use lower-case letters, digits, '-' and '.', e.g. \"orders-api\"");
      }
      if (sa === "default") invalidProp(this, `workloadIdentities[${index}].serviceAccountName`, sa, "is the namespace's default ServiceAccount, which every pod gets", "create a dedicated ServiceAccount name for the workload");
      if (seen.has(sa)) invalidProp(this, `workloadIdentities[${index}].serviceAccountName`, sa, "is declared twice", "declare each ServiceAccount once");
      seen.add(sa);
    }
    const pool = props.dedicatedNodePool;
    if (pool && props.cluster instanceof SecureCluster && !isUnresolved(pool.name)) {
      const taken = ["system", ...props.cluster.nodePools.map((existing) => existing.poolName)];
      if (taken.includes(pool.name)) {
        invalidProp(this, "dedicatedNodePool.name", pool.name, "is already a node pool of the cluster", "choose a pool name no other pool or tenant uses (1-12 lower-case letters and digits)");
      }
    }
  }

  /** Duplicate namespaces on one cluster are found when the whole tree exists (at synth). */
  private trackOnCluster(): void {
    const siblings = NAMESPACES_BY_CLUSTER.get(this.cluster) ?? [];
    siblings.push(this);
    NAMESPACES_BY_CLUSTER.set(this.cluster, siblings);
    this.node.addValidation({
      validate: () => {
        if (isUnresolved(this.namespaceName)) return [];
        const first = siblings.find((other) => other.namespaceName === this.namespaceName);
        if (first === undefined || first === this) return [];
        return [
          `[${this.node.path}] name = ${JSON.stringify(this.namespaceName)}: namespace is already declared on cluster ${this.cluster.node.path} by ${first.node.path}. Fix: give each tenant its own namespace name.`,
        ];
      },
    });
  }
}

function resolvedLimits(options: ContainerLimitOptions = {}): Required<ContainerLimitOptions> {
  return {
    defaultRequestCpu: options.defaultRequestCpu ?? "100m",
    defaultRequestMemory: options.defaultRequestMemory ?? "128Mi",
    defaultLimitCpu: options.defaultLimitCpu ?? "500m",
    defaultLimitMemory: options.defaultLimitMemory ?? "512Mi",
    maxCpu: options.maxCpu ?? "2",
    maxMemory: options.maxMemory ?? "4Gi",
  };
}
