import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean } from "../findings";

/**
 * Error. API-server VNet integration with private_cluster_enabled = false still publishes a public
 * endpoint, so it fails here too; accept it with a suppression that names the authorized ranges.
 */
export const aksNet01: Rule = {
  id: "AKS-NET-01",
  title: getControl("AKS-NET-01").title,
  severity: "error",
  references: { azurePolicy: ["040732e8-d947-40b8-95d6-854c95024bf8"], mcsb: ["NS-2"], cis: ["5.4.2"], checkov: ["CKV_AZURE_115"], trivy: ["AVD-AZU-0065"], kics: ["599318f2-6653-4569-9e21-041d06c63a89"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set private_cluster_enabled = true with private_dns_zone_id (\"System\" or a privatelink zone) and private_cluster_public_fqdn_enabled = false (SecureCluster default). A public API server with authorized ranges must be accepted with a suppression.",
  evaluate: (cluster) => {
    const privateCluster = expectBoolean(cluster, "private_cluster_enabled", true, false, "the API server has a public endpoint; VNet integration or authorized ranges narrow it but do not remove it");
    if (privateCluster.outcome !== "passed") return privateCluster;
    return expectBoolean(cluster, "private_cluster_public_fqdn_enabled", false, false, "a public DNS name for the private API server leaks its address");
  },
};
