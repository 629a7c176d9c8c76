import { Construct, IConstruct } from "constructs";
import { Lazy, TerraformProvider } from "cdktf";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { stringify as stringifyYaml } from "yaml";
import { isDns1123Subdomain } from "../namespace/kubernetes-names";
import { ITenantNamespace, TenantWorkloadIdentity } from "../namespace/tenant-namespace-ref";
import { invalidProp, isDns1123Label, isUnresolved, validationMessage, withResolved } from "../util/validation";
import { duplicateName, requireObjectName } from "./vault-objects";

/** Options of {@link IVault.grantRead}. */
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
   * For a vault imported with `KeyVaultCsi.fromVaultAttributes` only: `true` states that every listed
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

/** What {@link IVault.grantRead} created, all in the namespace's construct scope. */
export interface KeyVaultReadGrant {
  readonly workloadIdentity: TenantWorkloadIdentity;
  /** One per secret, or one on the vault. */
  readonly roleAssignments: RoleAssignment[];
  /** The SecretProviderClass, in the namespace. */
  readonly secretProviderClass: Manifest;
}

/** What a read grant needs of its vault. */
export interface ReadVault extends IConstruct {
  readonly vaultId: string;
  readonly vaultName: string;
  readonly tenantId: string;
}

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

/** The listed secrets and `secretsExist` of a grant; `createdHere` when the vault is created by this construct. */
export function requireReadOptions(vault: IConstruct, options: KeyVaultReadOptions, createdHere: boolean): void {
  const secrets = options.secrets;
  withResolved(secrets, (listed) => {
    if (listed.length === 0)
      invalidProp(
        vault,
        "grantRead.secrets",
        listed,
        "is empty",
        "list the secret names, or omit secrets for a vault-wide grant",
      );
    for (const secret of listed) requireObjectName(vault, "grantRead.secrets", secret);
    // Key Vault object names are case-insensitive: "Db" and "db" are one secret.
    const dup = duplicateName(listed);
    if (dup !== undefined)
      invalidProp(
        vault,
        "grantRead.secrets",
        dup,
        "is listed twice (Key Vault names are case-insensitive)",
        "list each secret once",
      );
  });
  if (options.secretsExist !== undefined && options.secretsExist !== false) {
    if (secrets === undefined)
      invalidProp(
        vault,
        "grantRead.secretsExist",
        options.secretsExist,
        "applies to listed secrets only",
        "list the secrets, or drop secretsExist",
      );
    if (createdHere) {
      invalidProp(
        vault,
        "grantRead.secretsExist",
        options.secretsExist,
        `applies only to an imported vault; ${vault.node.path} creates its vault, so no secret exists in it before Terraform creates one`,
        "drop secretsExist (a placeholder is created), or add the secret with addSecret",
      );
    }
  }
}

/** The workload identity a grant reads with: the named one, or the namespace's only one. */
export function workloadIdentityOf(
  vault: IConstruct,
  namespace: ITenantNamespace,
  serviceAccountName: string | undefined,
): TenantWorkloadIdentity {
  if (serviceAccountName !== undefined) {
    withResolved(serviceAccountName, (name) => {
      if (isDns1123Label(name) || isDns1123Subdomain(name)) return;
      invalidProp(
        vault,
        "grantRead.serviceAccountName",
        name,
        "is not a ServiceAccount name",
        "use a lower-case DNS-1123 name",
      );
    });
    const wi = namespace.workloadIdentity(serviceAccountName);
    if (!wi) {
      const known = namespace.workloadIdentities.map((w) => w.serviceAccountName);
      invalidProp(
        vault,
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
      vault,
      "grantRead.namespace",
      namespace.namespaceName,
      `has no workload identity (${namespace.node.path}), and pods can only read the vault through one`,
      "add a workload identity (ServiceAccount) to the namespace and pass its name as serviceAccountName",
    );
  }
  if (all.length > 1) {
    invalidProp(
      vault,
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
export function requireReadersMayShare(vault: ReadVault, namespace: ITenantNamespace, vaultWide: boolean): void {
  const others = vaultReaders(vault).filter((reader) => reader.namespace.node.path !== namespace.node.path);
  const label = isUnresolved(vault.vaultName) ? vault.node.path : `"${vault.vaultName}"`;
  const ownVault =
    "or give the tenant its own vault (a KeyVaultCsi per tenant, e.g. TenantPlatform tenants[].vault = { vaultName: ... })";
  if (vaultWide && others.length > 0) {
    const other = others[0];
    invalidProp(
      vault,
      "grantRead.secrets",
      undefined,
      `is omitted for namespace "${namespace.namespaceName}" (${namespace.node.path}), but vault ${label} already serves namespace "${other.namespace.namespaceName}" (${other.namespace.node.path}): a vault-wide grant would mount that tenant's secrets into this one`,
      `list the secrets "${namespace.namespaceName}" may read (grantRead(namespace, { secrets: [...] })), ${ownVault}`,
    );
  }
  const wide = others.find((reader) => reader.vaultWide);
  if (wide) {
    invalidProp(
      vault,
      "grantRead.namespace",
      namespace.namespaceName,
      `is a second namespace on vault ${label}, whose vault-wide grant to namespace "${wide.namespace.namespaceName}" (${wide.namespace.node.path}, by ${wide.grantedBy}) would let that tenant read this one's secrets`,
      `list the secrets in the grant of "${wide.namespace.namespaceName}" instead of omitting them, ${ownVault}`,
    );
  }
}

/** Records that `namespace` reads the vault, for {@link requireReadersMayShare}. */
export function recordReader(vault: ReadVault, namespace: ITenantNamespace, vaultWide: boolean): void {
  vaultReaders(vault).push({ namespace, vaultWide, grantedBy: vault.node.path });
}

/** The readers of one vault in the app of `vault`: vaults are global by name, so the literal name identifies one across constructs and stacks. */
function vaultReaders(vault: ReadVault): VaultReader[] {
  const vaultKey = isUnresolved(vault.vaultName) ? `path:${vault.node.path}` : `name:${vault.vaultName.toLowerCase()}`;
  const root = vault.node.root;
  const byVault = VAULT_READERS.get(root) ?? new Map<string, VaultReader[]>();
  VAULT_READERS.set(root, byVault);
  const readers = byVault.get(vaultKey) ?? [];
  byVault.set(vaultKey, readers);
  return readers;
}

/** What {@link newSecretProviderClass} writes. */
export interface SecretProviderClassArgs {
  readonly vault: ReadVault;
  readonly namespace: ITenantNamespace;
  readonly workloadIdentity: TenantWorkloadIdentity;
  readonly options: KeyVaultReadOptions;
  /** Secrets added with addSecret (read at synth for a vault-wide grant). */
  readonly addedNames: readonly string[];
}

/**
 * The name of a grant's SecretProviderClass, checked before anything of the grant is created: a
 * Kubernetes object name, unique in the namespace across vaults and stacks.
 */
export function secretProviderClassName(args: Omit<SecretProviderClassArgs, "addedNames">): string {
  const { vault, namespace, options } = args;
  const wi = args.workloadIdentity;
  const spcName =
    options.secretProviderClassName ??
    (isUnresolved(vault.vaultName)
      ? `kv-${wi.serviceAccountName}`
      : `${vault.vaultName.toLowerCase()}-${wi.serviceAccountName}`);
  withResolved(spcName, (name) => {
    if (isDns1123Subdomain(name)) return;
    invalidProp(
      vault,
      "grantRead.secretProviderClassName",
      name,
      "is not a Kubernetes object name (DNS-1123 subdomain)",
      "use lower-case letters, digits, '-' and '.', at most 253 characters",
    );
  });
  const spcNames = secretProviderClassNames(namespace);
  const taken = isUnresolved(spcName) ? undefined : spcNames.get(spcName);
  if (taken !== undefined) {
    invalidProp(
      vault,
      "grantRead.secretProviderClassName",
      spcName,
      `is already the name of SecretProviderClass ${taken} in namespace "${namespace.namespaceName}" of cluster ${namespace.cluster.node.path}`,
      "pass a secretProviderClassName unique in the namespace",
    );
  }
  return spcName;
}

/** The SecretProviderClass of a grant (named with {@link secretProviderClassName}), in the grant's container in the namespace. */
export function newSecretProviderClass(container: Construct, spcName: string, args: SecretProviderClassArgs): Manifest {
  const { vault, namespace, options } = args;
  const wi = args.workloadIdentity;
  const secrets = options.secrets;
  // A vault-wide grant mounts what addSecret added, also after this call: resolved at synth.
  const objects =
    secrets !== undefined
      ? objectsParameter(secrets)
      : Lazy.stringValue({ produce: () => objectsParameter(args.addedNames) });
  if (secrets === undefined) {
    container.node.addValidation({
      validate: () =>
        args.addedNames.length > 0
          ? []
          : [
              validationMessage(
                "grantRead.secrets",
                undefined,
                `is omitted and vault ${vault.node.path} has no secret added with addSecret, so the SecretProviderClass of ${namespace.namespaceName}/${wi.serviceAccountName} would mount nothing`,
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
          keyvaultName: vault.vaultName,
          // "tenantId" is the spelling every AKS add-on version reads.
          tenantId: vault.tenantId,
          objects,
        },
      },
    },
    // The manifest names its namespace literally; without this, a fresh apply may create it first.
    dependsOn: namespace.namespace ? [namespace.namespace] : undefined,
  });
  if (!isUnresolved(spcName)) secretProviderClassNames(namespace).set(spcName, secretProviderClass.node.path);
  return secretProviderClass;
}

/**
 * The provider's `objects` parameter: a YAML document whose `array` holds one YAML document per
 * object. Serialized with a YAML library so that names YAML would read as numbers ("0123") stay
 * strings.
 */
function objectsParameter(secrets: readonly string[]): string {
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
