import { catalogSection } from "./control";

/** The controls of CONTROLS.md's section "Threat protection and logging", and the library's additions to it. */
export const THREAT_PROTECTION_AND_LOGGING = catalogSection("Threat protection and logging", [
  {
    id: "AKS-DEF-01",
    title: "Defender for Containers plan",
    owner: "DefenderPlan",
    synth: "yes",
    sources:
      "AP 1c988dd6 (LT-1/LT-2/IR-3/IR-5), c9ddb292/efd4031d (DINE); MCSB LT-1 (off by default), DP-2; AVD-AZU-0045; KICS 819d50fd; CKV_AZURE_85",
    terraform:
      '`azurerm_security_center_subscription_pricing{resource_type="Containers", tier="Standard", extension{name}}`',
    secureValue:
      "Standard; extensions ContainerRegistriesVulnerabilityAssessments, AgentlessDiscoveryForKubernetes, ContainerSensor (efd4031d adds AgentlessVmScanning, ContainerIntegrityContribution)",
    tradeOff: "**Paid** per vCore, subscription-wide; destroy resets to Free; one instance per subscription+type.",
    severity: "error",
    references: {
      azurePolicy: [
        "1c988dd6-ade4-430f-a608-2a3e5b0a6d38",
        "c9ddb292-b203-4738-aead-18e2716e858f",
        "efd4031d-b232-4595-babf-ae817348e91b",
      ],
      mcsb: ["LT-1", "LT-2", "IR-3", "IR-5", "DP-2"],
      trivy: ["AVD-AZU-0045"],
      kics: ["819d50fd-1cdf-45c3-9936-be408aaad93e"],
      checkov: ["CKV_AZURE_85"],
    },
  },
  {
    id: "AKS-DEF-02",
    title: "Defender sensor on the cluster",
    owner: "DefenderPlan (→ SecureCluster)",
    synth: "yes",
    sources: "AP a1840de2 (LT-1/LT-2), 64def556 (DINE)",
    terraform: "`microsoft_defender{log_analytics_workspace_id}`",
    secureValue: "set",
    tradeOff: "Useless without DEF-01.",
    severity: "warning",
    references: {
      azurePolicy: ["a1840de2-8088-4ea8-b153-b4c723e9cb01", "64def556-fbad-4622-930e-72d1d5589bf5"],
      mcsb: ["LT-1", "LT-2"],
    },
  },
  {
    id: "AKS-DEF-03",
    title: "Defender security contact: alerts on, to admins, with email and phone",
    owner: "DefenderPlan (securityContact)",
    synth: "yes",
    sources:
      "CKV_AZURE_20 (phone), CKV_AZURE_21 (alert notifications), CKV_AZURE_22 (alerts to admins), CKV_AZURE_131 (email); issue 11",
    terraform: "`azurerm_security_center_contact{email, phone, alert_notifications, alerts_to_admins}`",
    secureValue:
      "email set; phone set (or a suppression saying why not); alert_notifications = true; alerts_to_admins = true",
    tradeOff:
      "The minimal alert severity is not settable in azurerm 4.55 (the resource has only email, phone, alert_notifications and alerts_to_admins), so Azure's default severity applies. The contact is one per subscription: set it in one stack.",
    addedIn: "0.2.0",
    severity: "warning",
    references: { checkov: ["CKV_AZURE_20", "CKV_AZURE_21", "CKV_AZURE_22", "CKV_AZURE_131"] },
  },
  {
    id: "AKS-LOG-01",
    title: "Control-plane audit/resource logs",
    owner: "SecureCluster",
    synth: "yes",
    sources: "AP 245fc9df (LT-3), 6c66c325 (DINE); MCSB LT-4; CIS 2.1.1",
    terraform:
      '`azurerm_monitor_diagnostic_setting{target_resource_id=aks.id, enabled_log{category="kube-audit-admin"}, {category="guard"}, …}`',
    secureValue: "kube-audit-admin + guard",
    tradeOff: "`kube-audit` (incl. reads) is costly.",
    severity: "error",
    references: {
      azurePolicy: ["245fc9df-fa96-4414-9a0b-3738c2f7341c", "6c66c325-74c8-42fd-a286-a74b0e2939d8"],
      mcsb: ["LT-3", "LT-4"],
      cis: ["2.1.1"],
    },
  },
  {
    id: "AKS-LOG-02",
    title: "Container insights with MSI auth",
    owner: "SecureCluster",
    synth: "yes",
    sources: "CKV_AZURE_4; AVD-AZU-0040",
    terraform: "`oms_agent{log_analytics_workspace_id, msi_auth_for_monitoring_enabled=true}`",
    secureValue: "set",
    tradeOff: "Log Analytics cost.",
    severity: "error",
    references: { checkov: ["CKV_AZURE_4"], trivy: ["AVD-AZU-0040"] },
  },
]);
