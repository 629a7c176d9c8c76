import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean } from "../findings";

/** Error: a local admin credential never expires and is not tied to a person. */
export const aksIam05: Rule = {
  id: "AKS-IAM-05",
  title: getControl("AKS-IAM-05").title,
  severity: "error",
  references: {
    azurePolicy: ["993c2fcd-2b29-49d2-9eb0-df2c3a730c32"],
    mcsb: ["IM-1", "PA-1"],
    checkov: ["CKV_AZURE_141"],
  },
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
};
