import { IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ISecureCluster } from "../cluster/cluster-ref";
import { NEWEST_CALENDAR_MINOR } from "../cluster/kubernetes-versions";
import { ContainerLimitOptions, NamespaceQuotaOptions, validateQuotaProps } from "./tenant-quotas";
import { EgressDestination, EgressPeer, IngressSource, validateNetworkProps } from "./network-peers";
import { NamespaceAccessGroups, validateAccessGroups } from "./tenant-access";
import { WorkloadIdentityOptions, validateWorkloadIdentities } from "./workload-identities";
import { DedicatedNodePoolOptions, validateDedicatedPool } from "./dedicated-pool-placement";
import {
  invalidProp,
  isDns1123Label,
  requireOneOf,
  requireTags,
  validationMessage,
  withResolved,
} from "../util/validation";
// The baseline's definition of a system namespace is the one tenants must not take.
import { SYSTEM_NAMESPACES } from "../baseline/rules/workload/tenant-namespaces";

/**
 * How far a tenant is trusted. The topologies place tenants by it: "trusted" shares nodes,
 * "restricted" gets a dedicated node pool, "hostile" gets its own cluster (AKS-TEN-01).
 */
export type TenantTrustLevel = "trusted" | "restricted" | "hostile";
const TRUST_LEVELS: readonly TenantTrustLevel[] = ["trusted", "restricted", "hostile"];

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
   * @default - the cluster's minor version ("v1.N") when its kubernetesVersion is literal (a
   * SecureCluster, or an imported cluster given its version), else the newest minor of AKS's release
   * calendar (NEWEST_CALENDAR_MINOR, e.g. with `KubernetesVersion.latestSupported()`, whose minor is
   * known only at plan time)
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
   * the cluster with its addNodePool (AKS-NS-05); a cluster from `SecureCluster.fromClusterAttributes`
   * needs its nodeSubnetId, or vnetSubnetId here. Taints keep other tenants' pods off
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

/** pod-security-admission api.ParseVersion: "latest" or "v1.N" without leading zeros. */
const PSS_VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;

/** The props an IsolatedNamespace derives before creating anything. */
export interface ResolvedNamespaceSettings {
  readonly trustLevel: TenantTrustLevel;
  /** "v1.N" or "latest", pinned on the Pod Security labels. */
  readonly podSecurityVersion: string;
}

/**
 * Checks every prop of an IsolatedNamespace before it creates anything, so a mistake fails naming
 * the prop instead of leaving half a namespace, and derives the defaults the props leave open.
 */
export function resolveIsolatedNamespaceProps(
  scope: IConstruct,
  props: IsolatedNamespaceProps,
): ResolvedNamespaceSettings {
  requireTags(scope, "tags", props.tags);
  withResolved(props.name, (name) => {
    if (!isDns1123Label(name))
      invalidProp(
        scope,
        "name",
        name,
        "is not a DNS-1123 label",
        "use lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit",
      );
    if (SYSTEM_NAMESPACES.has(name) || name.startsWith("kube-")) {
      invalidProp(
        scope,
        "name",
        name,
        "is a system namespace that AKS or Kubernetes manages",
        'give the tenant a namespace of its own, e.g. "team-a"',
      );
    }
  });
  requireOneOf(scope, "trustLevel", props.trustLevel, TRUST_LEVELS, { problem: "is not a trust level" });
  withResolved(props.podSecurityVersion, (version) => {
    if (!PSS_VERSION.test(version))
      invalidProp(
        scope,
        "podSecurityVersion",
        version,
        "is not a Pod Security Standards version",
        `use "v1.N" (e.g. "v${NEWEST_CALENDAR_MINOR}") or "latest"`,
      );
  });
  validateQuotaProps(scope, props.name, props.quota, props.containerLimits);
  validateNetworkProps(scope, props);
  validateAccessGroups(scope, props.accessGroups);
  validateWorkloadIdentities(scope, props.name, props.workloadIdentities);
  // No check that the cluster serves admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy
  // (GA in Kubernetes 1.30, AKS-TEN-05): SecureCluster accepts only minors on AKS's calendar
  // (1.32 and later, lib/cluster/kubernetes-versions.ts), which all serve it.
  validateDedicatedPool(scope, props.cluster, props.name, props.dedicatedNodePool);
  requireKubernetesProvider(scope, props.provider);
  return {
    trustLevel: props.trustLevel ?? "trusted",
    podSecurityVersion: props.podSecurityVersion ?? defaultPodSecurityVersion(props.cluster),
  };
}

/** "v1.N" of the cluster's literal version, so Pod Security follows the cluster's minor by default. */
function defaultPodSecurityVersion(cluster: ISecureCluster): string {
  let version = `v${NEWEST_CALENDAR_MINOR}`;
  withResolved(cluster.kubernetesVersion, (known) => {
    const match = /^1\.(0|[1-9][0-9]*)(\.[0-9]+)?$/.exec(known);
    if (match) version = `v1.${match[1]}`;
  });
  return version;
}

/**
 * The kubernetes provider must live in the namespace's stack: cdktf's own messages ("add provider
 * constructs", a cross-stack provider) do not say which provider to create.
 */
function requireKubernetesProvider(scope: IConstruct, provider: KubernetesProvider | undefined): void {
  const stack = TerraformStack.of(scope);
  const fix = `create the provider in stack ${stack.node.path} with cluster.kubernetesProvider(tenantsStack, "kubernetes"), tenantsStack being that stack, and pass it as provider`;
  if (provider !== undefined) {
    const providerStack = TerraformStack.of(provider);
    if (providerStack !== stack) {
      invalidProp(
        scope,
        "provider",
        provider.node.path,
        `is a provider of stack ${providerStack.node.path}, but the namespace's objects are in stack ${stack.node.path} (a provider serves only its own stack)`,
        fix,
      );
    }
    return;
  }
  // Checked at synth, so a provider added to the stack after the namespace still counts.
  scope.node.addValidation({
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
