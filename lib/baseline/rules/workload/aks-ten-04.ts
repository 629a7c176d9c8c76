import * as ipaddr from "ipaddr.js";
import { Rule, isExpression, readAttribute, readBlocks } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";
import { NAMESPACE_TYPES, namespaceKind } from "./tenant-namespaces";
import { manifestsOfKind, namesNamespace } from "./cluster-scoped-guards";

/** The instance metadata service and the WireServer. */
const ENDPOINTS = ["169.254.169.254", "168.63.129.16"];
const NAMESPACE_LABELS = ["k8s:io.kubernetes.pod.namespace", "io.kubernetes.pod.namespace"];

/** True when a CIDR text contains `address`. */
function contains(cidr: unknown, address: string): boolean {
  if (typeof cidr !== "string" || !ipaddr.IPv4.isValidCIDR(cidr)) return false;
  const [network, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  return ipaddr.IPv4.parse(address).match(network, prefix);
}

/**
 * Error: every tenant namespace's pods are denied egress to 169.254.169.254 and 168.63.129.16 by a
 * cluster-scoped CiliumClusterwideNetworkPolicy (`egressDeny`, toCIDR or toCIDRSet), whose endpoint
 * selector names the namespace or selects every endpoint. A namespace's own NetworkPolicy is not
 * enough: a namespace Writer can edit it, and an allow rule the tenant adds wins over nothing, while
 * Cilium's deny rules win over every allow.
 */
export const aksTen04: Rule = {
  id: "AKS-TEN-04",
  title: getControl("AKS-TEN-04").title,
  severity: "error",
  references: { other: ["azure-cni-powered-by-cilium.md (CiliumClusterwideNetworkPolicy supported)", "docs.cilium.io security/policy/deny", "instance-metadata-service", "what-is-ip-address-168-63-129-16"] },
  resourceTypes: [...NAMESPACE_TYPES],
  fix: 'Add a kubernetes_manifest CiliumClusterwideNetworkPolicy with endpointSelector.matchLabels {"k8s:io.kubernetes.pod.namespace" = <namespace>} and egressDeny [{ toCIDR = ["169.254.169.254/32", "168.63.129.16/32"] }] (IsolatedNamespace does).',
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    let unresolved: string | undefined;
    const open = new Set(ENDPOINTS);
    for (const { resource, manifest } of manifestsOfKind(document, "CiliumClusterwideNetworkPolicy")) {
      const selector = readAttribute(manifest, "spec.endpointSelector");
      if (isExpression(selector)) {
        unresolved ??= `the endpoint selector of ${resource.address} is an expression`;
        continue;
      }
      const labels = (readAttribute(selector, "matchLabels") ?? {}) as Record<string, unknown>;
      const everything = selector !== undefined && Object.keys(selector as object).length === 0;
      const named = NAMESPACE_LABELS.map((key) => namesNamespace(labels[key], namespace));
      if (!everything && !named.includes("yes")) {
        if (named.includes("maybe")) unresolved ??= `whether ${resource.address} selects this namespace is known only at apply`;
        continue;
      }
      for (const rule of readBlocks(manifest, "spec.egressDeny")) {
        const cidrs = [...((rule.toCIDR as unknown[]) ?? []), ...readBlocks(rule, "toCIDRSet").map((set) => set.cidr)];
        if (isExpression(cidrs)) unresolved ??= `the egressDeny blocks of ${resource.address} are expressions`;
        // A rule narrowed to ports denies only those ports.
        if (rule.toPorts !== undefined) continue;
        for (const address of ENDPOINTS) if (cidrs.some((cidr) => contains(cidr, address))) open.delete(address);
      }
    }
    if (open.size === 0) return passed("CiliumClusterwideNetworkPolicy.spec.egressDeny", ENDPOINTS);
    if (unresolved) return unknown("CiliumClusterwideNetworkPolicy.spec.egressDeny", [...open], unresolved);
    return failed("CiliumClusterwideNetworkPolicy.spec.egressDeny", [...open], `no cluster-wide policy denies this namespace's pods egress to ${[...open].join(" and ")}; a tenant who edits its own NetworkPolicies can reach the node's managed-identity tokens (IMDS) or the WireServer`);
  },
};
