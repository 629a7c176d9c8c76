import * as ipaddr from "ipaddr.js";
import { IConstruct } from "constructs";
import { Fn, Op } from "cdktf";
import { invalidProp, isUnresolved } from "./validation";

/** An IPv4 block parsed from canonical CIDR notation. */
export interface Ipv4Block {
  /** The text the user gave, e.g. "10.0.0.0/16". */
  readonly cidr: string;
  readonly network: ipaddr.IPv4;
  readonly prefixLength: number;
}

/**
 * Parses a canonical IPv4 CIDR ("10.0.0.0/16"). Returns undefined for anything else, including
 * non-canonical blocks such as "10.0.0.1/16" whose host bits are set: Azure rejects or silently
 * rewrites those, and a user who wrote one almost always meant something else.
 */
export function parseIpv4Cidr(cidr: string): Ipv4Block | undefined {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr)) return undefined;
  const [network, prefixLength] = ipaddr.IPv4.parseCIDR(cidr);
  const canonical = ipaddr.IPv4.networkAddressFromCIDR(cidr);
  if (canonical.toString() !== network.toString()) return undefined;
  return { cidr, network, prefixLength };
}

/** The canonical spelling of a block whose host bits are set, for a "did you mean" fix text. */
export function canonicalIpv4Cidr(cidr: string): string | undefined {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr)) return undefined;
  const [, prefixLength] = ipaddr.IPv4.parseCIDR(cidr);
  return `${ipaddr.IPv4.networkAddressFromCIDR(cidr).toString()}/${prefixLength}`;
}

/** True when the two blocks share at least one address. */
export function ipv4BlocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  const shorter = a.prefixLength <= b.prefixLength ? a : b;
  const longer = shorter === a ? b : a;
  return longer.network.match(shorter.network, shorter.prefixLength);
}

/** True when `inner` lies entirely inside `outer`. */
export function ipv4BlockContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.prefixLength >= outer.prefixLength && inner.network.match(outer.network, outer.prefixLength);
}

/** True when the IPv4 address lies inside the block. */
export function ipv4BlockContainsAddress(block: Ipv4Block, address: string): boolean {
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) return false;
  return ipaddr.IPv4.parse(address).match(block.network, block.prefixLength);
}

/** True for a dotted-quad IPv4 address. */
export function isIpv4Address(address: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(address);
}

/**
 * Validates a CIDR prop and returns the parsed block, or undefined when the value is a token
 * (unknown until apply, so it is not judged here).
 */
export function requireIpv4Cidr(scope: IConstruct, prop: string, cidr: string): Ipv4Block | undefined {
  if (isUnresolved(cidr)) return undefined;
  const block = parseIpv4Cidr(cidr);
  if (block) return block;
  const canonical = canonicalIpv4Cidr(cidr);
  if (canonical) {
    return invalidProp(
      scope,
      prop,
      cidr,
      "has host bits set, so it is not a canonical network address",
      `write it as "${canonical}"`,
    );
  }
  return invalidProp(scope, prop, cidr, "is not an IPv4 CIDR block", 'use the form "10.0.0.0/16"');
}

/** A named block for overlap checks, e.g. { prop: "podCidr", block }. */
export interface NamedIpv4Block {
  readonly prop: string;
  readonly block: Ipv4Block;
}

/** Throws when any two of the named blocks overlap; names both props in the message. */
export function requireDisjointIpv4Blocks(scope: IConstruct, blocks: NamedIpv4Block[]): void {
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      const a = blocks[i];
      const b = blocks[j];
      if (ipv4BlocksOverlap(a.block, b.block)) {
        invalidProp(
          scope,
          b.prop,
          b.block.cidr,
          `overlaps ${a.prop} (${a.block.cidr})`,
          `choose non-overlapping ranges for ${a.prop} and ${b.prop}`,
        );
      }
    }
  }
}

/** The block's first and last address as unsigned 32-bit numbers. */
export function ipv4BlockBounds(block: Ipv4Block): [number, number] {
  const b = block.network.toByteArray();
  const first = ((b[0] << 24) >>> 0) + (b[1] << 16) + (b[2] << 8) + b[3];
  return [first, first + 2 ** (32 - block.prefixLength) - 1];
}

/** The address `offset` places after the block's network address, e.g. 10 for the default DNS IP. */
export function ipv4BlockAddress(block: Ipv4Block, offset: number): string {
  const n = ipv4BlockBounds(block)[0] + offset;
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/**
 * The block of `prefixLength` that starts `offset` addresses into `addressSpace`, e.g. the /22 at
 * offset 0 or the /24 at offset 1280. When `addressSpace` is a token (a variable, `Fn.cidrsubnet`),
 * the result is Terraform's `cidrsubnet()` over it, so the subnet is computed at apply instead of
 * crashing here; `offset` must be a multiple of the subnet's size.
 */
export function ipv4SubnetAt(addressSpace: string, offset: number, prefixLength: number): string {
  if (!isUnresolved(addressSpace)) {
    const block = parseIpv4Cidr(addressSpace);
    if (block === undefined) throw new Error(`ipv4SubnetAt: ${addressSpace} is not a canonical IPv4 block`);
    return `${ipv4BlockAddress(block, offset)}/${prefixLength}`;
  }
  const size = 2 ** (32 - prefixLength);
  // newbits = prefixLength - (the address space's own prefix length), known only at apply.
  const newBits = Op.sub(prefixLength, Fn.tonumber(Fn.element(Fn.split("/", addressSpace), 1)));
  return Fn.cidrsubnet(addressSpace, newBits, offset / size);
}

/** The last (broadcast) address of the block. */
export function ipv4BlockLastAddress(block: Ipv4Block): string {
  const [first, last] = ipv4BlockBounds(block);
  return ipv4BlockAddress(block, last - first);
}

/** True when the blocks together contain every IPv4 address (e.g. 0.0.0.0/1 plus 128.0.0.0/1). */
export function ipv4BlocksCoverEverything(blocks: Ipv4Block[]): boolean {
  const spans = blocks.map(ipv4BlockBounds).sort((a, b) => a[0] - b[0]);
  let next = 0;
  for (const [first, last] of spans) {
    if (first > next) return false;
    next = Math.max(next, last + 1);
  }
  return next > 0xffffffff;
}

const literalBlock = (cidr: string): Ipv4Block => parseIpv4Cidr(cidr)!;

/**
 * Ranges AKS reserves for itself: no cluster may use them for the service, pod or VNet address
 * ranges, and AKS rejects a pod CIDR that overlaps one (MicrosoftDocs/azure-aks-docs,
 * articles/aks/concepts-network-cni-overview.md, "AKS CNI networking prerequisites").
 */
export const AKS_RESERVED_RANGES: readonly Ipv4Block[] = [
  "169.254.0.0/16",
  "172.30.0.0/16",
  "172.31.0.0/16",
  "192.0.2.0/24",
].map(literalBlock);

/** Throws when the block overlaps a range AKS reserves ({@link AKS_RESERVED_RANGES}). */
export function requireOutsideAksReservedRanges(scope: IConstruct, prop: string, cidr: Ipv4Block): void {
  const reserved = AKS_RESERVED_RANGES.find((r) => ipv4BlocksOverlap(r, cidr));
  if (reserved) {
    invalidProp(
      scope,
      prop,
      cidr.cidr,
      `overlaps ${reserved.cidr}, which AKS reserves (169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24 cannot be service, pod or VNet ranges)`,
      "choose a range outside the reserved ones, e.g. 192.168.0.0/16 for pods or 172.16.0.0/16 for services",
    );
  }
}

/** RFC 1918 private space and RFC 6598 shared space: what Azure VNets and AKS overlay support. */
const NON_PUBLIC_RANGES: readonly Ipv4Block[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map(
  literalBlock,
);

/** True when the whole block lies in RFC 1918 or RFC 6598 space. */
export function isNonPublicIpv4Block(cidr: Ipv4Block): boolean {
  return NON_PUBLIC_RANGES.some((r) => ipv4BlockContains(r, cidr));
}
