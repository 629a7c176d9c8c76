import { TerraformResource, isExpression, readAttribute, readBlock } from "../../rule";
import { defineRule } from "../define-rule";
import { normalizeLocation } from "../../../util/validation";
import { failed, passed, unknown } from "../findings";
import {
  AllowedEgress,
  allowedEgress,
  firewallOfCluster,
  fqdnAllowed,
  networkAllowed,
  policyNamedBy,
} from "./egress-firewall";

/** One add-on's egress: the FQDNs an application rule must allow, or a TCP port to service tags. */
interface Need {
  readonly addOn: string;
  readonly fqdns?: string[];
  /** Alternatively (or only, for SMB) a network rule to one of these destinations on this port. */
  readonly network?: { readonly addresses: string[]; readonly port: number };
}

/**
 * What each enabled add-on needs (Microsoft sources in lib/network/azure-firewall-egress.ts):
 * Container Insights (kubernetes-monitoring-firewall.md; or the AzureMonitor service tag, as
 * outbound-rules-control-egress.md allows), Azure Policy, the Defender sensor, and the Blob and
 * Files CSI drivers (azurerm turns the Files driver on when storage_profile is absent).
 */
function needsOf(cluster: TerraformResource): Need[] | "unknown" {
  const location = readAttribute(cluster.config, "location");
  if (isExpression(location) || typeof location !== "string") return "unknown";
  const region = normalizeLocation(location);
  const needs: Need[] = [];
  if (readBlock(cluster.config, "oms_agent")) {
    needs.push({
      addOn: "Container Insights",
      fqdns: [
        "global.handler.control.monitor.azure.com",
        `${region}.handler.control.monitor.azure.com`,
        "*.ods.opinsights.azure.com",
        "*.oms.opinsights.azure.com",
      ],
      network: { addresses: ["AzureMonitor"], port: 443 },
    });
  }
  const policy = readAttribute(cluster.config, "azure_policy_enabled");
  if (policy === true || policy === "true")
    needs.push({
      addOn: "the Azure Policy add-on",
      fqdns: ["data.policy.core.windows.net", "store.policy.core.windows.net"],
    });
  if (readBlock(cluster.config, "microsoft_defender"))
    needs.push({
      addOn: "the Defender sensor",
      fqdns: ["*.cloud.defender.microsoft.com", "*.ods.opinsights.azure.com"],
    });
  const storage = readBlock(cluster.config, "storage_profile");
  const blob = storage?.blob_driver_enabled;
  if (blob === true || blob === "true")
    needs.push({
      addOn: "the Azure Blob CSI driver",
      fqdns: ["*.blob.core.windows.net"],
      network: { addresses: ["Storage", `Storage.${region}`], port: 443 },
    });
  const files = storage === undefined ? true : storage.file_driver_enabled;
  if (files === undefined || files === true || files === "true")
    needs.push({
      addOn: "the Azure Files CSI driver",
      network: { addresses: ["Storage", `Storage.${region}`], port: 445 },
    });
  return needs;
}

/** The FQDNs (or "TCP <port> to <tags>") of `need` the firewall does not let through; empty when allowed. */
function missingFor(need: Need, egress: AllowedEgress): string[] {
  if (need.network && networkAllowed(egress, need.network.addresses, need.network.port)) return [];
  if (need.fqdns) {
    const missing = need.fqdns.filter((fqdn) => !fqdnAllowed(fqdn, egress.fqdns));
    if (missing.length === 0) return [];
    return missing;
  }
  return [`TCP ${need.network!.port} to ${need.network!.addresses.join(" or ")}`];
}

/**
 * Error. A cluster that egresses through an Azure Firewall of the document (node subnet → route
 * table → 0.0.0.0/0 → the firewall's private IP) gets what its enabled add-ons need from the Allow
 * rules of the firewall's policy; otherwise the add-on runs blind at runtime (e.g. Container
 * Insights without `global.handler.control.monitor.azure.com` collects nothing). Not applicable to
 * clusters without a firewall route (AKS-NET-07 judges those); unknown when the firewall or its
 * policy is declared elsewhere, the cluster's region is an expression, or a rule's destinations
 * are expressions and something looks missing.
 */
export const aksNet16 = defineRule("AKS-NET-16", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Use ClusterNetwork with ClusterEgress.azureFirewall() and SecureCluster: the firewall then allows what the enabled add-ons need (DefenderPlan adds the sensor's FQDNs). With your own firewall policy, add application rules from the node subnet for the FQDNs named in the finding (HTTPS 443), and for the Azure Files CSI driver a network rule TCP 445 to Storage.<region>, or turn the add-on off.",
  evaluate: (cluster, document) => {
    if (readAttribute(cluster.config, "network_profile.outbound_type") !== "userDefinedRouting") return undefined;
    const firewall = firewallOfCluster(cluster, document);
    if (firewall === undefined) return undefined;
    if (!("type" in firewall)) return firewall;
    const policyId = firewall.config.firewall_policy_id;
    const policy = policyNamedBy(policyId, document);
    if (!policy)
      return unknown(
        "firewall_policy_id",
        policyId,
        `the policy of ${firewall.address} is not declared in this document, so its rules cannot be read`,
      );
    const needs = needsOf(cluster);
    if (needs === "unknown")
      return unknown(
        "location",
        cluster.config.location,
        "the cluster's region is an expression, so its regional endpoints are unknown",
      );
    const egress = allowedEgress(policy, document);
    const gaps = needs
      .map((need) => ({ addOn: need.addOn, missing: missingFor(need, egress) }))
      .filter((gap) => gap.missing.length > 0);
    if (gaps.length === 0)
      return passed(
        "firewall rules",
        needs.map((need) => need.addOn),
        `${firewall.address} allows what the enabled add-ons need`,
      );
    const missing = gaps.flatMap((gap) => gap.missing);
    if (egress.hasExpressions)
      return unknown(
        "firewall rules",
        missing,
        `some allowed destinations of ${policy.address} are expressions, and these look missing: ${missing.join(", ")}`,
      );
    return failed(
      "firewall rules",
      missing,
      `${gaps.map((gap) => `${gap.addOn} is on but ${firewall.address} does not allow ${gap.missing.join(", ")}`).join("; ")}, so it fails at runtime`,
    );
  },
});
