import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";

/** Error: without an engine every NetworkPolicy is ignored. KICS f5342045 flags cilium: a false positive. */
export const aksNet05 = defineRule("AKS-NET-05", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Set network_profile { network_policy = "cilium", network_data_plane = "cilium" } (SecureCluster does); "calico" also enforces policies.',
  evaluate: (cluster) => {
    const policy = readAttribute(cluster.config, "network_profile.network_policy");
    const dataPlane = readAttribute(cluster.config, "network_profile.network_data_plane");
    if (isExpression(policy)) return unknown("network_profile.network_policy", policy);
    if (isExpression(dataPlane) && policy === "cilium") return unknown("network_profile.network_data_plane", dataPlane);
    if (policy === "cilium" && dataPlane === "cilium") return passed("network_profile.network_policy", policy);
    if (policy === "calico") return passed("network_profile.network_policy", policy);
    if (policy === "cilium")
      return failed(
        "network_profile.network_data_plane",
        dataPlane,
        "the cilium policy engine needs the cilium data plane",
      );
    const why =
      policy === "azure"
        ? "Azure Network Policy Manager is retired for Linux on 2028-09-30"
        : "no engine enforces NetworkPolicies, so tenant default-deny policies do nothing";
    return failed("network_profile.network_policy", policy, why);
  },
});
