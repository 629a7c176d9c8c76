import { BaselineFinding, BaselineResult } from "./checker";
import { describeFinding } from "./report";

/** One checked Terraform document for the JUnit report. */
export interface JunitInput {
  /** The document's name (its path), the test suite's name. */
  readonly name: string;
  readonly result: BaselineResult;
}

function xml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * JUnit XML for CI test tabs (Azure Pipelines PublishTestResults, GitLab, Jenkins): one test suite
 * per document, one test case per resource x rule. A failed error finding is a <failure>, a failed
 * warning is a <failure type="warning"> only with `strict` (else it passes, with the finding in
 * <system-out>), an unknown or suppressed finding is <skipped> with the reason.
 */
export function buildJunit(inputs: readonly JunitInput[], strict: boolean): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const counted = inputs.map((input) => {
    const failures = input.result.findings.filter(
      (f) => f.outcome === "failed" && (f.severity === "error" || strict),
    ).length;
    const skipped = input.result.findings.filter((f) => f.outcome === "unknown" || f.outcome === "suppressed").length;
    return { input, failures, skipped };
  });
  const total = (key: "failures" | "skipped"): number => counted.reduce((n, c) => n + c[key], 0);
  const tests = inputs.reduce((n, input) => n + input.result.findings.length, 0);
  lines.push(
    `<testsuites name="cdktf-secure-aks security baseline" tests="${tests}" failures="${total("failures")}" errors="0" skipped="${total("skipped")}">`,
  );
  for (const { input, failures, skipped } of counted) {
    lines.push(
      `  <testsuite name="${xml(input.name)}" tests="${input.result.findings.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    );
    for (const f of input.result.findings) lines.push(...testCase(f, strict));
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}

function testCase(f: BaselineFinding, strict: boolean): string[] {
  const open = `    <testcase classname="${xml(f.ruleId)}" name="${xml(`${f.ruleId} ${f.constructPath ?? f.address}`)}">`;
  const text = xml(describeFinding(f));
  if (f.outcome === "passed") return [`${open}</testcase>`];
  if (f.outcome === "unknown" || f.outcome === "suppressed")
    return [open, `      <skipped message="${text}"/>`, "    </testcase>"];
  if (f.severity === "error" || strict)
    return [open, `      <failure type="${f.severity}" message="${text}"/>`, "    </testcase>"];
  return [open, `      <system-out>${text}</system-out>`, "    </testcase>"];
}
