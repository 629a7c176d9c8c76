import { catalogSection } from "./control";

/** The controls of CONTROLS.md's section "Network", and the library's additions to it. */
export const NETWORK = catalogSection("Network", [
  {
    id: "AKS-NET-01",
    title: "Private API server",
    owner: "SecureCluster",
    synth: "yes",
    sources:
      'AP 040732e8 (Audit/Deny); MCSB NS-2 "Azure Private Link" and "Disable Public Network Access"; CIS 5.4.2; CKV_AZURE_115; AVD-AZU-0065; KICS 599318f2',
    terraform: "`private_cluster_enabled`, `private_dns_zone_id`, `private_cluster_public_fqdn_enabled`",
    secureValue: 'true; "System" or a BYO `privatelink.<region>.azmk8s.io` zone ID; false',
    tradeOff:
      "ForceNew. Needs DNS forwarding, jumpbox/VPN and in-VNet CI; IsolatedNamespace applies must run inside the network.",
    severity: "error",
    references: {
      azurePolicy: ["040732e8-d947-40b8-95d6-854c95024bf8"],
      mcsb: ["NS-2"],
      cis: ["5.4.2"],
      checkov: ["CKV_AZURE_115"],
      trivy: ["AVD-AZU-0065"],
      kics: ["599318f2-6653-4569-9e21-041d06c63a89"],
    },
  },
  {
    id: "AKS-NET-02",
    title: "Public API server → authorized IP ranges",
    owner: "SecureCluster",
    synth: "yes",
    sources: "AP 0e246bcf (NS-2; compliant if private); CIS 5.4.1; CKV_AZURE_6; AVD-AZU-0041",
    terraform: "`api_server_access_profile{authorized_ip_ranges}`",
    secureValue: "explicit CIDRs, never 0.0.0.0/0",
    tradeOff:
      "Not usable with a private cluster; ≤200 ranges; Standard LB only (`api-server-authorized-ip-ranges.md`). CKV_AZURE_115 still fails → documented skip.",
    severity: "error",
    references: {
      azurePolicy: ["0e246bcf-5f6f-4f87-bc6f-775d4712c7ea"],
      mcsb: ["NS-2"],
      cis: ["5.4.1"],
      checkov: ["CKV_AZURE_6"],
      trivy: ["AVD-AZU-0041"],
    },
  },
  {
    id: "AKS-NET-03",
    title: "API Server VNet Integration (optional; required for KMS with a private vault)",
    owner: "SecureCluster",
    synth: "yes",
    sources: "`use-kms-etcd-encryption.md`",
    terraform: "`api_server_access_profile{virtual_network_integration_enabled, subnet_id}`",
    secureValue: "true + delegated subnet",
    tradeOff: "Removing `subnet_id` forces a new cluster.",
    severity: "warning",
    references: { other: ["use-kms-etcd-encryption.md"] },
  },
  {
    id: "AKS-NET-04",
    title: "Azure CNI Overlay, not kubenet",
    owner: "SecureCluster",
    synth: "yes",
    sources: "AP 46238e2f; CKV2_AZURE_29",
    terraform: '`network_profile{network_plugin="azure", network_plugin_mode="overlay"}`',
    secureValue: "azure/overlay",
    tradeOff:
      "Leaving out `network_profile` gives kubenet, which AKS drops on 2028-03-31. `network_plugin` is ForceNew.",
    severity: "error",
    references: { azurePolicy: ["46238e2f-3f6f-4589-9f3f-77bed4116e67"], checkov: ["CKV2_AZURE_29"] },
  },
  {
    id: "AKS-NET-05",
    title: "Network policy engine",
    owner: "SecureCluster",
    synth: "yes",
    sources: "CIS 5.4.4; CKV_AZURE_7; AVD-AZU-0043; KICS f5342045",
    terraform: '`network_profile{network_policy="cilium", network_data_plane="cilium"}` (or "calico")',
    secureValue: "cilium",
    tradeOff:
      "Azure NPM unsupported on Linux from 2028-09-30; KICS f5342045 flags cilium (false positive); changing the engine forces a new cluster.",
    severity: "error",
    references: {
      cis: ["5.4.4"],
      checkov: ["CKV_AZURE_7"],
      trivy: ["AVD-AZU-0043"],
      kics: ["f5342045-b935-402d-adf1-8dbbd09c0eef"],
    },
  },
  {
    id: "AKS-NET-06",
    title: "Default-deny NetworkPolicy per tenant namespace, plus allow rules for DNS and intra-namespace traffic",
    owner: "IsolatedNamespace",
    synth: "yes",
    sources: "CIS 4.4.2; `network-policy-best-practices.md`; KSV-0038",
    terraform:
      '`kubernetes_network_policy_v1{spec{pod_selector{}, policy_types=["Ingress","Egress"]}}` + allow policies',
    secureValue: "deny-all baseline",
    tradeOff: "Needs NET-05.",
    severity: "error",
    references: { cis: ["4.4.2"], other: ["network-policy-best-practices.md", "KSV-0038"] },
  },
  {
    id: "AKS-NET-07",
    title: "Egress through a firewall/NVA",
    owner: "SecureCluster (input) + other (hub)",
    synth: "partly",
    sources: "`limit-egress-traffic.md` (FQDN tag `AzureKubernetesService`); seed",
    terraform:
      '`network_profile.outbound_type="userDefinedRouting"`; `azurerm_route_table`, `azurerm_subnet_route_table_association`, `azurerm_firewall`',
    secureValue: "0.0.0.0/0 → firewall",
    tradeOff:
      'Firewall cost; the UDR must exist before the cluster. **Update 2026-12:** the firewall must allow what the enabled add-ons need (incl. `global.handler.control.monitor.azure.com`, `*.cloud.defender.microsoft.com`), log to the workspace, and run IDPS (Premium) by default; see the issue "Deploys today".',
    severity: "error",
    references: { other: ["limit-egress-traffic.md", "seed"] },
  },
  {
    id: "AKS-NET-08",
    title: "No public IPs on nodes",
    owner: "SecureCluster",
    synth: "yes",
    sources: "CIS 5.4.3; CKV_AZURE_143",
    terraform:
      "`default_node_pool.node_public_ip_enabled`; `azurerm_kubernetes_cluster_node_pool.node_public_ip_enabled`",
    secureValue: "false",
    tradeOff: "Change cycles the pool.",
    severity: "error",
    references: { cis: ["5.4.3"], checkov: ["CKV_AZURE_143"] },
  },
  {
    id: "AKS-NET-09",
    title: "NSG/ASG on the node subnet; host-port allow-list",
    owner: "other (network) / SecureCluster",
    synth: "partly",
    sources: 'MCSB NS-1 "Network Security Group Support" (AKS-managed by default)',
    terraform:
      "`azurerm_subnet_network_security_group_association`; `default_node_pool.node_network_profile{application_security_group_ids, allowed_host_ports}`",
    secureValue: "NSG on subnet",
    tradeOff: "Keep AKS-required outbound open.",
    severity: "warning",
    references: { mcsb: ["NS-1"] },
  },
  {
    id: "AKS-NET-10",
    title: "Internal LBs only; restricted Service exposure",
    owner: "SecureCluster (assignment) + IsolatedNamespace (quota)",
    synth: "partly",
    sources: "AP 3fc4dc25 (Deny), d46c275d, 233a2a17 (PV-2)",
    terraform:
      '`azurerm_resource_policy_assignment`; `kubernetes_resource_quota_v1.spec.hard{"services.loadbalancers"="0","services.nodeports"="0"}`',
    secureValue: "Deny public LBs",
    tradeOff: "Public ingress goes only through the platform ingress.",
    severity: "error",
    references: {
      azurePolicy: [
        "3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e",
        "d46c275d-1680-448d-b2ec-e495a3b6cc89",
        "233a2a17-77ca-4fb1-9b6b-69223d272a44",
      ],
      mcsb: ["PV-2"],
    },
  },
  {
    id: "AKS-NET-11",
    title: "HTTPS-only Ingress",
    owner: "SecureCluster",
    synth: "partly",
    sources: "AP 1a5b4dca (Deny; DP-3); MCSB DP-3; CIS 5.4.5",
    terraform: "policy assignment",
    secureValue: "Deny",
    tradeOff: "Every Ingress needs a `tls` block.",
    severity: "error",
    references: { azurePolicy: ["1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d"], mcsb: ["DP-3"], cis: ["5.4.5"] },
  },
  {
    id: "AKS-NET-12",
    title: "Legacy HTTP application routing add-on off",
    owner: "SecureCluster",
    synth: "yes",
    sources: "CKV_AZURE_246",
    terraform: "`http_application_routing_enabled`",
    secureValue: "false",
    tradeOff: "Use `web_app_routing` instead.",
    severity: "error",
    references: { checkov: ["CKV_AZURE_246"] },
  },
  {
    id: "AKS-NET-14",
    title: "Egress firewall denies threat-intelligence and IDPS matches (Premium)",
    owner: "ClusterNetwork (ClusterEgress.azureFirewall) + other (hub)",
    synth: "yes",
    sources:
      "CKV_AZURE_220 (IDPS), CKV_AZURE_216 (threat intelligence); `azure-firewall/premium-features.md`; aks-baseline hub policy (Premium, IDPS Deny)",
    terraform:
      "`azurerm_firewall.sku_tier`; `azurerm_firewall_policy{sku, threat_intelligence_mode, intrusion_detection{mode}}`",
    secureValue: "Premium; Deny; Deny",
    tradeOff:
      "Premium costs about 40% more per hour than Standard; a Standard firewall is a cost choice a suppression with a reason accepts. IDPS without TLS inspection sees headers, SNI and non-TLS traffic only.",
    addedIn: "0.2.0",
    severity: "error",
    references: {
      checkov: ["CKV_AZURE_220", "CKV_AZURE_216"],
      other: ["azure-firewall/premium-features.md", "aks-baseline"],
    },
  },
  {
    id: "AKS-NET-15",
    title: "Egress firewall and its public IPs log to Log Analytics",
    owner: "ClusterNetwork (ClusterEgress.azureFirewall) + SecureCluster (workspace)",
    synth: "yes",
    sources:
      "`azure-firewall/firewall-structured-logs.md`; `microsoft-network-azurefirewalls-logs.md`; aks-baseline (every firewall log category to the workspace)",
    terraform:
      "`azurerm_monitor_diagnostic_setting{target_resource_id, log_analytics_workspace_id, log_analytics_destination_type, enabled_log}` on `azurerm_firewall` and each `azurerm_public_ip` of it",
    secureValue:
      "Dedicated (AZFW* tables) with AZFWApplicationRule, AZFWNetworkRule, AZFWThreatIntel, AZFWIdpsSignature (or allLogs); allLogs on each public IP",
    tradeOff:
      "Log Analytics ingestion is billed per GB; rule logs of a busy firewall are the bulk. VNet flow logs (Microsoft's successor of NSG flow logs: no new NSG flow logs since 2025-06-30, retired 2027-09-30) need a storage account and Network Watcher and are not judged here.",
    addedIn: "0.2.0",
    severity: "error",
    references: {
      other: ["azure-firewall/firewall-structured-logs.md", "microsoft-network-azurefirewalls-logs.md", "aks-baseline"],
    },
  },
  {
    id: "AKS-NET-16",
    title: "Egress firewall allows what the enabled add-ons need",
    owner: "SecureCluster + DefenderPlan (register needs) + ClusterNetwork (rules)",
    synth: "yes",
    sources:
      "`outbound-rules-control-egress.md`; `kubernetes-monitoring-firewall.md`; `defender-for-containers-network-access.md`",
    terraform:
      "`azurerm_firewall_policy_rule_collection_group{application_rule_collection, network_rule_collection}` of the firewall the node subnet routes to, against `oms_agent`, `azure_policy_enabled`, `microsoft_defender`, `storage_profile`",
    secureValue:
      "each enabled add-on's FQDNs (e.g. `global.handler.control.monitor.azure.com`, `*.cloud.defender.microsoft.com`) allowed; nothing for add-ons that are off",
    tradeOff:
      "Wildcards such as `*.ods.opinsights.azure.com` or `*.blob.core.windows.net` reach any tenant's endpoint of that service; private endpoints (Azure Monitor Private Link Scope, storage) narrow them.",
    addedIn: "0.2.0",
    severity: "error",
    references: {
      other: [
        "outbound-rules-control-egress.md",
        "kubernetes-monitoring-firewall.md",
        "defender-for-containers-network-access.md",
      ],
    },
  },
  {
    id: "AKS-NET-17",
    title: "Registry/vault private DNS zone linked to every consuming cluster's VNet",
    owner: "AcrIntegration / KeyVaultCsi",
    synth: "yes",
    sources: "`private-endpoint-dns-integration.md`, `private-endpoint-dns.md`; issue 10 item 7",
    terraform:
      "`azurerm_private_dns_zone_virtual_network_link{private_dns_zone_name=<privatelink.azurecr.io | privatelink.vaultcore.azure.net>, virtual_network_id=<each consuming cluster's VNet>}`",
    secureValue: "a link per consuming cluster VNet",
    tradeOff: "One link per VNet; a hub-owned zone (privateDnsZoneId) is linked by its owner and reported unknown.",
    addedIn: "0.2.0",
    severity: "error",
    references: { other: ["private-endpoint-dns-integration.md", "private-endpoint-dns.md"] },
  },
]);
