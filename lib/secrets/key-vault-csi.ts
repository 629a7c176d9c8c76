import { Construct } from "constructs";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PrivateLinkOptions, defaultPrivateLinkOptions } from "../registry/private-link";
import { isIpv4Address, requireIpv4Cidr } from "../util/cidr";
import { requireDefined } from "../util/require-defined";
import { LOG_ANALYTICS_WORKSPACE_ID, requireResourceId } from "../util/resource-ids";
import { invalidProp, isUnresolved, requireIntInRange, requireOneOf } from "../util/validation";
import { ImportedVault, VaultAttributes } from "./imported-vault";
import { IVault, VaultAccessOptions, VaultBase, requireVaultName } from "./vault-base";

// The types of the vault's API, exported with the construct (the package entry re-exports this module).
export type { IVault, VaultAccessOptions } from "./vault-base";
export type { VaultAttributes } from "./imported-vault";
export type { KeyVaultReadGrant, KeyVaultReadOptions } from "./vault-read-grant";
export type { KeyRotationOptions, KeyVaultKeyOptions, KeyVaultSecretOptions } from "./vault-objects";

/** Props of {@link KeyVaultCsi}. */
export interface KeyVaultCsiProps extends VaultAccessOptions {
  /**
   * Vault name: 3-24 letters, digits and hyphens, starting with a letter, ending with a letter or
   * digit, no consecutive hyphens; globally unique (`<name>.vault.azure.net`). ForceNew; with
   * purge protection the name stays taken for the soft-delete period after deletion.
   */
  readonly vaultName: string;
  /** Resource group of the vault (and of its endpoint and zone, unless `privateEndpoint` names its own). */
  readonly resourceGroupName: string;
  /** Region of the vault. */
  readonly location: string;
  /**
   * Vault SKU. "premium" is needed for HSM-backed keys (`addKey` with an "-HSM" key type).
   *
   * @default "standard"
   */
  readonly skuName?: "standard" | "premium";
  /**
   * Soft-delete retention, 7-90 days; cannot be changed once set. Deleted secrets stay recoverable
   * this long.
   *
   * @default 90 (AKS-SEC-04)
   */
  readonly softDeleteRetentionDays?: number;
  /**
   * Whether trusted Azure services pass the network ACL (they still need RBAC): Azure Backup,
   * Disk Encryption, ARM template deployment, etc. "None" blocks them.
   *
   * @default "AzureServices" (AKS-SEC-05, as the catalog states)
   */
  readonly networkAclsBypass?: "AzureServices" | "None";
  /**
   * Private endpoint (sub-resource "vault") and `privatelink.vaultcore.azure.net` zone (AKS-SEC-05).
   * Public access is always off, so the CSI driver, and Terraform when it writes secrets, reach the
   * vault only through it.
   *
   * @default - the private-endpoint subnet and VNet of `cluster` when it is a SecureCluster on a ClusterNetwork; otherwise required
   */
  readonly privateEndpoint?: PrivateLinkOptions;
  /**
   * Log Analytics workspace (resource id) for the vault's audit logs (AKS-SEC-06).
   *
   * @default - the cluster's workspace (audit records next to the cluster's logs); required without a cluster
   */
  readonly logAnalyticsWorkspaceId?: string;
  /**
   * Public IPv4 addresses or CIDR blocks of the machines that write this vault's data plane through
   * Terraform (the stacks holding its placeholders, `addSecret` and `addKey`) when they cannot reach
   * the private endpoint (no runner in a linked VNet): public network access is turned
   * on, and the firewall (`network_acls`, default Deny) admits only these ranges, so Terraform can
   * write placeholders and `addSecret`/`addKey` objects. Key Vault ignores IP rules while public
   * network access is off (Key Vault ARM API, `VaultProperties.publicNetworkAccess`: "Disabled"
   * blocks all but private endpoint and trusted-service traffic and "will override the set firewall
   * rules"), hence the switch. Use public addresses: Add-AzKeyVaultNetworkRule notes that private
   * ranges (10.0.0.0/8 ...) do not apply to the vault firewall. Weaker than
   * AKS-SEC-05: the baseline fails unless the vault carries
   * `SecurityBaseline.suppress(vault, "AKS-SEC-05", reason)`. A "/32" is written as the bare address,
   * the form Key Vault returns (no perpetual diff).
   *
   * @default - none: public access off, reachable only through the private endpoint (AKS-SEC-05)
   */
  readonly deployerIpRanges?: string[];
}

/**
 * A Key Vault served to pods through the Secrets Store CSI driver (docs/controls.md, owner KeyVaultCsi).
 *
 * A created vault uses the RBAC permission model, purge protection, 90-day soft delete, no public
 * network access (ACL default Deny), a private endpoint in `privatelink.vaultcore.azure.net` and
 * audit logs to Log Analytics. Namespaces read it through their workload identity with "Key
 * Vault Secrets User" on the vault or on single secrets, and a SecretProviderClass in their
 * namespace. Secrets and keys added here carry an expiry; keys rotate automatically.
 *
 * Terraform itself needs a network path to the private endpoint and a data-plane role ("Key Vault
 * Secrets Officer" / "Crypto Officer") to run `addSecret` / `addKey` and the placeholders of `grantRead`.
 */
export class KeyVaultCsi extends VaultBase {
  /** The created vault. */
  public readonly keyVault: KeyVault;
  /** Resource id of the vault. */
  public readonly vaultId: string;
  /** Vault name (the SecretProviderClasses' `keyvaultName`). */
  public readonly vaultName: string;
  /** Tenant of the vault. */
  public readonly tenantId: string;
  /** Audit log diagnostic setting (AKS-SEC-06). */
  public readonly diagnosticSetting: MonitorDiagnosticSetting;
  protected readonly skuName: string;
  protected readonly createdHere = true;

  /**
   * Imports a vault created elsewhere (like aws-ecr's `Repository.fromRepositoryAttributes`): read
   * grants, SecretProviderClasses, placeholders, secrets, keys and, with `privateEndpoint`, an
   * endpoint of its own are added in this stack; nothing of the vault itself is created or changed.
   */
  public static fromVaultAttributes(scope: Construct, id: string, attributes: VaultAttributes): IVault {
    return new ImportedVault(scope, id, attributes);
  }

  constructor(scope: Construct, id: string, props: KeyVaultCsiProps) {
    super(scope, id, props);
    const cluster = props.cluster;
    const name = requireDefined(
      this,
      "vaultName",
      props.vaultName,
      "is required",
      'pass a globally unique name such as "kv-team-a-prod"',
    );
    requireVaultName(this, name);
    this.vaultName = name;
    this.tenantId = this.resolveTenantId(props.tenantId, cluster);
    this.skuName = props.skuName ?? "standard";
    this.usePlaceholderExpirationDate(props.placeholderExpirationDate);

    const peOptions: PrivateLinkOptions | undefined =
      props.privateEndpoint ?? defaultPrivateLinkOptions(cluster ? [cluster] : []);
    const creating = "is required when creating a vault";
    const resourceGroupName = requireDefined(this, "resourceGroupName", props.resourceGroupName, creating);
    const location = requireDefined(this, "location", props.location, creating);
    requireOneOf(this, "skuName", this.skuName, ["standard", "premium"], { problem: "is not a Key Vault SKU" });
    const retention = props.softDeleteRetentionDays ?? 90;
    requireIntInRange(this, "softDeleteRetentionDays", retention, 7, 90, {
      problem: "is outside 7-90 days",
      fix: "use 90 (AKS-SEC-04)",
    });
    const bypass = props.networkAclsBypass ?? "AzureServices";
    requireOneOf(this, "networkAclsBypass", bypass, ["AzureServices", "None"], { problem: "is not a bypass option" });
    if (!peOptions) {
      invalidProp(
        this,
        "privateEndpoint",
        undefined,
        "is required: public network access is off, so without a private endpoint neither pods nor Terraform could reach the vault",
        "pass { subnetId } (and privateDnsZoneId for a hub-owned zone), or a SecureCluster built on a ClusterNetwork as cluster",
      );
    }
    const workspaceId = requireDefined(
      this,
      "logAnalyticsWorkspaceId",
      props.logAnalyticsWorkspaceId ?? cluster?.logAnalyticsWorkspaceId,
      "is required without a cluster: the vault's audit logs need a destination (AKS-SEC-06)",
      "pass a Log Analytics workspace id, or cluster",
    );
    requireResourceId(this, "logAnalyticsWorkspaceId", props.logAnalyticsWorkspaceId, LOG_ANALYTICS_WORKSPACE_ID);

    const ipRules = this.deployerIpRules(props.deployerIpRanges);
    this.keyVault = new KeyVault(this, "Vault", {
      name,
      resourceGroupName,
      location,
      tenantId: this.tenantId,
      skuName: this.skuName,
      // AKS-SEC-03: Azure RBAC data-plane permissions (no access policies).
      rbacAuthorizationEnabled: true,
      // AKS-SEC-04: deleted secrets stay recoverable and cannot be purged early. Irreversible.
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: retention,
      // AKS-SEC-05: reachable only through the private endpoint (plus deployerIpRanges, when asked for by name).
      publicNetworkAccessEnabled: ipRules.length > 0,
      networkAcls: { defaultAction: "Deny", bypass, ipRules, virtualNetworkSubnetIds: [] },
      enabledForDeployment: false,
      enabledForTemplateDeployment: false,
      enabledForDiskEncryption: false,
      tags: props.tags,
    });

    this.diagnosticSetting = new MonitorDiagnosticSetting(this, "AuditLogs", {
      name: "kv-audit-logs",
      targetResourceId: this.keyVault.id,
      logAnalyticsWorkspaceId: workspaceId,
      // AKS-SEC-06: every data-plane access (who read which secret) and policy change.
      enabledLog: [{ categoryGroup: "audit" }],
    });
    this.vaultId = this.keyVault.id;
    this.addPrivateEndpoint(this.vaultId, name, peOptions, props.location, props.resourceGroupName);
    this.serveCluster(cluster);
  }

  private deployerIpRules(ranges: string[] | undefined): string[] {
    if (ranges === undefined || isUnresolved(ranges)) return ranges ?? [];
    if (ranges.length === 0)
      invalidProp(
        this,
        "deployerIpRanges",
        ranges,
        "is empty",
        "omit deployerIpRanges (private endpoint only), or list the deployer's public addresses",
      );
    return ranges.map((range) => {
      if (isUnresolved(range) || isIpv4Address(range)) return range;
      const block = requireIpv4Cidr(this, "deployerIpRanges", range);
      return block && block.prefixLength === 32 ? range.replace(/\/32$/, "") : range;
    });
  }
}
