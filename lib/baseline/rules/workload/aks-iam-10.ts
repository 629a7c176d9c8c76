import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, federatedCredentialsWithIdentityValue, federatedIdentityOf, passed, unknown } from "../findings";
import { referencesResource } from "../../references";

/** Error: one workload identity per tenant app, federated to exactly one ServiceAccount. */
export const aksIam10 = defineRule("AKS-IAM-10", {
  resourceTypes: ["azurerm_federated_identity_credential"],
  fix: 'Federate each identity to one ServiceAccount: subject system:serviceaccount:<ns>:<sa>, audience ["api://AzureADTokenExchange"], issuer = the cluster oidc_issuer_url (IsolatedNamespace workloadIdentities).',
  evaluate: (credential, document) => {
    const audience = credential.config.audience;
    if (isExpression(audience)) return unknown("audience", audience);
    if (!Array.isArray(audience) || audience.length !== 1 || audience[0] !== "api://AzureADTokenExchange")
      return failed(
        "audience",
        audience,
        "workload identity tokens carry the audience api://AzureADTokenExchange only",
      );
    const subject = credential.config.subject;
    if (isExpression(subject)) return unknown("subject", subject);
    const match = typeof subject === "string" ? /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject) : null;
    if (!match) return failed("subject", subject, "the subject is not one Kubernetes ServiceAccount");
    const { attribute: parentAttribute, value: parent } = federatedIdentityOf(credential);
    const siblings = federatedCredentialsWithIdentityValue(document, parent);
    const namespaces = new Set(
      siblings
        .map((other) => other.config.subject)
        .filter((s): s is string => typeof s === "string" && !isExpression(s))
        .map((s) => s.split(":")[2]),
    );
    if (namespaces.size > 1)
      return failed(
        parentAttribute,
        parent,
        `one identity is federated into several namespaces (${[...namespaces].sort().join(", ")})`,
      );
    const dynamicSibling = siblings.find((other) => isExpression(other.config.subject));
    if (dynamicSibling)
      return unknown(
        parentAttribute,
        parent,
        `${dynamicSibling.address} federates the same identity to a subject known only at apply; it may be another namespace`,
      );
    const issuer = credential.config.issuer;
    const clusters = document.ofType("azurerm_kubernetes_cluster");
    if (clusters.some((cluster) => referencesResource(issuer, cluster, "oidc_issuer_url")))
      return passed("subject", subject);
    if (isExpression(issuer))
      return unknown(
        "issuer",
        issuer,
        "the issuer is a cluster of another stack or an expression; check it is the cluster's OIDC issuer",
      );
    return unknown("issuer", issuer, "a literal issuer cannot be matched to a cluster at synth");
  },
});
