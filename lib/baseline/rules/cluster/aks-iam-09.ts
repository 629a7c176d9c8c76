import { defineRule } from "../define-rule";
import { expectBoolean } from "../findings";

/** Error: workload identity is what replaces secrets and the deprecated pod identity. */
export const aksIam09 = defineRule("AKS-IAM-09", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set oidc_issuer_enabled = true and workload_identity_enabled = true (SecureCluster does).",
  evaluate: (cluster) => {
    const oidc = expectBoolean(
      cluster,
      "oidc_issuer_enabled",
      true,
      false,
      "without the OIDC issuer no workload identity can be federated",
    );
    if (oidc.outcome !== "passed") return oidc;
    return expectBoolean(
      cluster,
      "workload_identity_enabled",
      true,
      false,
      "pods cannot get Entra tokens without shared secrets or node identities",
    );
  },
});
