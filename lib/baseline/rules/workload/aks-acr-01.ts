import { TerraformDocument, TerraformResource, isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { referencedAmong, referencesResource } from "../../references";
import { failed, grantsRole, passed, unknown } from "../findings";
import { AzureBuiltInRole, AzureRoles } from "../../../util/azure-roles";

/** Roles that push, delete, sign, manage or re-grant on a registry: more than a kubelet needs. */
export const BROAD_REGISTRY_ROLES: readonly AzureBuiltInRole[] = [
  AzureRoles.owner,
  AzureRoles.contributor,
  AzureRoles.userAccessAdministrator,
  AzureRoles.roleBasedAccessControlAdministrator,
  AzureRoles.acrPush,
  AzureRoles.acrDelete,
  AzureRoles.acrImageSigner,
  AzureRoles.acrQuarantineWriter,
  AzureRoles.containerRegistryRepositoryWriter,
];

/** Cluster attributes that are the object id of an identity other than the kubelet's. */
const NON_KUBELET_IDENTITIES: readonly [string, string][] = [
  ["identity.0.principal_id", "control-plane identity"],
  ["key_vault_secrets_provider.0.secret_identity.0.object_id", "Key Vault secrets provider identity"],
  ["oms_agent.0.oms_agent_identity.0.object_id", "monitoring agent identity"],
  [
    "ingress_application_gateway.0.ingress_application_gateway_identity.0.object_id",
    "application gateway ingress identity",
  ],
  ["web_app_routing.0.web_app_routing_identity.0.object_id", "web app routing identity"],
  ["aci_connector_linux.0.connector_identity.0.object_id", "ACI connector identity"],
];

interface ClusterIdentity {
  readonly kubelet: boolean;
  /** What the identity is, for messages ("the kubelet identity of azurerm_kubernetes_cluster.aks"). */
  readonly what: string;
}

/** Which identity of a cluster of the document `principal` is, if any. */
function clusterIdentity(principal: unknown, document: TerraformDocument): ClusterIdentity | undefined {
  if (!isExpression(principal)) return undefined;
  const clusters = document.ofType("azurerm_kubernetes_cluster");
  for (const cluster of clusters) {
    if (referencesResource(principal, cluster, "kubelet_identity.0.object_id"))
      return { kubelet: true, what: `the kubelet identity of ${cluster.address}` };
    const other = NON_KUBELET_IDENTITIES.find(([attribute]) => referencesResource(principal, cluster, attribute));
    if (other) return { kubelet: false, what: `the ${other[1]} of ${cluster.address}` };
  }
  // User-assigned identities given to a cluster: as its kubelet identity (BYO), or as its control-plane identity.
  const identity = referencedAmong(document, principal, ["azurerm_user_assigned_identity"], "principal_id")[0];
  if (!identity) return undefined;
  const byo = clusters.find((cluster: TerraformResource) =>
    referencesResource(cluster.config.kubelet_identity, identity),
  );
  if (byo) return { kubelet: true, what: `${identity.address}, the kubelet identity of ${byo.address}` };
  const controlPlane = clusters.find((cluster) => referencesResource(cluster.config.identity, identity));
  if (controlPlane)
    return { kubelet: false, what: `${identity.address}, the control-plane identity of ${controlPlane.address}` };
  return undefined;
}

/**
 * Error, on every role assignment scoped to a registry:
 * - an AcrPull grant must target the kubelet identity's OBJECT id. A client id in principal_id is
 *   the classic mistake (the assignment fails or lands on the wrong principal, and teams fall back
 *   to imagePullSecrets); a grant to another identity of the cluster (its control-plane identity,
 *   an add-on identity) does not let the nodes pull and gives that identity registry rights.
 * - no cluster identity gets more than AcrPull on a registry (Owner, Contributor, AcrPush, AcrDelete…):
 *   a compromised node could then push or delete images every cluster runs.
 */
export const aksAcr01 = defineRule("AKS-ACR-01", {
  resourceTypes: ["azurerm_role_assignment"],
  fix: "Grant only AcrPull, with principal_id = azurerm_kubernetes_cluster.<name>.kubelet_identity[0].object_id (AcrIntegration.grantPull does), never a client id or another identity of the cluster.",
  evaluate: (assignment, document) => {
    const registries = document.ofType("azurerm_container_registry");
    const scope = assignment.config.scope;
    const onRegistry = registries.some((registry) => referencesResource(scope, registry, "id"));
    if (!onRegistry && !(typeof scope === "string" && /\/Microsoft\.ContainerRegistry\/registries\//i.test(scope)))
      return undefined;
    const principal = assignment.config.principal_id;
    const identity = clusterIdentity(principal, document);
    if (!grantsRole(assignment, AzureRoles.acrPull)) {
      if (!identity) return undefined;
      const broad = BROAD_REGISTRY_ROLES.find((role) => grantsRole(assignment, role));
      if (broad)
        return failed(
          "role_definition_name",
          broad.name,
          `${identity.what} gets ${broad.name} on the registry: a compromised node could push or delete images; grant AcrPull only`,
        );
      const name = assignment.config.role_definition_name;
      const role = name !== undefined && name !== null ? name : assignment.config.role_definition_id;
      if (isExpression(role))
        return unknown(
          name !== undefined && name !== null ? "role_definition_name" : "role_definition_id",
          role,
          `the role ${identity.what} gets on the registry is an expression; the baseline allows AcrPull only`,
        );
      return undefined;
    }
    if (typeof principal === "string" && /\.client_id\b/.test(principal)) {
      return failed(
        "principal_id",
        principal,
        "the principal is a client (application) id; role assignments need the object id",
      );
    }
    if (identity?.kubelet) return passed("principal_id", principal);
    if (identity)
      return failed(
        "principal_id",
        principal,
        `AcrPull goes to ${identity.what}, not the kubelet identity: nodes pull with the kubelet identity, so they cannot pull, and this identity holds registry rights it does not need`,
      );
    if (isExpression(principal)) {
      return unknown(
        "principal_id",
        principal,
        "the principal is not a kubelet identity of a cluster in this document; check it is the kubelet's object id",
      );
    }
    return unknown(
      "principal_id",
      principal,
      "a literal principal id cannot be verified as a kubelet identity's object id at synth",
    );
  },
});
