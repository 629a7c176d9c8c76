import { Token } from "cdktf";
import { KubernetesClusterConfig } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { CLUSTER_RULES } from "../../../../lib/baseline/rules/cluster/index";
import { Rule } from "../../../../lib/baseline/rule";
import { ClusterFixtureOptions, clusterFixture, evaluate } from "./fixtures";

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
const pool =
  (patch: Record<string, unknown>) =>
  (config: KubernetesClusterConfig): KubernetesClusterConfig => ({
    ...config,
    defaultNodePool: { ...config.defaultNodePool, ...patch },
  });
const network =
  (patch: Record<string, unknown>) =>
  (config: KubernetesClusterConfig): KubernetesClusterConfig => ({
    ...config,
    networkProfile: { ...config.networkProfile!, ...patch },
  });
const aad =
  (patch: Record<string, unknown>) =>
  (config: KubernetesClusterConfig): KubernetesClusterConfig => ({
    ...config,
    azureActiveDirectoryRoleBasedAccessControl: { ...config.azureActiveDirectoryRoleBasedAccessControl!, ...patch },
  });

/** Rules about the egress firewall, judged in egress-firewall-rules.test.ts on a fixture that has one (this one routes to a bare IP). */
const FIREWALL_RULES = ["AKS-NET-14", "AKS-NET-15", "AKS-NET-16"];

it("every cluster rule passes the compliant fixture (AKS-NET-02 only applies to public API servers)", () => {
  const fixture = clusterFixture();
  for (const candidate of CLUSTER_RULES.filter((r) => r.id !== "AKS-NET-02" && !FIREWALL_RULES.includes(r.id))) {
    const addresses = candidate.resourceTypes.includes("azurerm_kubernetes_cluster_node_pool")
      ? ["azurerm_kubernetes_cluster.aks", "azurerm_kubernetes_cluster_node_pool.user"]
      : ["azurerm_kubernetes_cluster.aks"];
    for (const address of addresses) {
      expect([candidate.id, evaluate(candidate, fixture, address)?.outcome]).toEqual([candidate.id, "passed"]);
    }
  }
});

/** [rule id, fixture options that weaken the control, attribute the finding names] */
const FAILURES: [string, ClusterFixtureOptions, string][] = [
  [
    "AKS-IAM-01",
    { cluster: set({ azureActiveDirectoryRoleBasedAccessControl: undefined }) },
    "azure_active_directory_role_based_access_control",
  ],
  [
    "AKS-IAM-02",
    { cluster: aad({ adminGroupObjectIds: [] }) },
    "azure_active_directory_role_based_access_control.admin_group_object_ids",
  ],
  ["AKS-IAM-03", { cluster: set({ roleBasedAccessControlEnabled: false }) }, "role_based_access_control_enabled"],
  [
    "AKS-IAM-04",
    { cluster: aad({ azureRbacEnabled: false }) },
    "azure_active_directory_role_based_access_control.azure_rbac_enabled",
  ],
  ["AKS-IAM-05", { cluster: set({ localAccountDisabled: undefined }) }, "local_account_disabled"],
  ["AKS-IAM-08", { cluster: set({ identity: { type: "SystemAssigned" } }) }, "identity.type"],
  ["AKS-IAM-09", { cluster: set({ workloadIdentityEnabled: false }) }, "workload_identity_enabled"],
  ["AKS-IAM-11", { cluster: set({ runCommandEnabled: undefined }) }, "run_command_enabled"],
  ["AKS-IAM-13", { withoutPolicies: ["cis"] }, "policy_assignment"],
  ["AKS-NET-01", { cluster: set({ privateClusterEnabled: false }) }, "private_cluster_enabled"],
  [
    "AKS-NET-02",
    { cluster: set({ privateClusterEnabled: false, apiServerAccessProfile: { authorizedIpRanges: ["0.0.0.0/0"] } }) },
    "api_server_access_profile.authorized_ip_ranges",
  ],
  [
    "AKS-NET-03",
    { cluster: set({ apiServerAccessProfile: undefined }) },
    "api_server_access_profile.virtual_network_integration_enabled",
  ],
  ["AKS-NET-04", { cluster: set({ networkProfile: undefined }) }, "network_profile.network_plugin"],
  [
    "AKS-NET-05",
    { cluster: network({ networkPolicy: "azure", networkDataPlane: "azure" }) },
    "network_profile.network_policy",
  ],
  ["AKS-NET-07", { cluster: network({ outboundType: "loadBalancer" }) }, "network_profile.outbound_type"],
  ["AKS-NET-07", { cluster: network({ outboundType: "userAssignedNATGateway" }) }, "network_profile.outbound_type"],
  ["AKS-NET-08", { cluster: pool({ nodePublicIpEnabled: true }) }, "default_node_pool.node_public_ip_enabled"],
  ["AKS-NET-09", { withoutNsg: true }, "azurerm_subnet_network_security_group_association"],
  [
    "AKS-NET-10",
    { policyParameters: { internal_lb: { effect: { value: "Audit" } } } },
    "policy_assignment.parameters.effect",
  ],
  ["AKS-NET-11", { withoutPolicies: ["https"] }, "policy_assignment"],
  ["AKS-NET-12", { cluster: set({ httpApplicationRoutingEnabled: true }) }, "http_application_routing_enabled"],
  ["AKS-CLU-01", { cluster: set({ azurePolicyEnabled: false }) }, "azure_policy_enabled"],
  ["AKS-CLU-02", { cluster: set({ automaticUpgradeChannel: undefined }) }, "automatic_upgrade_channel"],
  ["AKS-CLU-03", { cluster: set({ nodeOsUpgradeChannel: "None" }) }, "node_os_upgrade_channel"],
  ["AKS-CLU-04", { cluster: set({ imageCleanerIntervalHours: undefined }) }, "image_cleaner_interval_hours"],
  [
    "AKS-CLU-05",
    { cluster: pool({ onlyCriticalAddonsEnabled: false }) },
    "default_node_pool.only_critical_addons_enabled",
  ],
  ["AKS-CLU-07", { cluster: set({ skuTier: undefined }) }, "sku_tier"],
  ["AKS-CLU-08", { withoutPolicies: ["safeguards"] }, "policy_assignment"],
  ["AKS-DAT-01", { cluster: set({ keyManagementService: undefined }) }, "key_management_service"],
  ["AKS-DAT-02", { cluster: pool({ hostEncryptionEnabled: undefined }) }, "default_node_pool.host_encryption_enabled"],
  ["AKS-DAT-03", { cluster: set({ diskEncryptionSetId: undefined }) }, "disk_encryption_set_id"],
  ["AKS-DAT-04", { cluster: pool({ osDiskType: "Managed" }) }, "default_node_pool.os_disk_type"],
  ["AKS-LOG-01", { logCategories: ["kube-apiserver"] }, "enabled_log"],
  [
    "AKS-LOG-02",
    { cluster: set({ omsAgent: { logAnalyticsWorkspaceId: "/subscriptions/x/law" } }) },
    "oms_agent.msi_auth_for_monitoring_enabled",
  ],
  ["AKS-POD-02", { policyParameters: { pss_baseline: {} } }, "policy_assignment.parameters.effect"],
  [
    "AKS-POD-03",
    { policyParameters: { pss_restricted: { effect: { value: "Deny" }, namespaces: { value: ["team-a"] } } } },
    "policy_assignment.parameters.allowedCapabilities",
  ],
  ["AKS-POD-04", { withoutPolicies: ["read_only"] }, "policy_assignment"],
  ["AKS-POD-05", { policyParameters: { sys_admin: {} } }, "policy_assignment.parameters.effect"],
  ["AKS-POD-06", { withoutPolicies: ["apparmor"] }, "policy_assignment"],
  ["AKS-POD-07", { withoutPolicies: ["seccomp", "pss_restricted"] }, "policy_assignment"],
  ["AKS-POD-08", { withoutPolicies: ["selinux"] }, "policy_assignment"],
  ["AKS-POD-09", { withoutPolicies: ["limits"] }, "policy_assignment"],
  ["AKS-POD-10", { policyParameters: { default_ns: {} } }, "policy_assignment.parameters.effect"],
  [
    "AKS-SEC-01",
    { cluster: set({ keyVaultSecretsProvider: { secretRotationEnabled: false } }) },
    "key_vault_secrets_provider.secret_rotation_enabled",
  ],
  [
    "AKS-TEN-07",
    {
      policyParameters: {
        external_ips: { effect: { value: "Deny" }, allowedExternalIPs: { value: ["203.0.113.10"] } },
      },
    },
    "policy_assignment.parameters.allowedExternalIPs",
  ],
  ["AKS-DEF-02", { cluster: set({ microsoftDefender: undefined }) }, "microsoft_defender"],
];

it("covers every cluster rule with a failing fixture", () => {
  expect([...new Set(FAILURES.map(([id]) => id))].sort()).toEqual(
    CLUSTER_RULES.map((candidate) => candidate.id)
      .filter((id) => !FIREWALL_RULES.includes(id))
      .sort(),
  );
});

it.each(FAILURES)("%s fails when weakened", (id, options, attribute) => {
  expect(evaluate(rule(id), clusterFixture(options))).toMatchObject({ outcome: "failed", attribute });
});

/** [rule id, options making the value a Terraform expression, attribute] */
const UNKNOWNS: [string, ClusterFixtureOptions, string][] = [
  [
    "AKS-IAM-02",
    { cluster: aad({ adminGroupObjectIds: expr("${var.admins}") }) },
    "azure_active_directory_role_based_access_control.admin_group_object_ids",
  ],
  ["AKS-IAM-05", { cluster: set({ localAccountDisabled: expr("${var.local}") }) }, "local_account_disabled"],
  ["AKS-IAM-11", { cluster: set({ runCommandEnabled: expr("${var.run}") }) }, "run_command_enabled"],
  ["AKS-NET-01", { cluster: set({ privateClusterEnabled: expr("${var.private}") }) }, "private_cluster_enabled"],
  ["AKS-NET-07", { cluster: network({ outboundType: "${var.outbound}" }) }, "network_profile.outbound_type"],
  [
    "AKS-NET-07",
    { routes: () => [{ name: "default", addressPrefix: "${var.prefix}", nextHopType: "Internet" }] },
    "route.address_prefix",
  ],
  ["AKS-CLU-07", { cluster: set({ skuTier: "${var.tier}" }) }, "sku_tier"],
  ["AKS-POD-02", { policyParameters: { pss_baseline: "${jsonencode(var.params)}" } }, "policy_assignment.parameters"],
  [
    "AKS-NET-09",
    { cluster: pool({ vnetSubnetId: "${data.terraform_remote_state.net.outputs.subnet}" }) },
    "default_node_pool.vnet_subnet_id",
  ],
  [
    "AKS-IAM-03",
    { cluster: set({ roleBasedAccessControlEnabled: expr("${var.rbac}") }) },
    "role_based_access_control_enabled",
  ],
  [
    "AKS-IAM-04",
    { cluster: aad({ azureRbacEnabled: expr("${var.azure_rbac}") }) },
    "azure_active_directory_role_based_access_control.azure_rbac_enabled",
  ],
  ["AKS-IAM-08", { cluster: set({ identity: { type: "${var.identity_type}" } }) }, "identity.type"],
  ["AKS-IAM-09", { cluster: set({ oidcIssuerEnabled: expr("${var.oidc}") }) }, "oidc_issuer_enabled"],
  [
    "AKS-NET-02",
    {
      cluster: set({
        privateClusterEnabled: false,
        apiServerAccessProfile: { authorizedIpRanges: expr("${var.ranges}") },
      }),
    },
    "api_server_access_profile.authorized_ip_ranges",
  ],
  [
    "AKS-NET-03",
    { cluster: set({ apiServerAccessProfile: { virtualNetworkIntegrationEnabled: expr("${var.vnet_integration}") } }) },
    "api_server_access_profile.virtual_network_integration_enabled",
  ],
  ["AKS-NET-04", { cluster: network({ networkPluginMode: "${var.mode}" }) }, "network_profile.network_plugin_mode"],
  ["AKS-NET-05", { cluster: network({ networkPolicy: "${var.policy}" }) }, "network_profile.network_policy"],
  [
    "AKS-NET-08",
    { cluster: pool({ nodePublicIpEnabled: expr("${var.public_ip}") }) },
    "default_node_pool.node_public_ip_enabled",
  ],
  [
    "AKS-NET-12",
    { cluster: set({ httpApplicationRoutingEnabled: expr("${var.routing}") }) },
    "http_application_routing_enabled",
  ],
  ["AKS-CLU-01", { cluster: set({ azurePolicyEnabled: expr("${var.policy_addon}") }) }, "azure_policy_enabled"],
  ["AKS-CLU-02", { cluster: set({ automaticUpgradeChannel: "${var.channel}" }) }, "automatic_upgrade_channel"],
  ["AKS-CLU-03", { cluster: set({ nodeOsUpgradeChannel: "${var.os_channel}" }) }, "node_os_upgrade_channel"],
  ["AKS-CLU-04", { cluster: set({ imageCleanerIntervalHours: expr("${var.hours}") }) }, "image_cleaner_interval_hours"],
  [
    "AKS-CLU-05",
    { cluster: pool({ onlyCriticalAddonsEnabled: expr("${var.critical}") }) },
    "default_node_pool.only_critical_addons_enabled",
  ],
  [
    "AKS-DAT-01",
    {
      cluster: set({
        keyManagementService: {
          keyVaultKeyId: "https://kv.vault.azure.net/keys/k/0123",
          keyVaultNetworkAccess: "${var.access}",
        },
      }),
    },
    "key_management_service.key_vault_network_access",
  ],
  [
    "AKS-DAT-02",
    { cluster: pool({ hostEncryptionEnabled: expr("${var.host_encryption}") }) },
    "default_node_pool.host_encryption_enabled",
  ],
  ["AKS-DAT-04", { cluster: pool({ osDiskType: "${var.disk}" }) }, "default_node_pool.os_disk_type"],
  [
    "AKS-LOG-02",
    { cluster: set({ omsAgent: { logAnalyticsWorkspaceId: "/x", msiAuthForMonitoringEnabled: expr("${var.msi}") } }) },
    "oms_agent.msi_auth_for_monitoring_enabled",
  ],
  [
    "AKS-SEC-01",
    { cluster: set({ keyVaultSecretsProvider: { secretRotationEnabled: expr("${var.rotation}") } }) },
    "key_vault_secrets_provider.secret_rotation_enabled",
  ],
  ["AKS-NET-10", { policyParameters: { internal_lb: "${jsonencode(var.params)}" } }, "policy_assignment.parameters"],
  ["AKS-POD-08", { policyParameters: { selinux: "${jsonencode(var.params)}" } }, "policy_assignment.parameters"],
];

it.each(UNKNOWNS)("%s reports an expression as unknown, never passed", (id, options, attribute) => {
  expect(evaluate(rule(id), clusterFixture(options))).toMatchObject({ outcome: "unknown", attribute });
});

describe("semantics worth pinning", () => {
  it("AKS-NET-02 does not apply to a private cluster and passes explicit ranges", () => {
    expect(evaluate(rule("AKS-NET-02"), clusterFixture())).toBeUndefined();
    expect(
      evaluate(
        rule("AKS-NET-02"),
        clusterFixture({
          cluster: set({
            privateClusterEnabled: false,
            apiServerAccessProfile: { authorizedIpRanges: ["203.0.113.0/24"] },
          }),
        }),
      ),
    ).toMatchObject({ outcome: "passed" });
    expect(
      evaluate(
        rule("AKS-NET-02"),
        clusterFixture({ cluster: set({ privateClusterEnabled: false, apiServerAccessProfile: undefined }) }),
      ),
    ).toMatchObject({ outcome: "failed" });
  });

  it("AKS-NET-05 accepts calico and requires the cilium data plane for cilium", () => {
    expect(
      evaluate(
        rule("AKS-NET-05"),
        clusterFixture({ cluster: network({ networkPolicy: "calico", networkDataPlane: undefined }) }),
      ),
    ).toMatchObject({ outcome: "passed" });
    expect(
      evaluate(rule("AKS-NET-05"), clusterFixture({ cluster: network({ networkDataPlane: "azure" }) })),
    ).toMatchObject({ outcome: "failed", attribute: "network_profile.network_data_plane" });
  });

  it("AKS-NET-08 and AKS-DAT-02 judge separate node pools too", () => {
    const fixture = clusterFixture();
    fixture.pool.nodePublicIpEnabled = true;
    fixture.pool.hostEncryptionEnabled = false;
    expect(evaluate(rule("AKS-NET-08"), fixture, "azurerm_kubernetes_cluster_node_pool.user")).toMatchObject({
      outcome: "failed",
      attribute: "node_public_ip_enabled",
    });
    expect(evaluate(rule("AKS-DAT-02"), fixture, "azurerm_kubernetes_cluster_node_pool.user")).toMatchObject({
      outcome: "failed",
      attribute: "host_encryption_enabled",
    });
  });

  it("AKS-LOG-01 accepts the audit category group", () => {
    const fixture = clusterFixture({ logCategories: null });
    new MonitorDiagnosticSetting(fixture.stack, "grouped", {
      name: "grouped",
      targetResourceId: fixture.cluster.id,
      logAnalyticsWorkspaceId: "/x",
      enabledLog: [{ categoryGroup: "audit" }],
    });
    expect(evaluate(rule("AKS-LOG-01"), fixture)).toMatchObject({ outcome: "passed" });
    expect(evaluate(rule("AKS-LOG-01"), clusterFixture({ logCategories: null }))).toMatchObject({
      outcome: "failed",
      attribute: "azurerm_monitor_diagnostic_setting",
    });
  });

  it("policy rules treat a DoNotEnforce Deny assignment as audit", () => {
    const fixture = clusterFixture({ withoutPolicies: ["https"] });
    new ResourcePolicyAssignment(fixture.stack, "https_off", {
      name: "https",
      resourceId: fixture.cluster.id,
      policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d",
      enforce: false,
    });
    expect(evaluate(rule("AKS-NET-11"), fixture)).toMatchObject({ outcome: "failed", value: "audit" });
  });

  it("AKS-POD-03 does not apply without tenant namespaces or an assignment", () => {
    expect(evaluate(rule("AKS-POD-03"), clusterFixture({ withoutPolicies: ["pss_restricted"] }))).toBeUndefined();
  });
});
