/**
 * What each tenant access level may do, as one table that yields both the Azure RBAC data actions
 * of the custom roles (clusters with Azure RBAC for Kubernetes authorization) and the rules of the
 * namespaced Kubernetes Roles (clusters with Kubernetes RBAC), so the two cannot drift apart.
 *
 * Sources: the built-in "Azure Kubernetes Service RBAC Writer" (a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb)
 * and "RBAC Admin" (3498e952-d568-435e-9b2c-8d77e338d7f7) as listed in MicrosoftDocs/azure-docs
 * articles/role-based-access-control/built-in-roles/containers.md; data action names from
 * articles/role-based-access-control/permissions/containers.md; custom roles for Kubernetes
 * authorization in azure-aks-docs articles/aks/manage-azure-rbac.md.
 *
 * The tenant Writer is the built-in Writer minus writes of NetworkPolicies (a Writer could delete
 * the namespace's default-deny policy) and of Endpoints (a hand-written Endpoints object can point a
 * Service at any IP, which Azure Policy 1ddac26b audits). The tenant Admin is that Writer plus reading
 * Roles and RoleBindings: it does not get the built-in Admin's `managedClusters/*`, which also covers
 * LimitRanges, NetworkPolicies, RoleBindings with `bind`/`escalate`, and every custom resource
 * (CiliumNetworkPolicies, which could allow what the default-deny policy denies).
 */
import { AKS_DATA_ACTION_PREFIX } from "../util/azure-roles";

/** One resource of the Kubernetes API, as Azure names it (`<group>/<resource>`, core group without prefix). */
export interface ResourceAccess {
  /** API group ("" for the core group). */
  readonly group: string;
  readonly resource: string;
  /** "read": get, list, watch. "write": every verb. */
  readonly access: "read" | "write";
  /** Subresources the Kubernetes Role lists explicitly (Azure's `<resource>/*` covers them). */
  readonly subresources?: string[];
  /** Not served by current Kubernetes (the `extensions` group): kept in the Azure role for parity with the built-in only. */
  readonly azureOnly?: boolean;
  /** Cluster-scoped: a namespaced Role cannot grant it; the Azure role, assigned at namespace scope, lists it as the built-in does. */
  readonly clusterScoped?: boolean;
}

const r = (group: string, resource: string, extra: Partial<ResourceAccess> = {}): ResourceAccess => ({
  group,
  resource,
  access: "read",
  ...extra,
});
const w = (group: string, resource: string, extra: Partial<ResourceAccess> = {}): ResourceAccess => ({
  group,
  resource,
  access: "write",
  ...extra,
});

/** The tenant Writer: the built-in Writer's data actions, NetworkPolicies and Endpoints read-only. */
export const TENANT_WRITER: readonly ResourceAccess[] = [
  r("apps", "controllerrevisions"),
  w("apps", "daemonsets", { subresources: ["daemonsets/status"] }),
  w("apps", "deployments", { subresources: ["deployments/scale", "deployments/status"] }),
  w("apps", "replicasets", { subresources: ["replicasets/scale", "replicasets/status"] }),
  w("apps", "statefulsets", { subresources: ["statefulsets/scale", "statefulsets/status"] }),
  w("autoscaling", "horizontalpodautoscalers"),
  w("batch", "cronjobs"),
  w("batch", "jobs"),
  w("coordination.k8s.io", "leases"),
  r("discovery.k8s.io", "endpointslices"),
  w("", "configmaps"),
  // Read-only: the built-in Writer's endpoints/* lets a tenant point a Service at any address (AKS-TEN-06).
  r("", "endpoints"),
  r("events.k8s.io", "events"),
  w("", "events"),
  w("extensions", "daemonsets", { azureOnly: true }),
  w("extensions", "deployments", { azureOnly: true }),
  w("extensions", "ingresses", { azureOnly: true }),
  r("extensions", "networkpolicies", { azureOnly: true }),
  w("extensions", "replicasets", { azureOnly: true }),
  r("", "limitranges"),
  r("metrics.k8s.io", "pods"),
  r("metrics.k8s.io", "nodes", { clusterScoped: true }),
  r("", "namespaces", { clusterScoped: true }),
  w("networking.k8s.io", "ingresses"),
  // Read-only: a Writer who may write NetworkPolicies may delete the namespace's default-deny (AKS-TEN-06).
  r("networking.k8s.io", "networkpolicies"),
  w("", "persistentvolumeclaims"),
  w("", "pods", {
    subresources: ["pods/attach", "pods/exec", "pods/portforward", "pods/eviction", "pods/log", "pods/status"],
  }),
  w("policy", "poddisruptionbudgets"),
  w("", "replicationcontrollers", { subresources: ["replicationcontrollers/scale"] }),
  r("", "resourcequotas"),
  w("", "secrets"),
  w("", "serviceaccounts", { subresources: ["serviceaccounts/token"] }),
  w("", "services", { subresources: ["services/proxy"] }),
];

/** The tenant Admin: the tenant Writer plus reading the namespace's Roles and RoleBindings. */
export const TENANT_ADMIN: readonly ResourceAccess[] = [
  ...TENANT_WRITER,
  r("rbac.authorization.k8s.io", "roles"),
  r("rbac.authorization.k8s.io", "rolebindings"),
];

/** Azure RBAC data actions of a level, in the built-in roles' notation. */
export function azureDataActions(level: readonly ResourceAccess[]): string[] {
  return level.map(
    (entry) =>
      `${AKS_DATA_ACTION_PREFIX}${entry.group === "" ? "" : `${entry.group}/`}${entry.resource}/${entry.access === "write" ? "*" : "read"}`,
  );
}

/** A rule of a Kubernetes Role. */
export interface KubernetesRoleRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
}

const READ_VERBS = ["get", "list", "watch"];
const WRITE_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

/** Rules of the namespaced Kubernetes Role of a level: one rule per API group and verb set, sorted. */
export function kubernetesRoleRules(level: readonly ResourceAccess[]): KubernetesRoleRule[] {
  const groups = new Map<string, { group: string; verbs: string[]; resources: string[] }>();
  for (const entry of level) {
    if (entry.azureOnly || entry.clusterScoped) continue;
    const verbs = entry.access === "write" ? WRITE_VERBS : READ_VERBS;
    const key = `${entry.group}|${entry.access}`;
    const rule = groups.get(key) ?? { group: entry.group, verbs, resources: [] };
    rule.resources.push(entry.resource, ...(entry.subresources ?? []));
    groups.set(key, rule);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, rule]) => ({ apiGroups: [rule.group], resources: [...rule.resources].sort(), verbs: rule.verbs }));
}
