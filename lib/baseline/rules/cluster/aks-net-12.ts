import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean } from "../findings";

/** Error: the legacy HTTP application routing add-on is not for production. */
export const aksNet12: Rule = {
  id: "AKS-NET-12",
  title: getControl("AKS-NET-12").title,
  severity: "error",
  references: { checkov: ["CKV_AZURE_246"] },
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
};
