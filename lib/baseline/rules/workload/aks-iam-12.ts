import { Rule, isExpression } from "../../rule";
import { getControl } from "../../catalog";
import { failed, passed, unknown } from "../findings";
import { isTenantNamespace, objectsIn } from "./tenant-namespaces";

/** Error: pods get API tokens only when they need them. */
export const aksIam12: Rule = {
  id: "AKS-IAM-12",
  title: getControl("AKS-IAM-12").title,
  severity: "error",
  references: { azurePolicy: ["423dd1ba-798e-40e4-9c4d-b6902674b423", "57f274ef-580a-4ed2-bcf8-5c6fa3775253"], mcsb: ["PV-2"], cis: ["4.1.6"], checkov: ["CKV_K8S_41", "CKV_K8S_42"], other: ["KSV-0036"] },
  resourceTypes: ["kubernetes_namespace_v1", "kubernetes_service_account_v1"],
  fix: "Set automount_service_account_token = false on tenant ServiceAccounts and on each namespace's kubernetes_default_service_account_v1 (IsolatedNamespace does).",
  evaluate: (resource, document) => {
    if (resource.type === "kubernetes_service_account_v1") {
      const value = resource.config.automount_service_account_token;
      if (isExpression(value)) return unknown("automount_service_account_token", value);
      return value === false ? passed("automount_service_account_token", value) : failed("automount_service_account_token", value ?? "absent (provider default true)", "every pod of this ServiceAccount gets an API token mounted");
    }
    if (!isTenantNamespace(resource)) return undefined;
    const defaults = objectsIn(document, "kubernetes_default_service_account_v1", resource);
    if (defaults.length === 0) return failed("kubernetes_default_service_account_v1", undefined, "the namespace's default ServiceAccount mounts an API token into every pod");
    const value = defaults[0].config.automount_service_account_token;
    return value === false ? passed("kubernetes_default_service_account_v1.automount_service_account_token", value) : failed("kubernetes_default_service_account_v1.automount_service_account_token", value, "the default ServiceAccount mounts an API token into every pod");
  },
};
