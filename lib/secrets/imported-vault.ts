import { Construct } from "constructs";
import { PrivateLinkOptions } from "../registry/private-link";
import { KEY_VAULT_ID, importedResourceName, requireResourceId } from "../util/resource-ids";
import { invalidProp } from "../util/validation";
import { VaultAccessOptions, VaultBase, requireVaultName } from "./vault-base";

/**
 * A Key Vault created elsewhere, as `KeyVaultCsi.fromVaultAttributes` takes it. Its settings and
 * diagnostics are its owner's business; this stack adds read grants, SecretProviderClasses,
 * placeholders, secrets and keys and, with `privateEndpoint`, an endpoint of its own.
 */
export interface VaultAttributes extends VaultAccessOptions {
  /** Resource id of the vault (`azurerm_key_vault.id`). */
  readonly vaultId: string;
  /**
   * Vault name (the SecretProviderClasses' `keyvaultName`); must be the name in `vaultId`.
   *
   * @default - taken from `vaultId`; required when `vaultId` is a token
   */
  readonly vaultName?: string;
  /**
   * A further private endpoint (sub-resource "vault") of the vault in this stack, with its
   * `privatelink.vaultcore.azure.net` zone unless `privateDnsZoneId` names a hub's.
   *
   * @default - no endpoint: the vault's owner provides the private path
   */
  readonly privateEndpoint?: PrivateLinkOptions;
  /**
   * Resource group of the endpoint and of its zone.
   *
   * @default - required with `privateEndpoint` (unless it names its own)
   */
  readonly resourceGroupName?: string;
  /**
   * Region of the endpoint.
   *
   * @default - required with `privateEndpoint` (unless it names its own)
   */
  readonly location?: string;
}

/** A vault created elsewhere, as `KeyVaultCsi.fromVaultAttributes` returns it. */
export class ImportedVault extends VaultBase {
  public readonly vaultId: string;
  public readonly vaultName: string;
  public readonly tenantId: string;
  /** Unknown here: "-HSM" keys are refused, as on a standard vault. */
  protected readonly skuName = "standard";
  protected readonly createdHere = false;

  constructor(scope: Construct, id: string, attributes: VaultAttributes) {
    super(scope, id, attributes);
    const vaultId = attributes.vaultId;
    requireResourceId(this, "vaultId", vaultId, KEY_VAULT_ID);
    const name = importedResourceName(this, { id: "vaultId", name: "vaultName" }, vaultId, attributes.vaultName) ?? "";
    if (name === "") {
      invalidProp(
        this,
        "vaultName",
        undefined,
        "is required when vaultId is a token (it is the SecretProviderClass keyvaultName)",
        "pass vaultName",
      );
    }
    requireVaultName(this, name);
    this.vaultId = vaultId;
    this.vaultName = name;
    this.tenantId = this.resolveTenantId(attributes.tenantId, attributes.cluster);
    this.usePlaceholderExpirationDate(attributes.placeholderExpirationDate);
    if (attributes.privateEndpoint) {
      this.addPrivateEndpoint(
        vaultId,
        name,
        attributes.privateEndpoint,
        attributes.location,
        attributes.resourceGroupName,
      );
    }
    this.serveCluster(attributes.cluster);
  }
}
