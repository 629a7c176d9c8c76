import { createHash } from "crypto";
import { Fn, Op } from "cdktf";
import { isUnresolved } from "../util/validation";

/** "If you're specifying a subzone, there's a 32 character limit for the <subzone> name" (private-clusters.md). */
export const MAX_SUBZONE_LENGTH = 32;

/**
 * `<prefix><name>` within `max` characters. A longer result keeps the start of the name and ends in
 * "-" and 8 hex characters of the name's SHA-256: valid for Azure, stable across runs, and distinct
 * for long names that share a prefix. A token name gets the same rule as a Terraform expression.
 */
export function derivedName(prefix: string, name: string, max: number): string {
  const keep = max - prefix.length - 9;
  if (isUnresolved(name)) {
    const short = `${prefix}${Fn.substr(name, 0, keep)}-${Fn.substr(Fn.sha256(name), 0, 8)}`;
    return Fn.conditional(Op.lte(Fn.lengthOf(name), max - prefix.length), `${prefix}${name}`, short) as string;
  }
  if (prefix.length + name.length <= max) return `${prefix}${name}`;
  return `${prefix}${name.slice(0, keep)}-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}
