import { ApiServerAccess } from "../../lib/cluster/api-server-access";
import {
  API_SUBNET,
  GROUP,
  Json,
  NODE_SUBNET,
  TENANT,
  VNET,
  ZONE,
  makeCluster,
  only,
  resources,
  synth,
} from "./helpers";

describe("SecureCluster defaults", () => {
  let doc: Json;
  let aks: Json;
  beforeAll(() => {
    const { stack } = makeCluster();
    doc = synth(stack);
    aks = only(doc, "azurerm_kubernetes_cluster");
  });

  test("identity and access (AKS-IAM-01..05, 08, 09, 11)", () => {
    expect(aks.azure_active_directory_role_based_access_control).toEqual({
      tenant_id: TENANT,
      admin_group_object_ids: [GROUP],
      azure_rbac_enabled: true,
    });
    expect(aks.role_based_access_control_enabled).toBe(true);
    expect(aks.local_account_disabled).toBe(true);
    expect(aks.oidc_issuer_enabled).toBe(true);
    expect(aks.workload_identity_enabled).toBe(true);
    expect(aks.run_command_enabled).toBe(false);
    expect(aks.identity.type).toBe("UserAssigned");
    expect(aks.identity.identity_ids).toEqual([
      "${azurerm_user_assigned_identity.Cluster_ControlPlaneIdentity_A3822C9C.id}",
    ]);
    expect(aks.service_principal).toBeUndefined();
  });

  test("private API server with the System zone (AKS-NET-01)", () => {
    expect(aks.private_cluster_enabled).toBe(true);
    expect(aks.private_dns_zone_id).toBe("System");
    expect(aks.private_cluster_public_fqdn_enabled).toBe(false);
    expect(aks.api_server_access_profile).toBeUndefined();
    expect(aks.dns_prefix).toBe("aks-test");
  });

  test("network profile: azure CNI overlay, cilium, explicit egress (AKS-NET-04/05/07)", () => {
    expect(aks.network_profile).toEqual({
      network_plugin: "azure",
      network_plugin_mode: "overlay",
      network_data_plane: "cilium",
      network_policy: "cilium",
      pod_cidr: "192.168.0.0/16",
      service_cidr: "172.16.0.0/16",
      dns_service_ip: "172.16.0.10",
      outbound_type: "userDefinedRouting",
      load_balancer_sku: "standard",
    });
    expect(aks.http_application_routing_enabled).toBe(false);
  });

  test("system pool hardening (AKS-CLU-05, NET-08, DAT-02, DAT-04)", () => {
    const pool = aks.default_node_pool;
    expect(pool).toMatchObject({
      name: "system",
      only_critical_addons_enabled: true,
      host_encryption_enabled: true,
      node_public_ip_enabled: false,
      os_sku: "AzureLinux",
      zones: ["1", "2", "3"],
      auto_scaling_enabled: true,
      min_count: 3,
      max_count: 6,
      max_pods: 110,
      vm_size: "Standard_D4ds_v5",
      os_disk_type: "Ephemeral",
      os_disk_size_gb: 128,
      temporary_name_for_rotation: "systemtmp",
      upgrade_settings: { max_surge: "33%", drain_timeout_in_minutes: 30 },
      vnet_subnet_id: NODE_SUBNET,
      orchestrator_version: "1.36",
    });
    expect(pool.node_count).toBeUndefined();
  });

  test("one hardened user pool by default", () => {
    const pool = only(doc, "azurerm_kubernetes_cluster_node_pool");
    expect(pool).toMatchObject({
      name: "user",
      mode: "User",
      os_type: "Linux",
      os_sku: "AzureLinux",
      host_encryption_enabled: true,
      node_public_ip_enabled: false,
      zones: ["1", "2", "3"],
      auto_scaling_enabled: true,
      min_count: 3,
      max_count: 6,
      max_pods: 110,
      os_disk_type: "Ephemeral",
      os_disk_size_gb: 128,
      temporary_name_for_rotation: "usertmp",
      upgrade_settings: { max_surge: "33%", drain_timeout_in_minutes: 30 },
      vnet_subnet_id: NODE_SUBNET,
      orchestrator_version: "1.36",
      kubernetes_cluster_id: "${azurerm_kubernetes_cluster.Cluster_EB0386A7.id}",
    });
  });

  test("upgrades, hygiene, policy and secrets add-ons (AKS-CLU-01..04, 07, SEC-01)", () => {
    expect(aks.sku_tier).toBe("Standard");
    expect(aks.kubernetes_version).toBe("1.36");
    expect(aks.automatic_upgrade_channel).toBe("patch");
    expect(aks.node_os_upgrade_channel).toBe("NodeImage");
    expect(aks.maintenance_window_auto_upgrade).toEqual({
      frequency: "Weekly",
      interval: 1,
      duration: 4,
      day_of_week: "Sunday",
      start_time: "00:00",
      utc_offset: "+00:00",
    });
    expect(aks.maintenance_window_node_os).toEqual({
      frequency: "Weekly",
      interval: 1,
      duration: 4,
      day_of_week: "Saturday",
      start_time: "00:00",
      utc_offset: "+00:00",
    });
    expect(aks.image_cleaner_enabled).toBe(true);
    expect(aks.image_cleaner_interval_hours).toBe(168);
    expect(aks.azure_policy_enabled).toBe(true);
    expect(aks.key_vault_secrets_provider).toEqual({ secret_rotation_enabled: true, secret_rotation_interval: "2m" });
    expect(aks.key_management_service).toBeUndefined();
    expect(aks.disk_encryption_set_id).toBeUndefined();
    // A MAJOR.MINOR pin does not drift under the patch channel, so only node_count is ignored.
    expect(aks.lifecycle.ignore_changes).toEqual(["default_node_pool[0].node_count"]);
  });

  test("control-plane identity gets Network Contributor on the node subnet before the cluster", () => {
    const ra = resources(doc, "azurerm_role_assignment");
    expect(ra).toHaveLength(1);
    expect(ra[0]).toMatchObject({
      scope: NODE_SUBNET,
      role_definition_name: "Network Contributor",
      principal_type: "ServicePrincipal",
    });
    expect(ra[0].principal_id).toBe(
      "${azurerm_user_assigned_identity.Cluster_ControlPlaneIdentity_A3822C9C.principal_id}",
    );
    expect(aks.depends_on).toEqual(["azurerm_role_assignment.Cluster_NetworkContributorNodeSubnet_A08C827C"]);
  });

  test("Log Analytics, diagnostic logs (AKS-LOG-01) and MSI Container Insights with a DCR (AKS-LOG-02)", () => {
    const law = only(doc, "azurerm_log_analytics_workspace");
    expect(law).toMatchObject({
      name: "log-aks-test",
      sku: "PerGB2018",
      retention_in_days: 90,
      local_authentication_enabled: false,
    });
    expect(aks.oms_agent).toEqual({
      log_analytics_workspace_id: "${azurerm_log_analytics_workspace.Cluster_LogAnalytics_F78C5AF4.id}",
      msi_auth_for_monitoring_enabled: true,
    });
    const diag = only(doc, "azurerm_monitor_diagnostic_setting");
    expect(diag.target_resource_id).toBe("${azurerm_kubernetes_cluster.Cluster_EB0386A7.id}");
    expect(diag.log_analytics_destination_type).toBe("Dedicated");
    expect(diag.enabled_log).toEqual([
      { category: "kube-audit-admin" },
      { category: "guard" },
      { category: "kube-controller-manager" },
      { category: "cluster-autoscaler" },
    ]);
    expect(diag.log).toBeUndefined();
    const dcr = only(doc, "azurerm_monitor_data_collection_rule");
    expect(dcr.data_sources.extension[0]).toMatchObject({
      extension_name: "ContainerInsights",
      streams: ["Microsoft-ContainerInsights-Group-Default"],
    });
    expect(dcr.destinations.log_analytics[0].workspace_resource_id).toBe(
      "${azurerm_log_analytics_workspace.Cluster_LogAnalytics_F78C5AF4.id}",
    );
    expect(dcr.data_flow).toEqual([
      { streams: ["Microsoft-ContainerInsights-Group-Default"], destinations: ["ciworkspace"] },
    ]);
    const dcra = only(doc, "azurerm_monitor_data_collection_rule_association");
    expect(dcra).toMatchObject({
      name: "ContainerInsightsExtension",
      target_resource_id: "${azurerm_kubernetes_cluster.Cluster_EB0386A7.id}",
    });
  });

  test("typed outputs are tokens of the cluster", () => {
    const { cluster } = makeCluster();
    expect(cluster.clusterName).toBe("aks-test");
    expect(cluster.azureRbacEnabled).toBe(true);
    expect(cluster.tenantId).toBe(TENANT);
    for (const token of [
      cluster.clusterId,
      cluster.oidcIssuerUrl,
      cluster.kubeletIdentityObjectId,
      cluster.nodeResourceGroup,
      cluster.privateFqdn,
      cluster.logAnalyticsWorkspaceId,
    ]) {
      expect(token).toMatch(/\$\{TfToken\[TOKEN\.\d+\]\}/);
    }
  });
});

describe("SecureCluster alternatives", () => {
  test("BYO private DNS zone: Private DNS Zone Contributor + Network Contributor on the VNet, cluster depends on both", () => {
    const { stack } = makeCluster({ apiServerAccess: ApiServerAccess.privateCluster({ privateDnsZoneId: ZONE }) });
    const doc = synth(stack);
    const aks = only(doc, "azurerm_kubernetes_cluster");
    expect(aks.private_dns_zone_id).toBe(ZONE);
    const ra = resources(doc, "azurerm_role_assignment");
    expect(ra.map((r: Json) => [r.role_definition_name, r.scope]).sort()).toEqual([
      ["Network Contributor", VNET],
      ["Private DNS Zone Contributor", ZONE],
    ]);
    expect(aks.depends_on).toHaveLength(2);
  });

  test("API-server VNet integration uses the delegated subnet", () => {
    const { stack } = makeCluster({
      apiServerAccess: ApiServerAccess.vnetIntegration(),
      existingNetwork: { nodeSubnetId: NODE_SUBNET, apiServerSubnetId: API_SUBNET, outboundType: "userDefinedRouting" },
    });
    const doc = synth(stack);
    const aks = only(doc, "azurerm_kubernetes_cluster");
    expect(aks.private_cluster_enabled).toBe(true);
    expect(aks.api_server_access_profile).toEqual({ virtual_network_integration_enabled: true, subnet_id: API_SUBNET });
    expect(aks.network_profile.outbound_type).toBe("userDefinedRouting");
    expect(
      resources(doc, "azurerm_role_assignment")
        .map((r: Json) => r.scope)
        .sort(),
    ).toEqual([API_SUBNET, NODE_SUBNET]);
  });

  test("public API server with authorized ranges", () => {
    const { stack } = makeCluster({ apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges(["203.0.113.0/24"]) });
    const aks = only(synth(stack), "azurerm_kubernetes_cluster");
    expect(aks.private_cluster_enabled).toBe(false);
    expect(aks.private_dns_zone_id).toBeUndefined();
    expect(aks.api_server_access_profile).toEqual({ authorized_ip_ranges: ["203.0.113.0/24"] });
  });

  test("KMS with private vault access over VNet integration grants Key Vault Crypto User", () => {
    const kv = `/subscriptions/${"3".repeat(8)}-3333-4333-8333-333333333333/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-aks`;
    const { stack } = makeCluster({
      apiServerAccess: ApiServerAccess.vnetIntegration({ subnetId: API_SUBNET }),
      keyManagementService: {
        keyVaultKeyId: "https://kv-aks.vault.azure.net/keys/etcd/0123456789abcdef0123456789abcdef",
        keyVaultId: kv,
      },
      diskEncryptionSetId: `/subscriptions/${"3".repeat(8)}-3333-4333-8333-333333333333/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des-aks`,
    });
    const doc = synth(stack);
    const aks = only(doc, "azurerm_kubernetes_cluster");
    expect(aks.key_management_service).toEqual({
      key_vault_key_id: "https://kv-aks.vault.azure.net/keys/etcd/0123456789abcdef0123456789abcdef",
      key_vault_network_access: "Private",
    });
    expect(aks.disk_encryption_set_id).toContain("diskEncryptionSets/des-aks");
    expect(
      resources(doc, "azurerm_role_assignment")
        .map((r: Json) => r.role_definition_name)
        .sort(),
    ).toEqual(["Key Vault Crypto User", "Network Contributor", "Network Contributor", "Reader"]);
  });

  test("a patch-pinned version is ignored after creation so auto-upgrade does not drift", () => {
    const { stack } = makeCluster({ kubernetesVersion: "1.36.2" });
    const doc = synth(stack);
    expect(only(doc, "azurerm_kubernetes_cluster").lifecycle.ignore_changes).toEqual([
      "default_node_pool[0].node_count",
      "kubernetes_version",
      "default_node_pool[0].orchestrator_version",
    ]);
    expect(only(doc, "azurerm_kubernetes_cluster_node_pool").lifecycle.ignore_changes).toEqual([
      "node_count",
      "orchestrator_version",
    ]);
  });

  test("BYO workspace: no workspace created, logs go to the given id", () => {
    const id =
      "/subscriptions/33333333-3333-4333-8333-333333333333/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law";
    const { stack } = makeCluster({ logAnalyticsWorkspaceId: id });
    const doc = synth(stack);
    expect(resources(doc, "azurerm_log_analytics_workspace")).toHaveLength(0);
    expect(only(doc, "azurerm_kubernetes_cluster").oms_agent.log_analytics_workspace_id).toBe(id);
    expect(only(doc, "azurerm_monitor_diagnostic_setting").log_analytics_workspace_id).toBe(id);
  });

  test("weaker choices are expressible by props (and left to the baseline to report)", () => {
    const { stack } = makeCluster({
      skuTier: "Free",
      entraId: { tenantId: TENANT, adminGroupObjectIds: [GROUP], azureRbacEnabled: false },
    });
    const aks = only(synth(stack), "azurerm_kubernetes_cluster");
    expect(aks.sku_tier).toBe("Free");
    expect(aks.azure_active_directory_role_based_access_control.azure_rbac_enabled).toBe(false);
    expect(aks.local_account_disabled).toBe(true);
  });
});
