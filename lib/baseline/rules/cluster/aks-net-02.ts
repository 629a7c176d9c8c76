import * as ipaddr from "ipaddr.js";
import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";

const IPV4_SPACE = 2 ** 32;

/** The [first, last+1) IPv4 interval of a range ("203.0.113.0/24", or a bare address = /32); undefined when not IPv4. */
function ipv4Interval(range: string): [number, number] | undefined {
  try {
    const [address, prefix] = range.includes("/") ? ipaddr.IPv4.parseCIDR(range) : [ipaddr.IPv4.parse(range), 32];
    const start = address.toByteArray().reduce((acc, byte) => acc * 256 + byte, 0);
    const size = 2 ** (32 - prefix);
    const first = Math.floor(start / size) * size;
    return [first, first + size];
  } catch {
    return undefined;
  }
}

/** True when the ranges together allow every IPv4 address (0.0.0.0/0, or halves that add up to it), or every IPv6 address. */
function coversInternet(ranges: string[]): boolean {
  if (ranges.some((range) => /\/0+$/.test(range.trim()))) return true;
  const intervals = ranges
    .map((range) => ipv4Interval(range.trim()))
    .filter((interval): interval is [number, number] => interval !== undefined)
    .sort((a, b) => a[0] - b[0]);
  let reach = 0;
  for (const [first, end] of intervals) {
    if (first > reach) return false;
    reach = Math.max(reach, end);
  }
  return reach >= IPV4_SPACE;
}

/**
 * Error: evaluated on public API servers only (private_cluster_enabled false or absent); a private
 * cluster has no public endpoint to restrict, so the rule does not apply to it. A public API server
 * also fails AKS-NET-01 unless suppressed: that is the intended catalog behaviour.
 */
export const aksNet02 = defineRule("AKS-NET-02", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Give a public API server api_server_access_profile { authorized_ip_ranges = [<admin, CI and cluster egress CIDRs>] }, never 0.0.0.0/0 (SecureCluster: ApiServerAccess.publicWithAuthorizedRanges([...])); or make it private (AKS-NET-01).",
  evaluate: (cluster) => {
    const privateCluster = cluster.config.private_cluster_enabled;
    if (isExpression(privateCluster)) return unknown("private_cluster_enabled", privateCluster);
    if (privateCluster === true || privateCluster === "true") return undefined;
    const attribute = "api_server_access_profile.authorized_ip_ranges";
    const ranges = readAttribute(cluster.config, attribute);
    if (isExpression(ranges)) return unknown(attribute, ranges);
    if (!Array.isArray(ranges) || ranges.length === 0)
      return failed(attribute, ranges, "the public API server accepts connections from the whole internet");
    if (coversInternet(ranges.map(String)))
      return failed(attribute, ranges, "the authorized ranges add up to the whole internet");
    return passed(attribute, ranges);
  },
});
