import { IConstruct } from "constructs";
import * as semver from "semver";
import { invalidProp, warnProp } from "../util/validation";

/** One Kubernetes minor version as AKS schedules it. Dates are ISO days (UTC). */
export interface KubernetesMinorRelease {
  /** "1.N". */
  readonly minor: string;
  /** First day AKS offers it generally available. */
  readonly generallyAvailable: string;
  /** Last day of AKS (community) support; after it no new cluster can be created on it without LTS. */
  readonly endOfLife: string;
  /** Last day of AKS long-term support (Premium tier + `support_plan = "AKSLongTermSupport"`). */
  readonly ltsEndOfLife: string;
}

/**
 * AKS's Kubernetes release calendar. Source: Microsoft Learn, "Supported Kubernetes versions in
 * AKS" (https://learn.microsoft.com/azure/aks/supported-kubernetes-versions, file
 * articles/aks/supported-kubernetes-versions.md of MicrosoftDocs/azure-aks-docs, "AKS Kubernetes
 * release calendar" and "LTS versions" tables), read on {@link KUBERNETES_CALENDAR_READ_ON}. The
 * page gives months; "Unless an explicit date is provided, the End of Life (EOL) date is the last
 * day of the specified month", so a month here is its last day, a GA month its first day.
 * Older minors (1.31 and before) are past their LTS end and are not listed: nothing older than
 * the first row can be created. test/cluster/kubernetes-versions.test.ts fails when an example
 * pins a minor past its end of life on the day the tests run, so this table cannot rot silently.
 */
export const KUBERNETES_CALENDAR: readonly KubernetesMinorRelease[] = [
  { minor: "1.32", generallyAvailable: "2025-04-01", endOfLife: "2026-03-31", ltsEndOfLife: "2027-03-31" },
  { minor: "1.33", generallyAvailable: "2025-06-01", endOfLife: "2026-07-31", ltsEndOfLife: "2027-07-31" },
  { minor: "1.34", generallyAvailable: "2025-11-01", endOfLife: "2026-11-30", ltsEndOfLife: "2027-11-30" },
  { minor: "1.35", generallyAvailable: "2026-03-01", endOfLife: "2027-03-31", ltsEndOfLife: "2028-03-31" },
  { minor: "1.36", generallyAvailable: "2026-06-01", endOfLife: "2027-06-30", ltsEndOfLife: "2028-06-30" },
  { minor: "1.37", generallyAvailable: "2026-10-01", endOfLife: "2027-10-31", ltsEndOfLife: "2028-10-31" },
];

/** The day the calendar was read from Microsoft Learn (MicrosoftDocs/azure-aks-docs, 2026-08-21 revision). */
export const KUBERNETES_CALENDAR_READ_ON = "2026-08-21";

/**
 * Context key that overrides "today" (an ISO day, "YYYY-MM-DD") for the version checks, e.g. in
 * tests or to rehearse a synth on a future date: `cdktf synth --context` or `App({ context })`.
 */
export const TODAY_CONTEXT_KEY = "cdktf-secure-aks:today";

/** A pinned minor warns when its support ends within this many days of the synth date. */
export const END_OF_LIFE_WARNING_DAYS = 90;

/** The newest minor of the calendar ("1.N"). */
export const NEWEST_CALENDAR_MINOR = KUBERNETES_CALENDAR[KUBERNETES_CALENDAR.length - 1].minor;

/** Whether a cluster runs under AKS long-term support: both are needed (long-term-support.md). */
export interface VersionSupport {
  readonly skuTier: string;
  readonly supportPlan: string;
}

/** What the calendar says about a minor on a given day. */
export type MinorStatus =
  | { readonly kind: "unknown-newer" }
  | { readonly kind: "retired"; readonly release?: KubernetesMinorRelease; readonly lastDay?: string }
  | {
      readonly kind: "supported";
      readonly release: KubernetesMinorRelease;
      readonly lastDay: string;
      readonly lts: boolean;
    };

/** "1.N" of a "1.N" or "1.N.P" version, or undefined. */
export function minorOf(version: string): string | undefined {
  const match = /^(1\.(0|[1-9][0-9]*))(\.(0|[1-9][0-9]*))?$/.exec(version);
  return match ? match[1] : undefined;
}

function minorNumber(minor: string): number {
  return Number(minor.split(".")[1]);
}

/** The synth date: the context override, else today's UTC date. */
export function synthDate(scope: IConstruct): string {
  const override = scope.node.tryGetContext(TODAY_CONTEXT_KEY);
  if (typeof override === "string" && /^\d{4}-\d{2}-\d{2}$/.test(override)) return override;
  return new Date().toISOString().slice(0, 10);
}

/** Days from `from` to `to` (ISO days). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Where `minor` stands on `today`. A minor newer than the calendar's newest is "unknown-newer"
 * (accepted: AKS itself rejects it at apply if it is not out yet). With LTS (Premium +
 * AKSLongTermSupport) a minor stays supported until its LTS end.
 */
export function minorStatus(minor: string, today: string, lts: boolean): MinorStatus {
  const release = KUBERNETES_CALENDAR.find((r) => r.minor === minor);
  if (!release) {
    return minorNumber(minor) > minorNumber(NEWEST_CALENDAR_MINOR) ? { kind: "unknown-newer" } : { kind: "retired" };
  }
  const lastDay = lts ? release.ltsEndOfLife : release.endOfLife;
  if (today > lastDay) return { kind: "retired", release, lastDay };
  return { kind: "supported", release, lastDay, lts };
}

/** Minors a new cluster can be created on, on `today`: GA and within community support. */
export function creatableMinors(today: string): string[] {
  return KUBERNETES_CALENDAR.filter((r) => r.generallyAvailable <= today && today <= r.endOfLife).map((r) => r.minor);
}

/** Minors still under long-term support on `today` (Premium tier + AKSLongTermSupport). */
export function longTermSupportMinors(today: string): string[] {
  return KUBERNETES_CALENDAR.filter((r) => today <= r.ltsEndOfLife).map((r) => r.minor);
}

/** True with the Premium tier and the AKSLongTermSupport plan. */
export function isLongTermSupport(support: VersionSupport): boolean {
  return support.skuTier === "Premium" && support.supportPlan === "AKSLongTermSupport";
}

/**
 * Warns (id "kubernetes/end-of-life-soon") when a pinned minor's support ends within
 * {@link END_OF_LIFE_WARNING_DAYS} days. Annotations do not change the synthesized JSON, so the
 * output stays the same whatever the date.
 */
export function warnEndOfLife(
  scope: IConstruct,
  prop: string,
  version: string,
  status: MinorStatus & { kind: "supported" },
  today: string,
): void {
  const days = daysBetween(today, status.lastDay);
  if (days > END_OF_LIFE_WARNING_DAYS) return;
  const newer = creatableMinors(today).filter((m) => minorNumber(m) > minorNumber(status.release.minor));
  const plan = status.lts ? "long-term support" : "community support";
  const fix =
    newer.length > 0
      ? `plan the upgrade to ${newer.join(" or ")} (az aks upgrade, or automaticUpgradeChannel "stable")`
      : "plan the upgrade to the next minor as soon as AKS offers it";
  warnProp(
    scope,
    "kubernetes/end-of-life-soon",
    prop,
    version,
    `${plan} of Kubernetes ${status.release.minor} on AKS ends on ${status.lastDay}, in ${days} days (calendar read ${KUBERNETES_CALENDAR_READ_ON})`,
    fix,
  );
}

const VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?$/;

/**
 * Checks a literal Kubernetes version of a cluster: the syntax, then the AKS calendar. A minor past
 * its (LTS) end of life cannot be created; one ending within 90 days of the synth date warns.
 */
export function requireCreatableKubernetesVersion(
  scope: IConstruct,
  prop: string,
  v: string,
  support: { readonly lts: boolean },
): void {
  const full = VERSION.test(v ?? "") ? (v.split(".").length === 2 ? `${v}.0` : v) : undefined;
  if (!full || !semver.valid(full) || semver.major(full) !== 1) {
    invalidProp(
      scope,
      prop,
      v,
      "is not a Kubernetes version of the form MAJOR.MINOR or MAJOR.MINOR.PATCH",
      `use e.g. "${NEWEST_CALENDAR_MINOR}" (recommended: the patch channel then keeps patches current without drift)`,
    );
  }
  const minor = minorOf(v)!;
  const today = synthDate(scope);
  const lts = support.lts;
  const status = minorStatus(minor, today, lts);
  if (status.kind === "retired") {
    const supported = creatableMinors(today);
    const ltsMinors = longTermSupportMinors(today).filter((m) => !supported.includes(m));
    const ended = status.release
      ? `AKS support for ${minor} ended on ${status.lastDay}`
      : `${minor} is older than every minor on AKS's calendar`;
    const ltsHint =
      ltsMinors.length > 0 && !lts
        ? `; to stay on ${ltsMinors.join(" or ")}, use long-term support: skuTier "Premium" and supportPlan "AKSLongTermSupport"`
        : "";
    invalidProp(
      scope,
      prop,
      v,
      `cannot be created on AKS on ${today}: ${ended}${lts ? " (long-term support included)" : ""}, and AKS creates no new cluster on a retired minor (calendar read ${KUBERNETES_CALENDAR_READ_ON})`,
      `use a supported minor: ${supported.join(", ")}${ltsHint}; or KubernetesVersion.latestSupported()`,
    );
  }
  if (status.kind === "supported") warnEndOfLife(scope, prop, v, status, today);
}
