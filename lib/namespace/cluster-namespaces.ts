import { IConstruct } from "constructs";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Namespace } from "@cdktf/provider-kubernetes/lib/namespace";
import { ITenantNamespace } from "./tenant-namespace-ref";
import { requireNamespaceName } from "./network-peers";
import { isUnresolved, validationMessage, withResolved } from "../util/validation";
// The baseline's definition of a system namespace is the one tenants must not take.
import { SYSTEM_NAMESPACES } from "../baseline/rules/workload/tenant-namespaces";

/**
 * The tenant namespaces of each cluster in the whole app (any stack), for the checks below. They run
 * at synth, when every namespace exists, in whichever order or stack they were created.
 */
const TENANTS_BY_CLUSTER = new WeakMap<IConstruct, ITenantNamespace[]>();
const TENANTS = new WeakSet<IConstruct>();

/** Records `tenant` on its cluster and reports, at synth, a second tenant of the same name there. */
export function trackTenantOnCluster(tenant: ITenantNamespace): void {
  const siblings = TENANTS_BY_CLUSTER.get(tenant.cluster) ?? [];
  siblings.push(tenant);
  TENANTS_BY_CLUSTER.set(tenant.cluster, siblings);
  TENANTS.add(tenant);
  tenant.node.addValidation({
    validate: () => {
      const messages: string[] = [];
      withResolved(tenant.namespaceName, (name) => {
        const first = siblings.find((other) => other.namespaceName === name);
        if (first === undefined || first === tenant) return;
        messages.push(
          validationMessage(
            "name",
            name,
            `namespace is already declared on cluster ${tenant.cluster.node.path} by ${first.node.path}`,
            "give each tenant its own namespace name",
          ),
        );
      });
      return messages;
    },
  });
}

/**
 * Every namespace the network rules of `tenant` name must exist on purpose (AKS-NET-06): a tenant of
 * the same cluster, a namespace resource of the app, a system namespace, or one of
 * `externalNamespaces`. `peers` is read at synth, so rules added after construction count too.
 */
export function requireDeclaredPeers(
  tenant: ITenantNamespace,
  externalNamespaces: string[] = [],
  peers: () => ReadonlyArray<readonly [prop: string, namespace: string]>,
): void {
  externalNamespaces.forEach((ns, index) => requireNamespaceName(tenant, `externalNamespaces[${index}]`, ns));
  const external = new Set(externalNamespaces);
  tenant.node.addValidation({
    validate: () => {
      const named = peers().filter(([, ns]) => !isUnresolved(ns) && !SYSTEM_NAMESPACES.has(ns) && !external.has(ns));
      if (named.length === 0) return [];
      const declared = declaredNamespaces(tenant);
      return named
        .filter(([, ns]) => !declared.has(ns))
        .map(([prop, ns]) =>
          validationMessage(
            prop,
            ns,
            `namespace "${ns}" is not declared on cluster ${tenant.cluster.node.path} (no IsolatedNamespace or namespace resource of this app has that name), so the rule would allow whoever later creates it`,
            `fix the name, declare the namespace, or list it in externalNamespaces when it is created outside this app`,
          ),
        );
    },
  });
}

/**
 * Literal names of the namespaces of `tenant`'s cluster in the whole app: tenants of that cluster (in
 * any stack), and namespace resources (which name no cluster, so any counts).
 */
function declaredNamespaces(tenant: ITenantNamespace): Set<string> {
  const names = new Set<string>();
  for (const other of TENANTS_BY_CLUSTER.get(tenant.cluster) ?? [])
    if (!isUnresolved(other.namespaceName)) names.add(other.namespaceName);
  for (const construct of tenant.node.root.node.findAll()) {
    // A tenant's own namespace resource counts only on its cluster (above).
    if (!(construct instanceof NamespaceV1 || construct instanceof Namespace)) continue;
    if (construct.node.scope !== undefined && TENANTS.has(construct.node.scope)) continue;
    const name = construct.metadata.nameInput;
    if (name !== undefined && !isUnresolved(name)) names.add(name);
  }
  return names;
}
