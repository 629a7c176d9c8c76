import { TerraformVariable } from "cdktf";
import { ApiServerAccess } from "../../lib/cluster/api-server-access";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { ClusterEgress } from "../../lib/network/cluster-egress";
import { ClusterNetwork } from "../../lib/network/cluster-network";
import {
  API_SUBNET,
  Json,
  NODE_SUBNET,
  SUB,
  VNET,
  baseProps,
  expectInvalid,
  makeCluster,
  newStack,
  only,
  resources,
  synth,
  thrown,
} from "./helpers";

const HUB = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const RUNNER = `/subscriptions/${SUB}/resourceGroups/rg-ci/providers/Microsoft.Network/virtualNetworks/vnet-runners`;
const existing = (extra: object = {}) => ({
  nodeSubnetId: NODE_SUBNET,
  outboundType: "userDefinedRouting" as const,
  addressSpace: ["10.10.0.0/16"],
  ...extra,
});
const zoneId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${name}`;

function grants(doc: Json): [string, string][] {
  return resources(doc, "azurerm_role_assignment").map((r) => [r.role_definition_name, r.scope]);
}

describe("custom DNS servers", () => {
  test('with the "System" zone fail at synth with the fix (existing network)', () => {
    const error = thrown(() => makeCluster({ existingNetwork: existing({ dnsServers: ["10.0.0.4"] }) }));
    expect(error.constructPath).toBe("test/Cluster");
    expect(error.prop).toBe("apiServerAccess.privateDnsZoneId");
    expect(error.value).toBe("System");
    expect(error.message).toContain('existingNetwork.dnsServers = ["10.0.0.4"]');
    expect(error.fix).toContain("privatelink.westeurope.azmk8s.io linked to the resolver's VNet");
    expect(error.fix).toContain("createPrivateDnsZone");
  });

  test('with the "System" zone fail at synth (ClusterNetwork dnsServers)', () => {
    const stack = newStack();
    const network = new ClusterNetwork(stack, "Network", {
      resourceGroupName: "rg-aks",
      location: "westeurope",
      namePrefix: "aks",
      egress: ClusterEgress.firewall({ privateIp: "10.0.1.4" }),
      dnsServers: ["10.0.0.4"],
    });
    const build = () => new SecureCluster(stack, "Cluster", baseProps({ existingNetwork: undefined, network }));
    expectInvalid(build, "apiServerAccess.privateDnsZoneId", 'network.dnsServers = ["10.0.0.4"]');
  });

  test("grant the control-plane identity Network Contributor on the VNet, not only the subnet", () => {
    const { stack } = makeCluster({
      existingNetwork: existing({ dnsServers: ["10.0.0.4"] }),
      apiServerAccess: ApiServerAccess.privateCluster({ createPrivateDnsZone: { linkedVirtualNetworkIds: [HUB] } }),
    });
    expect(grants(synth(stack))).toContainEqual(["Network Contributor", VNET]);
    // A public cluster with custom DNS gets the VNet-wide grant too.
    const pub = makeCluster({
      existingNetwork: existing({ dnsServers: ["10.0.0.4"] }),
      apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges(["203.0.113.0/24"]),
    });
    expect(grants(synth(pub.stack))).toEqual([["Network Contributor", VNET]]);
    // Azure DNS: the subnet grant as before.
    expect(grants(synth(makeCluster().stack))).toEqual([["Network Contributor", NODE_SUBNET]]);
  });

  test("with a created zone linked to no other VNet warn that the resolver must sit in the cluster VNet", () => {
    const { cluster } = makeCluster({
      existingNetwork: existing({ dnsServers: ["10.0.0.4"] }),
      apiServerAccess: ApiServerAccess.privateCluster({ createPrivateDnsZone: {} }),
    });
    const warnings = cluster.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([
      '[private-dns/resolver-not-linked] apiServerAccess.createPrivateDnsZone.linkedVirtualNetworkIds = []: existingNetwork.dnsServers = ["10.0.0.4"] resolve the API server only if they run in the cluster VNet, the one VNet the created zone is linked to. Fix: list the resolver\'s VNet in linkedVirtualNetworkIds',
    ]);
  });

  test("a token for the list is not judged", () => {
    const stack = newStack();
    const servers = new TerraformVariable(stack, "dns", { type: "list(string)" }).listValue;
    new SecureCluster(stack, "Cluster", baseProps({ existingNetwork: existing({ dnsServers: servers }) }));
    expect(grants(synth(stack))).toContainEqual(["Network Contributor", VNET]);
  });
});

describe("private DNS zone names", () => {
  test("private.<region>.azmk8s.io (and a subzone) are accepted with API-server VNet integration", () => {
    for (const name of ["private.westeurope.azmk8s.io", "team1.private.westeurope.azmk8s.io"]) {
      const { stack } = makeCluster({
        apiServerAccess: ApiServerAccess.vnetIntegration({ subnetId: API_SUBNET, privateDnsZoneId: zoneId(name) }),
      });
      expect(only(synth(stack), "azurerm_kubernetes_cluster").private_dns_zone_id).toBe(zoneId(name));
    }
  });

  test("private.<region>.azmk8s.io without VNet integration, a long subzone, the wrong region", () => {
    expectInvalid(
      () =>
        makeCluster({
          apiServerAccess: ApiServerAccess.privateCluster({ privateDnsZoneId: zoneId("private.westeurope.azmk8s.io") }),
        }),
      "apiServerAccess.privateDnsZoneId",
      "private.westeurope.azmk8s.io",
    );
    expectInvalid(
      () =>
        makeCluster({
          apiServerAccess: ApiServerAccess.privateCluster({
            privateDnsZoneId: zoneId(`${"a".repeat(33)}.privatelink.westeurope.azmk8s.io`),
          }),
        }),
      "apiServerAccess.privateDnsZoneId",
      "a".repeat(33),
    );
    expectInvalid(
      () =>
        makeCluster({
          apiServerAccess: ApiServerAccess.vnetIntegration({
            subnetId: API_SUBNET,
            privateDnsZoneId: zoneId("private.northeurope.azmk8s.io"),
          }),
        }),
      "apiServerAccess.privateDnsZoneId",
      "northeurope",
    );
  });
});

describe("createPrivateDnsZone: a way in for runner and hub VNets", () => {
  const { stack } = makeCluster({
    apiServerAccess: ApiServerAccess.privateCluster({
      createPrivateDnsZone: { linkedVirtualNetworkIds: [HUB, RUNNER] },
    }),
  });
  const doc = synth(stack);
  const aks = only(doc, "azurerm_kubernetes_cluster");
  const zone = only(doc, "azurerm_private_dns_zone");
  const links = resources(doc, "azurerm_private_dns_zone_virtual_network_link");

  test("creates <cluster>.privatelink.<region>.azmk8s.io in the cluster's group and uses it", () => {
    expect(zone).toMatchObject({ name: "aks-test.privatelink.westeurope.azmk8s.io", resource_group_name: "rg-aks" });
    expect(aks.private_dns_zone_id).toMatch(/^\$\{azurerm_private_dns_zone\.[^.]+\.id\}$/);
    expect(aks.private_cluster_enabled).toBe(true);
    expect(aks.private_cluster_public_fqdn_enabled).toBe(false);
  });

  test("links it to the cluster VNet and each named VNet, resolution only", () => {
    expect(links.map((l) => [l.name, l.virtual_network_id, l.registration_enabled])).toEqual([
      ["link-aks-test", VNET, false],
      ["link-vnet-hub", HUB, false],
      ["link-vnet-runners", RUNNER, false],
    ]);
    for (const l of links) expect(l.private_dns_zone_name).toMatch(/^\$\{azurerm_private_dns_zone\.[^.]+\.name\}$/);
  });

  test("grants Private DNS Zone Contributor on the zone and Network Contributor on the VNet, and the cluster waits for them and the cluster-VNet link", () => {
    expect(grants(doc).sort()).toEqual([
      ["Network Contributor", VNET],
      ["Private DNS Zone Contributor", aks.private_dns_zone_id],
    ]);
    const roleIds = Object.keys(doc.resource.azurerm_role_assignment).map((id) => `azurerm_role_assignment.${id}`);
    const clusterLink = Object.entries(doc.resource.azurerm_private_dns_zone_virtual_network_link).find(
      ([, l]) => (l as Json).virtual_network_id === VNET,
    )![0];
    expect(aks.depends_on).toEqual(
      expect.arrayContaining([...roleIds, `azurerm_private_dns_zone_virtual_network_link.${clusterLink}`]),
    );
  });

  test("a subzone per cluster (several clusters' zones can share a runner VNet): derived from a long name, or given", () => {
    const long = makeCluster({
      clusterName: "AKS_Platform_Production_West_Europe_01",
      apiServerAccess: ApiServerAccess.privateCluster({ createPrivateDnsZone: {} }),
    });
    const name = only(synth(long.stack), "azurerm_private_dns_zone").name as string;
    expect(name).toMatch(/^aks-platform-production-[0-9a-f]{8}\.privatelink\.westeurope\.azmk8s\.io$/);
    expect(name.split(".")[0]).toHaveLength(32);
    const given = makeCluster({
      apiServerAccess: ApiServerAccess.privateCluster({ createPrivateDnsZone: { subzone: "prod" } }),
    });
    expect(only(synth(given.stack), "azurerm_private_dns_zone").name).toBe("prod.privatelink.westeurope.azmk8s.io");
    expectInvalid(
      () =>
        makeCluster({
          apiServerAccess: ApiServerAccess.privateCluster({ createPrivateDnsZone: { subzone: "Prod_1" } }),
        }),
      "apiServerAccess.createPrivateDnsZone.subzone",
      "Prod_1",
    );
    expectInvalid(
      () =>
        makeCluster({
          apiServerAccess: ApiServerAccess.privateCluster({ createPrivateDnsZone: { subzone: "a".repeat(33) } }),
        }),
      "apiServerAccess.createPrivateDnsZone.subzone",
      "a".repeat(33),
    );
  });

  test("exposes the zone and links", () => {
    const { cluster } = makeCluster({
      apiServerAccess: ApiServerAccess.vnetIntegration({ subnetId: API_SUBNET, createPrivateDnsZone: {} }),
    });
    expect(cluster.privateDnsZone).toBeDefined();
    expect(cluster.privateDnsZoneLinks).toHaveLength(1);
    expect(cluster.privateDnsZoneId).toMatch(/TfToken/);
  });

  test("a list token of VNets becomes one link per VNet at plan time", () => {
    const s = newStack();
    const vnets = new TerraformVariable(s, "vnets", { type: "list(string)" }).listValue;
    new SecureCluster(
      s,
      "Cluster",
      baseProps({
        apiServerAccess: ApiServerAccess.privateCluster({ createPrivateDnsZone: { linkedVirtualNetworkIds: vnets } }),
      }),
    );
    const dynamic = resources(synth(s), "azurerm_private_dns_zone_virtual_network_link").find(
      (l) => l.for_each !== undefined,
    );
    expect(dynamic).toMatchObject({ for_each: "${toset(var.vnets)}", virtual_network_id: "${each.value}" });
  });

  test("bad input: a link to an id that is not a VNet, twice the same VNet, the cluster VNet, with privateDnsZoneId, on a public API server", () => {
    const create = (ids: string[]) =>
      makeCluster({
        apiServerAccess: ApiServerAccess.privateCluster({ createPrivateDnsZone: { linkedVirtualNetworkIds: ids } }),
      });
    expectInvalid(
      () => create([`${HUB}/subnets/snet-dns`]),
      "apiServerAccess.createPrivateDnsZone.linkedVirtualNetworkIds[0]",
      "snet-dns",
    );
    const error = thrown(() => create([HUB, zoneId("privatelink.westeurope.azmk8s.io")]));
    expect(error.prop).toBe("apiServerAccess.createPrivateDnsZone.linkedVirtualNetworkIds[1]");
    expect(error.fix).toContain("/virtualNetworks/<vnet>");
    expectInvalid(
      () => create([HUB, HUB.toUpperCase()]),
      "apiServerAccess.createPrivateDnsZone.linkedVirtualNetworkIds[1]",
      "VNET-HUB",
    );
    expectInvalid(() => create([VNET]), "apiServerAccess.createPrivateDnsZone.linkedVirtualNetworkIds[0]", "vnet-aks");
    expectInvalid(
      () =>
        makeCluster({
          apiServerAccess: ApiServerAccess.privateCluster({
            privateDnsZoneId: zoneId("privatelink.westeurope.azmk8s.io"),
            createPrivateDnsZone: {},
          }),
        }),
      "apiServerAccess.createPrivateDnsZone",
      "{}",
    );
    expectInvalid(
      () =>
        makeCluster({
          apiServerAccess: ApiServerAccess.vnetIntegration({
            subnetId: API_SUBNET,
            privateCluster: false,
            authorizedIpRanges: ["203.0.113.0/24"],
            createPrivateDnsZone: {},
          }),
        }),
      "apiServerAccess.createPrivateDnsZone",
      "{}",
    );
  });
});
