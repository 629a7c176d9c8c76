import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { referencedAmong } from "../../references";
import { failed, passed, unknown } from "../findings";

/** Warning: customer-managed disk keys are optional in the catalog (ForceNew; key loss = disk loss). */
export const aksDat03 = defineRule("AKS-DAT-03", {
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
});
