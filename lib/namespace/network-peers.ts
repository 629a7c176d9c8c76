import { IConstruct } from "constructs";
import { Fn } from "cdktf";
import {
  NetworkPolicyV1SpecEgress,
  NetworkPolicyV1SpecIngress,
} from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import type { IsolatedNamespaceProps } from "./isolated-namespace-props";
import { AZURE_HOST_ENDPOINTS } from "./tenant-guardrail-manifests";
import { requireLabels } from "./kubernetes-names";
import {
  invalidProp,
  isDns1123Label,
  isUnresolved,
  requireIntInRange,
  warnProp,
  withResolved,
} from "../util/validation";
import { ipv4BlockContains, ipv4BlockContainsAddress, parseIpv4Cidr, requireIpv4Cidr } from "../util/cidr";

/**
 * A destination outside the cluster that tenant pods may reach (AKS-NET-06), by IP block. For pods
 * of other namespaces use {@link EgressPeer}: Cilium does not apply ipBlock rules to traffic
 * between pods of the cluster.
 */
export interface EgressDestination {
  /**
   * IPv4 block in canonical form, e.g. "10.50.0.0/24" (no host bits set). "0.0.0.0/0" is allowed
   * but warned about: it opens every address outside the cluster. A block that contains the
   * instance metadata endpoint 169.254.169.254 or the WireServer 168.63.129.16 gets that /32 added to
   * `except`; the blocks "169.254.169.254/32" and "168.63.129.16/32" themselves are rejected. Both
   * stay denied whatever this policy says: the namespace's CiliumClusterwideNetworkPolicy denies
   * them, and Cilium applies deny rules before any allow (AKS-TEN-04).
   */
  readonly cidr: string;
  /**
   * Blocks inside `cidr` that stay denied (`ip_block.except`); each must be a canonical block
   * strictly inside `cidr`. "169.254.169.254/32" and "168.63.129.16/32" are always added when `cidr`
   * contains them: a pod that reaches the instance metadata service (IMDS) can get a token of the
   * node's kubelet identity, which may pull images and more (pods use workload identity instead,
   * AKS-IAM-10); the WireServer serves the node's VM agent (AKS-TEN-04).
   *
   * @default [] (plus the Azure host endpoints, see above)
   */
  readonly except?: string[];
  /**
   * TCP ports. When neither tcpPorts nor udpPorts is given, every port and protocol is allowed.
   *
   * @default [] (see above)
   */
  readonly tcpPorts?: number[];
  /**
   * UDP ports.
   *
   * @default []
   */
  readonly udpPorts?: number[];
}

/**
 * Pods outside the namespace allowed to open connections to the tenant's pods (AKS-NET-06), e.g.
 * the ingress controller: `{ namespace: "app-routing-system", podLabels: { app: "nginx" }, tcpPorts: [8080] }`.
 */
export interface IngressSource {
  /** Namespace of the client pods (a DNS-1123 label). */
  readonly namespace: string;
  /**
   * Labels selecting the client pods in that namespace; narrows the rule to, e.g., the ingress
   * controller's pods instead of everything that runs beside them (AKS-NET-06).
   *
   * @default - every pod of that namespace
   */
  readonly podLabels?: Record<string, string>;
  /**
   * TCP ports of the tenant's pods the clients may reach (AKS-NET-06).
   *
   * @default - every port
   */
  readonly tcpPorts?: number[];
}

/**
 * Pods of another namespace of the same cluster that tenant pods may open connections to
 * (AKS-NET-06): an egress rule with a namespace selector (`kubernetes.io/metadata.name`) and an
 * optional pod selector. The other namespace must also allow the ingress (its allowIngressFrom).
 */
export interface EgressPeer {
  /** Namespace of the server pods (a DNS-1123 label). */
  readonly namespace: string;
  /**
   * Labels selecting the server pods in that namespace, so the tenant reaches only that service
   * and not everything that runs beside it (AKS-NET-06).
   *
   * @default - every pod of that namespace
   */
  readonly podLabels?: Record<string, string>;
  /**
   * TCP ports of the server pods the tenant may reach (AKS-NET-06).
   *
   * @default - every port
   */
  readonly tcpPorts?: number[];
}

/**
 * Azure host endpoints kept out of every allowed block (AZURE_HOST_ENDPOINTS): the instance
 * metadata endpoint hands any caller on the node a token of the kubelet identity; the WireServer
 * serves the node's VM agent. The cluster-wide deny policy (AKS-TEN-04) blocks both anyway; the
 * `except` entries say so in the namespace's own policy, where a reviewer reads it.
 */
const HOST_ENDPOINT_BLOCKS: readonly string[] = AZURE_HOST_ENDPOINTS;
const IMDS_BLOCK = "169.254.169.254/32";
const WIRESERVER_BLOCK = "168.63.129.16/32";

/** Selects a namespace by the label the API server sets to its name (no one can change it). */
export function namespaceSelector(namespace: string): { matchLabels: Record<string, string> } {
  return { matchLabels: { "kubernetes.io/metadata.name": namespace } };
}

/** Namespace and pod selector in one peer: only the selected pods of that namespace. */
function podsOf(namespace: string, podLabels?: Record<string, string>) {
  return {
    namespaceSelector: namespaceSelector(namespace),
    ...(podLabels ? { podSelector: { matchLabels: podLabels } } : {}),
  };
}

/** An ingress rule admitting the pods of `namespace` (selected by `podLabels`) on the given ports. */
export function ingressFromPods(
  namespace: string,
  podLabels?: Record<string, string>,
  tcpPorts?: number[],
  udpPorts?: number[],
): NetworkPolicyV1SpecIngress {
  return { from: [podsOf(namespace, podLabels)], ...portsOf(tcpPorts, udpPorts) };
}

/**
 * An egress rule to the pods of `namespace`. Selectors, not ipBlock: Cilium matches pod-to-pod
 * traffic by identity, never by IP block.
 */
export function egressToPods(
  namespace: string,
  podLabels?: Record<string, string>,
  tcpPorts?: number[],
  udpPorts?: number[],
): NetworkPolicyV1SpecEgress {
  return { to: [podsOf(namespace, podLabels)], ...portsOf(tcpPorts, udpPorts) };
}

/** An egress rule to an IP block, the Azure host endpoints it contains excepted. */
export function egressToBlock(destination: EgressDestination): NetworkPolicyV1SpecEgress {
  const except = exceptOf(destination);
  return {
    to: [{ ipBlock: { cidr: destination.cidr, ...(except !== undefined ? { except } : {}) } }],
    ...portsOf(destination.tcpPorts, destination.udpPorts),
  };
}

/** `ip_block.except` of a destination: the user's blocks, plus each Azure host endpoint the block contains. */
function exceptOf(destination: EgressDestination): string[] | undefined {
  const given = destination.except;
  if (isUnresolved(destination.cidr)) return given;
  const block = parseIpv4Cidr(destination.cidr);
  if (block === undefined) return given;
  const inside = HOST_ENDPOINT_BLOCKS.filter((endpoint) =>
    ipv4BlockContainsAddress(block, endpoint.replace(/\/32$/, "")),
  );
  if (inside.length === 0) return given;
  if (given !== undefined && isUnresolved(given)) return Fn.concat([given, [...inside]]);
  const list = given ?? [];
  const missing = inside.filter((endpoint) => {
    const address = endpoint.replace(/\/32$/, "");
    return !list.some((entry) => {
      const parsed = isUnresolved(entry) ? undefined : parseIpv4Cidr(entry);
      return parsed !== undefined && ipv4BlockContainsAddress(parsed, address);
    });
  });
  return missing.length === 0 ? list : [...list, ...missing];
}

/** The `ports` of a policy rule; left out (every port) when no port is given. */
function portsOf(tcpPorts: number[] = [], udpPorts: number[] = []): { ports?: { port: string; protocol: string }[] } {
  const ports = [
    ...tcpPorts.map((port) => ({ port: String(port), protocol: "TCP" })),
    ...udpPorts.map((port) => ({ port: String(port), protocol: "UDP" })),
  ];
  return ports.length > 0 ? { ports } : {};
}

/** A namespace a rule names must be a DNS-1123 label. */
export function requireNamespaceName(scope: IConstruct, prop: string, namespace: string): void {
  withResolved(namespace, (known) => {
    if (!isDns1123Label(known))
      invalidProp(scope, prop, known, "is not a namespace name", 'use a DNS-1123 label such as "ingress-nginx"');
  });
}

/** Each port of a rule is a whole number from 1 to 65535. */
export function requirePorts(scope: IConstruct, prop: string, ports: number[] | undefined, protocol: string): void {
  for (const port of ports ?? [])
    requireIntInRange(scope, prop, port, 1, 65535, { problem: `is not a ${protocol} port`, fix: "use 1-65535" });
}

/**
 * Pods of another namespace: its name, and labels that, when given, select at least one label.
 * `role` names the pods in the fix ("client" for ingress, "server" for egress).
 */
export function requirePodsPeer(
  scope: IConstruct,
  prop: string,
  peer: { readonly namespace: string; readonly podLabels?: Record<string, string> },
  role: "client" | "server",
): void {
  requireNamespaceName(scope, `${prop}.namespace`, peer.namespace);
  if (peer.podLabels === undefined) return;
  if (Object.keys(peer.podLabels).length === 0)
    invalidProp(
      scope,
      `${prop}.podLabels`,
      peer.podLabels,
      "is empty",
      `leave podLabels out to allow every pod of the namespace, or name the ${role} pods' labels`,
    );
  requireLabels(scope, `${prop}.podLabels`, peer.podLabels);
}

/**
 * An IP block tenant pods may reach: canonical, not an Azure host endpoint itself, excepts strictly
 * inside it; "0.0.0.0/0" is warned about (AKS-NET-06, TEN-04).
 */
export function requireEgressDestination(scope: IConstruct, prop: string, destination: EgressDestination): void {
  const block = requireIpv4Cidr(scope, `${prop}.cidr`, destination.cidr);
  if (block && block.cidr === IMDS_BLOCK) {
    invalidProp(
      scope,
      `${prop}.cidr`,
      destination.cidr,
      "is the instance metadata endpoint, which hands pods a token of the node's kubelet identity",
      "remove it: pods get Azure tokens through workload identity (workloadIdentities) and Entra ID",
    );
  }
  if (block && block.cidr === WIRESERVER_BLOCK) {
    invalidProp(
      scope,
      `${prop}.cidr`,
      destination.cidr,
      "is the Azure WireServer, which serves the node's VM agent and which the cluster-wide policy denies to every tenant pod (AKS-TEN-04)",
      "remove it: pods resolve names through CoreDNS (kube-system), which keeps its access",
    );
  }
  if (block && block.prefixLength === 0) {
    warnProp(
      scope,
      "namespace/egress-to-everywhere",
      `${prop}.cidr`,
      block.cidr,
      "lets every tenant pod reach any address outside the cluster (the instance metadata endpoint excepted)",
      "prefer the CIDRs the tenant needs, or egress through a firewall with FQDN rules (AKS-NET-06, NET-07)",
    );
  }
  withResolved(destination.except, (except) =>
    except.forEach((entry, position) => {
      const inner = requireIpv4Cidr(scope, `${prop}.except[${position}]`, entry);
      if (inner && block && !(ipv4BlockContains(block, inner) && inner.prefixLength > block.prefixLength)) {
        invalidProp(
          scope,
          `${prop}.except[${position}]`,
          entry,
          `is not strictly inside ${prop}.cidr (${block.cidr}), which Kubernetes rejects`,
          `list only blocks inside ${block.cidr} and smaller than it`,
        );
      }
    }),
  );
  requirePorts(scope, `${prop}.tcpPorts`, destination.tcpPorts, "TCP");
  requirePorts(scope, `${prop}.udpPorts`, destination.udpPorts, "UDP");
}

/** The network props of IsolatedNamespaceProps. */
export type TenantNetworkProps = Pick<
  IsolatedNamespaceProps,
  "allowIngressFromNamespaces" | "allowIngressFrom" | "allowEgressToNamespaces" | "allowEgressTo"
>;

/** Checks the network props of IsolatedNamespaceProps, in declaration order. */
export function validateNetworkProps(scope: IConstruct, props: TenantNetworkProps): void {
  (props.allowIngressFromNamespaces ?? []).forEach((ns, index) =>
    requireNamespaceName(scope, `allowIngressFromNamespaces[${index}]`, ns),
  );
  (props.allowIngressFrom ?? []).forEach((source, index) => {
    requirePodsPeer(scope, `allowIngressFrom[${index}]`, source, "client");
    requirePorts(scope, `allowIngressFrom[${index}].tcpPorts`, source.tcpPorts, "TCP");
  });
  (props.allowEgressToNamespaces ?? []).forEach((peer, index) => {
    requirePodsPeer(scope, `allowEgressToNamespaces[${index}]`, peer, "server");
    requirePorts(scope, `allowEgressToNamespaces[${index}].tcpPorts`, peer.tcpPorts, "TCP");
  });
  (props.allowEgressTo ?? []).forEach((destination, index) =>
    requireEgressDestination(scope, `allowEgressTo[${index}]`, destination),
  );
}
