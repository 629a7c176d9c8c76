import { Testing } from "cdktf";
import { privateClusterExample } from "../../examples/private-cluster";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { synthSecure } from "../../lib/baseline/synth-secure";
import { Json, named, only, resources } from "../cluster/helpers";
import { withExampleEnv } from "./environment";

function synthExample(env: Record<string, string> = {}): string {
  return withExampleEnv(env, () => synthSecure(privateClusterExample(Testing.app())));
}

describe("example: private-cluster", () => {
  const text = synthExample();
  const doc: Json = JSON.parse(text);

  it("is a private cluster in its own network with egress through its own Azure Firewall", () => {
    const aks = only(doc, "azurerm_kubernetes_cluster");
    expect(aks.private_cluster_enabled).toBe(true);
    expect(aks.private_dns_zone_id).toBe("System");
    expect(aks.network_profile.outbound_type).toBe("userDefinedRouting");
    expect(aks.default_node_pool.vnet_subnet_id).toMatch(/^\$\{azurerm_subnet\.Network_NodeSubnet_[A-F0-9]+\.id\}$/);
    const firewall = only(doc, "azurerm_firewall");
    expect(firewall).toMatchObject({
      name: "afw-secaks-private",
      sku_name: "AZFW_VNet",
      sku_tier: "Premium",
      zones: ["1", "2", "3"],
    });
    expect(only(doc, "azurerm_firewall_policy")).toMatchObject({
      sku: "Premium",
      threat_intelligence_mode: "Deny",
      intrusion_detection: { mode: "Deny" },
    });
    expect(resources(doc, "azurerm_monitor_diagnostic_setting").map((d: Json) => d.name)).toEqual(
      expect.arrayContaining(["firewall-logs", "public-ip-logs"]),
    );
    expect(only(doc, "azurerm_route_table").route).toEqual([
      expect.objectContaining({
        address_prefix: "0.0.0.0/0",
        next_hop_type: "VirtualAppliance",
        next_hop_in_ip_address: expect.stringMatching(
          /^\$\{azurerm_firewall\.Network_Firewall_[A-F0-9]+\.ip_configuration\[0\]\.private_ip_address\}$/,
        ),
      }),
    ]);
    expect(aks.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^azurerm_subnet_route_table_association\./),
        expect.stringMatching(/^azurerm_firewall\./),
        expect.stringMatching(/^azurerm_firewall_policy_rule_collection_group\./),
      ]),
    );
    const group = named(doc, "azurerm_firewall_policy_rule_collection_group", "aks-egress");
    expect(group.application_rule_collection[0].rule[0].destination_fqdn_tags).toEqual(["AzureKubernetesService"]);
    expect(resources(doc, "azurerm_nat_gateway")).toHaveLength(0);
  });

  it("has a runner subnet in the cluster VNet that reaches only RUNNER_ALLOWED_FQDNS through the firewall", () => {
    expect(named(doc, "azurerm_subnet", "snet-secaks-private-runner").address_prefixes).toEqual(["10.240.7.0/27"]);
    const runnerRule = named(doc, "azurerm_firewall_policy_rule_collection_group", "deployment-runner")
      .application_rule_collection[0].rule[0];
    expect(runnerRule).toMatchObject({
      source_addresses: ["10.240.7.0/27"],
      destination_fqdns: [
        "management.azure.com",
        "login.microsoftonline.com",
        "registry.terraform.io",
        "releases.hashicorp.com",
      ],
    });
    const custom: Json = JSON.parse(
      synthExample({ RUNNER_ALLOWED_FQDNS: "github.com, *.actions.githubusercontent.com" }),
    );
    expect(
      named(custom, "azurerm_firewall_policy_rule_collection_group", "deployment-runner").application_rule_collection[0]
        .rule[0].destination_fqdns,
    ).toEqual(["github.com", "*.actions.githubusercontent.com"]);
    expect(doc.output.runner_subnet_id.value).toMatch(/^\$\{azurerm_subnet\.Network_RunnerSubnet_[A-F0-9]+\.id\}$/);
  });

  it("passes the security baseline with no suppression (AKS-NET-07 sees the firewall)", () => {
    const stack = withExampleEnv({}, () => privateClusterExample(Testing.app()));
    const result = SecurityBaseline.check(stack);
    expect(result.suppressions).toEqual([]);
    expect(result.findings.filter((f) => f.outcome === "failed" && f.severity === "error")).toEqual([]);
    expect(result.findings.find((f) => f.ruleId === "AKS-NET-07")).toMatchObject({
      outcome: "passed",
      attribute: "route.next_hop_in_ip_address",
    });
  });

  it("uses placeholders offline and a relative local state path", () => {
    expect(doc.terraform.backend.local.path).toBe("../../../terraform.private-cluster.tfstate");
    expect(doc.provider.azurerm[0].subscription_id).toBe("00000000-0000-4000-8000-000000000001");
    expect(
      only(doc, "azurerm_kubernetes_cluster").azure_active_directory_role_based_access_control.admin_group_object_ids,
    ).toEqual(["00000000-0000-4000-8000-000000000003"]);
  });

  it("routes through a hub firewall and an azurerm backend when their variables are set", () => {
    const withHub: Json = JSON.parse(
      synthExample({
        FIREWALL_PRIVATE_IP: "10.0.1.4",
        TF_BACKEND_RESOURCE_GROUP: "rg-tfstate",
        TF_BACKEND_STORAGE_ACCOUNT: "sttfstate",
        TF_BACKEND_CONTAINER: "tfstate",
        AKS_ADMIN_GROUP_OBJECT_IDS: "11111111-1111-4111-8111-111111111111, 22222222-2222-4222-8222-222222222222",
      }),
    );
    expect(only(withHub, "azurerm_kubernetes_cluster").network_profile.outbound_type).toBe("userDefinedRouting");
    expect(only(withHub, "azurerm_route_table").route[0].next_hop_in_ip_address).toBe("10.0.1.4");
    expect(resources(withHub, "azurerm_nat_gateway")).toHaveLength(0);
    expect(resources(withHub, "azurerm_firewall")).toHaveLength(0);
    expect(resources(withHub, "azurerm_subnet").map((s) => s.name)).not.toContain("AzureFirewallSubnet");
    expect(withHub.terraform.backend.azurerm).toMatchObject({
      key: "private-cluster.tfstate",
      use_azuread_auth: true,
      storage_account_name: "sttfstate",
    });
    expect(
      only(withHub, "azurerm_kubernetes_cluster").azure_active_directory_role_based_access_control
        .admin_group_object_ids,
    ).toHaveLength(2);
  });

  it("synthesizes deterministically", () => {
    expect(synthExample()).toBe(text);
  });

  it("matches the snapshot", () => {
    expect(text).toMatchSnapshot();
  });
});
