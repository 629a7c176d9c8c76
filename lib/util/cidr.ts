import * as ipaddr from "ipaddr.js";
import { IConstruct } from "constructs";
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
    return invalidProp(scope, prop, cidr, "has host bits set, so it is not a canonical network address", `write it as "${canonical}"`);
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
