import { Construct } from "constructs";
import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { SecurityBaseline } from "../baseline/security-baseline";
import { ISecureCluster } from "../cluster/cluster-ref";
import { DefaultTokenResolver, StringConcat, Token, Tokenization, TerraformStack } from "cdktf";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import {
  armResourceName,
  invalidProp,
  isUnresolved,
  isUuid,
  requireLocation,
  requireTags,
  validationMessage,
} from "../util/validation";
import { ClusterAllowedImages, DEFAULT_IMAGE_POLICY_EXCLUDED_NAMESPACES } from "./cluster-allowed-images";
import {
  PrivateLinkOptions,
  clusterPrivateEndpointNetwork,
  createPrivateLink,
  linkClusterToZone,
} from "./private-link";
import { NamespaceAllowedImages, requireRepositoryPath } from "./namespace-allowed-images";
import { ITenantNamespace } from "../namespace/tenant-namespace-ref";

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

/** Props of {@link AcrIntegration}. */
export interface AcrIntegrationProps {
  /**
   * Registry name: 5-50 letters and digits, globally unique (it is the DNS label of
   * `<name>.azurecr.io`). Required unless `existingRegistryId` is given. ForceNew.
   *
   * @default - taken from `existingRegistryId`
   */
  readonly registryName?: string;
  /**
   * Adopt an existing registry instead of creating one: only AcrPull grants, the allowed-images
   * restriction and (with `privateEndpoint`) an extra private endpoint are added. Its own settings
   * are its owner's business; creation-only props are rejected.
   *
   * @default - a registry is created
   */
  readonly existingRegistryId?: string;
  /**
   * Resource group of the created registry (and of its endpoint and zone).
   *
   * @default - required when creating a registry or an endpoint
   */
  readonly resourceGroupName?: string;
  /**
   * Region of the created registry.
   *
   * @default - required when creating a registry or an endpoint
   */
  readonly location?: string;
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
  /**
   * Clusters whose kubelet identity gets AcrPull (AKS-ACR-01); see {@link AcrIntegration.grantPull}.
   *
   * @default []
   */
  readonly clusters?: ISecureCluster[];
  /**
   * Restrict each granted cluster to images from its registries with a Deny policy assignment of
   * "allowed images" (AKS-ACR-07). `false` adds no restriction (weaker than the baseline), but the
   * registry is still admitted when another AcrIntegration restricts the same cluster.
   *
   * @default true (AKS-ACR-07)
   */
  readonly restrictClusterImages?: boolean;
  /**
   * Further image prefixes the granted clusters may run (e.g. "mcr.microsoft.com/oss" for an
   * ingress controller in a non-system namespace), merged into the regex of each cluster.
   *
   * @default []
   */
  readonly additionalAllowedImagePrefixes?: string[];
  /**
   * Namespaces the allowed-images policy skips. Merged over every AcrIntegration of a cluster.
   * Must contain "kube-system" (AKS add-ons pull from mcr.microsoft.com).
   *
   * @default ["kube-system", "gatekeeper-system", "azure-arc", "azure-extensions-usage-system"] (the built-in's default)
   */
  readonly imagePolicyExcludedNamespaces?: string[];
  /**
   * Tags of every resource created.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

const REGISTRY_NAME = /^[a-zA-Z0-9]{5,50}$/;
const REGISTRY_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i;
const KEY_ID =
  /^https:\/\/([a-zA-Z0-9-]{3,24})\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net)\/keys\/[a-zA-Z0-9-]{1,127}(\/[0-9a-fA-F]{32})?$/;
/** Registry DNS suffixes: public cloud, Azure China, Azure US Government. */
const LOGIN_SERVER_SUFFIXES = [".azurecr.io", ".azurecr.cn", ".azurecr.us"];
const CREATION_ONLY: (keyof AcrIntegrationProps)[] = [
  "sku",
  "retentionDays",
  "zoneRedundancyEnabled",
  "dataEndpointEnabled",
  "quarantinePolicyEnabled",
  "customerManagedKey",
  "deleteLock",
  "networkRuleBypassOption",
];

/**
 * A container registry wired to AKS clusters (CONTROLS.md, owner AcrIntegration).
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
export class AcrIntegration extends Construct {
  /** Adopts an existing registry by resource id (aws-cdk style `fromXxx`). */
  public static fromRegistryId(
    scope: Construct,
    id: string,
    registryId: string,
    props: Omit<AcrIntegrationProps, "existingRegistryId"> = {},
  ): AcrIntegration {
    return new AcrIntegration(scope, id, { ...props, existingRegistryId: registryId });
  }

  /** The created registry; undefined when adopted. */
  public readonly registry?: ContainerRegistry;
  /** Resource id of the registry (created or adopted). */
  public readonly registryId: string;
  /** Registry name (a token when given as one). */
  public readonly registryName: string;
  /** Login server used for the allowed-images regex. */
  public readonly loginServer: string;
  /** Private endpoint, when one is created. */
  public readonly privateEndpoint?: PrivateEndpoint;
  /** Created `privatelink.azurecr.io` zone (undefined with a BYO zone id). */
  public readonly privateDnsZone?: PrivateDnsZone;
  /** VNet links of the created zone. */
  public readonly privateDnsZoneLinks: PrivateDnsZoneVirtualNetworkLink[] = [];
  /** CanNotDelete lock (AKS-ACR-11). */
  public readonly deleteLock?: ManagementLock;
  /** Identity created for the customer-managed key. */
  public readonly encryptionIdentity?: UserAssignedIdentity;
  /** "Key Vault Crypto Service Encryption User" grant of the encryption identity. */
  public readonly encryptionRoleAssignment?: RoleAssignment;
  /** AcrPull grants, one per cluster, in grant order (AKS-ACR-01). */
  public readonly pullRoleAssignments: RoleAssignment[] = [];
  /** The allowed-images assignments of the granted clusters (shared with other registries of the same cluster). */
  public readonly allowedImagesAssignments: ResourcePolicyAssignment[] = [];
  /** Per-tenant image scopes made with `restrictNamespace` (AKS-ACR-12), in call order. */
  public readonly namespaceImageScopes: NamespaceAllowedImages[] = [];

  private readonly restrictImages: boolean;
  private readonly extraPrefixes: string[];
  private readonly excludedNamespaces: readonly string[];
  private readonly granted = new Map<ISecureCluster, RoleAssignment>();
  private readonly tags?: Record<string, string>;

  constructor(scope: Construct, id: string, props: AcrIntegrationProps) {
    super(scope, id);
    SecurityBaseline.apply(this);
    requireTags(this, "tags", props.tags);
    if (props.location !== undefined) requireLocation(this, "location", props.location);
    const existingId = props.existingRegistryId;
    const clusters = props.clusters ?? [];
    this.restrictImages = props.restrictClusterImages ?? true;
    this.extraPrefixes = props.additionalAllowedImagePrefixes ?? [];
    this.excludedNamespaces = props.imagePolicyExcludedNamespaces ?? DEFAULT_IMAGE_POLICY_EXCLUDED_NAMESPACES;
    if (
      props.imagePolicyExcludedNamespaces &&
      !isUnresolved(props.imagePolicyExcludedNamespaces) &&
      !props.imagePolicyExcludedNamespaces.includes("kube-system")
    ) {
      invalidProp(
        this,
        "imagePolicyExcludedNamespaces",
        props.imagePolicyExcludedNamespaces,
        "does not exclude kube-system, so the Deny policy would block AKS's own add-ons (pulled from mcr.microsoft.com)",
        'include "kube-system" (and "gatekeeper-system")',
      );
    }

    let name: string;
    if (existingId !== undefined) {
      for (const prop of CREATION_ONLY) {
        if (props[prop] !== undefined) {
          invalidProp(
            this,
            prop,
            props[prop],
            "applies only to a registry this construct creates, not to an adopted one",
            `drop ${prop}, or drop existingRegistryId to create the registry here`,
          );
        }
      }
      const parsed = isUnresolved(existingId) ? undefined : REGISTRY_ID.exec(existingId);
      if (!isUnresolved(existingId) && (!parsed || !isUuid(parsed[1]))) {
        invalidProp(
          this,
          "existingRegistryId",
          existingId,
          "is not a container registry resource id",
          "pass /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerRegistry/registries/<name>",
        );
      }
      name = props.registryName ?? parsed?.[2] ?? "";
      if (
        props.registryName !== undefined &&
        parsed &&
        !isUnresolved(props.registryName) &&
        props.registryName.toLowerCase() !== parsed[2].toLowerCase()
      ) {
        invalidProp(
          this,
          "registryName",
          props.registryName,
          `differs from the name in existingRegistryId ("${parsed[2]}")`,
          "drop registryName (it is read from the id)",
        );
      }
    } else {
      if (props.registryName === undefined) {
        invalidProp(
          this,
          "registryName",
          undefined,
          "is required when no existingRegistryId is given",
          'pass a globally unique name of 5-50 letters and digits, e.g. "acrplatformprodweu"',
        );
      }
      name = props.registryName;
    }
    if (name !== "" && !isUnresolved(name) && !REGISTRY_NAME.test(name)) {
      invalidProp(
        this,
        "registryName",
        name,
        "is not a valid registry name (5-50 letters and digits, no hyphens)",
        'use e.g. "acrplatformprodweu"',
      );
    }
    this.registryName = name;
    this.loginServer =
      props.loginServer ?? (name === "" || isUnresolved(name) ? "" : `${name.toLowerCase()}.azurecr.io`);
    const loginServer = props.loginServer;
    if (existingId === undefined && loginServer !== undefined && !isUnresolved(loginServer) && !isUnresolved(name)) {
      const allowed = LOGIN_SERVER_SUFFIXES.map((suffix) => `${name.toLowerCase()}${suffix}`);
      if (!allowed.includes(loginServer)) {
        invalidProp(
          this,
          "loginServer",
          loginServer,
          `is not the login server of registry "${name}" (the allowed-images regex would admit another host)`,
          `use ${allowed.map((a) => `"${a}"`).join(", ")} (lower-case), or omit loginServer`,
        );
      }
    }

    const firstNetworked = clusters.map(clusterPrivateEndpointNetwork).find((n) => n !== undefined);
    const peOptions: PrivateLinkOptions | undefined =
      props.privateEndpoint ??
      (existingId === undefined && firstNetworked
        ? {
            subnetId: firstNetworked.subnetId,
            virtualNetworkIds: firstNetworked.vnetId ? [firstNetworked.vnetId] : undefined,
          }
        : undefined);

    if (existingId === undefined) {
      const resourceGroupName = this.required("resourceGroupName", props.resourceGroupName);
      const location = this.required("location", props.location);
      const sku = props.sku ?? "Premium";
      if (!isUnresolved(sku) && sku !== "Premium") {
        invalidProp(
          this,
          "sku",
          sku,
          "cannot turn public network access off, keep network rules or have private endpoints (Premium only)",
          'use "Premium" (AKS-ACR-04)',
        );
      }
      const retentionDays = props.retentionDays ?? 30;
      if (
        !isUnresolved(retentionDays) &&
        (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 365)
      ) {
        invalidProp(
          this,
          "retentionDays",
          retentionDays,
          retentionDays === 0
            ? "turns the retention policy off (the provider sends none for 0), so untagged manifests are kept forever"
            : "is outside 1-365 days",
          "use e.g. 30",
        );
      }
      const bypass = props.networkRuleBypassOption ?? "AzureServices";
      if (!isUnresolved(bypass) && !["AzureServices", "None"].includes(bypass)) {
        invalidProp(this, "networkRuleBypassOption", bypass, "is not a bypass option", 'use "AzureServices" or "None"');
      }
      if (!peOptions) {
        invalidProp(
          this,
          "privateEndpoint",
          undefined,
          "is required: public network access is off, so without a private endpoint nothing could push or pull",
          "pass { subnetId } (and privateDnsZoneId for a hub-owned zone), or a SecureCluster built on a ClusterNetwork in clusters",
        );
      }

      const cmk = props.customerManagedKey;
      let identityIds: string[] | undefined;
      let encryption: { keyVaultKeyId: string; identityClientId: string } | undefined;
      const cmkDependencies: RoleAssignment[] = [];
      if (cmk) {
        this.checkCustomerManagedKey(cmk);
        let identity = cmk.identity;
        if (!identity) {
          this.encryptionIdentity = new UserAssignedIdentity(this, "EncryptionIdentity", {
            name: `id-${name}-cmk`,
            resourceGroupName,
            location,
            tags: props.tags,
          });
          identity = {
            id: this.encryptionIdentity.id,
            clientId: this.encryptionIdentity.clientId,
            principalId: this.encryptionIdentity.principalId,
          };
        }
        if (cmk.keyVaultId) {
          this.encryptionRoleAssignment = new RoleAssignment(this, "EncryptionKeyAccess", {
            scope: cmk.keyVaultId,
            roleDefinitionName: "Key Vault Crypto Service Encryption User",
            principalId: identity.principalId,
            principalType: "ServicePrincipal",
            skipServicePrincipalAadCheck: true,
          });
          cmkDependencies.push(this.encryptionRoleAssignment);
        }
        identityIds = [identity.id];
        encryption = { keyVaultKeyId: cmk.keyVaultKeyId, identityClientId: identity.clientId };
      }

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
        identity: identityIds ? { type: "UserAssigned", identityIds } : undefined,
        encryption: encryption ? [encryption] : undefined,
        tags: props.tags,
        dependsOn: cmkDependencies.length > 0 ? cmkDependencies : undefined,
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
    }

    this.registryId = existingId ?? this.registry!.id;
    this.tags = props.tags;

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
        targetResourceId: this.registryId,
        targetName: name === "" || isUnresolved(name) ? this.node.id.toLowerCase() : name.toLowerCase(),
        subresource: "registry",
        zoneName: "privatelink.azurecr.io",
        location,
        resourceGroupName,
        tags: props.tags,
      });
      this.privateEndpoint = link.endpoint;
      this.privateDnsZone = link.zone;
      this.privateDnsZoneLinks.push(...link.links);
    }

    for (const prefix of this.extraPrefixes) {
      if (isUnresolved(prefix))
        invalidProp(
          this,
          "additionalAllowedImagePrefixes",
          prefix,
          "must be known at synth (it becomes part of a policy regex)",
          "pass literal prefixes",
        );
    }
    clusters.forEach((cluster) => this.grantPull(cluster));
  }

  /**
   * Lets the cluster's kubelet pull from this registry: AcrPull on the registry to the kubelet
   * identity's object id (AKS-ACR-01; never the client id, never admin credentials). Unless
   * `restrictClusterImages` is false, also admits this registry in the cluster's allowed-images
   * Deny assignment (AKS-ACR-07). Idempotent per cluster.
   */
  public grantPull(cluster: ISecureCluster): RoleAssignment {
    const existing = this.granted.get(cluster);
    if (existing) return existing;
    const objectId = cluster.kubeletIdentityObjectId;
    if (!isUnresolved(objectId) && !isUuid(objectId ?? "")) {
      invalidProp(
        this,
        "clusters",
        objectId,
        `is not the object id of ${cluster.node.path}'s kubelet identity`,
        "pass a cluster whose kubeletIdentityObjectId is the identity's object (principal) id",
      );
    }
    const assignment = new RoleAssignment(this, `AcrPull-${cluster.node.path.replace(/\//g, "-")}`, {
      scope: this.registryId,
      roleDefinitionName: "AcrPull",
      principalId: objectId,
      principalType: "ServicePrincipal",
      // The kubelet identity is created with the cluster; Entra replication lag would fail the
      // existence check of a brand-new principal. The check adds no security.
      skipServicePrincipalAadCheck: true,
      description: "AKS-ACR-01 kubelet image pulls (AcrPull 7f951dda-4ed3-4680-a7ca-43fe172d538d)",
    });
    this.granted.set(cluster, assignment);
    this.pullRoleAssignments.push(assignment);
    // AKS-NET-17: the kubelet resolves the login server through the cluster VNet's DNS.
    const registry = isUnresolved(this.registryName) || this.registryName === "" ? this.node.path : this.registryName;
    linkClusterToZone(this, cluster, {
      prop: "clusters",
      target: `registry ${registry}`,
      zone: this.privateDnsZone,
      links: this.privateDnsZoneLinks,
      tags: this.tags,
    });

    const knownLoginServer = this.loginServer !== "" && !isUnresolved(this.loginServer);
    if (this.restrictImages && !knownLoginServer) {
      invalidProp(
        this,
        "loginServer",
        this.loginServer === "" ? undefined : this.loginServer,
        "must be known at synth to build the allowed-images regex (the registry name is a token)",
        'pass loginServer, e.g. "myregistry.azurecr.io"',
      );
    }
    // Recorded even without restriction, so another registry's restriction does not deny these images.
    const policy = ClusterAllowedImages.of(cluster);
    if (knownLoginServer) policy.allow(this, "loginServer", this.loginServer);
    for (const prefix of this.extraPrefixes) policy.allow(this, "additionalAllowedImagePrefixes", prefix);
    if (this.restrictImages) {
      policy.exclude(this, "imagePolicyExcludedNamespaces", this.excludedNamespaces);
      this.allowedImagesAssignments.push(policy.enforce());
    }
    return assignment;
  }

  /**
   * Per-tenant image scope (AKS-ACR-12): pods of `namespace` may run images of this registry only
   * from `<login server>/<repository>/` (default repository: the namespace name), plus the other
   * registries and prefixes their cluster allows. Also grants the namespace's cluster pull
   * (`grantPull`). The Deny assignment (built-in febd0533 limited by its `namespaces` parameter) is
   * created in the namespace's scope, so in its stack. A tenant left out of it fails AKS-ACR-12:
   * accept that with `SecurityBaseline.suppress(namespace, "AKS-ACR-12", reason)`.
   */
  public restrictNamespace(
    namespace: ITenantNamespace,
    options: { readonly repository?: string } = {},
  ): NamespaceAllowedImages {
    const knownLoginServer = this.loginServer !== "" && !isUnresolved(this.loginServer);
    if (!knownLoginServer) {
      invalidProp(
        this,
        "loginServer",
        this.loginServer === "" ? undefined : this.loginServer,
        "must be known at synth to build the namespace's allowed-images regex",
        'pass loginServer, e.g. "myregistry.azurecr.io"',
      );
    }
    const id = `AllowedImages-${this.node.path.replace(/\//g, "-")}`;
    if (namespace.node.tryFindChild(id)) {
      invalidProp(
        this,
        "restrictNamespace.namespace",
        namespace.namespaceName,
        `is already restricted to its repository of this registry (${namespace.node.path})`,
        "call restrictNamespace once per namespace",
      );
    }
    if (options.repository !== undefined)
      requireRepositoryPath(
        this,
        "restrictNamespace.repository",
        options.repository,
        isUnresolved(namespace.namespaceName) ? "team-a" : namespace.namespaceName,
      );
    this.grantPull(namespace.cluster);
    const scope = new NamespaceAllowedImages(namespace, id, {
      namespace,
      loginServer: this.loginServer,
      repository: options.repository,
    });
    this.namespaceImageScopes.push(scope);
    return scope;
  }

  private required<T>(prop: string, value: T | undefined): T {
    if (value === undefined) invalidProp(this, prop, undefined, "is required when creating a registry", `pass ${prop}`);
    return value;
  }

  /** Id shapes now; what needs the whole tree (the vault and key of this app) at synth. */
  private checkCustomerManagedKey(cmk: AcrCustomerManagedKeyOptions): void {
    const keyId = cmk.keyVaultKeyId;
    const keyHost = isUnresolved(keyId) ? undefined : KEY_ID.exec(keyId ?? "");
    if (!isUnresolved(keyId) && !keyHost) {
      invalidProp(
        this,
        "customerManagedKey.keyVaultKeyId",
        keyId,
        "is not a Key Vault key id",
        "pass https://<vault>.vault.azure.net/keys/<name> (versionless, for automatic rotation)",
      );
    }
    const vaultId = cmk.keyVaultId;
    if (vaultId !== undefined && !isUnresolved(vaultId)) {
      const vaultName = armResourceName(vaultId, "Microsoft.KeyVault/vaults");
      if (vaultName === undefined) {
        invalidProp(
          this,
          "customerManagedKey.keyVaultId",
          vaultId,
          "is not a Key Vault resource id",
          "pass /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name> (the vault of keyVaultKeyId)",
        );
      }
      if (keyHost && keyHost[1].toLowerCase() !== vaultName.toLowerCase()) {
        invalidProp(
          this,
          "customerManagedKey.keyVaultId",
          vaultId,
          `names vault "${vaultName}", but keyVaultKeyId is a key of vault "${keyHost[1]}" (the grant would land on the wrong vault)`,
          "pass the id of the vault that holds the key",
        );
      }
    }
    const identity = cmk.identity;
    if (identity) {
      if (
        !isUnresolved(identity.id) &&
        armResourceName(identity.id ?? "", "Microsoft.ManagedIdentity/userAssignedIdentities") === undefined
      ) {
        invalidProp(
          this,
          "customerManagedKey.identity.id",
          identity.id,
          "is not a user-assigned identity resource id",
          "pass /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>",
        );
      }
      for (const field of ["clientId", "principalId"] as const) {
        const value = identity[field];
        if (!isUnresolved(value) && !isUuid(value ?? "")) {
          invalidProp(
            this,
            `customerManagedKey.identity.${field}`,
            value,
            "is not a UUID",
            field === "clientId"
              ? "pass the identity's client id (encryption.identity_client_id)"
              : "pass the identity's principal (object) id, the role assignment target",
          );
        }
      }
      if (
        !isUnresolved(identity.clientId) &&
        !isUnresolved(identity.principalId) &&
        identity.clientId?.toLowerCase() === identity.principalId?.toLowerCase()
      ) {
        invalidProp(
          this,
          "customerManagedKey.identity.principalId",
          identity.principalId,
          "equals clientId; an identity's client id and object id differ",
          "pass the identity's principal (object) id",
        );
      }
    }
    this.node.addValidation({ validate: () => this.validateKeyOfThisApp(cmk) });
  }

  /**
   * When the key or its vault is a resource of this stack: ACR takes RSA keys only, and reaches a
   * private vault only as a trusted service (network ACL bypass "AzureServices").
   */
  private validateKeyOfThisApp(cmk: AcrCustomerManagedKeyOptions): string[] {
    const stack = TerraformStack.of(this);
    const resolver = new DefaultTokenResolver(new StringConcat());
    // Each attribute access is a new token; compare what they resolve to ("${azurerm_key_vault.x.id}").
    const ref = (value: string | undefined): unknown =>
      value === undefined ? undefined : Tokenization.resolve(value, { scope: stack, resolver });
    const keyRef = Token.isUnresolved(cmk.keyVaultKeyId) ? ref(cmk.keyVaultKeyId) : undefined;
    const vaultRef =
      cmk.keyVaultId !== undefined && Token.isUnresolved(cmk.keyVaultId) ? ref(cmk.keyVaultId) : undefined;
    const errors: string[] = [];
    for (const node of stack.node.findAll()) {
      if (
        keyRef !== undefined &&
        node instanceof KeyVaultKey &&
        [node.id, node.versionlessId].some((candidate) => ref(candidate) === keyRef)
      ) {
        const keyType = node.keyTypeInput;
        if (keyType !== undefined && !isUnresolved(keyType) && !keyType.startsWith("RSA")) {
          errors.push(
            validationMessage(
              "customerManagedKey.keyVaultKeyId",
              cmk.keyVaultKeyId,
              `is ${node.node.path}, of key type ${keyType}; ACR encrypts only with RSA or RSA-HSM keys`,
              'use an RSA key (addKey with keyType "RSA")',
            ),
          );
        }
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
}
