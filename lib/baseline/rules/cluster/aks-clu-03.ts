import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";

/** Error: the node OS must be patched automatically. The node-OS maintenance window is recommended, not required. */
export const aksClu03 = defineRule("AKS-CLU-03", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Set node_os_upgrade_channel = "NodeImage" or "SecurityPatch" (provider default NodeImage) with maintenance_window_node_os (SecureCluster does).',
  evaluate: (cluster) => {
    const raw = cluster.config.node_os_upgrade_channel;
    if (isExpression(raw)) return unknown("node_os_upgrade_channel", raw);
    const channel = raw ?? "NodeImage";
    if (channel !== "NodeImage" && channel !== "SecurityPatch")
      return failed(
        "node_os_upgrade_channel",
        raw,
        "node OS security patches are not applied (Unmanaged needs kured; None applies nothing)",
      );
    return passed("node_os_upgrade_channel", raw ?? "absent (provider default NodeImage)");
  },
});
