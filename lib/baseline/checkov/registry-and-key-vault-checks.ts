import { ACR, CheckovCheck, KV, SCANNER_ONLY, attr, block, expectValue, notTrue, present, src, truthy } from "./check";
import { referencesResource } from "../references";
import { readAttribute } from "../rule";

/** Checkov checks of container registries, key vaults and their keys and secrets. */
export const REGISTRY_AND_KEY_VAULT_CHECKS: readonly CheckovCheck[] = [
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
    fails: expectValue("public_network_access_enabled", false),
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
    fails: expectValue("quarantine_policy_enabled", true),
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
    fails: expectValue("data_endpoint_enabled", true),
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
    fails: expectValue("purge_protection_enabled", true),
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
];
