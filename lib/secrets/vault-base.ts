import { Construct, IConstruct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ISecureCluster } from "../cluster/cluster-ref";
import { ITenantNamespace } from "../namespace/tenant-namespace-ref";
import { PrivateLinkedService } from "../registry/private-linked-service";
import { AzureRoles } from "../util/azure-roles";
import { requireDefined } from "../util/require-defined";
import { invalidProp, isUnresolved, requireUuid, withResolved } from "../util/validation";
import {
  KeyVaultKeyOptions,
  KeyVaultSecretOptions,
  requireDate,
  requireObjectName,
  requireUniqueName,
  resolveKeySettings,
} from "./vault-objects";
import { VaultPlaceholders } from "./vault-placeholders";
import {
  KeyVaultReadGrant,
  KeyVaultReadOptions,
  newSecretProviderClass,
  recordReader,
  requireReadOptions,
  requireReadersMayShare,
  secretProviderClassName,
  workloadIdentityOf,
} from "./vault-read-grant";

/** How pods and Terraform use a vault: the same for a vault created here and for an imported one. */
export interface VaultAccessOptions {
  /**
   * Entra tenant of the vault; also the `tenantId` of every SecretProviderClass.
   *
   * @default - the tenant of `cluster`; required without a cluster
   */
  readonly tenantId?: string;
  /**
   * The cluster whose pods read the vault: default tenant, workspace and endpoint subnet; its Key
   * Vault secrets provider add-on gets rotation on (AKS-SEC-01). `grantRead` does the same for each
   * namespace's cluster.
   *
   * @default - none
   */
  readonly cluster?: ISecureCluster;
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
}

/**
 * A Key Vault as namespaces and Terraform use it: a {@link KeyVaultCsi} created here, or one
 * imported with `KeyVaultCsi.fromVaultAttributes`.
 */
export interface IVault extends IConstruct {
  /** Resource id of the vault. */
  readonly vaultId: string;
  /** Vault name (the SecretProviderClasses' `keyvaultName`). */
  readonly vaultName: string;
  /** Tenant of the vault. */
  readonly tenantId: string;
  /** Private endpoint, when one is created here. */
  readonly privateEndpoint?: PrivateEndpoint;
  /** `privatelink.vaultcore.azure.net` zone created here (undefined with a BYO zone id or without an endpoint). */
  readonly privateDnsZone?: PrivateDnsZone;
  /** VNet links of the created zone. */
  readonly privateDnsZoneLinks: PrivateDnsZoneVirtualNetworkLink[];
  /** Secrets added with `addSecret`. */
  readonly secrets: KeyVaultSecret[];
  /** Keys added with `addKey`. */
  readonly keys: KeyVaultKey[];
  /** Grants made with `grantRead`. */
  readonly grants: KeyVaultReadGrant[];
  /** Placeholder secrets created for secrets that `grantRead` lists and nothing else creates, in creation order. */
  readonly placeholderSecrets: KeyVaultSecret[];
  /** Lets the namespace's workload identity read secrets (AKS-SEC-02) through a SecretProviderClass. */
  grantRead(namespace: ITenantNamespace, options?: KeyVaultReadOptions): KeyVaultReadGrant;
  /** Adds a secret with an expiry (AKS-SEC-07). */
  addSecret(id: string, options: KeyVaultSecretOptions): KeyVaultSecret;
  /** Adds a key with an expiry and automatic rotation (AKS-SEC-07). */
  addKey(id: string, options: KeyVaultKeyOptions): KeyVaultKey;
}

/**
 * What a created and an imported vault share: read grants with their SecretProviderClasses and
 * placeholders, secrets and keys written through the data plane, the private DNS links of the
 * clusters that read it (like aws-ecr's RepositoryBase).
 */
export abstract class VaultBase extends PrivateLinkedService implements IVault {
  /** Secrets added with `addSecret`. */
  public readonly secrets: KeyVaultSecret[] = [];
  /** Keys added with `addKey`. */
  public readonly keys: KeyVaultKey[] = [];
  /** Grants made with `grantRead`. */
  public readonly grants: KeyVaultReadGrant[] = [];

  /** Resource id of the vault. */
  public abstract readonly vaultId: string;
  /** Vault name (the SecretProviderClasses' `keyvaultName`). */
  public abstract readonly vaultName: string;
  /** Tenant of the vault (and of the SecretProviderClasses). */
  public abstract readonly tenantId: string;
  /** The vault's SKU, as far as this construct knows it ("-HSM" keys need "premium"). */
  protected abstract readonly skuName: string;
  /** True when this construct creates the vault (so no secret exists in it that Terraform does not create). */
  protected abstract readonly createdHere: boolean;
  private placeholders?: VaultPlaceholders;
  /** Names given to addSecret / addKey, in call order (the vault-wide SecretProviderClass mounts the secrets). */
  private readonly secretNames: string[] = [];
  private readonly keyNames: string[] = [];

  protected constructor(scope: Construct, id: string, options: VaultAccessOptions & { readonly location?: string }) {
    super(scope, id, { subresource: "vault", zoneName: "privatelink.vaultcore.azure.net", what: "vault" }, options);
  }

  /**
   * Placeholder secrets created for secrets that `grantRead` lists and nothing else creates (see
   * `placeholderExpirationDate`), in creation order.
   */
  public get placeholderSecrets(): KeyVaultSecret[] {
    return this.placeholders?.secrets ?? [];
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
    const wi = workloadIdentityOf(this, namespace, options.serviceAccountName);
    requireReadOptions(this, options, this.createdHere);
    const secrets = options.secrets;
    requireReadersMayShare(this, namespace, secrets === undefined);
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
    const spcArgs = { vault: this, namespace, workloadIdentity: wi, options, addedNames: this.secretNames };
    const spcName = secretProviderClassName(spcArgs);
    const container = new Construct(namespace, containerId);

    const role = AzureRoles.keyVaultSecretsUser;
    const scopes = secrets === undefined ? [this.vaultId] : secrets.map((s) => `${this.vaultId}/secrets/${s}`);
    const roleAssignments = scopes.map((scope, i) => {
      const assignment = new RoleAssignment(
        container,
        secrets === undefined ? "SecretsUserVault" : `SecretsUser-${isUnresolved(secrets[i]) ? i : secrets[i]}`,
        {
          scope,
          roleDefinitionName: role.name,
          principalId: wi.principalId,
          principalType: "ServicePrincipal",
          // The identity is created with the namespace; a brand-new principal can fail the Entra
          // existence check through replication lag. The check adds no security.
          skipServicePrincipalAadCheck: true,
          description: `AKS-SEC-02 ${namespace.namespaceName}/${wi.serviceAccountName} reads ${secrets === undefined ? "the vault" : "one secret"} (${role.name} ${role.id})`,
        },
      );
      if (secrets !== undefined) {
        this.placeholderConcern().addGrant(secrets[i], assignment, this.secrets, options.secretsExist === true);
      }
      return assignment;
    });

    const secretProviderClass = newSecretProviderClass(container, spcName, spcArgs);
    this.linkCluster(namespace.cluster, "grantRead.namespace", this.vaultName);
    recordReader(this, namespace, secrets === undefined);
    namespace.cluster.requireSecretRotation(this);
    const grant: KeyVaultReadGrant = { workloadIdentity: wi, roleAssignments, secretProviderClass };
    this.grants.push(grant);
    return grant;
  }

  /** Adds a secret with an expiry (AKS-SEC-07). Terraform needs "Key Vault Secrets Officer" and a path to the endpoint. */
  public addSecret(id: string, options: KeyVaultSecretOptions): KeyVaultSecret {
    const secret = new KeyVaultSecret(this, id, {
      ...this.dataPlaneObject("addSecret", options, this.secretNames),
      value: options.value,
      contentType: options.contentType,
    });
    this.secrets.push(secret);
    this.secretNames.push(options.name);
    this.placeholderConcern().secretAdded(secret, options.name);
    return secret;
  }

  /**
   * Adds a key with an expiry and automatic rotation (AKS-SEC-07; a KMS key for AKS-DAT-01).
   * `expiration_date` is ignored after creation: rotation gives each new version its own expiry,
   * which Terraform would otherwise try to reset.
   */
  public addKey(id: string, options: KeyVaultKeyOptions): KeyVaultKey {
    const key = new KeyVaultKey(this, id, {
      ...this.dataPlaneObject("addKey", options, this.keyNames),
      ...resolveKeySettings(this, options, this.skuName),
      lifecycle: { ignoreChanges: ["expiration_date"] },
    });
    this.keys.push(key);
    this.keyNames.push(options.name);
    return key;
  }

  /** The vault's tenant: the given one, else the cluster's. */
  protected resolveTenantId(tenantId: string | undefined, cluster: ISecureCluster | undefined): string {
    const tenant = requireDefined(
      this,
      "tenantId",
      tenantId ?? cluster?.tenantId,
      "is required without a cluster",
      "pass the Entra tenant id, or cluster",
    );
    requireUuid(this, "tenantId", tenant, "Entra tenant id");
    return tenant;
  }

  /** Sets the expiry of the placeholders `grantRead` may create (KeyVaultCsiProps.placeholderExpirationDate). */
  protected usePlaceholderExpirationDate(date: string | undefined): void {
    if (date !== undefined) requireDate(this, "placeholderExpirationDate", date);
    this.placeholders = new VaultPlaceholders(this, date, this.secretNames, () => this.dataPlaneDependencies());
  }

  /** The cluster of the props reads the vault: its VNet resolves the endpoint, and its secrets provider rotates. */
  protected serveCluster(cluster: ISecureCluster | undefined): void {
    if (!cluster) return;
    this.linkCluster(cluster, "cluster", this.vaultName);
    cluster.requireSecretRotation(this);
  }

  /**
   * The common settings of a secret or key written through the vault's data plane: its name (valid,
   * unique among the vault's secrets or keys) and expiry (AKS-SEC-07) checked, after the endpoint.
   */
  private dataPlaneObject(
    method: "addSecret" | "addKey",
    options: { readonly name: string; readonly expirationDate: string },
    names: readonly string[],
  ): { keyVaultId: string; name: string; expirationDate: string; dependsOn?: ITerraformDependable[] } {
    requireObjectName(this, `${method}.name`, options.name);
    requireUniqueName(this, `${method}.name`, options.name, names);
    requireDate(this, `${method}.expirationDate`, options.expirationDate);
    return {
      keyVaultId: this.vaultId,
      name: options.name,
      expirationDate: options.expirationDate,
      dependsOn: this.dataPlaneDependencies(),
    };
  }

  private placeholderConcern(): VaultPlaceholders {
    if (!this.placeholders) this.usePlaceholderExpirationDate(undefined);
    return this.placeholders!;
  }

  private dataPlaneDependencies(): ITerraformDependable[] | undefined {
    // Terraform writes secrets and keys through the private endpoint; its DNS must be in place.
    const deps: ITerraformDependable[] = [
      ...(this.privateEndpoint ? [this.privateEndpoint] : []),
      ...this.privateDnsZoneLinks,
    ];
    return deps.length > 0 ? deps : undefined;
  }
}

const VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/** Vault names: 3-24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, no "--"; tokens pass. */
export function requireVaultName(scope: IConstruct, name: string): void {
  withResolved(name, (known) => {
    if (VAULT_NAME.test(known)) return;
    invalidProp(
      scope,
      "vaultName",
      known,
      "is not a valid vault name (3-24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, no consecutive hyphens)",
      'use e.g. "kv-team-a-prod"',
    );
  });
}
