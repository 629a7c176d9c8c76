import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { expectBoolean, failed, passed, unknown } from "../findings";

/**
 * Longest accepted rotation poll interval. The catalog value is "2m" (the provider default); a
 * rotated or revoked Key Vault secret reaches running pods only at the next poll, so an interval
 * beyond one hour keeps a revoked credential mounted longer than an incident response can accept.
 * Anything up to an hour passes (longer intervals lower Key Vault traffic on large clusters).
 */
export const MAX_ROTATION_INTERVAL_SECONDS = 3600;

const UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds of a Go duration ("2m", "1h30m", "90s"), or undefined when it is not one. */
export function goDurationSeconds(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, , unit] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g))
    total += Number(amount) * UNITS[unit];
  return total;
}

/** Error: the CSI driver with rotation is how workloads get Key Vault secrets, and rotation must reach pods promptly. */
export const aksSec01 = defineRule("AKS-SEC-01", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: 'Add key_vault_secrets_provider { secret_rotation_enabled = true, secret_rotation_interval = "2m" } (SecureCluster does); intervals above 1h are refused.',
  evaluate: (cluster) => {
    if (readAttribute(cluster.config, "key_vault_secrets_provider") === undefined)
      return failed(
        "key_vault_secrets_provider",
        undefined,
        "no Secrets Store CSI driver: secrets end up in Kubernetes Secrets or images",
      );
    const rotation = expectBoolean(
      cluster,
      "key_vault_secrets_provider.secret_rotation_enabled",
      true,
      false,
      "rotated Key Vault secrets never reach running pods",
    );
    if (rotation.outcome !== "passed") return rotation;
    const attribute = "key_vault_secrets_provider.secret_rotation_interval";
    const interval = readAttribute(cluster.config, attribute);
    if (interval === undefined || interval === null) return passed(attribute, "absent (provider default 2m)");
    if (isExpression(interval)) return unknown(attribute, interval);
    const seconds = typeof interval === "string" ? goDurationSeconds(interval) : undefined;
    if (seconds === undefined || seconds <= 0)
      return failed(attribute, interval, 'is not a positive duration such as "2m"');
    if (seconds > MAX_ROTATION_INTERVAL_SECONDS)
      return failed(
        attribute,
        interval,
        `a rotated or revoked secret stays in running pods for up to ${interval}; the baseline polls every 2m and accepts at most 1h`,
      );
    return passed(attribute, interval);
  },
});
