import { Construct } from "constructs";
import { Fn } from "cdktf";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { CreatedPrivateDnsZoneOptions } from "./api-server-access";
import { MAX_SUBZONE_LENGTH, derivedName } from "./derived-name";
import { isListToken, isUnresolved, normalizeLocation } from "../util/validation";

/** What {@link ApiServerPrivateDnsZone} needs. */
export interface ApiServerPrivateDnsZoneProps extends CreatedPrivateDnsZoneOptions {
  readonly clusterName: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The cluster VNet, linked first. */
  readonly clusterVirtualNetworkId: string;
  readonly tags?: Record<string, string>;
}

/**
 * The `<subzone>.privatelink.<region>.azmk8s.io` zone of `createPrivateDnsZone`, linked to the
 * cluster VNet and the named VNets (see {@link CreatedPrivateDnsZoneOptions}). Its resources belong
 * to the owner (SecureCluster), at the construct paths they always had.
 */
export class ApiServerPrivateDnsZone {
  /** The API server's private DNS zone. */
  public readonly privateDnsZone: PrivateDnsZone;
  /** Links of the zone: the cluster VNet first, then `linkedVirtualNetworkIds` in order. */
  public readonly links: PrivateDnsZoneVirtualNetworkLink[] = [];

  constructor(owner: Construct, props: ApiServerPrivateDnsZoneProps) {
    const { clusterName, location, resourceGroupName, tags } = props;
    const region = isUnresolved(location) ? Fn.lower(Fn.replace(location, " ", "")) : normalizeLocation(location);
    const label = isUnresolved(clusterName)
      ? Fn.lower(Fn.replace(clusterName, "_", "-"))
      : clusterName.toLowerCase().replace(/_/g, "-");
    const subzone = props.subzone ?? derivedName("", label, MAX_SUBZONE_LENGTH);
    const zone = new PrivateDnsZone(owner, "ApiServerPrivateDnsZone", {
      name: `${subzone}.privatelink.${region}.azmk8s.io`,
      resourceGroupName,
      tags,
    });
    this.privateDnsZone = zone;
    const link = (id: string, name: string, virtualNetworkId: string) =>
      new PrivateDnsZoneVirtualNetworkLink(owner, id, {
        // Link names: 1-80 characters; one link per VNet and zone.
        name,
        resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId,
        // Resolution only: nothing registers VM records in the API server's zone.
        registrationEnabled: false,
        tags,
      });
    this.links.push(
      link("ApiServerZoneClusterLink", derivedName("link-", clusterName, 80), props.clusterVirtualNetworkId),
    );
    const extra = props.linkedVirtualNetworkIds ?? [];
    if (isListToken(extra)) {
      // A list token has no elements at synth: one link per VNet at plan time, named after the VNet.
      const dynamicLink = link(
        "ApiServerZoneExtraLinks",
        'link-${element(split("/", each.value), 8)}',
        "${each.value}",
      );
      dynamicLink.addOverride("for_each", Fn.toset(extra));
      this.links.push(dynamicLink);
      return;
    }
    extra.forEach((vnetId, index) => {
      const vnetName = isUnresolved(vnetId) ? `vnet-${index}` : vnetId.split("/").pop()!;
      this.links.push(link(`ApiServerZoneLink${index}`, derivedName("link-", vnetName, 80), vnetId));
    });
  }

  /** The link to the cluster VNet: AKS reconciles the zone only after it exists. */
  public get clusterLink(): PrivateDnsZoneVirtualNetworkLink {
    return this.links[0];
  }
}
