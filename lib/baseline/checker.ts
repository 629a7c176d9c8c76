import { Rule, RuleFinding, Severity, TerraformDocument, TerraformResource } from "./rule";
import { ALL_RULES } from "./rules/index";

/**
 * The outcome of one rule on one resource.
 * - passed: the rule found the secure value.
 * - failed: it did not (or the rule itself crashed, see `ruleError`).
 * - unknown: the value is a Terraform expression only apply can resolve; never counted as passed.
 * - suppressed: failed or unknown, but accepted by a suppression with a reason.
 */
export type BaselineOutcome = "passed" | "failed" | "unknown" | "suppressed";

/** An accepted deviation: `ruleId` does not apply to the construct at `constructPath` and below. */
export interface BaselineSuppression {
  /** Construct path (`stack/cluster`); "" (the app) covers every stack. */
  readonly constructPath: string;
  readonly ruleId: string;
  /** Why the deviation is acceptable; lands in the report. */
  readonly reason: string;
}

export interface BaselineFinding {
  readonly ruleId: string;
  readonly title: string;
  /** The rule's severity; "error" for a rule that crashed. */
  readonly severity: Severity;
  /** `${type}.${name}` of the resource. */
  readonly address: string;
  readonly resourceType: string;
  /** Construct path from the JSON's `//.metadata.path`; absent for hand-written JSON. */
  readonly constructPath?: string;
  readonly outcome: BaselineOutcome;
  /** For a suppressed finding: what the rule found before the suppression applied. */
  readonly suppressedOutcome?: "failed" | "unknown";
  readonly attribute?: string;
  readonly value?: unknown;
  readonly message?: string;
  readonly fix: string;
  /** The suppression that accepted this finding (the most specific one covering the resource). */
  readonly suppression?: BaselineSuppression;
  /** Set when the rule threw: a bug in the rule, reported as a failure, never as a pass. */
  readonly ruleError?: string;
}

/**
 * How a suppression was used.
 * - used: it accepted at least one failed or unknown finding.
 * - not-needed: it covers resources the rule applies to, but they all pass.
 * - unmatched: no resource under the construct is one the rule applies to.
 * - unknown-rule: the rule id is not in the rule set that ran.
 */
export type SuppressionStatus = "used" | "not-needed" | "unmatched" | "unknown-rule";

export interface SuppressionUse extends BaselineSuppression {
  readonly status: SuppressionStatus;
  /** Findings (any outcome) of the rule on resources under the construct. */
  readonly coveredFindings: number;
  /** Of those, the failed or unknown ones it turned into "suppressed". */
  readonly suppressedFindings: number;
}

export interface BaselineSummary {
  readonly resources: number;
  /** Resource x applicable rule pairs. */
  readonly checks: number;
  readonly passed: number;
  readonly failed: number;
  /** Failed findings of severity error (these stop synth). */
  readonly errors: number;
  /** Failed findings of severity warning. */
  readonly warnings: number;
  readonly unknown: number;
  readonly suppressed: number;
  /** Findings whose rule crashed (also in failed and errors, unless a suppression accepted them). */
  readonly ruleErrors: number;
  /** Suppressions whose status is not "used". */
  readonly unusedSuppressions: number;
  /** Suppressions naming a rule that is not in the rule set. */
  readonly unknownRuleSuppressions: number;
}

export interface BaselineResult {
  /** Every resource x applicable rule, ordered by resource address, then rule id. */
  readonly findings: readonly BaselineFinding[];
  /** Every suppression given, ordered by construct path, then rule id. */
  readonly suppressions: readonly SuppressionUse[];
  readonly summary: BaselineSummary;
}

export interface CheckOptions {
  /** @default ALL_RULES */
  readonly rules?: readonly Rule[];
  /** @default none */
  readonly suppressions?: readonly BaselineSuppression[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const OUTCOMES: ReadonlySet<string> = new Set(["passed", "failed", "unknown"]);

/** True when `path` is `scope` or lies under it ("" is the app and covers everything). */
export function isUnderConstructPath(path: string, scope: string): boolean {
  return scope === "" || path === scope || path.startsWith(`${scope}/`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Runs every rule on every resource it applies to. Pure: the same document, rules and
 * suppressions give the same result, in the same order.
 */
export function checkDocument(document: TerraformDocument, options: CheckOptions = {}): BaselineResult {
  const rules = [...(options.rules ?? ALL_RULES)].sort((a, b) => compare(a.id, b.id));
  const rulesByType = new Map<string, Rule[]>();
  const ruleIds = new Set<string>();
  for (const rule of rules) {
    if (ruleIds.has(rule.id))
      throw new Error(
        `Two baseline rules share the id ${rule.id}; rule ids must be unique (they are the control ids of docs/controls.md).`,
      );
    ruleIds.add(rule.id);
    for (const type of rule.resourceTypes) {
      const list = rulesByType.get(type) ?? [];
      list.push(rule);
      rulesByType.set(type, list);
    }
  }

  const suppressions = [...(options.suppressions ?? [])].sort(
    (a, b) => compare(a.constructPath, b.constructPath) || compare(a.ruleId, b.ruleId) || compare(a.reason, b.reason),
  );
  const usage = suppressions.map(() => ({ covered: 0, suppressed: 0 }));
  const suppressionsByRule = new Map<string, number[]>();
  suppressions.forEach((s, index) => {
    const list = suppressionsByRule.get(s.ruleId) ?? [];
    list.push(index);
    suppressionsByRule.set(s.ruleId, list);
  });

  const resources = [...document.resources].sort((a, b) => compare(a.address, b.address));
  const findings: BaselineFinding[] = [];
  for (const resource of resources) {
    for (const rule of rulesByType.get(resource.type) ?? []) {
      const found = evaluateSafely(rule, resource, document);
      if (!found) continue;
      const candidates = suppressionsByRule.get(rule.id);
      const covering =
        candidates && resource.constructPath !== undefined
          ? candidates.filter((i) =>
              isUnderConstructPath(resource.constructPath as string, suppressions[i].constructPath),
            )
          : [];
      for (const i of covering) usage[i].covered += 1;
      const { finding, ruleError } = found;
      // Built field by field (not with spreads): this runs for every resource x rule.
      const result: Mutable<BaselineFinding> = {
        ruleId: rule.id,
        title: rule.title,
        severity: ruleError ? "error" : rule.severity,
        address: resource.address,
        resourceType: resource.type,
        outcome: finding.outcome,
        fix: rule.fix,
      };
      if (resource.constructPath !== undefined) result.constructPath = resource.constructPath;
      if (finding.attribute !== undefined) result.attribute = finding.attribute;
      if ("value" in finding) result.value = finding.value;
      if (finding.message !== undefined) result.message = finding.message;
      if (ruleError) result.ruleError = ruleError;
      if (finding.outcome !== "passed" && covering.length > 0) {
        for (const i of covering) usage[i].suppressed += 1;
        // The deepest suppression is the most specific statement about this resource.
        const chosen = covering.reduce((best, i) =>
          suppressions[i].constructPath.length > suppressions[best].constructPath.length ? i : best,
        );
        result.suppressedOutcome = finding.outcome;
        result.outcome = "suppressed";
        result.suppression = suppressions[chosen];
      }
      findings.push(result);
    }
  }

  const suppressionUses: SuppressionUse[] = suppressions.map((s, i) => ({
    ...s,
    status: !ruleIds.has(s.ruleId)
      ? "unknown-rule"
      : usage[i].suppressed > 0
        ? "used"
        : usage[i].covered > 0
          ? "not-needed"
          : "unmatched",
    coveredFindings: usage[i].covered,
    suppressedFindings: usage[i].suppressed,
  }));

  const summary = {
    resources: resources.length,
    checks: findings.length,
    passed: 0,
    failed: 0,
    errors: 0,
    warnings: 0,
    unknown: 0,
    suppressed: 0,
    ruleErrors: 0,
    unusedSuppressions: 0,
    unknownRuleSuppressions: 0,
  };
  for (const f of findings) {
    summary[f.outcome] += 1;
    if (f.outcome === "failed") summary[f.severity === "error" ? "errors" : "warnings"] += 1;
    if (f.ruleError !== undefined) summary.ruleErrors += 1;
  }
  summary.unusedSuppressions = suppressionUses.filter((s) => s.status !== "used").length;
  summary.unknownRuleSuppressions = suppressionUses.filter((s) => s.status === "unknown-rule").length;
  return { findings, suppressions: suppressionUses, summary };
}

/**
 * A rule that throws, or returns something that is not a finding, has a bug. The resource must not
 * pass because of it, so it becomes a failed finding of severity error that names the rule.
 */
function evaluateSafely(
  rule: Rule,
  resource: TerraformResource,
  document: TerraformDocument,
): { finding: RuleFinding; ruleError?: string } | undefined {
  let finding: RuleFinding | undefined;
  try {
    finding = rule.evaluate(resource, document);
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return ruleBug(rule, resource, `threw ${text}`);
  }
  if (finding === undefined) return undefined;
  if (finding === null || typeof finding !== "object" || !OUTCOMES.has(finding.outcome)) {
    return ruleBug(
      rule,
      resource,
      `returned ${JSON.stringify(finding)} instead of a finding with outcome passed, failed or unknown`,
    );
  }
  return { finding };
}

function ruleBug(rule: Rule, resource: TerraformResource, what: string): { finding: RuleFinding; ruleError: string } {
  return {
    ruleError: what,
    finding: {
      outcome: "failed",
      message: `Baseline rule ${rule.id} ${what} while checking ${resource.address}. This is a bug in the rule, not proof that the resource is secure; report it to the cdktf-secure-aks maintainers.`,
    },
  };
}
