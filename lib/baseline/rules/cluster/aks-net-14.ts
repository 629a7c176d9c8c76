import { TerraformDocument, TerraformResource, isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { referencesResource } from "../../references";
import { failed, passed, unknown } from "../findings";
import { policyNamedBy } from "./egress-firewall";

/**
 * Judges a firewall policy: Premium sku (azurerm default "Standard"), threat intelligence "Deny"
 * (default "Alert": a known-malicious destination is only logged) and IDPS mode "Deny" (absent:
 * no intrusion detection at all).
 */
function judgePolicy(policy: TerraformResource) {
  const sku = readAttribute(policy.config, "sku");
  if (isExpression(sku)) return unknown("sku", sku);
  if ((sku ?? "Standard") !== "Premium")
    return failed(
      "sku",
      sku ?? "absent (provider default Standard)",
      `firewall policy ${policy.address} is not Premium, so it cannot run intrusion detection and prevention`,
    );
  const threatIntel = readAttribute(policy.config, "threat_intelligence_mode");
  if (isExpression(threatIntel)) return unknown("threat_intelligence_mode", threatIntel);
  if (threatIntel !== "Deny") {
    return failed(
      "threat_intelligence_mode",
      threatIntel ?? "absent (provider default Alert)",
      `firewall policy ${policy.address} only alerts on traffic to known-malicious IPs and domains instead of dropping it`,
    );
  }
  const idps = readAttribute(policy.config, "intrusion_detection.mode");
  if (isExpression(idps)) return unknown("intrusion_detection.mode", idps);
  if (idps !== "Deny") {
    return failed(
      "intrusion_detection.mode",
      idps ?? "absent (no intrusion detection)",
      `firewall policy ${policy.address} does not block traffic matching IDPS signatures (attacks, command and control, exfiltration)`,
    );
  }
  return passed("intrusion_detection.mode", idps, `${policy.address}: Premium, threat intelligence Deny, IDPS Deny`);
}

/**
 * Error. Every Azure Firewall of the document (the ones clusters egress through) and every
 * firewall policy no firewall of the document uses (e.g. a hub policy in its own stack): the
 * firewall is Premium and its policy denies threat-intelligence and IDPS matches. A firewall
 * without a policy (classic rules) cannot run IDPS and fails; a policy declared elsewhere is unknown.
 * A Standard firewall is a deliberate cost choice that a suppression with a reason accepts.
 */
export const aksNet14 = defineRule("AKS-NET-14", {
  resourceTypes: ["azurerm_firewall", "azurerm_firewall_policy"],
  fix: 'Use ClusterEgress.azureFirewall() (Premium, IDPS and threat intelligence in Deny mode by default); with raw resources set azurerm_firewall.sku_tier = "Premium" and on its azurerm_firewall_policy sku = "Premium", threat_intelligence_mode = "Deny" and intrusion_detection { mode = "Deny" }. To accept a Standard firewall for its lower cost, SecurityBaseline.suppress(network, "AKS-NET-14", reason).',
  evaluate: (resource: TerraformResource, document: TerraformDocument) => {
    if (resource.type === "azurerm_firewall_policy") {
      const usedByFirewall = document
        .ofType("azurerm_firewall")
        .some((firewall) => referencesResource(firewall.config.firewall_policy_id, resource, "id"));
      return usedByFirewall ? undefined : judgePolicy(resource);
    }
    const tier = readAttribute(resource.config, "sku_tier");
    if (isExpression(tier)) return unknown("sku_tier", tier);
    if (tier !== "Premium")
      return failed(
        "sku_tier",
        tier,
        `firewall ${resource.address} is ${String(tier)}: no intrusion detection and prevention on the cluster's egress`,
      );
    const policyId = readAttribute(resource.config, "firewall_policy_id");
    if (policyId === undefined || policyId === null)
      return failed(
        "firewall_policy_id",
        undefined,
        `firewall ${resource.address} has no firewall policy, so IDPS cannot run on it`,
      );
    const policy = policyNamedBy(policyId, document);
    if (!policy) return unknown("firewall_policy_id", policyId, "the firewall policy is not declared in this document");
    return judgePolicy(policy);
  },
});
