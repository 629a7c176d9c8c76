import { TerraformDocument, TerraformResource, isExpression, readAttribute } from "../../rule";
import { referencesResource } from "../../references";
import { MANIFEST_TYPE, namespaceName } from "./tenant-namespaces";

/**
 * Helpers of the rules that look for cluster-scoped objects guarding a tenant namespace
 * (AKS-TEN-04, TEN-05): such objects name the namespace in a selector, not in metadata.namespace.
 */

/** The `manifest` of every kubernetes_manifest of `kind` (literal) in the document. */
export function manifestsOfKind(document: TerraformDocument, kind: string): { resource: TerraformResource; manifest: Record<string, unknown> }[] {
  return document
    .ofType(MANIFEST_TYPE)
    .map((resource) => ({ resource, manifest: readAttribute(resource.config, "manifest") }))
    .filter((entry): entry is { resource: TerraformResource; manifest: Record<string, unknown> } => !!entry.manifest && typeof entry.manifest === "object" && readAttribute(entry.manifest, "kind") === kind);
}

/**
 * Whether a selector value names `namespace`: "yes" by the same literal, a reference to the namespace
 * resource or the very same expression; "maybe" when only apply can tell; "no" otherwise.
 */
export function namesNamespace(value: unknown, namespace: TerraformResource): "yes" | "no" | "maybe" {
  if (typeof value !== "string") return "no";
  const name = namespaceName(namespace);
  if (!isExpression(value)) return name === undefined ? "maybe" : value === name ? "yes" : "no";
  if (value === readAttribute(namespace.config, "metadata.name") || referencesResource(value, namespace, "metadata.0.name")) return "yes";
  return "maybe";
}
