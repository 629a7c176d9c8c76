import { createHash } from "crypto";
import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { DefaultServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/default-service-account-v1";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { ISecureCluster } from "../cluster/cluster-ref";
import { SecureNodePool } from "../cluster/secure-node-pool";
import { assignRestrictedPodSecurity } from "../cluster/cluster-guardrails";
import { SecurityBaseline } from "../baseline/security-baseline";
import { ITenantNamespace, TenantWorkloadIdentity } from "./tenant-namespace-ref";
import { hostEndpointDenyPolicy, placementPolicy, placementPolicyBinding } from "./tenant-guardrail-manifests";
import { IsolatedNamespaceProps, TenantTrustLevel, resolveIsolatedNamespaceProps } from "./isolated-namespace-props";
import { namespaceReference, TenantContext } from "./tenant-context";
import { TenantQuotas } from "./tenant-quotas";
import { TenantNetworkPolicies } from "./tenant-network-policies";
import { TenantAccess } from "./tenant-access";
import { WorkloadIdentities } from "./workload-identities";
import { DedicatedPoolPlacement, SchedulingGuidance } from "./dedicated-pool-placement";
import { PodDisruptionBudgetOptions, TenantDisruptionBudgets } from "./tenant-disruption-budgets";
import { requireDeclaredPeers, trackTenantOnCluster } from "./cluster-namespaces";
import { isUnresolved } from "../util/validation";
// One definition of each label, in the baseline that reads it.
import { TENANT_LABEL, TRUST_LEVEL_LABEL } from "../baseline/rules/workload/tenant-namespaces";

/** Label recording a namespace's tenant; baseline rules and admission policies read it. */
export { TENANT_LABEL };
/** Label recording a namespace's trust level (AKS-TEN-01 reads it). */
export { TRUST_LEVEL_LABEL };
// The props and the concerns IsolatedNamespace composes, public from here as before the split.
export type { IsolatedNamespaceProps, TenantTrustLevel } from "./isolated-namespace-props";
export { SYSTEM_PRIORITY_CLASSES, TenantQuotas } from "./tenant-quotas";
export type { NamespaceQuotaOptions, ContainerLimitOptions } from "./tenant-quotas";
export type { EgressDestination, IngressSource, EgressPeer, TenantNetworkProps } from "./network-peers";
export { TenantNetworkPolicies, TenantPeer, TenantPort } from "./tenant-network-policies";
export { TenantAccess } from "./tenant-access";
export type { NamespaceAccessGroups } from "./tenant-access";
export { WorkloadIdentities } from "./workload-identities";
export type { WorkloadIdentityOptions, WorkloadIdentityPlacement } from "./workload-identities";
export { DedicatedPoolPlacement } from "./dedicated-pool-placement";
export type { DedicatedNodePoolOptions, SchedulingGuidance } from "./dedicated-pool-placement";
export { TenantDisruptionBudgets } from "./tenant-disruption-budgets";
export type { PodDisruptionBudgetOptions } from "./tenant-disruption-budgets";
export type { TenantContext } from "./tenant-context";

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
 *
 * The class composes one object per concern, each exposed as a field and each creating its resources
 * with this construct as their scope: {@link quotas}, {@link connections} (network policies, and
 * `allowFrom`/`allowTo` for more), {@link access}, {@link identities}, {@link dedicatedPool}.
 */
export class IsolatedNamespace extends Construct implements ITenantNamespace {
  public readonly namespaceName: string;
  public readonly cluster: ISecureCluster;
  public readonly trustLevel: TenantTrustLevel;
  public readonly namespace: NamespaceV1;
  /** ResourceQuota, system-priority quota and LimitRange (AKS-NS-02, NS-03, TEN-08, TEN-09). */
  public readonly quotas: TenantQuotas;
  /**
   * The namespace's NetworkPolicies (AKS-NET-06), and the way to allow more:
   * `ns.connections.allowFrom(TenantPeer.pods("ingress-nginx"), [TenantPort.tcp(8080)])`.
   */
  public readonly connections: TenantNetworkPolicies;
  /** Access of the Entra groups (AKS-IAM-06/07, TEN-06). */
  public readonly access: TenantAccess;
  /** Workload identities (AKS-IAM-10, TEN-03). */
  public readonly identities: WorkloadIdentities;
  /** The dedicated pool and how pods reach it, when requested (AKS-NS-05). */
  public readonly dedicatedPool?: DedicatedPoolPlacement;
  /** PodDisruptionBudgets added with {@link addPodDisruptionBudget} (AKS-NS-04). */
  public readonly disruptionBudgets: TenantDisruptionBudgets;
  public readonly resourceQuota: ResourceQuotaV1;
  /**
   * Quota `pods: 0` scoped to the system priority classes: no tenant pod may run as
   * system-node-critical or system-cluster-critical and preempt other tenants' pods (AKS-TEN-08).
   */
  public readonly systemPriorityQuota: ResourceQuotaV1;
  public readonly limitRange: LimitRangeV1;
  /** Default-deny, DNS, same-namespace, the optional allow policies, then the connections, in that order. */
  public readonly networkPolicies: NetworkPolicyV1[];
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
  public readonly roleAssignments: RoleAssignment[];
  /** Kubernetes RoleBindings (clusters without Azure RBAC). */
  public readonly roleBindings: RoleBindingV1[];
  /** The namespace's tenant-writer and tenant-admin Roles (clusters without Azure RBAC, when groups use them). */
  public readonly roles: RoleV1[];
  public readonly serviceAccounts: ServiceAccountV1[];
  public readonly federatedCredentials: FederatedIdentityCredential[];
  public readonly workloadIdentities: TenantWorkloadIdentity[];
  public readonly podDisruptionBudgets: PodDisruptionBudgetV1[];
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

  constructor(scope: Construct, id: string, props: IsolatedNamespaceProps) {
    super(scope, id);
    SecurityBaseline.apply(this);
    const settings = resolveIsolatedNamespaceProps(this, props);
    this.cluster = props.cluster;
    this.namespaceName = props.name;
    this.trustLevel = settings.trustLevel;
    // Synth-time checks: they need every namespace of the app, whichever order or stack they are in.
    requireDeclaredPeers(this, props.externalNamespaces, () => this.connections.peerNamespaces);
    trackTenantOnCluster(this);

    const name = props.name;
    const version = settings.podSecurityVersion;
    const provider = props.provider;
    this.namespace = new NamespaceV1(this, "Namespace", {
      provider,
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
    // Every concern creates its resources with this construct as their scope, in this order: the
    // construct paths, and so the resource addresses, are those of the namespace.
    const context: TenantContext = {
      owner: this,
      cluster: props.cluster,
      namespaceName: name,
      namespace: this.namespace,
      provider,
    };
    this.quotas = new TenantQuotas(context, props.quota, props.containerLimits);
    this.resourceQuota = this.quotas.resourceQuota;
    this.systemPriorityQuota = this.quotas.systemPriorityQuota;
    this.limitRange = this.quotas.limitRange;

    this.connections = new TenantNetworkPolicies(context, props);
    this.networkPolicies = this.connections.policies;

    // Tokens of the default ServiceAccount are never mounted (AKS-IAM-12).
    this.defaultServiceAccount = new DefaultServiceAccountV1(this, "DefaultServiceAccount", {
      provider,
      metadata: { namespace: namespaceReference(context) },
      automountServiceAccountToken: false,
    });

    // Cluster-scoped guardrails the tenant cannot edit. Azure CNI powered by Cilium (SecureCluster's
    // only data plane) serves the Cilium CRDs; Kubernetes 1.30+ serves admissionregistration/v1 policies.
    this.hostEndpointDenyPolicy = new Manifest(this, "HostEndpointDenyPolicy", {
      provider,
      manifest: hostEndpointDenyPolicy(`tenant-${name}-host-endpoints`, name),
    });
    const placementName = `tenant-${name}-placement`;
    this.placementPolicy = new Manifest(this, "PlacementPolicy", {
      provider,
      manifest: placementPolicy(placementName, props.dedicatedNodePool ? TENANT_LABEL : undefined),
    });
    this.placementPolicyBinding = new Manifest(this, "PlacementPolicyBinding", {
      provider,
      manifest: placementPolicyBinding(placementName, name),
      // The binding names the policy: create the policy first.
      dependsOn: [this.placementPolicy],
    });

    this.access = new TenantAccess(context, props.accessGroups);
    this.roleAssignments = this.access.roleAssignments;
    this.roleBindings = this.access.roleBindings;
    this.roles = this.access.roles;

    this.identities = new WorkloadIdentities(context, props.workloadIdentities ?? [], {
      resourceGroupName: props.identityResourceGroupName,
      tags: props.tags,
    });
    this.workloadIdentities = this.identities.identities;
    this.federatedCredentials = this.identities.federatedCredentials;
    this.serviceAccounts = this.identities.serviceAccounts;

    if (props.dedicatedNodePool) {
      this.dedicatedPool = new DedicatedPoolPlacement(context, props.dedicatedNodePool);
      this.dedicatedNodePool = this.dedicatedPool.nodePool;
      this.schedulingGuidance = this.dedicatedPool.schedulingGuidance;
      this.schedulingOutput = this.dedicatedPool.schedulingOutput;
    }

    this.disruptionBudgets = new TenantDisruptionBudgets(context);
    this.podDisruptionBudgets = this.disruptionBudgets.budgets;

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
    return this.identities.forServiceAccount(serviceAccountName);
  }

  /**
   * Adds a PodDisruptionBudget named after `id` (lower-cased) that always allows at least one
   * eviction (AKS-NS-04): a budget allowing none makes every node drain, and so every AKS upgrade,
   * fail after the pool's drain timeout.
   */
  public addPodDisruptionBudget(id: string, options: PodDisruptionBudgetOptions): PodDisruptionBudgetV1 {
    return this.disruptionBudgets.add(id, options);
  }
}
