import { TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ClusterNetwork, ClusterNetworkProps } from "../../lib/network/cluster-network";
import { ClusterEgress } from "../../lib/network/cluster-egress";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { GROUP, Json, TENANT, only, resources } from "../cluster/helpers";

function build(overrides: Partial<ClusterNetworkProps> = {}): { stack: TerraformStack; network: ClusterNetwork } {
  const stack = new TerraformStack(Testing.app(), "test");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const network = new ClusterNetwork(stack, "Network", {
    resourceGroupName: "rg-net",
    location: "westeurope",
    namePrefix: "aks-test",
    egress: ClusterEgress.natGateway(),
    ...overrides,
  });
  return { stack, network };
}

const synth = (stack: TerraformStack): Json => JSON.parse(Testing.synth(stack));
const subnet = (doc: Json, name: string): Json => resources(doc, "azurerm_subnet").find((s) => s.name === name);

function expectInvalid(fn: () => unknown, prop: string, value: string): void {
  expect(fn).toThrow(/\[test\/Network\]/);
  expect(fn).toThrow(`${prop} = ${value}`);
  expect(fn).toThrow(/Fix: /);
}

describe("ClusterNetwork defaults", () => {
  const doc = synth(build().stack);

  it("creates a VNet with the default address space", () => {
    const vnet = only(doc, "azurerm_virtual_network");
    expect(vnet.name).toBe("vnet-aks-test");
    expect(vnet.address_space).toEqual(["10.240.0.0/16"]);
    expect(vnet.dns_servers).toBeUndefined();
  });

  it("creates node, API-server and private-endpoint subnets without implicit outbound access", () => {
    const subnets = resources(doc, "azurerm_subnet");
    expect(subnets).toHaveLength(3);
    for (const s of subnets) expect(s.default_outbound_access_enabled).toBe(false);
    expect(subnet(doc, "snet-aks-test-nodes").address_prefixes).toEqual(["10.240.0.0/22"]);
    expect(subnet(doc, "snet-aks-test-endpoints").address_prefixes).toEqual(["10.240.5.0/24"]);
    expect(subnet(doc, "snet-aks-test-endpoints").private_endpoint_network_policies).toBe("Enabled");
  });

  it("delegates the API-server subnet to AKS", () => {
    const api = subnet(doc, "snet-aks-test-apiserver");
    expect(api.address_prefixes).toEqual(["10.240.4.0/28"]);
    expect(api.delegation).toEqual([
      {
        name: "aks-apiserver",
        service_delegation: { name: "Microsoft.ContainerService/managedClusters", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] },
      },
    ]);
  });

  it("puts an NSG on every subnet (AKS-NET-09)", () => {
    expect(resources(doc, "azurerm_network_security_group").map((n) => n.name).sort()).toEqual([
      "nsg-aks-test-apiserver",
      "nsg-aks-test-endpoints",
      "nsg-aks-test-nodes",
    ]);
    const associations = resources(doc, "azurerm_subnet_network_security_group_association");
    expect(associations).toHaveLength(3);
    expect(associations.map((a) => a.subnet_id).sort()).toEqual(
      ["ApiServerSubnet", "NodeSubnet", "PrivateEndpointSubnet"].map((id) => expect.stringContaining(`azurerm_subnet.Network_${id}_`)),
    );
  });

  it("egresses through a NAT gateway with a static Standard public IP", () => {
    const pip = only(doc, "azurerm_public_ip");
    expect(pip).toMatchObject({ allocation_method: "Static", sku: "Standard", name: "pip-aks-test-egress" });
    expect(only(doc, "azurerm_nat_gateway")).toMatchObject({ sku_name: "Standard", idle_timeout_in_minutes: 4 });
    expect(only(doc, "azurerm_subnet_nat_gateway_association").subnet_id).toContain("azurerm_subnet.Network_NodeSubnet_");
    expect(only(doc, "azurerm_nat_gateway_public_ip_association").public_ip_address_id).toContain("azurerm_public_ip.");
    expect(resources(doc, "azurerm_route_table")).toHaveLength(0);
  });

  it("reports the outbound type and the egress dependencies", () => {
    const { network } = build();
    expect(network.outboundType).toBe("userAssignedNATGateway");
    expect(network.egressDependencies).toHaveLength(2);
    expect(network.routeTable).toBeUndefined();
    expect(network.natGateway).toBeDefined();
  });
});

describe("ClusterNetwork with firewall egress", () => {
  const { stack, network } = build({ egress: ClusterEgress.firewall({ privateIp: "10.0.1.4" }), dnsServers: ["10.0.2.4"] });
  const doc = synth(stack);

  it("routes 0.0.0.0/0 to the firewall without BGP propagation", () => {
    const rt = only(doc, "azurerm_route_table");
    expect(rt.bgp_route_propagation_enabled).toBe(false);
    expect(rt.route).toEqual([
      { name: "default-to-firewall", address_prefix: "0.0.0.0/0", next_hop_type: "VirtualAppliance", next_hop_in_ip_address: "10.0.1.4" },
    ]);
    expect(only(doc, "azurerm_subnet_route_table_association").subnet_id).toContain("azurerm_subnet.Network_NodeSubnet_");
    expect(resources(doc, "azurerm_nat_gateway")).toHaveLength(0);
    expect(network.outboundType).toBe("userDefinedRouting");
    expect(network.egressDependencies).toHaveLength(1);
  });

  it("sets custom DNS servers", () => {
    expect(only(doc, "azurerm_virtual_network").dns_servers).toEqual(["10.0.2.4"]);
  });
});

describe("ClusterNetwork with a SecureCluster", () => {
  it("wires the node subnet and waits for the egress association", () => {
    const { stack, network } = build();
    new SecureCluster(stack, "Cluster", {
      resourceGroupName: "rg-aks",
      location: "westeurope",
      clusterName: "aks-test",
      kubernetesVersion: "1.33",
      entraId: { tenantId: TENANT, adminGroupObjectIds: [GROUP] },
      network,
    });
    const doc = synth(stack);
    const aks = only(doc, "azurerm_kubernetes_cluster");
    expect(aks.default_node_pool.vnet_subnet_id).toContain("azurerm_subnet.Network_NodeSubnet_");
    expect(aks.network_profile.outbound_type).toBe("userAssignedNATGateway");
    expect(aks.depends_on).toEqual(expect.arrayContaining([expect.stringContaining("azurerm_subnet_nat_gateway_association.")]));
  });
});

describe("ClusterNetwork bad input", () => {
  it.each([
    ["addressSpace", "10.240.0.1/16", { addressSpace: "10.240.0.1/16" }],
    ["addressSpace", "10.240.0.0", { addressSpace: "10.240.0.0" }],
    ["nodeSubnetCidr", "10.241.0.0/22", { nodeSubnetCidr: "10.241.0.0/22" }],
    ["apiServerSubnetCidr", "10.240.4.0/29", { apiServerSubnetCidr: "10.240.4.0/29" }],
    ["nodeSubnetCidr", "10.240.0.0/28", { nodeSubnetCidr: "10.240.0.0/28" }],
    ["privateEndpointSubnetCidr", "10.240.0.0/24", { privateEndpointSubnetCidr: "10.240.0.0/24" }],
    ["namePrefix", "AKS_prod", { namePrefix: "AKS_prod" }],
    ["dnsServers[0]", "dns.example.com", { dnsServers: ["dns.example.com"] }],
    ["egress.privateIp", "20.1.2.3", { egress: ClusterEgress.firewall({ privateIp: "20.1.2.3" }) }],
    ["egress.privateIp", "10.0.1", { egress: ClusterEgress.firewall({ privateIp: "10.0.1" }) }],
    ["egress.idleTimeoutMinutes", "121", { egress: ClusterEgress.natGateway({ idleTimeoutMinutes: 121 }) }],
    ["egress.zone", "4", { egress: ClusterEgress.natGateway({ zone: "4" }) }],
  ] as [string, string, Partial<ClusterNetworkProps>][])("rejects %s = %s", (prop, value, overrides) => {
    expectInvalid(() => build(overrides), prop, prop === "egress.idleTimeoutMinutes" ? value : JSON.stringify(value));
  });

  it("names both props of an overlap", () => {
    expect(() => build({ privateEndpointSubnetCidr: "10.240.0.0/24" })).toThrow(/overlaps nodeSubnetCidr \(10\.240\.0\.0\/22\)/);
  });
});

it("synthesizes byte-identical JSON twice", () => {
  expect(Testing.synth(build().stack)).toBe(Testing.synth(build().stack));
});
