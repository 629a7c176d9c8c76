import { defineRule } from "../define-rule";
import { expectBoolean } from "../findings";

/** Error: exports let a principal with import/export rights copy images out of the private registry. */
export const aksAcr05 = defineRule("AKS-ACR-05", {
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
});
