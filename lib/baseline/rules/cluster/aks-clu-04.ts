import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { expectBoolean, failed, passed, unknown } from "../findings";

/** Error: stale images with known CVEs should not linger on nodes. */
export const aksClu04 = defineRule("AKS-CLU-04", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Set image_cleaner_enabled = true and image_cleaner_interval_hours between 24 and 2160, e.g. 168 (SecureCluster does).",
  evaluate: (cluster) => {
    const enabled = expectBoolean(
      cluster,
      "image_cleaner_enabled",
      true,
      false,
      "vulnerable unused images stay on nodes and can be started again",
    );
    if (enabled.outcome !== "passed") return enabled;
    const interval = cluster.config.image_cleaner_interval_hours;
    if (isExpression(interval)) return unknown("image_cleaner_interval_hours", interval);
    const hours = Number(interval ?? 0);
    if (!(hours >= 24 && hours <= 2160))
      return failed(
        "image_cleaner_interval_hours",
        interval ?? "absent (0)",
        "the interval must be 24-2160 hours (the 4.x default 0 is rejected by AKS)",
      );
    return passed("image_cleaner_interval_hours", interval);
  },
});
