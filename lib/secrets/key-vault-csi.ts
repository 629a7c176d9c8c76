import { Construct, IConstruct } from "constructs";
import { ITerraformDependable, Lazy, TerraformProvider, TerraformStack, dependable } from "cdktf";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { stringify as stringifyYaml } from "yaml";
import { SecurityBaseline } from "../baseline/security-baseline";
import { ISecureCluster } from "../cluster/cluster-ref";
import { ITenantNamespace, TenantWorkloadIdentity } from "../namespace/tenant-namespace-ref";
import {
  PrivateLinkOptions,
  clusterPrivateEndpointNetwork,
  createPrivateLink,
  linkClusterToZone,
} from "../registry/private-link";
import { isIpv4Address, requireIpv4Cidr } from "../util/cidr";
import {
  armResourceName,
  invalidProp,
  isDns1123Label,
  isUnresolved,
  isUuid,
  requireLocation,
  requireTags,
  requireUuid,
  validationMessage,
} from "../util/validation";

/** Props of {@link KeyVaultCsi}. */
export interface KeyVaultCsiProps {
  /**
   * Vault name: 3-24 letters, digits and hyphens, starting with a letter, ending with a letter or
   * digit, no consecutive hyphens; globally unique (`<name>.vault.azure.net`). Required unless
   * `existingVaultId` is given. ForceNew; with purge protection the name stays taken for the
   * soft-delete period after deletion.
   *
   * @default - taken from `existingVaultId`
   */
  readonly vaultName?: string;
  /**
   * Adopt an existing vault: only grants, SecretProviderClasses and (with `privateEndpoint`) an extra
   * private endpoint are added; its settings and diagnostics are its owner's business and
   * creation-only props are rejected.
   *
   * @default - a vault is created
   */
  readonly existingVaultId?: string;
  /**
   * Resource group of the created vault (and of its endpoint and zone).
   *
   * @default - required when creating a vault or an endpoint
   */
  readonly resourceGroupName?: string;
  /**
   * Region of the created vault.
   *
   * @default - required when creating a vault or an endpoint
   */
  readonly location?: string;
  /**
   * Entra tenant of the vault; also the `tenantId` of every SecretProviderClass.
   *
   * @default - the tenant of `cluster`; required without a cluster
   */
  readonly tenantId?: string;
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
   * The cluster whose pods read the vault: default tenant, workspace and endpoint subnet; its Key
   * Vault secrets provider add-on gets rotation on (AKS-SEC-01). `grantRead` does the same for each
   * namespace's cluster.
   *
   * @default - none
   */
  readonly cluster?: ISecureCluster;
  /**
   * Log Analytics workspace (resource id) for the vault's audit logs (AKS-SEC-06).
   *
   * @default - the cluster's workspace (audit records next to the cluster's logs); required without a cluster
   */
  readonly logAnalyticsWorkspaceId?: string;
  /**
   * Tags of every resource created.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;
  /**
   * Expiry (RFC 3339, a real calendar date) of the placeholder secrets `grantRead` creates for
   * listed secrets that nothing else creates (AKS-SEC-07; Checkov CKV_AZURE_41, Azure Policy
   * 98728c90 "Key Vault secrets should have an expiration date"). The placeholder exists so that
   * the grant's scope `<vault>/secrets/<name>` exists when the role assignment is created; its
   * value, content type, expiry, activation date and tags are ignored after creation, so the real value (set later with
   * `az keyvault secret set --expires ...`, a new version with its own expiry) never enters
   * Terraform state and is never reset. An explicit date keeps synthesis deterministic.
   *
   * A placeholder lives in the stack of the first grant that names the secret (usually the tenant
   * stack, which deploys after the vault's stack and is applied from inside the network anyway,
   * since it talks to the private API server). It is written through the vault's data plane:
   * public network access is off, so whoever applies that stack must resolve and reach the private
   * endpoint (from a VNet linked to the `privatelink.vaultcore.azure.net` zone, see
   * `privateEndpoint.virtualNetworkIds`, or with `deployerIpRanges`) and hold "Key Vault Secrets
   * Officer" (b86a8fe4) on the vault, like `addSecret`. Destroying that stack deletes the
   * placeholder, i.e. the secret: soft delete and purge protection keep it recoverable, and the
   * azurerm provider recovers it on the next apply (`features.key_vault.recover_soft_deleted_secrets`,
   * default true).
   *
   * @default - required as soon as `grantRead` needs a placeholder
   */
  readonly placeholderExpirationDate?: string;
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

/** Options of {@link KeyVaultCsi.grantRead}. */
export interface KeyVaultReadOptions {
  /**
   * Secrets the namespace may read and the SecretProviderClass mounts (Key Vault names, compared
   * case-insensitively as Key Vault does). When given, "Key Vault Secrets User" is granted on each
   * secret only (least privilege, AKS-SEC-02). When omitted, it is granted on the whole vault (fit
   * for a vault dedicated to the tenant, AKS-TEN-03) and the SecretProviderClass mounts every
   * secret added to this vault with `addSecret`, before or after this call; synth fails when there
   * is none (list the secrets to mount instead).
   *
   * Each listed secret that `addSecret` does not create gets a placeholder
   * (`azurerm_key_vault_secret` with a non-secret value, see `placeholderExpirationDate`) in the
   * stack of the first grant naming it, so the secret-scoped grant has something to point at on a fresh deploy.
   *
   * A vault-wide grant is refused on a vault that serves (or later serves) another namespace: its
   * pods would read every other tenant's secrets (issue 10, AKS-SEC-09).
   *
   * @default - the whole vault, mounting the secrets added with addSecret
   */
  readonly secrets?: string[];
  /**
   * For a vault adopted with `fromVaultId`/`existingVaultId` only: `true` states that every listed
   * secret already exists in the vault, so no placeholder is created (Terraform would otherwise fail
   * with "already exists - needs to be imported"). Rejected on a vault this construct creates: a new
   * vault holds no secret that `addSecret` or a placeholder does not create.
   *
   * @default false (placeholders are created for secrets nothing else creates)
   */
  readonly secretsExist?: boolean;
  /**
   * ServiceAccount whose workload identity reads the secrets.
   *
   * @default - the namespace's only workload identity
   */
  readonly serviceAccountName?: string;
  /**
   * Name of the SecretProviderClass; unique per namespace.
   *
   * @default "<vault name>-<service account>" (unique per vault and service account)
   */
  readonly secretProviderClassName?: string;
  /**
   * Kubernetes provider of the SecretProviderClass (when the tenant stack has several).
   *
   * @default - the stack's default kubernetes provider
   */
  readonly provider?: TerraformProvider;
}

/** What {@link KeyVaultCsi.grantRead} created, all in the namespace's construct scope. */
export interface KeyVaultReadGrant {
  readonly workloadIdentity: TenantWorkloadIdentity;
  /** One per secret, or one on the vault. */
  readonly roleAssignments: RoleAssignment[];
  /** The SecretProviderClass, in the namespace. */
  readonly secretProviderClass: Manifest;
}

/** Options of {@link KeyVaultCsi.addSecret}. */
export interface KeyVaultSecretOptions {
  /** Secret name: 1-127 letters, digits and hyphens; unique in the vault (case-insensitively). */
  readonly name: string;
  /** The value (stored in Terraform state; prefer writing values out of band for high-value secrets). */
  readonly value: string;
  /** Expiry, RFC 3339 (e.g. "2026-12-31T00:00:00Z"), a real calendar date (AKS-SEC-07). An explicit date keeps synthesis deterministic. */
  readonly expirationDate: string;
  /**
   * MIME type or a hint for consumers.
   *
   * @default - none
   */
  readonly contentType?: string;
}

/** Automatic rotation of a key (AKS-SEC-07). Durations are ISO 8601 (e.g. "P90D"). */
export interface KeyRotationOptions {
  /**
   * Lifetime of each new version.
   *
   * @default "P180D"
   */
  readonly expireAfter?: string;
  /**
   * Rotate this long before a version expires.
   *
   * @default "P30D"
   */
  readonly timeBeforeExpiry?: string;
  /**
   * Event Grid "near expiry" notification this long before expiry: at least 7 days, at most
   * expireAfter minus 7 days.
   *
   * @default "P29D"
   */
  readonly notifyBeforeExpiry?: string;
}

/** Options of {@link KeyVaultCsi.addKey}. */
export interface KeyVaultKeyOptions {
  /** Key name: 1-127 letters, digits and hyphens; unique in the vault (case-insensitively). */
  readonly name: string;
  /**
   * Expiry of the first version, RFC 3339, a real calendar date in the future (AKS-SEC-07); later
   * versions get `rotation.expireAfter`. Terraform ignores it after creation, but synth rejects a
   * date that has passed: move it forward then.
   */
  readonly expirationDate: string;
  /**
   * Key type; "-HSM" types need a premium vault.
   *
   * @default "RSA"
   */
  readonly keyType?: "RSA" | "RSA-HSM" | "EC" | "EC-HSM";
  /**
   * RSA key size.
   *
   * @default 3072
   */
  readonly keySize?: 2048 | 3072 | 4096;
  /**
   * EC curve.
   *
   * @default "P-256" for EC keys
   */
  readonly curve?: "P-256" | "P-384" | "P-521";
  /**
   * Permitted operations: some of "decrypt", "encrypt", "sign", "unwrapKey", "verify", "wrapKey".
   * EC keys can only "sign" and "verify" (Key Vault has no EC encryption).
   *
   * @default ["decrypt", "encrypt", "unwrapKey", "wrapKey"] for RSA keys (what KMS, ACR and disk CMK use; no signing); ["sign", "verify"] for EC keys
   */
  readonly keyOpts?: string[];
  /**
   * Automatic rotation.
   *
   * @default - rotate 30 days before expiry, versions live 180 days
   */
  readonly rotation?: KeyRotationOptions;
}

const VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const VAULT_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)$/i;
const OBJECT_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DURATION = /^P(?=\d)(\d+Y)?(\d+M)?(\d+D)?$/;
const CREATION_ONLY: (keyof KeyVaultCsiProps)[] = [
  "skuName",
  "softDeleteRetentionDays",
  "networkAclsBypass",
  "logAnalyticsWorkspaceId",
  "deployerIpRanges",
];
/** Operations the provider accepts in `key_opts`. */
const KEY_OPS = ["decrypt", "encrypt", "sign", "unwrapKey", "verify", "wrapKey"];
const EC_KEY_OPS = ["sign", "verify"];
/**
 * SecretProviderClass names by cluster and namespace name, across vaults, namespace constructs and
 * stacks (names must be unique in a namespace): checked when the second one is created, so a
 * clash fails before any stack is written.
 */
const SPC_NAMES = new WeakMap<IConstruct, Map<string, Map<string, string>>>();
/** Namespaces each vault serves, per app (keyed by the app's root), so two constructs for one vault or grants from several stacks are seen together. */
const VAULT_READERS = new WeakMap<IConstruct, Map<string, VaultReader[]>>();

/** One namespace that reads a vault. */
interface VaultReader {
  readonly namespace: ITenantNamespace;
  /** The grant covers the whole vault (no `secrets` list). */
  readonly vaultWide: boolean;
  /** Path of the KeyVaultCsi that made the grant. */
  readonly grantedBy: string;
}

/** A secret-scoped grant, remembered so that a secret added later becomes its dependency. */
interface SecretGrant {
  readonly secret: string;
  readonly assignment: RoleAssignment;
  /** The `depends_on` entry of the placeholder this grant waits for, while there is one in the same stack. */
  placeholderDependency?: string;
}
/** "Key Vault Secrets User" (4633458b-17de-408a-b874-0445c86b69e6): get/list secret values, nothing else. */
const SECRETS_USER = "Key Vault Secrets User";

/**
 * A Key Vault served to pods through the Secrets Store CSI driver (CONTROLS.md, owner KeyVaultCsi).
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
export class KeyVaultCsi extends Construct {
  /** Adopts an existing vault by resource id (aws-cdk style `fromXxx`). */
  public static fromVaultId(
    scope: Construct,
    id: string,
    vaultId: string,
    props: Omit<KeyVaultCsiProps, "existingVaultId"> = {},
  ): KeyVaultCsi {
    return new KeyVaultCsi(scope, id, { ...props, existingVaultId: vaultId });
  }

  /** The created vault; undefined when adopted. */
  public readonly keyVault?: KeyVault;
  /** Resource id of the vault (created or adopted). */
  public readonly vaultId: string;
  /** Vault name (the SecretProviderClasses' `keyvaultName`). */
  public readonly vaultName: string;
  /** Tenant of the vault. */
  public readonly tenantId: string;
  /** Private endpoint, when one is created. */
  public readonly privateEndpoint?: PrivateEndpoint;
  /** Created `privatelink.vaultcore.azure.net` zone (undefined with a BYO zone id). */
  public readonly privateDnsZone?: PrivateDnsZone;
  /** VNet links of the created zone. */
  public readonly privateDnsZoneLinks: PrivateDnsZoneVirtualNetworkLink[] = [];
  /** Audit log diagnostic setting (AKS-SEC-06). */
  public readonly diagnosticSetting?: MonitorDiagnosticSetting;
  /** Secrets added with `addSecret`. */
  public readonly secrets: KeyVaultSecret[] = [];
  /** Keys added with `addKey`. */
  public readonly keys: KeyVaultKey[] = [];
  /** Grants made with `grantRead`. */
  public readonly grants: KeyVaultReadGrant[] = [];

  /**
   * Placeholder secrets created for secrets that `grantRead` lists and nothing else creates (see
   * `placeholderExpirationDate`), in creation order.
   */
  public get placeholderSecrets(): KeyVaultSecret[] {
    return [...this.placeholders.values()];
  }

  private readonly skuName: string;
  /** Names given to addSecret / addKey, in call order (the vault-wide SecretProviderClass mounts the secrets). */
  private readonly secretNames: string[] = [];
  private readonly keyNames: string[] = [];
  /** Secret-scoped grants, so a secret added after the grant still becomes its dependency. */
  private readonly secretGrants: SecretGrant[] = [];
  /** Placeholders by secret name (lower-cased; tokens as they are). */
  private readonly placeholders = new Map<string, KeyVaultSecret>();
  private readonly placeholderExpirationDate?: string;
  private readonly tags?: Record<string, string>;

  constructor(scope: Construct, id: string, props: KeyVaultCsiProps) {
    super(scope, id);
    SecurityBaseline.apply(this);
    requireTags(this, "tags", props.tags);
    if (props.location !== undefined) requireLocation(this, "location", props.location);
    const existingId = props.existingVaultId;
    const cluster = props.cluster;

    let name: string;
    if (existingId !== undefined) {
      for (const prop of CREATION_ONLY) {
        if (props[prop] !== undefined) {
          invalidProp(
            this,
            prop,
            props[prop],
            "applies only to a vault this construct creates, not to an adopted one",
            `drop ${prop}, or drop existingVaultId to create the vault here`,
          );
        }
      }
      const parsed = isUnresolved(existingId) ? undefined : VAULT_ID.exec(existingId);
      if (!isUnresolved(existingId) && (!parsed || !isUuid(parsed[1]))) {
        invalidProp(
          this,
          "existingVaultId",
          existingId,
          "is not a Key Vault resource id",
          "pass /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>",
        );
      }
      if (
        props.vaultName !== undefined &&
        parsed &&
        !isUnresolved(props.vaultName) &&
        props.vaultName.toLowerCase() !== parsed[2].toLowerCase()
      ) {
        invalidProp(
          this,
          "vaultName",
          props.vaultName,
          `differs from the name in existingVaultId ("${parsed[2]}")`,
          "drop vaultName (it is read from the id)",
        );
      }
      name = props.vaultName ?? parsed?.[2] ?? "";
      if (name === "") {
        invalidProp(
          this,
          "vaultName",
          undefined,
          "is required when existingVaultId is a token (it is the SecretProviderClass keyvaultName)",
          "pass vaultName",
        );
      }
    } else {
      if (props.vaultName === undefined) {
        invalidProp(
          this,
          "vaultName",
          undefined,
          "is required when no existingVaultId is given",
          'pass a globally unique name such as "kv-team-a-prod"',
        );
      }
      name = props.vaultName;
    }
    if (!isUnresolved(name) && !VAULT_NAME.test(name)) {
      invalidProp(
        this,
        "vaultName",
        name,
        "is not a valid vault name (3-24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, no consecutive hyphens)",
        'use e.g. "kv-team-a-prod"',
      );
    }
    this.vaultName = name;

    const tenantId = props.tenantId ?? cluster?.tenantId;
    if (tenantId === undefined) {
      invalidProp(this, "tenantId", undefined, "is required without a cluster", "pass the Entra tenant id, or cluster");
    }
    requireUuid(this, "tenantId", tenantId, "Entra tenant id");
    this.tenantId = tenantId;
    this.skuName = props.skuName ?? "standard";
    if (props.placeholderExpirationDate !== undefined)
      this.requireDate("placeholderExpirationDate", props.placeholderExpirationDate);
    this.placeholderExpirationDate = props.placeholderExpirationDate;

    const net = cluster ? clusterPrivateEndpointNetwork(cluster) : undefined;
    const peOptions: PrivateLinkOptions | undefined =
      props.privateEndpoint ??
      (existingId === undefined && net
        ? { subnetId: net.subnetId, virtualNetworkIds: net.vnetId ? [net.vnetId] : undefined }
        : undefined);

    if (existingId === undefined) {
      const resourceGroupName = this.required("resourceGroupName", props.resourceGroupName);
      const location = this.required("location", props.location);
      if (!isUnresolved(this.skuName) && !["standard", "premium"].includes(this.skuName)) {
        invalidProp(this, "skuName", this.skuName, "is not a Key Vault SKU", 'use "standard" or "premium"');
      }
      const retention = props.softDeleteRetentionDays ?? 90;
      if (!isUnresolved(retention) && (!Number.isInteger(retention) || retention < 7 || retention > 90)) {
        invalidProp(this, "softDeleteRetentionDays", retention, "is outside 7-90 days", "use 90 (AKS-SEC-04)");
      }
      const bypass = props.networkAclsBypass ?? "AzureServices";
      if (!isUnresolved(bypass) && !["AzureServices", "None"].includes(bypass)) {
        invalidProp(this, "networkAclsBypass", bypass, "is not a bypass option", 'use "AzureServices" or "None"');
      }
      if (!peOptions) {
        invalidProp(
          this,
          "privateEndpoint",
          undefined,
          "is required: public network access is off, so without a private endpoint neither pods nor Terraform could reach the vault",
          "pass { subnetId } (and privateDnsZoneId for a hub-owned zone), or a SecureCluster built on a ClusterNetwork as cluster",
        );
      }
      const workspaceId = props.logAnalyticsWorkspaceId ?? cluster?.logAnalyticsWorkspaceId;
      if (workspaceId === undefined) {
        invalidProp(
          this,
          "logAnalyticsWorkspaceId",
          undefined,
          "is required without a cluster: the vault's audit logs need a destination (AKS-SEC-06)",
          "pass a Log Analytics workspace id, or cluster",
        );
      }
      if (
        props.logAnalyticsWorkspaceId !== undefined &&
        !isUnresolved(workspaceId) &&
        armResourceName(workspaceId, "Microsoft.OperationalInsights/workspaces") === undefined
      ) {
        invalidProp(
          this,
          "logAnalyticsWorkspaceId",
          workspaceId,
          "is not a Log Analytics workspace resource id",
          "pass /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>, or omit it to use the cluster's workspace",
        );
      }

      const ipRules = this.deployerIpRules(props.deployerIpRanges);
      this.keyVault = new KeyVault(this, "Vault", {
        name,
        resourceGroupName,
        location,
        tenantId,
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
    }
    this.vaultId = existingId ?? this.keyVault!.id;

    if (peOptions) {
      const location = peOptions.location ?? props.location;
      const resourceGroupName = peOptions.resourceGroupName ?? props.resourceGroupName;
      if (location === undefined)
        invalidProp(
          this,
          "location",
          undefined,
          "is required for the private endpoint",
          "pass location (or privateEndpoint.location)",
        );
      if (resourceGroupName === undefined)
        invalidProp(
          this,
          "resourceGroupName",
          undefined,
          "is required for the private endpoint",
          "pass resourceGroupName (or privateEndpoint.resourceGroupName)",
        );
      const link = createPrivateLink(this, {
        prop: "privateEndpoint",
        options: peOptions,
        targetResourceId: this.vaultId,
        targetName: isUnresolved(name) ? this.node.id.toLowerCase() : name.toLowerCase(),
        subresource: "vault",
        zoneName: "privatelink.vaultcore.azure.net",
        location,
        resourceGroupName,
        tags: props.tags,
      });
      this.privateEndpoint = link.endpoint;
      this.privateDnsZone = link.zone;
      this.privateDnsZoneLinks.push(...link.links);
    }

    this.tags = props.tags;
    if (cluster) {
      this.linkCluster(cluster, "cluster");
      cluster.requireSecretRotation(this);
    }
  }

  /**
   * Lets the namespace's workload identity read secrets (AKS-SEC-02): "Key Vault Secrets User"
   * (4633458b) on each listed secret (scope `<vault id>/secrets/<name>`, versionless, so new
   * versions stay readable), or on the vault when none are listed; plus a SecretProviderClass
   * (`secrets-store.csi.x-k8s.io/v1`, provider azure, workload identity `clientID`) in the
   * namespace that mounts the listed secrets, or every secret added with `addSecret`. Everything is
   * created in the namespace's construct scope (its stack), so the vault's stack never depends on
   * tenant stacks. Also turns rotation on for the namespace's cluster.
   */
  public grantRead(namespace: ITenantNamespace, options: KeyVaultReadOptions = {}): KeyVaultReadGrant {
    const wi = this.workloadIdentityOf(namespace, options.serviceAccountName);
    const secrets = options.secrets;
    if (secrets !== undefined && !isUnresolved(secrets)) {
      if (secrets.length === 0)
        invalidProp(
          this,
          "grantRead.secrets",
          secrets,
          "is empty",
          "list the secret names, or omit secrets for a vault-wide grant",
        );
      for (const secret of secrets) this.requireObjectName("grantRead.secrets", secret);
      // Key Vault object names are case-insensitive: "Db" and "db" are one secret.
      const dup = duplicateName(secrets);
      if (dup !== undefined)
        invalidProp(
          this,
          "grantRead.secrets",
          dup,
          "is listed twice (Key Vault names are case-insensitive)",
          "list each secret once",
        );
    }
    if (options.secretsExist !== undefined && options.secretsExist !== false) {
      if (secrets === undefined)
        invalidProp(
          this,
          "grantRead.secretsExist",
          options.secretsExist,
          "applies to listed secrets only",
          "list the secrets, or drop secretsExist",
        );
      if (this.keyVault) {
        invalidProp(
          this,
          "grantRead.secretsExist",
          options.secretsExist,
          `applies only to an adopted vault; ${this.node.path} creates its vault, so no secret exists in it before Terraform creates one`,
          "drop secretsExist (a placeholder is created), or add the secret with addSecret",
        );
      }
    }
    this.requireReadersMayShare(namespace, secrets === undefined);
    const containerId = `KeyVaultRead-${this.node.path.replace(/\//g, "-")}-${wi.serviceAccountName}`;
    if (namespace.node.tryFindChild(containerId)) {
      invalidProp(
        this,
        "grantRead",
        `${namespace.namespaceName}/${wi.serviceAccountName}`,
        "was already granted read access to this vault",
        "list every secret in one grantRead call per service account",
      );
    }
    const spcName =
      options.secretProviderClassName ??
      (isUnresolved(this.vaultName)
        ? `kv-${wi.serviceAccountName}`
        : `${this.vaultName.toLowerCase()}-${wi.serviceAccountName}`);
    if (!isUnresolved(spcName) && !isDnsSubdomain(spcName)) {
      invalidProp(
        this,
        "grantRead.secretProviderClassName",
        spcName,
        "is not a Kubernetes object name (DNS-1123 subdomain)",
        "use lower-case letters, digits, '-' and '.', at most 253 characters",
      );
    }
    const spcNames = secretProviderClassNames(namespace);
    const taken = isUnresolved(spcName) ? undefined : spcNames.get(spcName);
    if (taken !== undefined) {
      invalidProp(
        this,
        "grantRead.secretProviderClassName",
        spcName,
        `is already the name of SecretProviderClass ${taken} in namespace "${namespace.namespaceName}" of cluster ${namespace.cluster.node.path}`,
        "pass a secretProviderClassName unique in the namespace",
      );
    }
    const container = new Construct(namespace, containerId);

    const scopes = secrets === undefined ? [this.vaultId] : secrets.map((s) => `${this.vaultId}/secrets/${s}`);
    const roleAssignments = scopes.map((scope, i) => {
      const assignment = new RoleAssignment(
        container,
        secrets === undefined ? "SecretsUserVault" : `SecretsUser-${isUnresolved(secrets[i]) ? i : secrets[i]}`,
        {
          scope,
          roleDefinitionName: SECRETS_USER,
          principalId: wi.principalId,
          principalType: "ServicePrincipal",
          // The identity is created with the namespace; a brand-new principal can fail the Entra
          // existence check through replication lag. The check adds no security.
          skipServicePrincipalAadCheck: true,
          description: `AKS-SEC-02 ${namespace.namespaceName}/${wi.serviceAccountName} reads ${secrets === undefined ? "the vault" : "one secret"} (Key Vault Secrets User 4633458b-17de-408a-b874-0445c86b69e6)`,
        },
      );
      if (secrets !== undefined) {
        const grant: SecretGrant = { secret: secrets[i], assignment };
        this.secretGrants.push(grant);
        this.secrets.forEach((secret, j) => linkGrantToSecret(assignment, secrets[i], secret, this.secretNames[j]));
        if (options.secretsExist !== true) this.waitForPlaceholder(grant);
      }
      return assignment;
    });

    // A vault-wide grant mounts what addSecret added, also after this call: resolved at synth.
    const objects =
      secrets !== undefined
        ? objectsParameter(secrets)
        : Lazy.stringValue({ produce: () => objectsParameter(this.secretNames) });
    if (secrets === undefined) {
      container.node.addValidation({
        validate: () =>
          this.secretNames.length > 0
            ? []
            : [
                validationMessage(
                  "grantRead.secrets",
                  undefined,
                  `is omitted and vault ${this.node.path} has no secret added with addSecret, so the SecretProviderClass of ${namespace.namespaceName}/${wi.serviceAccountName} would mount nothing`,
                  "list the secrets to mount (grantRead(namespace, { secrets: [...] })), or add them to the vault with addSecret",
                ),
              ],
      });
    }
    const secretProviderClass = new Manifest(container, "SecretProviderClass", {
      provider: options.provider,
      manifest: {
        apiVersion: "secrets-store.csi.x-k8s.io/v1",
        kind: "SecretProviderClass",
        metadata: { name: spcName, namespace: namespace.namespaceName },
        spec: {
          provider: "azure",
          parameters: {
            // Workload identity: the driver exchanges the pod's ServiceAccount token for this client id.
            usePodIdentity: "false",
            clientID: wi.clientId,
            keyvaultName: this.vaultName,
            // "tenantId" is the spelling every AKS add-on version reads.
            tenantId: this.tenantId,
            objects,
          },
        },
      },
      // The manifest names its namespace literally; without this, a fresh apply may create it first.
      dependsOn: namespace.namespace ? [namespace.namespace] : undefined,
    });
    if (!isUnresolved(spcName)) spcNames.set(spcName, secretProviderClass.node.path);
    this.linkCluster(namespace.cluster, "grantRead.namespace");
    vaultReaders(this, this.vaultKey()).push({
      namespace,
      vaultWide: secrets === undefined,
      grantedBy: this.node.path,
    });
    namespace.cluster.requireSecretRotation(this);
    const grant: KeyVaultReadGrant = { workloadIdentity: wi, roleAssignments, secretProviderClass };
    this.grants.push(grant);
    return grant;
  }

  /** Adds a secret with an expiry (AKS-SEC-07). Terraform needs "Key Vault Secrets Officer" and a path to the endpoint. */
  public addSecret(id: string, options: KeyVaultSecretOptions): KeyVaultSecret {
    this.requireObjectName("addSecret.name", options.name);
    this.requireUniqueName("addSecret.name", options.name, this.secretNames);
    this.requireDate("addSecret.expirationDate", options.expirationDate);
    const secret = new KeyVaultSecret(this, id, {
      keyVaultId: this.vaultId,
      name: options.name,
      value: options.value,
      contentType: options.contentType,
      expirationDate: options.expirationDate,
      dependsOn: this.dataPlaneDependencies(),
    });
    this.secrets.push(secret);
    this.secretNames.push(options.name);
    this.replacePlaceholder(options.name);
    // Grants scoped to this secret must not be created before it exists.
    for (const grant of this.secretGrants) linkGrantToSecret(grant.assignment, grant.secret, secret, options.name);
    return secret;
  }

  /**
   * Adds a key with an expiry and automatic rotation (AKS-SEC-07; a KMS key for AKS-DAT-01).
   * `expiration_date` is ignored after creation: rotation gives each new version its own expiry,
   * which Terraform would otherwise try to reset.
   */
  public addKey(id: string, options: KeyVaultKeyOptions): KeyVaultKey {
    this.requireObjectName("addKey.name", options.name);
    this.requireUniqueName("addKey.name", options.name, this.keyNames);
    this.requireDate("addKey.expirationDate", options.expirationDate);
    if (!isUnresolved(options.expirationDate) && Date.parse(options.expirationDate) <= Date.now()) {
      invalidProp(
        this,
        "addKey.expirationDate",
        options.expirationDate,
        "has passed: the key would be created expired and unusable",
        "use a date in the future (Terraform ignores it after creation)",
      );
    }
    const keyType = options.keyType ?? "RSA";
    if (!isUnresolved(keyType) && !["RSA", "RSA-HSM", "EC", "EC-HSM"].includes(keyType)) {
      invalidProp(
        this,
        "addKey.keyType",
        keyType,
        "is not a Key Vault key type",
        'use "RSA" (or "RSA-HSM" on a premium vault)',
      );
    }
    if (keyType.endsWith("-HSM") && !isUnresolved(this.skuName) && this.skuName !== "premium") {
      invalidProp(
        this,
        "addKey.keyType",
        keyType,
        `needs a premium vault, and this one is "${this.skuName}"`,
        'set skuName: "premium" on the vault, or use "RSA"',
      );
    }
    const isRsa = keyType.startsWith("RSA");
    if (isRsa && options.curve !== undefined)
      invalidProp(this, "addKey.curve", options.curve, "applies to EC keys only", "drop curve, or use an EC key type");
    if (!isRsa && options.keySize !== undefined)
      invalidProp(
        this,
        "addKey.keySize",
        options.keySize,
        "applies to RSA keys only",
        "drop keySize, or use an RSA key type",
      );
    const keySize = isRsa ? (options.keySize ?? 3072) : undefined;
    const keyOpts = options.keyOpts ?? (isRsa ? ["decrypt", "encrypt", "unwrapKey", "wrapKey"] : EC_KEY_OPS);
    if (!isUnresolved(keyOpts)) {
      if (keyOpts.length === 0)
        invalidProp(
          this,
          "addKey.keyOpts",
          keyOpts,
          "is empty: the key could do nothing",
          "omit keyOpts for the defaults",
        );
      for (const op of keyOpts) {
        if (isUnresolved(op)) continue;
        if (!KEY_OPS.includes(op))
          invalidProp(
            this,
            "addKey.keyOpts",
            op,
            "is not a key operation the provider accepts",
            `use some of ${KEY_OPS.join(", ")}`,
          );
        if (!isRsa && !EC_KEY_OPS.includes(op))
          invalidProp(
            this,
            "addKey.keyOpts",
            op,
            "is not supported by EC keys (Key Vault has no EC encryption)",
            'use "sign" and "verify", or an RSA key type',
          );
      }
      const dupOp = keyOpts.find((op, i) => keyOpts.indexOf(op) !== i);
      if (dupOp !== undefined)
        invalidProp(this, "addKey.keyOpts", dupOp, "is listed twice", "list each operation once");
    }
    if (keySize !== undefined && !isUnresolved(keySize) && ![2048, 3072, 4096].includes(keySize)) {
      invalidProp(
        this,
        "addKey.keySize",
        keySize,
        "is not an RSA key size Key Vault supports",
        "use 3072 (or 2048 / 4096)",
      );
    }
    const rotation = {
      expireAfter: options.rotation?.expireAfter ?? "P180D",
      timeBeforeExpiry: options.rotation?.timeBeforeExpiry ?? "P30D",
      notifyBeforeExpiry: options.rotation?.notifyBeforeExpiry ?? "P29D",
    };
    for (const [field, value] of Object.entries(rotation)) {
      if (!isUnresolved(value) && !ISO_DURATION.test(value)) {
        invalidProp(
          this,
          `addKey.rotation.${field}`,
          value,
          "is not an ISO 8601 duration in years, months and days",
          'use e.g. "P90D"',
        );
      }
    }
    const days = (d: string): number | undefined => {
      const m = ISO_DURATION.exec(d);
      return m
        ? parseInt(m[1] ?? "0", 10) * 365 + parseInt(m[2] ?? "0", 10) * 30 + parseInt(m[3] ?? "0", 10)
        : undefined;
    };
    const expire = days(rotation.expireAfter);
    const before = days(rotation.timeBeforeExpiry);
    const notify = days(rotation.notifyBeforeExpiry);
    if (expire !== undefined && expire < 28) {
      invalidProp(
        this,
        "addKey.rotation.expireAfter",
        rotation.expireAfter,
        "is shorter than the 28 days Key Vault allows",
        'use e.g. "P180D"',
      );
    }
    if (expire !== undefined && before !== undefined && (before < 7 || before > expire - 7)) {
      invalidProp(
        this,
        "addKey.rotation.timeBeforeExpiry",
        rotation.timeBeforeExpiry,
        `must be at least 7 days and at most expireAfter minus 7 days (${rotation.expireAfter})`,
        'use e.g. "P30D"',
      );
    }
    // The provider's rule: notify_before_expiry between 7 days and expire_after minus 7 days.
    if (expire !== undefined && notify !== undefined && (notify < 7 || notify > expire - 7)) {
      invalidProp(
        this,
        "addKey.rotation.notifyBeforeExpiry",
        rotation.notifyBeforeExpiry,
        `must be at least 7 days and at most expireAfter minus 7 days (${rotation.expireAfter}), or the notification comes after the version expired`,
        'use e.g. "P29D"',
      );
    }
    const key = new KeyVaultKey(this, id, {
      keyVaultId: this.vaultId,
      name: options.name,
      keyType,
      keySize,
      curve: isRsa ? undefined : (options.curve ?? "P-256"),
      keyOpts,
      expirationDate: options.expirationDate,
      rotationPolicy: {
        automatic: { timeBeforeExpiry: rotation.timeBeforeExpiry },
        expireAfter: rotation.expireAfter,
        notifyBeforeExpiry: rotation.notifyBeforeExpiry,
      },
      dependsOn: this.dataPlaneDependencies(),
      lifecycle: { ignoreChanges: ["expiration_date"] },
    });
    this.keys.push(key);
    this.keyNames.push(options.name);
    return key;
  }

  private workloadIdentityOf(
    namespace: ITenantNamespace,
    serviceAccountName: string | undefined,
  ): TenantWorkloadIdentity {
    if (serviceAccountName !== undefined) {
      if (
        !isUnresolved(serviceAccountName) &&
        !isDns1123Label(serviceAccountName) &&
        !isDnsSubdomain(serviceAccountName)
      ) {
        invalidProp(
          this,
          "grantRead.serviceAccountName",
          serviceAccountName,
          "is not a ServiceAccount name",
          "use a lower-case DNS-1123 name",
        );
      }
      const wi = namespace.workloadIdentity(serviceAccountName);
      if (!wi) {
        const known = namespace.workloadIdentities.map((w) => w.serviceAccountName);
        invalidProp(
          this,
          "grantRead.serviceAccountName",
          serviceAccountName,
          `has no workload identity in namespace "${namespace.namespaceName}" (${namespace.node.path})`,
          known.length > 0
            ? `use one of ${known.join(", ")}, or add a workload identity for it to the namespace`
            : "add a workload identity for it to the namespace",
        );
      }
      return wi;
    }
    const all = namespace.workloadIdentities;
    if (all.length === 0) {
      invalidProp(
        this,
        "grantRead.namespace",
        namespace.namespaceName,
        `has no workload identity (${namespace.node.path}), and pods can only read the vault through one`,
        "add a workload identity (ServiceAccount) to the namespace and pass its name as serviceAccountName",
      );
    }
    if (all.length > 1) {
      invalidProp(
        this,
        "grantRead.serviceAccountName",
        undefined,
        `is required: namespace "${namespace.namespaceName}" has ${all.length} workload identities`,
        `pass one of ${all.map((w) => w.serviceAccountName).join(", ")}`,
      );
    }
    return all[0];
  }

  /**
   * Issue 10: a vault-wide grant mounts every secret of the vault, so it is only safe while the
   * vault serves that one namespace. Checked when the second namespace is granted (also from
   * another stack or through another construct for the same vault), before anything is written.
   */
  private requireReadersMayShare(namespace: ITenantNamespace, vaultWide: boolean): void {
    const others = vaultReaders(this, this.vaultKey()).filter(
      (reader) => reader.namespace.node.path !== namespace.node.path,
    );
    const vault = isUnresolved(this.vaultName) ? this.node.path : `"${this.vaultName}"`;
    const ownVault =
      "or give the tenant its own vault (a KeyVaultCsi per tenant, e.g. TenantPlatform tenants[].vault = { vaultName: ... })";
    if (vaultWide && others.length > 0) {
      const other = others[0];
      invalidProp(
        this,
        "grantRead.secrets",
        undefined,
        `is omitted for namespace "${namespace.namespaceName}" (${namespace.node.path}), but vault ${vault} already serves namespace "${other.namespace.namespaceName}" (${other.namespace.node.path}): a vault-wide grant would mount that tenant's secrets into this one`,
        `list the secrets "${namespace.namespaceName}" may read (grantRead(namespace, { secrets: [...] })), ${ownVault}`,
      );
    }
    const wide = others.find((reader) => reader.vaultWide);
    if (wide) {
      invalidProp(
        this,
        "grantRead.namespace",
        namespace.namespaceName,
        `is a second namespace on vault ${vault}, whose vault-wide grant to namespace "${wide.namespace.namespaceName}" (${wide.namespace.node.path}, by ${wide.grantedBy}) would let that tenant read this one's secrets`,
        `list the secrets in the grant of "${wide.namespace.namespaceName}" instead of omitting them, ${ownVault}`,
      );
    }
  }

  /** AKS-NET-17: the CSI driver on the cluster's nodes resolves `<vault>.vault.azure.net` through the cluster VNet's DNS. */
  private linkCluster(cluster: ISecureCluster, prop: string): void {
    const vault = isUnresolved(this.vaultName) ? this.node.path : this.vaultName;
    linkClusterToZone(this, cluster, {
      prop,
      target: `vault ${vault}`,
      zone: this.privateDnsZone,
      links: this.privateDnsZoneLinks,
      tags: this.tags,
    });
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

  /** Vaults are global by name: the literal name identifies one across constructs and stacks. */
  private vaultKey(): string {
    return isUnresolved(this.vaultName) ? `path:${this.node.path}` : `name:${this.vaultName.toLowerCase()}`;
  }

  /**
   * Issue 15: the scope `<vault>/secrets/<name>` must exist before the role assignment. A listed
   * secret that addSecret does not create gets a placeholder in the stack of the first grant that
   * names it (the tenant stack, which is applied from inside the network anyway, after the vault's
   * stack); the grant waits for it (depends_on in one stack, a stack dependency across stacks).
   */
  private waitForPlaceholder(grant: SecretGrant): void {
    const name = grant.secret;
    if (this.secretNames.some((added) => sameObjectName(added, name))) return;
    const grantStack = TerraformStack.of(grant.assignment);
    // The placeholder is written through the vault's endpoint: the vault's stack goes first.
    this.requireDeployedBefore(TerraformStack.of(this), grantStack, name);
    const placeholder = this.placeholderFor(name, grantStack);
    const placeholderStack = TerraformStack.of(placeholder);
    if (placeholderStack === grantStack) {
      grant.placeholderDependency = dependable(placeholder);
      grant.assignment.dependsOn = [...(grant.assignment.dependsOn ?? []), grant.placeholderDependency];
      return;
    }
    this.requireDeployedBefore(placeholderStack, grantStack, name);
  }

  /** Makes `later` depend on `earlier` (two stacks of one app), or fails when `earlier` already depends on `later`. */
  private requireDeployedBefore(earlier: TerraformStack, later: TerraformStack, secret: string): void {
    if (earlier === later) return;
    if (earlier.dependsOn(later)) {
      invalidProp(
        this,
        "grantRead.namespace",
        later.node.id,
        `is in stack ${later.node.id}, which stack ${earlier.node.id} depends on, so secret "${secret}" (its placeholder or its vault) could not exist before the grant`,
        `grant from a stack that deploys after ${earlier.node.id}`,
      );
    }
    later.addDependency(earlier);
  }

  private placeholderFor(name: string, stack: TerraformStack): KeyVaultSecret {
    const key = isUnresolved(name) ? name : name.toLowerCase();
    const existing = this.placeholders.get(key);
    if (existing) return existing;
    const expirationDate = this.placeholderExpirationDate;
    if (expirationDate === undefined) {
      invalidProp(
        this,
        "placeholderExpirationDate",
        undefined,
        `is required: grantRead lists secret "${name}", which nothing in this app creates, so a placeholder must exist before the grant scoped to it (else the deploy fails with ResourceNotFound)`,
        'pass placeholderExpirationDate, e.g. "2027-06-30T00:00:00Z" (ignored after creation), or add the secret with addSecret; for an adopted vault whose secret exists, pass grantRead(..., { secretsExist: true })',
      );
    }
    // One holder per vault in each stack that creates placeholders for it.
    const holderId = `KeyVaultPlaceholders-${this.node.path.replace(/\//g, "-")}`;
    const holder = stack.node.tryFindChild(holderId) ?? new Construct(stack, holderId);
    const vaultName = isUnresolved(this.vaultName) ? "<vault>" : this.vaultName;
    const placeholder = new KeyVaultSecret(
      holder,
      isUnresolved(name) ? `Placeholder-${this.placeholders.size}` : name,
      {
        keyVaultId: this.vaultId,
        name,
        // Not a secret: it only makes the grant's scope exist. Pods that mount it before the real
        // value is set read this text, which fails loudly instead of silently.
        value: `placeholder: set the real value with az keyvault secret set --vault-name ${vaultName} --name ${isUnresolved(name) ? "<name>" : name}`,
        contentType: "placeholder (real value set out of band; Terraform ignores later changes)",
        expirationDate,
        // In the vault's own stack it waits for the endpoint and its DNS; elsewhere the stack order does.
        dependsOn: stack === TerraformStack.of(this) ? this.dataPlaneDependencies() : undefined,
        // The real value arrives as a new version (az keyvault secret set --expires ...) with its own
        // content type, expiry, activation date and tags; Terraform reads the latest version, and must
        // neither store its value nor reset its attributes to the placeholder's.
        lifecycle: { ignoreChanges: ["value", "content_type", "expiration_date", "not_before_date", "tags"] },
      },
    );
    this.placeholders.set(key, placeholder);
    return placeholder;
  }

  /** addSecret after a grant that created a placeholder: the real secret takes its place. */
  private replacePlaceholder(name: string): void {
    const key = isUnresolved(name) ? name : name.toLowerCase();
    const placeholder = this.placeholders.get(key);
    if (!placeholder) return;
    placeholder.node.scope?.node.tryRemoveChild(placeholder.node.id);
    this.placeholders.delete(key);
    for (const grant of this.secretGrants) {
      if (grant.placeholderDependency === undefined || !sameObjectName(grant.secret, name)) continue;
      const rest = (grant.assignment.dependsOn ?? []).filter(
        (dependency) => dependency !== grant.placeholderDependency,
      );
      grant.assignment.dependsOn = rest.length > 0 ? rest : undefined;
      grant.placeholderDependency = undefined;
    }
  }

  private dataPlaneDependencies(): ITerraformDependable[] | undefined {
    // Terraform writes secrets and keys through the private endpoint; its DNS must be in place.
    const deps: ITerraformDependable[] = [
      ...(this.privateEndpoint ? [this.privateEndpoint] : []),
      ...this.privateDnsZoneLinks,
    ];
    return deps.length > 0 ? deps : undefined;
  }

  private requireObjectName(prop: string, value: string): void {
    if (!isUnresolved(value) && !OBJECT_NAME.test(value ?? "")) {
      invalidProp(
        this,
        prop,
        value,
        "is not a Key Vault object name (1-127 letters, digits and hyphens)",
        'use e.g. "db-password"',
      );
    }
  }

  private requireDate(prop: string, value: string): void {
    if (isUnresolved(value)) return;
    if (!RFC3339.test(value ?? "") || !isCalendarDateTime(value)) {
      invalidProp(
        this,
        prop,
        value,
        "is not an RFC 3339 date-time on a real calendar day",
        'use e.g. "2026-12-31T00:00:00Z"',
      );
    }
  }

  /** Key Vault object names are case-insensitive within secrets and within keys. */
  private requireUniqueName(prop: string, value: string, names: readonly string[]): void {
    if (isUnresolved(value)) return;
    const other = names.find((name) => !isUnresolved(name) && name.toLowerCase() === value.toLowerCase());
    if (other !== undefined) {
      invalidProp(
        this,
        prop,
        value,
        `is already used in this vault ("${other}"; Key Vault names are case-insensitive)`,
        "give each object its own name",
      );
    }
  }

  private required<T>(prop: string, value: T | undefined): T {
    if (value === undefined) invalidProp(this, prop, undefined, "is required when creating a vault", `pass ${prop}`);
    return value;
  }
}

/**
 * The provider's `objects` parameter: a YAML document whose `array` holds one YAML document per
 * object. Serialized with a YAML library so that names YAML would read as numbers ("0123") stay
 * strings.
 */
function objectsParameter(secrets: string[]): string {
  return stringifyYaml({ array: secrets.map((objectName) => stringifyYaml({ objectName, objectType: "secret" })) });
}

/** SecretProviderClass names of one namespace of one cluster (shared by every namespace construct for it). */
function secretProviderClassNames(namespace: ITenantNamespace): Map<string, string> {
  const byNamespace = SPC_NAMES.get(namespace.cluster) ?? new Map<string, Map<string, string>>();
  SPC_NAMES.set(namespace.cluster, byNamespace);
  const key = isUnresolved(namespace.namespaceName) ? `path:${namespace.node.path}` : namespace.namespaceName;
  const names = byNamespace.get(key) ?? new Map<string, string>();
  byNamespace.set(key, names);
  return names;
}

/** The readers of one vault in the app of `scope`. */
function vaultReaders(scope: IConstruct, vaultKey: string): VaultReader[] {
  const root = scope.node.root;
  const byVault = VAULT_READERS.get(root) ?? new Map<string, VaultReader[]>();
  VAULT_READERS.set(root, byVault);
  const readers = byVault.get(vaultKey) ?? [];
  byVault.set(vaultKey, readers);
  return readers;
}

/** Key Vault object names compare case-insensitively; tokens only to themselves. */
function sameObjectName(a: string, b: string): boolean {
  if (isUnresolved(a) || isUnresolved(b)) return a === b;
  return a.toLowerCase() === b.toLowerCase();
}

/** The secret scope of a grant depends on the secret when both are in one stack and name the same secret. */
function linkGrantToSecret(
  assignment: RoleAssignment,
  grantedName: string,
  secret: KeyVaultSecret,
  secretName: string,
): void {
  if (isUnresolved(grantedName) || isUnresolved(secretName) || grantedName.toLowerCase() !== secretName.toLowerCase())
    return;
  if (TerraformStack.of(assignment) !== TerraformStack.of(secret)) return;
  assignment.dependsOn = [...(assignment.dependsOn ?? []), dependable(secret)];
}

/** The first name listed twice, compared case-insensitively (tokens skipped). */
function duplicateName(names: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const name of names) {
    if (isUnresolved(name)) continue;
    const key = name.toLowerCase();
    if (seen.has(key)) return name;
    seen.add(key);
  }
  return undefined;
}

/** RFC 3339 fields that name a real instant: no 31 February, no hour 24. */
function isCalendarDateTime(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second &&
    !Number.isNaN(Date.parse(value))
  );
}

function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && value.split(".").every((label) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label));
}
