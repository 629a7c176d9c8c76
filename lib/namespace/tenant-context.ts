import { Construct } from "constructs";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ISecureCluster } from "../cluster/cluster-ref";

/**
 * What each concern of an IsolatedNamespace (quotas, network policies, access, workload identities,
 * the dedicated pool) builds on. Every resource a concern creates has `owner` as its scope and keeps
 * the id it had before the split: cdk.tf.json carries each resource's construct path, and a changed
 * path makes Terraform destroy and recreate the resource.
 */
export interface TenantContext {
  /** The IsolatedNamespace: the scope of every resource of its concerns. */
  readonly owner: Construct;
  /** The cluster the namespace lives in. */
  readonly cluster: ISecureCluster;
  /** The namespace name as given (a literal or a token). */
  readonly namespaceName: string;
  /** The namespace resource; namespaced objects reference its name, so Terraform creates it first. */
  readonly namespace: NamespaceV1;
  /** Kubernetes provider of the namespace's objects; undefined: the stack's default provider. */
  readonly provider?: KubernetesProvider;
}

/**
 * `namespace.metadata.name` of each namespace, read once: every read of a provider attribute makes a
 * new cdktf token, which captures its whole creation stack, and a tenant has a dozen namespaced
 * objects. The one token resolves to the same reference in each of them.
 */
const namespaceReferences = new WeakMap<NamespaceV1, string>();

/** The namespace's name by reference, so that Terraform creates the namespace before the object that names it. */
export function namespaceReference(context: TenantContext): string {
  let reference = namespaceReferences.get(context.namespace);
  if (reference === undefined) {
    reference = context.namespace.metadata.name;
    namespaceReferences.set(context.namespace, reference);
  }
  return reference;
}

/** `metadata` of a namespaced object: its name, and the namespace by reference (created first). */
export function namespacedMetadata(context: TenantContext, name: string): { name: string; namespace: string } {
  return { name, namespace: namespaceReference(context) };
}
