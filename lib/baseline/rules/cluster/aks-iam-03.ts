import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean } from "../findings";

/** Error: RBAC off means no authorization at all. */
export const aksIam03: Rule = {
  id: "AKS-IAM-03",
  title: getControl("AKS-IAM-03").title,
  severity: "error",
  references: {
    azurePolicy: ["ac4a19c2-fa67-49b4-8ae5-0b2e78c49457"],
    mcsb: ["PA-7"],
    checkov: ["CKV_AZURE_5"],
    trivy: ["AVD-AZU-0042"],
    kics: ["86f92117-eed8-4614-9c6c-b26da20ff37f"],
  },
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
};
