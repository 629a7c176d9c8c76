import { TerraformDocument, TerraformResource, addToGroup, documentIndex, isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { referenceCandidates, referencesResource } from "../../references";
import { failed, passed, unknown } from "../findings";
import { NAMESPACE_TYPES, namespaceKind, namespaceName, nonSystemNamespaceCount } from "./tenant-namespaces";

const ALLOWED_IMAGES = "febd0533-8e55-448f-b837-bd0e06f16469";
const ASSIGNMENT_TYPES = [
  "azurerm_resource_policy_assignment",
  "azurerm_resource_group_policy_assignment",
  "azurerm_subscription_policy_assignment",
  "azurerm_management_group_policy_assignment",
];
/** A whole Azure Container Registry as an alternative of the regex: its host with nothing after it. */
const BARE_REGISTRY = /^[a-z0-9-]+\\\.azurecr\\\.(io|cn|us)$/;

interface NamespacedAssignment {
  readonly resource: TerraformResource;
  readonly effect: unknown;
  readonly regex: unknown;
}

interface AllowedImagesIndex {
  /** Assignments by a literal entry of their `namespaces` parameter. */
  readonly byName: ReadonlyMap<string, readonly NamespacedAssignment[]>;
  /** Assignments by a namespace resource an entry references (its name or id). */
  readonly byNamespace: ReadonlyMap<TerraformResource, readonly NamespacedAssignment[]>;
  /** Position of each assignment in ASSIGNMENT_TYPES order, then document order. */
  readonly order: ReadonlyMap<NamespacedAssignment, number>;
}

/**
 * The allowed-images assignments, parsed once per document and filed under every namespace their
 * `namespaces` parameter lists; "unparsable" when one's parameters are an expression (then no
 * namespace can be judged).
 */
const ALLOWED_IMAGES_BY_NAMESPACE = documentIndex<AllowedImagesIndex | "unparsable">(
  "allowed-images assignments by namespace",
  (document) => {
    const byName = new Map<string, NamespacedAssignment[]>();
    const byNamespace = new Map<TerraformResource, NamespacedAssignment[]>();
    const order = new Map<NamespacedAssignment, number>();
    for (const type of ASSIGNMENT_TYPES) {
      for (const assignment of document.ofType(type)) {
        const definition = assignment.config.policy_definition_id;
        if (typeof definition !== "string" || !definition.toLowerCase().endsWith(ALLOWED_IMAGES)) continue;
        const raw = assignment.config.parameters;
        if (typeof raw !== "string") continue;
        let parameters: Record<string, { value?: unknown }>;
        try {
          parameters = JSON.parse(raw) as Record<string, { value?: unknown }>;
        } catch {
          if (isExpression(raw)) return "unparsable";
          continue;
        }
        const listed = parameters.namespaces?.value;
        if (!Array.isArray(listed)) continue;
        const entry: NamespacedAssignment = {
          resource: assignment,
          effect: parameters.effect?.value ?? "Deny",
          regex: parameters.allowedContainerImagesRegex?.value,
        };
        order.set(entry, order.size);
        const names = new Set(listed.filter((item): item is string => typeof item === "string"));
        const referenced = new Set(
          listed.flatMap((item) =>
            referenceCandidates(document, item, NAMESPACE_TYPES).filter(
              (namespace) =>
                referencesResource(item, namespace, "metadata.0.name") || referencesResource(item, namespace, "id"),
            ),
          ),
        );
        for (const name of names) addToGroup(byName, name, entry);
        for (const namespace of referenced) addToGroup(byNamespace, namespace, entry);
      }
    }
    return { byName, byNamespace, order };
  },
);

/** Allowed-images assignments whose `namespaces` parameter lists the namespace (by literal name or a reference to it). */
function assignmentsFor(
  namespace: TerraformResource,
  name: unknown,
  document: TerraformDocument,
): NamespacedAssignment[] | "unparsable" {
  const index = document.index(ALLOWED_IMAGES_BY_NAMESPACE);
  if (index === "unparsable") return index;
  const found = new Set([
    ...(typeof name === "string" ? (index.byName.get(name) ?? []) : []),
    ...(index.byNamespace.get(namespace) ?? []),
  ]);
  return [...found].sort((a, b) => (index.order.get(a) ?? 0) - (index.order.get(b) ?? 0));
}

/**
 * Warning, evaluated on each tenant namespace of a document that holds two or more (a shared
 * cluster's tenant stack): an allowed-images assignment (febd0533, Deny) limited to the namespace
 * with its `namespaces` parameter must admit Azure Container Registries only under a repository
 * path, never a whole registry (`^(acr\.azurecr\.io/<tenant>|...)/.+$`). The cluster-wide
 * assignment (AKS-ACR-07) admits whole registries, and the kubelet's AcrPull reads every repository,
 * so without it any tenant runs any other tenant's images from the shared registry (issue 10 item 9).
 * A warning: the registry a tenant stack's cluster pulls from is in another document. Accept it per
 * namespace with a suppression and a reason.
 */
export const aksAcr12 = defineRule("AKS-ACR-12", {
  resourceTypes: [...NAMESPACE_TYPES],
  fix: "Assign policy febd0533 with effect Deny, namespaces = [<tenant>] and allowedContainerImagesRegex admitting the shared registry only under <login server>/<tenant>/ (AcrIntegration.restrictNamespace does), or suppress AKS-ACR-12 on the namespace with a reason.",
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    if (nonSystemNamespaceCount(document) < 2) return undefined;
    const assignments = assignmentsFor(namespace, namespaceName(namespace), document);
    if (assignments === "unparsable")
      return unknown(
        "policy_assignment.parameters",
        undefined,
        "an allowed-images assignment's parameters are an expression known only at apply",
      );
    if (assignments.length === 0)
      return failed(
        "policy_assignment.parameters.namespaces",
        undefined,
        "no allowed-images assignment is limited to this namespace, so its pods may run every other tenant's images from the shared registry",
      );
    let unresolved: string | undefined;
    for (const assignment of assignments) {
      if (typeof assignment.effect !== "string" || isExpression(assignment.effect)) {
        unresolved ??= `the effect of ${assignment.resource.address} is an expression`;
        continue;
      }
      if (assignment.effect.toLowerCase() !== "deny") continue;
      const regex = assignment.regex;
      if (typeof regex !== "string" || regex === "") continue;
      const group = /^\^\((.*)\)\/\.\+\$$/.exec(regex);
      if (!group) {
        unresolved ??= `the regex of ${assignment.resource.address} (${regex}) is not of the form ^(a|b)/.+$ this check reads`;
        continue;
      }
      const bare = group[1].split("|").filter((alternative) => BARE_REGISTRY.test(alternative));
      if (bare.length === 0)
        return passed("policy_assignment.parameters.allowedContainerImagesRegex", regex, assignment.resource.address);
      if (!isExpression(regex))
        return failed(
          "policy_assignment.parameters.allowedContainerImagesRegex",
          regex,
          `${assignment.resource.address} admits the whole registry ${bare[0].replace(/\\\./g, ".")}, not only the tenant's repositories`,
        );
    }
    if (unresolved) return unknown("policy_assignment.parameters", undefined, unresolved);
    return failed(
      "policy_assignment.parameters.effect",
      undefined,
      "no Deny allowed-images assignment limited to this namespace restricts its repositories",
    );
  },
});
