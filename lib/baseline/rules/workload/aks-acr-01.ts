import { Rule, TerraformResource, isExpression } from "../../rule";
import { getControl } from "../../catalog";
import { referencesResource } from "../../references";
import { failed, grantsRole, passed, unknown } from "../findings";

const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

/**
 * Error: an AcrPull grant must target the kubelet identity's OBJECT id. A client id in principal_id
 * is the classic mistake (the assignment fails or lands on the wrong principal, and teams fall
 * back to imagePullSecrets). Evaluated on every AcrPull assignment scoped to a registry.
 */
export const aksAcr01: Rule = {
  id: "AKS-ACR-01",
  title: getControl("AKS-ACR-01").title,
  severity: "error",
  references: { cis: ["5.1.2", "5.1.3"], other: ["cluster-container-registry-integration.md"] },
  resourceTypes: ["azurerm_role_assignment"],
  fix: "Grant AcrPull with principal_id = azurerm_kubernetes_cluster.<name>.kubelet_identity[0].object_id (AcrIntegration.grantPull does), never a client id.",
  evaluate: (assignment, document) => {
    if (!grantsRole(assignment, "AcrPull", ACR_PULL)) return undefined;
    const registries = document.ofType("azurerm_container_registry");
    const onRegistry = registries.some((registry) => referencesResource(assignment.config.scope, registry, "id"));
    const scope = assignment.config.scope;
    if (!onRegistry && !(typeof scope === "string" && /\/Microsoft\.ContainerRegistry\/registries\//i.test(scope))) return undefined;
    const principal = assignment.config.principal_id;
    if (typeof principal === "string" && /\.client_id\b/.test(principal)) {
      return failed("principal_id", principal, "the principal is a client (application) id; role assignments need the object id");
    }
    const clusters = document.ofType("azurerm_kubernetes_cluster");
    if (clusters.some((cluster: TerraformResource) => referencesResource(principal, cluster, "kubelet_identity.0.object_id"))) {
      return passed("principal_id", principal);
    }
    // A BYO kubelet identity: the cluster's kubelet_identity.object_id references a user-assigned identity.
    const byoKubelet = document
      .ofType("azurerm_user_assigned_identity")
      .some((identity) => referencesResource(principal, identity, "principal_id") && clusters.some((cluster) => referencesResource(cluster.config.kubelet_identity, identity)));
    if (byoKubelet) return passed("principal_id", principal);
    if (isExpression(principal)) {
      return unknown("principal_id", principal, "the principal is not a kubelet identity of a cluster in this document; check it is the kubelet's object id");
    }
    return unknown("principal_id", principal, "a literal principal id cannot be verified as a kubelet identity's object id at synth");
  },
};
