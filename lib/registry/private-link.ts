import { Construct } from "constructs";
import { Fn, TerraformStack } from "cdktf";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { ISecureCluster } from "../cluster/cluster-ref";
import {
  PRIVATE_DNS_ZONE_ID,
  SUBNET_ID,
  VIRTUAL_NETWORK_ID,
  requireResourceId,
  resourceNameOf,
  virtualNetworkOfSubnet,
} from "../util/resource-ids";
import { invalidProp, isUnresolved, requireLocation, withResolved } from "../util/validation";

/**
 * Where the private endpoint of a registry or vault goes, and which private DNS zone resolves it.
 * Shared by AcrIntegration (AKS-ACR-04) and KeyVaultCsi (AKS-SEC-05).
 */
export interface PrivateLinkOptions {
  /**
   * Subnet of the private endpoint (a subnet without private-endpoint network policies blocking it,
   * usually the cluster network's private-endpoint subnet).
   */
  readonly subnetId: string;
  /**
   * Existing private DNS zone (`privatelink.azurecr.io` / `privatelink.vaultcore.azure.net`). In a
   * hub-and-spoke landing zone the hub owns these zones centrally and links them to every spoke; pass
   * its id and no zone or VNet link is created here (only the endpoint's DNS zone group): the zone's
   * owner must link every consuming cluster's VNet (AKS-NET-17 reports such a zone as unknown).
   *
   * @default - a zone is created in the resource group and linked to `virtualNetworkIds`, and to the
   * VNet of every cluster later granted pull / read (AKS-NET-17)
   */
  readonly privateDnsZoneId?: string;
  /**
   * VNets linked to the created zone, so their resolvers answer with the private address. Ignored
   * with `privateDnsZoneId`.
   *
   * @default - the VNet of `subnetId`
   */
  readonly virtualNetworkIds?: string[];
  /**
   * Region of the endpoint; it must be the region of the subnet's VNet.
   *
   * @default - the construct's location
   */
  readonly location?: string;
  /**
   * Resource group of the endpoint and of the created zone.
   *
   * @default - the construct's resource group
   */
  readonly resourceGroupName?: string;
}

/** What {@link createPrivateLink} created. */
export interface PrivateLinkResources {
  readonly endpoint: PrivateEndpoint;
  /** The created zone; undefined with a BYO `privateDnsZoneId`. */
  readonly zone?: PrivateDnsZone;
  /** VNet links of the created zone, in `virtualNetworkIds` order. */
  readonly links: PrivateDnsZoneVirtualNetworkLink[];
  /** Id of the zone the endpoint registers in (created or BYO). */
  readonly privateDnsZoneId: string;
}

/** Arguments of {@link createPrivateLink}. */
export interface CreatePrivateLinkArgs {
  /** Prop name used in error messages, e.g. "privateEndpoint". */
  readonly prop: string;
  readonly options: PrivateLinkOptions;
  /** The registry or vault. */
  readonly targetResourceId: string;
  /** Used in resource names, e.g. the registry name. */
  readonly targetName: string;
  /** Private-link sub-resource: "registry" or "vault". */
  readonly subresource: string;
  /** The privatelink zone the sub-resource resolves in. */
  readonly zoneName: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly tags?: Record<string, string>;
}

/** The VNet id of a subnet id (a Terraform expression when the subnet id is a token). */
export function virtualNetworkIdOfSubnet(subnetId: string): string {
  if (!isUnresolved(subnetId)) return virtualNetworkOfSubnet(subnetId);
  return Fn.join("/", Fn.slice(Fn.split("/", subnetId), 0, 9));
}

/**
 * Creates a private endpoint for one sub-resource with a DNS zone group, and (unless a zone id is
 * given) the privatelink zone and its VNet links. Validates the ids it is given.
 */
export function createPrivateLink(scope: Construct, args: CreatePrivateLinkArgs): PrivateLinkResources {
  const { prop, options } = args;
  if (options.location !== undefined) requireLocation(scope, `${prop}.location`, options.location);
  requireResourceId(scope, `${prop}.subnetId`, options.subnetId, SUBNET_ID);
  const zoneId = options.privateDnsZoneId;
  requireResourceId(scope, `${prop}.privateDnsZoneId`, zoneId, PRIVATE_DNS_ZONE_ID);
  withResolved(zoneId, (id) => {
    const zoneName = resourceNameOf(id);
    if (zoneName.toLowerCase() !== args.zoneName) {
      invalidProp(
        scope,
        `${prop}.privateDnsZoneId`,
        id,
        `names zone "${zoneName}", but the "${args.subresource}" endpoint resolves only in ${args.zoneName}`,
        `pass the id of the ${args.zoneName} zone`,
      );
    }
  });
  const vnetIds = options.virtualNetworkIds ?? [virtualNetworkIdOfSubnet(options.subnetId)];
  if (zoneId === undefined) requireLinkedNetworks(scope, `${prop}.virtualNetworkIds`, vnetIds);

  const resourceGroupName = options.resourceGroupName ?? args.resourceGroupName;
  let zone: PrivateDnsZone | undefined;
  const links: PrivateDnsZoneVirtualNetworkLink[] = [];
  if (zoneId === undefined) {
    const twin = isUnresolved(resourceGroupName)
      ? undefined
      : TerraformStack.of(scope)
          .node.findAll()
          .find(
            (c): c is PrivateDnsZone =>
              c instanceof PrivateDnsZone &&
              c.nameInput === args.zoneName &&
              c.resourceGroupNameInput === resourceGroupName,
          );
    if (twin) {
      invalidProp(
        scope,
        `${prop}.privateDnsZoneId`,
        undefined,
        `would create a second ${args.zoneName} zone in resource group "${resourceGroupName}" (${twin.node.path} has one), which Azure rejects`,
        `pass privateDnsZoneId: the privateDnsZone.id of ${twin.node.scope?.node.path ?? twin.node.path} (and link any further VNet to that zone)`,
      );
    }
    zone = new PrivateDnsZone(scope, "PrivateDnsZone", { name: args.zoneName, resourceGroupName, tags: args.tags });
    vnetIds.forEach((vnetId, i) => {
      const vnetName = vnetNameOf(vnetId);
      links.push(
        new PrivateDnsZoneVirtualNetworkLink(scope, `PrivateDnsZoneLink${i}`, {
          name: vnetName ? `link-${vnetName}`.slice(0, 80) : `link-${args.targetName}-${i}`.slice(0, 80),
          resourceGroupName,
          privateDnsZoneName: zone!.name,
          virtualNetworkId: vnetId,
          // Resolution only; VM auto-registration has no place in a privatelink zone.
          registrationEnabled: false,
          tags: args.tags,
        }),
      );
    });
  }
  const privateDnsZoneId = zoneId ?? zone!.id;
  const endpoint = new PrivateEndpoint(scope, "PrivateEndpoint", {
    name: `pe-${args.targetName}`.slice(0, 80),
    resourceGroupName,
    location: options.location ?? args.location,
    subnetId: options.subnetId,
    privateServiceConnection: {
      name: `psc-${args.targetName}`.slice(0, 80),
      privateConnectionResourceId: args.targetResourceId,
      subresourceNames: [args.subresource],
      isManualConnection: false,
    },
    privateDnsZoneGroup: { name: "default", privateDnsZoneIds: [privateDnsZoneId] },
    tags: args.tags,
  });
  return { endpoint, zone, links, privateDnsZoneId };
}

/** The name of a literal VNet id; undefined for a token or another id. */
function vnetNameOf(vnetId: string): string | undefined {
  return !isUnresolved(vnetId) && VIRTUAL_NETWORK_ID.pattern.test(vnetId) ? resourceNameOf(vnetId) : undefined;
}

/** The VNets a created zone is linked to: literal ids must be VNet ids, each listed once, at least one. */
function requireLinkedNetworks(scope: Construct, prop: string, vnetIds: string[]): void {
  withResolved(vnetIds, (ids) => {
    if (ids.length === 0) {
      invalidProp(
        scope,
        prop,
        ids,
        "is empty, so nothing would resolve the registry's or vault's private address",
        "list the VNets whose workloads must reach it (default: the subnet's VNet), or pass privateDnsZoneId of a zone linked elsewhere",
      );
    }
    for (const vnetId of ids) requireResourceId(scope, prop, vnetId, VIRTUAL_NETWORK_ID);
    const literal = ids.filter((v) => !isUnresolved(v)).map((v) => v.toLowerCase());
    const dup = literal.find((v, i) => literal.indexOf(v) !== i);
    if (dup !== undefined) {
      invalidProp(scope, prop, dup, "is listed twice; Azure links a VNet to a zone only once", "list each VNet once");
    }
  });
}

/**
 * The private endpoint a registry or vault gets by default: in the private-endpoint subnet of the
 * first cluster whose network has one, with its zone linked to that cluster's VNet.
 */
export function defaultPrivateLinkOptions(clusters: readonly ISecureCluster[]): PrivateLinkOptions | undefined {
  const cluster = clusters.find((c) => c.privateEndpointSubnetId);
  if (!cluster?.privateEndpointSubnetId) return undefined;
  const vnetId = cluster.virtualNetworkId;
  return { subnetId: cluster.privateEndpointSubnetId, virtualNetworkIds: vnetId ? [vnetId] : undefined };
}

/** Arguments of {@link attachPrivateLink}: the target's resource group and region stand in for those the options leave out. */
export interface AttachPrivateLinkArgs extends Omit<CreatePrivateLinkArgs, "location" | "resourceGroupName" | "prop"> {
  readonly location?: string;
  readonly resourceGroupName?: string;
}

/**
 * The private endpoint of a created or an imported registry or vault (prop "privateEndpoint"): its
 * region and resource group come from the options or from the construct's own props.
 */
export function attachPrivateLink(scope: Construct, args: AttachPrivateLinkArgs): PrivateLinkResources {
  const location = args.options.location ?? args.location;
  const resourceGroupName = args.options.resourceGroupName ?? args.resourceGroupName;
  if (location === undefined)
    invalidProp(
      scope,
      "location",
      undefined,
      "is required for the private endpoint",
      "pass location (or privateEndpoint.location)",
    );
  if (resourceGroupName === undefined)
    invalidProp(
      scope,
      "resourceGroupName",
      undefined,
      "is required for the private endpoint",
      "pass resourceGroupName (or privateEndpoint.resourceGroupName)",
    );
  return createPrivateLink(scope, { ...args, prop: "privateEndpoint", location, resourceGroupName });
}

/**
 * The VNet of a cluster's nodes: its ClusterNetwork's VNet or `existingNetwork.virtualNetworkId`
 * (SecureCluster's `virtualNetworkId`), else the VNet of a literal `nodeSubnetId`. Undefined when
 * the cluster reference exposes neither, or only a node subnet id that is a token.
 */
export function clusterVirtualNetworkId(cluster: ISecureCluster): string | undefined {
  if (cluster.virtualNetworkId !== undefined) return cluster.virtualNetworkId;
  const subnet = cluster.nodeSubnetId;
  if (subnet !== undefined && !isUnresolved(subnet) && SUBNET_ID.pattern.test(subnet))
    return virtualNetworkOfSubnet(subnet);
  return undefined;
}

/** Arguments of {@link linkClusterToZone}. */
export interface ClusterZoneLinkArgs {
  /** The prop that brought the cluster in, for errors ("clusters", "grantRead.namespace"). */
  readonly prop: string;
  /** What the zone resolves, for errors ("registry acrx", "vault kv-x"). */
  readonly target: string;
  /** The zone created with the endpoint; undefined with a BYO zone id (its owner links it, e.g. a hub linking every spoke). */
  readonly zone?: PrivateDnsZone;
  /** Links of the zone so far; a created link is appended. */
  readonly links: PrivateDnsZoneVirtualNetworkLink[];
  readonly tags?: Record<string, string>;
}

/**
 * Issue 10 item 7 (AKS-NET-17): a cluster that pulls from a registry or reads a vault resolves
 * `<name>.azurecr.io` / `<name>.vault.azure.net` to the private endpoint only when its VNet is
 * linked to the `privatelink.*` zone; otherwise the name resolves to the public address, which
 * refuses it (public access is off): ImagePullBackOff or a failed mount. Microsoft Learn, "Azure
 * Private Endpoint DNS integration" (https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration):
 * a service FQDN resolves to its public IP unless DNS is changed, and every further (peered or
 * spoke) VNet whose clients need the private IP gets its own virtual network link to the one
 * private DNS zone.
 *
 * Links the cluster's VNet to the created zone (once per VNet), in the zone's construct and stack.
 * Fails naming the cluster when its VNet cannot be known at synth. With a BYO zone nothing is
 * created: its owner links it (PrivateLinkOptions.privateDnsZoneId).
 */
export function linkClusterToZone(
  scope: Construct,
  cluster: ISecureCluster,
  args: ClusterZoneLinkArgs,
): PrivateDnsZoneVirtualNetworkLink | undefined {
  const zone = args.zone;
  if (!zone) return undefined;
  const vnetId = clusterVirtualNetworkId(cluster);
  if (vnetId === undefined) {
    const subnet = cluster.nodeSubnetId;
    const why =
      subnet !== undefined
        ? `has a node subnet id known only at apply (${subnet}), so its VNet cannot be linked to the ${zone.nameInput} zone at synth`
        : `does not expose its VNet (virtualNetworkId or nodeSubnetId), so it cannot be linked to the ${zone.nameInput} zone`;
    invalidProp(
      scope,
      args.prop,
      cluster.node.path,
      `names cluster ${cluster.node.path}, which ${why}; without the link it resolves ${args.target} to its public address, which is closed`,
      subnet !== undefined
        ? "pass existingNetwork.virtualNetworkId to that SecureCluster (a literal VNet id or a reference), or use privateEndpoint.privateDnsZoneId of a zone your hub links to every spoke"
        : "use a SecureCluster (it exposes virtualNetworkId), or privateEndpoint.privateDnsZoneId of a zone linked to the cluster's VNet",
    );
  }
  const same = (a: string | undefined) =>
    a !== undefined &&
    (isUnresolved(a) || isUnresolved(vnetId) ? a === vnetId : a.toLowerCase() === vnetId.toLowerCase());
  if (args.links.some((link) => same(link.virtualNetworkIdInput))) return undefined;
  const index = args.links.length;
  const vnetName = vnetNameOf(vnetId);
  const fallback = isUnresolved(cluster.clusterName)
    ? `link-${scope.node.id.toLowerCase()}-${index}`
    : `link-${cluster.clusterName}`;
  const link = new PrivateDnsZoneVirtualNetworkLink(scope, `PrivateDnsZoneLink${index}`, {
    name: (vnetName ? `link-${vnetName}` : fallback).slice(0, 80),
    resourceGroupName: zone.resourceGroupNameInput ?? zone.resourceGroupName,
    privateDnsZoneName: zone.name,
    virtualNetworkId: vnetId,
    // Resolution only; VM auto-registration has no place in a privatelink zone.
    registrationEnabled: false,
    tags: args.tags,
  });
  args.links.push(link);
  return link;
}
