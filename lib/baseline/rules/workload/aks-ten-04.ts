import * as ipaddr from "ipaddr.js";
import { TerraformDocument, documentIndex, isExpression, readAttribute, readBlocks } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import { NAMESPACE_TYPES, namespaceKind } from "./tenant-namespaces";
import { SelectorMatches, manifestsOfKind, selectorMatches } from "./cluster-scoped-guards";

/** The instance metadata service and the WireServer. */
const ENDPOINTS = ["169.254.169.254", "168.63.129.16"];
const NAMESPACE_LABELS = ["k8s:io.kubernetes.pod.namespace", "io.kubernetes.pod.namespace"];

/** True when a CIDR text contains `address`. */
function contains(cidr: unknown, address: string): boolean {
  if (typeof cidr !== "string" || !ipaddr.IPv4.isValidCIDR(cidr)) return false;
  const [network, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  return ipaddr.IPv4.parse(address).match(network, prefix);
}

/** A reason the answer stays open, and the index of the policy that gives it (the scan kept the first). */
type Reason = { readonly index: number; readonly reason: string };

/** The first of two reasons in document order. */
function first(a: Reason | undefined, b: Reason | undefined): Reason | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.index <= b.index ? a : b;
}

/** What one CiliumClusterwideNetworkPolicy denies to the pods it selects, whatever the namespace. */
interface DenyRules {
  /** The endpoints its egressDeny rules without ports deny. */
  readonly denies: ReadonlySet<string>;
  /** Set when its egressDeny blocks are expressions. */
  readonly expression?: Reason;
}

interface ClusterwidePolicies {
  /** Every policy's address and deny rules, in document order. */
  readonly addresses: readonly string[];
  readonly rules: readonly DenyRules[];
  /** Which policies name which namespace in their endpoint selector. */
  readonly matches: SelectorMatches;
  /** What the policies that select every endpoint deny together. */
  readonly deniedEverywhere: ReadonlySet<string>;
  /** The first reason given by a policy that counts for every namespace (selects all, or its selector is an expression). */
  readonly reasonEverywhere?: Reason;
}

/**
 * Every CiliumClusterwideNetworkPolicy read once per document, with the namespaces each selects:
 * a platform declares one per tenant namespace, so reading them all for every namespace was
 * quadratic (issue 14). The per-namespace answer below equals that scan's, message for message.
 */
const CLUSTERWIDE_POLICIES = documentIndex(
  "AKS-TEN-04 clusterwide policies",
  (document: TerraformDocument): ClusterwidePolicies => {
    const entries = manifestsOfKind(document, "CiliumClusterwideNetworkPolicy");
    const rules: DenyRules[] = [];
    const selectorValues: unknown[][] = [];
    const deniedEverywhere = new Set<string>();
    let reasonEverywhere: Reason | undefined;
    entries.forEach(({ resource, manifest }, index) => {
      const denies = new Set<string>();
      let expression: Reason | undefined;
      for (const rule of readBlocks(manifest, "spec.egressDeny")) {
        const cidrs = [...((rule.toCIDR as unknown[]) ?? []), ...readBlocks(rule, "toCIDRSet").map((set) => set.cidr)];
        if (isExpression(cidrs))
          expression ??= { index, reason: `the egressDeny blocks of ${resource.address} are expressions` };
        // A rule narrowed to ports denies only those ports.
        if (rule.toPorts !== undefined) continue;
        for (const address of ENDPOINTS) if (cidrs.some((cidr) => contains(cidr, address))) denies.add(address);
      }
      rules.push({ denies, expression });
      const selector = readAttribute(manifest, "spec.endpointSelector");
      if (isExpression(selector)) {
        // Counts for no namespace, but leaves every namespace's answer open.
        reasonEverywhere = first(reasonEverywhere, {
          index,
          reason: `the endpoint selector of ${resource.address} is an expression`,
        });
        selectorValues.push([]);
        return;
      }
      const labels = (readAttribute(selector, "matchLabels") ?? {}) as Record<string, unknown>;
      const everything = selector !== undefined && Object.keys(selector as object).length === 0;
      if (everything) {
        for (const address of denies) deniedEverywhere.add(address);
        reasonEverywhere = first(reasonEverywhere, expression);
      }
      selectorValues.push(everything ? [] : NAMESPACE_LABELS.map((key) => labels[key]));
    });
    return {
      addresses: entries.map(({ resource }) => resource.address),
      rules,
      matches: selectorMatches(document, selectorValues),
      deniedEverywhere,
      reasonEverywhere,
    };
  },
);

/**
 * Error: every tenant namespace's pods are denied egress to 169.254.169.254 and 168.63.129.16 by a
 * cluster-scoped CiliumClusterwideNetworkPolicy (`egressDeny`, toCIDR or toCIDRSet), whose endpoint
 * selector names the namespace or selects every endpoint. A namespace's own NetworkPolicy is not
 * enough: a namespace Writer can edit it, and an allow rule the tenant adds wins over nothing, while
 * Cilium's deny rules win over every allow.
 */
export const aksTen04 = defineRule("AKS-TEN-04", {
  resourceTypes: [...NAMESPACE_TYPES],
  fix: 'Add a kubernetes_manifest CiliumClusterwideNetworkPolicy with endpointSelector.matchLabels {"k8s:io.kubernetes.pod.namespace" = <namespace>} and egressDeny [{ toCIDR = ["169.254.169.254/32", "168.63.129.16/32"] }] (IsolatedNamespace does).',
  evaluate: (namespace, document) => {
    if (namespaceKind(namespace) === "system") return undefined;
    const { addresses, rules, matches, deniedEverywhere, reasonEverywhere } = document.index(CLUSTERWIDE_POLICIES);
    // Only the policies that select this namespace or leave it open matter; of the reasons they
    // give, the first in document order wins, as the scan's `??=` kept the first.
    const undecided = matches.firstUndecided(namespace);
    let unresolved = first(
      reasonEverywhere,
      undecided === undefined
        ? undefined
        : { index: undecided, reason: `whether ${addresses[undecided]} selects this namespace is known only at apply` },
    );
    const open = new Set(ENDPOINTS);
    for (const address of deniedEverywhere) open.delete(address);
    for (const index of matches.naming(namespace)) {
      const { denies, expression } = rules[index]!;
      unresolved = first(unresolved, expression);
      for (const address of denies) open.delete(address);
    }
    if (open.size === 0) return passed("CiliumClusterwideNetworkPolicy.spec.egressDeny", ENDPOINTS);
    if (unresolved) return unknown("CiliumClusterwideNetworkPolicy.spec.egressDeny", [...open], unresolved.reason);
    return failed(
      "CiliumClusterwideNetworkPolicy.spec.egressDeny",
      [...open],
      `no cluster-wide policy denies this namespace's pods egress to ${[...open].join(" and ")}; a tenant who edits its own NetworkPolicies can reach the node's managed-identity tokens (IMDS) or the WireServer`,
    );
  },
});
