import { Rule, isExpression, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";

/**
 * Error: an explicit egress design. userDefinedRouting (firewall) is the catalog's target;
 * userAssignedNATGateway and the network-isolated "none" are explicit too. managedNATGateway puts the
 * NAT in an AKS-managed VNet, outside the team's network design, so it fails like loadBalancer.
 */
export const aksNet07: Rule = {
  id: "AKS-NET-07",
  title: getControl("AKS-NET-07").title,
  severity: "error",
  references: { other: ["limit-egress-traffic.md"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set network_profile.outbound_type to \"userDefinedRouting\" (route 0.0.0.0/0 to a firewall) or \"userAssignedNATGateway\" (ClusterNetwork with ClusterEgress.firewall or .natGateway).",
  evaluate: (cluster) => {
    const outbound = readAttribute(cluster.config, "network_profile.outbound_type");
    if (isExpression(outbound)) return unknown("network_profile.outbound_type", outbound);
    if (outbound === "userDefinedRouting" || outbound === "userAssignedNATGateway" || outbound === "none") return passed("network_profile.outbound_type", outbound);
    return failed("network_profile.outbound_type", outbound ?? "absent (loadBalancer)", "egress leaves through the implicit load-balancer SNAT, with no designed path or inspection point");
  },
};
