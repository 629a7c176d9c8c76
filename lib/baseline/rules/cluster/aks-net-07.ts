import { TerraformDocument, TerraformResource, isExpression, readAttribute, readBlocks } from "../../rule";
import { defineRule } from "../define-rule";
import { referencedAmong, resourcesReferencing } from "../../references";
import { failed, passed, unknown } from "../findings";

const DEFAULT_ROUTE = ["0.0.0.0/0", "Internet"];
/** Next hops that put a firewall in the path: an NVA in the VNet, or forced tunnelling to an on-premises firewall. */
const INSPECTED_HOPS = ["VirtualAppliance", "VirtualNetworkGateway"];

/** The routes of a route table: its inline `route` blocks plus azurerm_route resources that name it. */
function routesOf(table: TerraformResource, document: TerraformDocument): Record<string, unknown>[] {
  const inline = readBlocks(table.config, "route");
  const separate = resourcesReferencing(document, table, ["azurerm_route"], "route_table_name", "name").map(
    (route) => route.config,
  );
  return [...inline, ...separate];
}

/** Judges the firewall address of a VirtualAppliance default route. */
function judgeApplianceAddress(route: Record<string, unknown>, table: TerraformResource, document: TerraformDocument) {
  const ip = route.next_hop_in_ip_address;
  if (ip === undefined || ip === null || ip === "")
    return failed(
      "route.next_hop_in_ip_address",
      ip,
      `the default route of ${table.address} names no appliance address, so it leads to no firewall`,
    );
  if (!isExpression(ip))
    return passed(
      "route.next_hop_type",
      route.next_hop_type,
      `${table.address} sends 0.0.0.0/0 to the appliance at ${String(ip)}`,
    );
  // ClusterEgress.azureFirewall(): the next hop is the private IP of an azurerm_firewall declared here.
  const firewall = referencedAmong(document, ip, ["azurerm_firewall"], "ip_configuration.0.private_ip_address")[0];
  if (firewall)
    return passed(
      "route.next_hop_in_ip_address",
      ip,
      `${table.address} sends 0.0.0.0/0 to the private IP of ${firewall.address}`,
    );
  return unknown(
    "route.next_hop_in_ip_address",
    ip,
    "the default route's next hop is an expression that is not the private IP of an azurerm_firewall in this document, so the appliance cannot be confirmed",
  );
}

/**
 * Follows the node subnet to its route table and judges the default route: it must go to a
 * firewall or NVA (next_hop_type "VirtualAppliance") at a literal address or at the private IP of
 * an azurerm_firewall in this document. Unknown when the subnet or the table is not declared in
 * this document (a subnet from another stack, or an expression), when a route's prefix or next hop
 * is an expression (it may be the default route), or when the appliance address is an expression
 * that is not such a firewall.
 */
function judgeDefaultRoute(cluster: TerraformResource, document: TerraformDocument) {
  const subnetId = readAttribute(cluster.config, "default_node_pool.vnet_subnet_id");
  const subnet = referencedAmong(document, subnetId, ["azurerm_subnet"], "id")[0];
  if (!subnet)
    return unknown(
      "default_node_pool.vnet_subnet_id",
      subnetId,
      "the node subnet is not declared in this document, so its route to the firewall cannot be checked",
    );
  const association = resourcesReferencing(
    document,
    subnet,
    ["azurerm_subnet_route_table_association"],
    "subnet_id",
    "id",
  )[0];
  if (!association)
    return failed(
      "azurerm_subnet_route_table_association",
      undefined,
      `the node subnet ${subnet.address} has no route table, so nothing sends egress to a firewall`,
    );
  const table = referencedAmong(document, association.config.route_table_id, ["azurerm_route_table"], "id")[0];
  if (!table)
    return unknown(
      "azurerm_subnet_route_table_association.route_table_id",
      association.config.route_table_id,
      "the route table is not declared in this document",
    );
  const all = routesOf(table, document);
  const routes = all.filter(
    (route) => !isExpression(route.address_prefix) && DEFAULT_ROUTE.includes(String(route.address_prefix)),
  );
  // A literal default route that bypasses the firewall fails whatever the other routes are.
  const bypass = routes.find(
    (route) => !isExpression(route.next_hop_type) && !INSPECTED_HOPS.includes(String(route.next_hop_type)),
  );
  if (bypass)
    return failed(
      "route.next_hop_type",
      bypass.next_hop_type,
      `the default route of ${table.address} goes to ${String(bypass.next_hop_type)}, not to a firewall or NVA`,
    );
  const unresolvedPrefix = all.filter((route) => isExpression(route.address_prefix));
  if (unresolvedPrefix.length > 0) {
    return unknown(
      "route.address_prefix",
      unresolvedPrefix.map((route) => route.address_prefix),
      `a route of ${table.address} has an expression as its prefix, so it may be the default route`,
    );
  }
  if (routes.some((route) => isExpression(route.next_hop_type)))
    return unknown(
      "route.next_hop_type",
      routes.map((route) => route.next_hop_type),
    );
  if (routes.length === 0)
    return failed(
      "route.address_prefix",
      undefined,
      `route table ${table.address} has no 0.0.0.0/0 route to a firewall`,
    );
  const appliance = routes.find((route) => route.next_hop_type === "VirtualAppliance");
  if (appliance) return judgeApplianceAddress(appliance, table, document);
  return passed(
    "route.next_hop_type",
    routes[0].next_hop_type,
    `${table.address} sends 0.0.0.0/0 to ${String(routes[0].next_hop_type)}`,
  );
}

/**
 * Error. The catalog's target is egress through a firewall or NVA: outbound_type
 * "userDefinedRouting" with the node subnet's 0.0.0.0/0 route at a VirtualAppliance (or a
 * VirtualNetworkGateway, forced tunnelling to an on-premises firewall); that route is followed
 * when the subnet is in the document, unknown otherwise. "none" (network-isolated, no egress)
 * is stricter and passes. The load balancer and both NAT gateways fail: a user-assigned NAT gateway
 * (ClusterEgress.natGateway()) is an explicit path but nothing inspects it, which DESIGN.md lists
 * among the weaker choices a suppression with a reason must accept.
 */
export const aksNet07 = defineRule("AKS-NET-07", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Route egress through a firewall: ClusterNetwork with ClusterEgress.azureFirewall() (an Azure Firewall in the cluster VNet with the rules AKS needs) or ClusterEgress.firewall({ privateIp }) (your hub firewall); with raw resources, set network_profile.outbound_type = "userDefinedRouting" and give the node subnet a route table whose 0.0.0.0/0 route has next_hop_type "VirtualAppliance" and the firewall\'s private IP, and allow the AzureKubernetesService FQDN tag on the firewall. To accept NAT gateway egress without inspection, SecurityBaseline.suppress(cluster, "AKS-NET-07", reason).',
  evaluate: (cluster, document) => {
    const outbound = readAttribute(cluster.config, "network_profile.outbound_type");
    if (isExpression(outbound)) return unknown("network_profile.outbound_type", outbound);
    if (outbound === "none") return passed("network_profile.outbound_type", outbound);
    if (outbound === "userAssignedNATGateway") {
      return failed(
        "network_profile.outbound_type",
        outbound,
        "explicit NAT gateway egress, but no firewall inspects or filters it: any pod can reach any internet destination",
      );
    }
    if (outbound !== "userDefinedRouting") {
      const why =
        outbound === "managedNATGateway"
          ? "the NAT gateway sits in an AKS-managed network outside your egress design, and nothing inspects the traffic"
          : "egress leaves through the implicit load-balancer SNAT, with no designed path or inspection point";
      return failed("network_profile.outbound_type", outbound ?? "absent (loadBalancer)", why);
    }
    return judgeDefaultRoute(cluster, document);
  },
});
