import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean } from "../findings";

/** Error: exports let a principal with import/export rights copy images out of the private registry. */
export const aksAcr05: Rule = {
  id: "AKS-ACR-05",
  title: getControl("AKS-ACR-05").title,
  severity: "error",
  references: { azurePolicy: ["524b0254-c285-4903-bee6-bb8126cde579"] },
  resourceTypes: ["azurerm_container_registry"],
  fix: "Set export_policy_enabled = false (Premium, with public_network_access_enabled = false); AcrIntegration does.",
  evaluate: (registry) =>
    expectBoolean(
      registry,
      "export_policy_enabled",
      false,
      true,
      "artifacts can be exported to other registries or storage, bypassing the private network",
    ),
};
