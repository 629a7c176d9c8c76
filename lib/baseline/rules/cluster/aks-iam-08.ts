import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";

/** Error: the catalog's secure value is a user-assigned managed identity. */
export const aksIam08 = defineRule("AKS-IAM-08", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Use identity { type = "UserAssigned", identity_ids = [...] } and no service_principal (SecureCluster creates the identity).',
  evaluate: (cluster) => {
    if (cluster.config.service_principal !== undefined)
      return failed("service_principal", "present", "a service principal secret must be rotated by hand and can leak");
    const type = readAttribute(cluster.config, "identity.type");
    if (isExpression(type)) return unknown("identity.type", type);
    if (type !== "UserAssigned")
      return failed(
        "identity.type",
        type,
        "a system-assigned identity cannot be granted rights before the cluster exists (BYO DNS zone, KMS)",
      );
    return passed("identity.type", type);
  },
});
