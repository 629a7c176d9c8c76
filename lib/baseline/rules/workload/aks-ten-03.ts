import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, federatedCredentialsOf, passed, unknown } from "../findings";

/** Error: nothing Azure-side is shared between tenant namespaces (evaluated on federated identities). */
export const aksTen03 = defineRule("AKS-TEN-03", {
  resourceTypes: ["azurerm_user_assigned_identity"],
  fix: "Give each tenant its own identities (IsolatedNamespace workloadIdentities) and its own vault or secret-scoped grants (KeyVaultCsi.grantRead).",
  evaluate: (identity, document) => {
    const subjects = federatedCredentialsOf(document, identity).map((credential) => credential.config.subject);
    if (subjects.length === 0) return undefined;
    if (subjects.some(isExpression)) return unknown("subject", subjects);
    const namespaces = new Set(subjects.map((subject) => String(subject).split(":")[2]));
    if (namespaces.size > 1)
      return failed(
        "azurerm_federated_identity_credential",
        [...namespaces].sort(),
        "one Azure identity is shared by several tenants",
      );
    return passed("azurerm_federated_identity_credential", subjects);
  },
});
