import { Construct, IConstruct } from "constructs";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ISecureCluster } from "../cluster/cluster-ref";
import { ITenantNamespace } from "../namespace/tenant-namespace-ref";
import { AzureRoles } from "../util/azure-roles";
import { invalidProp, isUnresolved, isUuid, withResolved } from "../util/validation";
import { ClusterAllowedImages, DEFAULT_IMAGE_POLICY_EXCLUDED_NAMESPACES } from "./cluster-allowed-images";
import { NamespaceAllowedImages, requireRepositoryPath } from "./namespace-allowed-images";
import { PrivateLinkedService } from "./private-linked-service";

/** How clusters use a registry: the same for a registry created here and for an imported one. */
export interface RegistryPullOptions {
  /**
   * Clusters whose kubelet identity gets AcrPull (AKS-ACR-01); see {@link IRegistry.grantPull}.
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

/**
 * A container registry as clusters and namespaces use it (like aws-ecr's IRepository): an
 * {@link AcrIntegration} created here, or one imported with `AcrIntegration.fromRegistryAttributes`.
 */
export interface IRegistry extends IConstruct {
  /** Resource id of the registry. */
  readonly registryId: string;
  /** Registry name (a token when given as one; "" when an imported id is a token and no name was given). */
  readonly registryName: string;
  /** Login server the allowed-images regex is built from ("" when unknown at synth). */
  readonly loginServer: string;
  /** Private endpoint, when one is created here. */
  readonly privateEndpoint?: PrivateEndpoint;
  /** `privatelink.azurecr.io` zone created here (undefined with a BYO zone id or without an endpoint). */
  readonly privateDnsZone?: PrivateDnsZone;
  /** VNet links of the created zone. */
  readonly privateDnsZoneLinks: PrivateDnsZoneVirtualNetworkLink[];
  /** AcrPull grants, one per cluster, in grant order (AKS-ACR-01). */
  readonly pullRoleAssignments: RoleAssignment[];
  /** The allowed-images assignments of the granted clusters (shared with other registries of the same cluster). */
  readonly allowedImagesAssignments: ResourcePolicyAssignment[];
  /** Per-tenant image scopes made with `restrictNamespace` (AKS-ACR-12), in call order. */
  readonly namespaceImageScopes: NamespaceAllowedImages[];
  /** Lets the cluster's kubelet pull from this registry (AKS-ACR-01, ACR-07). Idempotent per cluster. */
  grantPull(cluster: ISecureCluster): RoleAssignment;
  /** Limits a tenant namespace to its repository of this registry (AKS-ACR-12). */
  restrictNamespace(namespace: ITenantNamespace, options?: { readonly repository?: string }): NamespaceAllowedImages;
}

/**
 * What a created and an imported registry share: the AcrPull grants, the private DNS links of the
 * clusters that pull, and the allowed-images restrictions (like aws-ecr's RepositoryBase).
 */
export abstract class RegistryBase extends PrivateLinkedService implements IRegistry {
  public abstract readonly registryId: string;
  public abstract readonly registryName: string;
  public abstract readonly loginServer: string;
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

  protected constructor(scope: Construct, id: string, options: RegistryPullOptions & { readonly location?: string }) {
    super(scope, id, { subresource: "registry", zoneName: "privatelink.azurecr.io", what: "registry" }, options);
    this.restrictImages = options.restrictClusterImages ?? true;
    this.extraPrefixes = options.additionalAllowedImagePrefixes ?? [];
    this.excludedNamespaces = options.imagePolicyExcludedNamespaces ?? DEFAULT_IMAGE_POLICY_EXCLUDED_NAMESPACES;
    withResolved(options.imagePolicyExcludedNamespaces, (excluded) => {
      if (excluded.includes("kube-system")) return;
      invalidProp(
        this,
        "imagePolicyExcludedNamespaces",
        excluded,
        "does not exclude kube-system, so the Deny policy would block AKS's own add-ons (pulled from mcr.microsoft.com)",
        'include "kube-system" (and "gatekeeper-system")',
      );
    });
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
    const acrPull = AzureRoles.acrPull;
    const assignment = new RoleAssignment(this, `AcrPull-${cluster.node.path.replace(/\//g, "-")}`, {
      scope: this.registryId,
      roleDefinitionName: acrPull.name,
      principalId: objectId,
      principalType: "ServicePrincipal",
      // The kubelet identity is created with the cluster; Entra replication lag would fail the
      // existence check of a brand-new principal. The check adds no security.
      skipServicePrincipalAadCheck: true,
      description: `AKS-ACR-01 kubelet image pulls (${acrPull.name} ${acrPull.id})`,
    });
    this.granted.set(cluster, assignment);
    this.pullRoleAssignments.push(assignment);
    // AKS-NET-17: the kubelet resolves the login server through the cluster VNet's DNS.
    this.linkCluster(cluster, "clusters", this.registryName);

    if (this.restrictImages) this.requireKnownLoginServer("the allowed-images regex (the registry name is a token)");
    // Recorded even without restriction, so another registry's restriction does not deny these images.
    const policy = ClusterAllowedImages.of(cluster);
    if (this.knownLoginServer()) policy.allow(this, "loginServer", this.loginServer);
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
    this.requireKnownLoginServer("the namespace's allowed-images regex");
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

  /**
   * Grants pull to the clusters of the props, after the registry and its endpoint exist; extra
   * image prefixes become part of a policy regex, so they must be literal.
   */
  protected grantInitialClusters(clusters: readonly ISecureCluster[]): void {
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

  private knownLoginServer(): boolean {
    return this.loginServer !== "" && !isUnresolved(this.loginServer);
  }

  private requireKnownLoginServer(purpose: string): void {
    if (this.knownLoginServer()) return;
    invalidProp(
      this,
      "loginServer",
      this.loginServer === "" ? undefined : this.loginServer,
      `must be known at synth to build ${purpose}`,
      'pass loginServer, e.g. "myregistry.azurecr.io"',
    );
  }
}

const REGISTRY_NAME = /^[a-zA-Z0-9]{5,50}$/;

/** Registry names: 5-50 letters and digits (the DNS label of `<name>.azurecr.io`); tokens and "" pass. */
export function requireRegistryName(scope: IConstruct, name: string): void {
  withResolved(name, (known) => {
    if (known === "" || REGISTRY_NAME.test(known)) return;
    invalidProp(
      scope,
      "registryName",
      known,
      "is not a valid registry name (5-50 letters and digits, no hyphens)",
      'use e.g. "acrplatformprodweu"',
    );
  });
}

/** The public-cloud login server of a literal registry name; "" for a token or an unknown name. */
export function defaultLoginServer(name: string): string {
  return name === "" || isUnresolved(name) ? "" : `${name.toLowerCase()}.azurecr.io`;
}
