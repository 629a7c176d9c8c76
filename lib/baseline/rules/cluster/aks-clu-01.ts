import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean } from "../findings";

/** Error: the add-on enforces every in-cluster guardrail. */
export const aksClu01: Rule = {
  id: "AKS-CLU-01",
  title: getControl("AKS-CLU-01").title,
  severity: "error",
  references: {
    azurePolicy: ["0a15ec92-a229-4763-bb14-0ea34a568f8d", "a8eff44f-8c92-45c3-a3fb-9880802d67a7"],
    mcsb: ["AM-2", "PV-2"],
    checkov: ["CKV_AZURE_116"],
    trivy: ["AVD-AZU-0066"],
    kics: ["43789711-161b-4708-b5bb-9d1c626f7492"],
  },
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
};
