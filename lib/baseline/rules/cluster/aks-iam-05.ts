import { defineRule } from "../define-rule";
import { expectBoolean } from "../findings";

/** Error: a local admin credential never expires and is not tied to a person. */
export const aksIam05 = defineRule("AKS-IAM-05", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set local_account_disabled = true (SecureCluster does) and reach the API with kubelogin.",
  evaluate: (cluster) =>
    expectBoolean(
      cluster,
      "local_account_disabled",
      true,
      false,
      "the static clusterAdmin certificate bypasses Entra ID, Conditional Access and audit by identity",
    ),
});
