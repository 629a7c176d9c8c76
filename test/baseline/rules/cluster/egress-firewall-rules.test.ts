import { TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { RouteTable } from "@cdktf/provider-azurerm/lib/route-table";
import { SubnetRouteTableAssociation } from "@cdktf/provider-azurerm/lib/subnet-route-table-association";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Firewall, FirewallConfig } from "@cdktf/provider-azurerm/lib/firewall";
import { FirewallPolicy, FirewallPolicyConfig } from "@cdktf/provider-azurerm/lib/firewall-policy";
import {
  FirewallPolicyRuleCollectionGroup,
  FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule,
} from "@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group";
import {
  MonitorDiagnosticSetting,
  MonitorDiagnosticSettingConfig,
} from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { KubernetesCluster, KubernetesClusterConfig } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { Rule, RuleFinding } from "../../../../lib/baseline/rule";
import { parseTerraformDocument } from "../../../../lib/baseline/document";
import { aksNet14 } from "../../../../lib/baseline/rules/cluster/aks-net-14";
import { aksNet15 } from "../../../../lib/baseline/rules/cluster/aks-net-15";
import { aksNet16 } from "../../../../lib/baseline/rules/cluster/aks-net-16";
import { getControl } from "../../../../lib/baseline/catalog";
import { SecurityBaseline } from "../../../../lib/baseline/security-baseline";
import { ClusterNetwork } from "../../../../lib/network/cluster-network";
import { ClusterEgress } from "../../../../lib/network/cluster-egress";
import { SecureCluster } from "../../../../lib/cluster/secure-cluster";

const WORKSPACE =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/log-ops";
const rg = { resourceGroupName: "rg", location: "westeurope" };
const CI_FQDNS = [
  "global.handler.control.monitor.azure.com",
  "westeurope.handler.control.monitor.azure.com",
  "*.ods.opinsights.azure.com",
  "*.oms.opinsights.azure.com",
];

interface Options {
  firewall?: (config: FirewallConfig) => FirewallConfig;
  policy?: (config: FirewallPolicyConfig) => FirewallPolicyConfig;
  fqdns?: string[];
  networkRules?: FirewallPolicyRuleCollectionGroupNetworkRuleCollectionRule[];
  firewallLogs?: (config: MonitorDiagnosticSettingConfig) => MonitorDiagnosticSettingConfig | undefined;
  ipLogs?: boolean;
  cluster?: (config: KubernetesClusterConfig) => KubernetesClusterConfig;
}

/** Raw azurerm resources only: a cluster whose node subnet routes 0.0.0.0/0 to an Azure Firewall with a policy, rules and logs. */
function fixture(options: Options = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "raw");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const nodes = new Subnet(stack, "nodes", {
    name: "snet-nodes",
    resourceGroupName: "rg",
    virtualNetworkName: "vnet",
    addressPrefixes: ["10.0.0.0/22"],
  });
  const fwSubnet = new Subnet(stack, "fw_subnet", {
    name: "AzureFirewallSubnet",
    resourceGroupName: "rg",
    virtualNetworkName: "vnet",
    addressPrefixes: ["10.0.6.0/26"],
  });
  const pip = new PublicIp(stack, "fw_pip", { ...rg, name: "pip-fw", allocationMethod: "Static", sku: "Standard" });
  const policyConfig: FirewallPolicyConfig = {
    ...rg,
    name: "afwp",
    sku: "Premium",
    threatIntelligenceMode: "Deny",
    intrusionDetection: { mode: "Deny" },
  };
  const policy = new FirewallPolicy(stack, "policy", options.policy ? options.policy(policyConfig) : policyConfig);
  new FirewallPolicyRuleCollectionGroup(stack, "rules", {
    name: "egress",
    firewallPolicyId: policy.id,
    priority: 200,
    applicationRuleCollection: [
      {
        name: "allow",
        priority: 100,
        action: "Allow",
        rule: [
          {
            name: "tag",
            sourceAddresses: ["10.0.0.0/22"],
            protocols: [{ type: "Https", port: 443 }],
            destinationFqdnTags: ["AzureKubernetesService"],
          },
          {
            name: "addons",
            sourceAddresses: ["10.0.0.0/22"],
            protocols: [{ type: "Https", port: 443 }],
            destinationFqdns: options.fqdns ?? [
              ...CI_FQDNS,
              "data.policy.core.windows.net",
              "store.policy.core.windows.net",
            ],
          },
        ],
      },
    ],
    networkRuleCollection: options.networkRules
      ? [{ name: "net", priority: 100, action: "Allow", rule: options.networkRules }]
      : undefined,
  });
  const firewallConfig: FirewallConfig = {
    ...rg,
    name: "afw",
    skuName: "AZFW_VNet",
    skuTier: "Premium",
    firewallPolicyId: policy.id,
    ipConfiguration: [{ name: "egress", subnetId: fwSubnet.id, publicIpAddressId: pip.id }],
  };
  const firewall = new Firewall(stack, "fw", options.firewall ? options.firewall(firewallConfig) : firewallConfig);
  const table = new RouteTable(stack, "routes", {
    ...rg,
    name: "rt",
    route: [
      {
        name: "default",
        addressPrefix: "0.0.0.0/0",
        nextHopType: "VirtualAppliance",
        nextHopInIpAddress: firewall.ipConfiguration.get(0).privateIpAddress,
      },
    ],
  });
  new SubnetRouteTableAssociation(stack, "routes_nodes", { subnetId: nodes.id, routeTableId: table.id });
  const logs: MonitorDiagnosticSettingConfig = {
    name: "fw-logs",
    targetResourceId: firewall.id,
    logAnalyticsWorkspaceId: WORKSPACE,
    logAnalyticsDestinationType: "Dedicated",
    enabledLog: ["AZFWApplicationRule", "AZFWNetworkRule", "AZFWThreatIntel", "AZFWIdpsSignature"].map((category) => ({
      category,
    })),
  };
  const firewallLogs = options.firewallLogs ? options.firewallLogs(logs) : logs;
  if (firewallLogs) new MonitorDiagnosticSetting(stack, "fw_logs", firewallLogs);
  if (options.ipLogs !== false)
    new MonitorDiagnosticSetting(stack, "pip_logs", {
      name: "pip-logs",
      targetResourceId: pip.id,
      logAnalyticsWorkspaceId: WORKSPACE,
      enabledLog: [{ categoryGroup: "allLogs" }],
    });
  const clusterConfig: KubernetesClusterConfig = {
    ...rg,
    name: "aks",
    dnsPrefix: "aks",
    identity: { type: "SystemAssigned" },
    defaultNodePool: { name: "system", vmSize: "Standard_D4ds_v5", nodeCount: 3, vnetSubnetId: nodes.id },
    networkProfile: { networkPlugin: "azure", outboundType: "userDefinedRouting" },
    omsAgent: { logAnalyticsWorkspaceId: WORKSPACE, msiAuthForMonitoringEnabled: true },
    azurePolicyEnabled: true,
    storageProfile: { fileDriverEnabled: false, blobDriverEnabled: false },
  };
  new KubernetesCluster(stack, "aks", options.cluster ? options.cluster(clusterConfig) : clusterConfig);
  return stack;
}

function run(rule: Rule, address: string, options: Options = {}): RuleFinding | undefined {
  const document = parseTerraformDocument(JSON.parse(Testing.synth(fixture(options))));
  const resource = document.byAddress(address);
  if (!resource) throw new Error(`no ${address}`);
  return rule.evaluate(resource, document);
}

describe.each([aksNet14, aksNet15, aksNet16])("$id", (rule) => {
  it("is an error titled from the catalog, with a fix", () => {
    expect(rule.title).toBe(getControl(rule.id).title);
    expect(getControl(rule.id).addedIn).toBe("0.2.0");
    expect(rule.severity).toBe("error");
    expect(rule.fix.length).toBeGreaterThan(40);
  });
});

describe("AKS-NET-14 firewall policy: Premium, threat intelligence and IDPS in Deny mode", () => {
  const net14 = (options: Options = {}) => run(aksNet14, "azurerm_firewall.fw", options);

  it("passes a Premium firewall whose Premium policy denies threat-intel and IDPS matches", () => {
    expect(net14()).toMatchObject({ outcome: "passed", attribute: "intrusion_detection.mode", value: "Deny" });
  });

  it("fails a Standard firewall, a Standard policy, threat intelligence Alert or absent, IDPS Alert or absent, and a firewall without a policy", () => {
    expect(net14({ firewall: (c) => ({ ...c, skuTier: "Standard" }) })).toMatchObject({
      outcome: "failed",
      attribute: "sku_tier",
      value: "Standard",
    });
    expect(net14({ policy: (c) => ({ ...c, sku: "Standard", intrusionDetection: undefined }) })).toMatchObject({
      outcome: "failed",
      attribute: "sku",
      value: "Standard",
    });
    expect(net14({ policy: (c) => ({ ...c, sku: undefined }) })).toMatchObject({
      outcome: "failed",
      attribute: "sku",
      value: "absent (provider default Standard)",
    });
    expect(net14({ policy: (c) => ({ ...c, threatIntelligenceMode: "Alert" }) })).toMatchObject({
      outcome: "failed",
      attribute: "threat_intelligence_mode",
      value: "Alert",
    });
    expect(net14({ policy: (c) => ({ ...c, threatIntelligenceMode: undefined }) })).toMatchObject({
      outcome: "failed",
      attribute: "threat_intelligence_mode",
      value: "absent (provider default Alert)",
    });
    expect(net14({ policy: (c) => ({ ...c, intrusionDetection: { mode: "Alert" } }) })).toMatchObject({
      outcome: "failed",
      attribute: "intrusion_detection.mode",
      value: "Alert",
    });
    expect(net14({ policy: (c) => ({ ...c, intrusionDetection: undefined }) })).toMatchObject({
      outcome: "failed",
      attribute: "intrusion_detection.mode",
    });
    expect(net14({ firewall: (c) => ({ ...c, firewallPolicyId: undefined }) })).toMatchObject({
      outcome: "failed",
      attribute: "firewall_policy_id",
    });
  });

  it("is unknown for expressions and for a policy declared elsewhere", () => {
    expect(net14({ firewall: (c) => ({ ...c, skuTier: "${var.tier}" }) })).toMatchObject({
      outcome: "unknown",
      attribute: "sku_tier",
    });
    expect(
      net14({ firewall: (c) => ({ ...c, firewallPolicyId: "${data.terraform_remote_state.hub.outputs.policy_id}" }) }),
    ).toMatchObject({ outcome: "unknown", attribute: "firewall_policy_id" });
    expect(net14({ policy: (c) => ({ ...c, threatIntelligenceMode: "${var.ti}" }) })).toMatchObject({
      outcome: "unknown",
      attribute: "threat_intelligence_mode",
    });
  });

  it("judges a policy no firewall of the document uses (a hub policy), and skips one a firewall uses", () => {
    expect(run(aksNet14, "azurerm_firewall_policy.policy")).toBeUndefined();
    const hub = run(aksNet14, "azurerm_firewall_policy.policy", {
      firewall: (c) => ({ ...c, firewallPolicyId: "${data.terraform_remote_state.hub.outputs.policy_id}" }),
      policy: (c) => ({ ...c, threatIntelligenceMode: "Off" }),
    });
    expect(hub).toMatchObject({ outcome: "failed", attribute: "threat_intelligence_mode", value: "Off" });
  });
});

describe("AKS-NET-15 firewall and public IP logs to Log Analytics", () => {
  const net15 = (options: Options = {}) => run(aksNet15, "azurerm_firewall.fw", options);

  it("passes resource-specific AZFW logs of the firewall plus logs of its public IP; allLogs counts too", () => {
    expect(net15()).toMatchObject({ outcome: "passed" });
    expect(net15({ firewallLogs: (c) => ({ ...c, enabledLog: [{ categoryGroup: "allLogs" }] }) })).toMatchObject({
      outcome: "passed",
    });
  });

  it("fails no firewall setting, the AzureDiagnostics table, a missing category, and a public IP without logs", () => {
    expect(net15({ firewallLogs: () => undefined })).toMatchObject({
      outcome: "failed",
      attribute: "azurerm_monitor_diagnostic_setting",
    });
    expect(net15({ firewallLogs: (c) => ({ ...c, logAnalyticsDestinationType: undefined }) })).toMatchObject({
      outcome: "failed",
      attribute: "log_analytics_destination_type",
    });
    expect(
      net15({
        firewallLogs: (c) => ({
          ...c,
          enabledLog: [{ category: "AZFWApplicationRule" }, { category: "AZFWNetworkRule" }],
        }),
      }),
    ).toMatchObject({
      outcome: "failed",
      attribute: "enabled_log.category",
      message: expect.stringContaining("AZFWThreatIntel, AZFWIdpsSignature"),
    });
    expect(net15({ ipLogs: false })).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining("public IP azurerm_public_ip.fw_pip"),
    });
  });

  it("is unknown when a setting's target or the destination type is an expression", () => {
    expect(net15({ firewallLogs: (c) => ({ ...c, targetResourceId: "${var.firewall_id}" }) })).toMatchObject({
      outcome: "unknown",
    });
    expect(net15({ firewallLogs: (c) => ({ ...c, logAnalyticsDestinationType: "${var.destination}" }) })).toMatchObject(
      { outcome: "unknown", attribute: "log_analytics_destination_type" },
    );
  });
});

describe("AKS-NET-16 the firewall allows what the enabled add-ons need", () => {
  const net16 = (options: Options = {}) => run(aksNet16, "azurerm_kubernetes_cluster.aks", options);
  const defender = (c: KubernetesClusterConfig): KubernetesClusterConfig => ({
    ...c,
    microsoftDefender: { logAnalyticsWorkspaceId: WORKSPACE },
  });

  it("passes when Container Insights and Azure Policy are allowed; the AzureMonitor service tag stands in for the monitoring FQDNs", () => {
    expect(net16()).toMatchObject({ outcome: "passed", value: ["Container Insights", "the Azure Policy add-on"] });
    const tagged = net16({
      fqdns: ["data.policy.core.windows.net", "store.policy.core.windows.net"],
      networkRules: [
        {
          name: "monitor",
          protocols: ["TCP"],
          sourceAddresses: ["10.0.0.0/22"],
          destinationAddresses: ["AzureMonitor"],
          destinationPorts: ["443"],
        },
      ],
    });
    expect(tagged).toMatchObject({ outcome: "passed" });
  });

  it("fails Container Insights without the global handler, naming the FQDN", () => {
    const finding = net16({
      fqdns: CI_FQDNS.filter((f) => !f.startsWith("global")).concat(
        "data.policy.core.windows.net",
        "store.policy.core.windows.net",
      ),
    });
    expect(finding).toMatchObject({
      outcome: "failed",
      attribute: "firewall rules",
      value: ["global.handler.control.monitor.azure.com"],
      message: expect.stringContaining(
        "Container Insights is on but azurerm_firewall.fw does not allow global.handler.control.monitor.azure.com",
      ),
    });
  });

  it("fails the Defender sensor without *.cloud.defender.microsoft.com, and passes it with the rule", () => {
    expect(net16({ cluster: defender })).toMatchObject({
      outcome: "failed",
      value: ["*.cloud.defender.microsoft.com"],
    });
    expect(
      net16({
        cluster: defender,
        fqdns: [
          ...CI_FQDNS,
          "data.policy.core.windows.net",
          "store.policy.core.windows.net",
          "*.cloud.defender.microsoft.com",
        ],
      }),
    ).toMatchObject({ outcome: "passed" });
  });

  it("fails the Azure Files driver (on when storage_profile is absent) without TCP 445 to Storage, and passes it with the rule", () => {
    const noProfile = (c: KubernetesClusterConfig): KubernetesClusterConfig => ({ ...c, storageProfile: undefined });
    expect(net16({ cluster: noProfile })).toMatchObject({
      outcome: "failed",
      value: ["TCP 445 to Storage or Storage.westeurope"],
    });
    const smb = [
      {
        name: "smb",
        protocols: ["TCP"],
        sourceAddresses: ["10.0.0.0/22"],
        destinationAddresses: ["Storage.westeurope"],
        destinationPorts: ["445"],
      },
    ];
    expect(net16({ cluster: noProfile, networkRules: smb })).toMatchObject({ outcome: "passed" });
    expect(
      net16({ cluster: (c) => ({ ...c, storageProfile: { blobDriverEnabled: true, fileDriverEnabled: false } }) }),
    ).toMatchObject({ outcome: "failed", value: ["*.blob.core.windows.net"] });
  });

  it("asks nothing for add-ons that are off, and does not apply without a firewall route", () => {
    expect(
      net16({ fqdns: ["example.com"], cluster: (c) => ({ ...c, omsAgent: undefined, azurePolicyEnabled: false }) }),
    ).toMatchObject({ outcome: "passed", value: [] });
    expect(
      net16({
        cluster: (c) => ({ ...c, networkProfile: { networkPlugin: "azure", outboundType: "userAssignedNATGateway" } }),
      }),
    ).toBeUndefined();
  });

  it("is unknown for a hub firewall, a policy declared elsewhere, an expression region or expression destinations", () => {
    const hub = (c: KubernetesClusterConfig): KubernetesClusterConfig => ({
      ...c,
      defaultNodePool: { ...c.defaultNodePool, vnetSubnetId: "${data.terraform_remote_state.net.outputs.nodes}" },
    });
    expect(net16({ cluster: hub })).toMatchObject({
      outcome: "unknown",
      attribute: "default_node_pool.vnet_subnet_id",
    });
    expect(net16({ firewall: (c) => ({ ...c, firewallPolicyId: "${var.policy}" }) })).toMatchObject({
      outcome: "unknown",
      attribute: "firewall_policy_id",
    });
    expect(net16({ cluster: (c) => ({ ...c, location: "${var.location}" }) })).toMatchObject({
      outcome: "unknown",
      attribute: "location",
    });
    expect(net16({ fqdns: ["${var.fqdn}"] })).toMatchObject({ outcome: "unknown", attribute: "firewall rules" });
  });
});

describe('ClusterEgress.azureFirewall({ skuTier: "Standard" }) at synth', () => {
  function standardStack(suppress: boolean): TerraformStack {
    const stack = new TerraformStack(Testing.app(), "standard");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    const network = new ClusterNetwork(stack, "Network", {
      resourceGroupName: "rg-net",
      location: "westeurope",
      namePrefix: "aks-std",
      egress: ClusterEgress.azureFirewall({ skuTier: "Standard" }),
    });
    new SecureCluster(stack, "Cluster", {
      resourceGroupName: "rg-aks",
      location: "westeurope",
      clusterName: "aks-std",
      kubernetesVersion: "1.36",
      entraId: {
        tenantId: "11111111-1111-4111-8111-111111111111",
        adminGroupObjectIds: ["22222222-2222-4222-8222-222222222222"],
      },
      network,
    });
    if (suppress)
      SecurityBaseline.suppress(
        network,
        "AKS-NET-14",
        "Dev platform without production data: Standard firewall to save the Premium surcharge, approved by the security team",
      );
    return stack;
  }

  it("is a baseline error naming AKS-NET-14 and the suppression that accepts it", () => {
    expect(() => Testing.synth(standardStack(false), true)).toThrow(
      /AKS-NET-14[\s\S]*sku_tier[\s\S]*SecurityBaseline\.suppress\(network, "AKS-NET-14", reason\)/,
    );
  });

  it("synthesizes once suppressed with a reason, which reaches the report", () => {
    const stack = standardStack(true);
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(SecurityBaseline.check(stack).suppressions.map((s) => s.ruleId)).toContain("AKS-NET-14");
  });
});
