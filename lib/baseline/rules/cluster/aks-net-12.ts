import { defineRule } from "../define-rule";
import { expectBoolean } from "../findings";

/** Error: the legacy HTTP application routing add-on is not for production. */
export const aksNet12 = defineRule("AKS-NET-12", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Remove http_application_routing_enabled (or set false); use web_app_routing for managed ingress.",
  evaluate: (cluster) =>
    expectBoolean(
      cluster,
      "http_application_routing_enabled",
      false,
      false,
      "the legacy add-on publishes services through a public, unauthenticated DNS zone",
    ),
});
