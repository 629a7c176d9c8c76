import { IConstruct } from "constructs";
import { invalidProp, isUnresolved, isUuid } from "./validation";

/** An Azure resource id this library validates, with the form the error message shows. */
export interface ResourceIdKind {
  /** What the id names, for the error message ("subnet", "Key Vault"...). */
  readonly what: string;
  /** Anchored pattern; group 1 is the subscription id. */
  readonly pattern: RegExp;
  /** The expected form, for the fix text. */
  readonly form: string;
}

const PREFIX = "^/subscriptions/([^/]+)/resourceGroups/[^/]+/providers/";

// ARM compares resource ids case-insensitively, so the patterns do too.
export const SUBNET_ID: ResourceIdKind = {
  what: "subnet",
  pattern: new RegExp(`${PREFIX}Microsoft\\.Network/virtualNetworks/[^/]+/subnets/[^/]+$`, "i"),
  form: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet> (azurerm_subnet.id)",
};

export const VIRTUAL_NETWORK_ID: ResourceIdKind = {
  what: "virtual network",
  pattern: new RegExp(`${PREFIX}Microsoft\\.Network/virtualNetworks/[^/]+$`, "i"),
  form: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet> (azurerm_virtual_network.id)",
};

export const KEY_VAULT_ID: ResourceIdKind = {
  what: "Key Vault",
  // Vault names: 3-24 alphanumerics and hyphens, starting with a letter.
  pattern: new RegExp(`${PREFIX}Microsoft\\.KeyVault/vaults/[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$`, "i"),
  form: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name> (azurerm_key_vault.id, not the vault URI)",
};

export const LOG_ANALYTICS_WORKSPACE_ID: ResourceIdKind = {
  what: "Log Analytics workspace",
  pattern: new RegExp(`${PREFIX}Microsoft\\.OperationalInsights/workspaces/[^/]+$`, "i"),
  form: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name> (azurerm_log_analytics_workspace.id, not the workspace GUID)",
};

export const MANAGED_CLUSTER_ID: ResourceIdKind = {
  what: "AKS cluster",
  pattern: new RegExp(`${PREFIX}Microsoft\\.ContainerService/managedClusters/[^/]+$`, "i"),
  form: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name> (azurerm_kubernetes_cluster.id)",
};

export const DISK_ENCRYPTION_SET_ID: ResourceIdKind = {
  what: "disk encryption set",
  pattern: new RegExp(`${PREFIX}Microsoft\\.Compute/diskEncryptionSets/[^/]+$`, "i"),
  form: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Compute/diskEncryptionSets/<name> (azurerm_disk_encryption_set.id)",
};

export const CONTAINER_REGISTRY_ID: ResourceIdKind = {
  what: "container registry",
  pattern: new RegExp(`${PREFIX}Microsoft\\.ContainerRegistry/registries/[^/]+$`, "i"),
  form: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerRegistry/registries/<name> (azurerm_container_registry.id)",
};

export const USER_ASSIGNED_IDENTITY_ID: ResourceIdKind = {
  what: "user-assigned identity",
  pattern: new RegExp(`${PREFIX}Microsoft\\.ManagedIdentity/userAssignedIdentities/[^/]+$`, "i"),
  form: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name> (azurerm_user_assigned_identity.id)",
};

export const PRIVATE_DNS_ZONE_ID: ResourceIdKind = {
  what: "private DNS zone",
  pattern: new RegExp(`${PREFIX}Microsoft\\.Network/privateDnsZones/[^/]+$`, "i"),
  form: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<zone> (azurerm_private_dns_zone.id)",
};

export const STORAGE_ACCOUNT_ID: ResourceIdKind = {
  what: "storage account",
  // Storage account names: 3-24 lower-case letters and digits.
  pattern: new RegExp(`${PREFIX}Microsoft\\.Storage/storageAccounts/[a-z0-9]{3,24}$`, "i"),
  form: "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<name> (azurerm_storage_account.id)",
};

/** Validates a literal resource id prop; tokens and undefined pass. */
export function requireResourceId(scope: IConstruct, prop: string, id: string | undefined, kind: ResourceIdKind): void {
  if (id === undefined || isUnresolved(id)) return;
  const m = typeof id === "string" ? kind.pattern.exec(id) : null;
  if (!m || !isUuid(m[1])) {
    invalidProp(scope, prop, id, `is not a ${kind.what} resource id`, `pass ${kind.form}`);
  }
}

/** The last segment of a literal resource id: the name of the resource (a VNet, a vault, a zone...). */
export function resourceNameOf(id: string): string {
  return id.slice(id.lastIndexOf("/") + 1);
}

/** The VNet id of a literal subnet id. */
export function virtualNetworkOfSubnet(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+$/i, "");
}

/** Resource ids are case-insensitive in ARM. */
export function sameResourceId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The name of a resource imported by id: `name` when given (it must be the name in a literal `id`),
 * else the name in the id; undefined when the id is a token and no name is given.
 */
export function importedResourceName(
  scope: IConstruct,
  props: { readonly id: string; readonly name: string },
  id: string,
  name: string | undefined,
): string | undefined {
  const nameInId = isUnresolved(id) ? undefined : resourceNameOf(id);
  if (name !== undefined && nameInId !== undefined && !isUnresolved(name)) {
    if (name.toLowerCase() !== nameInId.toLowerCase()) {
      invalidProp(
        scope,
        props.name,
        name,
        `differs from the name in ${props.id} ("${nameInId}")`,
        `drop ${props.name} (it is read from the id)`,
      );
    }
  }
  return name ?? nameInId;
}
