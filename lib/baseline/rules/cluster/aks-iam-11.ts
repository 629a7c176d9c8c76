import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean } from "../findings";

/** Error: Run Command is a control-plane path around the private API server. */
export const aksIam11: Rule = {
  id: "AKS-IAM-11",
  title: getControl("AKS-IAM-11").title,
  severity: "error",
  references: { azurePolicy: ["89f2d532-c53c-4f8f-9afa-4927b1114a0d", "1b708b0a-3380-40e9-8b79-821f9fa224cc"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set run_command_enabled = false (SecureCluster does; the provider default is true).",
  evaluate: (cluster) =>
    expectBoolean(
      cluster,
      "run_command_enabled",
      false,
      true,
      "az aks command invoke runs arbitrary commands in the cluster from the Azure control plane",
    ),
};
