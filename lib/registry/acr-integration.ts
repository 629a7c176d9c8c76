import { Construct } from "constructs";
import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { requireDefined } from "../util/require-defined";
import { invalidProp, requireIntInRange, requireOneOf, withResolved } from "../util/validation";
import { ImportedRegistry, RegistryAttributes } from "./imported-registry";
import { PrivateLinkOptions, defaultPrivateLinkOptions } from "./private-link";
import { IRegistry, RegistryBase, RegistryPullOptions, defaultLoginServer, requireRegistryName } from "./registry-base";
import { AcrCustomerManagedKeyOptions, RegistryEncryption } from "./registry-encryption";

/** Props of {@link AcrIntegration}. */
export interface AcrIntegrationProps extends RegistryPullOptions {
  /**
   * Registry name: 5-50 letters and digits, globally unique (it is the DNS label of
   * `<name>.azurecr.io`). ForceNew.
   */
  readonly registryName: string;
  /** Resource group of the registry (and of its endpoint and zone, unless `privateEndpoint` names its own). */
  readonly resourceGroupName: string;
  /** Region of the registry. */
  readonly location: string;
  /**
   * Login server the allowed-images regex is built from (AKS-ACR-07). For a registry created here
   * it must be `<registryName lower-cased>.azurecr.io` (or `.azurecr.cn` / `.azurecr.us` in the
   * sovereign clouds): any other host would admit images this registry does not serve.
   *
   * @default - "<registryName lower-cased>.azurecr.io" (Azure public cloud); required when the name is a token
   */
  readonly loginServer?: string;
  /**
   * Registry SKU. Only Premium can turn public access off, keep network rules and have private
   * endpoints (AKS-ACR-04), so any other value is rejected.
   *
   * @default "Premium" (AKS-ACR-04)
   */
  readonly sku?: "Basic" | "Standard" | "Premium";
  /**
   * Private endpoint (sub-resource "registry") and `privatelink.azurecr.io` zone (AKS-ACR-04).
   * Public network access is always off, so clusters pull only through it.
   *
   * @default - the private-endpoint subnet and VNet of the first SecureCluster in `clusters` that has a ClusterNetwork; otherwise required
   */
  readonly privateEndpoint?: PrivateLinkOptions;
  /**
   * Whether trusted Azure services pass the network rules. "AzureServices" lets Defender for
   * Containers scan images in this private registry (AKS-ACR-08) and ACR Tasks build in it; they
   * still need RBAC. "None" blocks them.
   *
   * @default "AzureServices" (AKS-ACR-04, ACR-08)
   */
  readonly networkRuleBypassOption?: "AzureServices" | "None";
  /**
   * Days an untagged manifest is kept before it is purged, 1-365. Purging removes unreferenced,
   * unpatched images; 30 days keeps digests that deployments pinned before a tag moved long
   * enough for a rollback. 0 is rejected: the provider sends no retention policy for 0 (and
   * disables it on update), so untagged manifests would be kept forever.
   *
   * @default 30
   */
  readonly retentionDays?: number;
  /**
   * Zone-redundant registry. ForceNew; regions without availability zones reject `true`.
   *
   * @default true (availability of the only image source of the clusters)
   */
  readonly zoneRedundancyEnabled?: boolean;
  /**
   * Dedicated data endpoints (`<name>.<region>.data.azurecr.io`): layer downloads come from a
   * registry-specific name instead of a shared `*.blob.core.windows.net`, so egress firewall rules
   * (AKS-NET-07) name this registry only (CKV_AZURE_237).
   *
   * @default true
   */
  readonly dataEndpointEnabled?: boolean;
  /**
   * Quarantine pushed images until a scanner releases them. Pulls of quarantined images fail,
   * and Defender for Containers does not release them, so only turn it on with a scanner that does.
   *
   * @default false
   */
  readonly quarantinePolicyEnabled?: boolean;
  /**
   * Encrypt the registry with a customer-managed key (AKS-ACR-10). ACR accepts a key only when the
   * registry is created; adding or removing it later fails at apply.
   *
   * @default - Microsoft-managed keys
   */
  readonly customerManagedKey?: AcrCustomerManagedKeyOptions;
  /**
   * CanNotDelete lock on the registry (AKS-ACR-11). The name is global: once the registry is
   * deleted anyone can register it again and serve images under the login server the clusters'
   * allowed-images policy admits. `cdktf destroy` fails while the lock exists; set `false` (apply)
   * first.
   *
   * @default true (AKS-ACR-11)
   */
  readonly deleteLock?: boolean;
}

// The types of the registry's API, exported with the construct (the package entry re-exports this module).
export type { IRegistry, RegistryPullOptions } from "./registry-base";
export type { RegistryAttributes } from "./imported-registry";
export type { AcrCustomerManagedKeyOptions } from "./registry-encryption";

/** Registry DNS suffixes: public cloud, Azure China, Azure US Government. */
const LOGIN_SERVER_SUFFIXES = [".azurecr.io", ".azurecr.cn", ".azurecr.us"];

/**
 * A container registry wired to AKS clusters (docs/controls.md, owner AcrIntegration).
 *
 * A created registry is Premium with admin user, anonymous pull, export and public network access
 * off, network rules default Deny, a private endpoint in `privatelink.azurecr.io`, retention of
 * untagged manifests, zone redundancy, dedicated data endpoints, an optional customer-managed key
 * and a delete lock. Clusters pull with AcrPull on their kubelet identity (never admin
 * credentials), and may only run images from their registries (Azure Policy, Deny).
 *
 * Not done here: repository-scoped tokens (AKS-ACR-06: none are created; the ARM-audience
 * setting needs the Modify policy 785596ed) and content trust (AKS-ACR-09: DCT is deprecated).
 */
export class AcrIntegration extends RegistryBase {
  /** The created registry. */
  public readonly registry: ContainerRegistry;
  /** Resource id of the registry. */
  public readonly registryId: string;
  /** Registry name (a token when given as one). */
  public readonly registryName: string;
  /** Login server used for the allowed-images regex. */
  public readonly loginServer: string;
  /** CanNotDelete lock (AKS-ACR-11). */
  public readonly deleteLock?: ManagementLock;
  /** The customer-managed key's identity and grant (AKS-ACR-10), when `customerManagedKey` is given. */
  public readonly encryption?: RegistryEncryption;
  /** Identity created for the customer-managed key. */
  public readonly encryptionIdentity?: UserAssignedIdentity;
  /** "Key Vault Crypto Service Encryption User" grant of the encryption identity. */
  public readonly encryptionRoleAssignment?: RoleAssignment;

  /**
   * Imports a registry created elsewhere (like aws-ecr's `Repository.fromRepositoryAttributes`):
   * AcrPull grants, allowed-images restrictions and, with `privateEndpoint`, an endpoint of its own
   * are added in this stack; nothing of the registry itself is created or changed.
   */
  public static fromRegistryAttributes(scope: Construct, id: string, attributes: RegistryAttributes): IRegistry {
    return new ImportedRegistry(scope, id, attributes);
  }

  constructor(scope: Construct, id: string, props: AcrIntegrationProps) {
    super(scope, id, props);
    const clusters = props.clusters ?? [];
    const name = requireDefined(
      this,
      "registryName",
      props.registryName,
      "is required",
      'pass a globally unique name of 5-50 letters and digits, e.g. "acrplatformprodweu"',
    );
    requireRegistryName(this, name);
    this.registryName = name;
    this.loginServer = props.loginServer ?? defaultLoginServer(name);
    withResolved(props.loginServer, name, (loginServer, known) => {
      const allowed = LOGIN_SERVER_SUFFIXES.map((suffix) => `${known.toLowerCase()}${suffix}`);
      if (allowed.includes(loginServer)) return;
      invalidProp(
        this,
        "loginServer",
        loginServer,
        `is not the login server of registry "${known}" (the allowed-images regex would admit another host)`,
        `use ${allowed.map((a) => `"${a}"`).join(", ")} (lower-case), or omit loginServer`,
      );
    });

    const peOptions: PrivateLinkOptions | undefined = props.privateEndpoint ?? defaultPrivateLinkOptions(clusters);
    const creating = "is required when creating a registry";
    const resourceGroupName = requireDefined(this, "resourceGroupName", props.resourceGroupName, creating);
    const location = requireDefined(this, "location", props.location, creating);
    const sku = props.sku ?? "Premium";
    requireOneOf(this, "sku", sku, ["Premium"], {
      problem: "cannot turn public network access off, keep network rules or have private endpoints (Premium only)",
      fix: 'use "Premium" (AKS-ACR-04)',
    });
    const retentionDays = props.retentionDays ?? 30;
    requireIntInRange(this, "retentionDays", retentionDays, 1, 365, {
      problem:
        retentionDays === 0
          ? "turns the retention policy off (the provider sends none for 0), so untagged manifests are kept forever"
          : "is outside 1-365 days",
      fix: "use e.g. 30",
    });
    const bypass = props.networkRuleBypassOption ?? "AzureServices";
    requireOneOf(this, "networkRuleBypassOption", bypass, ["AzureServices", "None"], {
      problem: "is not a bypass option",
    });
    if (!peOptions) {
      invalidProp(
        this,
        "privateEndpoint",
        undefined,
        "is required: public network access is off, so without a private endpoint nothing could push or pull",
        "pass { subnetId } (and privateDnsZoneId for a hub-owned zone), or a SecureCluster built on a ClusterNetwork in clusters",
      );
    }

    const encryption = props.customerManagedKey
      ? new RegistryEncryption(this, props.customerManagedKey, {
          registryName: name,
          resourceGroupName,
          location,
          tags: props.tags,
        })
      : undefined;
    this.encryption = encryption;
    this.encryptionIdentity = encryption?.identity;
    this.encryptionRoleAssignment = encryption?.roleAssignment;

    this.registry = new ContainerRegistry(this, "Registry", {
      name,
      resourceGroupName,
      location,
      sku,
      // AKS-ACR-02/03: no shared credentials, no unauthenticated pulls; kubelets use AcrPull.
      adminEnabled: false,
      anonymousPullEnabled: false,
      // AKS-ACR-04: reachable only through the private endpoint.
      publicNetworkAccessEnabled: false,
      networkRuleSet: [{ defaultAction: "Deny", ipRule: [] }],
      networkRuleBypassOption: bypass,
      // AKS-ACR-05: images cannot be exported out of the registry.
      exportPolicyEnabled: false,
      retentionPolicyInDays: retentionDays,
      zoneRedundancyEnabled: props.zoneRedundancyEnabled ?? true,
      dataEndpointEnabled: props.dataEndpointEnabled ?? true,
      quarantinePolicyEnabled: props.quarantinePolicyEnabled ?? false,
      // AKS-ACR-09: Docker Content Trust is deprecated; signatures are verified with Notation/Ratify.
      trustPolicyEnabled: false,
      identity: encryption ? { type: "UserAssigned", identityIds: encryption.identityIds } : undefined,
      encryption: encryption ? [encryption.encryption] : undefined,
      tags: props.tags,
      dependsOn: encryption && encryption.dependencies.length > 0 ? encryption.dependencies : undefined,
    });

    if (props.deleteLock ?? true) {
      this.deleteLock = new ManagementLock(this, "DeleteLock", {
        name: "acr-delete-lock",
        scope: this.registry.id,
        lockLevel: "CanNotDelete",
        notes:
          "AKS-ACR-11: a deleted registry name can be registered by anyone and would serve images the clusters' allowed-images policy admits. Set deleteLock: false and apply before destroying.",
      });
    }
    this.registryId = this.registry.id;
    this.addPrivateEndpoint(this.registryId, name, peOptions, props.location, props.resourceGroupName);
    this.grantInitialClusters(clusters);
  }
}
