import { Rule, isExpression } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";

/** Error: the node OS must be patched automatically. The node-OS maintenance window is recommended, not required. */
export const aksClu03: Rule = {
  id: "AKS-CLU-03",
  title: getControl("AKS-CLU-03").title,
  severity: "error",
  references: {
    azurePolicy: ["04408ca5-aa10-42ce-8536-98955cdddd4c", "40f1aee2-4db4-4b74-acb1-c6972e24cca8"],
    other: ["auto-upgrade-node-os-image.md", "upgrade-node-image-kured.md"],
  },
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
};
