import { defineRule } from "../define-rule";
import { expectBoolean } from "../findings";

/** Error: RBAC off means no authorization at all. */
export const aksIam03 = defineRule("AKS-IAM-03", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Leave role_based_access_control_enabled at true (ForceNew; SecureCluster never exposes it).",
  evaluate: (cluster) =>
    expectBoolean(
      cluster,
      "role_based_access_control_enabled",
      true,
      true,
      "without Kubernetes RBAC every authenticated user can do anything",
    ),
});
