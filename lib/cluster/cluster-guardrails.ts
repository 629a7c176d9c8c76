import { Construct } from "constructs";
import { Fn, Lazy } from "cdktf";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { invalidProp, isDns1123Label, isListToken, withResolved } from "../util/validation";

const DEFINITION = "/providers/Microsoft.Authorization/policyDefinitions/";
const INITIATIVE = "/providers/Microsoft.Authorization/policySetDefinitions/";

/** Built-in ids (Azure/azure-policy, checked against policy-check's builtins.json). */
export const GUARDRAIL_POLICY_IDS = {
  /** Pod Security Standards baseline initiative v1.4.0 (AKS-POD-02). */
  podSecurityBaseline: `${INITIATIVE}a8640138-9b0a-4a28-b8cb-1666c838647d`,
  /**
   * Pod Security Standards restricted initiative v2.5.0 (AKS-POD-03). Not assigned as a whole: its
   * members are (see RESTRICTED_POD_SECURITY_MEMBERS); the baseline accepts either.
   */
  podSecurityRestricted: `${INITIATIVE}42b8ef37-b724-4e24-bbc8-7a7708edfe00`,
  /** CIS Kubernetes benchmark initiative, preview, Audit only (AKS-IAM-13). */
  cisBenchmark: `${INITIATIVE}4fd005fd-51be-478f-a8fb-149d48b20d48`,
  /** Deployment safeguards initiative v3.0.0 (AKS-CLU-08). */
  deploymentSafeguards: `${INITIATIVE}c047ea8e-9c78-49b2-958b-37e56d291a44`,
  /** Internal load balancers only (AKS-NET-10). */
  internalLoadBalancers: `${DEFINITION}3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e`,
  /** HTTPS-only ingress (AKS-NET-11). */
  httpsIngress: `${DEFINITION}1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d`,
  /** No workloads in the default namespace (AKS-POD-10). */
  noDefaultNamespace: `${DEFINITION}9f061a12-e40d-4183-a00e-171812443373`,
  /** No CAP_SYS_ADMIN (AKS-POD-05). */
  noSysAdmin: `${DEFINITION}d2e7ea85-6b44-4317-a0be-1b951587f626`,
  /** Read-only root filesystem (AKS-POD-04). */
  readOnlyRootFilesystem: `${DEFINITION}df49d893-a74c-421d-bc95-c663042e5b80`,
  /** Allowed AppArmor profiles (AKS-POD-06). */
  appArmor: `${DEFINITION}511f5417-5d12-434d-ab2e-816901e72a5e`,
  /** Forbidden sysctls (AKS-POD-08). */
  forbiddenSysctls: `${DEFINITION}56d0a13f-712f-466b-8416-56fb354fb823`,
  /** Allowed /proc mount type (AKS-POD-08). */
  procMount: `${DEFINITION}f85eb0dd-92ee-40e9-8a76-db25a507d6d3`,
  /** SELinux options (AKS-POD-08). */
  seLinux: `${DEFINITION}e1e6c427-07d9-46ab-9689-bfa85431e636`,
  /** FlexVolume drivers (AKS-POD-08). */
  flexVolume: `${DEFINITION}f4a8fce0-2dd5-4c21-9a36-8f0ec809d663`,
  /**
   * Services may use only allowed externalIPs (AKS-TEN-07): with an empty allow-list and Deny no
   * Service can claim an external IP, which closes CVE-2020-8554 (a tenant's Service intercepting
   * traffic to any IP). Built-in AllowedExternalIPs.json v5.2.0, parameter `allowedExternalIPs`
   * (Azure/azure-policy built-in-policies/policyDefinitions/Kubernetes/AllowedExternalIPs.json).
   */
  externalIps: `${DEFINITION}d46c275d-1680-448d-b2ec-e495a3b6cc89`,
  /** Container CPU/memory limit ceilings (AKS-POD-09). */
  containerLimits: `${DEFINITION}e345eecc-fa47-480f-9e88-67dcc122b164`,
} as const;

/**
 * The members of the Pod Security Standards restricted initiative (42b8ef37 v2.5.0), assigned one
 * by one with the initiative's own member parameters (Azure/azure-policy
 * built-in-policies/policySetDefinitions/Kubernetes/PSPRestrictedStandard.json), except that the
 * group rules of f06ddb64 are MayRunAs instead of MustRunAs. The initiative hard-codes
 * runAsGroup, fsGroup and supplementalGroups as MustRunAs 1-65535, so a pod that satisfies PSA
 * restricted but sets none of them (most Helm charts) is denied and its ReplicaSet silently creates
 * no pod; PSA restricted itself does not require them (kubernetes.io/docs/concepts/security/pod-security-standards).
 * MayRunAs still refuses a group outside 1-65535 (root group 0) when one is set (AKS-POD-03).
 */
export const RESTRICTED_POD_SECURITY_MEMBERS: readonly {
  readonly key: string;
  readonly guid: string;
  readonly parameters: Record<string, unknown>;
}[] = [
  { key: "privileged", guid: "95edb821-ddaf-4404-9732-666045e056b4", parameters: {} },
  { key: "escalation", guid: "1c6e92c9-99f0-4e55-9cf2-0c234dc48f99", parameters: {} },
  {
    key: "host-network",
    guid: "82985f06-dc18-4a48-bc1c-b9f4f0098cfe",
    parameters: { allowHostNetwork: false, allowedHostPorts: [] },
  },
  { key: "host-namespaces", guid: "47a1ee2f-2a2a-4576-bf2a-e0e36709c2b8", parameters: {} },
  // The catalog's capabilities: PSS restricted allows only NET_BIND_SERVICE and drops ALL.
  {
    key: "capabilities",
    guid: "c26596ff-4d70-4e6a-9a30-c2506bd2f80c",
    parameters: { allowedCapabilities: ["NET_BIND_SERVICE"], requiredDropCapabilities: ["ALL"] },
  },
  {
    key: "volumes",
    guid: "16697877-1118-4fb1-9b65-9898ec2509ec",
    parameters: {
      allowedVolumeTypes: [
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "persistentVolumeClaim",
        "projected",
        "secret",
      ],
    },
  },
  {
    key: "users-groups",
    guid: "f06ddb64-5fa3-4b77-b166-acb36f7f6042",
    parameters: {
      runAsUserRule: "MustRunAsNonRoot",
      runAsUserRanges: { ranges: [] },
      runAsGroupRule: "MayRunAs",
      runAsGroupRanges: { ranges: [{ min: 1, max: 65535 }] },
      fsGroupRule: "MayRunAs",
      fsGroupRanges: { ranges: [{ min: 1, max: 65535 }] },
      supplementalGroupsRule: "MayRunAs",
      supplementalGroupsRanges: { ranges: [{ min: 1, max: 65535 }] },
    },
  },
  {
    key: "seccomp",
    guid: "975ce327-682c-4f2e-aa46-b9598289b86c",
    parameters: { allowedProfiles: ["runtime/default", "docker/default"] },
  },
];

/**
 * Assigns every member of {@link RESTRICTED_POD_SECURITY_MEMBERS} to `clusterId` with Deny for the
 * `namespaces` returned at synth, as children of `scope`. Azure policy
 * assignment names at resource scope are at most 64 characters; `namePrefix` plus a member key stays
 * well below.
 */
export function assignRestrictedPodSecurity(
  scope: Construct,
  namePrefix: string,
  displayPrefix: string,
  clusterId: string,
  namespaces: () => string[],
): Record<string, ResourcePolicyAssignment> {
  const result: Record<string, ResourcePolicyAssignment> = {};
  for (const member of RESTRICTED_POD_SECURITY_MEMBERS) {
    result[member.key] = new ResourcePolicyAssignment(scope, `pod-security-restricted-${member.key}`, {
      name: `${namePrefix}-${member.key}`,
      displayName: `${displayPrefix} (${member.key}, Deny)`,
      resourceId: clusterId,
      policyDefinitionId: `${DEFINITION}${member.guid}`,
      parameters: Lazy.stringValue({
        produce: () => {
          const parameters: Record<string, { value: unknown }> = { effect: { value: "Deny" } };
          for (const [key, value] of Object.entries(member.parameters)) parameters[key] = { value };
          // Only the tenant namespaces; excludedNamespaces stays at the definitions' system default.
          parameters.namespaces = { value: namespaces() };
          return JSON.stringify(parameters);
        },
      }),
    });
  }
  return result;
}

/** Ceilings for AKS-POD-09 (Kubernetes quantities). */
export interface ContainerLimitCeilings {
  /** Largest CPU limit a container may declare, e.g. "2" or "500m". */
  readonly cpu: string;
  /** Largest memory limit a container may declare, e.g. "4Gi". */
  readonly memory: string;
}

/** Props of {@link ClusterGuardrails}. */
export interface ClusterGuardrailsProps {
  /** Resource id of the cluster the assignments apply to. */
  readonly clusterId: string;

  /**
   * Namespaces excluded from every guardrail (Gatekeeper `excludedNamespaces`). Add the namespace of
   * a platform ingress controller that must expose a public load balancer, for example. A token for
   * the whole list (a `list(string)` variable) is rendered with Terraform's `jsonencode` and is not
   * checked here, so make sure it includes kube-system.
   *
   * @default ["kube-system", "gatekeeper-system", "azure-arc", "azure-extensions-usage-system"] (the built-ins' own default)
   */
  readonly excludedNamespaces?: string[];

  /**
   * Enforce a read-only root filesystem with Deny instead of reporting it (AKS-POD-04). Off by
   * default because most images write to their filesystem; Audit still lists every offender.
   *
   * @default false (Audit)
   */
  readonly denyWritableRootFilesystem?: boolean;

  /**
   * Container limit ceilings (AKS-POD-09). The built-in has no default ceiling, so no assignment is
   * made without one; tenant LimitRanges (AKS-NS-03) bound namespaces meanwhile.
   *
   * @default - not assigned
   */
  readonly containerLimitCeilings?: ContainerLimitCeilings;
}

const DEFAULT_EXCLUDED = ["kube-system", "gatekeeper-system", "azure-arc", "azure-extensions-usage-system"];

/**
 * Cluster-wide Azure Policy guardrails (Gatekeeper via the Azure Policy add-on, AKS-CLU-01), plus the
 * Pod Security Standards "restricted" members for registered tenant namespaces.
 *
 * Decisions (control ids of docs/controls.md):
 * - Deny: PSS baseline (POD-02), internal LBs (NET-10), no Service externalIPs (TEN-07), HTTPS ingress (NET-11), default namespace
 *   (POD-10), CAP_SYS_ADMIN (POD-05: already outside the baseline's capability allow-list, so no extra
 *   breakage), /proc mount, SELinux, FlexVolume and sysctls (POD-08: the PSS baseline fields the
 *   baseline initiative lacks; sysctls are all forbidden, stricter than PSS's safe set).
 * - Audit: read-only root FS (POD-04, Deny opt-in), AppArmor (POD-06: the Gatekeeper template flags
 *   pods that carry no AppArmor annotation at all, so Deny would reject every ordinary pod), CIS
 *   initiative (IAM-13: Audit is the only effect it allows), deployment safeguards (CLU-08: Deny
 *   breaks many Helm charts).
 * - Not assigned cluster-wide: seccomp (POD-07; the restricted initiative enforces it in tenant
 *   namespaces, PSA labels do too) and limit ceilings (POD-09) unless ceilings are given.
 */
export class ClusterGuardrails extends Construct {
  /** PSS baseline initiative, Deny (AKS-POD-02). */
  public readonly podSecurityBaseline: ResourcePolicyAssignment;
  /** Every assignment made at construction, keyed by a stable name (escape hatch). */
  public readonly assignments: Record<string, ResourcePolicyAssignment>;
  /**
   * The PSS restricted members for tenant namespaces, keyed by member (privileged, escalation,
   * host-network, host-namespaces, capabilities, volumes, users-groups, seccomp); created by the
   * first registration (AKS-POD-03). See {@link RESTRICTED_POD_SECURITY_MEMBERS}.
   */
  public podSecurityRestricted?: Record<string, ResourcePolicyAssignment>;

  private readonly clusterId: string;
  private readonly excluded: string[];
  private readonly tenantNamespaces = new Set<string>();

  constructor(scope: Construct, id: string, props: ClusterGuardrailsProps) {
    super(scope, id);
    this.clusterId = props.clusterId;
    this.excluded = props.excludedNamespaces ?? DEFAULT_EXCLUDED;
    // A token for the whole list has no elements to check at synth.
    for (const ns of isListToken(this.excluded) ? [] : this.excluded) {
      withResolved(ns, (name) => {
        if (isDns1123Label(name)) return;
        invalidProp(
          this,
          "excludedNamespaces",
          name,
          "is not a Kubernetes namespace name",
          "use lower-case DNS-1123 labels",
        );
      });
    }
    withResolved(props.excludedNamespaces, (excluded) => {
      if (excluded.includes("kube-system")) return;
      invalidProp(
        this,
        "excludedNamespaces",
        excluded,
        "does not exclude kube-system, so Deny guardrails would block AKS's own add-ons",
        'include "kube-system" (and "gatekeeper-system")',
      );
    });

    const a: Record<string, ResourcePolicyAssignment> = {};
    a.podSecurityBaseline = this.assign(
      "pod-security-baseline",
      "aks-pss-baseline",
      "AKS-POD-02 Pod Security Standards baseline (Deny)",
      GUARDRAIL_POLICY_IDS.podSecurityBaseline,
      { effect: "Deny" },
    );
    a.internalLoadBalancers = this.assign(
      "internal-load-balancers",
      "aks-internal-lb-only",
      "AKS-NET-10 Internal load balancers only (Deny)",
      GUARDRAIL_POLICY_IDS.internalLoadBalancers,
      { effect: "Deny" },
    );
    a.httpsIngress = this.assign(
      "https-ingress",
      "aks-https-ingress-only",
      "AKS-NET-11 HTTPS-only ingress (Deny)",
      GUARDRAIL_POLICY_IDS.httpsIngress,
      { effect: "Deny" },
    );
    a.noDefaultNamespace = this.assign(
      "no-default-namespace",
      "aks-no-default-namespace",
      "AKS-POD-10 Default namespace not used (Deny)",
      GUARDRAIL_POLICY_IDS.noDefaultNamespace,
      { effect: "Deny" },
    );
    a.noSysAdmin = this.assign(
      "no-sys-admin",
      "aks-no-cap-sys-admin",
      "AKS-POD-05 No CAP_SYS_ADMIN (Deny)",
      GUARDRAIL_POLICY_IDS.noSysAdmin,
      { effect: "Deny" },
    );
    a.readOnlyRootFilesystem = this.assign(
      "read-only-root-filesystem",
      "aks-read-only-root-fs",
      `AKS-POD-04 Read-only root filesystem (${props.denyWritableRootFilesystem ? "Deny" : "Audit"})`,
      GUARDRAIL_POLICY_IDS.readOnlyRootFilesystem,
      { effect: props.denyWritableRootFilesystem ? "Deny" : "Audit" },
    );
    a.appArmor = this.assign(
      "apparmor",
      "aks-apparmor-runtime-default",
      "AKS-POD-06 AppArmor runtime/default (Audit)",
      GUARDRAIL_POLICY_IDS.appArmor,
      { effect: "Audit", allowedProfiles: ["runtime/default"] },
    );
    a.forbiddenSysctls = this.assign(
      "forbidden-sysctls",
      "aks-no-sysctls",
      "AKS-POD-08 No sysctls (Deny)",
      GUARDRAIL_POLICY_IDS.forbiddenSysctls,
      { effect: "Deny", forbiddenSysctls: ["*"] },
    );
    a.procMount = this.assign(
      "proc-mount",
      "aks-default-proc-mount",
      "AKS-POD-08 Default /proc mount (Deny)",
      GUARDRAIL_POLICY_IDS.procMount,
      { effect: "Deny", procMountType: "Default" },
    );
    a.seLinux = this.assign(
      "selinux",
      "aks-selinux-baseline",
      "AKS-POD-08 SELinux options (Deny)",
      GUARDRAIL_POLICY_IDS.seLinux,
      { effect: "Deny" },
    );
    a.flexVolume = this.assign(
      "flexvolume",
      "aks-no-flexvolume",
      "AKS-POD-08 No FlexVolume drivers (Deny)",
      GUARDRAIL_POLICY_IDS.flexVolume,
      { effect: "Deny", allowedFlexVolumeDrivers: [] },
    );
    // Deny with an empty allow-list, as aks-baseline does: no Service may claim an external IP
    // (CVE-2020-8554, kubernetes/kubernetes#97076). Assigned on every cluster, not only those with
    // tenants: any principal that may create Services could otherwise intercept traffic (AKS-TEN-07).
    a.externalIps = this.assign(
      "external-ips",
      "aks-no-service-external-ips",
      "AKS-TEN-07 No Service externalIPs (Deny)",
      GUARDRAIL_POLICY_IDS.externalIps,
      { effect: "Deny", allowedExternalIPs: [] },
    );
    a.cisBenchmark = this.assign(
      "cis-benchmark",
      "aks-cis-benchmark",
      "AKS-IAM-13 CIS Kubernetes benchmark RBAC audits (Audit)",
      GUARDRAIL_POLICY_IDS.cisBenchmark,
      { effect: "Audit" },
    );
    a.deploymentSafeguards = this.assign(
      "deployment-safeguards",
      "aks-deployment-safeguards",
      "AKS-CLU-08 Deployment safeguards (Audit)",
      GUARDRAIL_POLICY_IDS.deploymentSafeguards,
      {
        effect: "Audit",
        // Required parameters without defaults; the values keep every member in report-only mode.
        allowedContainerImagesRegex: "^.+$",
        allowedGroups: [],
        allowedUsers: [],
        labels: [],
        reservedTaints: ["CriticalAddonsOnly"],
      },
    );
    if (props.containerLimitCeilings) {
      a.containerLimits = this.assign(
        "container-limits",
        "aks-container-limit-ceilings",
        "AKS-POD-09 Container limit ceilings (Deny)",
        GUARDRAIL_POLICY_IDS.containerLimits,
        {
          effect: "Deny",
          cpuLimit: props.containerLimitCeilings.cpu,
          memoryLimit: props.containerLimitCeilings.memory,
        },
      );
    }
    this.assignments = a;
    this.podSecurityBaseline = a.podSecurityBaseline;
  }

  /**
   * Adds a tenant namespace to the PSS restricted assignment (AKS-POD-03), creating the assignment
   * on the first call. The namespace list is rendered at synth, sorted, so registrations made from
   * other stacks before `app.synth()` are included.
   */
  public registerTenantNamespace(namespace: string): void {
    withResolved(namespace, (name) => {
      if (!isDns1123Label(name)) {
        invalidProp(
          this,
          "namespace",
          name,
          "is not a Kubernetes namespace name",
          'use a lower-case DNS-1123 label such as "team-a"',
        );
      }
      if (this.excluded.includes(name)) {
        invalidProp(
          this,
          "namespace",
          name,
          "is excluded from every guardrail",
          "register a tenant namespace, not a system one",
        );
      }
    });
    this.tenantNamespaces.add(namespace);
    this.podSecurityRestricted ??= assignRestrictedPodSecurity(
      this,
      "aks-pss-restricted",
      "AKS-POD-03 Pod Security Standards restricted for tenant namespaces",
      this.clusterId,
      () => this.registeredTenantNamespaces,
    );
  }

  /** Registered tenant namespaces, sorted. */
  public get registeredTenantNamespaces(): string[] {
    return [...this.tenantNamespaces].sort();
  }

  private assign(
    id: string,
    name: string,
    displayName: string,
    policyDefinitionId: string,
    params: Record<string, unknown>,
  ): ResourcePolicyAssignment {
    const parameters: Record<string, { value: unknown }> = {};
    for (const [key, value] of Object.entries(params)) parameters[key] = { value };
    // `namespaces` is left at each definition's default (all namespaces; ["default"] for AKS-POD-10).
    parameters.excludedNamespaces = { value: this.excluded };
    return new ResourcePolicyAssignment(this, id, {
      name,
      displayName,
      resourceId: this.clusterId,
      policyDefinitionId,
      // A list token cannot be spliced into a JSON string at synth; Terraform encodes it instead.
      parameters: isListToken(this.excluded) ? Fn.jsonencode(parameters) : JSON.stringify(parameters),
    });
  }
}
