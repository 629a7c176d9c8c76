import { TerraformDocument, TerraformResource, isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { referencedAmong } from "../../references";
import { expectBoolean, failed, passed, resolveLiteralReference, unknown } from "../findings";
import { normalizeLocation } from "../../../util/validation";

/** AKS private zones: privatelink.<region>.azmk8s.io, or a subzone of it (BYO zone, AKS docs). */
const AKS_PRIVATE_ZONE = /^(?:[a-z0-9-]+\.)?privatelink\.([a-z0-9]+)\.azmk8s\.io$/i;

/** The zone name a private_dns_zone_id designates: a literal id's last segment, or a referenced zone's literal name. */
function zoneName(zoneId: string, document: TerraformDocument): string | undefined {
  if (!isExpression(zoneId)) return /\/privatednszones\/([^/]+)\/?$/i.exec(zoneId)?.[1];
  const zone = referencedAmong(document, zoneId, ["azurerm_private_dns_zone"], "id")[0];
  const name = zone?.config.name;
  return typeof name === "string" && !isExpression(name) ? name : undefined;
}

function judgeZone(cluster: TerraformResource, document: TerraformDocument) {
  const zoneId = cluster.config.private_dns_zone_id;
  // Absent: AKS creates and manages the zone ("System").
  if (zoneId === undefined || zoneId === "System") return passed("private_dns_zone_id", zoneId ?? "absent (System)");
  if (zoneId === "None")
    return failed(
      "private_dns_zone_id",
      zoneId,
      'with "None" AKS publishes the private API server\'s address in public DNS',
    );
  if (typeof zoneId !== "string")
    return failed("private_dns_zone_id", zoneId, 'is neither "System" nor a private DNS zone id');
  const name = zoneName(zoneId, document);
  if (name === undefined) {
    return isExpression(zoneId)
      ? unknown(
          "private_dns_zone_id",
          zoneId,
          "the private DNS zone is an expression this document cannot resolve to a zone name",
        )
      : failed("private_dns_zone_id", zoneId, 'is neither "System" nor a private DNS zone id');
  }
  const match = AKS_PRIVATE_ZONE.exec(name);
  if (!match)
    return failed("private_dns_zone_id", name, "the zone is not an AKS private zone (privatelink.<region>.azmk8s.io)");
  // The zone must be the cluster's region: a literal location, or the literal location of the
  // declared resource group it references; any other expression is known only at apply.
  const raw = cluster.config.location;
  const location = isExpression(raw)
    ? resolveLiteralReference(raw, document, "azurerm_resource_group", "location")
    : raw;
  if (typeof location !== "string")
    return unknown("location", raw, `whether the zone's region ${match[1]} is the cluster's is known only at apply`);
  if (match[1].toLowerCase() !== normalizeLocation(location)) {
    return failed("private_dns_zone_id", name, `the zone is for region ${match[1]} but the cluster is in ${location}`);
  }
  return passed("private_dns_zone_id", zoneId);
}

/**
 * Error. Decision: API-server VNet integration with private_cluster_enabled = false still publishes a
 * public endpoint (reachable from the internet, narrowed only by authorized ranges), so it fails
 * here like any public API server. That is the catalog's intended behaviour: a public API server
 * (with the AKS-NET-02 ranges) is accepted only through a suppression whose reason the report shows.
 */
export const aksNet01 = defineRule("AKS-NET-01", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Set private_cluster_enabled = true, private_cluster_public_fqdn_enabled = false and private_dns_zone_id = "System" or the id of a privatelink.<region>.azmk8s.io zone (SecureCluster default, ApiServerAccess.privateCluster()). A public API server with authorized ranges must be accepted with SecurityBaseline.suppress(cluster, "AKS-NET-01", reason).',
  evaluate: (cluster, document) => {
    const privateCluster = expectBoolean(
      cluster,
      "private_cluster_enabled",
      true,
      false,
      "the API server has a public endpoint; VNet integration and authorized ranges narrow it but do not remove it",
    );
    if (privateCluster.outcome !== "passed") return privateCluster;
    const fqdn = expectBoolean(
      cluster,
      "private_cluster_public_fqdn_enabled",
      false,
      false,
      "a public DNS name for the private API server leaks its address",
    );
    if (fqdn.outcome !== "passed") return fqdn;
    return judgeZone(cluster, document);
  },
});
