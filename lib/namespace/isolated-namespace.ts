import { createHash } from "crypto";
import { Construct, IConstruct } from "constructs";
import { Annotations, Fn, TerraformOutput, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Namespace } from "@cdktf/provider-kubernetes/lib/namespace";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NetworkPolicyV1, NetworkPolicyV1SpecEgressTo } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { DefaultServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/default-service-account-v1";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ISecureCluster } from "../cluster/cluster-ref";
import { SecureCluster } from "../cluster/secure-cluster";
import { NEWEST_CALENDAR_MINOR } from "../cluster/kubernetes-versions";
import { SecureNodePool, SecureNodePoolProps } from "../cluster/secure-node-pool";
import { assignRestrictedPodSecurity } from "../cluster/cluster-guardrails";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { SecurityBaseline } from "../baseline/security-baseline";
import { ITenantNamespace, TenantWorkloadIdentity } from "./tenant-namespace-ref";
import { ClusterUserAccess } from "./cluster-user-access";
import { TenantRoles } from "./tenant-roles";
import { TENANT_ADMIN, TENANT_WRITER, kubernetesRoleRules } from "./tenant-access-levels";
import {
  AZURE_HOST_ENDPOINTS,
  hostEndpointDenyPolicy,
  placementPolicy,
  placementPolicyBinding,
} from "./tenant-guardrail-manifests";
import { Quantity, compareQuantities, parseKubernetesQuantity } from "./quantity";
import { isDns1123Subdomain, isLabelKey, isLabelValue } from "./kubernetes-names";
import {
  invalidProp,
  isDns1123Label,
  isUnresolved,
  requireTags,
  requireUuid,
  validationMessage,
} from "../util/validation";
import { ipv4BlockContains, ipv4BlockContainsAddress, parseIpv4Cidr, requireIpv4Cidr } from "../util/cidr";
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

/**
 * A destination outside the cluster that tenant pods may reach (AKS-NET-06), by IP block. For pods
 * of other namespaces use {@link EgressPeer}: Cilium does not apply ipBlock rules to traffic
 * between pods of the cluster.
 */
export interface EgressDestination {
  /**
   * IPv4 block in canonical form, e.g. "10.50.0.0/24" (no host bits set). "0.0.0.0/0" is allowed
   * but warned about: it opens every address outside the cluster. A block that contains the
   * instance metadata endpoint 169.254.169.254 or the WireServer 168.63.129.16 gets that /32 added to
   * `except`; the blocks "169.254.169.254/32" and "168.63.129.16/32" themselves are rejected. Both
   * stay denied whatever this policy says: the namespace's CiliumClusterwideNetworkPolicy denies
   * them, and Cilium applies deny rules before any allow (AKS-TEN-04).
   */
  readonly cidr: string;
  /**
   * Blocks inside `cidr` that stay denied (`ip_block.except`); each must be a canonical block
   * strictly inside `cidr`. "169.254.169.254/32" and "168.63.129.16/32" are always added when `cidr`
   * contains them: a pod that reaches the instance metadata service (IMDS) can get a token of the
   * node's kubelet identity, which may pull images and more (pods use workload identity instead,
   * AKS-IAM-10); the WireServer serves the node's VM agent (AKS-TEN-04).
   *
   * @default [] (plus the Azure host endpoints, see above)
   */
  readonly except?: string[];
  /**
   * TCP ports. When neither tcpPorts nor udpPorts is given, every port and protocol is allowed.
   *
   * @default [] (see above)
   */
  readonly tcpPorts?: number[];
  /**
   * UDP ports.
   *
   * @default []
   */
  readonly udpPorts?: number[];
}

/**
 * Pods outside the namespace allowed to open connections to the tenant's pods (AKS-NET-06), e.g.
 * the ingress controller: `{ namespace: "app-routing-system", podLabels: { app: "nginx" }, tcpPorts: [8080] }`.
 */
export interface IngressSource {
  /** Namespace of the client pods (a DNS-1123 label). */
  readonly namespace: string;
  /**
   * Labels selecting the client pods in that namespace; narrows the rule to, e.g., the ingress
   * controller's pods instead of everything that runs beside them (AKS-NET-06).
   *
   * @default - every pod of that namespace
   */
  readonly podLabels?: Record<string, string>;
  /**
   * TCP ports of the tenant's pods the clients may reach (AKS-NET-06).
   *
   * @default - every port
   */
  readonly tcpPorts?: number[];
}

/**
 * Pods of another namespace of the same cluster that tenant pods may open connections to
 * (AKS-NET-06): an egress rule with a namespace selector (`kubernetes.io/metadata.name`) and an
 * optional pod selector. The other namespace must also allow the ingress (its allowIngressFrom).
 */
export interface EgressPeer {
  /** Namespace of the server pods (a DNS-1123 label). */
  readonly namespace: string;
  /**
   * Labels selecting the server pods in that namespace, so the tenant reaches only that service
   * and not everything that runs beside it (AKS-NET-06).
   *
   * @default - every pod of that namespace
   */
  readonly podLabels?: Record<string, string>;
  /**
   * TCP ports of the server pods the tenant may reach (AKS-NET-06).
   *
   * @default - every port
   */
  readonly tcpPorts?: number[];
}

/**
 * A workload identity of the tenant (AKS-IAM-10, TEN-03): a user-assigned identity federated to
 * exactly one ServiceAccount of this namespace. Pods use it by running as that ServiceAccount and
 * carrying the pod label `azure.workload.identity/use: "true"` (the webhook only injects the token
 * into labelled pods). Their SDK then exchanges the token at Entra ID (login.microsoftonline.com),
 * which the default-deny egress policy blocks until you allow it (allowEgressTo, or a firewall).
 */
export interface WorkloadIdentityOptions {
  /** ServiceAccount the identity is federated to (DNS-1123 subdomain, not "default"). */
  readonly serviceAccountName: string;
  /**
   * Name of the user-assigned identity (3-128 letters, digits, '-' and '_', starting with a letter
   * or digit). One identity per ServiceAccount, never shared across namespaces (AKS-IAM-10).
   *
   * @default "id-<namespace>-<serviceAccountName>" ('.' becomes '-')
   */
  readonly identityName?: string;
}

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

/** Props of {@link IsolatedNamespace}. */
export interface IsolatedNamespaceProps {
  /**
   * The shared cluster (a SecureCluster, or any ISecureCluster). Its values may be tokens from
   * another stack: the tenant's in-cluster objects usually live in a separate stack.
   */
  readonly cluster: ISecureCluster;
  /** Namespace name: a DNS-1123 label, not a namespace Kubernetes or AKS owns (AKS-NS-01). */
  readonly name: string;
  /**
   * Kubernetes provider of the cluster, usually `cluster.kubernetesProvider(tenantStack, "kubernetes")`
   * (kubelogin: local accounts are off, AKS-IAM-05).
   *
   * @default - the stack's default kubernetes provider
   */
  readonly provider?: KubernetesProvider;
  /**
   * Trust level, recorded as the namespace label `cdktf-secure-aks/trust-level`. A "hostile" tenant
   * belongs in its own cluster (AKS-TEN-01): the baseline fails a hostile namespace that shares a
   * cluster unless a suppression says why.
   *
   * @default "trusted"
   */
  readonly trustLevel?: TenantTrustLevel;
  /**
   * Pod Security Standards version pinned on the enforce/audit/warn labels (AKS-POD-01), "v1.N" or
   * "latest". Pinning keeps a cluster upgrade from changing the enforced policy unannounced; pin
   * the cluster's minor version.
   *
   * @default - the cluster's minor version ("v1.N") when `cluster` is a SecureCluster with a literal
   * kubernetesVersion, else the newest minor of AKS's release calendar (NEWEST_CALENDAR_MINOR, e.g. with
   * `KubernetesVersion.latestSupported()`, whose minor is known only at plan time)
   */
  readonly podSecurityVersion?: string;
  /**
   * ResourceQuota (AKS-NS-02, NET-10).
   *
   * @default - see NamespaceQuotaOptions
   */
  readonly quota?: NamespaceQuotaOptions;
  /**
   * LimitRange for containers (AKS-NS-03).
   *
   * @default - see ContainerLimitOptions
   */
  readonly containerLimits?: ContainerLimitOptions;
  /**
   * Namespaces whose pods may open connections to any pod and port of this tenant. Prefer
   * allowIngressFrom, which can narrow the rule to pods and ports. Everything not allowed is
   * denied (AKS-NET-06).
   *
   * @default [] (only pods of this namespace)
   */
  readonly allowIngressFromNamespaces?: string[];
  /**
   * Pods of other namespaces (other tenants, the ingress controller) allowed to open connections to
   * this tenant, narrowed by pod labels and ports (AKS-NET-06).
   *
   * @default [] (only pods of this namespace)
   */
  readonly allowIngressFrom?: IngressSource[];
  /**
   * Destinations outside the cluster tenant pods may reach, by IP block. DNS to kube-system and
   * traffic inside the namespace are always allowed; everything else is denied (AKS-NET-06),
   * including Entra ID and other Azure endpoints that workload identities and SDKs call. The
   * instance metadata endpoint stays denied (see EgressDestination.except).
   *
   * @default []
   */
  readonly allowEgressTo?: EgressDestination[];
  /**
   * Pods of other namespaces of the cluster (other tenants, shared services) tenant pods may open
   * connections to. Needed for cross-namespace traffic: the default-deny egress policy blocks it
   * even when the other namespace allows the ingress (AKS-NET-06).
   *
   * @default [] (only pods of this namespace, and DNS)
   */
  readonly allowEgressToNamespaces?: EgressPeer[];
  /**
   * Namespaces that allowIngressFromNamespaces, allowIngressFrom and allowEgressToNamespaces may
   * name although no construct of this app declares them on the cluster (created by Helm, GitOps or
   * another Terraform configuration). Any other name must be an IsolatedNamespace of the same
   * cluster, a namespace resource of the app, or a namespace Kubernetes or AKS owns: an allow rule
   * for a namespace nobody declared (a typo, a future tenant) becomes a live allow for whoever
   * later creates a namespace of that name (AKS-NET-06).
   *
   * @default [] (only declared and system namespaces)
   */
  readonly externalNamespaces?: string[];
  /**
   * Entra groups with access to this namespace only: Azure RBAC role assignments scoped to
   * `<cluster id>/namespaces/<name>` when the cluster uses Azure RBAC (AKS-IAM-06), RoleBindings
   * otherwise (AKS-IAM-07); in both cases the Cluster User Role at cluster scope, which only lets
   * the group fetch a kubeconfig. That assignment is made once per group and cluster for the whole
   * stack ({@link ClusterUserAccess}), so several namespaces can share a group. Object ids are
   * lower-cased: Entra ID puts them in tokens in lower case, and RoleBinding subjects compare exactly.
   *
   * @default - no group access
   */
  readonly accessGroups?: NamespaceAccessGroups;
  /**
   * One Entra identity per ServiceAccount (AKS-IAM-10, TEN-03).
   *
   * @default []
   */
  readonly workloadIdentities?: WorkloadIdentityOptions[];
  /**
   * A dedicated user pool tainted `tenant=<name>:NoSchedule` and labelled for this tenant, added to
   * the cluster (needs a SecureCluster object) (AKS-NS-05). Taints keep other tenants' pods off
   * only together with admission policy: they are not a security boundary. The toleration and node
   * selector pods need are in {@link IsolatedNamespace.schedulingGuidance} and a Terraform output.
   *
   * @default - pods share the cluster's user pools
   */
  readonly dedicatedNodePool?: DedicatedNodePoolOptions;
  /**
   * Resource group of the tenant's Azure identities (AKS-TEN-03).
   *
   * @default - the cluster's resource group
   */
  readonly identityResourceGroupName?: string;
  /**
   * Tags of the tenant's Azure identities.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** Options of {@link IsolatedNamespace.addPodDisruptionBudget} (AKS-NS-04). */
export interface PodDisruptionBudgetOptions {
  /** Labels selecting the pods of one workload (at least one label). */
  readonly matchLabels: Record<string, string>;
  /**
   * Pods that may be down at once, a count or percentage; at least 1 (or above 0%), so node drains
   * and AKS upgrades can always proceed (AKS-NS-04).
   *
   * @default "1" (when minAvailable is not set)
   */
  readonly maxUnavailable?: string;
  /**
   * Alternative to maxUnavailable: pods that must stay up. Must leave room for one eviction
   * (below 100%, and below `replicas` when given) (AKS-NS-04).
   *
   * @default - unset
   */
  readonly minAvailable?: string;
  /**
   * Replicas of the workload, so a minAvailable that equals them (and blocks every drain) is
   * rejected at synth (AKS-NS-04).
   *
   * @default - unknown: only minAvailable "100%" is rejected
   */
  readonly replicas?: number;
}

/** pod-security-admission api.ParseVersion: "latest" or "v1.N" without leading zeros. */
const PSS_VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;
/** Azure name rules (Microsoft.ManagedIdentity): identities 3-128, federated credentials 3-120 characters. */
const IDENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;
const FEDERATED_CREDENTIAL_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;
const NAMESPACES_BY_CLUSTER = new WeakMap<IConstruct, IsolatedNamespace[]>();
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

type Meta = (name: string) => { name: string; namespace: string };

/**
 * One tenant inside a shared cluster (logical isolation): a namespace with Pod Security
 * "restricted", quota and limits, default-deny network policies, namespace-scoped access for Entra
 * groups, and one workload identity per ServiceAccount; plus cluster-scoped guardrails the tenant's
 * roles cannot edit (AKS-TEN-04..06, TEN-08, TEN-09).
 *
 * A pod spec that both Pod Security Admission "restricted" and the cluster's restricted Azure Policy
 * members admit (group ids may be left out; if set they must be 1-65535):
 *
 * ```yaml
 * spec:
 *   securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: RuntimeDefault } }
 *   containers:
 *     - name: app
 *       securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } }
 * ```
 */
export class IsolatedNamespace extends Construct implements ITenantNamespace {
  public readonly namespaceName: string;
  public readonly cluster: ISecureCluster;
  public readonly trustLevel: TenantTrustLevel;
  public readonly namespace: NamespaceV1;
  public readonly resourceQuota: ResourceQuotaV1;
  /**
   * Quota `pods: 0` scoped to the system priority classes: no tenant pod may run as
   * system-node-critical or system-cluster-critical and preempt other tenants' pods (AKS-TEN-08).
   */
  public readonly systemPriorityQuota: ResourceQuotaV1;
  public readonly limitRange: LimitRangeV1;
  /** Default-deny, DNS, same-namespace and the optional allow policies, in that order. */
  public readonly networkPolicies: NetworkPolicyV1[] = [];
  public readonly defaultServiceAccount: DefaultServiceAccountV1;
  /**
   * CiliumClusterwideNetworkPolicy `tenant-<name>-host-endpoints`: no pod of the namespace reaches
   * the instance metadata service or the WireServer, whatever NetworkPolicies the tenant adds
   * (AKS-TEN-04). Cluster-scoped, so no namespace role can change it.
   */
  public readonly hostEndpointDenyPolicy: Manifest;
  /**
   * ValidatingAdmissionPolicy `tenant-<name>-placement` and its binding: pods of the namespace
   * tolerate no other tenant's taint, not CriticalAddonsOnly, not every taint, name no node, and, with
   * a dedicated pool, select that pool (AKS-TEN-05). Cluster-scoped, so no namespace role can change it.
   */
  public readonly placementPolicy: Manifest;
  public readonly placementPolicyBinding: Manifest;
  /**
   * Azure RBAC assignments: namespace-scoped roles (Azure RBAC clusters) and the Cluster User Role
   * assignments of this namespace's groups (shared with other namespaces of the cluster in the stack).
   */
  public readonly roleAssignments: RoleAssignment[] = [];
  /** Kubernetes RoleBindings (clusters without Azure RBAC). */
  public readonly roleBindings: RoleBindingV1[] = [];
  /** The namespace's tenant-writer and tenant-admin Roles (clusters without Azure RBAC, when groups use them). */
  public readonly roles: RoleV1[] = [];
  public readonly serviceAccounts: ServiceAccountV1[] = [];
  public readonly federatedCredentials: FederatedIdentityCredential[] = [];
  public readonly workloadIdentities: TenantWorkloadIdentity[] = [];
  public readonly podDisruptionBudgets: PodDisruptionBudgetV1[] = [];
  /** The tenant's dedicated pool, when requested. */
  public readonly dedicatedNodePool?: SecureNodePool;
  /** How pods reach the dedicated pool; undefined without one. */
  public readonly schedulingGuidance?: SchedulingGuidance;
  /** The scheduling guidance as a Terraform output (JSON), when there is a dedicated pool. */
  public readonly schedulingOutput?: TerraformOutput;

  /**
   * The Pod Security restricted members this namespace assigns itself, only when its name is a
   * token of a stack other than the cluster's (see the constructor); otherwise the cluster's
   * guardrails cover it (AKS-POD-03).
   */
  public readonly podSecurityRestricted?: Record<string, ResourcePolicyAssignment>;

  private readonly provider?: KubernetesProvider;

  constructor(scope: Construct, id: string, props: IsolatedNamespaceProps) {
    super(scope, id);
    SecurityBaseline.apply(this);
    requireTags(this, "tags", props.tags);
    this.cluster = props.cluster;
    this.namespaceName = props.name;
    this.trustLevel = props.trustLevel ?? "trusted";
    this.provider = props.provider;
    this.validate(props);
    this.checkProvider(props.provider);
    this.checkPeerNamespaces(props);
    this.trackOnCluster();

    const name = props.name;
    const version = props.podSecurityVersion ?? defaultPodSecurityVersion(props.cluster);
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
    const meta: Meta = (objectName) => ({ name: objectName, namespace });

    const quota = props.quota ?? {};
    this.resourceQuota = new ResourceQuotaV1(this, "ResourceQuota", {
      ...k8s,
      metadata: meta("tenant-quota"),
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
    this.systemPriorityQuota = new ResourceQuotaV1(this, "SystemPriorityQuota", {
      ...k8s,
      metadata: meta("no-system-priority"),
      spec: {
        hard: { pods: "0" },
        scopeSelector: {
          matchExpression: [{ scopeName: "PriorityClass", operator: "In", values: [...SYSTEM_PRIORITY_CLASSES] }],
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

    this.createNetworkPolicies(props, meta);

    // Tokens of the default ServiceAccount are never mounted (AKS-IAM-12).
    this.defaultServiceAccount = new DefaultServiceAccountV1(this, "DefaultServiceAccount", {
      ...k8s,
      metadata: { namespace },
      automountServiceAccountToken: false,
    });

    // Cluster-scoped guardrails the tenant cannot edit. Azure CNI powered by Cilium (SecureCluster's
    // only data plane) serves the Cilium CRDs; Kubernetes 1.30+ serves admissionregistration/v1 policies.
    this.hostEndpointDenyPolicy = new Manifest(this, "HostEndpointDenyPolicy", {
      ...k8s,
      manifest: hostEndpointDenyPolicy(`tenant-${name}-host-endpoints`, name),
    });
    const placementName = `tenant-${name}-placement`;
    this.placementPolicy = new Manifest(this, "PlacementPolicy", {
      ...k8s,
      manifest: placementPolicy(placementName, props.dedicatedNodePool ? TENANT_LABEL : undefined),
    });
    this.placementPolicyBinding = new Manifest(this, "PlacementPolicyBinding", {
      ...k8s,
      manifest: placementPolicyBinding(placementName, name),
      // The binding names the policy: create the policy first.
      dependsOn: [this.placementPolicy],
    });

    this.createAccess(props.accessGroups ?? {});
    (props.workloadIdentities ?? []).forEach((options, index) =>
      this.createWorkloadIdentity(options, index, props, meta),
    );

    if (props.dedicatedNodePool) {
      const pool = props.dedicatedNodePool;
      if (!(props.cluster instanceof SecureCluster)) {
        invalidProp(
          this,
          "dedicatedNodePool",
          pool.name,
          "needs a SecureCluster to add the pool to",
          "pass the SecureCluster object as cluster, or create the pool yourself with a taint tenant=<namespace>:NoSchedule",
        );
      }
      this.dedicatedNodePool = props.cluster.addNodePool(`${id}Pool`, {
        ...pool,
        nodeTaints: [`tenant=${name}:NoSchedule`],
        nodeLabels: { [TENANT_LABEL]: name },
      });
      this.schedulingGuidance = {
        toleration: { key: "tenant", operator: "Equal", value: name, effect: "NoSchedule" },
        nodeSelector: { [TENANT_LABEL]: name },
      };
      // In the tenant's stack, so whoever deploys workloads reads it with `terraform output`.
      this.schedulingOutput = new TerraformOutput(this, "SchedulingGuidance", {
        description: `Pod spec fields that schedule pods of namespace ${name} onto its dedicated node pool (and only there)`,
        value: JSON.stringify({
          tolerations: [this.schedulingGuidance.toleration],
          nodeSelector: this.schedulingGuidance.nodeSelector,
        }),
      });
    }

    if (isUnresolved(name) && TerraformStack.of(props.cluster) !== TerraformStack.of(this)) {
      // The name is known only here (e.g. a variable of this stack): registering it with the cluster
      // would copy this stack's expression into the cluster's stack, a reference backwards that
      // cdktf reports as a circular dependency. This stack assigns the restricted members for its
      // namespace itself, referencing only the cluster's id (AKS-POD-03).
      const hash = createHash("sha256").update(this.node.path).digest("hex").slice(0, 8);
      this.podSecurityRestricted = assignRestrictedPodSecurity(
        this,
        `aks-pss-${hash}`,
        `AKS-POD-03 Pod Security Standards restricted for namespace ${this.node.path}`,
        props.cluster.clusterId,
        () => [name],
      );
    } else {
      props.cluster.registerTenantNamespace(name);
    }
  }

  /** The workload identity federated to `serviceAccountName`, or undefined. */
  public workloadIdentity(serviceAccountName: string): TenantWorkloadIdentity | undefined {
    return this.workloadIdentities.find((identity) => identity.serviceAccountName === serviceAccountName);
  }

  /**
   * Adds a PodDisruptionBudget named after `id` (lower-cased) that always allows at least one
   * eviction (AKS-NS-04): a budget allowing none makes every node drain, and so every AKS upgrade,
   * fail after the pool's drain timeout.
   */
  public addPodDisruptionBudget(id: string, options: PodDisruptionBudgetOptions): PodDisruptionBudgetV1 {
    const prop = `addPodDisruptionBudget(${id})`;
    const name = id.toLowerCase();
    if (!isDns1123Subdomain(name)) {
      invalidProp(
        this,
        `${prop}.id`,
        id,
        "does not give a valid object name once lower-cased",
        "use letters, digits, '-' and '.', starting and ending with a letter or digit, e.g. \"web\"",
      );
    }
    const twin = this.podDisruptionBudgets.find((budget) => budget.node.id.toLowerCase() === name);
    if (twin) {
      invalidProp(
        this,
        `${prop}.id`,
        id,
        `gives the object name "${name}", which budget "${twin.node.id}" already uses`,
        "give each budget an id that differs in more than letter case",
      );
    }
    if (options.maxUnavailable !== undefined && options.minAvailable !== undefined) {
      invalidProp(
        this,
        `${prop}.minAvailable`,
        options.minAvailable,
        "is set together with maxUnavailable",
        "set only one of them",
      );
    }
    const replicas = options.replicas;
    if (replicas !== undefined && !isUnresolved(replicas) && (!Number.isInteger(replicas) || replicas < 1)) {
      invalidProp(
        this,
        `${prop}.replicas`,
        replicas,
        "is not a whole number ≥ 1",
        "pass the workload's replica count, e.g. 3",
      );
    }
    const maxUnavailable = options.minAvailable === undefined ? (options.maxUnavailable ?? "1") : undefined;
    if (maxUnavailable !== undefined && !isUnresolved(maxUnavailable)) {
      if (/^0+%?$/.test(maxUnavailable))
        invalidProp(
          this,
          `${prop}.maxUnavailable`,
          maxUnavailable,
          "allows no eviction, so node drains and AKS upgrades fail",
          'use at least "1" (or "10%")',
        );
      if (!/^([1-9][0-9]*|([1-9][0-9]?|100)%)$/.test(maxUnavailable))
        invalidProp(
          this,
          `${prop}.maxUnavailable`,
          maxUnavailable,
          "is not a count or a percentage",
          'use e.g. "1" or "25%"',
        );
    }
    const minAvailable = options.minAvailable;
    if (minAvailable !== undefined && !isUnresolved(minAvailable)) {
      if (minAvailable === "100%")
        invalidProp(
          this,
          `${prop}.minAvailable`,
          minAvailable,
          "allows no eviction, so node drains and AKS upgrades fail",
          'use maxUnavailable "1" instead',
        );
      if (!/^([0-9]+|[0-9]{1,2}%)$/.test(minAvailable))
        invalidProp(
          this,
          `${prop}.minAvailable`,
          minAvailable,
          "is not a count or a percentage below 100%",
          'use e.g. "1" or "50%"',
        );
      if (replicas !== undefined && !isUnresolved(replicas)) {
        // The disruption controller rounds a percentage up (GetScaledValueFromIntOrPercent, roundUp).
        const required = minAvailable.endsWith("%")
          ? Math.ceil((replicas * Number(minAvailable.slice(0, -1))) / 100)
          : Number(minAvailable);
        if (required >= replicas) {
          invalidProp(
            this,
            `${prop}.minAvailable`,
            minAvailable,
            `keeps all ${replicas} replicas up, so no pod can be evicted and node drains and AKS upgrades fail`,
            `use at most ${replicas - 1} (or maxUnavailable "1")`,
          );
        }
      }
    }
    const labels = options.matchLabels;
    if (Object.keys(labels).length === 0) {
      invalidProp(
        this,
        `${prop}.matchLabels`,
        labels,
        "selects every pod of the namespace",
        'select the pods of one workload, e.g. { app: "web" }',
      );
    }
    this.checkLabels(`${prop}.matchLabels`, labels);
    const budget = new PodDisruptionBudgetV1(this, id, {
      provider: this.provider,
      metadata: { name, namespace: this.namespace.metadata.name },
      spec: { maxUnavailable, minAvailable, selector: { matchLabels: labels } },
    });
    this.podDisruptionBudgets.push(budget);
    return budget;
  }

  private createNetworkPolicies(props: IsolatedNamespaceProps, meta: Meta): void {
    const k8s = { provider: this.provider };
    const policy = (id: string, name: string, spec: ConstructorParameters<typeof NetworkPolicyV1>[2]["spec"]) =>
      this.networkPolicies.push(new NetworkPolicyV1(this, id, { ...k8s, metadata: meta(name), spec }));
    const namespaceSelector = (ns: string) => ({ matchLabels: { "kubernetes.io/metadata.name": ns } });
    // Namespace and pod selector in one peer: only the selected pods of that namespace.
    const podsOf = (ns: string, podLabels?: Record<string, string>) => ({
      namespaceSelector: namespaceSelector(ns),
      ...(podLabels ? { podSelector: { matchLabels: podLabels } } : {}),
    });
    // Selects every pod and allows nothing: the baseline every allow rule below adds to (AKS-NET-06).
    policy("DefaultDeny", "default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    policy("AllowDns", "allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: namespaceSelector("kube-system"),
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
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
        ingress: [{ from: fromNamespaces.map((ns) => ({ namespaceSelector: namespaceSelector(ns) })) }],
      });
    }
    const sources = props.allowIngressFrom ?? [];
    if (sources.length > 0) {
      policy("AllowIngressFrom", "allow-ingress-from-sources", {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: sources.map((source) => ({
          from: [podsOf(source.namespace, source.podLabels)],
          ...portsOf(source.tcpPorts, []),
        })),
      });
    }
    const peers = props.allowEgressToNamespaces ?? [];
    if (peers.length > 0) {
      policy("AllowEgressToNamespaces", "allow-egress-to-namespaces", {
        podSelector: {},
        policyTypes: ["Egress"],
        // Selectors, not ipBlock: Cilium matches pod-to-pod traffic by identity, never by IP block.
        egress: peers.map((peer) => ({
          to: [podsOf(peer.namespace, peer.podLabels)],
          ...portsOf(peer.tcpPorts, []),
        })),
      });
    }
    const destinations = props.allowEgressTo ?? [];
    if (destinations.length > 0) {
      policy("AllowEgress", "allow-egress-destinations", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: destinations.map((destination) => {
          const except = exceptOf(destination);
          return {
            to: [
              {
                ipBlock: { cidr: destination.cidr, ...(except !== undefined ? { except } : {}) },
              } as NetworkPolicyV1SpecEgressTo,
            ],
            ...portsOf(destination.tcpPorts, destination.udpPorts),
          };
        }),
      });
    }
  }

  private createAccess(groups: NamespaceAccessGroups): void {
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
            tokenKey: `${this.node.path.replace(/\//g, "-")}-${kind}-${index}`,
          });
        if (this.cluster.azureRbacEnabled) {
          const custom = level === "view" ? undefined : TenantRoles.of(this.cluster)[level];
          this.roleAssignments.push(
            new RoleAssignment(this, `Rbac-${key}`, {
              scope: `${this.cluster.clusterId}/namespaces/${this.namespaceName}`,
              ...(custom
                ? { roleDefinitionId: custom.roleDefinitionResourceId }
                : { roleDefinitionName: "Azure Kubernetes Service RBAC Reader" }),
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
            new RoleBindingV1(this, `Binding-${key}`, {
              provider: this.provider,
              metadata: { name: `tenant-${kind}-${group}`, namespace: this.namespace.metadata.name },
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
    const access = ClusterUserAccess.of(this, this.cluster);
    for (const { group, prop, tokenKey } of [...clusterUsers.values()].sort((a, b) =>
      a.group < b.group ? -1 : a.group > b.group ? 1 : 0,
    )) {
      this.roleAssignments.push(access.grant(group, { path: this.node.path, prop, tokenKey }));
    }
  }

  /** The namespace's Role of a tenant level (clusters with Kubernetes RBAC), created on first use. */
  private kubernetesRole(level: "writer" | "admin"): RoleV1 {
    const existing = this.roles.find((role) => role.node.id === `Role-${level}`);
    if (existing) return existing;
    const role = new RoleV1(this, `Role-${level}`, {
      provider: this.provider,
      metadata: { name: `tenant-${level}`, namespace: this.namespace.metadata.name },
      rule: kubernetesRoleRules(level === "writer" ? TENANT_WRITER : TENANT_ADMIN),
    });
    this.roles.push(role);
    return role;
  }

  private createWorkloadIdentity(
    options: WorkloadIdentityOptions,
    index: number,
    props: IsolatedNamespaceProps,
    meta: Meta,
  ): void {
    const sa = options.serviceAccountName;
    // Construct ids cannot hold tokens: a ServiceAccount name known only at apply is keyed by position.
    const key = isUnresolved(sa) ? String(index) : sa;
    const names = azureNames(this.namespaceName, options);
    const resourceGroupName = props.identityResourceGroupName ?? this.cluster.resourceGroupName;
    const identity = new UserAssignedIdentity(this, `Identity-${key}`, {
      name: names.identity,
      resourceGroupName,
      location: this.cluster.location,
      tags: props.tags,
    });
    this.federatedCredentials.push(
      new FederatedIdentityCredential(this, `FederatedCredential-${key}`, {
        name: names.credential,
        resourceGroupName,
        parentId: identity.id,
        issuer: this.cluster.oidcIssuerUrl,
        subject: `system:serviceaccount:${this.namespaceName}:${sa}`,
        audience: ["api://AzureADTokenExchange"],
      }),
    );
    this.serviceAccounts.push(
      new ServiceAccountV1(this, `ServiceAccount-${key}`, {
        provider: this.provider,
        metadata: { ...meta(sa), annotations: { "azure.workload.identity/client-id": identity.clientId } },
        // The workload-identity webhook projects its own token; the API token is not needed (AKS-IAM-12).
        automountServiceAccountToken: false,
      }),
    );
    this.workloadIdentities.push({
      serviceAccountName: sa,
      identity,
      clientId: identity.clientId,
      principalId: identity.principalId,
    });
  }

  private validate(props: IsolatedNamespaceProps): void {
    const name = props.name;
    if (!isUnresolved(name)) {
      if (!isDns1123Label(name))
        invalidProp(
          this,
          "name",
          name,
          "is not a DNS-1123 label",
          "use lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit",
        );
      if (SYSTEM_NAMESPACES.has(name) || name.startsWith("kube-")) {
        invalidProp(
          this,
          "name",
          name,
          "is a system namespace that AKS or Kubernetes manages",
          'give the tenant a namespace of its own, e.g. "team-a"',
        );
      }
    }
    if (props.trustLevel !== undefined && !["trusted", "restricted", "hostile"].includes(props.trustLevel)) {
      invalidProp(
        this,
        "trustLevel",
        props.trustLevel,
        "is not a trust level",
        'use "trusted", "restricted" or "hostile"',
      );
    }
    const version = props.podSecurityVersion;
    if (version !== undefined && !isUnresolved(version) && !PSS_VERSION.test(version)) {
      invalidProp(
        this,
        "podSecurityVersion",
        version,
        "is not a Pod Security Standards version",
        `use "v1.N" (e.g. "v${NEWEST_CALENDAR_MINOR}") or "latest"`,
      );
    }
    this.validateResources(props);
    this.validateNetwork(props);
    const groups = props.accessGroups ?? {};
    for (const kind of ["readers", "writers", "admins"] as const) {
      const seen = new Set<string>();
      (groups[kind] ?? []).forEach((group, index) => {
        requireUuid(this, `accessGroups.${kind}[${index}]`, group, "Entra group object id");
        if (isUnresolved(group)) return;
        // Object ids are case-insensitive; a repeated group would create the same assignment twice.
        if (seen.has(group.toLowerCase()))
          invalidProp(
            this,
            `accessGroups.${kind}[${index}]`,
            group,
            `is listed twice in accessGroups.${kind}`,
            "list each group once",
          );
        seen.add(group.toLowerCase());
      });
    }
    this.validateWorkloadIdentities(props);
    // No check that the cluster serves admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy
    // (GA in Kubernetes 1.30, AKS-TEN-05): SecureCluster accepts only minors on AKS's calendar
    // (1.32 and later, lib/cluster/kubernetes-versions.ts), which all serve it.
    const pool = props.dedicatedNodePool;
    if (pool && isUnresolved(name) && TerraformStack.of(props.cluster) !== TerraformStack.of(this)) {
      invalidProp(
        this,
        "name",
        name,
        `is known only in stack ${TerraformStack.of(this).node.path}, but the dedicated pool's taint and label are written in the cluster's stack ${TerraformStack.of(props.cluster).node.path} (a reference backwards, which cdktf reports as a circular dependency)`,
        "give a namespace with a dedicated pool a literal name, or declare it in the cluster's stack",
      );
    }
    if (pool && props.cluster instanceof SecureCluster && !isUnresolved(pool.name)) {
      const taken = ["system", ...props.cluster.nodePools.map((existing) => existing.poolName)];
      if (taken.includes(pool.name)) {
        invalidProp(
          this,
          "dedicatedNodePool.name",
          pool.name,
          "is already a node pool of the cluster",
          "choose a pool name no other pool or tenant uses (1-12 lower-case letters and digits)",
        );
      }
    }
  }

  private validateResources(props: IsolatedNamespaceProps): void {
    const quantity = (prop: string, value: string): Quantity | undefined => {
      if (isUnresolved(value)) return undefined;
      const parsed = parseKubernetesQuantity(value);
      if (parsed === undefined || parsed.nanos < 0n)
        invalidProp(
          this,
          prop,
          value,
          "is not a non-negative Kubernetes quantity",
          'use e.g. "500m", "2", "512Mi" or "4Gi" (no space; "Gi", not "GB" or "G", for memory in binary units)',
        );
      return parsed;
    };
    const atMost = (lowProp: string, low: string, highProp: string, high: string, fix: string) => {
      const lowValue = quantity(lowProp, low);
      const highValue = quantity(highProp, high);
      if (lowValue !== undefined && highValue !== undefined && compareQuantities(lowValue, highValue) > 0) {
        invalidProp(this, lowProp, low, `exceeds ${highProp} (${high})`, fix);
      }
    };
    const quota = { ...DEFAULT_QUOTA, ...definedOnly(props.quota ?? {}) };
    atMost(
      "quota.requestsCpu",
      quota.requestsCpu,
      "quota.limitsCpu",
      quota.limitsCpu,
      "keep requests at or below limits",
    );
    atMost(
      "quota.requestsMemory",
      quota.requestsMemory,
      "quota.limitsMemory",
      quota.limitsMemory,
      "keep requests at or below limits",
    );
    atMost(
      "quota.requestsEphemeralStorage",
      quota.requestsEphemeralStorage,
      "quota.limitsEphemeralStorage",
      quota.limitsEphemeralStorage,
      "keep requests at or below limits",
    );
    quantity("quota.requestsStorage", quota.requestsStorage);
    const counts = props.quota ?? {};
    for (const key of Object.keys(DEFAULT_COUNTS) as (keyof typeof DEFAULT_COUNTS)[]) {
      const [prop, value] = [`quota.${key}`, counts[key]];
      if (value !== undefined && !isUnresolved(value) && (!Number.isInteger(value) || value < 0))
        invalidProp(this, prop, value, "is not a whole number ≥ 0", "use a count such as 0 or 10");
    }
    const limits = resolvedLimits(props.containerLimits);
    const fix = "keep defaultRequest ≤ defaultLimit ≤ max";
    atMost(
      "containerLimits.defaultRequestCpu",
      limits.defaultRequestCpu,
      "containerLimits.defaultLimitCpu",
      limits.defaultLimitCpu,
      fix,
    );
    atMost("containerLimits.defaultLimitCpu", limits.defaultLimitCpu, "containerLimits.maxCpu", limits.maxCpu, fix);
    atMost(
      "containerLimits.defaultRequestMemory",
      limits.defaultRequestMemory,
      "containerLimits.defaultLimitMemory",
      limits.defaultLimitMemory,
      fix,
    );
    atMost(
      "containerLimits.defaultLimitMemory",
      limits.defaultLimitMemory,
      "containerLimits.maxMemory",
      limits.maxMemory,
      fix,
    );
    atMost(
      "containerLimits.defaultRequestEphemeralStorage",
      limits.defaultRequestEphemeralStorage,
      "containerLimits.defaultLimitEphemeralStorage",
      limits.defaultLimitEphemeralStorage,
      fix,
    );
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
    if (counts.pods === 0) {
      Annotations.of(this).addWarning(
        `quota.pods = 0 admits no pod in namespace ${this.namespaceName}. Set quota.pods to the number of pods the tenant may run (default 50).`,
      );
    }
  }

  private validateNetwork(props: IsolatedNamespaceProps): void {
    const namespaceName = (prop: string, ns: string) => {
      if (!isUnresolved(ns) && !isDns1123Label(ns))
        invalidProp(this, prop, ns, "is not a namespace name", 'use a DNS-1123 label such as "ingress-nginx"');
    };
    const ports = (prop: string, list: number[] | undefined, protocol: string) => {
      for (const port of list ?? []) {
        if (!isUnresolved(port) && (!Number.isInteger(port) || port < 1 || port > 65535))
          invalidProp(this, prop, port, `is not a ${protocol} port`, "use 1-65535");
      }
    };
    (props.allowIngressFromNamespaces ?? []).forEach((ns, index) =>
      namespaceName(`allowIngressFromNamespaces[${index}]`, ns),
    );
    (props.allowIngressFrom ?? []).forEach((source, index) => {
      namespaceName(`allowIngressFrom[${index}].namespace`, source.namespace);
      if (source.podLabels !== undefined) {
        if (Object.keys(source.podLabels).length === 0)
          invalidProp(
            this,
            `allowIngressFrom[${index}].podLabels`,
            source.podLabels,
            "is empty",
            "leave podLabels out to allow every pod of the namespace, or name the client pods' labels",
          );
        this.checkLabels(`allowIngressFrom[${index}].podLabels`, source.podLabels);
      }
      ports(`allowIngressFrom[${index}].tcpPorts`, source.tcpPorts, "TCP");
    });
    (props.allowEgressToNamespaces ?? []).forEach((peer, index) => {
      namespaceName(`allowEgressToNamespaces[${index}].namespace`, peer.namespace);
      if (peer.podLabels !== undefined) {
        if (Object.keys(peer.podLabels).length === 0)
          invalidProp(
            this,
            `allowEgressToNamespaces[${index}].podLabels`,
            peer.podLabels,
            "is empty",
            "leave podLabels out to allow every pod of the namespace, or name the server pods' labels",
          );
        this.checkLabels(`allowEgressToNamespaces[${index}].podLabels`, peer.podLabels);
      }
      ports(`allowEgressToNamespaces[${index}].tcpPorts`, peer.tcpPorts, "TCP");
    });
    (props.allowEgressTo ?? []).forEach((destination, index) => {
      const prop = `allowEgressTo[${index}]`;
      const block = requireIpv4Cidr(this, `${prop}.cidr`, destination.cidr);
      if (block && block.cidr === IMDS_BLOCK) {
        invalidProp(
          this,
          `${prop}.cidr`,
          destination.cidr,
          "is the instance metadata endpoint, which hands pods a token of the node's kubelet identity",
          "remove it: pods get Azure tokens through workload identity (workloadIdentities) and Entra ID",
        );
      }
      if (block && block.cidr === "168.63.129.16/32") {
        invalidProp(
          this,
          `${prop}.cidr`,
          destination.cidr,
          "is the Azure WireServer, which serves the node's VM agent and which the cluster-wide policy denies to every tenant pod (AKS-TEN-04)",
          "remove it: pods resolve names through CoreDNS (kube-system), which keeps its access",
        );
      }
      if (block && block.prefixLength === 0) {
        Annotations.of(this).addWarning(
          `${prop}.cidr = "${block.cidr}" lets every tenant pod reach any address outside the cluster (the instance metadata endpoint excepted). Prefer the CIDRs the tenant needs, or egress through a firewall with FQDN rules (AKS-NET-06, NET-07).`,
        );
      }
      const except = destination.except;
      if (except !== undefined && !isUnresolved(except)) {
        except.forEach((entry, position) => {
          const inner = requireIpv4Cidr(this, `${prop}.except[${position}]`, entry);
          if (inner && block && !(ipv4BlockContains(block, inner) && inner.prefixLength > block.prefixLength)) {
            invalidProp(
              this,
              `${prop}.except[${position}]`,
              entry,
              `is not strictly inside ${prop}.cidr (${block.cidr}), which Kubernetes rejects`,
              `list only blocks inside ${block.cidr} and smaller than it`,
            );
          }
        });
      }
      ports(`${prop}.tcpPorts`, destination.tcpPorts, "TCP");
      ports(`${prop}.udpPorts`, destination.udpPorts, "UDP");
    });
  }

  private validateWorkloadIdentities(props: IsolatedNamespaceProps): void {
    const seen = new Map<string, string>();
    const identities = new Map<string, string>();
    (props.workloadIdentities ?? []).forEach((options, index) => {
      const prop = `workloadIdentities[${index}]`;
      const sa = options.serviceAccountName;
      if (isUnresolved(sa)) return;
      if (!isDns1123Subdomain(sa)) {
        invalidProp(
          this,
          `${prop}.serviceAccountName`,
          sa,
          "is not a DNS-1123 subdomain",
          "use lower-case letters, digits, '-' and '.', e.g. \"orders-api\"",
        );
      }
      if (sa === "default")
        invalidProp(
          this,
          `${prop}.serviceAccountName`,
          sa,
          "is the namespace's default ServiceAccount, which every pod gets",
          "create a dedicated ServiceAccount name for the workload",
        );
      if (seen.has(sa))
        invalidProp(this, `${prop}.serviceAccountName`, sa, "is declared twice", "declare each ServiceAccount once");
      if (isUnresolved(this.namespaceName)) {
        seen.set(sa, sa);
        return;
      }
      const names = azureNames(this.namespaceName, options);
      if (!FEDERATED_CREDENTIAL_NAME.test(names.credential)) {
        invalidProp(
          this,
          `${prop}.serviceAccountName`,
          sa,
          `gives the federated credential name "${names.credential}", longer than the 120 characters Azure allows`,
          `use a ServiceAccount name of at most ${119 - this.namespaceName.length} characters`,
        );
      }
      if (!isUnresolved(names.identity) && !IDENTITY_NAME.test(names.identity)) {
        const given = options.identityName !== undefined;
        invalidProp(
          this,
          given ? `${prop}.identityName` : `${prop}.serviceAccountName`,
          given ? options.identityName : sa,
          `gives the identity name "${names.identity}", which Azure rejects (3-128 letters, digits, '-' and '_', starting with a letter or digit)`,
          given ? 'use e.g. "id-team-a-orders"' : "set identityName, or shorten the ServiceAccount name",
        );
      }
      // '.' becomes '-' in Azure names, so "a.b" and "a-b" would share an identity and a credential.
      const clash = [...seen.entries()].find(([, credential]) => credential === names.credential);
      if (clash)
        invalidProp(
          this,
          `${prop}.serviceAccountName`,
          sa,
          `gives the same Azure names as ServiceAccount "${clash[0]}" ("${names.credential}")`,
          "choose ServiceAccount names that differ in more than '.' versus '-'",
        );
      seen.set(sa, names.credential);
      // Azure resource names are case-insensitive: "Id-Orders" and "id-orders" are one identity.
      if (!isUnresolved(names.identity)) {
        const lower = names.identity.toLowerCase();
        const twin = identities.get(lower);
        if (twin !== undefined) {
          invalidProp(
            this,
            `${prop}.identityName`,
            names.identity,
            `names the same Azure identity as ${twin} (Azure compares names case-insensitively)`,
            "give each workload identity its own identityName",
          );
        }
        identities.set(lower, `workloadIdentities[${index}] ("${names.identity}")`);
      }
    });
  }

  private checkLabels(prop: string, labels: Record<string, string>): void {
    for (const [key, value] of Object.entries(labels)) {
      if (!isUnresolved(key) && !isLabelKey(key))
        invalidProp(this, prop, key, "is not a valid label key", 'use "[prefix/]name", e.g. "app.kubernetes.io/name"');
      if (!isUnresolved(value) && !isLabelValue(value))
        invalidProp(
          this,
          `${prop}.${key}`,
          value,
          "is not a valid label value",
          "use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
        );
    }
  }

  /**
   * The kubernetes provider must live in this namespace's stack: cdktf's own messages ("add provider
   * constructs", a cross-stack provider) do not say which provider to create.
   */
  private checkProvider(provider: KubernetesProvider | undefined): void {
    const stack = TerraformStack.of(this);
    const fix = `create the provider in stack ${stack.node.path} with cluster.kubernetesProvider(tenantsStack, "kubernetes"), tenantsStack being that stack, and pass it as provider`;
    if (provider !== undefined) {
      const providerStack = TerraformStack.of(provider);
      if (providerStack !== stack) {
        invalidProp(
          this,
          "provider",
          provider.node.path,
          `is a provider of stack ${providerStack.node.path}, but the namespace's objects are in stack ${stack.node.path} (a provider serves only its own stack)`,
          fix,
        );
      }
      return;
    }
    // Checked at synth, so a provider added to the stack after the namespace still counts.
    this.node.addValidation({
      validate: () => {
        const present = stack.node
          .findAll()
          .some((child) => child instanceof KubernetesProvider && child.alias === undefined);
        return present
          ? []
          : [
              validationMessage(
                "provider",
                undefined,
                `stack ${stack.node.path} has no default kubernetes provider for the namespace's objects`,
                fix,
              ),
            ];
      },
    });
  }

  /**
   * Every namespace the network rules name must exist on purpose (AKS-NET-06). Checked at synth, when
   * every IsolatedNamespace and namespace resource of the app exists, in whichever order or stack
   * they were created.
   */
  private checkPeerNamespaces(props: IsolatedNamespaceProps): void {
    const external = new Set(props.externalNamespaces ?? []);
    (props.externalNamespaces ?? []).forEach((ns, index) => {
      if (!isUnresolved(ns) && !isDns1123Label(ns))
        invalidProp(
          this,
          `externalNamespaces[${index}]`,
          ns,
          "is not a namespace name",
          'use a DNS-1123 label such as "ingress-nginx"',
        );
    });
    const named: [string, string][] = [
      ...(props.allowIngressFromNamespaces ?? []).map((ns, index): [string, string] => [
        `allowIngressFromNamespaces[${index}]`,
        ns,
      ]),
      ...(props.allowIngressFrom ?? []).map((source, index): [string, string] => [
        `allowIngressFrom[${index}].namespace`,
        source.namespace,
      ]),
      ...(props.allowEgressToNamespaces ?? []).map((peer, index): [string, string] => [
        `allowEgressToNamespaces[${index}].namespace`,
        peer.namespace,
      ]),
    ].filter(([, ns]) => !isUnresolved(ns) && !SYSTEM_NAMESPACES.has(ns) && !external.has(ns));
    if (named.length === 0) return;
    this.node.addValidation({
      validate: () => {
        const declared = declaredNamespaces(this);
        return named
          .filter(([, ns]) => !declared.has(ns))
          .map(([prop, ns]) =>
            validationMessage(
              prop,
              ns,
              `namespace "${ns}" is not declared on cluster ${this.cluster.node.path} (no IsolatedNamespace or namespace resource of this app has that name), so the rule would allow whoever later creates it`,
              `fix the name, declare the namespace, or list it in externalNamespaces when it is created outside this app`,
            ),
          );
      },
    });
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
          validationMessage(
            "name",
            this.namespaceName,
            `namespace is already declared on cluster ${this.cluster.node.path} by ${first.node.path}`,
            "give each tenant its own namespace name",
          ),
        ];
      },
    });
  }
}

/**
 * Literal names of the namespaces of `self`'s cluster in the whole app: IsolatedNamespaces of that
 * cluster (in any stack), and namespace resources (which name no cluster, so any counts).
 */
function declaredNamespaces(self: IsolatedNamespace): Set<string> {
  const names = new Set<string>();
  for (const other of NAMESPACES_BY_CLUSTER.get(self.cluster) ?? [])
    if (!isUnresolved(other.namespaceName)) names.add(other.namespaceName);
  for (const construct of self.node.root.node.findAll()) {
    // An IsolatedNamespace's own resource counts only on its cluster (above).
    if (
      !(construct instanceof NamespaceV1 || construct instanceof Namespace) ||
      construct.node.scope instanceof IsolatedNamespace
    )
      continue;
    const name = construct.metadata.nameInput;
    if (name !== undefined && !isUnresolved(name)) names.add(name);
  }
  return names;
}

/** Azure names of a workload identity: Azure allows no '.', which ServiceAccount names may contain. */
function azureNames(namespace: string, options: WorkloadIdentityOptions): { identity: string; credential: string } {
  const name = options.serviceAccountName;
  const sa = isUnresolved(name) ? Fn.replace(name, ".", "-") : name.replace(/\./g, "-");
  return { identity: options.identityName ?? `id-${namespace}-${sa}`, credential: `${namespace}-${sa}` };
}

/**
 * Azure host endpoints kept out of every allowed block (AZURE_HOST_ENDPOINTS): the instance
 * metadata endpoint hands any caller on the node a token of the kubelet identity; the WireServer
 * serves the node's VM agent. The cluster-wide deny policy (AKS-TEN-04) blocks both anyway; the
 * `except` entries say so in the namespace's own policy, where a reviewer reads it.
 */
const HOST_ENDPOINT_BLOCKS: readonly string[] = AZURE_HOST_ENDPOINTS;
const IMDS_BLOCK = "169.254.169.254/32";

/** `ip_block.except` of a destination: the user's blocks, plus each Azure host endpoint the block contains. */
function exceptOf(destination: EgressDestination): string[] | undefined {
  const given = destination.except;
  if (isUnresolved(destination.cidr)) return given;
  const block = parseIpv4Cidr(destination.cidr);
  if (block === undefined) return given;
  const inside = HOST_ENDPOINT_BLOCKS.filter((endpoint) =>
    ipv4BlockContainsAddress(block, endpoint.replace(/\/32$/, "")),
  );
  if (inside.length === 0) return given;
  if (given !== undefined && isUnresolved(given)) return Fn.concat([given, [...inside]]);
  const list = given ?? [];
  const missing = inside.filter((endpoint) => {
    const address = endpoint.replace(/\/32$/, "");
    return !list.some((entry) => {
      const parsed = isUnresolved(entry) ? undefined : parseIpv4Cidr(entry);
      return parsed !== undefined && ipv4BlockContainsAddress(parsed, address);
    });
  });
  return missing.length === 0 ? list : [...list, ...missing];
}

/** "v1.N" of a SecureCluster's literal version, so Pod Security follows the cluster's minor by default. */
function defaultPodSecurityVersion(cluster: ISecureCluster): string {
  if (cluster instanceof SecureCluster && !isUnresolved(cluster.kubernetesVersion)) {
    const match = /^1\.(0|[1-9][0-9]*)(\.[0-9]+)?$/.exec(cluster.kubernetesVersion);
    if (match) return `v1.${match[1]}`;
  }
  return `v${NEWEST_CALENDAR_MINOR}`;
}

/** The `ports` of a policy rule; left out (every port) when no port is given. */
function portsOf(tcpPorts: number[] = [], udpPorts: number[] = []): { ports?: { port: string; protocol: string }[] } {
  const ports = [
    ...tcpPorts.map((port) => ({ port: String(port), protocol: "TCP" })),
    ...udpPorts.map((port) => ({ port: String(port), protocol: "UDP" })),
  ];
  return ports.length > 0 ? { ports } : {};
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
