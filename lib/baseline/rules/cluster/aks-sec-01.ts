import { Rule, readAttribute } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean, failed } from "../findings";

/** Error: the CSI driver with rotation is how workloads get Key Vault secrets. */
export const aksSec01: Rule = {
  id: "AKS-SEC-01",
  title: getControl("AKS-SEC-01").title,
  severity: "error",
  references: { mcsb: ["IM-8"], cis: ["4.5.2"], checkov: ["CKV_AZURE_172"], other: ["seed"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Add key_vault_secrets_provider { secret_rotation_enabled = true, secret_rotation_interval = \"2m\" } (SecureCluster does).",
  evaluate: (cluster) => {
    if (readAttribute(cluster.config, "key_vault_secrets_provider") === undefined) return failed("key_vault_secrets_provider", undefined, "no Secrets Store CSI driver: secrets end up in Kubernetes Secrets or images");
    return expectBoolean(cluster, "key_vault_secrets_provider.secret_rotation_enabled", true, false, "rotated Key Vault secrets never reach running pods");
  },
};
