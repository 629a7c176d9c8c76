import { TerraformOutput, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { ClusterNetwork, ClusterNetworkProps } from "../../lib/network/cluster-network";
import { ClusterEgress } from "../../lib/network/cluster-egress";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { SecureAksValidationError } from "../../lib/util/validation";
import { GROUP, TENANT, address, named, newStack, only, resources, synth, thrown } from "../cluster/helpers";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";

function build(
  overrides: Partial<ClusterNetworkProps> = {},
  stack = newStack(),
): { stack: TerraformStack; network: ClusterNetwork } {
  const network = new ClusterNetwork(stack, "Network", {
    resourceGroupName: "rg-net",
    location: "westeurope",
    namePrefix: "aks-test",
    egress: ClusterEgress.natGateway(),
    ...overrides,
  });
  return { stack, network };
}

describe("ClusterNetwork defaults (NAT gateway egress)", () => {
  const { stack, network } = build();
  const doc = synth(stack);
  const vnetName = `\${${address(doc, "azurerm_virtual_network", "vnet-aks-test")}.name}`;

  it("creates one VNet with the default /16, in the given group and region, with Azure DNS", () => {
    const vnet = only(doc, "azurerm_virtual_network");
    expect(vnet.name).toBe("vnet-aks-test");
    expect(vnet.resource_group_name).toBe("rg-net");
    expect(vnet.location).toBe("westeurope");
    expect(vnet.address_space).toEqual(["10.240.0.0/16"]);
    expect(vnet.dns_servers).toBeUndefined();
    expect(vnet.tags).toBeUndefined();
  });

  it("creates exactly three subnets in the VNet, none with implicit outbound access", () => {
    const subnets = resources(doc, "azurerm_subnet");
    expect(subnets.map((s) => s.name).sort()).toEqual([
      "snet-aks-test-apiserver",
      "snet-aks-test-endpoints",
      "snet-aks-test-nodes",
    ]);
    for (const s of subnets) {
      expect(s.default_outbound_access_enabled).toBe(false);
      expect(s.resource_group_name).toBe("rg-net");
      expect(s.virtual_network_name).toBe(vnetName);
    }
  });

  it("sizes the node subnet at /22 with no delegation", () => {
    const nodes = named(doc, "azurerm_subnet", "snet-aks-test-nodes");
    expect(nodes.address_prefixes).toEqual(["10.240.0.0/22"]);
    expect(nodes.delegation).toBeUndefined();
    expect(nodes.private_endpoint_network_policies).toBeUndefined();
  });

  it("delegates a /28 API-server subnet to Microsoft.ContainerService/managedClusters", () => {
    const api = named(doc, "azurerm_subnet", "snet-aks-test-apiserver");
    expect(api.address_prefixes).toEqual(["10.240.4.0/28"]);
    expect(api.delegation).toEqual([
      {
        name: "aks-apiserver",
        service_delegation: {
          name: "Microsoft.ContainerService/managedClusters",
          actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
        },
      },
    ]);
  });

  it("enables network policies on the private-endpoint subnet so its NSG applies to the endpoints", () => {
    const endpoints = named(doc, "azurerm_subnet", "snet-aks-test-endpoints");
    expect(endpoints.address_prefixes).toEqual(["10.240.5.0/24"]);
    expect(endpoints.private_endpoint_network_policies).toBe("Enabled");
    expect(endpoints.delegation).toBeUndefined();
  });

  it("associates one NSG with each subnet (AKS-NET-09), none with inline rules", () => {
    const groups = resources(doc, "azurerm_network_security_group");
    expect(groups.map((g) => g.name).sort()).toEqual([
      "nsg-aks-test-apiserver",
      "nsg-aks-test-endpoints",
      "nsg-aks-test-nodes",
    ]);
    for (const g of groups) {
      expect(g.location).toBe("westeurope");
      expect(g.resource_group_name).toBe("rg-net");
      expect(g.security_rule).toBeUndefined();
    }
    const pairs = resources(doc, "azurerm_subnet_network_security_group_association")
      .map((a) => [a.subnet_id, a.network_security_group_id])
      .sort();
    expect(pairs).toEqual(
      [
        ["snet-aks-test-apiserver", "nsg-aks-test-apiserver"],
        ["snet-aks-test-endpoints", "nsg-aks-test-endpoints"],
        ["snet-aks-test-nodes", "nsg-aks-test-nodes"],
      ]
        .map(([s, g]) => [
          `\${${address(doc, "azurerm_subnet", s)}.id}`,
          `\${${address(doc, "azurerm_network_security_group", g)}.id}`,
        ])
        .sort(),
    );
  });

  it("adds only the allow rules AKS documents, each explained, and no rule on the node NSG", () => {
    const rules = resources(doc, "azurerm_network_security_rule");
    const nsgName = (name: string) => `\${${address(doc, "azurerm_network_security_group", name)}.name}`;
    expect(rules).toHaveLength(3);
    for (const r of rules) {
      expect(r).toMatchObject({
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        source_port_range: "*",
        resource_group_name: "rg-net",
      });
      expect(r.description.length).toBeGreaterThan(20);
      expect(r.description.length).toBeLessThanOrEqual(140);
    }
    expect(rules.some((r) => r.network_security_group_name === nsgName("nsg-aks-test-nodes"))).toBe(false);
    expect(named(doc, "azurerm_network_security_rule", "allow-nodes-to-apiserver")).toMatchObject({
      network_security_group_name: nsgName("nsg-aks-test-apiserver"),
      priority: 100,
      source_address_prefix: "10.240.0.0/22",
      destination_address_prefix: "10.240.4.0/28",
      destination_port_ranges: ["443", "4443"],
    });
    expect(named(doc, "azurerm_network_security_rule", "allow-azure-lb-to-apiserver")).toMatchObject({
      network_security_group_name: nsgName("nsg-aks-test-apiserver"),
      priority: 110,
      source_address_prefix: "AzureLoadBalancer",
      destination_address_prefix: "10.240.4.0/28",
      destination_port_range: "9988",
    });
    expect(named(doc, "azurerm_network_security_rule", "allow-nodes-to-endpoints")).toMatchObject({
      network_security_group_name: nsgName("nsg-aks-test-endpoints"),
      priority: 100,
      source_address_prefix: "10.240.0.0/22",
      destination_address_prefix: "10.240.5.0/24",
      destination_port_range: "443",
    });
    expect(rules.some((r) => r.access === "Deny")).toBe(false);
  });

  it("egresses through a Standard NAT gateway with a static Standard public IP, no zone, idle timeout 4", () => {
    const pip = only(doc, "azurerm_public_ip");
    expect(pip).toMatchObject({
      name: "pip-aks-test-egress",
      allocation_method: "Static",
      sku: "Standard",
      location: "westeurope",
      resource_group_name: "rg-net",
    });
    expect(pip.zones).toBeUndefined();
    const nat = only(doc, "azurerm_nat_gateway");
    expect(nat).toMatchObject({
      name: "ng-aks-test",
      sku_name: "Standard",
      idle_timeout_in_minutes: 4,
      location: "westeurope",
      resource_group_name: "rg-net",
    });
    expect(nat.zones).toBeUndefined();
    const natId = `\${${address(doc, "azurerm_nat_gateway", "ng-aks-test")}.id}`;
    expect(only(doc, "azurerm_nat_gateway_public_ip_association")).toEqual(
      expect.objectContaining({
        nat_gateway_id: natId,
        public_ip_address_id: `\${${address(doc, "azurerm_public_ip", "pip-aks-test-egress")}.id}`,
      }),
    );
    expect(only(doc, "azurerm_subnet_nat_gateway_association")).toEqual(
      expect.objectContaining({
        nat_gateway_id: natId,
        subnet_id: `\${${address(doc, "azurerm_subnet", "snet-aks-test-nodes")}.id}`,
      }),
    );
    expect(resources(doc, "azurerm_route_table")).toHaveLength(0);
    expect(resources(doc, "azurerm_subnet_route_table_association")).toHaveLength(0);
  });

  it("exposes the contract fields SecureCluster reads", () => {
    expect(network.outboundType).toBe("userAssignedNATGateway");
    expect(network.addressSpace).toBe("10.240.0.0/16");
    expect(network.nodeSubnetCidr).toBe("10.240.0.0/22");
    expect(network.apiServerSubnetCidr).toBe("10.240.4.0/28");
    expect(network.privateEndpointSubnetCidr).toBe("10.240.5.0/24");
    expect(network.routeTable).toBeUndefined();
    expect(network.routeTableAssociation).toBeUndefined();
    expect(network.natGateway).toBeDefined();
    expect(network.natPublicIp).toBeDefined();
    for (const id of [
      network.virtualNetworkId,
      network.nodeSubnetId,
      network.apiServerSubnetId,
      network.privateEndpointSubnetId,
    ]) {
      expect(Token.isUnresolved(id)).toBe(true);
    }
    const probe = build();
    const ids = {
      vnet: probe.network.virtualNetworkId,
      nodes: probe.network.nodeSubnetId,
      api: probe.network.apiServerSubnetId,
      pe: probe.network.privateEndpointSubnetId,
    };
    for (const [key, value] of Object.entries(ids)) new TerraformOutput(probe.stack, key, { value });
    const out = synth(probe.stack).output;
    expect(out.vnet.value).toBe(`\${${address(doc, "azurerm_virtual_network", "vnet-aks-test")}.id}`);
    expect(out.nodes.value).toBe(`\${${address(doc, "azurerm_subnet", "snet-aks-test-nodes")}.id}`);
    expect(out.api.value).toBe(`\${${address(doc, "azurerm_subnet", "snet-aks-test-apiserver")}.id}`);
    expect(out.pe.value).toBe(`\${${address(doc, "azurerm_subnet", "snet-aks-test-endpoints")}.id}`);
    expect(network.egressDependencies).toEqual([
      network.natPublicIpAssociation,
      network.natGatewayAssociation,
      network.nodeNetworkSecurityGroupAssociation,
      network.apiServerNetworkSecurityGroupAssociation,
    ]);
  });
});

describe("ClusterNetwork with firewall egress", () => {
  const { stack, network } = build({ egress: ClusterEgress.firewall({ privateIp: "10.0.1.4" }) });
  const doc = synth(stack);

  it("routes 0.0.0.0/0 from the node subnet to the firewall, without BGP propagation", () => {
    const rt = only(doc, "azurerm_route_table");
    expect(rt).toMatchObject({
      name: "rt-aks-test-nodes",
      location: "westeurope",
      resource_group_name: "rg-net",
      bgp_route_propagation_enabled: false,
    });
    expect(rt.route).toEqual([
      {
        name: "default-to-firewall",
        address_prefix: "0.0.0.0/0",
        next_hop_type: "VirtualAppliance",
        next_hop_in_ip_address: "10.0.1.4",
      },
    ]);
    expect(only(doc, "azurerm_subnet_route_table_association")).toEqual(
      expect.objectContaining({
        subnet_id: `\${${address(doc, "azurerm_subnet", "snet-aks-test-nodes")}.id}`,
        route_table_id: `\${${address(doc, "azurerm_route_table", "rt-aks-test-nodes")}.id}`,
      }),
    );
  });

  it("creates no NAT gateway or public IP, and keeps subnets private", () => {
    for (const type of [
      "azurerm_nat_gateway",
      "azurerm_public_ip",
      "azurerm_nat_gateway_public_ip_association",
      "azurerm_subnet_nat_gateway_association",
    ]) {
      expect(resources(doc, type)).toHaveLength(0);
    }
    for (const s of resources(doc, "azurerm_subnet")) expect(s.default_outbound_access_enabled).toBe(false);
  });

  it("reports userDefinedRouting and the route-table association first among the dependencies", () => {
    expect(network.outboundType).toBe("userDefinedRouting");
    expect(network.natGateway).toBeUndefined();
    expect(network.egressDependencies).toEqual([
      network.routeTableAssociation,
      network.nodeNetworkSecurityGroupAssociation,
      network.apiServerNetworkSecurityGroupAssociation,
    ]);
  });

  it("accepts a firewall in RFC 6598 shared address space", () => {
    expect(() => build({ egress: ClusterEgress.firewall({ privateIp: "100.64.0.4" }) })).not.toThrow();
  });
});

describe("ClusterNetwork options", () => {
  it("pins the NAT gateway and its public IP to one zone and sets the idle timeout", () => {
    const doc = synth(build({ egress: ClusterEgress.natGateway({ idleTimeoutMinutes: 10, zone: "2" }) }).stack);
    expect(only(doc, "azurerm_nat_gateway")).toMatchObject({ idle_timeout_in_minutes: 10, zones: ["2"] });
    expect(only(doc, "azurerm_public_ip").zones).toEqual(["2"]);
  });

  it("accepts the idle-timeout bounds 4 and 120", () => {
    expect(() => build({ egress: ClusterEgress.natGateway({ idleTimeoutMinutes: 4 }) })).not.toThrow();
    expect(() => build({ egress: ClusterEgress.natGateway({ idleTimeoutMinutes: 120 }) })).not.toThrow();
  });

  it("uses custom address ranges everywhere, including the NSG rules", () => {
    const { stack, network } = build({
      addressSpace: "172.16.0.0/20",
      nodeSubnetCidr: "172.16.0.0/24",
      apiServerSubnetCidr: "172.16.1.0/27",
      privateEndpointSubnetCidr: "172.16.2.0/26",
    });
    const doc = synth(stack);
    expect(only(doc, "azurerm_virtual_network").address_space).toEqual(["172.16.0.0/20"]);
    expect(named(doc, "azurerm_subnet", "snet-aks-test-nodes").address_prefixes).toEqual(["172.16.0.0/24"]);
    expect(named(doc, "azurerm_subnet", "snet-aks-test-apiserver").address_prefixes).toEqual(["172.16.1.0/27"]);
    expect(named(doc, "azurerm_subnet", "snet-aks-test-endpoints").address_prefixes).toEqual(["172.16.2.0/26"]);
    expect(named(doc, "azurerm_network_security_rule", "allow-nodes-to-apiserver")).toMatchObject({
      source_address_prefix: "172.16.0.0/24",
      destination_address_prefix: "172.16.1.0/27",
    });
    expect(named(doc, "azurerm_network_security_rule", "allow-nodes-to-endpoints").destination_address_prefix).toBe(
      "172.16.2.0/26",
    );
    expect(network.nodeSubnetCidr).toBe("172.16.0.0/24");
  });

  it("sets custom DNS servers on the VNet", () => {
    const doc = synth(build({ dnsServers: ["10.0.2.4", "10.0.2.5"] }).stack);
    expect(only(doc, "azurerm_virtual_network").dns_servers).toEqual(["10.0.2.4", "10.0.2.5"]);
  });

  it("tags every taggable resource", () => {
    const doc = synth(build({ tags: { env: "prod" } }).stack);
    for (const type of [
      "azurerm_virtual_network",
      "azurerm_network_security_group",
      "azurerm_nat_gateway",
      "azurerm_public_ip",
    ]) {
      for (const r of resources(doc, type)) expect(r.tags).toEqual({ env: "prod" });
    }
    const fw = synth(build({ tags: { env: "prod" }, egress: ClusterEgress.firewall({ privateIp: "10.0.1.4" }) }).stack);
    expect(only(fw, "azurerm_route_table").tags).toEqual({ env: "prod" });
  });

  it("accepts Azure's full naming alphabet in the prefix", () => {
    const doc = synth(build({ namePrefix: "AKS_prod.weu-01" }).stack);
    expect(only(doc, "azurerm_virtual_network").name).toBe("vnet-AKS_prod.weu-01");
  });
});

describe("ClusterNetwork with unresolved values", () => {
  it("never rejects tokens and passes them through", () => {
    const stack = newStack();
    const v = (name: string, type = "string") => new TerraformVariable(stack, name, { type });
    const { network } = build(
      {
        namePrefix: v("prefix").stringValue,
        addressSpace: v("space").stringValue,
        nodeSubnetCidr: v("nodes").stringValue,
        apiServerSubnetCidr: v("api").stringValue,
        privateEndpointSubnetCidr: v("pe").stringValue,
        dnsServers: [v("dns").stringValue],
        egress: ClusterEgress.firewall({ privateIp: v("fw").stringValue }),
      },
      stack,
    );
    const doc = synth(stack);
    expect(only(doc, "azurerm_virtual_network").address_space).toEqual(["${var.space}"]);
    expect(only(doc, "azurerm_route_table").route[0].next_hop_in_ip_address).toBe("${var.fw}");
    expect(
      resources(doc, "azurerm_subnet")
        .map((s) => s.address_prefixes[0])
        .sort(),
    ).toEqual(["${var.api}", "${var.nodes}", "${var.pe}"]);
    expect(Token.isUnresolved(network.nodeSubnetCidr)).toBe(true);
  });

  it("passes a token for the whole DNS server list through unchecked", () => {
    const stack = newStack();
    const dns = new TerraformVariable(stack, "dns", { type: "list(string)" }).listValue;
    build({ dnsServers: dns }, stack);
    expect(only(JSON.parse(Testing.synth(stack, true)), "azurerm_virtual_network").dns_servers).toBe("${var.dns}");
  });

  it("never rejects a token idle timeout or zone", () => {
    const stack = newStack();
    const timeout = new TerraformVariable(stack, "timeout", { type: "number" }).numberValue;
    const zone = new TerraformVariable(stack, "zone", { type: "string" }).stringValue;
    build({ egress: ClusterEgress.natGateway({ idleTimeoutMinutes: timeout, zone }) }, stack);
    const doc = synth(stack);
    expect(only(doc, "azurerm_nat_gateway")).toMatchObject({
      idle_timeout_in_minutes: "${var.timeout}",
      zones: ["${var.zone}"],
    });
  });
});

describe("ClusterNetwork with a SecureCluster", () => {
  const cluster = (egress: ClusterEgress) => {
    const { stack, network } = build({ egress });
    new SecureCluster(stack, "Cluster", {
      resourceGroupName: "rg-aks",
      location: "westeurope",
      clusterName: "aks-test",
      kubernetesVersion: "1.36",
      entraId: { tenantId: TENANT, adminGroupObjectIds: [GROUP] },
      network,
    });
    return stack;
  };

  it("joins the node subnet with NAT egress and waits for the NAT and NSG associations", () => {
    const stack = cluster(ClusterEgress.natGateway());
    const doc = synth(stack);
    const aks = only(doc, "azurerm_kubernetes_cluster");
    expect(aks.default_node_pool.vnet_subnet_id).toBe(
      `\${${address(doc, "azurerm_subnet", "snet-aks-test-nodes")}.id}`,
    );
    expect(aks.network_profile.outbound_type).toBe("userAssignedNATGateway");
    for (const type of [
      "azurerm_subnet_nat_gateway_association",
      "azurerm_nat_gateway_public_ip_association",
      "azurerm_subnet_network_security_group_association",
    ]) {
      expect(aks.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${type}\\.`))]));
    }
  });

  it("fails AKS-NET-07 with NAT egress (nothing inspects it) until a suppression with a reason accepts it", () => {
    const stack = cluster(ClusterEgress.natGateway());
    expect(() => Testing.synth(stack, true)).toThrow(/AKS-NET-07/);
    const secure = stack.node.findChild("Cluster");
    SecurityBaseline.suppress(
      secure,
      "AKS-NET-07",
      "Dev cluster: NAT egress until the hub firewall exists; egress limited by network policies",
    );
    expect(() => Testing.synth(stack, true)).not.toThrow();
    const finding = SecurityBaseline.check(stack).findings.find((f) => f.ruleId === "AKS-NET-07");
    expect(finding).toMatchObject({ outcome: "suppressed", suppressedOutcome: "failed" });
  });

  it("uses userDefinedRouting with firewall egress and waits for the route-table association", () => {
    const stack = cluster(ClusterEgress.firewall({ privateIp: "10.0.1.4" }));
    const doc = synth(stack);
    const aks = only(doc, "azurerm_kubernetes_cluster");
    expect(aks.network_profile.outbound_type).toBe("userDefinedRouting");
    expect(aks.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^azurerm_subnet_route_table_association\./)]),
    );
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("ClusterNetwork region, resource group and address space checks", () => {
  it("exposes its region and resource group", () => {
    const { network } = build({ location: "West Europe", resourceGroupName: "rg_net-(hub).01" });
    expect(network.location).toBe("West Europe");
    expect(network.resourceGroupName).toBe("rg_net-(hub).01");
  });

  it("warns about a VNet outside RFC 1918 / RFC 6598 space, and not about private ones", () => {
    const warnings = (network: ClusterNetwork) =>
      network.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    const publicNet = build({
      addressSpace: "20.0.0.0/16",
      nodeSubnetCidr: "20.0.0.0/22",
      apiServerSubnetCidr: "20.0.4.0/28",
      privateEndpointSubnetCidr: "20.0.5.0/24",
    });
    expect(warnings(publicNet.network)).toEqual([
      expect.stringMatching(
        /^\[network\/public-address-space\] addressSpace = "20\.0\.0\.0\/16": lies outside RFC 1918 and RFC 6598 space.* Fix: /,
      ),
    ]);
    expect(only(synth(publicNet.stack), "azurerm_virtual_network").address_space).toEqual(["20.0.0.0/16"]);
    const shared = build({
      addressSpace: "100.64.0.0/16",
      nodeSubnetCidr: "100.64.0.0/22",
      apiServerSubnetCidr: "100.64.4.0/28",
      privateEndpointSubnetCidr: "100.64.5.0/29",
    });
    expect(warnings(shared.network)).toEqual([]);
    expect(warnings(build().network)).toEqual([]);
  });

  it("SecureCluster rejects a network in another region, and accepts the display name of the same one", () => {
    const props = {
      resourceGroupName: "rg-aks",
      clusterName: "aks-test",
      kubernetesVersion: "1.36",
      entraId: { tenantId: TENANT, adminGroupObjectIds: [GROUP] },
    };
    const other = build({ location: "northeurope" });
    const error = thrown(
      () => new SecureCluster(other.stack, "Cluster", { ...props, location: "westeurope", network: other.network }),
    );
    expect(error.prop).toBe("network");
    expect(error.message).toContain(
      '[test/Cluster] network = "northeurope": is in region "northeurope" but the cluster is in "westeurope"',
    );
    const same = build({ location: "West Europe" });
    new SecureCluster(same.stack, "Cluster", { ...props, location: "westeurope", network: same.network });
    expect(only(synth(same.stack), "azurerm_kubernetes_cluster").location).toBe("westeurope");
    // A token on either side is not compared.
    const tokenStack = newStack();
    const region = new TerraformVariable(tokenStack, "region", { type: "string" }).stringValue;
    const tokenNet = build({ location: region }, tokenStack);
    new SecureCluster(tokenStack, "Cluster", { ...props, location: "westeurope", network: tokenNet.network });
    expect(only(synth(tokenStack), "azurerm_virtual_network").location).toBe("${var.region}");
  });
});

describe("ClusterNetwork bad input", () => {
  const cases: [string, unknown, Partial<ClusterNetworkProps>, RegExp][] = [
    [
      "addressSpace",
      "10.240.0.1/16",
      { addressSpace: "10.240.0.1/16" },
      /host bits set.*write it as "10\.240\.0\.0\/16"/,
    ],
    ["addressSpace", "10.240.0.0", { addressSpace: "10.240.0.0" }, /not an IPv4 CIDR block/],
    ["nodeSubnetCidr", "10.240.0.0/33", { nodeSubnetCidr: "10.240.0.0/33" }, /not an IPv4 CIDR block/],
    [
      "apiServerSubnetCidr",
      "10.240.4.8/28",
      { apiServerSubnetCidr: "10.240.4.8/28" },
      /host bits set.*"10\.240\.4\.0\/28"/,
    ],
    [
      "nodeSubnetCidr",
      "10.241.0.0/22",
      { nodeSubnetCidr: "10.241.0.0/22" },
      /outside the VNet address space 10\.240\.0\.0\/16/,
    ],
    [
      "privateEndpointSubnetCidr",
      "192.168.0.0/24",
      { privateEndpointSubnetCidr: "192.168.0.0/24" },
      /outside the VNet address space/,
    ],
    [
      "apiServerSubnetCidr",
      "10.240.4.0/29",
      { apiServerSubnetCidr: "10.240.4.0/29" },
      /smaller than the \/28 AKS requires.*Fix: use a \/28 or larger block/,
    ],
    ["nodeSubnetCidr", "10.240.0.0/28", { nodeSubnetCidr: "10.240.0.0/28" }, /too few addresses.*\/27 or larger/],
    [
      "privateEndpointSubnetCidr",
      "10.240.0.0/24",
      { privateEndpointSubnetCidr: "10.240.0.0/24" },
      /overlaps nodeSubnetCidr \(10\.240\.0\.0\/22\)/,
    ],
    [
      "privateEndpointSubnetCidr",
      "10.240.4.0/24",
      { privateEndpointSubnetCidr: "10.240.4.0/24" },
      /overlaps apiServerSubnetCidr \(10\.240\.4\.0\/28\)/,
    ],
    ["namePrefix", "aks prod", { namePrefix: "aks prod" }, /naming rules/],
    ["namePrefix", "aks-", { namePrefix: "aks-" }, /ends with a letter, digit or '_'/],
    ["namePrefix", "-aks", { namePrefix: "-aks" }, /starts with a letter or digit/],
    ["namePrefix", "", { namePrefix: "" }, /naming rules/],
    ["namePrefix", "a".repeat(41), { namePrefix: "a".repeat(41) }, /1-40 character/],
    ["dnsServers[1]", "dns.example.com", { dnsServers: ["10.0.2.4", "dns.example.com"] }, /not an IPv4 address/],
    [
      "egress.privateIp",
      "20.1.2.3",
      { egress: ClusterEgress.firewall({ privateIp: "20.1.2.3" }) },
      /not a private address \(range "unicast"\)/,
    ],
    [
      "egress.privateIp",
      "0.0.0.0",
      { egress: ClusterEgress.firewall({ privateIp: "0.0.0.0" }) },
      /not a private address/,
    ],
    ["egress.privateIp", "10.0.1", { egress: ClusterEgress.firewall({ privateIp: "10.0.1" }) }, /not an IPv4 address/],
    // From JavaScript: a hub firewall without its address must fail, not fall back to a NAT gateway.
    [
      "egress.privateIp",
      undefined,
      { egress: ClusterEgress.firewall({} as { privateIp: string }) },
      /not an IPv4 address.*Fix: give the firewall's private IP/,
    ],
    [
      "egress.privateIp",
      "10.240.0.4",
      { egress: ClusterEgress.firewall({ privateIp: "10.240.0.4" }) },
      /inside nodeSubnetCidr \(10\.240\.0\.0\/22\)/,
    ],
    [
      "egress.idleTimeoutMinutes",
      121,
      { egress: ClusterEgress.natGateway({ idleTimeoutMinutes: 121 }) },
      /outside 4-120 minutes/,
    ],
    [
      "egress.idleTimeoutMinutes",
      3,
      { egress: ClusterEgress.natGateway({ idleTimeoutMinutes: 3 }) },
      /outside 4-120 minutes/,
    ],
    [
      "egress.idleTimeoutMinutes",
      4.5,
      { egress: ClusterEgress.natGateway({ idleTimeoutMinutes: 4.5 }) },
      /whole number/,
    ],
    ["egress.zone", "4", { egress: ClusterEgress.natGateway({ zone: "4" }) }, /not an availability zone/],
    [
      "egress",
      undefined,
      { egress: undefined as unknown as ClusterEgress },
      /not an explicit egress path.*ClusterEgress\.firewall/,
    ],
    [
      "privateEndpointSubnetCidr",
      "10.240.5.0/30",
      { privateEndpointSubnetCidr: "10.240.5.0/30" },
      /smaller than a \/29, the smallest subnet Azure allows.*Fix: use a \/29 or larger/,
    ],
    [
      "addressSpace",
      "172.30.0.0/16",
      { addressSpace: "172.30.0.0/16" },
      /overlaps 172\.30\.0\.0\/16, which AKS reserves/,
    ],
    ["addressSpace", "169.0.0.0/8", { addressSpace: "169.0.0.0/8" }, /overlaps 169\.254\.0\.0\/16, which AKS reserves/],
    ["location", "", { location: "" }, /not an Azure region name/],
    ["location", "west-europe", { location: "west-europe" }, /not an Azure region name.*"westeurope"/],
    ["resourceGroupName", "", { resourceGroupName: "" }, /not a valid resource group name/],
    ["resourceGroupName", "rg-net.", { resourceGroupName: "rg-net." }, /not ending with '\.'/],
    ["resourceGroupName", "r".repeat(91), { resourceGroupName: "r".repeat(91) }, /1-90/],
  ];

  it.each(cases)("rejects %s = %p", (prop, value, overrides, detail) => {
    const error = thrown(() => build(overrides));
    expect(error.constructPath).toBe("test/Network");
    expect(error.prop).toBe(prop);
    expect(error.value).toEqual(value);
    expect(error.message).toContain(
      `[test/Network] ${prop} = ${value === undefined ? "undefined" : JSON.stringify(value)}: `,
    );
    expect(error.message).toMatch(/Fix: \S/);
    expect(error.message).toMatch(detail);
  });

  it("writes nothing when construction fails", () => {
    const stack = newStack();
    expect(() => build({ apiServerSubnetCidr: "10.240.4.0/29" }, stack)).toThrow(SecureAksValidationError);
    expect(resources(synth(stack), "azurerm_virtual_network")).toHaveLength(0);
  });
});

describe("ClusterNetwork synthesis", () => {
  it("is byte-identical across runs in both egress modes", () => {
    expect(Testing.synth(build().stack)).toBe(Testing.synth(build().stack));
    const fw = () => build({ egress: ClusterEgress.firewall({ privateIp: "10.0.1.4" }) }).stack;
    expect(Testing.synth(fw())).toBe(Testing.synth(fw()));
  });

  it("matches the snapshot of the firewall variant", () => {
    expect(Testing.synth(build({ egress: ClusterEgress.firewall({ privateIp: "10.0.1.4" }) }).stack)).toMatchSnapshot();
  });
});
