import { TerraformDocument, isExpression } from "../../rule";
import { clusterPolicyRule } from "../cluster-policy-rule";
import { failed, passed, unknown } from "../findings";

const ATTRIBUTE = "policy_assignment.parameters.allowedContainerImagesRegex";

/**
 * Images from registries nobody approved: public registries, and a registry any Azure customer can
 * create. The allowed-images regex must reject every one of them.
 */
export const PUBLIC_IMAGE_PROBES: readonly string[] = [
  "docker.io/library/nginx:latest",
  "nginx:latest",
  "ghcr.io/attacker/app:1",
  "attacker.azurecr.io/app:1",
  "quay.io/x/y:1",
  "registry.k8s.io/pause:3.9",
];

/**
 * Probes derived from each registry of the document, for the classic regex mistakes: no `^` (a
 * registry whose name ends in ours, or our login server as a path on another host), an unescaped
 * dot, and no `/` after the login server (a host that starts with it).
 */
function registryProbes(document: TerraformDocument): string[] {
  return document.ofType("azurerm_container_registry").flatMap((registry) => {
    const name = registry.config.name;
    if (typeof name !== "string" || isExpression(name) || name === "") return [];
    const server = `${name.toLowerCase()}.azurecr.io`;
    return [
      `attacker${server}/app:1`,
      `attacker.example/${server}/app:1`,
      `${name.toLowerCase()}-azurecr.io/app:1`,
      `${server}.attacker.example/app:1`,
    ];
  });
}

/**
 * RE2 (Go, which Gatekeeper's Rego uses) and JavaScript read most regexes alike. Lookarounds and
 * backreferences exist only in JavaScript: RE2 refuses the regex, so the policy cannot evaluate it.
 * Inline flags, POSIX classes, \A, \z, \Q…\E, \p{…} and \x{…} exist only in RE2, and JavaScript would
 * read them differently or not at all.
 */
const JS_ONLY = /\(\?<?[=!]|\\[1-9]|\\k</;
const RE2_ONLY = /\(\?[a-zA-Z-]+[:)]|\(\?P<|\[:[a-z]+:\]|\\[AzQECpP]|\\x\{/;

/**
 * Judges the allowed-images regex the way Gatekeeper applies it (an unanchored match of the image
 * reference): it must reject every probe image from a public or unapproved registry.
 */
export function judgeImageRegex(regex: unknown, document: TerraformDocument) {
  if (typeof regex !== "string" || regex === "")
    return failed(ATTRIBUTE, regex, "no allowed-images regex is set, so images from any registry are admitted");
  if (isExpression(regex))
    return unknown(ATTRIBUTE, regex, "the allowed-images regex is an expression known only at apply");
  if (JS_ONLY.test(regex))
    return failed(
      ATTRIBUTE,
      regex,
      "uses lookarounds or backreferences, which Azure Policy's RE2 engine rejects, so the policy cannot enforce it",
    );
  if (RE2_ONLY.test(regex))
    return unknown(
      ATTRIBUTE,
      regex,
      "uses RE2 syntax (inline flags, POSIX classes, \\A, \\z, \\Q…\\E, \\p, \\x{…}) this checker cannot evaluate; check it rejects public registries",
    );
  let compiled: RegExp;
  try {
    compiled = new RegExp(regex);
  } catch (error) {
    return unknown(
      ATTRIBUTE,
      regex,
      `does not compile as a JavaScript regex (${(error as Error).message}); check in RE2 that it rejects public registries`,
    );
  }
  const admitted = [...PUBLIC_IMAGE_PROBES, ...registryProbes(document)].filter((image) => compiled.test(image));
  if (admitted.length > 0)
    return failed(
      ATTRIBUTE,
      regex,
      `the regex admits images from unapproved registries, e.g. ${admitted.slice(0, 3).join(", ")}`,
    );
  return passed(ATTRIBUTE, regex);
}

/**
 * Error, evaluated on each cluster of a document that also holds a container registry: the
 * allowed-images policy (Deny) restricts the cluster to approved registries. Without a registry in
 * the document there is nothing to derive the allowed list from, so the rule does not apply. The
 * regex must reject images from public registries (probes such as docker.io/library/nginx:latest,
 * ghcr.io/…, attacker.azurecr.io/…, and look-alikes of the document's registries).
 */
export const aksAcr07 = clusterPolicyRule("AKS-ACR-07", {
  guids: ["febd0533-8e55-448f-b837-bd0e06f16469"],
  acceptedEffects: ["deny"],
  what: "the allowed container images policy (febd0533)",
  fix: 'Assign policy febd0533-8e55-448f-b837-bd0e06f16469 to the cluster with effect Deny and allowedContainerImagesRegex "^(<registry>\\.azurecr\\.io)/.+$" (AcrIntegration does for its clusters).',
  appliesTo: (_cluster, document) => document.ofType("azurerm_container_registry").length > 0,
  checkParameters: (assignment, document) => {
    // An assignment limited to some namespaces (AKS-ACR-12's per-tenant scopes) leaves the others open.
    const only = assignment.parameters?.namespaces?.value;
    if (Array.isArray(only) && only.length > 0)
      return failed(
        "policy_assignment.parameters.namespaces",
        only,
        `${assignment.resource.address} applies only to namespaces ${only.map(String).join(", ")}, not to the whole cluster`,
      );
    return judgeImageRegex(assignment.parameters?.allowedContainerImagesRegex?.value, document);
  },
});
