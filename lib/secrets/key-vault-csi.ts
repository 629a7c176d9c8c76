import { Construct, IConstruct } from "constructs";
import { Annotations, ITerraformDependable, Lazy, TerraformProvider, TerraformStack, dependable } from "cdktf";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { stringify as stringifyYaml } from "yaml";
import { SecurityBaseline } from "../baseline/security-baseline";
import { ISecureClusterRef } from "../cluster/cluster-ref";
import { ITenantNamespace, TenantWorkloadIdentity } from "../namespace/tenant-namespace-ref";
import { PrivateLinkOptions, clusterPrivateEndpointNetwork, createPrivateLink } from "../registry/private-link";
import { armResourceName, invalidProp, isDns1123Label, isUnresolved, isUuid, requireLocation, requireTags, requireUuid, validationMessage } from "../util/validation";

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
  readonly cluster?: ISecureClusterRef;
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
   * @default - the whole vault, mounting the secrets added with addSecret
   */
  readonly secrets?: string[];
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
const CREATION_ONLY: (keyof KeyVaultCsiProps)[] = ["skuName", "softDeleteRetentionDays", "networkAclsBypass", "logAnalyticsWorkspaceId"];
/** Operations the provider accepts in `key_opts`. */
const KEY_OPS = ["decrypt", "encrypt", "sign", "unwrapKey", "verify", "wrapKey"];
const EC_KEY_OPS = ["sign", "verify"];
/** SecretProviderClass names per namespace construct, across vaults (names must be unique in a namespace). */
const SPC_NAMES = new WeakMap<IConstruct, Map<string, string>>();
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
 * Secrets Officer" / "Crypto Officer") to run `addSecret` / `addKey`.
 */
export class KeyVaultCsi extends Construct {
  /** Adopts an existing vault by resource id (aws-cdk style `fromXxx`). */
  public static fromVaultId(scope: Construct, id: string, vaultId: string, props: Omit<KeyVaultCsiProps, "existingVaultId"> = {}): KeyVaultCsi {
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

  private readonly skuName: string;
  /** Names given to addSecret / addKey, in call order (the vault-wide SecretProviderClass mounts the secrets). */
  private readonly secretNames: string[] = [];
  private readonly keyNames: string[] = [];
  /** Secret-scoped grants, so a secret added after the grant still becomes its dependency. */
  private readonly secretGrants: { readonly secret: string; readonly assignment: RoleAssignment }[] = [];

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
          invalidProp(this, prop, props[prop], "applies only to a vault this construct creates, not to an adopted one", `drop ${prop}, or drop existingVaultId to create the vault here`);
        }
      }
      const parsed = isUnresolved(existingId) ? undefined : VAULT_ID.exec(existingId);
      if (!isUnresolved(existingId) && (!parsed || !isUuid(parsed[1]))) {
        invalidProp(this, "existingVaultId", existingId, "is not a Key Vault resource id", "pass /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>");
      }
      if (props.vaultName !== undefined && parsed && !isUnresolved(props.vaultName) && props.vaultName.toLowerCase() !== parsed[2].toLowerCase()) {
        invalidProp(this, "vaultName", props.vaultName, `differs from the name in existingVaultId ("${parsed[2]}")`, "drop vaultName (it is read from the id)");
      }
      name = props.vaultName ?? parsed?.[2] ?? "";
      if (name === "") {
        invalidProp(this, "vaultName", undefined, "is required when existingVaultId is a token (it is the SecretProviderClass keyvaultName)", "pass vaultName");
      }
    } else {
      if (props.vaultName === undefined) {
        invalidProp(this, "vaultName", undefined, "is required when no existingVaultId is given", 'pass a globally unique name such as "kv-team-a-prod"');
      }
      name = props.vaultName;
    }
    if (!isUnresolved(name) && !VAULT_NAME.test(name)) {
      invalidProp(this, "vaultName", name, "is not a valid vault name (3-24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, no consecutive hyphens)", 'use e.g. "kv-team-a-prod"');
    }
    this.vaultName = name;

    const tenantId = props.tenantId ?? cluster?.tenantId;
    if (tenantId === undefined) {
      invalidProp(this, "tenantId", undefined, "is required without a cluster", "pass the Entra tenant id, or cluster");
    }
    requireUuid(this, "tenantId", tenantId, "Entra tenant id");
    this.tenantId = tenantId;
    this.skuName = props.skuName ?? "standard";

    const net = cluster ? clusterPrivateEndpointNetwork(cluster) : undefined;
    const peOptions: PrivateLinkOptions | undefined =
      props.privateEndpoint ?? (existingId === undefined && net ? { subnetId: net.subnetId, virtualNetworkIds: net.vnetId ? [net.vnetId] : undefined } : undefined);

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
        invalidProp(this, "privateEndpoint", undefined, "is required: public network access is off, so without a private endpoint neither pods nor Terraform could reach the vault", "pass { subnetId } (and privateDnsZoneId for a hub-owned zone), or a SecureCluster built on a ClusterNetwork as cluster");
      }
      const workspaceId = props.logAnalyticsWorkspaceId ?? cluster?.logAnalyticsWorkspaceId;
      if (workspaceId === undefined) {
        invalidProp(this, "logAnalyticsWorkspaceId", undefined, "is required without a cluster: the vault's audit logs need a destination (AKS-SEC-06)", "pass a Log Analytics workspace id, or cluster");
      }
      if (props.logAnalyticsWorkspaceId !== undefined && !isUnresolved(workspaceId) && armResourceName(workspaceId, "Microsoft.OperationalInsights/workspaces") === undefined) {
        invalidProp(this, "logAnalyticsWorkspaceId", workspaceId, "is not a Log Analytics workspace resource id", "pass /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>, or omit it to use the cluster's workspace");
      }

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
        // AKS-SEC-05: reachable only through the private endpoint.
        publicNetworkAccessEnabled: false,
        networkAcls: { defaultAction: "Deny", bypass, ipRules: [], virtualNetworkSubnetIds: [] },
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
      if (location === undefined) invalidProp(this, "location", undefined, "is required for the private endpoint", "pass location (or privateEndpoint.location)");
      if (resourceGroupName === undefined) invalidProp(this, "resourceGroupName", undefined, "is required for the private endpoint", "pass resourceGroupName (or privateEndpoint.resourceGroupName)");
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

    if (cluster) ensureSecretRotation(this, cluster);
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
      if (secrets.length === 0) invalidProp(this, "grantRead.secrets", secrets, "is empty", "list the secret names, or omit secrets for a vault-wide grant");
      for (const secret of secrets) this.requireObjectName("grantRead.secrets", secret);
      // Key Vault object names are case-insensitive: "Db" and "db" are one secret.
      const dup = duplicateName(secrets);
      if (dup !== undefined) invalidProp(this, "grantRead.secrets", dup, "is listed twice (Key Vault names are case-insensitive)", "list each secret once");
    }
    const containerId = `KeyVaultRead-${this.node.path.replace(/\//g, "-")}-${wi.serviceAccountName}`;
    if (namespace.node.tryFindChild(containerId)) {
      invalidProp(this, "grantRead", `${namespace.namespaceName}/${wi.serviceAccountName}`, "was already granted read access to this vault", "list every secret in one grantRead call per service account");
    }
    const spcName = options.secretProviderClassName ?? (isUnresolved(this.vaultName) ? `kv-${wi.serviceAccountName}` : `${this.vaultName.toLowerCase()}-${wi.serviceAccountName}`);
    if (!isUnresolved(spcName) && !isDnsSubdomain(spcName)) {
      invalidProp(this, "grantRead.secretProviderClassName", spcName, "is not a Kubernetes object name (DNS-1123 subdomain)", "use lower-case letters, digits, '-' and '.', at most 253 characters");
    }
    const spcNames = SPC_NAMES.get(namespace) ?? new Map<string, string>();
    const taken = isUnresolved(spcName) ? undefined : spcNames.get(spcName);
    if (taken !== undefined) {
      invalidProp(this, "grantRead.secretProviderClassName", spcName, `is already the name of SecretProviderClass ${taken} in namespace "${namespace.namespaceName}"`, "pass a secretProviderClassName unique in the namespace");
    }
    const container = new Construct(namespace, containerId);

    const scopes = secrets === undefined ? [this.vaultId] : secrets.map((s) => `${this.vaultId}/secrets/${s}`);
    const roleAssignments = scopes.map((scope, i) => {
      const assignment = new RoleAssignment(container, secrets === undefined ? "SecretsUserVault" : `SecretsUser-${isUnresolved(secrets[i]) ? i : secrets[i]}`, {
        scope,
        roleDefinitionName: SECRETS_USER,
        principalId: wi.principalId,
        principalType: "ServicePrincipal",
        // The identity is created with the namespace; a brand-new principal can fail the Entra
        // existence check through replication lag. The check adds no security.
        skipServicePrincipalAadCheck: true,
        description: `AKS-SEC-02 ${namespace.namespaceName}/${wi.serviceAccountName} reads ${secrets === undefined ? "the vault" : "one secret"} (Key Vault Secrets User 4633458b-17de-408a-b874-0445c86b69e6)`,
      });
      if (secrets !== undefined) {
        this.secretGrants.push({ secret: secrets[i], assignment });
        this.secrets.forEach((secret, j) => linkGrantToSecret(assignment, secrets[i], secret, this.secretNames[j]));
      }
      return assignment;
    });

    // A vault-wide grant mounts what addSecret added, also after this call: resolved at synth.
    const objects = secrets !== undefined ? objectsParameter(secrets) : Lazy.stringValue({ produce: () => objectsParameter(this.secretNames) });
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
    SPC_NAMES.set(namespace, spcNames);
    ensureSecretRotation(this, namespace.cluster);
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
      invalidProp(this, "addKey.expirationDate", options.expirationDate, "has passed: the key would be created expired and unusable", "use a date in the future (Terraform ignores it after creation)");
    }
    const keyType = options.keyType ?? "RSA";
    if (!isUnresolved(keyType) && !["RSA", "RSA-HSM", "EC", "EC-HSM"].includes(keyType)) {
      invalidProp(this, "addKey.keyType", keyType, "is not a Key Vault key type", 'use "RSA" (or "RSA-HSM" on a premium vault)');
    }
    if (keyType.endsWith("-HSM") && !isUnresolved(this.skuName) && this.skuName !== "premium") {
      invalidProp(this, "addKey.keyType", keyType, `needs a premium vault, and this one is "${this.skuName}"`, 'set skuName: "premium" on the vault, or use "RSA"');
    }
    const isRsa = keyType.startsWith("RSA");
    if (isRsa && options.curve !== undefined) invalidProp(this, "addKey.curve", options.curve, "applies to EC keys only", "drop curve, or use an EC key type");
    if (!isRsa && options.keySize !== undefined) invalidProp(this, "addKey.keySize", options.keySize, "applies to RSA keys only", "drop keySize, or use an RSA key type");
    const keySize = isRsa ? (options.keySize ?? 3072) : undefined;
    const keyOpts = options.keyOpts ?? (isRsa ? ["decrypt", "encrypt", "unwrapKey", "wrapKey"] : EC_KEY_OPS);
    if (!isUnresolved(keyOpts)) {
      if (keyOpts.length === 0) invalidProp(this, "addKey.keyOpts", keyOpts, "is empty: the key could do nothing", "omit keyOpts for the defaults");
      for (const op of keyOpts) {
        if (isUnresolved(op)) continue;
        if (!KEY_OPS.includes(op)) invalidProp(this, "addKey.keyOpts", op, "is not a key operation the provider accepts", `use some of ${KEY_OPS.join(", ")}`);
        if (!isRsa && !EC_KEY_OPS.includes(op)) invalidProp(this, "addKey.keyOpts", op, "is not supported by EC keys (Key Vault has no EC encryption)", 'use "sign" and "verify", or an RSA key type');
      }
      const dupOp = keyOpts.find((op, i) => keyOpts.indexOf(op) !== i);
      if (dupOp !== undefined) invalidProp(this, "addKey.keyOpts", dupOp, "is listed twice", "list each operation once");
    }
    if (keySize !== undefined && !isUnresolved(keySize) && ![2048, 3072, 4096].includes(keySize)) {
      invalidProp(this, "addKey.keySize", keySize, "is not an RSA key size Key Vault supports", "use 3072 (or 2048 / 4096)");
    }
    const rotation = {
      expireAfter: options.rotation?.expireAfter ?? "P180D",
      timeBeforeExpiry: options.rotation?.timeBeforeExpiry ?? "P30D",
      notifyBeforeExpiry: options.rotation?.notifyBeforeExpiry ?? "P29D",
    };
    for (const [field, value] of Object.entries(rotation)) {
      if (!isUnresolved(value) && !ISO_DURATION.test(value)) {
        invalidProp(this, `addKey.rotation.${field}`, value, "is not an ISO 8601 duration in years, months and days", 'use e.g. "P90D"');
      }
    }
    const days = (d: string): number | undefined => {
      const m = ISO_DURATION.exec(d);
      return m ? parseInt(m[1] ?? "0", 10) * 365 + parseInt(m[2] ?? "0", 10) * 30 + parseInt(m[3] ?? "0", 10) : undefined;
    };
    const expire = days(rotation.expireAfter);
    const before = days(rotation.timeBeforeExpiry);
    const notify = days(rotation.notifyBeforeExpiry);
    if (expire !== undefined && expire < 28) {
      invalidProp(this, "addKey.rotation.expireAfter", rotation.expireAfter, "is shorter than the 28 days Key Vault allows", 'use e.g. "P180D"');
    }
    if (expire !== undefined && before !== undefined && (before < 7 || before > expire - 7)) {
      invalidProp(this, "addKey.rotation.timeBeforeExpiry", rotation.timeBeforeExpiry, `must be at least 7 days and at most expireAfter minus 7 days (${rotation.expireAfter})`, 'use e.g. "P30D"');
    }
    // The provider's rule: notify_before_expiry between 7 days and expire_after minus 7 days.
    if (expire !== undefined && notify !== undefined && (notify < 7 || notify > expire - 7)) {
      invalidProp(this, "addKey.rotation.notifyBeforeExpiry", rotation.notifyBeforeExpiry, `must be at least 7 days and at most expireAfter minus 7 days (${rotation.expireAfter}), or the notification comes after the version expired`, 'use e.g. "P29D"');
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

  private workloadIdentityOf(namespace: ITenantNamespace, serviceAccountName: string | undefined): TenantWorkloadIdentity {
    if (serviceAccountName !== undefined) {
      if (!isUnresolved(serviceAccountName) && !isDns1123Label(serviceAccountName) && !isDnsSubdomain(serviceAccountName)) {
        invalidProp(this, "grantRead.serviceAccountName", serviceAccountName, "is not a ServiceAccount name", "use a lower-case DNS-1123 name");
      }
      const wi = namespace.workloadIdentity(serviceAccountName);
      if (!wi) {
        const known = namespace.workloadIdentities.map((w) => w.serviceAccountName);
        invalidProp(this, "grantRead.serviceAccountName", serviceAccountName, `has no workload identity in namespace "${namespace.namespaceName}" (${namespace.node.path})`, known.length > 0 ? `use one of ${known.join(", ")}, or add a workload identity for it to the namespace` : "add a workload identity for it to the namespace");
      }
      return wi;
    }
    const all = namespace.workloadIdentities;
    if (all.length === 0) {
      invalidProp(this, "grantRead.namespace", namespace.namespaceName, `has no workload identity (${namespace.node.path}), and pods can only read the vault through one`, "add a workload identity (ServiceAccount) to the namespace and pass its name as serviceAccountName");
    }
    if (all.length > 1) {
      invalidProp(this, "grantRead.serviceAccountName", undefined, `is required: namespace "${namespace.namespaceName}" has ${all.length} workload identities`, `pass one of ${all.map((w) => w.serviceAccountName).join(", ")}`);
    }
    return all[0];
  }

  private dataPlaneDependencies(): ITerraformDependable[] | undefined {
    // Terraform writes secrets and keys through the private endpoint; its DNS must be in place.
    const deps: ITerraformDependable[] = [...(this.privateEndpoint ? [this.privateEndpoint] : []), ...this.privateDnsZoneLinks];
    return deps.length > 0 ? deps : undefined;
  }

  private requireObjectName(prop: string, value: string): void {
    if (!isUnresolved(value) && !OBJECT_NAME.test(value ?? "")) {
      invalidProp(this, prop, value, "is not a Key Vault object name (1-127 letters, digits and hyphens)", 'use e.g. "db-password"');
    }
  }

  private requireDate(prop: string, value: string): void {
    if (isUnresolved(value)) return;
    if (!RFC3339.test(value ?? "") || !isCalendarDateTime(value)) {
      invalidProp(this, prop, value, "is not an RFC 3339 date-time on a real calendar day", 'use e.g. "2026-12-31T00:00:00Z"');
    }
  }

  /** Key Vault object names are case-insensitive within secrets and within keys. */
  private requireUniqueName(prop: string, value: string, names: readonly string[]): void {
    if (isUnresolved(value)) return;
    const other = names.find((name) => !isUnresolved(name) && name.toLowerCase() === value.toLowerCase());
    if (other !== undefined) {
      invalidProp(this, prop, value, `is already used in this vault ("${other}"; Key Vault names are case-insensitive)`, "give each object its own name");
    }
  }

  private required<T>(prop: string, value: T | undefined): T {
    if (value === undefined) invalidProp(this, prop, undefined, "is required when creating a vault", `pass ${prop}`);
    return value;
  }
}

/**
 * Turns on rotation of the cluster's Key Vault secrets provider (AKS-SEC-01) when the cluster
 * exposes its `azurerm_kubernetes_cluster` (SecureCluster does, and already sets it; this keeps a
 * changed escape hatch honest). Other cluster references get a warning.
 */
function ensureSecretRotation(scope: IConstruct, cluster: ISecureClusterRef): void {
  const resource = (cluster as ISecureClusterRef & { kubernetesCluster?: KubernetesCluster }).kubernetesCluster;
  if (!resource || typeof resource.putKeyVaultSecretsProvider !== "function") {
    Annotations.of(scope).addWarning(`${cluster.node.path} does not expose its azurerm_kubernetes_cluster, so secret rotation (AKS-SEC-01) cannot be checked here; set key_vault_secrets_provider { secret_rotation_enabled = true } on it.`);
    return;
  }
  const current = resource.keyVaultSecretsProviderInput;
  if (current?.secretRotationEnabled === true) return;
  resource.putKeyVaultSecretsProvider({ secretRotationEnabled: true, secretRotationInterval: current?.secretRotationInterval ?? "2m" });
}

/**
 * The provider's `objects` parameter: a YAML document whose `array` holds one YAML document per
 * object. Serialized with a YAML library so that names YAML would read as numbers ("0123") stay
 * strings.
 */
function objectsParameter(secrets: string[]): string {
  return stringifyYaml({ array: secrets.map((objectName) => stringifyYaml({ objectName, objectType: "secret" })) });
}

/** The secret scope of a grant depends on the secret when both are in one stack and name the same secret. */
function linkGrantToSecret(assignment: RoleAssignment, grantedName: string, secret: KeyVaultSecret, secretName: string): void {
  if (isUnresolved(grantedName) || isUnresolved(secretName) || grantedName.toLowerCase() !== secretName.toLowerCase()) return;
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
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second && !Number.isNaN(Date.parse(value))
  );
}

function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && value.split(".").every((label) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label));
}
