import { IConstruct } from "constructs";
import { AzureFirewallEgressOptions } from "./cluster-egress";
import { LOG_ANALYTICS_WORKSPACE_ID, requireResourceId } from "../util/resource-ids";
import { invalidProp, isUnresolved, requireIntInRange, requireOneOf, withResolved } from "../util/validation";
import { isIpv4Address, parseIpv4Cidr } from "../util/cidr";

// The options of ClusterEgress.azureFirewall(): defaults and validation, checked by ClusterNetwork's
// props resolver before any resource exists.

/** Default `AzureFirewallSubnet` block: next to ClusterNetwork's default subnets in 10.240.0.0/16. */
export const DEFAULT_FIREWALL_SUBNET_CIDR = "10.240.6.0/26";
/** Azure's minimum size of `AzureFirewallSubnet`. */
export const MIN_FIREWALL_SUBNET_PREFIX = 26;
/** Azure Firewall takes at most 250 public IPs (azure-firewall/firewall-faq.md; Azure subscription limits, "Azure Firewall limits"). */
export const MAX_FIREWALL_PUBLIC_IPS = 250;

/** Firewall policy rule and rule collection group names (provider: validate.FirewallPolicyRuleName). */
const RULE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;
/** A host name or a "*."-wildcard host name, as Azure Firewall application rules take them. */
const FQDN = /^(?:\*\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]$/;
/** A service tag such as "AzureCloud" or "AzureCloud.westeurope". */
const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)?$/;
const NETWORK_PROTOCOLS = ["TCP", "UDP", "ICMP", "Any"];
const TIERS = ["Standard", "Premium"];
const ZONES = ["1", "2", "3"];
/** Names of the rules this library adds; user network rules may not reuse them. */
const RESERVED_NETWORK_RULE_NAMES = ["custom-dns", "azure-files-smb"];

function isPort(text: string): boolean {
  if (!/^\d{1,5}$/.test(text)) return false;
  const port = Number(text);
  return port >= 1 && port <= 65535;
}

function isPortOrRange(text: string): boolean {
  const parts = text.split("-");
  if (parts.length === 1) return isPort(parts[0]);
  return parts.length === 2 && isPort(parts[0]) && isPort(parts[1]) && Number(parts[0]) <= Number(parts[1]);
}

/**
 * Validates host names for an Azure Firewall application rule (`allowedFqdns` of the firewall and of
 * the deployment runner): names or "*."-wildcards only. A token list and token entries pass.
 */
export function requireFirewallFqdns(scope: IConstruct, prop: string, fqdns: string[] | undefined, fix: string): void {
  withResolved(fqdns, (list) =>
    list.forEach((entry, index) =>
      withResolved(entry, (fqdn) => {
        if (typeof fqdn === "string" && FQDN.test(fqdn)) return;
        invalidProp(
          scope,
          `${prop}[${index}]`,
          fqdn,
          'is not a host name or a "*."-wildcard host name (no scheme, path, port or bare "*")',
          fix,
        );
      }),
    ),
  );
}

/** Validates the options of ClusterEgress.azureFirewall() (the subnet is checked with the other subnets). */
export function validateAzureFirewallOptions(scope: IConstruct, options: AzureFirewallEgressOptions): void {
  requireOneOf(scope, "egress.skuTier", options.skuTier, TIERS, {
    problem: "is not an Azure Firewall tier this construct supports",
    fix: 'use "Standard" or "Premium" (Basic needs a separate management subnet and IP and is not supported here)',
  });
  const count = options.publicIpCount;
  if (count !== undefined && isUnresolved(count)) {
    // Structural, not a value: it decides how many azurerm_public_ip resources and IP configurations
    // are synthesized, which Terraform cannot change afterwards without a count expression.
    invalidProp(
      scope,
      "egress.publicIpCount",
      count,
      "is a token, but it decides how many public IP resources are synthesized",
      "pass a literal number from 1 to 250",
    );
  }
  requireIntInRange(scope, "egress.publicIpCount", count, 1, MAX_FIREWALL_PUBLIC_IPS, {
    problem: `is outside 1-${MAX_FIREWALL_PUBLIC_IPS}, the number of public IPs an Azure Firewall takes`,
    fix: "use 1, and add IPs only when SNAT ports run out (each IP gives 2,496 SNAT ports per firewall instance)",
  });
  requireResourceId(
    scope,
    "egress.logAnalyticsWorkspaceId",
    options.logAnalyticsWorkspaceId,
    LOG_ANALYTICS_WORKSPACE_ID,
  );
  withResolved(options.zones, (zones) => {
    if (
      !Array.isArray(zones) ||
      zones.some((zone) => !isUnresolved(zone) && !ZONES.includes(zone)) ||
      new Set(zones).size !== zones.length
    ) {
      invalidProp(
        scope,
        "egress.zones",
        zones,
        'must be distinct availability zones out of "1", "2" and "3"',
        'use ["1", "2", "3"], or [] in regions without availability zones',
      );
    }
  });
  requireFirewallFqdns(
    scope,
    "egress.allowedFqdns",
    options.allowedFqdns,
    'write it like "ghcr.io" or "*.blob.core.windows.net"; every other destination stays denied',
  );
  const names = new Set<string>(RESERVED_NETWORK_RULE_NAMES);
  for (const [index, rule] of (options.networkRules ?? []).entries()) {
    const at = `egress.networkRules[${index}]`;
    withResolved(rule.name, (name) => {
      if (typeof name !== "string" || !RULE_NAME.test(name)) {
        invalidProp(
          scope,
          `${at}.name`,
          name,
          "breaks Azure's firewall rule naming rules (1-80 letters, digits, '-', '_', '.'; starts with a letter or digit; ends with a letter, digit or '_')",
          'use e.g. "api-server-tcp"',
        );
      }
      if (names.has(name)) {
        invalidProp(
          scope,
          `${at}.name`,
          name,
          "is already used by another network rule of the firewall policy",
          "give every network rule a distinct name",
        );
      }
      names.add(name);
    });
    withResolved(rule.protocols, (protocols) => {
      if (
        !Array.isArray(protocols) ||
        protocols.length === 0 ||
        protocols.some((p) => !isUnresolved(p) && !NETWORK_PROTOCOLS.includes(p))
      ) {
        invalidProp(
          scope,
          `${at}.protocols`,
          protocols,
          'must be a non-empty list of "TCP", "UDP", "ICMP" or "Any"',
          'use e.g. ["TCP"]',
        );
      }
    });
    withResolved(rule.destinationAddresses, (addresses) => {
      if (!Array.isArray(addresses) || addresses.length === 0) {
        invalidProp(
          scope,
          `${at}.destinationAddresses`,
          addresses,
          "is empty",
          "list the IPv4 addresses, CIDR blocks or service tags the rule allows",
        );
      }
      addresses.forEach((entry, i) =>
        withResolved(entry, (address) => validateDestination(scope, `${at}.destinationAddresses[${i}]`, address)),
      );
    });
    withResolved(rule.destinationPorts, (ports) => {
      if (
        !Array.isArray(ports) ||
        ports.length === 0 ||
        ports.some((port) => !isUnresolved(port) && (typeof port !== "string" || !isPortOrRange(port)))
      ) {
        invalidProp(
          scope,
          `${at}.destinationPorts`,
          ports,
          "must be a non-empty list of ports or port ranges within 1-65535",
          'use e.g. ["443"] or ["8000-8080"]',
        );
      }
    });
  }
}

/** One destination of a network rule: an address, a CIDR block or a service tag, never "everything". */
function validateDestination(scope: IConstruct, prop: string, address: string): void {
  if (address === "*" || address === "0.0.0.0/0") {
    invalidProp(
      scope,
      prop,
      address,
      "allows every destination, so the firewall would filter nothing for these ports",
      'name the addresses, CIDR blocks or service tags (e.g. "AzureCloud.westeurope") the traffic needs',
    );
  }
  if (
    typeof address !== "string" ||
    !(
      isIpv4Address(address) ||
      parseIpv4Cidr(address) !== undefined ||
      (!/^\d/.test(address) && SERVICE_TAG.test(address))
    )
  ) {
    invalidProp(
      scope,
      prop,
      address,
      "is not an IPv4 address, a canonical IPv4 CIDR block or a service tag",
      'use e.g. "203.0.113.10", "203.0.113.0/24" or "AzureCloud.westeurope"',
    );
  }
}
