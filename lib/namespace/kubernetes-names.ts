/**
 * Name rules of k8s.io/apimachinery `pkg/util/validation` that Kubernetes objects the library writes
 * must follow, so a mistake fails at synth with the prop named instead of at apply with an
 * API-server error. The one definition of these checks in the library.
 */
import { IConstruct } from "constructs";
import { invalidProp, withResolved } from "../util/validation";

const DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** IsDNS1123Subdomain: object names such as ServiceAccounts and PodDisruptionBudgets. */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** IsQualifiedName: a label key, "[prefix/]name" with a DNS-1123 subdomain prefix and a name of at most 63 characters. */
export function isLabelKey(key: string): boolean {
  const parts = key.split("/");
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (parts.length === 2 && (parts[0].length === 0 || !isDns1123Subdomain(parts[0]))) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** IsValidLabelValue: empty, or at most 63 alphanumerics, '-', '_' and '.', alphanumeric at both ends. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/**
 * Validates the keys and values of a label map (a pod selector's matchLabels): a bad key or value
 * fails here, naming the prop, instead of at apply. Tokens pass unjudged.
 */
export function requireLabels(scope: IConstruct, prop: string, labels: Record<string, string>): void {
  for (const [key, value] of Object.entries(labels)) {
    withResolved(key, (known) => {
      if (!isLabelKey(known))
        invalidProp(
          scope,
          prop,
          known,
          "is not a valid label key",
          'use "[prefix/]name", e.g. "app.kubernetes.io/name"',
        );
    });
    withResolved(value, (known) => {
      if (!isLabelValue(known))
        invalidProp(
          scope,
          `${prop}.${key}`,
          known,
          "is not a valid label value",
          "use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
        );
    });
  }
}
