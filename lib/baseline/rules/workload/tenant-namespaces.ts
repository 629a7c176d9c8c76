import { TerraformDocument, TerraformResource, readAttribute } from "../../rule";
import { referencesResource } from "../../references";

/**
 * Namespaces Kubernetes, AKS and its add-ons and extensions own (Flux/GitOps, Dapr, the Istio
 * add-on's control plane and gateways, application routing); everything else is a tenant namespace.
 */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set([
  "default", "kube-system", "kube-public", "kube-node-lease", "gatekeeper-system", "azure-arc", "azure-extensions-usage-system",
  "calico-system", "tigera-operator", "app-routing-system", "aks-command", "aks-istio-system", "aks-istio-ingress", "aks-istio-egress",
  "kube-egress-gateway-system", "flux-system", "dapr-system",
]);

/** Label IsolatedNamespace sets to record a tenant's trust level (AKS-TEN-01 reads it). */
export const TRUST_LEVEL_LABEL = "cdktf-secure-aks/trust-level";

/** The literal name of a kubernetes_namespace_v1, if it has one. */
export function namespaceName(namespace: TerraformResource): string | undefined {
  const name = readAttribute(namespace.config, "metadata.name");
  return typeof name === "string" && !name.includes("${") ? name : undefined;
}

/** True for a kubernetes_namespace_v1 that is not a system namespace. */
export function isTenantNamespace(namespace: TerraformResource): boolean {
  const name = namespaceName(namespace);
  return name !== undefined && !SYSTEM_NAMESPACES.has(name);
}

/** True when a namespaced object (metadata.namespace) lives in `namespace`, by literal name or reference. */
export function isInNamespace(object: TerraformResource, namespace: TerraformResource): boolean {
  const value = readAttribute(object.config, "metadata.namespace");
  if (typeof value !== "string") return false;
  return value === namespaceName(namespace) || referencesResource(value, namespace, "metadata.0.name");
}

/** Objects of `type` in `namespace`. */
export function objectsIn(document: TerraformDocument, type: string, namespace: TerraformResource): TerraformResource[] {
  return document.ofType(type).filter((object) => isInNamespace(object, namespace));
}
