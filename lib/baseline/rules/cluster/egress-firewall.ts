import { RuleFinding, TerraformDocument, TerraformResource, isExpression, readAttribute, readBlocks } from "../../rule";
import { referencesResource } from "../../references";
import { unknown } from "../findings";
import { resourcesScopedTo } from "./scope";

/**
 * Shared lookups of the egress-firewall rules (AKS-NET-14, 15, 16): from a cluster to the Azure
 * Firewall its node subnet routes 0.0.0.0/0 to, from a firewall to its policy and rules, and the
 * diagnostic settings of a resource. They read raw azurerm resources, so a firewall written
 * without this library is judged like ours.
 */

/** The azurerm_firewall_policy a firewall or rule collection group names, when declared in the document. */
export function policyNamedBy(value: unknown, document: TerraformDocument): TerraformResource | undefined {
  return document.ofType("azurerm_firewall_policy").find((policy) => referencesResource(value, policy, "id"));
}

/**
 * The Azure Firewall of the document that the cluster's node subnet sends its default route to;
 * a finding (unknown) when the path leaves the document, undefined when there is no firewall route
 * at all (AKS-NET-07 judges that).
 */
export function firewallOfCluster(
  cluster: TerraformResource,
  document: TerraformDocument,
): TerraformResource | RuleFinding | undefined {
  const subnetId = readAttribute(cluster.config, "default_node_pool.vnet_subnet_id");
  const subnet = document.ofType("azurerm_subnet").find((candidate) => referencesResource(subnetId, candidate, "id"));
  if (!subnet)
    return unknown(
      "default_node_pool.vnet_subnet_id",
      subnetId,
      "the node subnet is not declared in this document, so the firewall it egresses through cannot be read",
    );
  const association = document
    .ofType("azurerm_subnet_route_table_association")
    .find((candidate) => referencesResource(candidate.config.subnet_id, subnet, "id"));
  const table =
    association &&
    document
      .ofType("azurerm_route_table")
      .find((candidate) => referencesResource(association.config.route_table_id, candidate, "id"));
  if (!table) return undefined;
  const routes = [
    ...readBlocks(table.config, "route"),
    ...document
      .ofType("azurerm_route")
      .filter((route) => referencesResource(route.config.route_table_name, table, "name"))
      .map((route) => route.config),
  ];
  const route = routes.find(
    (candidate) => candidate.address_prefix === "0.0.0.0/0" && candidate.next_hop_type === "VirtualAppliance",
  );
  if (!route) return undefined;
  const ip = route.next_hop_in_ip_address;
  const firewall = document
    .ofType("azurerm_firewall")
    .find((candidate) => referencesResource(ip, candidate, "ip_configuration.0.private_ip_address"));
  return (
    firewall ??
    unknown(
      "route.next_hop_in_ip_address",
      ip,
      `the default route of ${table.address} leads to an appliance that is not an azurerm_firewall of this document (e.g. a hub firewall), so its rules cannot be read here`,
    )
  );
}

/** Diagnostic settings of the document that target `target`, and those whose target is an unresolved expression. */
export function diagnosticSettingsOf(
  target: TerraformResource,
  document: TerraformDocument,
): { readonly certain: TerraformResource[]; readonly unresolved: TerraformResource[] } {
  return resourcesScopedTo(
    document,
    target,
    "azurerm_monitor_diagnostic_setting",
    (setting) => setting.config.target_resource_id,
  );
}

/** What the Allow rules of a firewall policy let through, over all its rule collection groups in the document. */
export interface AllowedEgress {
  /** Destination FQDNs of application rules (HTTP/HTTPS). */
  readonly fqdns: string[];
  /** Network rules: destination addresses (IPs, CIDRs, service tags, "*") and ports. */
  readonly networkRules: { readonly addresses: string[]; readonly ports: string[]; readonly protocols: string[] }[];
  /** True when some allowed destination is an expression (a variable list, a cross-stack value). */
  readonly hasExpressions: boolean;
}

export function allowedEgress(policy: TerraformResource, document: TerraformDocument): AllowedEgress {
  const groups = document
    .ofType("azurerm_firewall_policy_rule_collection_group")
    .filter((group) => referencesResource(group.config.firewall_policy_id, policy, "id"));
  const fqdns: string[] = [];
  const networkRules: { addresses: string[]; ports: string[]; protocols: string[] }[] = [];
  let hasExpressions = false;
  const strings = (value: unknown): string[] => {
    if (isExpression(value) && !Array.isArray(value)) {
      hasExpressions = true;
      return [];
    }
    const list = Array.isArray(value) ? value : [];
    if (list.some(isExpression)) hasExpressions = true;
    return list.filter((item): item is string => typeof item === "string" && !isExpression(item));
  };
  for (const group of groups) {
    for (const collection of readBlocks(group.config, "application_rule_collection")) {
      if (collection.action !== "Allow") continue;
      for (const rule of readBlocks(collection, "rule")) fqdns.push(...strings(rule.destination_fqdns));
    }
    for (const collection of readBlocks(group.config, "network_rule_collection")) {
      if (collection.action !== "Allow") continue;
      for (const rule of readBlocks(collection, "rule")) {
        networkRules.push({
          addresses: [...strings(rule.destination_addresses), ...strings(rule.destination_fqdns)],
          ports: strings(rule.destination_ports),
          protocols: strings(rule.protocols),
        });
      }
    }
  }
  return { fqdns, networkRules, hasExpressions };
}

/**
 * True when an allowed application-rule FQDN lets `needed` through: the same name, "*", or a
 * "*."-wildcard the needed name (or wildcard) falls under.
 */
export function fqdnAllowed(needed: string, allowed: readonly string[]): boolean {
  const want = needed.toLowerCase();
  return allowed.some((entry) => {
    const have = entry.toLowerCase();
    if (have === "*" || have === want) return true;
    if (!have.startsWith("*.")) return false;
    const suffix = have.slice(1);
    return want.endsWith(suffix) && want.length > suffix.length;
  });
}

/** True when a network rule lets TCP `port` through to one of `addresses` (or to "*"). */
export function networkAllowed(egress: AllowedEgress, addresses: readonly string[], port: number): boolean {
  return egress.networkRules.some(
    (rule) =>
      rule.protocols.some((p) => p === "TCP" || p === "Any") &&
      rule.addresses.some((address) => address === "*" || addresses.includes(address)) &&
      rule.ports.some((range) => {
        if (range === "*") return true;
        const [from, to = from] = range.split("-").map(Number);
        return port >= from && port <= to;
      }),
  );
}
