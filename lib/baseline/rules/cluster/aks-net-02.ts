import { Rule, isExpression, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";

/** Error: only evaluated on public API servers (private ones have no public endpoint to restrict). */
export const aksNet02: Rule = {
  id: "AKS-NET-02",
  title: getControl("AKS-NET-02").title,
  severity: "error",
  references: { azurePolicy: ["0e246bcf-5f6f-4f87-bc6f-775d4712c7ea"], mcsb: ["NS-2"], cis: ["5.4.1"], checkov: ["CKV_AZURE_6"], trivy: ["AVD-AZU-0041"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Give a public API server api_server_access_profile.authorized_ip_ranges with your egress and admin ranges, never 0.0.0.0/0 (ApiServerAccess.publicWithAuthorizedRanges).",
  evaluate: (cluster) => {
    const privateCluster = cluster.config.private_cluster_enabled;
    if (isExpression(privateCluster)) return unknown("private_cluster_enabled", privateCluster);
    if (privateCluster === true) return undefined;
    const ranges = readAttribute(cluster.config, "api_server_access_profile.authorized_ip_ranges");
    if (isExpression(ranges)) return unknown("api_server_access_profile.authorized_ip_ranges", ranges);
    if (!Array.isArray(ranges) || ranges.length === 0) return failed("api_server_access_profile.authorized_ip_ranges", ranges, "the public API server accepts connections from the whole internet");
    if (ranges.some((range) => range === "0.0.0.0/0" || range === "0.0.0.0/1" || range === "128.0.0.0/1")) return failed("api_server_access_profile.authorized_ip_ranges", ranges, "the authorized ranges include the whole internet");
    return passed("api_server_access_profile.authorized_ip_ranges", ranges);
  },
};
