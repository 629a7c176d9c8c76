import { TerraformDocument, TerraformResource, isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { referencesResource, resourcesReferencing } from "../../references";
import { failed, federatedCredentialsOf, grantsRole, passed, referencedResource, unknown } from "../findings";
import { AzureRoles } from "../../../util/azure-roles";

const TARGET_TYPES: Record<string, string> = { registry: "azurerm_container_registry", vault: "azurerm_key_vault" };

/** Where a cluster's nodes live: a VNet resource of the document, a literal VNet id or name, or unknown (with why). */
type ClusterVnet =
  { resource: TerraformResource } | { literalId: string } | { literalName: string } | { unknown: string };

function clusterVnet(cluster: TerraformResource, document: TerraformDocument): ClusterVnet {
  const subnetId = readAttribute(cluster.config, "default_node_pool.vnet_subnet_id");
  if (subnetId === undefined)
    return {
      unknown: `${cluster.address} has no default_node_pool.vnet_subnet_id: AKS creates its VNet, so no link to it can be declared here`,
    };
  if (typeof subnetId === "string" && !isExpression(subnetId)) {
    const match = /^(.*\/virtualNetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(subnetId);
    return match
      ? { literalId: match[1] }
      : { unknown: `${cluster.address}'s node subnet id ${subnetId} is not a subnet id` };
  }
  const subnet = referencedResource(subnetId, document, ["azurerm_subnet"], ["id"]);
  if (!subnet) return { unknown: `${cluster.address}'s node subnet comes from outside this document` };
  const vnetName = subnet.config.virtual_network_name;
  const vnet =
    referencedResource(vnetName, document, ["azurerm_virtual_network"], ["name"]) ??
    document
      .ofType("azurerm_virtual_network")
      .find((candidate) => typeof vnetName === "string" && candidate.config.name === vnetName);
  if (vnet) return { resource: vnet };
  if (typeof vnetName === "string" && !isExpression(vnetName)) return { literalName: vnetName };
  return { unknown: `the VNet of ${cluster.address}'s node subnet ${subnet.address} is an expression` };
}

function lastSegment(id: string): string {
  return id.replace(/\/+$/, "").split("/").pop()!.toLowerCase();
}

/** True when a link's `virtual_network_id` is the cluster's VNet. */
function linksVnet(link: TerraformResource, vnet: ClusterVnet, document: TerraformDocument): boolean {
  const linked = link.config.virtual_network_id;
  const linkedResource = referencedResource(linked, document, ["azurerm_virtual_network"], ["id"]);
  const linkedName = linkedResource
    ? String(linkedResource.config.name).toLowerCase()
    : typeof linked === "string" && !isExpression(linked)
      ? lastSegment(linked)
      : undefined;
  if ("resource" in vnet)
    return (
      linkedResource === vnet.resource ||
      (linkedName !== undefined &&
        linkedName === String(vnet.resource.config.name).toLowerCase() &&
        !isExpression(vnet.resource.config.name))
    );
  if ("literalId" in vnet)
    return (
      (typeof linked === "string" && linked.toLowerCase() === vnet.literalId.toLowerCase()) ||
      linkedName === lastSegment(vnet.literalId)
    );
  if ("literalName" in vnet) return linkedName === vnet.literalName.toLowerCase();
  return false;
}

/** Role assignments of the document on the endpoint's target: its resource, or the same literal/expression id (and its children). */
function grantsOnTarget(
  document: TerraformDocument,
  targetId: unknown,
  target: TerraformResource | undefined,
): readonly TerraformResource[] {
  if (target) return resourcesReferencing(document, target, ["azurerm_role_assignment"], "scope", "id");
  // A target id from outside the document (rare): compared with every grant's scope.
  return document.ofType("azurerm_role_assignment").filter((assignment) => {
    const scope = assignment.config.scope;
    if (typeof scope !== "string" || typeof targetId !== "string") return false;
    const lower = scope.toLowerCase();
    const id = targetId.toLowerCase();
    return lower === id || lower.startsWith(`${id}/`);
  });
}

/** The clusters a grant serves: the kubelet (registry pulls), or the workload-identity federation / secrets add-on (vault reads). */
function consumingClusters(
  grant: TerraformResource,
  kind: string,
  document: TerraformDocument,
): TerraformResource[] | undefined {
  const principal = grant.config.principal_id;
  const clusters = document.ofType("azurerm_kubernetes_cluster");
  if (kind === "registry") {
    if (!grantsRole(grant, AzureRoles.acrPull)) return [];
    const kubelet = clusters.filter((cluster) =>
      referencesResource(principal, cluster, "kubelet_identity.0.object_id"),
    );
    return kubelet.length > 0 ? kubelet : undefined;
  }
  const addOn = clusters.filter((cluster) =>
    referencesResource(principal, cluster, "key_vault_secrets_provider.0.secret_identity.0.object_id"),
  );
  if (addOn.length > 0) return addOn;
  const identity = referencedResource(principal, document, ["azurerm_user_assigned_identity"], ["principal_id"]);
  if (!identity) return undefined;
  const issuers = federatedCredentialsOf(document, identity).map((credential) => credential.config.issuer);
  const federated = clusters.filter((cluster) =>
    issuers.some((issuer) => referencesResource(issuer, cluster, "oidc_issuer_url")),
  );
  return federated.length > 0 ? federated : undefined;
}

/**
 * Error, evaluated on each private endpoint of a registry ("registry") or vault ("vault") that a
 * cluster of the same document consumes: AcrPull to a cluster's kubelet identity, or a role on the
 * vault to a workload identity federated with the cluster's OIDC issuer (or to its secrets add-on
 * identity). Each consuming cluster's node VNet must be linked to a private DNS zone of the
 * endpoint's zone group: only linked VNets resolve `<name>.azurecr.io` / `<name>.vault.azure.net`
 * to the private address (Microsoft Learn, private-endpoint-dns-integration); others get the public
 * address, which public access off refuses (ImagePullBackOff, failed CSI mounts). Zones or VNets
 * from outside the document, and grants whose principal cannot be traced, are unknown. Endpoints no
 * cluster of the document consumes are not judged (grants in another stack: see KeyVaultCsi, which
 * links at synth).
 */
export const aksNet17 = defineRule("AKS-NET-17", {
  resourceTypes: ["azurerm_private_endpoint"],
  fix: "Add an azurerm_private_dns_zone_virtual_network_link from the endpoint's privatelink zone to each consuming cluster's VNet (AcrIntegration.grantPull and KeyVaultCsi.grantRead do), or give the cluster its own endpoint in a linked VNet.",
  evaluate: (endpoint, document) => {
    const names = readAttribute(endpoint.config, "private_service_connection.subresource_names");
    const kind = Array.isArray(names) ? ["registry", "vault"].find((name) => names.includes(name)) : undefined;
    if (kind === undefined) return undefined;
    const targetId = readAttribute(endpoint.config, "private_service_connection.private_connection_resource_id");
    const target = referencedResource(targetId, document, [TARGET_TYPES[kind]], ["id"]);
    const consumers = new Map<string, TerraformResource>();
    let untraced: TerraformResource | undefined;
    for (const grant of grantsOnTarget(document, targetId, target)) {
      const clusters = consumingClusters(grant, kind, document);
      if (clusters === undefined) untraced ??= grant;
      else clusters.forEach((cluster) => consumers.set(cluster.address, cluster));
    }
    if (consumers.size === 0 && !untraced) return undefined;
    const zoneIds = readAttribute(endpoint.config, "private_dns_zone_group.private_dns_zone_ids");
    if (!Array.isArray(zoneIds) || zoneIds.length === 0) {
      if (consumers.size === 0)
        return unknown(
          "private_dns_zone_group",
          undefined,
          `${untraced!.address} grants access to a principal this document cannot tie to a cluster`,
        );
      return failed(
        "private_dns_zone_group",
        zoneIds,
        `the endpoint registers in no private DNS zone, so ${[...consumers.keys()].join(", ")} resolve the ${kind} to its public address, which is closed`,
      );
    }
    const zones = zoneIds.map((id) => referencedResource(id, document, ["azurerm_private_dns_zone"], ["id"]));
    const links = document
      .ofType("azurerm_private_dns_zone_virtual_network_link")
      .filter((link) =>
        zones.some(
          (zone) =>
            zone &&
            (referencesResource(link.config.private_dns_zone_name, zone, "name") ||
              (typeof link.config.private_dns_zone_name === "string" &&
                link.config.private_dns_zone_name === zone.config.name)),
        ),
      );
    let unresolved: string | undefined;
    for (const cluster of consumers.values()) {
      const vnet = clusterVnet(cluster, document);
      if ("unknown" in vnet) {
        unresolved ??= vnet.unknown;
        continue;
      }
      if (links.some((link) => linksVnet(link, vnet, document))) continue;
      if (zones.some((zone) => zone === undefined)) {
        unresolved ??= `the endpoint's zone comes from outside this document (a hub zone?); check it is linked to ${cluster.address}'s VNet`;
        continue;
      }
      const where =
        "resource" in vnet ? vnet.resource.address : "literalId" in vnet ? vnet.literalId : vnet.literalName;
      return failed(
        "private_dns_zone_group.private_dns_zone_ids",
        zoneIds,
        `${cluster.address} uses this ${kind}, but its VNet (${where}) is not linked to the endpoint's private DNS zone, so it resolves the public address, which is closed`,
      );
    }
    if (unresolved) return unknown("private_dns_zone_group.private_dns_zone_ids", zoneIds, unresolved);
    if (untraced)
      return unknown(
        "private_dns_zone_group.private_dns_zone_ids",
        zoneIds,
        `${untraced.address} grants access to a principal this document cannot tie to a cluster; check that cluster's VNet is linked`,
      );
    return passed(
      "private_dns_zone_group.private_dns_zone_ids",
      zoneIds,
      `linked to the VNet of ${[...consumers.keys()].join(", ")}`,
    );
  },
});
