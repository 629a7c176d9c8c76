import * as fs from "fs";
import * as path from "path";
import { BaselineFinding, BaselineResult, BaselineSummary, SuppressionUse } from "./checker";
import { Rule, Severity, TerraformDocument } from "./rule";
import { scannerView, ScannerViewEntry } from "./scanner-view";

export const REPORT_JSON_FILE = "security-baseline.json";
export const REPORT_MARKDOWN_FILE = "security-baseline.md";

/** One resource x rule line of the report. */
export interface ReportFinding {
  readonly outcome: BaselineFinding["outcome"];
  readonly severity: Severity;
  readonly ruleId: string;
  /** Only on findings that are not passed (the rule list carries every title). */
  readonly title?: string;
  readonly address: string;
  readonly constructPath?: string;
  readonly attribute?: string;
  readonly value?: unknown;
  readonly message?: string;
  /** Only on findings that are not passed (the rule list carries every fix). */
  readonly fix?: string;
  readonly suppressedOutcome?: "failed" | "unknown";
  readonly suppressionPath?: string;
  readonly suppressionReason?: string;
  readonly ruleError?: string;
}

/** The machine-readable report written as security-baseline.json. */
export interface BaselineReport {
  readonly schemaVersion: 1;
  readonly generator: "cdktf-secure-aks";
  /** The stack (or file) the report is about. */
  readonly stack: string;
  /** true when nothing of severity error failed. */
  readonly passed: boolean;
  readonly summary: BaselineSummary;
  /** The rules that ran, by id. */
  readonly rules: readonly {
    readonly id: string;
    readonly title: string;
    readonly severity: Severity;
    readonly resourceTypes: readonly string[];
    readonly fix: string;
  }[];
  readonly findings: readonly ReportFinding[];
  readonly suppressions: readonly SuppressionUse[];
  /** The Checkov checks that will fail on this stack, each with its control, verdict and reason (when the document was given). */
  readonly scannerView?: readonly ScannerViewEntry[];
}

export function buildReport(
  stack: string,
  result: BaselineResult,
  rules: readonly Rule[],
  document?: TerraformDocument,
): BaselineReport {
  return {
    schemaVersion: 1,
    generator: "cdktf-secure-aks",
    stack,
    passed: result.summary.errors === 0,
    summary: result.summary,
    rules: [...rules]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((r) => ({
        id: r.id,
        title: r.title,
        severity: r.severity,
        resourceTypes: [...r.resourceTypes].sort(),
        fix: r.fix,
      })),
    findings: result.findings.map(toReportFinding),
    suppressions: result.suppressions,
    ...(document ? { scannerView: scannerView(document, result) } : {}),
  };
}

function toReportFinding(f: BaselineFinding): ReportFinding {
  return {
    outcome: f.outcome,
    severity: f.severity,
    ruleId: f.ruleId,
    ...(f.outcome !== "passed" ? { title: f.title } : {}),
    address: f.address,
    ...(f.constructPath !== undefined ? { constructPath: f.constructPath } : {}),
    ...(f.attribute !== undefined ? { attribute: f.attribute } : {}),
    ...(f.value !== undefined ? { value: sortKeys(f.value) } : {}),
    ...(f.message !== undefined ? { message: f.message } : {}),
    ...(f.outcome !== "passed" ? { fix: f.fix } : {}),
    ...(f.suppressedOutcome ? { suppressedOutcome: f.suppressedOutcome } : {}),
    ...(f.suppression ? { suppressionPath: f.suppression.constructPath, suppressionReason: f.suppression.reason } : {}),
    ...(f.ruleError ? { ruleError: f.ruleError } : {}),
  };
}

/**
 * A value with its object keys sorted: found values come from user JSON whose key order we do not
 * control. Everything else in the report is built in a fixed key order.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const inner = (value as Record<string, unknown>)[key];
      if (inner !== undefined) out[key] = sortKeys(inner);
    }
    return out;
  }
  return value;
}

/**
 * Pretty JSON, except that each finding and suppression sits on one line: a stack of 1,000
 * resources has over 10,000 findings, and one line each keeps the file small, fast to write and
 * easy to diff between two synths.
 */
export function renderReportJson(report: BaselineReport): string {
  return [...reportJsonParts(report)].join("");
}

/**
 * The text of renderReportJson in parts (the head, then one line per finding, suppression and
 * scanner entry), so writeReport can write a report of 10,000s of findings without holding all of
 * it as one string at the peak of synth.
 */
function* reportJsonParts(report: BaselineReport): Generator<string> {
  const { findings, suppressions, scannerView: view, ...head } = report;
  function* list(name: string, items: readonly unknown[]): Generator<string> {
    yield `,\n  "${name}": `;
    if (items.length === 0) {
      yield "[]";
      return;
    }
    yield "[\n";
    for (let i = 0; i < items.length; i += 1) yield `${i > 0 ? ",\n" : ""}    ${JSON.stringify(items[i])}`;
    yield "\n  ]";
  }
  yield JSON.stringify(head, null, 2).replace(/\n}$/, "");
  yield* list("findings", findings);
  yield* list("suppressions", suppressions);
  if (view) yield* list("scannerView", view);
  yield "\n}\n";
}

/** "12 resources, 40 checks: 35 passed, 2 failed (1 error, 1 warning), 2 unknown, 1 suppressed." */
export function summaryLine(summary: BaselineSummary): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  const parts = [
    `${plural(summary.resources, "resource")}, ${plural(summary.checks, "check")}: ${summary.passed} passed`,
    `${summary.failed} failed (${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")})`,
    `${summary.unknown} unknown`,
    `${summary.suppressed} suppressed`,
  ];
  let line = parts.join(", ");
  if (summary.ruleErrors > 0) line += `, ${plural(summary.ruleErrors, "rule crash")}`;
  if (summary.unusedSuppressions > 0) line += `, ${plural(summary.unusedSuppressions, "unused suppression")}`;
  return `${line}.`;
}

/** A reviewer-readable rendering of a value or text for one table cell. */
function cell(text: string | undefined): string {
  if (text === undefined || text === "") return "";
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** Renders a found value; "not set" for an absent attribute. */
export function formatValue(value: unknown, max = 120): string {
  if (value === undefined) return "not set";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function code(text: string): string {
  return text.includes("`") ? cell(text) : `\`${cell(text)}\``;
}

function findingRow(f: ReportFinding, extra: string): string {
  const where = f.constructPath ? `${code(f.address)}<br>${cell(f.constructPath)}` : code(f.address);
  const attribute = f.attribute ? code(f.attribute) : "";
  const value = f.attribute !== undefined || f.value !== undefined ? code(formatValue(f.value)) : "";
  return `| ${f.ruleId} | ${cell(f.title)} | ${f.severity} | ${where} | ${attribute} | ${value} | ${cell(extra)} |`;
}

const TABLE_HEAD = [
  "| rule | control | severity | resource | attribute | value | details |",
  "|---|---|---|---|---|---|---|",
];

/** The Markdown report written as security-baseline.md. */
export function renderReportMarkdown(report: BaselineReport): string {
  const lines: string[] = [];
  lines.push(`# Security baseline: ${cell(report.stack)}`, "");
  lines.push(`**${report.passed ? "PASSED" : "FAILED"}**: ${summaryLine(report.summary)}`, "");
  const section = (title: string, findings: readonly ReportFinding[], extra: (f: ReportFinding) => string): void => {
    lines.push(`## ${title} (${findings.length})`, "");
    if (findings.length === 0) {
      lines.push("None.", "");
      return;
    }
    lines.push(...TABLE_HEAD, ...findings.map((f) => findingRow(f, extra(f))), "");
  };
  const failed = report.findings.filter((f) => f.outcome === "failed");
  section(
    "Failed",
    [...failed.filter((f) => f.severity === "error"), ...failed.filter((f) => f.severity === "warning")],
    (f) => `${f.message ?? ""} Fix: ${f.fix ?? ""}`.trim(),
  );
  section(
    "Unknown until apply",
    report.findings.filter((f) => f.outcome === "unknown"),
    (f) => f.message ?? "",
  );
  section(
    "Suppressed",
    report.findings.filter((f) => f.outcome === "suppressed"),
    (f) =>
      `${f.suppressedOutcome ?? ""} — suppressed at ${f.suppressionPath === "" ? "(app)" : f.suppressionPath}: ${f.suppressionReason ?? ""}`,
  );
  lines.push(`## Suppressions (${report.suppressions.length})`, "");
  if (report.suppressions.length === 0) {
    lines.push("None.", "");
  } else {
    lines.push("| construct | rule | status | findings accepted | reason |", "|---|---|---|---|---|");
    for (const s of report.suppressions) {
      lines.push(
        `| ${cell(s.constructPath === "" ? "(app)" : s.constructPath)} | ${s.ruleId} | ${s.status} | ${s.suppressedFindings} of ${s.coveredFindings} | ${cell(s.reason)} |`,
      );
    }
    lines.push("");
  }
  if (report.scannerView) {
    lines.push(`## Scanner view: Checkov (${report.scannerView.length})`, "");
    if (report.scannerView.length === 0) {
      lines.push("No Checkov check mirrored by the baseline fails on this stack.", "");
    } else {
      lines.push("| check | resource | controls | verdict | reason |", "|---|---|---|---|---|");
      for (const e of report.scannerView) {
        lines.push(
          `| ${e.checkId} | ${code(e.address)}${e.constructPath ? `<br>${cell(e.constructPath)}` : ""} | ${e.controls.join(", ") || "none"} | ${e.verdict} | ${cell(e.reason)} |`,
        );
      }
      lines.push("");
    }
  }
  // Passed checks are counted per rule: one row per resource would bury the table a reviewer reads.
  const passed = report.findings.filter((f) => f.outcome === "passed");
  lines.push(`## Passed (${passed.length})`, "");
  if (passed.length === 0) {
    lines.push("None.", "");
  } else {
    const perRule = new Map<string, number>();
    for (const f of passed) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
    lines.push("| rule | control | severity | resources passed |", "|---|---|---|---|");
    for (const rule of report.rules) {
      const count = perRule.get(rule.id);
      if (count) lines.push(`| ${rule.id} | ${cell(rule.title)} | ${rule.severity} | ${count} |`);
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** Writes security-baseline.json and security-baseline.md into `directory`; returns their paths. */
export function writeReport(directory: string, report: BaselineReport): { json: string; markdown: string } {
  fs.mkdirSync(directory, { recursive: true });
  const json = path.join(directory, REPORT_JSON_FILE);
  const markdown = path.join(directory, REPORT_MARKDOWN_FILE);
  const fd = fs.openSync(json, "w");
  try {
    // Written in blocks of about 64 KiB: the same bytes as renderReportJson without the whole string.
    let block = "";
    for (const part of reportJsonParts(report)) {
      block += part;
      if (block.length >= 65536) {
        fs.writeSync(fd, block);
        block = "";
      }
    }
    fs.writeSync(fd, block);
  } finally {
    fs.closeSync(fd);
  }
  fs.writeFileSync(markdown, renderReportMarkdown(report));
  return { json, markdown };
}

/**
 * One line per finding for synth errors, warnings, the CLI and the jest matcher: rule id and title,
 * resource and construct path, attribute and value, what is wrong, and the fix.
 */
export function describeFinding(f: BaselineFinding): string {
  const where = f.constructPath !== undefined ? `${f.address} (construct ${f.constructPath})` : f.address;
  const found = f.attribute !== undefined ? ` ${f.attribute} = ${formatValue(f.value)}.` : "";
  const outcome =
    f.outcome === "suppressed" ? `${f.suppressedOutcome} (suppressed: ${f.suppression?.reason ?? ""})` : f.outcome;
  const message = f.message ? ` ${f.message}` : "";
  const fix = f.outcome === "passed" ? "" : ` Fix: ${f.fix}`;
  return `${f.ruleId} "${f.title}" [${f.severity}] ${outcome} on ${where}:${found}${message}${fix}`;
}

/**
 * The stable id of a finding: the control and the Terraform address, the same at every synth of
 * the same program (a suppression or a CI allow-list can name it).
 */
export function findingId(f: Pick<BaselineFinding, "ruleId" | "address">): string {
  return `${f.ruleId}@${f.address}`;
}

/**
 * The one format of a warning or unknown printed at synth: stable id, construct path, control,
 * attribute and value, then the fix. An unknown says "unknown until apply", never "error", since
 * a value from another stack is not a failure.
 */
export function describeNotice(f: BaselineFinding): string {
  const what = f.outcome === "unknown" ? "unknown until apply" : f.outcome === "failed" ? f.severity : f.outcome;
  const found = f.attribute !== undefined ? ` ${f.attribute} = ${formatValue(f.value)}.` : "";
  const message = f.message ? ` ${f.message}` : "";
  return `[${findingId(f)}] ${what} at ${f.constructPath ?? f.address}: ${f.ruleId} ${f.title}.${found}${message} Fix: ${f.fix}`;
}

/**
 * An unused suppression in the same format as describeNotice: stable id (the rule and the
 * suppressing construct's path), path, control, value (the reason) and fix.
 */
export function describeUnusedSuppression(
  s: Pick<SuppressionUse, "ruleId" | "constructPath" | "reason">,
  why: string,
): string {
  const where = s.constructPath || "(app)";
  return `[${s.ruleId}@suppression:${where}] unused suppression at ${where}: ${s.ruleId} suppressed with "${s.reason}" ${why}. Fix: remove it so it cannot hide a future failure.`;
}

/**
 * The one line synth prints per stack: errors, warnings, suppressions, unknowns and the report,
 * plus how to see the details when they are hidden.
 */
export function stackSummaryLine(
  stack: string,
  summary: BaselineSummary,
  reportPath: string | undefined,
  verboseEnv?: string,
): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  const counts = `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}, ${plural(summary.suppressed, "suppressed finding")}, ${summary.unknown} unknown until apply`;
  const report = reportPath ? `report ${reportPath}` : "no report (report: false)";
  const details =
    verboseEnv && summary.warnings + summary.unknown > 0 ? ` (details there, or set ${verboseEnv}=1)` : "";
  return `Security baseline ${stack}: ${counts}; ${report}${details}.`;
}
