import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed } from "../findings";

/** Deny-capable definitions that keep the cluster baseline from drifting outside Terraform. */
const GUARDRAILS = ["040732e8-d947-40b8-95d6-854c95024bf8", "993c2fcd-2b29-49d2-9eb0-df2c3a730c32", "41425d9f-d1a5-499a-9932-f8ed8453932c", "7d7be79c-23ba-4033-84dd-45e2a5ccdd67"];
const SCOPES = ["azurerm_subscription_policy_assignment", "azurerm_management_group_policy_assignment"];

/**
 * Warning: subscription or management-group guardrails are the platform team's, outside this
 * library's scope; the rule reminds a cluster's owners when none are in the same configuration.
 */
export const aksGov01: Rule = {
  id: "AKS-GOV-01",
  title: getControl("AKS-GOV-01").title,
  severity: "warning",
  references: { azurePolicy: GUARDRAILS, other: ["1f3afdf9-d0c9-4c3d-847f-89da613e70a8"] },
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Assign the Deny-capable AKS guardrails (private cluster 040732e8, local auth 993c2fcd, host encryption 41425d9f, CMK disks 7d7be79c) at subscription or management-group scope in your platform configuration.",
  evaluate: (_cluster, document) => {
    const found = SCOPES.flatMap((type) => document.ofType(type)).filter((assignment) => {
      const id = assignment.config.policy_definition_id;
      return typeof id === "string" && GUARDRAILS.some((guid) => id.toLowerCase().endsWith(guid));
    });
    return found.length > 0
      ? passed("policy_assignment", found.map((assignment) => assignment.address))
      : failed("policy_assignment", undefined, "no subscription or management-group guardrail stops a portal or CLI change from weakening this cluster");
  },
};
