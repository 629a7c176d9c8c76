import { defineRule } from "../define-rule";
import { expectBoolean } from "../findings";

/** Error: Run Command is a control-plane path around the private API server. */
export const aksIam11 = defineRule("AKS-IAM-11", {
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
});
