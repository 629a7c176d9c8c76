import { IConstruct } from "constructs";
import { Fn } from "cdktf";
import { ClusterNetworkInfo, ExistingClusterNetworkOptions } from "./secure-cluster-props";
import { invalidProp, isUnresolved, warnProp, withResolved } from "../util/validation";
import {
  Ipv4Block,
  NamedIpv4Block,
  ipv4BlockAddress,
  ipv4BlockContainsAddress,
  ipv4BlockLastAddress,
  isIpv4Address,
  isNonPublicIpv4Block,
  parseIpv4Cidr,
  requireDisjointIpv4Blocks,
  requireIpv4Cidr,
  requireOutsideAksReservedRanges,
} from "../util/cidr";

/**
 * Prefix length of the smallest service CIDR accepted: the range is cluster-internal and reusable
 * across clusters, so a /24 costs nothing, while a smaller one runs out of Service addresses.
 */
const SMALLEST_SERVICE_RANGE = 24;
/**
 * Prefix length of the largest service CIDR: kube-apiserver refuses IPv4 service ranges with more
 * than 20 host bits, and AKS documents the limit as /12.
 */
const LARGEST_SERVICE_RANGE = 12;

/** Pod and service addressing of Azure CNI overlay (AKS-NET-04), with the defaults applied. */
export interface ClusterAddressing {
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly dnsServiceIp: string;
}

/** The network a cluster's addressing must not overlap: a ClusterNetwork or an existing one. */
export interface AddressedNetwork {
  readonly network?: ClusterNetworkInfo;
  readonly existingNetwork?: ExistingClusterNetworkOptions;
}

/**
 * Applies the defaults and checks the pod CIDR, service CIDR and DNS service IP: sizes AKS accepts,
 * outside AKS's reserved ranges, disjoint from each other and from the network, and a DNS address
 * inside the service range that no Kubernetes role takes.
 */
export function resolveClusterAddressing(
  scope: IConstruct,
  given: Partial<ClusterAddressing>,
  { network: net, existingNetwork: existing }: AddressedNetwork,
): ClusterAddressing {
  const podCidr = given.podCidr ?? "192.168.0.0/16";
  const serviceCidr = given.serviceCidr ?? "172.16.0.0/16";
  const dnsServiceIp = given.dnsServiceIp ?? defaultDnsIp(serviceCidr);
  const pod = requireIpv4Cidr(scope, "podCidr", podCidr);
  const service = requireIpv4Cidr(scope, "serviceCidr", serviceCidr);
  if (pod) {
    requireOutsideAksReservedRanges(scope, "podCidr", pod);
    if (pod.prefixLength > 24) {
      invalidProp(
        scope,
        "podCidr",
        pod.cidr,
        "is smaller than a /24, but Azure CNI overlay gives every node a /24 of the pod CIDR",
        "use a /24 per node you may run, e.g. a /16 (256 nodes)",
      );
    }
  }
  if (service) {
    requireOutsideAksReservedRanges(scope, "serviceCidr", service);
    if (service.prefixLength < LARGEST_SERVICE_RANGE) {
      invalidProp(
        scope,
        "serviceCidr",
        service.cidr,
        "is larger than a /12, the largest service range Kubernetes and AKS accept",
        'use a /12 to /24, e.g. "172.16.0.0/16"',
      );
    }
    if (service.prefixLength > SMALLEST_SERVICE_RANGE) {
      invalidProp(
        scope,
        "serviceCidr",
        service.cidr,
        "is smaller than a /24: every Service takes one address of it and AKS add-ons already take several, so it runs out",
        'use a /24 or larger; it is cluster-internal and can be reused across clusters, e.g. "172.16.0.0/16"',
      );
    }
  }
  for (const [prop, block] of [
    ["podCidr", pod],
    ["serviceCidr", service],
  ] as const) {
    if (block && !isNonPublicIpv4Block(block)) {
      warnProp(
        scope,
        "cidr/public-range",
        prop,
        block.cidr,
        "lies outside RFC 1918 and RFC 6598 space. AKS does not block it, but it is outside Microsoft's support scope, and pods cannot reach the public addresses it covers",
        "use a private range such as 192.168.0.0/16 (pods) or 172.16.0.0/16 (services)",
      );
    }
  }
  const blocks: NamedIpv4Block[] = [];
  const add = (prop: string, cidr: string | undefined) =>
    withResolved(cidr, (literal) => {
      const block = parseIpv4Cidr(literal);
      if (block) blocks.push({ prop, block });
    });
  if (net) {
    const space = net.addressSpace as unknown as string | string[];
    for (const cidr of Array.isArray(space) ? space : [space]) add("network.addressSpace", cidr);
    add("network.nodeSubnetCidr", net.nodeSubnetCidr);
    add("network.apiServerSubnetCidr", net.apiServerSubnetCidr);
    add("network.privateEndpointSubnetCidr", net.privateEndpointSubnetCidr);
  } else {
    withResolved(existing?.addressSpace, (space) => {
      for (const cidr of space) {
        const block = requireIpv4Cidr(scope, "existingNetwork.addressSpace", cidr);
        if (block) requireOutsideAksReservedRanges(scope, "existingNetwork.addressSpace", block);
        if (block) blocks.push({ prop: "existingNetwork.addressSpace", block });
      }
    });
  }
  // Only pod/service against the network and each other; network blocks may nest.
  const clusterBlocks: NamedIpv4Block[] = [];
  if (pod) clusterBlocks.push({ prop: "podCidr", block: pod });
  if (service) clusterBlocks.push({ prop: "serviceCidr", block: service });
  // Network blocks nest (subnets inside the VNet), so compare pairwise with the cluster blocks only.
  for (const cb of clusterBlocks) for (const nb of blocks) requireDisjointIpv4Blocks(scope, [nb, cb]);
  requireDisjointIpv4Blocks(scope, clusterBlocks);
  const dnsProp = given.dnsServiceIp === undefined ? "serviceCidr" : "dnsServiceIp";
  withResolved(dnsServiceIp, (ip) => requireDnsServiceIp(scope, dnsProp, ip, service));
  return { podCidr, serviceCidr, dnsServiceIp };
}

function defaultDnsIp(serviceCidr: string): string {
  if (isUnresolved(serviceCidr)) return Fn.cidrhost(serviceCidr, 10);
  const block = parseIpv4Cidr(serviceCidr);
  return block ? ipv4BlockAddress(block, 10) : "";
}

function requireDnsServiceIp(
  scope: IConstruct,
  prop: string,
  dnsServiceIp: string,
  service: Ipv4Block | undefined,
): void {
  if (!isIpv4Address(dnsServiceIp)) {
    invalidProp(
      scope,
      "dnsServiceIp",
      dnsServiceIp,
      "is not an IPv4 address",
      'use an address inside serviceCidr, e.g. "172.16.0.10"',
    );
  }
  if (!service) return;
  if (!ipv4BlockContainsAddress(service, dnsServiceIp)) {
    invalidProp(
      scope,
      prop,
      dnsServiceIp,
      `is outside serviceCidr (${service.cidr})`,
      "pick an address inside serviceCidr, e.g. its tenth address",
    );
  }
  const reserved: Record<string, string> = {
    [service.network.toString()]: "the network address",
    [ipv4BlockAddress(service, 1)]: "the first address (the kubernetes service)",
    [ipv4BlockLastAddress(service)]: "the last (broadcast) address",
  };
  const role = reserved[dnsServiceIp];
  if (role) {
    invalidProp(
      scope,
      prop,
      dnsServiceIp,
      `is ${role} of serviceCidr (${service.cidr})`,
      "use e.g. the tenth address of serviceCidr",
    );
  }
}
