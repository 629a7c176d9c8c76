/**
 * Cluster-scoped objects that hold a tenant namespace's isolation in place. They are cluster-scoped
 * on purpose: a namespace Writer or Admin (Azure RBAC at namespace scope, or a RoleBinding to
 * `edit`/`admin`) can change objects of its namespace only, never cluster-scoped ones.
 */

/**
 * Azure host endpoints no tenant pod may reach (AKS-TEN-04):
 * - 169.254.169.254, the Instance Metadata Service: any caller on a node gets tokens of the node's
 *   managed identities, among them the kubelet identity with AcrPull ("Azure Instance Metadata
 *   Service", learn.microsoft.com/azure/virtual-machines/instance-metadata-service);
 * - 168.63.129.16, the WireServer / Azure platform endpoint that serves the VM agent, DHCP and
 *   Azure DNS ("What is IP address 168.63.129.16", learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16).
 *   Tenant pods resolve names through CoreDNS in kube-system, which keeps its own access.
 */
export const AZURE_HOST_ENDPOINTS = ["169.254.169.254/32", "168.63.129.16/32"] as const;

/** Label key AKS's Cilium gives every endpoint for its pod's namespace (docs.cilium.io, "Endpoint Selector"). */
const CILIUM_NAMESPACE_LABEL = "k8s:io.kubernetes.pod.namespace";

/**
 * A CiliumClusterwideNetworkPolicy that denies egress from every pod of `namespace` to the Azure
 * host endpoints (AKS-TEN-04).
 *
 * Why this object: Azure CNI powered by Cilium supports CiliumClusterwideNetworkPolicy and L3/L4
 * Cilium policies without Advanced Container Networking Services (azure-aks-docs
 * articles/aks/azure-cni-powered-by-cilium.md, FAQ "Can I use CiliumClusterwideNetworkPolicy?" and
 * the feature table); `egressDeny` is an L3 rule. Cilium evaluates deny rules before allow rules of
 * any policy kind, Kubernetes NetworkPolicies included (docs.cilium.io/en/stable/security/policy/deny),
 * so an allow rule a tenant adds to its namespace cannot re-open these addresses.
 *
 * It has deny rules only: no allow rule here can widen the namespace's own default-deny
 * NetworkPolicy. Selecting the pods puts them in default-deny egress, which the namespace's
 * default-deny policy already does.
 */
export function hostEndpointDenyPolicy(name: string, namespace: string): Record<string, unknown> {
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumClusterwideNetworkPolicy",
    metadata: { name },
    spec: {
      description: `Tenant namespace ${namespace}: no egress to the Azure instance metadata service or the WireServer (platform-owned; AKS-TEN-04)`,
      endpointSelector: { matchLabels: { [CILIUM_NAMESPACE_LABEL]: namespace } },
      egressDeny: [{ toCIDR: [...AZURE_HOST_ENDPOINTS] }],
    },
  };
}

/** Taint key of a tenant's dedicated pool (`tenant=<namespace>:NoSchedule`). */
export const TENANT_TAINT_KEY = "tenant";
/** Taint of the system pool when it runs only critical add-ons (AKS-CLU-05). */
export const CRITICAL_ADDONS_TAINT_KEY = "CriticalAddonsOnly";

/** One CEL validation of a ValidatingAdmissionPolicy. */
interface Validation {
  readonly expression: string;
  readonly message: string;
  readonly reason: "Forbidden";
}

/**
 * The CEL rules of a tenant's placement policy (AKS-TEN-05). `request.namespace` is the pod's
 * namespace, so the text names no tenant. Tolerations are checked on CREATE and UPDATE (a pod's
 * tolerations may be extended after creation); nodeName only on CREATE (the scheduler's binding is a
 * subresource and is not matched; an UPDATE of a scheduled pod carries its nodeName).
 */
function placementValidations(nodeLabel: string | undefined): Validation[] {
  const tolerations = (condition: string) =>
    `!has(object.spec.tolerations) || object.spec.tolerations.all(t, ${condition})`;
  const validations: Validation[] = [
    {
      // An empty key with operator Exists tolerates every taint, the system pool's included.
      expression: tolerations(`has(t.key) && t.key != '' && t.key != '${CRITICAL_ADDONS_TAINT_KEY}'`),
      message: `Tenant pods may not tolerate every taint (empty key) or the system pool's ${CRITICAL_ADDONS_TAINT_KEY} taint.`,
      reason: "Forbidden",
    },
    {
      expression: tolerations(
        `!has(t.key) || t.key != '${TENANT_TAINT_KEY}' || ((!has(t.operator) || t.operator == 'Equal') && has(t.value) && t.value == request.namespace)`,
      ),
      message: `Tenant pods may tolerate only their own pool's taint ${TENANT_TAINT_KEY}=<their namespace>.`,
      reason: "Forbidden",
    },
    {
      // A pod created with spec.nodeName skips the scheduler, and with it the taints.
      expression: "request.operation != 'CREATE' || !has(object.spec.nodeName) || object.spec.nodeName == ''",
      message: "Tenant pods may not name their node (spec.nodeName); the scheduler places them.",
      reason: "Forbidden",
    },
  ];
  if (nodeLabel !== undefined) {
    validations.push({
      expression: `has(object.spec.nodeSelector) && '${nodeLabel}' in object.spec.nodeSelector && object.spec.nodeSelector['${nodeLabel}'] == request.namespace`,
      message: `Pods of this namespace run only on its dedicated pool: set nodeSelector ${nodeLabel}: <namespace> (and the toleration ${TENANT_TAINT_KEY}=<namespace>:NoSchedule).`,
      reason: "Forbidden",
    });
  }
  return validations;
}

/**
 * A ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, stable since Kubernetes 1.30:
 * kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy) for the pods of one
 * tenant namespace (AKS-TEN-05). The API server evaluates it in process, with no webhook to be
 * unavailable; failurePolicy Fail rejects a pod whose rules cannot be evaluated.
 *
 * @param nodeLabel - the node label of the tenant's dedicated pool; pods must select it
 */
export function placementPolicy(name: string, nodeLabel: string | undefined): Record<string, unknown> {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: { name },
    spec: {
      failurePolicy: "Fail",
      matchConstraints: {
        resourceRules: [
          { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] },
        ],
      },
      validations: placementValidations(nodeLabel),
    },
  };
}

/** The binding that applies {@link placementPolicy} to the pods of `namespace`, with action Deny. */
export function placementPolicyBinding(name: string, namespace: string): Record<string, unknown> {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicyBinding",
    metadata: { name },
    spec: {
      policyName: name,
      validationActions: ["Deny"],
      // kubernetes.io/metadata.name is set by the API server and cannot be changed by anyone.
      matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } } },
    },
  };
}
