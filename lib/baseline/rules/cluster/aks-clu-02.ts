import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";

/** Error: unpatched control planes and nodes are the most common AKS finding. node-image covers only node images (AKS-CLU-03). */
export const aksClu02 = defineRule("AKS-CLU-02", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Set automatic_upgrade_channel = "patch" (or "stable") with a maintenance_window_auto_upgrade block (SecureCluster does).',
  evaluate: (cluster) => {
    const channel = cluster.config.automatic_upgrade_channel;
    if (isExpression(channel)) return unknown("automatic_upgrade_channel", channel);
    if (channel !== "patch" && channel !== "stable") {
      return failed(
        "automatic_upgrade_channel",
        channel ?? "absent (none)",
        channel === "rapid"
          ? "rapid ships versions before they are proven"
          : "Kubernetes security patches are not applied automatically",
      );
    }
    if (cluster.config.maintenance_window_auto_upgrade === undefined)
      return failed(
        "maintenance_window_auto_upgrade",
        undefined,
        "upgrades may start at any time, including business hours",
      );
    return passed("automatic_upgrade_channel", channel);
  },
});
