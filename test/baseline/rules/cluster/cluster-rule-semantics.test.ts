import { TerraformStack, Token } from "cdktf";
import { KubernetesClusterConfig } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { ResourceGroupPolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-group-policy-assignment";
import { SubscriptionPolicyAssignment } from "@cdktf/provider-azurerm/lib/subscription-policy-assignment";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { DiskEncryptionSet } from "@cdktf/provider-azurerm/lib/disk-encryption-set";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { Firewall } from "@cdktf/provider-azurerm/lib/firewall";
import { RESTRICTED_POD_SECURITY_MEMBERS } from "../../../../lib/cluster/cluster-guardrails";
import { CLUSTER_RULES } from "../../../../lib/baseline/rules/cluster/index";
import { Rule } from "../../../../lib/baseline/rule";
import { ClusterFixture, ClusterFixtureOptions, clusterFixture, evaluate } from "./fixtures";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const expr = (text: string): any => Token.asAny(text);
const rule = (id: string): Rule => {
  const found = CLUSTER_RULES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};
const set =
  (patch: Partial<KubernetesClusterConfig>) =>
  (config: KubernetesClusterConfig): KubernetesClusterConfig => ({ ...config, ...patch });
const network =
  (patch: Record<string, unknown>) =>
  (config: KubernetesClusterConfig): KubernetesClusterConfig => ({
    ...config,
    networkProfile: { ...config.networkProfile!, ...patch },
  });
const kms =
  (patch: Record<string, unknown>) =>
  (config: KubernetesClusterConfig): KubernetesClusterConfig => ({
    ...config,
    keyManagementService: { ...config.keyManagementService!, ...patch },
  });
const check = (id: string, options: ClusterFixtureOptions | ClusterFixture, address?: string) =>
  evaluate(rule(id), "stack" in options ? options : clusterFixture(options), address);
const rg = { resourceGroupName: "rg", location: "westeurope" };

describe("identity", () => {
  it("AKS-IAM-02 and AKS-IAM-04 fail without the Entra block (no admin groups, no Azure RBAC)", () => {
    const options = { cluster: set({ azureActiveDirectoryRoleBasedAccessControl: undefined }) };
    expect(check("AKS-IAM-02", options)).toMatchObject({
      outcome: "failed",
      attribute: "azure_active_directory_role_based_access_control",
    });
    expect(check("AKS-IAM-04", options)).toMatchObject({
      outcome: "failed",
      attribute: "azure_active_directory_role_based_access_control",
    });
  });

  it("AKS-IAM-02 counts literal group ids and declared groups; only variables are unknown", () => {
    const groups = (ids: string[]) => ({
      cluster: set({
        azureActiveDirectoryRoleBasedAccessControl: { tenantId: "t", adminGroupObjectIds: ids, azureRbacEnabled: true },
      }),
    });
    expect(check("AKS-IAM-02", groups(["${var.admins}"]))).toMatchObject({
      outcome: "unknown",
      attribute: "azure_active_directory_role_based_access_control.admin_group_object_ids",
    });
    expect(check("AKS-IAM-02", groups(["${var.admins}", "22222222-2222-4222-8222-222222222222"]))).toMatchObject({
      outcome: "passed",
    });
    expect(check("AKS-IAM-02", groups([]))).toMatchObject({ outcome: "failed" });
  });

  it("AKS-IAM-08 fails a service principal", () => {
    expect(
      check("AKS-IAM-08", {
        cluster: set({ identity: undefined, servicePrincipal: { clientId: "x", clientSecret: "y" } }),
      }),
    ).toMatchObject({ outcome: "failed", attribute: "service_principal" });
  });

  it("AKS-IAM-11 references the run-command DeployIfNotExists definition by its real id", () => {
    expect(rule("AKS-IAM-11").references.azurePolicy).toEqual([
      "89f2d532-c53c-4f8f-9afa-4927b1114a0d",
      "1b708b0a-3380-40e9-8b79-821f9fa224cc",
    ]);
  });
});

describe("AKS-NET-01 private API server", () => {
  it("fails a public FQDN, the None zone and a zone that is not an AKS private zone", () => {
    expect(check("AKS-NET-01", { cluster: set({ privateClusterPublicFqdnEnabled: true }) })).toMatchObject({
      outcome: "failed",
      attribute: "private_cluster_public_fqdn_enabled",
    });
    expect(check("AKS-NET-01", { cluster: set({ privateDnsZoneId: "None" }) })).toMatchObject({
      outcome: "failed",
      attribute: "private_dns_zone_id",
      value: "None",
    });
    expect(
      check("AKS-NET-01", {
        cluster: set({
          privateDnsZoneId:
            "/subscriptions/x/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/corp.example.com",
        }),
      }),
    ).toMatchObject({ outcome: "failed", value: "corp.example.com" });
    expect(
      check("AKS-NET-01", {
        cluster: set({
          privateDnsZoneId:
            "/subscriptions/x/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.northeurope.azmk8s.io",
        }),
      }),
    ).toMatchObject({ outcome: "failed", attribute: "private_dns_zone_id" });
  });

  it("passes System (also when absent) and a BYO privatelink zone of the cluster's region, literal or referenced", () => {
    expect(check("AKS-NET-01", { cluster: set({ privateDnsZoneId: undefined }) })).toMatchObject({
      outcome: "passed",
      value: "absent (System)",
    });
    expect(
      check("AKS-NET-01", {
        cluster: set({
          privateDnsZoneId:
            "/subscriptions/x/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/aks.privatelink.westeurope.azmk8s.io",
        }),
      }),
    ).toMatchObject({ outcome: "passed" });
    const fixture = clusterFixture();
    const zone = new PrivateDnsZone(fixture.stack, "zone", {
      name: "privatelink.westeurope.azmk8s.io",
      resourceGroupName: "dns",
    });
    fixture.cluster.privateDnsZoneId = zone.id;
    expect(check("AKS-NET-01", fixture)).toMatchObject({ outcome: "passed", attribute: "private_dns_zone_id" });
  });

  it("resolves the cluster's location through a declared resource group, and is unknown for a variable", () => {
    const zoneId =
      "/subscriptions/x/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.westeurope.azmk8s.io";
    const fixture = clusterFixture({ cluster: set({ privateDnsZoneId: zoneId }) });
    const group = new ResourceGroup(fixture.stack, "north", { name: "rg-north", location: "northeurope" });
    fixture.cluster.location = group.location;
    expect(check("AKS-NET-01", fixture)).toMatchObject({
      outcome: "failed",
      attribute: "private_dns_zone_id",
      message: expect.stringContaining("northeurope"),
    });
    const same = clusterFixture({ cluster: set({ privateDnsZoneId: zoneId }) });
    same.cluster.location = new ResourceGroup(same.stack, "west", {
      name: "rg-west",
      location: "West Europe",
    }).location;
    expect(check("AKS-NET-01", same)).toMatchObject({ outcome: "passed" });
    expect(
      check("AKS-NET-01", { cluster: set({ privateDnsZoneId: zoneId, location: expr("${var.location}") }) }),
    ).toMatchObject({ outcome: "unknown", attribute: "location" });
  });

  it("reports a zone from another stack as unknown", () => {
    expect(
      check("AKS-NET-01", { cluster: set({ privateDnsZoneId: "${data.terraform_remote_state.dns.outputs.zone_id}" }) }),
    ).toMatchObject({ outcome: "unknown", attribute: "private_dns_zone_id" });
  });

  it("fails a VNet-integrated API server that is not private (documented decision)", () => {
    expect(
      check("AKS-NET-01", {
        cluster: set({
          privateClusterEnabled: false,
          apiServerAccessProfile: {
            virtualNetworkIntegrationEnabled: true,
            subnetId: "/subscriptions/x/api",
            authorizedIpRanges: ["203.0.113.0/24"],
          },
        }),
      }),
    ).toMatchObject({
      outcome: "failed",
      attribute: "private_cluster_enabled",
    });
  });
});

describe("AKS-NET-02 authorized ranges", () => {
  const publicWith = (ranges: string[]) => ({
    cluster: set({ privateClusterEnabled: undefined, apiServerAccessProfile: { authorizedIpRanges: ranges } }),
  });
  it("applies when private_cluster_enabled is absent (provider default false)", () => {
    expect(check("AKS-NET-02", publicWith(["203.0.113.0/24", "198.51.100.7"]))).toMatchObject({ outcome: "passed" });
  });
  it("fails ranges that add up to the whole internet, and ::/0", () => {
    expect(check("AKS-NET-02", publicWith(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/2"]))).toMatchObject({
      outcome: "failed",
      attribute: "api_server_access_profile.authorized_ip_ranges",
    });
    expect(check("AKS-NET-02", publicWith(["203.0.113.0/24", "::/0"]))).toMatchObject({ outcome: "failed" });
    expect(check("AKS-NET-02", publicWith(["0.0.0.0/1", "192.0.0.0/2"]))).toMatchObject({ outcome: "passed" });
  });
  it("reports a private_cluster_enabled expression as unknown", () => {
    expect(check("AKS-NET-02", { cluster: set({ privateClusterEnabled: expr("${var.private}") }) })).toMatchObject({
      outcome: "unknown",
      attribute: "private_cluster_enabled",
    });
  });
});

describe("AKS-NET-07 egress through a firewall", () => {
  it("follows the node subnet's default route", () => {
    expect(check("AKS-NET-07", {})).toMatchObject({
      outcome: "passed",
      attribute: "route.next_hop_type",
      value: "VirtualAppliance",
      message: expect.stringContaining("10.1.0.4"),
    });
    expect(check("AKS-NET-07", { defaultRouteHop: "Internet" })).toMatchObject({
      outcome: "failed",
      attribute: "route.next_hop_type",
      value: "Internet",
    });
    expect(check("AKS-NET-07", { defaultRouteHop: null })).toMatchObject({
      outcome: "failed",
      attribute: "azurerm_subnet_route_table_association",
    });
    expect(
      check("AKS-NET-07", {
        routes: () => [
          {
            name: "spoke",
            addressPrefix: "10.0.0.0/8",
            nextHopType: "VirtualAppliance",
            nextHopInIpAddress: "10.1.0.4",
          },
        ],
      }),
    ).toMatchObject({
      outcome: "failed",
      attribute: "route.address_prefix",
    });
  });

  it("passes a default route to the private IP of an azurerm_firewall in the document (ClusterEgress.azureFirewall())", () => {
    const routes = (stack: TerraformStack) => {
      const pip = new PublicIp(stack, "fw_pip", { ...rg, name: "pip-fw", allocationMethod: "Static", sku: "Standard" });
      const subnet = new Subnet(stack, "fw_subnet", {
        name: "AzureFirewallSubnet",
        resourceGroupName: "rg",
        virtualNetworkName: "vnet",
        addressPrefixes: ["10.0.6.0/26"],
      });
      const firewall = new Firewall(stack, "fw", {
        ...rg,
        name: "afw",
        skuName: "AZFW_VNet",
        skuTier: "Standard",
        ipConfiguration: [{ name: "egress", subnetId: subnet.id, publicIpAddressId: pip.id }],
      });
      return [
        {
          name: "default",
          addressPrefix: "0.0.0.0/0",
          nextHopType: "VirtualAppliance",
          nextHopInIpAddress: firewall.ipConfiguration.get(0).privateIpAddress,
        },
      ];
    };
    expect(check("AKS-NET-07", { routes })).toMatchObject({
      outcome: "passed",
      attribute: "route.next_hop_in_ip_address",
      value: "${azurerm_firewall.fw.ip_configuration[0].private_ip_address}",
      message: expect.stringContaining("azurerm_firewall.fw"),
    });
  });

  it("reports an appliance address that is an expression but no firewall of the document as unknown", () => {
    const routes = () => [
      {
        name: "default",
        addressPrefix: "0.0.0.0/0",
        nextHopType: "VirtualAppliance",
        nextHopInIpAddress: "${data.terraform_remote_state.hub.outputs.firewall_ip}",
      },
    ];
    expect(check("AKS-NET-07", { routes })).toMatchObject({
      outcome: "unknown",
      attribute: "route.next_hop_in_ip_address",
    });
  });

  it("fails an appliance route without an address", () => {
    expect(
      check("AKS-NET-07", {
        routes: () => [{ name: "default", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance" }],
      }),
    ).toMatchObject({ outcome: "failed", attribute: "route.next_hop_in_ip_address" });
  });

  it("reports a route whose prefix is an expression as unknown instead of ignoring it, unless a literal default route bypasses the firewall", () => {
    const hidden = { name: "maybe-default", addressPrefix: "${var.egress_prefix}", nextHopType: "Internet" };
    expect(check("AKS-NET-07", { routes: () => [hidden] })).toMatchObject({
      outcome: "unknown",
      attribute: "route.address_prefix",
      value: ["${var.egress_prefix}"],
    });
    expect(
      check("AKS-NET-07", {
        routes: () => [
          hidden,
          {
            name: "default",
            addressPrefix: "0.0.0.0/0",
            nextHopType: "VirtualAppliance",
            nextHopInIpAddress: "10.1.0.4",
          },
        ],
      }),
    ).toMatchObject({
      outcome: "unknown",
      attribute: "route.address_prefix",
    });
    expect(
      check("AKS-NET-07", {
        routes: () => [hidden, { name: "default", addressPrefix: "0.0.0.0/0", nextHopType: "Internet" }],
      }),
    ).toMatchObject({ outcome: "failed", attribute: "route.next_hop_type", value: "Internet" });
    expect(
      check("AKS-NET-07", {
        routes: () => [{ name: "default", addressPrefix: "0.0.0.0/0", nextHopType: "${var.hop}" }],
      }),
    ).toMatchObject({ outcome: "unknown", attribute: "route.next_hop_type" });
  });

  it("is unknown when the node subnet is not in the document", () => {
    const pool = (config: KubernetesClusterConfig): KubernetesClusterConfig => ({
      ...config,
      defaultNodePool: { ...config.defaultNodePool, vnetSubnetId: "${data.terraform_remote_state.net.outputs.nodes}" },
    });
    expect(check("AKS-NET-07", { cluster: pool })).toMatchObject({
      outcome: "unknown",
      attribute: "default_node_pool.vnet_subnet_id",
    });
  });

  it("passes a network-isolated cluster; fails a user-assigned NAT gateway (nothing inspects it), load balancer and managed NAT", () => {
    expect(check("AKS-NET-07", { cluster: network({ outboundType: "none" }) })).toMatchObject({ outcome: "passed" });
    expect(check("AKS-NET-07", { cluster: network({ outboundType: "userAssignedNATGateway" }) })).toMatchObject({
      outcome: "failed",
      attribute: "network_profile.outbound_type",
      value: "userAssignedNATGateway",
      message: expect.stringContaining("no firewall inspects"),
    });
    expect(check("AKS-NET-07", { cluster: network({ outboundType: "managedNATGateway" }) })).toMatchObject({
      outcome: "failed",
      value: "managedNATGateway",
    });
    expect(check("AKS-NET-07", { cluster: network({ outboundType: undefined }) })).toMatchObject({
      outcome: "failed",
      value: "absent (loadBalancer)",
    });
  });

  it("names both firewall egress paths and the suppression in its fix", () => {
    expect(rule("AKS-NET-07").fix).toEqual(expect.stringContaining("ClusterEgress.azureFirewall()"));
    expect(rule("AKS-NET-07").fix).toEqual(expect.stringContaining("ClusterEgress.firewall({ privateIp })"));
    expect(rule("AKS-NET-07").fix).toEqual(
      expect.stringContaining('SecurityBaseline.suppress(cluster, "AKS-NET-07", reason)'),
    );
  });
});

describe("platform", () => {
  it("AKS-CLU-05 judges extra node pools: User passes, System needs the CriticalAddonsOnly taint", () => {
    const fixture = clusterFixture();
    const system = new KubernetesClusterNodePool(fixture.stack, "system2", {
      name: "system2",
      kubernetesClusterId: fixture.cluster.id,
      vmSize: "Standard_D4ds_v5",
      mode: "System",
    });
    expect(check("AKS-CLU-05", fixture, "azurerm_kubernetes_cluster_node_pool.user")).toMatchObject({
      outcome: "passed",
      attribute: "mode",
    });
    expect(check("AKS-CLU-05", fixture, "azurerm_kubernetes_cluster_node_pool.system2")).toMatchObject({
      outcome: "failed",
      attribute: "node_taints",
    });
    system.nodeTaints = ["CriticalAddonsOnly=true:NoSchedule"];
    expect(check("AKS-CLU-05", fixture, "azurerm_kubernetes_cluster_node_pool.system2")).toMatchObject({
      outcome: "passed",
      attribute: "node_taints",
    });
    system.mode = "${var.mode}";
    expect(check("AKS-CLU-05", fixture, "azurerm_kubernetes_cluster_node_pool.system2")).toMatchObject({
      outcome: "unknown",
      attribute: "mode",
    });
  });

  it("AKS-CLU-07 needs Premium for long-term support", () => {
    expect(check("AKS-CLU-07", { cluster: set({ supportPlan: "AKSLongTermSupport" }) })).toMatchObject({
      outcome: "failed",
      attribute: "support_plan",
    });
    expect(
      check("AKS-CLU-07", { cluster: set({ skuTier: "Premium", supportPlan: "AKSLongTermSupport" }) }),
    ).toMatchObject({ outcome: "passed" });
  });

  it("AKS-CLU-04 fails an enabled image cleaner with the provider's default interval 0", () => {
    expect(check("AKS-CLU-04", { cluster: set({ imageCleanerIntervalHours: undefined }) })).toMatchObject({
      outcome: "failed",
      value: "absent (0)",
    });
  });
});

describe("data protection", () => {
  it("AKS-DAT-01 needs a versioned key", () => {
    expect(check("AKS-DAT-01", { cluster: kms({ keyVaultKeyId: "https://kv.vault.azure.net/keys/k" }) })).toMatchObject(
      { outcome: "failed", attribute: "key_management_service.key_vault_key_id" },
    );
    const fixture = clusterFixture();
    const vault = new KeyVault(fixture.stack, "kv", {
      ...rg,
      name: "kv",
      tenantId: "11111111-1111-4111-8111-111111111111",
      skuName: "premium",
      publicNetworkAccessEnabled: false,
    });
    const key = new KeyVaultKey(fixture.stack, "key", {
      name: "etcd",
      keyVaultId: vault.id,
      keyType: "RSA",
      keySize: 2048,
      keyOpts: ["encrypt", "decrypt"],
    });
    fixture.cluster.putKeyManagementService({ keyVaultKeyId: key.versionlessId, keyVaultNetworkAccess: "Private" });
    expect(check("AKS-DAT-01", fixture)).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining("versionless"),
    });
    fixture.cluster.putKeyManagementService({ keyVaultKeyId: key.id, keyVaultNetworkAccess: "Private" });
    expect(check("AKS-DAT-01", fixture)).toMatchObject({ outcome: "passed" });
    fixture.cluster.putKeyManagementService({ keyVaultKeyId: key.id });
    expect(check("AKS-DAT-01", fixture)).toMatchObject({
      outcome: "failed",
      attribute: "key_management_service.key_vault_network_access",
      value: "absent (Public)",
    });
  });

  it("AKS-DAT-01 needs API-server VNet integration for a private vault, and is unknown for a key from another stack", () => {
    expect(check("AKS-DAT-01", { cluster: set({ apiServerAccessProfile: undefined }) })).toMatchObject({
      outcome: "failed",
      attribute: "api_server_access_profile.virtual_network_integration_enabled",
    });
    expect(check("AKS-DAT-01", { cluster: kms({ keyVaultKeyId: "${var.kms_key_id}" }) })).toMatchObject({
      outcome: "unknown",
      attribute: "key_management_service.key_vault_key_id",
    });
    expect(check("AKS-DAT-01", { cluster: kms({ keyVaultNetworkAccess: "Public" }) })).toMatchObject({
      outcome: "unknown",
      attribute: "key_management_service.key_vault_network_access",
    });
  });

  it("AKS-DAT-03 passes a declared disk encryption set and is unknown for a variable", () => {
    const fixture = clusterFixture();
    const des = new DiskEncryptionSet(fixture.stack, "des", {
      ...rg,
      name: "des",
      keyVaultKeyId: "https://kv.vault.azure.net/keys/k/1",
      identity: { type: "SystemAssigned" },
    });
    fixture.cluster.diskEncryptionSetId = des.id;
    expect(check("AKS-DAT-03", fixture)).toMatchObject({ outcome: "passed" });
    expect(check("AKS-DAT-03", { cluster: set({ diskEncryptionSetId: "${var.des_id}" }) })).toMatchObject({
      outcome: "unknown",
      attribute: "disk_encryption_set_id",
    });
  });
});

describe("AKS-LOG-01 control-plane logs", () => {
  const withSetting = (enabledLog: { category?: string; categoryGroup?: string }[], target?: string) => {
    const fixture = clusterFixture({ logCategories: null });
    new MonitorDiagnosticSetting(fixture.stack, "other", {
      name: "other",
      targetResourceId: target ?? fixture.cluster.id,
      logAnalyticsWorkspaceId: "/x",
      enabledLog,
    });
    return fixture;
  };
  it("accepts kube-audit (a superset of kube-audit-admin) and the allLogs group", () => {
    expect(check("AKS-LOG-01", withSetting([{ category: "kube-audit" }, { category: "guard" }]))).toMatchObject({
      outcome: "passed",
    });
    expect(check("AKS-LOG-01", withSetting([{ categoryGroup: "allLogs" }]))).toMatchObject({ outcome: "passed" });
    expect(check("AKS-LOG-01", withSetting([{ category: "kube-audit-admin" }]))).toMatchObject({
      outcome: "failed",
      attribute: "enabled_log",
      message: expect.stringContaining("guard"),
    });
  });
  it("is unknown when a setting targets an id only apply can resolve, or its categories are expressions", () => {
    expect(check("AKS-LOG-01", withSetting([{ categoryGroup: "audit" }], "${var.cluster_id}"))).toMatchObject({
      outcome: "unknown",
      attribute: "azurerm_monitor_diagnostic_setting.target_resource_id",
    });
    expect(check("AKS-LOG-01", withSetting([{ category: "${var.category}" }]))).toMatchObject({
      outcome: "unknown",
      attribute: "enabled_log",
    });
  });
  it("ignores a setting on another resource", () => {
    const fixture = withSetting(
      [{ categoryGroup: "audit" }],
      "/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
    );
    expect(check("AKS-LOG-01", fixture)).toMatchObject({
      outcome: "failed",
      attribute: "azurerm_monitor_diagnostic_setting",
    });
  });
});

describe("policy assignment scopes", () => {
  const HTTPS = "/providers/Microsoft.Authorization/policyDefinitions/1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d";
  const deny = JSON.stringify({ effect: { value: "Deny" } });

  it("counts a literal ARM id of the cluster, and ignores another cluster's id", () => {
    const fixture = clusterFixture({ withoutPolicies: ["https"] });
    new ResourcePolicyAssignment(fixture.stack, "other", {
      name: "other",
      resourceId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/other",
      policyDefinitionId: HTTPS,
      parameters: deny,
    });
    expect(check("AKS-NET-11", fixture)).toMatchObject({ outcome: "failed", attribute: "policy_assignment" });
    new ResourcePolicyAssignment(fixture.stack, "literal", {
      name: "literal",
      resourceId: "/subscriptions/x/resourceGroups/RG/providers/Microsoft.ContainerService/managedClusters/aks",
      policyDefinitionId: HTTPS,
      parameters: deny,
    });
    expect(check("AKS-NET-11", fixture)).toMatchObject({ outcome: "passed" });
  });

  it("reports an assignment on a cross-stack cluster id as unknown, never passed", () => {
    const fixture = clusterFixture({ withoutPolicies: ["https"] });
    new ResourcePolicyAssignment(fixture.stack, "remote", {
      name: "remote",
      resourceId: "${data.terraform_remote_state.platform.outputs.cluster_id}",
      policyDefinitionId: HTTPS,
      parameters: deny,
    });
    expect(check("AKS-NET-11", fixture)).toMatchObject({
      outcome: "unknown",
      attribute: "policy_assignment.resource_id",
    });
  });

  it("counts a resource-group assignment on the cluster's group and a subscription assignment", () => {
    const byGroup = clusterFixture({ withoutPolicies: ["https"] });
    const group = new ResourceGroup(byGroup.stack, "group", { name: "rg", location: "westeurope" });
    new ResourceGroupPolicyAssignment(byGroup.stack, "group_https", {
      name: "https",
      resourceGroupId: group.id,
      policyDefinitionId: HTTPS,
      parameters: deny,
    });
    expect(check("AKS-NET-11", byGroup)).toMatchObject({ outcome: "passed" });

    const otherGroup = clusterFixture({ withoutPolicies: ["https"] });
    const other = new ResourceGroup(otherGroup.stack, "group", { name: "elsewhere", location: "westeurope" });
    new ResourceGroupPolicyAssignment(otherGroup.stack, "group_https", {
      name: "https",
      resourceGroupId: other.id,
      policyDefinitionId: HTTPS,
      parameters: deny,
    });
    expect(check("AKS-NET-11", otherGroup)).toMatchObject({ outcome: "failed" });

    const bySubscription = clusterFixture({ withoutPolicies: ["https"] });
    new SubscriptionPolicyAssignment(bySubscription.stack, "sub_https", {
      name: "https",
      subscriptionId: "/subscriptions/00000000-0000-4000-8000-000000000000",
      policyDefinitionId: HTTPS,
      parameters: deny,
    });
    expect(check("AKS-NET-11", bySubscription)).toMatchObject({ outcome: "passed" });
  });

  it("treats an enforce expression on a Deny assignment as unknown", () => {
    const fixture = clusterFixture({ withoutPolicies: ["https"] });
    new ResourcePolicyAssignment(fixture.stack, "maybe", {
      name: "maybe",
      resourceId: fixture.cluster.id,
      policyDefinitionId: HTTPS,
      parameters: deny,
      enforce: expr("${var.enforce}"),
    });
    expect(check("AKS-NET-11", fixture)).toMatchObject({ outcome: "unknown" });
  });

  it("AKS-POD-08 names the first definition that is missing", () => {
    expect(check("AKS-POD-08", { withoutPolicies: ["proc_mount"] })).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining("f85eb0dd"),
    });
  });

  it("AKS-POD-06 fails an unconfined AppArmor profile", () => {
    expect(
      check("AKS-POD-06", {
        policyParameters: {
          apparmor: { effect: { value: "Audit" }, allowedProfiles: { value: ["runtime/default", "unconfined"] } },
        },
      }),
    ).toMatchObject({ outcome: "failed", attribute: "policy_assignment.parameters.allowedProfiles" });
  });
});

describe("AKS-POD-03 restricted members assigned one by one (group rules MayRunAs)", () => {
  const members = (
    fixture: ReturnType<typeof clusterFixture>,
    skip: string[] = [],
    override: Record<string, Record<string, unknown>> = {},
  ) => {
    for (const member of RESTRICTED_POD_SECURITY_MEMBERS) {
      if (skip.includes(member.key)) continue;
      const parameters: Record<string, { value: unknown }> = {
        effect: { value: "Deny" },
        namespaces: { value: ["team-a", "team-b"] },
      };
      for (const [key, value] of Object.entries({ ...member.parameters, ...(override[member.key] ?? {}) }))
        parameters[key] = { value };
      new ResourcePolicyAssignment(fixture.stack, `member_${member.key.replace(/-/g, "_")}`, {
        name: member.key,
        resourceId: fixture.cluster.id,
        policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${member.guid}`,
        parameters: JSON.stringify(parameters),
      });
    }
    new NamespaceV1(fixture.stack, "team_b", { metadata: { name: "team-b" } });
    return fixture;
  };

  it("passes all eight members with Deny, the capability parameters and every tenant namespace", () => {
    expect(check("AKS-POD-03", members(clusterFixture({ withoutPolicies: ["pss_restricted"] })))).toMatchObject({
      outcome: "passed",
    });
  });

  it("fails a missing member, a member in Audit, and the members' capabilities left at their defaults", () => {
    expect(
      check("AKS-POD-03", members(clusterFixture({ withoutPolicies: ["pss_restricted"] }), ["volumes"])),
    ).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment",
      message: expect.stringContaining("16697877"),
    });
    expect(
      check("AKS-POD-03", members(clusterFixture({ withoutPolicies: ["pss_restricted"] }), [], { privileged: {} })),
    ).toMatchObject({ outcome: "passed" });
    const audit = clusterFixture({ withoutPolicies: ["pss_restricted"] });
    new ResourcePolicyAssignment(audit.stack, "audit_users", {
      name: "audit",
      resourceId: audit.cluster.id,
      policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/f06ddb64-5fa3-4b77-b166-acb36f7f6042",
      parameters: JSON.stringify({ effect: { value: "Audit" } }),
    });
    new NamespaceV1(audit.stack, "team_b", { metadata: { name: "team-b" } });
    expect(check("AKS-POD-03", audit)).toMatchObject({ outcome: "failed" });
    const caps = clusterFixture({ withoutPolicies: ["pss_restricted"] });
    members(caps, ["capabilities"]);
    new ResourcePolicyAssignment(caps.stack, "loose_caps", {
      name: "caps",
      resourceId: caps.cluster.id,
      policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/c26596ff-4d70-4e6a-9a30-c2506bd2f80c",
      parameters: JSON.stringify({ effect: { value: "Deny" } }),
    });
    expect(check("AKS-POD-03", caps)).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment.parameters.allowedCapabilities",
    });
  });

  it("is unknown when a member's parameters are an expression", () => {
    const fixture = clusterFixture({ withoutPolicies: ["pss_restricted"] });
    members(fixture, ["users-groups"]);
    new ResourcePolicyAssignment(fixture.stack, "dynamic_users", {
      name: "users",
      resourceId: fixture.cluster.id,
      policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/f06ddb64-5fa3-4b77-b166-acb36f7f6042",
      parameters: "${jsonencode(var.users)}",
    });
    expect(check("AKS-POD-03", fixture)).toMatchObject({ outcome: "unknown" });
  });
});

describe("AKS-POD-03 restricted initiative for tenant namespaces", () => {
  const restricted = (namespaces: unknown) => ({
    effect: { value: "Deny" },
    allowedCapabilities: { value: ["NET_BIND_SERVICE"] },
    requiredDropCapabilities: { value: ["ALL"] },
    ...(namespaces === undefined ? {} : { namespaces: { value: namespaces } }),
  });
  const withTenant = (options: ClusterFixtureOptions) => {
    const fixture = clusterFixture(options);
    new NamespaceV1(fixture.stack, "team_b", { metadata: { name: "team-b" } });
    return fixture;
  };

  it("applies once a tenant namespace exists, even without the assignment", () => {
    expect(check("AKS-POD-03", withTenant({ withoutPolicies: ["pss_restricted"] }))).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment",
    });
  });

  it("fails a namespace list that leaves a tenant namespace out; an empty or absent list means every namespace", () => {
    expect(
      check("AKS-POD-03", withTenant({ policyParameters: { pss_restricted: restricted(["team-a"]) } })),
    ).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment.parameters.namespaces",
      message: expect.stringContaining("team-b"),
    });
    expect(
      check("AKS-POD-03", withTenant({ policyParameters: { pss_restricted: restricted(["team-a", "team-b"]) } })),
    ).toMatchObject({ outcome: "passed" });
    expect(check("AKS-POD-03", withTenant({ policyParameters: { pss_restricted: restricted([]) } }))).toMatchObject({
      outcome: "passed",
    });
    expect(
      check("AKS-POD-03", withTenant({ policyParameters: { pss_restricted: restricted(undefined) } })),
    ).toMatchObject({ outcome: "passed" });
  });

  it("is unknown when a tenant namespace's name is an expression and the assignment lists namespaces", () => {
    const fixture = clusterFixture({});
    new NamespaceV1(fixture.stack, "dynamic", { metadata: { name: "${var.tenant}" } });
    expect(check("AKS-POD-03", fixture)).toMatchObject({
      outcome: "unknown",
      attribute: "policy_assignment.parameters.namespaces",
      message: expect.stringContaining("${var.tenant}"),
    });
    const everywhere = clusterFixture({ policyParameters: { pss_restricted: restricted(undefined) } });
    new NamespaceV1(everywhere.stack, "dynamic", { metadata: { name: "${var.tenant}" } });
    expect(check("AKS-POD-03", everywhere)).toMatchObject({ outcome: "passed" });
  });

  it("fails the initiative's default capabilities and a missing drop of ALL", () => {
    expect(check("AKS-POD-03", { policyParameters: { pss_restricted: { effect: { value: "Deny" } } } })).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment.parameters.allowedCapabilities",
      value: "absent (14 capabilities)",
    });
    expect(
      check("AKS-POD-03", {
        policyParameters: {
          pss_restricted: { effect: { value: "Deny" }, allowedCapabilities: { value: ["NET_BIND_SERVICE"] } },
        },
      }),
    ).toMatchObject({ outcome: "failed", attribute: "policy_assignment.parameters.requiredDropCapabilities" });
  });
});
