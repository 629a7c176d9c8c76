import { Construct } from "constructs";
import { DefaultTokenResolver, StringConcat, TerraformStack, Token, Tokenization } from "cdktf";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { AzureRoles } from "../util/azure-roles";
import { KEY_VAULT_ID, USER_ASSIGNED_IDENTITY_ID, requireResourceId, resourceNameOf } from "../util/resource-ids";
import { invalidProp, isUnresolved, requireUuid, validationMessage, withResolved } from "../util/validation";

/**
 * Customer-managed key of a new registry (AKS-ACR-10).
 *
 * A key in a private vault (public access off, like every KeyVaultCsi vault): ACR reaches it as a
 * trusted Azure service, so the vault's network ACL must keep `bypass = "AzureServices"` (Microsoft
 * Learn, "Enable a customer-managed key" for ACR: "If the key vault is in protection with a
 * firewall or virtual network (private endpoint), you must enable ... access by trusted Azure
 * services"). A vault of the same stack with `bypass = "None"` is rejected at synth. Microsoft's earlier
 * revision of the ACR CMK article adds that a registry bypasses the vault firewall only with its
 * system-assigned identity, and a new registry must be created with a user-assigned one (azurerm's
 * `encryption.identity_client_id` is required); if creation fails with a 403 on the key, create the
 * registry with a key the identity can reach, then rotate to the private vault's key with the
 * system-assigned identity (`az acr encryption rotate-key --identity [system]`). ACR accepts RSA
 * and RSA-HSM keys only.
 */
export interface AcrCustomerManagedKeyOptions {
  /**
   * Key Vault key id, RSA or RSA-HSM. Versionless (`https://<vault>.vault.azure.net/keys/<name>`)
   * lets ACR follow key rotation by itself; a versioned id pins one version.
   */
  readonly keyVaultKeyId: string;
  /**
   * Resource id of the key's vault (`/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>`,
   * the vault named in `keyVaultKeyId`). When given, the encryption identity gets "Key Vault Crypto
   * Service Encryption User" on it (wrap/unwrap only, no key management) and the registry waits for
   * that grant (ACR checks key access at creation).
   *
   * @default - no grant: give the identity wrap/unwrap access yourself before the registry is created
   */
  readonly keyVaultId?: string;
  /**
   * User-assigned identity ACR uses to reach the key: its resource id, client id (the
   * `encryption.identity_client_id`) and principal (object) id (the role assignment's principal).
   *
   * @default - one is created ("id-<registry>-cmk"), used for nothing else
   */
  readonly identity?: { readonly id: string; readonly clientId: string; readonly principalId: string };
}

const KEY_ID =
  /^https:\/\/([a-zA-Z0-9-]{3,24})\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net)\/keys\/[a-zA-Z0-9-]{1,127}(\/[0-9a-fA-F]{32})?$/;

/** Where a new registry gets its customer-managed key from. */
export interface RegistryEncryptionArgs {
  /** The registry's name, for the name of the created identity. */
  readonly registryName: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tags?: Record<string, string>;
}

/**
 * The customer-managed key of a registry AcrIntegration creates (AKS-ACR-10): the identity ACR
 * reaches the key with and its wrap/unwrap grant, built in the AcrIntegration's scope (their
 * construct paths are the registry's).
 */
export class RegistryEncryption {
  /** Identity created for the key ("id-<registry>-cmk"), unless one was given. */
  public readonly identity?: UserAssignedIdentity;
  /** "Key Vault Crypto Service Encryption User" grant of the identity on the key's vault, when `keyVaultId` is given. */
  public readonly roleAssignment?: RoleAssignment;
  /** The registry's `identity.identity_ids`. */
  public readonly identityIds: string[];
  /** The registry's `encryption` block. */
  public readonly encryption: { keyVaultKeyId: string; identityClientId: string };
  /** What the registry waits for: ACR checks key access at creation. */
  public readonly dependencies: RoleAssignment[] = [];

  constructor(owner: Construct, cmk: AcrCustomerManagedKeyOptions, args: RegistryEncryptionArgs) {
    checkCustomerManagedKey(owner, cmk);
    let identity = cmk.identity;
    if (!identity) {
      this.identity = new UserAssignedIdentity(owner, "EncryptionIdentity", {
        name: `id-${args.registryName}-cmk`,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        tags: args.tags,
      });
      identity = {
        id: this.identity.id,
        clientId: this.identity.clientId,
        principalId: this.identity.principalId,
      };
    }
    if (cmk.keyVaultId) {
      this.roleAssignment = new RoleAssignment(owner, "EncryptionKeyAccess", {
        scope: cmk.keyVaultId,
        roleDefinitionName: AzureRoles.keyVaultCryptoServiceEncryptionUser.name,
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        skipServicePrincipalAadCheck: true,
      });
      this.dependencies.push(this.roleAssignment);
    }
    this.identityIds = [identity.id];
    this.encryption = { keyVaultKeyId: cmk.keyVaultKeyId, identityClientId: identity.clientId };
  }
}

/** Id shapes now; what needs the whole tree (the vault and key of this app) at synth. */
function checkCustomerManagedKey(owner: Construct, cmk: AcrCustomerManagedKeyOptions): void {
  const keyId = cmk.keyVaultKeyId;
  const keyHost = isUnresolved(keyId) ? undefined : KEY_ID.exec(keyId ?? "");
  if (!isUnresolved(keyId) && !keyHost) {
    invalidProp(
      owner,
      "customerManagedKey.keyVaultKeyId",
      keyId,
      "is not a Key Vault key id",
      "pass https://<vault>.vault.azure.net/keys/<name> (versionless, for automatic rotation)",
    );
  }
  requireResourceId(owner, "customerManagedKey.keyVaultId", cmk.keyVaultId, KEY_VAULT_ID);
  withResolved(cmk.keyVaultId, keyHost ?? undefined, (vaultId, host) => {
    const vaultName = resourceNameOf(vaultId);
    if (host[1].toLowerCase() === vaultName.toLowerCase()) return;
    invalidProp(
      owner,
      "customerManagedKey.keyVaultId",
      vaultId,
      `names vault "${vaultName}", but keyVaultKeyId is a key of vault "${host[1]}" (the grant would land on the wrong vault)`,
      "pass the id of the vault that holds the key",
    );
  });
  const identity = cmk.identity;
  if (identity) {
    requireResourceId(owner, "customerManagedKey.identity.id", identity.id ?? "", USER_ASSIGNED_IDENTITY_ID);
    requireUuid(
      owner,
      "customerManagedKey.identity.clientId",
      identity.clientId,
      "identity's client id (encryption.identity_client_id)",
    );
    requireUuid(
      owner,
      "customerManagedKey.identity.principalId",
      identity.principalId,
      "identity's principal (object) id, the role assignment target",
    );
    withResolved(identity.clientId, identity.principalId, (clientId, principalId) => {
      if (clientId.toLowerCase() !== principalId.toLowerCase()) return;
      invalidProp(
        owner,
        "customerManagedKey.identity.principalId",
        principalId,
        "equals clientId; an identity's client id and object id differ",
        "pass the identity's principal (object) id",
      );
    });
  }
  owner.node.addValidation({ validate: () => validateKeyOfThisApp(owner, cmk) });
}

/**
 * When the key or its vault is a resource of this stack: ACR takes RSA keys only, and reaches a
 * private vault only as a trusted service (network ACL bypass "AzureServices").
 */
function validateKeyOfThisApp(owner: Construct, cmk: AcrCustomerManagedKeyOptions): string[] {
  const stack = TerraformStack.of(owner);
  const resolver = new DefaultTokenResolver(new StringConcat());
  // Each attribute access is a new token; compare what they resolve to ("${azurerm_key_vault.x.id}").
  const ref = (value: string | undefined): unknown =>
    value === undefined ? undefined : Tokenization.resolve(value, { scope: stack, resolver });
  const keyRef = Token.isUnresolved(cmk.keyVaultKeyId) ? ref(cmk.keyVaultKeyId) : undefined;
  const vaultRef = cmk.keyVaultId !== undefined && Token.isUnresolved(cmk.keyVaultId) ? ref(cmk.keyVaultId) : undefined;
  const errors: string[] = [];
  for (const node of stack.node.findAll()) {
    if (
      keyRef !== undefined &&
      node instanceof KeyVaultKey &&
      [node.id, node.versionlessId].some((candidate) => ref(candidate) === keyRef)
    ) {
      withResolved(node.keyTypeInput, (keyType) => {
        if (keyType.startsWith("RSA")) return;
        errors.push(
          validationMessage(
            "customerManagedKey.keyVaultKeyId",
            cmk.keyVaultKeyId,
            `is ${node.node.path}, of key type ${keyType}; ACR encrypts only with RSA or RSA-HSM keys`,
            'use an RSA key (addKey with keyType "RSA")',
          ),
        );
      });
      if (vaultRef !== undefined && node.keyVaultIdInput !== undefined && ref(node.keyVaultIdInput) !== vaultRef) {
        errors.push(
          validationMessage(
            "customerManagedKey.keyVaultId",
            cmk.keyVaultId,
            `is not the vault of the key ${node.node.path} (the grant would land on the wrong vault)`,
            "pass the id of the vault that holds the key",
          ),
        );
      }
    }
    if (vaultRef !== undefined && node instanceof KeyVault && ref(node.id) === vaultRef) {
      if (node.networkAclsInput?.bypass === "None") {
        errors.push(
          validationMessage(
            "customerManagedKey.keyVaultId",
            cmk.keyVaultId,
            `is ${node.node.path}, whose network ACL lets no trusted Azure service through (bypass "None"), so the registry could not reach its key`,
            'keep networkAclsBypass "AzureServices" on that vault',
          ),
        );
      }
    }
  }
  return errors;
}
