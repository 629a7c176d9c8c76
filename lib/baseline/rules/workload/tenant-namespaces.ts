import {
  RuleFinding,
  TerraformDocument,
  TerraformResource,
  addToGroup,
  documentIndex,
  isExpression,
  readAttribute,
} from "../../rule";
import { referenceCandidates, referencesResource } from "../../references";
import { failed, unknown } from "../findings";

/**
 * Namespaces Kubernetes, AKS and its add-ons and extensions own (Flux/GitOps, Dapr, the Istio
 * add-on's control plane and gateways, application routing); everything else is a tenant namespace.
 */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set([
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "gatekeeper-system",
  "azure-arc",
  "azure-extensions-usage-system",
  "calico-system",
  "tigera-operator",
  "app-routing-system",
  "aks-command",
  "aks-istio-system",
  "aks-istio-ingress",
  "aks-istio-egress",
  "kube-egress-gateway-system",
  "flux-system",
  "dapr-system",
]);

/**
 * The Gatekeeper built-ins' own default `excludedNamespaces` (CONTROLS.md, index "Gatekeeper"): the
 * only namespaces an assignment may exempt without weakening the baseline.
 */
export const DEFAULT_EXCLUDED_NAMESPACES: readonly string[] = [
  "kube-system",
  "gatekeeper-system",
  "azure-arc",
  "azure-extensions-usage-system",
];

/** Label IsolatedNamespace sets to record a tenant's trust level (AKS-TEN-01 reads it). */
export const TRUST_LEVEL_LABEL = "cdktf-secure-aks/trust-level";
/** Label IsolatedNamespace sets to the tenant's name. */
export const TENANT_LABEL = "cdktf-secure-aks/tenant";

// Every kubernetes-provider type of an object the tenant rules judge: the v1 resources and the
// older unversioned ones (same schema), which users of raw provider classes still write.
export const NAMESPACE_TYPES = ["kubernetes_namespace_v1", "kubernetes_namespace"] as const;
export const NETWORK_POLICY_TYPES = ["kubernetes_network_policy_v1", "kubernetes_network_policy"] as const;
export const RESOURCE_QUOTA_TYPES = ["kubernetes_resource_quota_v1", "kubernetes_resource_quota"] as const;
export const LIMIT_RANGE_TYPES = ["kubernetes_limit_range_v1", "kubernetes_limit_range"] as const;
export const SERVICE_ACCOUNT_TYPES = ["kubernetes_service_account_v1", "kubernetes_service_account"] as const;
export const DEFAULT_SERVICE_ACCOUNT_TYPES = [
  "kubernetes_default_service_account_v1",
  "kubernetes_default_service_account",
] as const;
export const POD_DISRUPTION_BUDGET_TYPES = [
  "kubernetes_pod_disruption_budget_v1",
  "kubernetes_pod_disruption_budget",
] as const;
export const ROLE_BINDING_TYPES = ["kubernetes_role_binding_v1", "kubernetes_role_binding"] as const;
export const CLUSTER_ROLE_BINDING_TYPES = [
  "kubernetes_cluster_role_binding_v1",
  "kubernetes_cluster_role_binding",
] as const;
/** Typed workload resources (pods and their controllers). ReplicaSet has no typed resource: only kubernetes_manifest. */
export const WORKLOAD_TYPES = [
  "kubernetes_deployment_v1",
  "kubernetes_deployment",
  "kubernetes_stateful_set_v1",
  "kubernetes_stateful_set",
  "kubernetes_daemon_set_v1",
  "kubernetes_daemonset",
  "kubernetes_job_v1",
  "kubernetes_job",
  "kubernetes_cron_job_v1",
  "kubernetes_cron_job",
  "kubernetes_replication_controller_v1",
  "kubernetes_replication_controller",
  "kubernetes_pod_v1",
  "kubernetes_pod",
] as const;
/** Workload kinds a kubernetes_manifest may declare. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "CronJob",
  "ReplicationController",
  "ReplicaSet",
  "Pod",
]);
export const MANIFEST_TYPE = "kubernetes_manifest";

/**
 * What a namespace resource is, for the tenant rules:
 * - "tenant": a literal name that is not a system namespace;
 * - "system": a literal system namespace name (the tenant rules do not apply);
 * - "dynamic": the name is an expression, or generated (`generate_name`): only apply knows it.
 *   Creating a namespace that already exists fails at apply, so a declared namespace with a dynamic
 *   name is judged as a tenant; rules that need its name report unknown where the name matters.
 */
export type NamespaceKind = "tenant" | "system" | "dynamic";

/** The literal name of a namespace resource, if it has one. */
export function namespaceName(namespace: TerraformResource): string | undefined {
  const name = readAttribute(namespace.config, "metadata.name");
  return typeof name === "string" && !isExpression(name) && name !== "" ? name : undefined;
}

export function namespaceKind(namespace: TerraformResource): NamespaceKind {
  const name = namespaceName(namespace);
  if (name === undefined) return "dynamic";
  return SYSTEM_NAMESPACES.has(name) ? "system" : "tenant";
}

/** True for a namespace resource with a literal, non-system name. */
export function isTenantNamespace(namespace: TerraformResource): boolean {
  return namespaceKind(namespace) === "tenant";
}

/** How a namespace is named in messages: its literal name or its name expression. */
export function describeNamespace(namespace: TerraformResource): string {
  return (
    namespaceName(namespace) ??
    String(readAttribute(namespace.config, "metadata.name") ?? `${namespace.address} (generated name)`)
  );
}

/** The namespace resources of the document, in the order of NAMESPACE_TYPES, then document order. */
export function namespaces(document: TerraformDocument): readonly TerraformResource[] {
  const all = document.index(NAMESPACES).all;
  // Like ofType: the caller may walk all of them, which is the work the linear-work guard counts.
  document.work.visited += all.length;
  return all;
}

/** How many namespace resources of the document are not system namespaces (tenant or dynamic). */
export function nonSystemNamespaceCount(document: TerraformDocument): number {
  return document.index(NAMESPACES).nonSystem;
}

interface NamespaceIndex {
  readonly all: readonly TerraformResource[];
  /** Literal names of the namespace resources. */
  readonly declaredNames: ReadonlySet<string>;
  /** Namespaces by literal name (several clusters may each declare the same name). */
  readonly byName: ReadonlyMap<string, readonly TerraformResource[]>;
  /** Namespaces by their `metadata.name` when it is a string (literal or expression). */
  readonly byNameValue: ReadonlyMap<string, readonly TerraformResource[]>;
  /** Namespaces whose name is dynamic (namespaceName undefined). */
  readonly dynamic: readonly TerraformResource[];
  /** Namespaces by their `provider` (one provider is one cluster), for AKS-TEN-01. */
  readonly byProvider: ReadonlyMap<unknown, readonly TerraformResource[]>;
  /** How many are not system namespaces. */
  readonly nonSystem: number;
}

/** Every namespace lookup the tenant rules need, built once per document. */
const NAMESPACES = documentIndex<NamespaceIndex>("namespaces", (document) => {
  const all = NAMESPACE_TYPES.flatMap((type) => document.ofType(type));
  const byName = new Map<string, TerraformResource[]>();
  const byNameValue = new Map<string, TerraformResource[]>();
  const byProvider = new Map<unknown, TerraformResource[]>();
  const dynamic: TerraformResource[] = [];
  for (const namespace of all) {
    const name = namespaceName(namespace);
    if (name === undefined) dynamic.push(namespace);
    else addToGroup(byName, name, namespace);
    const value = readAttribute(namespace.config, "metadata.name");
    if (typeof value === "string") addToGroup(byNameValue, value, namespace);
    addToGroup(byProvider, namespace.config.provider, namespace);
  }
  const nonSystem = all.filter((namespace) => namespaceKind(namespace) !== "system").length;
  return { all, declaredNames: new Set(byName.keys()), byName, byNameValue, dynamic, byProvider, nonSystem };
});

/** The namespace resources declared with the same `provider` as `namespace` (itself included), in namespaces() order. */
export function namespacesOfProvider(
  document: TerraformDocument,
  namespace: TerraformResource,
): readonly TerraformResource[] {
  return document.index(NAMESPACES).byProvider.get(namespace.config.provider) ?? [];
}

/** The namespace resources whose name or id `value` references, in namespaces() order. */
export function namespacesReferencedBy(document: TerraformDocument, value: unknown): TerraformResource[] {
  return referenceCandidates(document, value, NAMESPACE_TYPES).filter(
    (namespace) => typeof value === "string" && referencesNamespace(value, namespace),
  );
}

/** The `metadata.namespace` of an object (for kubernetes_manifest, `manifest.metadata.namespace`). */
export function objectNamespace(object: TerraformResource): unknown {
  return readAttribute(
    object.config,
    object.type === MANIFEST_TYPE ? "manifest.metadata.namespace" : "metadata.namespace",
  );
}

/** True when `value` is a reference to the namespace resource's name (or id, which is its name). */
function referencesNamespace(value: string, namespace: TerraformResource): boolean {
  return referencesResource(value, namespace, "metadata.0.name") || referencesResource(value, namespace, "id");
}

/**
 * Where an object lives relative to `namespace`:
 * - "in": by the same literal name, a reference to the namespace resource, or the very same name expression;
 * - "maybe": only apply can tell (the object's namespace is an expression that names no declared
 *   namespace, or the namespace's own name is dynamic and the object's literal namespace is not declared);
 * - "out": elsewhere.
 * For one pair; objectsIn answers for every namespace at once from an index.
 */
export function placement(
  object: TerraformResource,
  namespace: TerraformResource,
  document: TerraformDocument,
): "in" | "maybe" | "out" {
  const raw = objectNamespace(object);
  const value = raw === undefined || raw === null || raw === "" ? "default" : raw;
  if (typeof value !== "string") return "out";
  const name = namespaceName(namespace);
  if (!isExpression(value)) {
    if (name !== undefined) return value === name ? "in" : "out";
    return document.index(NAMESPACES).declaredNames.has(value) ? "out" : "maybe";
  }
  if (referencesNamespace(value, namespace) || value === readAttribute(namespace.config, "metadata.name")) return "in";
  if (namespacesReferencedBy(document, value).some((other) => other !== namespace)) return "out";
  return "maybe";
}

interface Placements {
  /** Objects certainly in each namespace, in objectsIn order (types, then document order). */
  readonly certain: ReadonlyMap<TerraformResource, readonly TerraformResource[]>;
  /** Objects whose namespace is an expression naming no declared namespace: maybe in every namespace they are not in. */
  readonly maybeAnywhere: readonly TerraformResource[];
  /** Objects with a literal namespace no namespace resource declares: maybe in every namespace with a dynamic name. */
  readonly maybeDynamic: readonly TerraformResource[];
  /** Position of each object in objectsIn order, to merge the lists above. */
  readonly order: ReadonlyMap<TerraformResource, number>;
}

/** Placements of the objects of some types (key: the types, comma-separated), built once per document and types. */
const PLACEMENTS = documentIndex("objects by namespace", () => new Map<string, Placements>());

/** The placement of every object of `types` relative to every namespace: one pass over the objects (see placement). */
function placements(document: TerraformDocument, types: readonly string[]): Placements {
  const cache = document.index(PLACEMENTS);
  const key = types.join(",");
  const cached = cache.get(key);
  if (cached) return cached;
  const index = document.index(NAMESPACES);
  const certain = new Map<TerraformResource, TerraformResource[]>();
  const maybeAnywhere: TerraformResource[] = [];
  const maybeDynamic: TerraformResource[] = [];
  const order = new Map<TerraformResource, number>();
  for (const type of types) {
    for (const object of document.ofType(type)) {
      order.set(object, order.size);
      const raw = objectNamespace(object);
      const value = raw === undefined || raw === null || raw === "" ? "default" : raw;
      if (typeof value !== "string") continue;
      if (!isExpression(value)) {
        for (const namespace of index.byName.get(value) ?? []) addToGroup(certain, namespace, object);
        if (!index.declaredNames.has(value)) maybeDynamic.push(object);
        continue;
      }
      const referenced = namespacesReferencedBy(document, value);
      const inside = new Set([...referenced, ...(index.byNameValue.get(value) ?? [])]);
      for (const namespace of inside) addToGroup(certain, namespace, object);
      if (referenced.length === 0) maybeAnywhere.push(object);
    }
  }
  const built = { certain, maybeAnywhere, maybeDynamic, order };
  cache.set(key, built);
  return built;
}

/** Objects of `types` in `namespace` (certain), and those that may be in it (only apply can tell). */
export function objectsIn(
  document: TerraformDocument,
  types: readonly string[],
  namespace: TerraformResource,
): { readonly certain: TerraformResource[]; readonly possible: TerraformResource[] } {
  const { certain, maybeAnywhere, maybeDynamic, order } = placements(document, types);
  const inside = certain.get(namespace) ?? [];
  const insideSet = new Set(inside);
  const possible = maybeAnywhere.filter((object) => !insideSet.has(object));
  if (namespaceName(namespace) === undefined && maybeDynamic.length > 0) {
    possible.push(...maybeDynamic);
    possible.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  }
  return { certain: [...inside], possible };
}

/** kubernetes_manifest objects of `kind` (literal) in or possibly in `namespace`. */
export function manifestsIn(
  document: TerraformDocument,
  kind: string,
  namespace: TerraformResource,
): { readonly certain: TerraformResource[]; readonly possible: TerraformResource[] } {
  const all = objectsIn(document, [MANIFEST_TYPE], namespace);
  const ofKind = (object: TerraformResource): boolean => readAttribute(object.config, "manifest.kind") === kind;
  return { certain: all.certain.filter(ofKind), possible: all.possible.filter(ofKind) };
}

/**
 * The finding when no object certainly in the namespace meets the rule: unknown when an object that
 * may be in it (only apply can tell) could, failed otherwise.
 */
export function missingInNamespace(
  namespace: TerraformResource,
  possible: readonly TerraformResource[],
  attribute: string,
  value: unknown,
  why: string,
): RuleFinding {
  if (possible.length > 0) {
    const where =
      namespaceName(namespace) === undefined
        ? `the namespace's name (${describeNamespace(namespace)}) is known only at apply`
        : "their namespace is an expression";
    return unknown(
      attribute,
      possible.map((object) => object.address),
      `${possible.map((object) => object.address).join(", ")} may be in this namespace (${where}); if not, ${why}`,
    );
  }
  return failed(attribute, value, why);
}

/** Marks a label (or the whole label map) that is a Terraform expression. */
export const EXPRESSION: unique symbol = Symbol("expression");

/** The namespace's labels: an object, EXPRESSION when the map is an expression, undefined when absent. */
export function namespaceLabels(namespace: TerraformResource): Record<string, unknown> | typeof EXPRESSION | undefined {
  const labels = readAttribute(namespace.config, "metadata.labels");
  if (labels === undefined || labels === null) return undefined;
  if (typeof labels === "string") return isExpression(labels) ? EXPRESSION : undefined;
  return typeof labels === "object" && !Array.isArray(labels) ? (labels as Record<string, unknown>) : undefined;
}

/** One label's value: a literal string, EXPRESSION (the value or the whole map is one), or undefined when absent. */
export function labelValue(namespace: TerraformResource, key: string): string | typeof EXPRESSION | undefined {
  const labels = namespaceLabels(namespace);
  if (labels === EXPRESSION) return EXPRESSION;
  const value = labels?.[key];
  if (value === undefined || value === null) return undefined;
  if (isExpression(value)) return EXPRESSION;
  return String(value);
}
