import {
  NetworkPolicyV1,
  NetworkPolicyV1Spec,
  NetworkPolicyV1SpecEgress,
  NetworkPolicyV1SpecIngress,
} from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ITenantNamespace } from "./tenant-namespace-ref";
import { TenantContext, namespacedMetadata } from "./tenant-context";
import {
  TenantNetworkProps,
  egressToBlock,
  egressToPods,
  ingressFromPods,
  namespaceSelector,
  requireEgressDestination,
  requirePodsPeer,
  requirePorts,
} from "./network-peers";
import { invalidProp } from "../util/validation";

/**
 * The other end of a connection a tenant needs beyond its defaults ({@link TenantNetworkPolicies.allowFrom},
 * {@link TenantNetworkPolicies.allowTo}): pods of a namespace of the cluster, or, for egress only, an
 * IPv4 block outside the cluster. In the spirit of cdk8s-plus's network policy peers.
 */
export class TenantPeer {
  /**
   * Pods of namespace `namespace` (a DNS-1123 label), narrowed to those with `podLabels` when given.
   * The namespace must be declared on the cluster (or listed in externalNamespaces), as for
   * allowIngressFrom and allowEgressToNamespaces (AKS-NET-06).
   */
  public static pods(namespace: string, podLabels?: Record<string, string>): TenantPeer {
    return new TenantPeer({ namespace, podLabels });
  }

  /** Pods of another tenant namespace of the cluster, narrowed to those with `podLabels` when given. */
  public static tenant(tenant: ITenantNamespace, podLabels?: Record<string, string>): TenantPeer {
    return TenantPeer.pods(tenant.namespaceName, podLabels);
  }

  /**
   * An IPv4 block outside the cluster (egress only), checked like EgressDestination: canonical, never
   * the instance metadata endpoint or the WireServer, which are added to `except` when the block
   * contains them (AKS-NET-06, TEN-04).
   */
  public static ipBlock(cidr: string, except?: string[]): TenantPeer {
    return new TenantPeer({ cidr, except });
  }

  /** Namespace of the peer's pods; undefined for an IP block. */
  public readonly namespace?: string;
  /** Labels selecting the peer's pods; undefined: every pod of the namespace. */
  public readonly podLabels?: Record<string, string>;
  /** The IPv4 block; undefined for pods. */
  public readonly cidr?: string;
  /** Blocks inside `cidr` that stay denied. */
  public readonly except?: string[];

  private constructor(peer: {
    namespace?: string;
    podLabels?: Record<string, string>;
    cidr?: string;
    except?: string[];
  }) {
    this.namespace = peer.namespace;
    this.podLabels = peer.podLabels;
    this.cidr = peer.cidr;
    this.except = peer.except;
  }
}

/** A port of a connection: TCP or UDP, 1-65535. */
export class TenantPort {
  /** A TCP port. */
  public static tcp(port: number): TenantPort {
    return new TenantPort(port, "TCP");
  }

  /** A UDP port. */
  public static udp(port: number): TenantPort {
    return new TenantPort(port, "UDP");
  }

  private constructor(
    public readonly port: number,
    public readonly protocol: "TCP" | "UDP",
  ) {}
}

/**
 * The namespace's NetworkPolicies (AKS-NET-06): default-deny of every ingress and egress, DNS to
 * kube-system, traffic inside the namespace, and the allow rules of the props; plus the connections
 * added with {@link allowFrom} and {@link allowTo}, one policy per call. The policies are created with
 * the IsolatedNamespace as their scope.
 */
export class TenantNetworkPolicies {
  /** Default-deny, DNS, same-namespace, the optional allow policies of the props, then the connections, in that order. */
  public readonly policies: NetworkPolicyV1[] = [];
  /**
   * The namespaces the rules name, with the prop or call that names each: the IsolatedNamespace checks
   * at synth that each is declared on purpose (AKS-NET-06).
   */
  public readonly peerNamespaces: [prop: string, namespace: string][] = [];
  private readonly context: TenantContext;
  private ingressConnections = 0;
  private egressConnections = 0;

  constructor(context: TenantContext, props: TenantNetworkProps) {
    this.context = context;
    // Selects every pod and allows nothing: the baseline every allow rule below adds to (AKS-NET-06).
    this.policy("DefaultDeny", "default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    this.policy("AllowDns", "allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: namespaceSelector("kube-system"),
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { port: "53", protocol: "UDP" },
            { port: "53", protocol: "TCP" },
          ],
        },
      ],
    });
    this.policy("AllowSameNamespace", "allow-same-namespace", {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });
    const fromNamespaces = [...new Set(props.allowIngressFromNamespaces ?? [])].sort();
    if (fromNamespaces.length > 0)
      this.allowIngress("AllowIngressFromNamespaces", "allow-ingress-from-namespaces", [
        { from: fromNamespaces.map((ns) => ({ namespaceSelector: namespaceSelector(ns) })) },
      ]);
    const sources = props.allowIngressFrom ?? [];
    if (sources.length > 0)
      this.allowIngress(
        "AllowIngressFrom",
        "allow-ingress-from-sources",
        sources.map((source) => ingressFromPods(source.namespace, source.podLabels, source.tcpPorts)),
      );
    const peers = props.allowEgressToNamespaces ?? [];
    if (peers.length > 0)
      this.allowEgress(
        "AllowEgressToNamespaces",
        "allow-egress-to-namespaces",
        peers.map((peer) => egressToPods(peer.namespace, peer.podLabels, peer.tcpPorts)),
      );
    const destinations = props.allowEgressTo ?? [];
    if (destinations.length > 0)
      this.allowEgress("AllowEgress", "allow-egress-destinations", destinations.map(egressToBlock));
    this.peerNamespaces.push(
      ...(props.allowIngressFromNamespaces ?? []).map((ns, index): [string, string] => [
        `allowIngressFromNamespaces[${index}]`,
        ns,
      ]),
      ...sources.map((source, index): [string, string] => [`allowIngressFrom[${index}].namespace`, source.namespace]),
      ...peers.map((peer, index): [string, string] => [`allowEgressToNamespaces[${index}].namespace`, peer.namespace]),
    );
  }

  /**
   * Lets the pods of `peer` open connections to every pod of the namespace, on `ports` (AKS-NET-06):
   * a NetworkPolicy `allow-from-<n>` (construct id `AllowFrom<n>`, n counting the calls from 0). The
   * peer must be pods: traffic from outside the cluster reaches tenants through the platform's ingress.
   *
   * @param ports - the tenant's ports the peer may reach; default: every port
   */
  public allowFrom(peer: TenantPeer, ports?: TenantPort[]): NetworkPolicyV1 {
    const index = this.ingressConnections++;
    const prop = `connections.allowFrom[${index}]`;
    if (peer.namespace === undefined) {
      invalidProp(
        this.context.owner,
        `${prop}.cidr`,
        peer.cidr,
        "is an IP block, but ingress rules name pods of the cluster (Cilium does not apply ipBlock rules to traffic between pods, and traffic from outside the cluster reaches tenants through the platform's ingress)",
        "allow the ingress controller's pods with TenantPeer.pods(namespace, podLabels)",
      );
    }
    requirePodsPeer(this.context.owner, prop, { namespace: peer.namespace, podLabels: peer.podLabels }, "client");
    const [tcpPorts, udpPorts] = this.portsOf(prop, ports);
    this.peerNamespaces.push([`${prop}.namespace`, peer.namespace]);
    return this.allowIngress(`AllowFrom${index}`, `allow-from-${index}`, [
      ingressFromPods(peer.namespace, peer.podLabels, tcpPorts, udpPorts),
    ]);
  }

  /**
   * Lets every pod of the namespace open connections to `peer` on `ports` (AKS-NET-06): a NetworkPolicy
   * `allow-to-<n>` (construct id `AllowTo<n>`, n counting the calls from 0). For pods of another
   * namespace, that namespace must also allow the ingress.
   *
   * @param ports - the peer's ports the tenant may reach; default: every port
   */
  public allowTo(peer: TenantPeer, ports?: TenantPort[]): NetworkPolicyV1 {
    const index = this.egressConnections++;
    const prop = `connections.allowTo[${index}]`;
    const [tcpPorts, udpPorts] = this.portsOf(prop, ports);
    let egress: NetworkPolicyV1SpecEgress;
    if (peer.namespace !== undefined) {
      requirePodsPeer(this.context.owner, prop, { namespace: peer.namespace, podLabels: peer.podLabels }, "server");
      this.peerNamespaces.push([`${prop}.namespace`, peer.namespace]);
      egress = egressToPods(peer.namespace, peer.podLabels, tcpPorts, udpPorts);
    } else {
      const destination = { cidr: peer.cidr!, except: peer.except, tcpPorts, udpPorts };
      requireEgressDestination(this.context.owner, prop, destination);
      egress = egressToBlock(destination);
    }
    return this.allowEgress(`AllowTo${index}`, `allow-to-${index}`, [egress]);
  }

  /** The TCP and UDP port numbers of a connection, each checked. */
  private portsOf(prop: string, ports: TenantPort[] = []): [number[], number[]] {
    const of = (protocol: "TCP" | "UDP") => ports.filter((p) => p.protocol === protocol).map((p) => p.port);
    const [tcpPorts, udpPorts] = [of("TCP"), of("UDP")];
    requirePorts(this.context.owner, `${prop}.tcpPorts`, tcpPorts, "TCP");
    requirePorts(this.context.owner, `${prop}.udpPorts`, udpPorts, "UDP");
    return [tcpPorts, udpPorts];
  }

  /** A policy that lets every pod of the namespace accept the `ingress` rules. */
  private allowIngress(id: string, name: string, ingress: NetworkPolicyV1SpecIngress[]): NetworkPolicyV1 {
    return this.policy(id, name, { podSelector: {}, policyTypes: ["Ingress"], ingress });
  }

  /** A policy that lets every pod of the namespace open the `egress` connections. */
  private allowEgress(id: string, name: string, egress: NetworkPolicyV1SpecEgress[]): NetworkPolicyV1 {
    return this.policy(id, name, { podSelector: {}, policyTypes: ["Egress"], egress });
  }

  private policy(id: string, name: string, spec: NetworkPolicyV1Spec): NetworkPolicyV1 {
    const policy = new NetworkPolicyV1(this.context.owner, id, {
      provider: this.context.provider,
      metadata: namespacedMetadata(this.context, name),
      spec,
    });
    this.policies.push(policy);
    return policy;
  }
}
