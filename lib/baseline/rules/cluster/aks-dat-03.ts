import { Rule, isExpression } from "../../rule";
import { getControl } from "../../catalog";
import { referencedAmong } from "../../references";
import { failed, passed, unknown } from "../findings";

/** Warning: customer-managed disk keys are optional in the catalog (ForceNew; key loss = disk loss). */
export const aksDat03: Rule = {
  id: "AKS-DAT-03",
  title: getControl("AKS-DAT-03").title,
  severity: "warning",
  references: {
    azurePolicy: ["7d7be79c-23ba-4033-84dd-45e2a5ccdd67"],
    mcsb: ["DP-5"],
    checkov: ["CKV_AZURE_117"],
    trivy: ["AVD-AZU-0067"],
    kics: ["b17d8bb8-4c08-4785-867e-cb9e62a622aa"],
  },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set disk_encryption_set_id to an azurerm_disk_encryption_set with a customer-managed key in a purge-protected vault (SecureCluster diskEncryptionSetId). ForceNew: plan it before the cluster exists.",
  evaluate: (cluster, document) => {
    const id = cluster.config.disk_encryption_set_id;
    if (id === undefined || id === null || id === "")
      return failed("disk_encryption_set_id", id ?? undefined, "OS and data disks use platform-managed keys");
    // A variable or another stack's output may be null at apply; a reference to a declared set is not.
    if (isExpression(id) && referencedAmong(document, id, ["azurerm_disk_encryption_set"], "id").length === 0) {
      return unknown(
        "disk_encryption_set_id",
        id,
        "the disk encryption set is an expression this document cannot resolve",
      );
    }
    return passed("disk_encryption_set_id", id);
  },
};
