import { isExpression } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";
import {
  DEFAULT_SERVICE_ACCOUNT_TYPES,
  NAMESPACE_TYPES,
  SERVICE_ACCOUNT_TYPES,
  missingInNamespace,
  namespaceKind,
  objectsIn,
} from "./tenant-namespaces";

const SA_TYPES: ReadonlySet<string> = new Set(SERVICE_ACCOUNT_TYPES);

/**
 * Error: pods get API tokens only when they need them. Judged on every ServiceAccount (v1 and
 * unversioned) and, for each tenant namespace, on its default ServiceAccount.
 */
export const aksIam12 = defineRule("AKS-IAM-12", {
  resourceTypes: [...NAMESPACE_TYPES, ...SERVICE_ACCOUNT_TYPES],
  fix: "Set automount_service_account_token = false on tenant ServiceAccounts and on each namespace's kubernetes_default_service_account_v1 (IsolatedNamespace does).",
  evaluate: (resource, document) => {
    if (SA_TYPES.has(resource.type)) {
      const value = resource.config.automount_service_account_token;
      if (isExpression(value)) return unknown("automount_service_account_token", value);
      return value === false || value === "false"
        ? passed("automount_service_account_token", value)
        : failed(
            "automount_service_account_token",
            value ?? "absent (provider default true)",
            "every pod of this ServiceAccount gets an API token mounted",
          );
    }
    if (namespaceKind(resource) === "system") return undefined;
    const { certain, possible } = objectsIn(document, DEFAULT_SERVICE_ACCOUNT_TYPES, resource);
    const attribute = "kubernetes_default_service_account_v1.automount_service_account_token";
    if (
      certain.some(
        (account) =>
          account.config.automount_service_account_token === false ||
          account.config.automount_service_account_token === "false",
      )
    )
      return passed(attribute, false);
    const dynamic = certain.find((account) => isExpression(account.config.automount_service_account_token));
    if (dynamic) return unknown(attribute, dynamic.config.automount_service_account_token);
    if (certain.length > 0)
      return failed(
        attribute,
        certain[0].config.automount_service_account_token ?? "absent (provider default true)",
        "the default ServiceAccount mounts an API token into every pod",
      );
    return missingInNamespace(
      resource,
      possible,
      "kubernetes_default_service_account_v1",
      undefined,
      "the namespace's default ServiceAccount mounts an API token into every pod",
    );
  },
});
