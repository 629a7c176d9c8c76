import { ClusterNetwork, ClusterNetworkProps } from "../../lib/network/cluster-network";
import { ClusterEgress } from "../../lib/network/cluster-egress";
import { Json, address, named, newStack, resources, synth, thrown } from "../cluster/helpers";

const FQDNS = ["github.com", "*.actions.githubusercontent.com", "management.azure.com", "login.microsoftonline.com"];

function build(overrides: Partial<ClusterNetworkProps> = {}) {
  const stack = newStack();
  const network = new ClusterNetwork(stack, "Network", {
    resourceGroupName: "rg-net",
    location: "westeurope",
    namePrefix: "aks-test",
    egress: ClusterEgress.azureFirewall(),
    deploymentRunner: { subnetCidr: "10.240.7.0/27", allowedFqdns: FQDNS },
    ...overrides,
  });
  return { stack, network, doc: synth(stack) as Json };
}

describe("ClusterNetwork deploymentRunner: a way in for the tenant stacks", () => {
  const { network, doc } = build();
  const runnerSubnet = named(doc, "azurerm_subnet", "snet-aks-test-runner");

  test("a private subnet in the cluster VNet with its own NSG", () => {
    expect(runnerSubnet).toMatchObject({ address_prefixes: ["10.240.7.0/27"], default_outbound_access_enabled: false });
    const nsg = named(doc, "azurerm_network_security_group", "nsg-aks-test-runner");
    expect(nsg).toBeDefined();
    const runnerSubnetRef = `\${${address(doc, "azurerm_subnet", "snet-aks-test-runner")}.id}`;
    const nsgRef = `\${${address(doc, "azurerm_network_security_group", "nsg-aks-test-runner")}.id}`;
    expect(resources(doc, "azurerm_subnet_network_security_group_association")).toContainEqual({
      subnet_id: runnerSubnetRef,
      network_security_group_id: nsgRef,
    });
    expect(network.runnerSubnetId).toBeDefined();
  });

  test("may reach the API server and the private endpoints on 443 (explicit allows)", () => {
    const rules = resources(doc, "azurerm_network_security_rule").filter(
      (r) => r.source_address_prefix === "10.240.7.0/27",
    );
    expect(
      rules.map((r) => [r.name, r.destination_address_prefix, r.destination_port_range, r.access, r.direction]),
    ).toEqual([
      ["allow-runner-to-apiserver", "10.240.4.0/28", "443", "Allow", "Inbound"],
      ["allow-runner-to-endpoints", "10.240.5.0/24", "443", "Allow", "Inbound"],
    ]);
  });

  test("egresses through the firewall, allowed only its FQDNs by a rule collection group of its own", () => {
    const routeTable = `\${${address(doc, "azurerm_route_table", "rt-aks-test-nodes")}.id}`;
    const runnerSubnetRef = `\${${address(doc, "azurerm_subnet", "snet-aks-test-runner")}.id}`;
    expect(resources(doc, "azurerm_subnet_route_table_association")).toContainEqual({
      subnet_id: runnerSubnetRef,
      route_table_id: routeTable,
    });
    const group = named(doc, "azurerm_firewall_policy_rule_collection_group", "deployment-runner");
    const rule = group.application_rule_collection[0].rule[0];
    expect(rule).toMatchObject({
      source_addresses: ["10.240.7.0/27"],
      destination_fqdns: FQDNS,
      protocols: [{ type: "Https", port: 443 }],
    });
    expect(group.network_rule_collection).toBeUndefined();
    // Written after the nodes' group; the firewall waits for both.
    const aksGroup = address(doc, "azurerm_firewall_policy_rule_collection_group", "aks-egress");
    expect(group.depends_on).toEqual([aksGroup]);
    const firewall = resources(doc, "azurerm_firewall")[0];
    expect(firewall.depends_on).toEqual(
      expect.arrayContaining([
        aksGroup,
        address(doc, "azurerm_firewall_policy_rule_collection_group", "deployment-runner"),
      ]),
    );
  });

  test("with custom DNS the runner may query the DNS servers", () => {
    const group = named(
      build({ dnsServers: ["10.0.0.4"] }).doc,
      "azurerm_firewall_policy_rule_collection_group",
      "deployment-runner",
    );
    expect(group.network_rule_collection[0].rule[0]).toMatchObject({
      source_addresses: ["10.240.7.0/27"],
      destination_addresses: ["10.0.0.4"],
      destination_ports: ["53"],
    });
  });

  test("with a NAT gateway the runner subnet uses it too; with a hub firewall, the route table", () => {
    const nat = build({ egress: ClusterEgress.natGateway(), deploymentRunner: { subnetCidr: "10.240.7.0/27" } }).doc;
    expect(resources(nat, "azurerm_subnet_nat_gateway_association")).toHaveLength(2);
    const hub = build({
      egress: ClusterEgress.firewall({ privateIp: "10.0.1.4" }),
      deploymentRunner: { subnetCidr: "10.240.7.0/27" },
    }).doc;
    expect(resources(hub, "azurerm_subnet_route_table_association")).toHaveLength(2);
    expect(resources(hub, "azurerm_firewall_policy_rule_collection_group")).toHaveLength(0);
  });

  test("bad input: outside the VNet, overlapping a subnet, too small, no FQDNs with Azure Firewall, a URL as FQDN", () => {
    const at = (deploymentRunner: ClusterNetworkProps["deploymentRunner"]) => thrown(() => build({ deploymentRunner }));
    expect(at({ subnetCidr: "10.250.0.0/27", allowedFqdns: FQDNS }).prop).toBe("deploymentRunner.subnetCidr");
    expect(at({ subnetCidr: "10.240.5.0/27", allowedFqdns: FQDNS }).message).toContain("deploymentRunner.subnetCidr");
    expect(at({ subnetCidr: "10.240.7.0/30", allowedFqdns: FQDNS }).message).toContain("smaller than a /29");
    const empty = at({ subnetCidr: "10.240.7.0/27" });
    expect([empty.constructPath, empty.prop]).toEqual(["test/Network", "deploymentRunner.allowedFqdns"]);
    expect(at({ subnetCidr: "10.240.7.0/27", allowedFqdns: ["https://github.com/"] }).prop).toBe(
      "deploymentRunner.allowedFqdns[0]",
    );
  });

  test("runner FQDNs follow the firewall's one host-name rule: an internationalized (punycode) top-level domain is a host name", () => {
    const { doc } = build({ deploymentRunner: { subnetCidr: "10.240.7.0/27", allowedFqdns: ["example.xn--p1ai"] } });
    const group = named(doc, "azurerm_firewall_policy_rule_collection_group", "deployment-runner");
    expect(group.application_rule_collection[0].rule[0].destination_fqdns).toEqual(["example.xn--p1ai"]);
    const error = thrown(() => build({ deploymentRunner: { subnetCidr: "10.240.7.0/27", allowedFqdns: ["*"] } }));
    expect(error.message).toMatch(
      /deploymentRunner\.allowedFqdns\[0\] = "\*": is not a host name.*Fix: write it like "github\.com"/,
    );
  });

  test("the parts of the split construct hold the very resources of its fields (escape hatches keep working)", () => {
    const { network: net } = build();
    expect(net.subnets.virtualNetwork).toBe(net.virtualNetwork);
    expect(net.subnets.nodes.subnet).toBe(net.nodeSubnet);
    expect(net.subnets.apiServer.networkSecurityGroup).toBe(net.apiServerNetworkSecurityGroup);
    expect(net.subnets.privateEndpoints.networkSecurityGroupAssociation).toBe(
      net.privateEndpointNetworkSecurityGroupAssociation,
    );
    expect(net.subnets.securityRules).toBe(net.securityRules);
    expect(net.egressPath.azureFirewall?.firewall).toBe(net.firewall);
    expect(net.egressPath.azureFirewall?.rules).toBe(net.firewallEgressRules);
    expect(net.egressPath.routeTable).toBe(net.routeTable);
    expect(net.deploymentRunnerSubnet?.subnet.subnet).toBe(net.runnerSubnet);
    expect(net.deploymentRunnerSubnet?.firewallRuleCollectionGroup).toBe(net.runnerFirewallRuleCollectionGroup);
    // Created with the network as their scope: the construct paths (and Terraform addresses) of before.
    expect(net.nodeSubnet.node.path).toBe("test/Network/NodeSubnet");
    expect(net.firewall!.node.path).toBe("test/Network/Firewall");
    expect(net.runnerSubnet!.node.path).toBe("test/Network/RunnerSubnet");
  });
});
