import { IConstruct } from "constructs";
import { ApiServerAccess } from "./api-server-access";
import { MAX_SUBZONE_LENGTH } from "./derived-name";
import {
  invalidProp,
  isListToken,
  isUnresolved,
  isUuid,
  normalizeLocation,
  warnProp,
  withResolved,
} from "../util/validation";
import { Ipv4Block, ipv4BlocksCoverEverything, requireIpv4Cidr } from "../util/cidr";
import {
  SUBNET_ID,
  VIRTUAL_NETWORK_ID,
  requireResourceId,
  sameResourceId,
  virtualNetworkOfSubnet,
} from "../util/resource-ids";

const PRIVATE_DNS_ZONE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/privateDnsZones\/([^/]+)$/i;
/** `[<subzone>.]privatelink.<region>.azmk8s.io`, or `private.` instead of `privatelink.` with VNet integration (private-clusters.md). */
const AKS_PRIVATE_ZONE = /^(([a-z0-9]([a-z0-9-]*[a-z0-9])?)\.)?(privatelink|private)\.([a-z0-9]+)\.azmk8s\.io$/;

/** What the API-server access of a cluster is checked against. */
export interface ApiServerAccessContext {
  /** The cluster's region. */
  readonly location: string;
  /** The cluster's node subnet. */
  readonly nodeSubnetId: string;
  /** The cluster's VNet, when given. */
  readonly virtualNetworkId?: string;
  /** The delegated API-server subnet in effect (VNet integration only). */
  readonly vnetSubnetId?: string;
  /** Custom DNS servers of the VNet, and the prop that names them. */
  readonly dnsServers?: string[];
  readonly dnsServersProp: string;
}

/**
 * Checks `apiServerAccess` of a cluster: authorized ranges only on a public endpoint and never the
 * whole internet, an API-server subnet for VNet integration, a private DNS zone AKS accepts for the
 * mode and region, a created zone's links, and custom DNS servers that can resolve the private API
 * server.
 */
export function requireValidApiServerAccess(
  scope: IConstruct,
  access: ApiServerAccess,
  context: ApiServerAccessContext,
): void {
  requireAuthorizedRanges(scope, access);
  if (access.mode === "vnetIntegration" && context.vnetSubnetId === undefined) {
    invalidProp(
      scope,
      "apiServerAccess",
      "vnetIntegration",
      "has no API-server subnet",
      "pass subnetId to ApiServerAccess.vnetIntegration(), or existingNetwork.apiServerSubnetId, or a ClusterNetwork",
    );
  }
  if (access.subnetId !== undefined)
    requireApiServerSubnet(scope, "apiServerAccess.subnetId", access.subnetId, context.nodeSubnetId);
  requirePrivateDnsZone(scope, access, context.location);
  requireCreatedZone(scope, access, context);
  requireResolvableWithCustomDns(scope, access, context);
}

function requireAuthorizedRanges(scope: IConstruct, access: ApiServerAccess): void {
  const ranges = access.authorizedIpRanges;
  const prop = "apiServerAccess.authorizedIpRanges";
  if (access.mode === "private" && ranges !== undefined) {
    invalidProp(
      scope,
      prop,
      ranges,
      "cannot be used with a private API server without VNet integration (AKS rejects them; there is no public endpoint)",
      "drop the ranges, or use ApiServerAccess.vnetIntegration({ privateCluster: false, authorizedIpRanges }) or ApiServerAccess.publicWithAuthorizedRanges()",
    );
  }
  if (access.mode === "vnetIntegration" && access.privateClusterEnabled && ranges !== undefined) {
    invalidProp(
      scope,
      prop,
      ranges,
      "apply only to a public endpoint, and this VNet-integrated API server is private",
      "drop the ranges, or set privateCluster: false",
    );
  }
  if (access.privateClusterEnabled) return;
  if (ranges === undefined || (!isUnresolved(ranges) && ranges.length === 0)) {
    invalidProp(
      scope,
      prop,
      ranges ?? [],
      "is empty, which would leave the public API server open to the internet",
      "list the CIDRs of your admins, CI and the cluster's egress IP (AKS-NET-02)",
    );
  }
  withResolved(ranges, (literal) => {
    if (literal.length > 200)
      invalidProp(scope, prop, literal.length, "exceeds AKS's 200 ranges", "aggregate the ranges");
    const blocks: Ipv4Block[] = [];
    for (const range of literal) {
      const block = requireIpv4Cidr(scope, prop, range);
      if (block && block.prefixLength === 0) {
        invalidProp(
          scope,
          prop,
          range,
          "allows the whole internet",
          "list specific CIDRs, or use a private API server",
        );
      }
      if (block) blocks.push(block);
    }
    // Split halves such as 0.0.0.0/1 + 128.0.0.0/1 open the endpoint just as 0.0.0.0/0 does.
    if (ipv4BlocksCoverEverything(blocks)) {
      invalidProp(
        scope,
        prop,
        literal,
        "together cover every IPv4 address, so they allow the whole internet",
        "list specific CIDRs, or use a private API server",
      );
    }
  });
}

/** The API-server subnet must be its own delegated subnet in the nodes' VNet. */
export function requireApiServerSubnet(scope: IConstruct, prop: string, subnetId: string, nodeSubnetId: string): void {
  requireResourceId(scope, prop, subnetId, SUBNET_ID);
  withResolved(subnetId, nodeSubnetId, (subnet, node) => {
    if (sameResourceId(subnet, node)) {
      invalidProp(
        scope,
        prop,
        subnet,
        "is the node subnet; API-server VNet integration needs its own subnet delegated to Microsoft.ContainerService/managedClusters (a delegated subnet cannot hold nodes)",
        "create a separate /28 (or larger) delegated subnet, e.g. with ClusterNetwork",
      );
    }
    if (!sameResourceId(virtualNetworkOfSubnet(subnet), virtualNetworkOfSubnet(node))) {
      invalidProp(
        scope,
        prop,
        subnet,
        `is not in the VNet of the node subnet (${virtualNetworkOfSubnet(node)}); AKS projects the API server into the cluster's VNet`,
        "use a delegated subnet in the nodes' VNet",
      );
    }
  });
}

/** A given zone: only on a private API server, "System" or an AKS private zone of the cluster's region. */
function requirePrivateDnsZone(scope: IConstruct, access: ApiServerAccess, location: string): void {
  const prop = "apiServerAccess.privateDnsZoneId";
  if (access.mode === "vnetIntegration" && !access.privateClusterEnabled && access.privateDnsZoneId !== undefined) {
    invalidProp(
      scope,
      prop,
      access.privateDnsZoneId,
      "applies only to a private API server, and this VNet-integrated one is public (privateCluster: false), so the zone would be ignored",
      "drop privateDnsZoneId, or set privateCluster: true",
    );
  }
  withResolved(access.privateDnsZoneId, (zone) => {
    if (zone === "System") return;
    const m = PRIVATE_DNS_ZONE_ID.exec(zone);
    if (!m || !isUuid(m[1])) {
      invalidProp(
        scope,
        prop,
        zone,
        'is neither "System" nor a private DNS zone resource id',
        'pass "System" or /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/privatelink.<region>.azmk8s.io',
      );
    }
    const zm = AKS_PRIVATE_ZONE.exec(m[3].toLowerCase());
    const region = isUnresolved(location) ? undefined : normalizeLocation(location);
    const r = region ?? "<region>";
    const names =
      access.mode === "vnetIntegration"
        ? `(<subzone>.)privatelink.${r}.azmk8s.io or (<subzone>.)private.${r}.azmk8s.io`
        : `privatelink.${r}.azmk8s.io or <subzone>.privatelink.${r}.azmk8s.io`;
    if (!zm) {
      invalidProp(
        scope,
        prop,
        zone,
        `names zone "${m[3]}", which is not an AKS private zone`,
        `use a zone named ${names}`,
      );
    }
    if (zm[4] === "private" && access.mode !== "vnetIntegration") {
      invalidProp(
        scope,
        prop,
        zone,
        `names zone "${m[3]}"; AKS accepts private.<region>.azmk8s.io zones only with API-server VNet integration`,
        `use privatelink.${r}.azmk8s.io (or <subzone>.privatelink.${r}.azmk8s.io), or ApiServerAccess.vnetIntegration()`,
      );
    }
    if (zm[2] !== undefined && zm[2].length > MAX_SUBZONE_LENGTH) {
      invalidProp(
        scope,
        prop,
        zone,
        `has a ${zm[2].length}-character subzone "${zm[2]}"; AKS allows at most ${MAX_SUBZONE_LENGTH}`,
        "shorten the subzone name",
      );
    }
    if (region !== undefined && zm[5] !== region) {
      invalidProp(
        scope,
        prop,
        zone,
        `is for region "${zm[5]}" but the cluster is in "${region}"`,
        `use the ${zm[4]}.${region}.azmk8s.io zone`,
      );
    }
  });
}

/** `createPrivateDnsZone`: private only, not with a given zone, linked VNets are VNet ids, each once and not the cluster's. */
function requireCreatedZone(scope: IConstruct, access: ApiServerAccess, context: ApiServerAccessContext): void {
  const created = access.createdPrivateDnsZone;
  if (created === undefined) return;
  if (!access.privateClusterEnabled) {
    invalidProp(
      scope,
      "apiServerAccess.createPrivateDnsZone",
      created,
      "applies only to a private API server, and this one is public",
      "drop createPrivateDnsZone, or keep the API server private",
    );
  }
  if (access.requestedPrivateDnsZoneId !== undefined) {
    invalidProp(
      scope,
      "apiServerAccess.createPrivateDnsZone",
      created,
      `cannot be combined with privateDnsZoneId (${access.requestedPrivateDnsZoneId}): the cluster has one private zone`,
      "pass either privateDnsZoneId (a zone you manage) or createPrivateDnsZone (a zone this cluster creates)",
    );
  }
  withResolved(created.subzone, (subzone) => {
    if (subzone.length <= MAX_SUBZONE_LENGTH && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(subzone)) return;
    invalidProp(
      scope,
      "apiServerAccess.createPrivateDnsZone.subzone",
      subzone,
      `is not a DNS label of 1-${MAX_SUBZONE_LENGTH} lower-case letters, digits and '-' (AKS's subzone limit)`,
      'use e.g. "aks-prod-weu"',
    );
  });
  const links = created.linkedVirtualNetworkIds ?? [];
  if (isListToken(links)) return;
  const seen = new Map<string, number>();
  const { virtualNetworkId, nodeSubnetId } = context;
  const clusterVnet =
    virtualNetworkId !== undefined && !isUnresolved(virtualNetworkId)
      ? virtualNetworkId
      : isUnresolved(nodeSubnetId)
        ? undefined
        : virtualNetworkOfSubnet(nodeSubnetId);
  links.forEach((link, index) =>
    withResolved(link, (vnet) => {
      const prop = `apiServerAccess.createPrivateDnsZone.linkedVirtualNetworkIds[${index}]`;
      requireResourceId(scope, prop, vnet, VIRTUAL_NETWORK_ID);
      const key = vnet.toLowerCase();
      if (seen.has(key)) {
        invalidProp(
          scope,
          prop,
          vnet,
          `is already linked by linkedVirtualNetworkIds[${seen.get(key)}]; Azure links a VNet to a zone once`,
          "list each VNet once",
        );
      }
      if (clusterVnet !== undefined && sameResourceId(vnet, clusterVnet)) {
        invalidProp(
          scope,
          prop,
          vnet,
          "is the cluster's own VNet, which the created zone is always linked to; a second link to it fails at apply",
          "list only other VNets (a hub resolver's or a runner's)",
        );
      }
      seen.set(key, index);
    }),
  );
}

/**
 * Custom DNS servers on the cluster VNet and a private API server on the "System" zone: AKS links
 * its zone to the spoke only, the custom resolver cannot resolve it, and Microsoft lists this
 * combination (public FQDN off) among none of its supported configurations
 * (private-clusters.md, "Hub and spoke with custom DNS for private AKS clusters").
 */
function requireResolvableWithCustomDns(
  scope: IConstruct,
  access: ApiServerAccess,
  { location, dnsServers, dnsServersProp: prop }: ApiServerAccessContext,
): void {
  if (dnsServers === undefined || isListToken(dnsServers) || dnsServers.length === 0) return;
  const links = access.createdPrivateDnsZone?.linkedVirtualNetworkIds;
  if (access.createdPrivateDnsZone && (links === undefined || (!isListToken(links) && links.length === 0))) {
    // Not an error: the DNS servers may sit in the cluster VNet itself, which the zone is linked to.
    warnProp(
      scope,
      "private-dns/resolver-not-linked",
      "apiServerAccess.createPrivateDnsZone.linkedVirtualNetworkIds",
      [],
      `${prop} = ${JSON.stringify(dnsServers)} resolve the API server only if they run in the cluster VNet, the one VNet the created zone is linked to`,
      "list the resolver's VNet in linkedVirtualNetworkIds",
    );
  }
  if (!access.privateClusterEnabled || access.privateDnsZoneId !== "System") return;
  const region = isUnresolved(location) ? "<region>" : normalizeLocation(location);
  invalidProp(
    scope,
    "apiServerAccess.privateDnsZoneId",
    "System",
    `cannot serve a private API server in a VNet with custom DNS servers (${prop} = ${JSON.stringify(dnsServers)}): AKS's own zone is linked only to the cluster VNet, so your resolver cannot answer for it, and Microsoft does not support the System zone with the public FQDN off in VNets with custom DNS`,
    `use a zone privatelink.${region}.azmk8s.io linked to the resolver's VNet: ApiServerAccess.privateCluster({ createPrivateDnsZone: { linkedVirtualNetworkIds: ["<resolver VNet id>"] } }), or privateDnsZoneId of such a zone you manage; your DNS servers forward privatelink.${region}.azmk8s.io to 168.63.129.16 from that VNet`,
  );
}
