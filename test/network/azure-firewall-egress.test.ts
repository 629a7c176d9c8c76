import { TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ClusterNetwork, ClusterNetworkProps } from "../../lib/network/cluster-network";
import { AzureFirewallEgressOptions, ClusterEgress } from "../../lib/network/cluster-egress";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { Json, address, baseProps, named, newStack, only, resources, synth, thrown } from "../cluster/helpers";

function build(
  options: AzureFirewallEgressOptions = {},
  overrides: Partial<ClusterNetworkProps> = {},
  stack = newStack(),
): { stack: TerraformStack; network: ClusterNetwork } {
  const network = new ClusterNetwork(stack, "Network", {
    resourceGroupName: "rg-net",
    location: "westeurope",
    namePrefix: "aks-test",
    egress: ClusterEgress.azureFirewall(options),
    ...overrides,
  });
  return { stack, network };
}

const ref = (doc: Json, type: string, name: string, attribute = "id") => `\${${address(doc, type, name)}.${attribute}}`;
const collection = (group: Json, kind: "application" | "network", name: string): Json => {
  const found = (group[`${kind}_rule_collection`] ?? []).filter((c: Json) => c.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} rule collection ${name}, found ${found.length}`);
  return found[0];
};

/** The default SecureCluster ("aks-test" in "rg-aks") on `network`. */
const clusterOn = (stack: TerraformStack, network: ClusterNetwork): SecureCluster =>
  new SecureCluster(stack, "Cluster", { ...baseProps(), existingNetwork: undefined, network });

const HTTPS = [{ type: "Https", port: 443 }];
const NODES = "10.240.0.0/22";

describe("ClusterEgress.azureFirewall() defaults", () => {
  const { stack, network } = build();
  const doc = synth(stack);
  const group = only(doc, "azurerm_firewall_policy_rule_collection_group");

  it("carves a private /26 AzureFirewallSubnet out of the VNet, with no NSG and no route table", () => {
    const subnet = named(doc, "azurerm_subnet", "AzureFirewallSubnet");
    expect(subnet).toMatchObject({
      address_prefixes: ["10.240.6.0/26"],
      resource_group_name: "rg-net",
      virtual_network_name: ref(doc, "azurerm_virtual_network", "vnet-aks-test", "name"),
      default_outbound_access_enabled: false,
    });
    expect(subnet.delegation).toBeUndefined();
    const subnetId = ref(doc, "azurerm_subnet", "AzureFirewallSubnet");
    expect(resources(doc, "azurerm_subnet_network_security_group_association").map((a) => a.subnet_id)).not.toContain(
      subnetId,
    );
    expect(resources(doc, "azurerm_subnet_route_table_association").map((a) => a.subnet_id)).not.toContain(subnetId);
    expect(resources(doc, "azurerm_subnet")).toHaveLength(4);
    expect(network.firewallSubnetCidr).toBe("10.240.6.0/26");
  });

  it("gives the firewall a zone-redundant Standard static public IP", () => {
    expect(only(doc, "azurerm_public_ip")).toEqual(
      expect.objectContaining({
        name: "pip-aks-test-firewall",
        location: "westeurope",
        resource_group_name: "rg-net",
        allocation_method: "Static",
        sku: "Standard",
        zones: ["1", "2", "3"],
      }),
    );
  });

  it("creates a Premium firewall policy that denies threat-intelligence and IDPS matches, without DNS proxy (AKS-NET-14)", () => {
    const policy = only(doc, "azurerm_firewall_policy");
    expect(policy).toMatchObject({
      name: "afwp-aks-test",
      location: "westeurope",
      resource_group_name: "rg-net",
      sku: "Premium",
      threat_intelligence_mode: "Deny",
      intrusion_detection: { mode: "Deny" },
    });
    expect(policy.dns).toBeUndefined();
  });

  it("without a cluster: only the AKS FQDN tag, no add-on rule and no diagnostic setting (nothing registered yet)", () => {
    expect(group).toMatchObject({
      name: "aks-egress",
      priority: 200,
      firewall_policy_id: ref(doc, "azurerm_firewall_policy", "afwp-aks-test"),
    });
    expect(group.network_rule_collection).toBeUndefined();
    expect(group.nat_rule_collection).toBeUndefined();
    expect(group.application_rule_collection.map((c: Json) => c.name)).toEqual(["aks-required"]);
    const required = collection(group, "application", "aks-required");
    expect(required).toMatchObject({ priority: 200, action: "Allow" });
    expect(required.rule.map((r: Json) => r.name)).toEqual(["aks-fqdn-tag"]);
    expect(resources(doc, "azurerm_monitor_diagnostic_setting")).toHaveLength(0);
    expect(network.firewallEgressRules?.allowedNeeds).toEqual([]);
    for (const rule of required.rule) {
      expect(rule.source_addresses).toEqual([NODES]);
      expect(rule.protocols).toEqual(HTTPS);
      expect(rule.description).toEqual(expect.any(String));
      expect(rule.terminate_tls).toBeUndefined();
    }
  });

  it("allows the AzureKubernetesService FQDN tag from the node subnet", () => {
    const rule = collection(group, "application", "aks-required").rule[0];
    expect(rule.destination_fqdn_tags).toEqual(["AzureKubernetesService"]);
    expect(rule.destination_fqdns).toBeUndefined();
  });

  it("creates a Premium AZFW_VNet firewall on the policy and the subnet, after its rules", () => {
    const firewall = only(doc, "azurerm_firewall");
    expect(firewall).toMatchObject({
      name: "afw-aks-test",
      location: "westeurope",
      resource_group_name: "rg-net",
      sku_name: "AZFW_VNet",
      sku_tier: "Premium",
      zones: ["1", "2", "3"],
      firewall_policy_id: ref(doc, "azurerm_firewall_policy", "afwp-aks-test"),
    });
    expect(firewall.ip_configuration).toEqual([
      {
        name: "egress",
        subnet_id: ref(doc, "azurerm_subnet", "AzureFirewallSubnet"),
        public_ip_address_id: ref(doc, "azurerm_public_ip", "pip-aks-test-firewall"),
      },
    ]);
    // Rules and DNS live in the policy; these firewall arguments would conflict with it.
    for (const key of [
      "threat_intel_mode",
      "dns_proxy_enabled",
      "dns_servers",
      "management_ip_configuration",
      "virtual_hub",
    ])
      expect(firewall[key]).toBeUndefined();
    expect(firewall.depends_on).toEqual([address(doc, "azurerm_firewall_policy_rule_collection_group", "aks-egress")]);
  });

  it("routes 0.0.0.0/0 from the node subnet to the firewall's private IP, without BGP propagation", () => {
    const table = only(doc, "azurerm_route_table");
    expect(table).toMatchObject({ name: "rt-aks-test-nodes", bgp_route_propagation_enabled: false });
    expect(table.route).toEqual([
      {
        name: "default-to-firewall",
        address_prefix: "0.0.0.0/0",
        next_hop_type: "VirtualAppliance",
        next_hop_in_ip_address: `\${${address(doc, "azurerm_firewall", "afw-aks-test")}.ip_configuration[0].private_ip_address}`,
      },
    ]);
    expect(only(doc, "azurerm_subnet_route_table_association")).toEqual(
      expect.objectContaining({
        subnet_id: ref(doc, "azurerm_subnet", "snet-aks-test-nodes"),
        route_table_id: ref(doc, "azurerm_route_table", "rt-aks-test-nodes"),
      }),
    );
    for (const type of [
      "azurerm_nat_gateway",
      "azurerm_nat_gateway_public_ip_association",
      "azurerm_subnet_nat_gateway_association",
    ])
      expect(resources(doc, type)).toHaveLength(0);
  });

  it("exposes every new resource and puts the route, firewall and rules first among the dependencies", () => {
    expect(network.outboundType).toBe("userDefinedRouting");
    for (const field of [
      network.firewallSubnet,
      network.firewallPublicIp,
      network.firewallPolicy,
      network.firewallRuleCollectionGroup,
      network.firewall,
      network.routeTable,
      network.routeTableAssociation,
    ]) {
      expect(field).toBeDefined();
    }
    expect(network.natGateway).toBeUndefined();
    expect(network.egressDependencies).toEqual([
      network.routeTableAssociation,
      network.firewall,
      network.firewallRuleCollectionGroup,
      network.nodeNetworkSecurityGroupAssociation,
      network.apiServerNetworkSecurityGroupAssociation,
    ]);
  });
});

describe("ClusterEgress.azureFirewall() with a SecureCluster", () => {
  const stack = newStack();
  const { network } = build({}, {}, stack);
  const cluster = clusterOn(stack, network);
  const doc = synth(stack);

  it("waits for the route association, the firewall and its rules before creating the cluster", () => {
    const aks = only(doc, "azurerm_kubernetes_cluster");
    expect(aks.network_profile.outbound_type).toBe("userDefinedRouting");
    expect(aks.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^azurerm_subnet_route_table_association\./),
        address(doc, "azurerm_firewall", "afw-aks-test"),
        address(doc, "azurerm_firewall_policy_rule_collection_group", "aks-egress"),
      ]),
    );
  });

  it("allows the documented Container Insights (MSI auth, both handlers) and Azure Policy add-on FQDNs, with the region spelled out", () => {
    const group = only(doc, "azurerm_firewall_policy_rule_collection_group");
    const [tag, insights, policy, ...rest] = collection(group, "application", "aks-required").rule;
    expect(tag.name).toBe("aks-fqdn-tag");
    expect(insights).toMatchObject({ name: "container-insights", source_addresses: [NODES], protocols: HTTPS });
    expect(insights.destination_fqdns).toEqual([
      "dc.services.visualstudio.com",
      "*.ods.opinsights.azure.com",
      "*.oms.opinsights.azure.com",
      "*.monitoring.azure.com",
      "global.handler.control.monitor.azure.com",
      "westeurope.handler.control.monitor.azure.com",
      "*.ingest.monitor.azure.com",
    ]);
    expect(policy).toMatchObject({
      name: "azure-policy",
      destination_fqdns: [
        "data.policy.core.windows.net",
        "store.policy.core.windows.net",
        "dc.services.visualstudio.com",
      ],
    });
    expect(rest).toEqual([]);
    // Storage CSI drivers are off by default, so there is no storage rule and no network rule.
    expect(group.network_rule_collection).toBeUndefined();
    expect(only(doc, "azurerm_kubernetes_cluster").storage_profile).toEqual({
      disk_driver_enabled: true,
      snapshot_controller_enabled: true,
      file_driver_enabled: false,
      blob_driver_enabled: false,
    });
  });

  it("sends the firewall's AZFW* logs (resource-specific) and its public IP's logs to the cluster's workspace (AKS-NET-15)", () => {
    const workspace = ref(doc, "azurerm_log_analytics_workspace", "log-aks-test");
    const firewallLogs = named(doc, "azurerm_monitor_diagnostic_setting", "firewall-logs");
    expect(firewallLogs).toMatchObject({
      target_resource_id: ref(doc, "azurerm_firewall", "afw-aks-test"),
      log_analytics_workspace_id: workspace,
      log_analytics_destination_type: "Dedicated",
    });
    expect(firewallLogs.enabled_log.map((l: Json) => l.category)).toEqual(
      expect.arrayContaining([
        "AZFWApplicationRule",
        "AZFWNetworkRule",
        "AZFWThreatIntel",
        "AZFWIdpsSignature",
        "AZFWDnsQuery",
      ]),
    );
    expect(firewallLogs.enabled_log.every((l: Json) => l.category.startsWith("AZFW"))).toBe(true);
    const ipLogs = named(doc, "azurerm_monitor_diagnostic_setting", "public-ip-logs");
    expect(ipLogs).toMatchObject({
      target_resource_id: ref(doc, "azurerm_public_ip", "pip-aks-test-firewall"),
      log_analytics_workspace_id: workspace,
      enabled_log: [{ category_group: "allLogs" }],
    });
  });

  it("passes AKS-NET-07 with the firewall as next hop, and the whole baseline with no suppression", () => {
    const result = SecurityBaseline.check(stack);
    const net07 = result.findings.find(
      (f) => f.ruleId === "AKS-NET-07" && f.resourceType === "azurerm_kubernetes_cluster",
    );
    expect(net07).toMatchObject({
      outcome: "passed",
      attribute: "route.next_hop_in_ip_address",
      message: expect.stringContaining("azurerm_firewall."),
    });
    expect(result.suppressions).toEqual([]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(cluster.kubernetesCluster).toBeDefined();
  });
});

describe("ClusterEgress.azureFirewall() options", () => {
  it("Standard, by name: Standard policy (threat intelligence still Deny, no IDPS) and firewall", () => {
    const doc = synth(build({ skuTier: "Standard" }).stack);
    const policy = only(doc, "azurerm_firewall_policy");
    expect(policy).toMatchObject({ sku: "Standard", threat_intelligence_mode: "Deny" });
    expect(policy.intrusion_detection).toBeUndefined();
    expect(only(doc, "azurerm_firewall")).toMatchObject({ sku_name: "AZFW_VNet", sku_tier: "Standard" });
  });

  it("publicIpCount: more Standard static IPs, only the first IP configuration names the subnet", () => {
    const { stack, network } = build({ publicIpCount: 3 });
    const doc = synth(stack);
    expect(
      resources(doc, "azurerm_public_ip")
        .map((ip) => ip.name)
        .sort(),
    ).toEqual(["pip-aks-test-firewall", "pip-aks-test-firewall-2", "pip-aks-test-firewall-3"]);
    expect(only(doc, "azurerm_firewall").ip_configuration).toEqual([
      {
        name: "egress",
        subnet_id: ref(doc, "azurerm_subnet", "AzureFirewallSubnet"),
        public_ip_address_id: ref(doc, "azurerm_public_ip", "pip-aks-test-firewall"),
      },
      { name: "egress-2", public_ip_address_id: ref(doc, "azurerm_public_ip", "pip-aks-test-firewall-2") },
      { name: "egress-3", public_ip_address_id: ref(doc, "azurerm_public_ip", "pip-aks-test-firewall-3") },
    ]);
    expect(network.firewallPublicIps).toHaveLength(3);
    expect(network.firewallPublicIp).toBe(network.firewallPublicIps![0]);
  });

  it("logAnalyticsWorkspaceId: diagnostic settings of the firewall and every public IP without any cluster", () => {
    const workspace =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/log-hub";
    const { stack, network } = build({ logAnalyticsWorkspaceId: workspace, publicIpCount: 2 });
    const settings = resources(synth(stack), "azurerm_monitor_diagnostic_setting");
    expect(settings.map((d) => [d.name, d.log_analytics_workspace_id])).toEqual([
      ["firewall-logs", workspace],
      ["public-ip-logs", workspace],
      ["public-ip-logs", workspace],
    ]);
    expect(network.firewallEgressRules?.publicIpDiagnosticSettings).toHaveLength(2);
  });

  it("add-on egress registered twice, or by two clusters, is written once, in a fixed order", () => {
    const { stack, network } = build();
    const rules = network.firewallEgressRules!;
    rules.allowEgress(["azureFilesCsi", "defenderSensor"], "westeurope");
    rules.allowEgress(["containerInsights", "defenderSensor", "azureBlobCsi"], "westeurope");
    const group = only(synth(stack), "azurerm_firewall_policy_rule_collection_group");
    expect(collection(group, "application", "aks-required").rule.map((r: Json) => r.name)).toEqual([
      "aks-fqdn-tag",
      "container-insights",
      "defender-sensor",
      "azure-blob-csi",
    ]);
    expect(collection(group, "application", "aks-required").rule[2].destination_fqdns).toEqual([
      "*.cloud.defender.microsoft.com",
      "*.ods.opinsights.azure.com",
      "*.oms.opinsights.azure.com",
    ]);
    expect(collection(group, "application", "aks-required").rule[3].destination_fqdns).toEqual([
      "*.blob.core.windows.net",
    ]);
    expect(collection(group, "network", "aks-network").rule).toEqual([
      {
        name: "azure-files-smb",
        description: expect.any(String),
        protocols: ["TCP"],
        source_addresses: [NODES],
        destination_addresses: ["Storage.westeurope"],
        destination_ports: ["445"],
      },
    ]);
  });

  it("zones: one zone, or none for regions without availability zones, on both the firewall and its IP", () => {
    const one = synth(build({ zones: ["2"] }).stack);
    expect(only(one, "azurerm_firewall").zones).toEqual(["2"]);
    expect(only(one, "azurerm_public_ip").zones).toEqual(["2"]);
    const none = synth(build({ zones: [] }).stack);
    expect(only(none, "azurerm_firewall").zones).toBeUndefined();
    expect(only(none, "azurerm_public_ip").zones).toBeUndefined();
  });

  it("allowedFqdns: one more HTTPS application rule collection from the node subnet, after the AKS rules", () => {
    const group = only(
      synth(build({ allowedFqdns: ["ghcr.io", "*.blob.core.windows.net"] }).stack),
      "azurerm_firewall_policy_rule_collection_group",
    );
    expect(group.application_rule_collection.map((c: Json) => [c.name, c.priority, c.action])).toEqual([
      ["aks-required", 200, "Allow"],
      ["allowed-fqdns", 300, "Allow"],
    ]);
    expect(collection(group, "application", "allowed-fqdns").rule).toEqual([
      expect.objectContaining({
        name: "allowed-fqdns",
        source_addresses: [NODES],
        protocols: HTTPS,
        destination_fqdns: ["ghcr.io", "*.blob.core.windows.net"],
      }),
    ]);
  });

  it("networkRules and custom DNS servers: a network rule collection from the node subnet", () => {
    const { stack } = build(
      {
        networkRules: [
          {
            name: "api-server",
            protocols: ["TCP"],
            destinationAddresses: ["203.0.113.10", "AzureCloud.westeurope"],
            destinationPorts: ["443", "8000-8080"],
            description: "pods to the public API server",
          },
        ],
      },
      { dnsServers: ["10.0.2.4"] },
    );
    const group = only(synth(stack), "azurerm_firewall_policy_rule_collection_group");
    const rules = collection(group, "network", "aks-network");
    expect(rules).toMatchObject({ priority: 100, action: "Allow" });
    expect(rules.rule).toEqual([
      {
        name: "custom-dns",
        description: expect.any(String),
        protocols: ["UDP", "TCP"],
        source_addresses: [NODES],
        destination_addresses: ["10.0.2.4"],
        destination_ports: ["53"],
      },
      {
        name: "api-server",
        description: "pods to the public API server",
        protocols: ["TCP"],
        source_addresses: [NODES],
        destination_addresses: ["203.0.113.10", "AzureCloud.westeurope"],
        destination_ports: ["443", "8000-8080"],
      },
    ]);
    for (const rule of rules.rule) expect(rule.destination_fqdns).toBeUndefined();
  });

  it("subnetCidr: a custom block in a custom address space, also used as the rules' source", () => {
    const { stack } = build(
      { subnetCidr: "172.16.4.0/25" },
      {
        addressSpace: "172.16.0.0/20",
        nodeSubnetCidr: "172.16.0.0/24",
        apiServerSubnetCidr: "172.16.1.0/28",
        privateEndpointSubnetCidr: "172.16.2.0/24",
      },
    );
    const doc = synth(stack);
    expect(named(doc, "azurerm_subnet", "AzureFirewallSubnet").address_prefixes).toEqual(["172.16.4.0/25"]);
    expect(
      collection(only(doc, "azurerm_firewall_policy_rule_collection_group"), "application", "aks-required").rule[0]
        .source_addresses,
    ).toEqual(["172.16.0.0/24"]);
  });

  it("writes the region of a display-name location in endpoint form", () => {
    const { stack, network } = build({}, { location: "West Europe" });
    network.firewallEgressRules!.allowEgress(["containerInsights"], "West Europe");
    const group = only(synth(stack), "azurerm_firewall_policy_rule_collection_group");
    expect(collection(group, "application", "aks-required").rule[1].destination_fqdns).toContain(
      "westeurope.handler.control.monitor.azure.com",
    );
  });

  it("tags the public IP, the policy and the firewall", () => {
    const doc = synth(build({}, { tags: { env: "prod" } }).stack);
    for (const type of ["azurerm_public_ip", "azurerm_firewall_policy", "azurerm_firewall", "azurerm_route_table"])
      expect(only(doc, type).tags).toEqual({ env: "prod" });
  });

  it("never rejects tokens and passes them through", () => {
    const stack = newStack();
    const v = (name: string, type = "string") => new TerraformVariable(stack, name, { type });
    const location = v("location").stringValue;
    const { network } = build(
      {
        subnetCidr: v("fw_subnet").stringValue,
        skuTier: v("tier").stringValue as "Standard",
        zones: v("zones", "list(string)").listValue,
        allowedFqdns: [v("fqdn").stringValue],
        logAnalyticsWorkspaceId: v("workspace").stringValue,
      },
      { location },
      stack,
    );
    network.firewallEgressRules!.allowEgress(["containerInsights"], location);
    const doc = synth(stack);
    expect(named(doc, "azurerm_subnet", "AzureFirewallSubnet").address_prefixes).toEqual(["${var.fw_subnet}"]);
    expect(only(doc, "azurerm_firewall")).toMatchObject({ sku_tier: "${var.tier}", zones: "${var.zones}" });
    const group = only(doc, "azurerm_firewall_policy_rule_collection_group");
    expect(collection(group, "application", "aks-required").rule[1].destination_fqdns[5]).toBe(
      '${replace(lower(var.location), " ", "")}.handler.control.monitor.azure.com',
    );
    expect(collection(group, "application", "allowed-fqdns").rule[0].destination_fqdns).toEqual(["${var.fqdn}"]);
  });
});

describe("ClusterEgress.azureFirewall() bad input", () => {
  const rule = {
    name: "extra",
    protocols: ["TCP" as const],
    destinationAddresses: ["203.0.113.10"],
    destinationPorts: ["443"],
  };
  const cases: [string, unknown, AzureFirewallEgressOptions, Partial<ClusterNetworkProps>, RegExp][] = [
    [
      "egress.subnetCidr",
      "10.240.6.0/27",
      { subnetCidr: "10.240.6.0/27" },
      {},
      /smaller than the \/26 Azure requires for AzureFirewallSubnet.*Fix: use a \/26 or larger block/,
    ],
    ["egress.subnetCidr", "10.240.6.8/26", { subnetCidr: "10.240.6.8/26" }, {}, /host bits set.*"10\.240\.6\.0\/26"/],
    [
      "egress.subnetCidr",
      "10.241.0.0/26",
      { subnetCidr: "10.241.0.0/26" },
      {},
      /outside the VNet address space 10\.240\.0\.0\/16/,
    ],
    [
      "egress.subnetCidr",
      "10.240.0.0/26",
      { subnetCidr: "10.240.0.0/26" },
      {},
      /overlaps nodeSubnetCidr \(10\.240\.0\.0\/22\)/,
    ],
    [
      "egress.subnetCidr",
      "10.240.5.0/26",
      { subnetCidr: "10.240.5.0/26" },
      {},
      /overlaps privateEndpointSubnetCidr \(10\.240\.5\.0\/24\)/,
    ],
    [
      "egress.subnetCidr",
      "10.240.6.0/26",
      {},
      { privateEndpointSubnetCidr: "10.240.6.0/24" },
      /overlaps privateEndpointSubnetCidr \(10\.240\.6\.0\/24\).*Fix: choose non-overlapping ranges/,
    ],
    [
      "egress.skuTier",
      "Basic",
      { skuTier: "Basic" as "Standard" },
      {},
      /not an Azure Firewall tier.*"Standard" or "Premium"/,
    ],
    ["egress.skuTier", "premium", { skuTier: "premium" as "Premium" }, {}, /not an Azure Firewall tier/],
    ["egress.publicIpCount", 0, { publicIpCount: 0 }, {}, /outside 1-250.*SNAT ports/],
    ["egress.publicIpCount", 251, { publicIpCount: 251 }, {}, /outside 1-250/],
    ["egress.publicIpCount", 1.5, { publicIpCount: 1.5 }, {}, /outside 1-250/],
    ["egress.logAnalyticsWorkspaceId", "log-hub", { logAnalyticsWorkspaceId: "log-hub" }, {}, /workspace/i],
    ["egress.zones", ["4"], { zones: ["4"] }, {}, /distinct availability zones.*Fix: use \["1", "2", "3"\], or \[\]/],
    ["egress.zones", ["1", "1"], { zones: ["1", "1"] }, {}, /distinct availability zones/],
    ["egress.allowedFqdns[0]", "*", { allowedFqdns: ["*"] }, {}, /not a host name.*bare "\*"/],
    [
      "egress.allowedFqdns[1]",
      "https://ghcr.io",
      { allowedFqdns: ["ghcr.io", "https://ghcr.io"] },
      {},
      /no scheme, path, port/,
    ],
    ["egress.allowedFqdns[0]", "ghcr.io/orders", { allowedFqdns: ["ghcr.io/orders"] }, {}, /not a host name/],
    ["egress.allowedFqdns[0]", "ghcr.io:443", { allowedFqdns: ["ghcr.io:443"] }, {}, /not a host name/],
    ["egress.allowedFqdns[0]", "", { allowedFqdns: [""] }, {}, /not a host name/],
    ["egress.allowedFqdns[0]", "*example.com", { allowedFqdns: ["*example.com"] }, {}, /"\*\."-wildcard/],
    [
      "egress.networkRules[0].name",
      "bad name",
      { networkRules: [{ ...rule, name: "bad name" }] },
      {},
      /firewall rule naming rules/,
    ],
    [
      "egress.networkRules[1].name",
      "extra",
      { networkRules: [rule, rule] },
      {},
      /already used by another network rule/,
    ],
    [
      "egress.networkRules[0].name",
      "custom-dns",
      { networkRules: [{ ...rule, name: "custom-dns" }] },
      {},
      /already used/,
    ],
    [
      "egress.networkRules[0].protocols",
      [],
      { networkRules: [{ ...rule, protocols: [] }] },
      {},
      /non-empty list of "TCP", "UDP", "ICMP" or "Any"/,
    ],
    [
      "egress.networkRules[0].protocols",
      ["HTTP"],
      { networkRules: [{ ...rule, protocols: ["HTTP" as "TCP"] }] },
      {},
      /"TCP", "UDP", "ICMP" or "Any"/,
    ],
    [
      "egress.networkRules[0].destinationAddresses[0]",
      "*",
      { networkRules: [{ ...rule, destinationAddresses: ["*"] }] },
      {},
      /every destination/,
    ],
    [
      "egress.networkRules[0].destinationAddresses[0]",
      "0.0.0.0/0",
      { networkRules: [{ ...rule, destinationAddresses: ["0.0.0.0/0"] }] },
      {},
      /every destination/,
    ],
    [
      "egress.networkRules[0].destinationAddresses",
      [],
      { networkRules: [{ ...rule, destinationAddresses: [] }] },
      {},
      /is empty/,
    ],
    [
      "egress.networkRules[0].destinationAddresses[0]",
      "10.0.0.1/16",
      { networkRules: [{ ...rule, destinationAddresses: ["10.0.0.1/16"] }] },
      {},
      /not an IPv4 address, a canonical IPv4 CIDR block or a service tag/,
    ],
    [
      "egress.networkRules[0].destinationAddresses[0]",
      "api.example.com",
      { networkRules: [{ ...rule, destinationAddresses: ["api.example.com"] }] },
      {},
      /service tag/,
    ],
    [
      "egress.networkRules[0].destinationPorts",
      ["0"],
      { networkRules: [{ ...rule, destinationPorts: ["0"] }] },
      {},
      /within 1-65535/,
    ],
    [
      "egress.networkRules[0].destinationPorts",
      ["70000"],
      { networkRules: [{ ...rule, destinationPorts: ["70000"] }] },
      {},
      /within 1-65535/,
    ],
    [
      "egress.networkRules[0].destinationPorts",
      ["8080-80"],
      { networkRules: [{ ...rule, destinationPorts: ["8080-80"] }] },
      {},
      /port ranges/,
    ],
    [
      "egress.networkRules[0].destinationPorts",
      ["*"],
      { networkRules: [{ ...rule, destinationPorts: ["*"] }] },
      {},
      /ports or port ranges/,
    ],
    [
      "egress.networkRules[0].destinationPorts",
      [],
      { networkRules: [{ ...rule, destinationPorts: [] }] },
      {},
      /non-empty list/,
    ],
  ];

  it.each(cases)("rejects %s = %p", (prop, value, options, overrides, detail) => {
    const error = thrown(() => build(options, overrides));
    expect(error.constructPath).toBe("test/Network");
    expect(error.prop).toBe(prop);
    expect(error.value).toEqual(value);
    expect(error.message).toContain(`[test/Network] ${prop} = ${JSON.stringify(value)}: `);
    expect(error.message).toMatch(/Fix: \S/);
    expect(error.message).toMatch(detail);
  });

  it("rejects a token publicIpCount: it decides how many resources are synthesized", () => {
    const error = thrown(() => build({ publicIpCount: Token.asNumber("${var.ips}") }));
    expect(error.prop).toBe("egress.publicIpCount");
    expect(error.message).toMatch(/token.*how many public IP resources.*Fix: pass a literal number from 1 to 250/);
  });

  it("accepts a larger AzureFirewallSubnet and every network protocol", () => {
    expect(() =>
      build({ subnetCidr: "10.240.8.0/24", networkRules: [{ ...rule, protocols: ["TCP", "UDP", "ICMP", "Any"] }] }),
    ).not.toThrow();
  });
});

describe("ClusterEgress.azureFirewall() synthesis", () => {
  it("is byte-identical across runs", () => {
    expect(Testing.synth(build().stack)).toBe(Testing.synth(build().stack));
  });

  it("matches the snapshot", () => {
    expect(Testing.synth(build().stack)).toMatchSnapshot();
  });
});

describe("ClusterEgress.azureFirewall() with the cluster in another stack", () => {
  it("adds the add-on rules but no diagnostic setting to the other stack's workspace (no stack cycle); AKS-NET-15 then asks for egress.logAnalyticsWorkspaceId", () => {
    const app = Testing.app();
    const networkStack = new TerraformStack(app, "network");
    const clusterStack = new TerraformStack(app, "cluster");
    for (const stack of [networkStack, clusterStack]) new AzurermProvider(stack, "azurerm", { features: [{}] });
    const { network } = build({}, {}, networkStack);
    clusterOn(clusterStack, network);
    expect(network.firewallEgressRules?.allowedNeeds).toEqual(["containerInsights", "azurePolicy"]);
    expect(network.firewallEgressRules?.firewallDiagnosticSetting).toBeUndefined();
    expect(SecurityBaseline.check(networkStack).findings.find((f) => f.ruleId === "AKS-NET-15")).toMatchObject({
      outcome: "failed",
    });
  });
});
