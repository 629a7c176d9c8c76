/**
 * Scanner alignment (issue 11): which Checkov checks and PSRule for Azure rules test the same
 * property as a catalog control, and what Checkov will say about a stack. Data beside the catalog,
 * so catalog entries (added in parallel) are not reformatted.
 *
 * Checkov ids, names and verdict logic were read in bridgecrewio/checkov (commit 03d5fdad,
 * 2026-08-20) checkov/terraform/checks/resource/azure/<File>.py and graph_checks/azure/<File>.yaml;
 * `fails` re-states each check's verdict on one resource of our Terraform JSON (Checkov's
 * terraform_json runner). A Terraform expression is not judged (Checkov reports it as unknown).
 * PSRule names are the rule documents of Azure/PSRule.Rules.Azure docs/en/rules/<name>.md.
 */
import { CATALOG } from "./catalog";
import { isExpression, readAttribute, TerraformDocument, TerraformResource } from "./rule";
import { referencesResource } from "./references";

export interface CheckovCheck {
  /** e.g. "CKV_AZURE_141". */
  readonly id: string;
  /** The check's name in Checkov. */
  readonly name: string;
  /** The check's source in bridgecrewio/checkov. */
  readonly source: string;
  readonly resourceTypes: readonly string[];
  /** Catalog controls testing the same property; empty when no control does (a scanner-only opinion). */
  readonly controls: readonly string[];
  /** Checkov's verdict on one resource, re-stated: true when the check fails it. */
  readonly fails: (resource: TerraformResource, document: TerraformDocument) => boolean;
  /**
   * Why a failure is no weakness of this stack when the controls pass (or no control applies):
   * the property is secured where the check does not look, or the check asks for something the
   * baseline rejects. Shown in the scanner view as a disagreement.
   */
  readonly disagreement: string;
}

/** A block as Checkov sees it: cdktf writes single blocks as objects, Checkov wraps everything in lists. */
function block(resource: TerraformResource, path: string): Record<string, unknown> | undefined {
  const value = readAttribute(resource.config, path);
  const first = Array.isArray(value) ? value[0] : value;
  return first && typeof first === "object" ? (first as Record<string, unknown>) : undefined;
}

const attr = (resource: TerraformResource, path: string): unknown => {
  const value = readAttribute(resource.config, path);
  return Array.isArray(value) && value.length === 1 && typeof value[0] !== "object" ? value[0] : value;
};
const truthy = (v: unknown): boolean => v === true || v === "true";
/** BaseResourceValueCheck with an expected value: fails unless the attribute equals it (absent fails). */
const expect = (path: string, expected: unknown) => (r: TerraformResource) => {
  const v = attr(r, path);
  if (isExpression(v)) return false;
  return expected === true ? !truthy(v) : expected === false ? !(v === false || v === "false") : v !== expected;
};
/** BaseResourceValueCheck with ANY_VALUE: fails when the attribute is absent or empty. */
const present = (path: string) => (r: TerraformResource) => {
  const v = attr(r, path);
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
};
/** BaseResourceNegativeValueCheck with [True]: fails only when the attribute is true. */
const notTrue = (path: string) => (r: TerraformResource) => truthy(attr(r, path));

const AKS = "azurerm_kubernetes_cluster";
const ACR = "azurerm_container_registry";
const KV = "azurerm_key_vault";
const src = (file: string): string => `checkov/terraform/checks/resource/azure/${file}.py`;
const SCANNER_ONLY =
  "no control of the baseline asks for this; it is an availability or operations choice, not a security property, so the baseline leaves it to you";

export const CHECKOV_CHECKS: readonly CheckovCheck[] = [
  {
    id: "CKV_AZURE_4",
    name: "Ensure AKS logging to Azure Monitoring is Configured",
    source: src("AKSLoggingEnabled"),
    resourceTypes: [AKS],
    controls: ["AKS-LOG-02"],
    fails: present("oms_agent.log_analytics_workspace_id"),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_5",
    name: "Ensure RBAC is enabled on AKS clusters",
    source: src("AKSRbacEnabled"),
    resourceTypes: [AKS],
    controls: ["AKS-IAM-03"],
    fails: (r) => attr(r, "role_based_access_control_enabled") === false,
    disagreement: "",
  },
  {
    id: "CKV_AZURE_6",
    name: "Ensure AKS has an API Server Authorized IP Ranges enabled",
    source: src("AKSApiServerAuthorizedIpRanges"),
    resourceTypes: [AKS],
    controls: ["AKS-NET-02"],
    fails: (r) =>
      !truthy(attr(r, "private_cluster_enabled")) &&
      present("authorized_ip_ranges")({ ...r, config: block(r, "api_server_access_profile") ?? {} }),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_7",
    name: "Ensure AKS cluster has Network Policy configured",
    source: src("AKSNetworkPolicy"),
    resourceTypes: [AKS],
    controls: ["AKS-NET-05"],
    fails: (r) => !block(r, "network_profile")?.network_policy,
    disagreement: "",
  },
  {
    id: "CKV_AZURE_115",
    name: "Ensure that AKS enables private clusters",
    source: src("AKSEnablesPrivateClusters"),
    resourceTypes: [AKS],
    controls: ["AKS-NET-01"],
    fails: expect("private_cluster_enabled", true),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_116",
    name: "Ensure that AKS uses Azure Policies Add-on",
    source: src("AKSUsesAzurePoliciesAddon"),
    resourceTypes: [AKS],
    controls: ["AKS-CLU-01"],
    fails: expect("azure_policy_enabled", true),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_117",
    name: "Ensure that AKS uses disk encryption set",
    source: src("AKSUsesDiskEncryptionSet"),
    resourceTypes: [AKS],
    controls: ["AKS-DAT-03"],
    fails: present("disk_encryption_set_id"),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_141",
    name: "Ensure AKS local admin account is disabled",
    source: src("AKSLocalAdminDisabled"),
    resourceTypes: [AKS],
    controls: ["AKS-IAM-05"],
    fails: expect("local_account_disabled", true),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_143",
    name: "Ensure AKS cluster nodes do not have public IP addresses",
    source: src("AKSNodePublicIpDisabled"),
    resourceTypes: [AKS],
    controls: ["AKS-NET-08"],
    fails: (r) => truthy(block(r, "default_node_pool")?.node_public_ip_enabled),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_168",
    name: "Ensure Azure Kubernetes Cluster (AKS) nodes should use a minimum number of 50 pods.",
    source: src("AKSMaxPodsMinimum"),
    resourceTypes: [AKS, "azurerm_kubernetes_cluster_node_pool"],
    controls: [],
    fails: (r) => {
      const pool = r.type === AKS ? block(r, "default_node_pool") : r.config;
      const max = pool?.max_pods;
      return typeof max === "number" ? max < 50 : max === undefined;
    },
    disagreement: SCANNER_ONLY,
  },
  {
    id: "CKV_AZURE_170",
    name: "Ensure that AKS use the Paid Sku for its SLA",
    source: src("AKSIsPaidSku"),
    resourceTypes: [AKS],
    controls: ["AKS-CLU-07"],
    fails: expect("sku_tier", "Standard"),
    disagreement: 'the Premium tier also carries the SLA (and long-term support); the check accepts only "Standard"',
  },
  {
    id: "CKV_AZURE_171",
    name: "Ensure AKS cluster upgrade channel is chosen",
    source: src("AKSUpgradeChannel"),
    resourceTypes: [AKS],
    controls: ["AKS-CLU-02"],
    fails: (r) => {
      const v = attr(r, "automatic_upgrade_channel");
      return v === undefined || v === "none";
    },
    disagreement: "",
  },
  {
    id: "CKV_AZURE_172",
    name: "Ensure autorotation of Secrets Store CSI Driver secrets for AKS clusters",
    source: src("AKSSecretStoreRotation"),
    resourceTypes: [AKS],
    controls: ["AKS-SEC-01"],
    fails: (r) => !truthy(block(r, "key_vault_secrets_provider")?.secret_rotation_enabled),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_226",
    name: "Ensure ephemeral disks are used for OS disks",
    source: src("AKSEphemeralOSDisks"),
    resourceTypes: [AKS],
    controls: ["AKS-DAT-04"],
    fails: (r) => block(r, "default_node_pool")?.os_disk_type !== "Ephemeral",
    disagreement: "",
  },
  {
    id: "CKV_AZURE_227",
    name: "Ensure that the AKS cluster encrypt temp disks, caches, and data flows between Compute and Storage resources",
    source: src("AKSEncryptionAtHostEnabled"),
    resourceTypes: [AKS, "azurerm_kubernetes_cluster_node_pool"],
    controls: ["AKS-DAT-02"],
    fails: (r) =>
      !truthy(
        r.type === AKS ? block(r, "default_node_pool")?.host_encryption_enabled : r.config.host_encryption_enabled,
      ),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_232",
    name: "Ensure that only critical system pods run on system nodes",
    source: src("AKSOnlyCriticalPodsOnSystemNodes"),
    resourceTypes: [AKS],
    controls: ["AKS-CLU-05"],
    fails: (r) => !truthy(block(r, "default_node_pool")?.only_critical_addons_enabled),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_246",
    name: "Ensure Azure AKS cluster HTTP application routing is disabled",
    source: src("KubernetesClusterHTTPApplicationRouting"),
    resourceTypes: [AKS],
    controls: ["AKS-NET-12"],
    fails: notTrue("http_application_routing_enabled"),
    disagreement: "",
  },
  {
    id: "CKV2_AZURE_29",
    name: "Ensure AKS cluster has Azure CNI networking enabled",
    source: "checkov/terraform/checks/graph_checks/azure/AzureAKSclusterAzureCNIEnabled.yaml",
    resourceTypes: [AKS],
    controls: ["AKS-NET-04"],
    fails: (r) => !["azure", "Azure"].includes(String(block(r, "network_profile")?.network_plugin)),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_137",
    name: "Ensure ACR admin account is disabled",
    source: src("ACRAdminAccountDisabled"),
    resourceTypes: [ACR],
    controls: ["AKS-ACR-02"],
    fails: notTrue("admin_enabled"),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_138",
    name: "Ensures that ACR disables anonymous pulling of images",
    source: src("ACRAnonymousPullDisabled"),
    resourceTypes: [ACR],
    controls: ["AKS-ACR-03"],
    fails: (r) => ["Standard", "Premium"].includes(String(attr(r, "sku"))) && truthy(attr(r, "anonymous_pull_enabled")),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_139",
    name: "Ensure ACR set to disable public networking",
    source: src("ACRPublicNetworkAccessDisabled"),
    resourceTypes: [ACR],
    controls: ["AKS-ACR-04"],
    fails: expect("public_network_access_enabled", false),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_163",
    name: "Enable vulnerability scanning for container images.",
    source: src("ACRContainerScanEnabled"),
    resourceTypes: [ACR],
    controls: ["AKS-ACR-08"],
    fails: (r) => !["Standard", "Premium"].includes(String(attr(r, "sku"))),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_164",
    name: "Ensures that ACR uses signed/trusted images",
    source: src("ACRUseSignedImages"),
    resourceTypes: [ACR],
    controls: ["AKS-ACR-09"],
    fails: (r) => !truthy(attr(r, "trust_policy_enabled")) && !truthy(block(r, "trust_policy")?.enabled),
    disagreement:
      "the check asks for Docker Content Trust (trust_policy_enabled), which ACR deprecated (removed 2028-03-31, learn.microsoft.com/cli/azure/acr/config/content-trust); AKS-ACR-09 wants Notation-signed images verified at admission instead",
  },
  {
    id: "CKV_AZURE_165",
    name: "Ensure geo-replicated container registries to match multi-region container deployments.",
    source: src("ACRGeoreplicated"),
    resourceTypes: [ACR],
    controls: [],
    fails: (r) => !(attr(r, "sku") === "Premium" && readAttribute(r.config, "georeplications")),
    disagreement: SCANNER_ONLY,
  },
  {
    id: "CKV_AZURE_166",
    name: "Ensure container image quarantine, scan, and mark images verified",
    source: src("ACREnableImageQuarantine"),
    resourceTypes: [ACR],
    controls: ["AKS-ACR-13"],
    fails: expect("quarantine_policy_enabled", true),
    disagreement:
      "quarantine is off by decision (AKS-ACR-13): a quarantined image cannot be pulled until a scanner marks it verified, and Defender for Containers scans (AKS-ACR-08) without releasing quarantine, so turning it on without such a scanner blocks every pull",
  },
  {
    id: "CKV_AZURE_167",
    name: "Ensure a retention policy is set to cleanup untagged manifests.",
    source: src("ACREnableRetentionPolicy"),
    resourceTypes: [ACR],
    controls: [],
    fails: (r) => attr(r, "retention_policy_in_days") === undefined && !truthy(block(r, "retention_policy")?.enabled),
    disagreement: SCANNER_ONLY,
  },
  {
    id: "CKV_AZURE_233",
    name: "Ensure Azure Container Registry (ACR) is zone redundant",
    source: src("ACREnableZoneRedundancy"),
    resourceTypes: [ACR],
    controls: [],
    fails: (r) => !truthy(attr(r, "zone_redundancy_enabled")),
    disagreement: SCANNER_ONLY,
  },
  {
    id: "CKV_AZURE_237",
    name: "Ensure dedicated data endpoints are enabled.",
    source: src("ACRDedicatedDataEndpointEnabled"),
    resourceTypes: [ACR],
    controls: ["AKS-ACR-04"],
    fails: expect("data_endpoint_enabled", true),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_42",
    name: "Ensure the key vault is recoverable",
    source: src("KeyvaultRecoveryEnabled"),
    resourceTypes: [KV],
    controls: ["AKS-SEC-04"],
    fails: (r) => !truthy(attr(r, "purge_protection_enabled")),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_110",
    name: "Ensure that key vault enables purge protection",
    source: src("KeyVaultEnablesPurgeProtection"),
    resourceTypes: [KV],
    controls: ["AKS-SEC-04"],
    fails: expect("purge_protection_enabled", true),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_109",
    name: "Ensure that key vault allows firewall rules settings",
    source: src("KeyVaultEnablesFirewallRulesSettings"),
    resourceTypes: [KV],
    controls: ["AKS-SEC-05"],
    fails: (r) => block(r, "network_acls")?.default_action !== "Deny",
    disagreement: "",
  },
  {
    id: "CKV_AZURE_189",
    name: "Ensure that Azure Key Vault disables public network access",
    source: src("KeyVaultDisablesPublicNetworkAccess"),
    resourceTypes: [KV],
    controls: ["AKS-SEC-05"],
    fails: (r) => {
      if (attr(r, "public_network_access_enabled") === false) return false;
      const acls = block(r, "network_acls");
      const listed = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : Boolean(v));
      return !(acls && (listed(acls.ip_rules) || listed(acls.virtual_network_subnet_ids)));
    },
    disagreement: "",
  },
  {
    id: "CKV2_AZURE_32",
    name: "Ensure private endpoint is configured to key vault",
    source: "checkov/terraform/checks/graph_checks/azure/AzureKeyVaultConfigPrivateEndpoint.yaml",
    resourceTypes: [KV],
    controls: ["AKS-SEC-05"],
    fails: (r, d) =>
      !d
        .ofType("azurerm_private_endpoint")
        .some((e) =>
          referencesResource(
            readAttribute(readAttribute(e.config, "private_service_connection"), "private_connection_resource_id"),
            r,
            "id",
          ),
        ),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_40",
    name: "Ensure that the expiration date is set on all keys",
    source: src("KeyExpirationDate"),
    resourceTypes: ["azurerm_key_vault_key"],
    controls: ["AKS-SEC-07"],
    fails: present("expiration_date"),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_41",
    name: "Ensure that the expiration date is set on all secrets",
    source: src("SecretExpirationDate"),
    resourceTypes: ["azurerm_key_vault_secret"],
    controls: ["AKS-SEC-07"],
    fails: present("expiration_date"),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_112",
    name: "Ensure that key vault key is backed by HSM",
    source: src("KeyBackedByHSM"),
    resourceTypes: ["azurerm_key_vault_key"],
    controls: [],
    fails: (r) => !["RSA-HSM", "EC-HSM"].includes(String(attr(r, "key_type"))),
    disagreement:
      "HSM-backed keys need the Premium vault tier; the baseline asks for expiry and rotation on keys (AKS-SEC-07), not for HSM protection",
  },
  {
    id: "CKV_AZURE_114",
    name: 'Ensure that key vault secrets have "content_type" set',
    source: src("SecretContentType"),
    resourceTypes: ["azurerm_key_vault_secret"],
    controls: [],
    fails: present("content_type"),
    disagreement: SCANNER_ONLY,
  },
  {
    id: "CKV_AZURE_19",
    name: "Ensure that standard pricing tier is selected",
    source: src("SecurityCenterStandardPricing"),
    resourceTypes: ["azurerm_security_center_subscription_pricing"],
    controls: ["AKS-DEF-01"],
    fails: expect("tier", "Standard"),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_85",
    name: "Ensure that Azure Defender is set to On for Kubernetes",
    source: src("AzureDefenderOnKubernetes"),
    resourceTypes: ["azurerm_security_center_subscription_pricing"],
    controls: ["AKS-DEF-01"],
    fails: (r) => attr(r, "resource_type") === "KubernetesService" && attr(r, "tier") !== "Standard",
    disagreement: "",
  },
  {
    id: "CKV_AZURE_20",
    name: "Ensure that security contact 'Phone number' is set",
    source: src("SecurityCenterContactPhone"),
    resourceTypes: ["azurerm_security_center_contact"],
    controls: ["AKS-DEF-03"],
    fails: present("phone"),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_21",
    name: "Ensure that 'Send email notification for high severity alerts' is set to 'On'",
    source: src("SecurityCenterContactEmailAlert"),
    resourceTypes: ["azurerm_security_center_contact"],
    controls: ["AKS-DEF-03"],
    fails: expect("alert_notifications", true),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_22",
    name: "Ensure that 'Send email notification for high severity alerts' is set to 'On'",
    source: src("SecurityCenterContactEmailAlertAdmins"),
    resourceTypes: ["azurerm_security_center_contact"],
    controls: ["AKS-DEF-03"],
    fails: expect("alerts_to_admins", true),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_131",
    name: "Ensure that 'Security contact emails' is set",
    source: src("SecurityCenterContactEmails"),
    resourceTypes: ["azurerm_security_center_contact"],
    controls: ["AKS-DEF-03"],
    fails: present("email"),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_216",
    name: "Ensure DenyIntelMode is set to Deny for Azure Firewalls",
    source: src("AzureFirewallDenyThreatIntelMode"),
    resourceTypes: ["azurerm_firewall"],
    controls: ["AKS-NET-14"],
    fails: expect("threat_intel_mode", "Deny"),
    disagreement:
      'the firewall takes its threat-intelligence mode from its firewall policy (threat_intelligence_mode = "Deny", AKS-NET-14); the check reads only the classic-rules attribute on azurerm_firewall',
  },
  {
    id: "CKV_AZURE_219",
    name: "Ensure Firewall defines a firewall policy",
    source: src("AzureFirewallDefinesPolicy"),
    resourceTypes: ["azurerm_firewall"],
    controls: ["AKS-NET-14"],
    fails: present("firewall_policy_id"),
    disagreement: "",
  },
  {
    id: "CKV_AZURE_220",
    name: "Ensure Firewall policy has IDPS mode as deny",
    source: src("AzureFirewallPolicyIDPSDeny"),
    resourceTypes: ["azurerm_firewall_policy"],
    controls: ["AKS-NET-14"],
    fails: (r) => block(r, "intrusion_detection")?.mode !== "Deny",
    disagreement: "",
  },
];

/** PSRule for Azure rules testing the same property as a control (names of docs/en/rules/<name>.md). */
const PSRULE: Readonly<Record<string, readonly string[]>> = {
  "AKS-IAM-01": ["Azure.AKS.ManagedAAD"],
  "AKS-IAM-03": ["Azure.AKS.UseRBAC"],
  "AKS-IAM-04": ["Azure.AKS.AzureRBAC"],
  "AKS-IAM-05": ["Azure.AKS.LocalAccounts"],
  "AKS-IAM-08": ["Azure.AKS.ManagedIdentity"],
  "AKS-IAM-09": ["Azure.AKS.PodIdentity"],
  "AKS-NET-02": ["Azure.AKS.AuthorizedIPs"],
  "AKS-NET-04": ["Azure.AKS.AzureCNI"],
  "AKS-NET-05": ["Azure.AKS.NetworkPolicy"],
  "AKS-NET-12": ["Azure.AKS.HttpAppRouting"],
  "AKS-CLU-01": ["Azure.AKS.AzurePolicyAddOn"],
  "AKS-CLU-02": ["Azure.AKS.AutoUpgrade", "Azure.AKS.MaintenanceWindow"],
  "AKS-CLU-03": ["Azure.AKS.NodeAutoUpgrade"],
  "AKS-CLU-07": ["Azure.AKS.UptimeSLA"],
  "AKS-DAT-04": ["Azure.AKS.EphemeralOSDisk"],
  "AKS-SEC-01": ["Azure.AKS.SecretStore", "Azure.AKS.SecretStoreRotation"],
  "AKS-SEC-06": ["Azure.KeyVault.Logs"],
  "AKS-SEC-07": ["Azure.KeyVault.AutoRotationPolicy"],
  "AKS-DEF-02": ["Azure.AKS.DefenderProfile"],
  "AKS-LOG-01": ["Azure.AKS.AuditLogs", "Azure.AKS.AuditAdmin", "Azure.AKS.PlatformLogs"],
  "AKS-LOG-02": ["Azure.AKS.ContainerInsights"],
  "AKS-ACR-02": ["Azure.ACR.AdminUser"],
  "AKS-ACR-03": ["Azure.ACR.AnonymousAccess"],
  "AKS-ACR-04": ["Azure.ACR.Firewall"],
  "AKS-ACR-05": ["Azure.ACR.ExportPolicy"],
  "AKS-ACR-08": ["Azure.ACR.ContainerScan", "Azure.ACR.ImageHealth"],
  "AKS-ACR-09": ["Azure.ACR.ContentTrust"],
  "AKS-ACR-13": ["Azure.ACR.Quarantine"],
};

/** The scanner ids of one control. */
export interface ScannerIds {
  readonly checkov: readonly string[];
  readonly psrule: readonly string[];
  /** Azure Policy definition ids (first 8 hex digits, as the catalog's sources cite them). */
  readonly azurePolicy: readonly string[];
}

/** Scanner ids for a control: Checkov from CHECKOV_CHECKS, PSRule from the table above, Azure Policy from the catalog's sources. */
export function scannerIdsOf(controlId: string): ScannerIds {
  const control = CATALOG.find((c) => c.id === controlId);
  const policies = control ? [...new Set([...control.sources.matchAll(/\bAP ([0-9a-f]{8})\b/g)].map((m) => m[1]))] : [];
  return {
    checkov: CHECKOV_CHECKS.filter((check) => check.controls.includes(controlId)).map((check) => check.id),
    psrule: PSRULE[controlId] ?? [],
    azurePolicy: policies,
  };
}

/** Control ids named by the PSRule table (the catalog test checks each exists). */
export const PSRULE_CONTROLS: readonly string[] = Object.keys(PSRULE);
