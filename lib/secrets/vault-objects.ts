import { IConstruct } from "constructs";
import { KeyVaultKeyConfig } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { invalidProp, isUnresolved, requireOneOf, withResolved } from "../util/validation";

/** Options of {@link IVault.addSecret}. */
export interface KeyVaultSecretOptions {
  /** Secret name: 1-127 letters, digits and hyphens; unique in the vault (case-insensitively). */
  readonly name: string;
  /** The value (stored in Terraform state; prefer writing values out of band for high-value secrets). */
  readonly value: string;
  /** Expiry, RFC 3339 (e.g. "2026-12-31T00:00:00Z"), a real calendar date (AKS-SEC-07). An explicit date keeps synthesis deterministic. */
  readonly expirationDate: string;
  /**
   * MIME type or a hint for consumers.
   *
   * @default - none
   */
  readonly contentType?: string;
}

/** Automatic rotation of a key (AKS-SEC-07). Durations are ISO 8601 (e.g. "P90D"). */
export interface KeyRotationOptions {
  /**
   * Lifetime of each new version.
   *
   * @default "P180D"
   */
  readonly expireAfter?: string;
  /**
   * Rotate this long before a version expires.
   *
   * @default "P30D"
   */
  readonly timeBeforeExpiry?: string;
  /**
   * Event Grid "near expiry" notification this long before expiry: at least 7 days, at most
   * expireAfter minus 7 days.
   *
   * @default "P29D"
   */
  readonly notifyBeforeExpiry?: string;
}

/** Options of {@link IVault.addKey}. */
export interface KeyVaultKeyOptions {
  /** Key name: 1-127 letters, digits and hyphens; unique in the vault (case-insensitively). */
  readonly name: string;
  /**
   * Expiry of the first version, RFC 3339, a real calendar date in the future (AKS-SEC-07); later
   * versions get `rotation.expireAfter`. Terraform ignores it after creation, but synth rejects a
   * date that has passed: move it forward then.
   */
  readonly expirationDate: string;
  /**
   * Key type; "-HSM" types need a premium vault.
   *
   * @default "RSA"
   */
  readonly keyType?: "RSA" | "RSA-HSM" | "EC" | "EC-HSM";
  /**
   * RSA key size.
   *
   * @default 3072
   */
  readonly keySize?: 2048 | 3072 | 4096;
  /**
   * EC curve.
   *
   * @default "P-256" for EC keys
   */
  readonly curve?: "P-256" | "P-384" | "P-521";
  /**
   * Permitted operations: some of "decrypt", "encrypt", "sign", "unwrapKey", "verify", "wrapKey".
   * EC keys can only "sign" and "verify" (Key Vault has no EC encryption).
   *
   * @default ["decrypt", "encrypt", "unwrapKey", "wrapKey"] for RSA keys (what KMS, ACR and disk CMK use; no signing); ["sign", "verify"] for EC keys
   */
  readonly keyOpts?: string[];
  /**
   * Automatic rotation.
   *
   * @default - rotate 30 days before expiry, versions live 180 days
   */
  readonly rotation?: KeyRotationOptions;
}

const OBJECT_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DURATION = /^P(?=\d)(\d+Y)?(\d+M)?(\d+D)?$/;
const KEY_TYPES = ["RSA", "RSA-HSM", "EC", "EC-HSM"] as const;
const RSA_KEY_SIZES = [2048, 3072, 4096] as const;
/** Operations the provider accepts in `key_opts`. */
const KEY_OPS = ["decrypt", "encrypt", "sign", "unwrapKey", "verify", "wrapKey"];
const EC_KEY_OPS = ["sign", "verify"];

/** Key Vault object names (secrets, keys): 1-127 letters, digits and hyphens; tokens pass. */
export function requireObjectName(scope: IConstruct, prop: string, value: string): void {
  if (!isUnresolved(value) && !OBJECT_NAME.test(value ?? "")) {
    invalidProp(
      scope,
      prop,
      value,
      "is not a Key Vault object name (1-127 letters, digits and hyphens)",
      'use e.g. "db-password"',
    );
  }
}

/** An RFC 3339 date-time on a real calendar day; tokens pass. */
export function requireDate(scope: IConstruct, prop: string, value: string): void {
  if (isUnresolved(value)) return;
  if (!RFC3339.test(value ?? "") || !isCalendarDateTime(value)) {
    invalidProp(
      scope,
      prop,
      value,
      "is not an RFC 3339 date-time on a real calendar day",
      'use e.g. "2026-12-31T00:00:00Z"',
    );
  }
}

/** Key Vault object names are case-insensitive within secrets and within keys. */
export function requireUniqueName(scope: IConstruct, prop: string, value: string, names: readonly string[]): void {
  if (isUnresolved(value)) return;
  const other = names.find((name) => !isUnresolved(name) && name.toLowerCase() === value.toLowerCase());
  if (other !== undefined) {
    invalidProp(
      scope,
      prop,
      value,
      `is already used in this vault ("${other}"; Key Vault names are case-insensitive)`,
      "give each object its own name",
    );
  }
}

/** Key Vault object names compare case-insensitively; tokens only to themselves. */
export function sameObjectName(a: string, b: string): boolean {
  if (isUnresolved(a) || isUnresolved(b)) return a === b;
  return a.toLowerCase() === b.toLowerCase();
}

/** The first name listed twice, compared case-insensitively (tokens skipped). */
export function duplicateName(names: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const name of names) {
    if (isUnresolved(name)) continue;
    const key = name.toLowerCase();
    if (seen.has(key)) return name;
    seen.add(key);
  }
  return undefined;
}

/** RFC 3339 fields that name a real instant: no 31 February, no hour 24. */
function isCalendarDateTime(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second &&
    !Number.isNaN(Date.parse(value))
  );
}

/**
 * The settings of a key `addKey` creates, checked: type and size Key Vault supports on this vault's
 * SKU, operations the key type can do, and a rotation policy Key Vault accepts (AKS-SEC-07).
 */
export function resolveKeySettings(
  scope: IConstruct,
  options: KeyVaultKeyOptions,
  skuName: string,
): Omit<KeyVaultKeyConfig, "keyVaultId" | "name" | "expirationDate" | "dependsOn" | "lifecycle"> {
  withResolved(options.expirationDate, (date) => {
    if (Date.parse(date) > Date.now()) return;
    invalidProp(
      scope,
      "addKey.expirationDate",
      date,
      "has passed: the key would be created expired and unusable",
      "use a date in the future (Terraform ignores it after creation)",
    );
  });
  const keyType = options.keyType ?? "RSA";
  requireOneOf(scope, "addKey.keyType", keyType, KEY_TYPES, {
    problem: "is not a Key Vault key type",
    fix: 'use "RSA" (or "RSA-HSM" on a premium vault)',
  });
  withResolved(skuName, (sku) => {
    if (!keyType.endsWith("-HSM") || sku === "premium") return;
    invalidProp(
      scope,
      "addKey.keyType",
      keyType,
      `needs a premium vault, and this one is "${sku}"`,
      'set skuName: "premium" on the vault, or use "RSA"',
    );
  });
  const isRsa = keyType.startsWith("RSA");
  if (isRsa && options.curve !== undefined)
    invalidProp(scope, "addKey.curve", options.curve, "applies to EC keys only", "drop curve, or use an EC key type");
  if (!isRsa && options.keySize !== undefined)
    invalidProp(
      scope,
      "addKey.keySize",
      options.keySize,
      "applies to RSA keys only",
      "drop keySize, or use an RSA key type",
    );
  const keySize = isRsa ? (options.keySize ?? 3072) : undefined;
  const keyOpts = options.keyOpts ?? (isRsa ? ["decrypt", "encrypt", "unwrapKey", "wrapKey"] : EC_KEY_OPS);
  withResolved(keyOpts, (ops) => requireKeyOperations(scope, ops, isRsa));
  requireOneOf(scope, "addKey.keySize", keySize, RSA_KEY_SIZES, {
    problem: "is not an RSA key size Key Vault supports",
    fix: "use 3072 (or 2048 / 4096)",
  });
  const rotation = {
    expireAfter: options.rotation?.expireAfter ?? "P180D",
    timeBeforeExpiry: options.rotation?.timeBeforeExpiry ?? "P30D",
    notifyBeforeExpiry: options.rotation?.notifyBeforeExpiry ?? "P29D",
  };
  requireRotation(scope, rotation);
  return {
    keyType,
    keySize,
    curve: isRsa ? undefined : (options.curve ?? "P-256"),
    keyOpts,
    rotationPolicy: {
      automatic: { timeBeforeExpiry: rotation.timeBeforeExpiry },
      expireAfter: rotation.expireAfter,
      notifyBeforeExpiry: rotation.notifyBeforeExpiry,
    },
  };
}

function requireKeyOperations(scope: IConstruct, keyOpts: string[], isRsa: boolean): void {
  if (keyOpts.length === 0)
    invalidProp(
      scope,
      "addKey.keyOpts",
      keyOpts,
      "is empty: the key could do nothing",
      "omit keyOpts for the defaults",
    );
  for (const op of keyOpts) {
    requireOneOf(scope, "addKey.keyOpts", op, KEY_OPS, {
      problem: "is not a key operation the provider accepts",
      fix: `use some of ${KEY_OPS.join(", ")}`,
    });
    if (!isRsa)
      requireOneOf(scope, "addKey.keyOpts", op, EC_KEY_OPS, {
        problem: "is not supported by EC keys (Key Vault has no EC encryption)",
        fix: 'use "sign" and "verify", or an RSA key type',
      });
  }
  const dupOp = keyOpts.find((op, i) => keyOpts.indexOf(op) !== i);
  if (dupOp !== undefined) invalidProp(scope, "addKey.keyOpts", dupOp, "is listed twice", "list each operation once");
}

function requireRotation(
  scope: IConstruct,
  rotation: { expireAfter: string; timeBeforeExpiry: string; notifyBeforeExpiry: string },
): void {
  for (const [field, value] of Object.entries(rotation)) {
    withResolved(value, (duration) => {
      if (ISO_DURATION.test(duration)) return;
      invalidProp(
        scope,
        `addKey.rotation.${field}`,
        duration,
        "is not an ISO 8601 duration in years, months and days",
        'use e.g. "P90D"',
      );
    });
  }
  const days = (d: string): number | undefined => {
    const m = ISO_DURATION.exec(d);
    return m ? parseInt(m[1] ?? "0", 10) * 365 + parseInt(m[2] ?? "0", 10) * 30 + parseInt(m[3] ?? "0", 10) : undefined;
  };
  const expire = days(rotation.expireAfter);
  const before = days(rotation.timeBeforeExpiry);
  const notify = days(rotation.notifyBeforeExpiry);
  if (expire !== undefined && expire < 28) {
    invalidProp(
      scope,
      "addKey.rotation.expireAfter",
      rotation.expireAfter,
      "is shorter than the 28 days Key Vault allows",
      'use e.g. "P180D"',
    );
  }
  if (expire !== undefined && before !== undefined && (before < 7 || before > expire - 7)) {
    invalidProp(
      scope,
      "addKey.rotation.timeBeforeExpiry",
      rotation.timeBeforeExpiry,
      `must be at least 7 days and at most expireAfter minus 7 days (${rotation.expireAfter})`,
      'use e.g. "P30D"',
    );
  }
  // The provider's rule: notify_before_expiry between 7 days and expire_after minus 7 days.
  if (expire !== undefined && notify !== undefined && (notify < 7 || notify > expire - 7)) {
    invalidProp(
      scope,
      "addKey.rotation.notifyBeforeExpiry",
      rotation.notifyBeforeExpiry,
      `must be at least 7 days and at most expireAfter minus 7 days (${rotation.expireAfter}), or the notification comes after the version expired`,
      'use e.g. "P29D"',
    );
  }
}
