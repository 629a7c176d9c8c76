import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed } from "../findings";

/** Warning: customer-managed disk keys are optional (ForceNew; key loss = disk loss). */
export const aksDat03: Rule = {
  id: "AKS-DAT-03",
  title: getControl("AKS-DAT-03").title,
  severity: "warning",
  references: { azurePolicy: ["7d7be79c-23ba-4033-84dd-45e2a5ccdd67"], mcsb: ["DP-5"], checkov: ["CKV_AZURE_117"], trivy: ["AVD-AZU-0067"], kics: ["b17d8bb8-4c08-4785-867e-cb9e62a622aa"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set disk_encryption_set_id to a disk encryption set with a customer-managed key (SecureCluster diskEncryptionSetId).",
  evaluate: (cluster) => {
    const id = cluster.config.disk_encryption_set_id;
    return id === undefined ? failed("disk_encryption_set_id", undefined, "OS and data disks use platform-managed keys") : passed("disk_encryption_set_id", id);
  },
};
