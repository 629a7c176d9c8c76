import { defineRule } from "../define-rule";
import { expectBoolean } from "../findings";

/** Error: the add-on enforces every in-cluster guardrail. */
export const aksClu01 = defineRule("AKS-CLU-01", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set azure_policy_enabled = true (SecureCluster does).",
  evaluate: (cluster) =>
    expectBoolean(
      cluster,
      "azure_policy_enabled",
      true,
      false,
      "no Gatekeeper runs, so every Pod Security and guardrail policy assignment enforces nothing",
    ),
});
