import { Construct } from "constructs";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { SecurityBaseline } from "../baseline/security-baseline";
import { ISecureCluster } from "../cluster/cluster-ref";
import { isUnresolved, requireLocation, requireTags } from "../util/validation";
import { PrivateLinkOptions, PrivateLinkResources, attachPrivateLink, linkClusterToZone } from "./private-link";

/** What a private-link service is reached as: its private-link sub-resource and zone. */
export interface PrivateLinkTarget {
  /** Private-link sub-resource: "registry" or "vault". */
  readonly subresource: string;
  /** The privatelink zone the sub-resource resolves in. */
  readonly zoneName: string;
  /** What the zone resolves, in errors: "registry" or "vault". */
  readonly what: string;
}

/**
 * What a registry and a vault share, created here or imported: the security baseline on the
 * construct, its tags and region checked, an optional private endpoint with its `privatelink.*`
 * zone, and that zone linked to the VNet of every cluster that uses the service (AKS-NET-17).
 * The endpoint, zone and links are built with the construct itself as their scope.
 */
export abstract class PrivateLinkedService extends Construct {
  /** VNet links of the created zone. */
  public readonly privateDnsZoneLinks: PrivateDnsZoneVirtualNetworkLink[] = [];
  /** Tags of the resources this construct creates. */
  protected readonly tags?: Record<string, string>;
  private privateLink?: PrivateLinkResources;

  protected constructor(
    scope: Construct,
    id: string,
    private readonly target: PrivateLinkTarget,
    options: { readonly tags?: Record<string, string>; readonly location?: string },
  ) {
    super(scope, id);
    SecurityBaseline.apply(this);
    requireTags(this, "tags", options.tags);
    if (options.location !== undefined) requireLocation(this, "location", options.location);
    this.tags = options.tags;
  }

  /** Private endpoint, when one is created. */
  public get privateEndpoint(): PrivateEndpoint | undefined {
    return this.privateLink?.endpoint;
  }

  /** Created `privatelink.*` zone (undefined with a BYO zone id, or without an endpoint). */
  public get privateDnsZone(): PrivateDnsZone | undefined {
    return this.privateLink?.zone;
  }

  /**
   * Creates the private endpoint of the service and, unless BYO, its zone (AKS-ACR-04, AKS-SEC-05).
   * `name` names the endpoint (the construct id when it is a token or unknown).
   */
  protected addPrivateEndpoint(
    resourceId: string,
    name: string,
    options: PrivateLinkOptions,
    location?: string,
    resourceGroupName?: string,
  ): void {
    this.privateLink = attachPrivateLink(this, {
      options,
      targetResourceId: resourceId,
      targetName: name === "" || isUnresolved(name) ? this.node.id.toLowerCase() : name.toLowerCase(),
      subresource: this.target.subresource,
      zoneName: this.target.zoneName,
      location,
      resourceGroupName,
      tags: this.tags,
    });
    this.privateDnsZoneLinks.push(...this.privateLink.links);
  }

  /**
   * AKS-NET-17: a cluster that uses the service resolves its name through the cluster VNet's DNS,
   * so the created zone is linked to that VNet. `name` names the service in errors.
   */
  protected linkCluster(cluster: ISecureCluster, prop: string, name: string): void {
    const label = isUnresolved(name) || name === "" ? this.node.path : name;
    linkClusterToZone(this, cluster, {
      prop,
      target: `${this.target.what} ${label}`,
      zone: this.privateDnsZone,
      links: this.privateDnsZoneLinks,
      tags: this.tags,
    });
  }
}
