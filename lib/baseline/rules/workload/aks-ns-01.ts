import { RuleFinding, TerraformDocument, isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import {
  MANIFEST_TYPE,
  NAMESPACE_TYPES,
  SERVICE_ACCOUNT_TYPES,
  SYSTEM_NAMESPACES,
  WORKLOAD_KINDS,
  WORKLOAD_TYPES,
  describeNamespace,
  namespaceKind,
  namespaceName,
  namespacesReferencedBy,
} from "./tenant-namespaces";

const NAMESPACES: ReadonlySet<string> = new Set(NAMESPACE_TYPES);

/** Judges where a workload is placed: `value` is its metadata.namespace. */
function judgePlacement(value: unknown, attribute: string, document: TerraformDocument): RuleFinding {
  if (value === undefined || value === null || value === "" || value === "default") {
    return failed(
      attribute,
      value || "absent (default)",
      "a workload in the default namespace belongs to no tenant and escapes tenant quotas and policies",
    );
  }
  if (typeof value !== "string") return failed(attribute, value, "is not a namespace name");
  if (!isExpression(value)) {
    if (SYSTEM_NAMESPACES.has(value))
      return failed(attribute, value, "tenant workloads must not run in a system namespace");
    return passed(attribute, value);
  }
  // A reference to a namespace declared here is that namespace (a new one: creating default or a
  // system namespace would fail at apply); any other expression is known only at apply.
  const declared = namespacesReferencedBy(document, value)[0];
  if (!declared)
    return unknown(
      attribute,
      value,
      "the namespace is an expression that names no namespace declared in this document; check it is a tenant namespace",
    );
  if (namespaceKind(declared) === "system")
    return failed(attribute, namespaceName(declared), "tenant workloads must not run in a system namespace");
  return passed(attribute, value, `placed in ${describeNamespace(declared)} (${declared.address})`);
}

/**
 * Error: every tenant gets a namespace, and workloads never land in default or system namespaces.
 * Judged on namespaces, on every typed workload and ServiceAccount (v1 and unversioned), and on
 * kubernetes_manifest objects that have a namespace or are workloads.
 */
export const aksNs01 = defineRule("AKS-NS-01", {
  resourceTypes: [...NAMESPACE_TYPES, ...WORKLOAD_TYPES, ...SERVICE_ACCOUNT_TYPES, MANIFEST_TYPE],
  fix: "Give each tenant its own namespace (IsolatedNamespace) and never deploy workloads into default or kube-system.",
  evaluate: (resource, document) => {
    if (NAMESPACES.has(resource.type)) {
      const kind = namespaceKind(resource);
      if (kind === "system") return undefined;
      if (kind === "dynamic")
        return unknown(
          "metadata.name",
          readAttribute(resource.config, "metadata.name"),
          "the namespace's name is known only at apply; check it is a dedicated tenant namespace",
        );
      return passed("metadata.name", namespaceName(resource));
    }
    if (resource.type === MANIFEST_TYPE) {
      const manifest = resource.config.manifest;
      if (typeof manifest === "string" && isExpression(manifest))
        return unknown("manifest", manifest, "the manifest is an expression known only at apply");
      const namespace = readAttribute(manifest, "metadata.namespace");
      if (namespace === undefined || namespace === null) {
        const kind = readAttribute(manifest, "kind");
        if (isExpression(kind))
          return unknown(
            "manifest.kind",
            kind,
            "the manifest's kind is an expression; a namespaced workload without a namespace lands in default",
          );
        if (typeof kind !== "string" || !(WORKLOAD_KINDS.has(kind) || kind === "ServiceAccount")) return undefined;
      }
      return judgePlacement(namespace, "manifest.metadata.namespace", document);
    }
    return judgePlacement(readAttribute(resource.config, "metadata.namespace"), "metadata.namespace", document);
  },
});
