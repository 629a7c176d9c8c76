import { checkDocument } from "../../lib/baseline/checker";
import { parseTerraformDocument } from "../../lib/baseline/document";
import {
  buildReport,
  describeFinding,
  formatValue,
  renderReportJson,
  renderReportMarkdown,
  summaryLine,
} from "../../lib/baseline/report";
import { REASON, TEST_RULES } from "./helpers";

const withPath = (p: string, body: Record<string, unknown>) => ({ ...body, "//": { metadata: { path: p } } });

function sample(reverse = false) {
  const groups: Record<string, unknown> = {
    bad: withPath("app/bad", { name: "bad", location: "north|europe", tags: { owner: "x" } }),
    good: withPath("app/good", { name: "good", location: "westeurope", tags: { owner: "x" } }),
    later: withPath("app/later", { name: "later", location: "${var.l}" }),
    accepted: withPath("app/accepted", { name: "acc", location: "eastus", tags: { owner: "x" } }),
  };
  const ordered = reverse ? Object.fromEntries(Object.entries(groups).reverse()) : groups;
  const suppressions = [
    { constructPath: "app/accepted", ruleId: "TEST-LOC", reason: REASON },
    { constructPath: "app/nothing", ruleId: "TEST-TAG", reason: REASON },
  ];
  const result = checkDocument(parseTerraformDocument({ resource: { azurerm_resource_group: ordered } }), {
    rules: reverse ? [...TEST_RULES].reverse() : TEST_RULES,
    suppressions: reverse ? [...suppressions].reverse() : suppressions,
  });
  return buildReport("app", result, reverse ? [...TEST_RULES].reverse() : TEST_RULES);
}

describe("security-baseline.json", () => {
  test("lists every resource x rule with outcome, severity, attribute, value, message and suppression reason", () => {
    const report = JSON.parse(renderReportJson(sample()));
    expect(report).toMatchObject({ schemaVersion: 1, generator: "cdktf-secure-aks", stack: "app", passed: false });
    expect(report.summary).toEqual({
      resources: 4,
      checks: 12,
      passed: 8,
      failed: 2,
      errors: 1,
      warnings: 1,
      unknown: 1,
      suppressed: 1,
      ruleErrors: 0,
      unusedSuppressions: 1,
      unknownRuleSuppressions: 0,
    });
    expect(report.rules.map((r: { id: string }) => r.id)).toEqual(["TEST-BOOM", "TEST-LOC", "TEST-TAG"]);
    const byKey = Object.fromEntries(
      report.findings.map((f: { address: string; ruleId: string }) => [`${f.address.split(".")[1]} ${f.ruleId}`, f]),
    );
    expect(Object.keys(byKey)).toHaveLength(12);
    expect(byKey["bad TEST-LOC"]).toEqual({
      outcome: "failed",
      severity: "error",
      ruleId: "TEST-LOC",
      title: "Resource groups in West Europe",
      address: "azurerm_resource_group.bad",
      constructPath: "app/bad",
      attribute: "location",
      value: "north|europe",
      message: "Data must stay in West Europe.",
      fix: 'set location = "westeurope"',
    });
    expect(byKey["accepted TEST-LOC"]).toMatchObject({
      outcome: "suppressed",
      suppressedOutcome: "failed",
      suppressionPath: "app/accepted",
      suppressionReason: REASON,
      value: "eastus",
    });
    expect(byKey["later TEST-LOC"]).toMatchObject({
      outcome: "unknown",
      value: "${var.l}",
      message: "The location is only known at apply.",
      fix: 'set location = "westeurope"',
    });
    expect(byKey["good TEST-LOC"]).toEqual(expect.not.objectContaining({ fix: expect.anything() }));
    expect(report.suppressions).toEqual([
      {
        constructPath: "app/accepted",
        ruleId: "TEST-LOC",
        reason: REASON,
        status: "used",
        coveredFindings: 1,
        suppressedFindings: 1,
      },
      {
        constructPath: "app/nothing",
        ruleId: "TEST-TAG",
        reason: REASON,
        status: "unmatched",
        coveredFindings: 0,
        suppressedFindings: 0,
      },
    ]);
  });

  test("is byte-identical whatever the input order", () => {
    expect(renderReportJson(sample(true))).toBe(renderReportJson(sample()));
    expect(renderReportJson(sample()).endsWith("}\n")).toBe(true);
    expect(
      renderReportJson(sample())
        .split("\n")
        .filter((l) => l.startsWith('    {"outcome":')),
    ).toHaveLength(12);
  });
});

describe("security-baseline.md", () => {
  const md = renderReportMarkdown(sample());

  test("has a title and a summary line", () => {
    expect(md.split("\n").slice(0, 3)).toEqual([
      "# Security baseline: app",
      "",
      "**FAILED**: 4 resources, 12 checks: 8 passed, 2 failed (1 error, 1 warning), 1 unknown, 1 suppressed, 1 unused suppression.",
    ]);
  });

  test("tables failures first (errors before warnings), with escaped cells and the fix", () => {
    const failed = md.slice(md.indexOf("## Failed (2)"), md.indexOf("## Unknown"));
    const rows = failed.split("\n").filter((l) => l.startsWith("| TEST-"));
    expect(rows[0]).toBe(
      '| TEST-LOC | Resource groups in West Europe | error | `azurerm_resource_group.bad`<br>app/bad | `location` | `"north\\|europe"` | Data must stay in West Europe. Fix: set location = "westeurope" |',
    );
    expect(rows[1]).toMatch(
      /^\| TEST-TAG \| Owner tag \| warning \| `azurerm_resource_group.later`<br>app\/later \| `tags.owner` \| `not set` \|/,
    );
  });

  test("shows suppressed findings with their reason and every suppression with its status", () => {
    expect(md).toContain(
      `| TEST-LOC | Resource groups in West Europe | error | \`azurerm_resource_group.accepted\`<br>app/accepted | \`location\` | \`"eastus"\` | failed — suppressed at app/accepted: ${REASON} |`,
    );
    expect(md).toContain(`| app/nothing | TEST-TAG | unmatched | 0 of 0 | ${REASON} |`);
    expect(md).toContain(
      "## Passed (8)\n\n| rule | control | severity | resources passed |\n|---|---|---|---|\n| TEST-BOOM | Crashes on boom | warning | 4 |\n| TEST-LOC | Resource groups in West Europe | error | 1 |\n| TEST-TAG | Owner tag | warning | 3 |",
    );
    expect(md).toMatch(
      /## Unknown until apply \(1\)\n\n\| rule .*\n.*\n\| TEST-LOC .*`"\$\{var.l\}"` \| The location is only known at apply. \|/,
    );
  });

  test("is byte-identical whatever the input order", () => {
    expect(renderReportMarkdown(sample(true))).toBe(md);
  });
});

describe("formatting helpers", () => {
  test("summaryLine and formatValue", () => {
    expect(
      summaryLine({
        resources: 1,
        checks: 1,
        passed: 1,
        failed: 0,
        errors: 0,
        warnings: 0,
        unknown: 0,
        suppressed: 0,
        ruleErrors: 0,
        unusedSuppressions: 0,
        unknownRuleSuppressions: 0,
      }),
    ).toBe("1 resource, 1 check: 1 passed, 0 failed (0 errors, 0 warnings), 0 unknown, 0 suppressed.");
    expect(formatValue(undefined)).toBe("not set");
    expect(formatValue(false)).toBe("false");
    expect(formatValue("x".repeat(200))).toHaveLength(120);
  });

  test("describeFinding names rule, title, severity, resource, construct path, attribute, value and fix", () => {
    const result = checkDocument(
      parseTerraformDocument({
        resource: { azurerm_resource_group: { g: withPath("s/g", { location: "x", tags: { owner: "o" } }) } },
      }),
      { rules: TEST_RULES },
    );
    expect(describeFinding(result.findings.find((f) => f.ruleId === "TEST-LOC")!)).toBe(
      'TEST-LOC "Resource groups in West Europe" [error] failed on azurerm_resource_group.g (construct s/g): location = "x". Data must stay in West Europe. Fix: set location = "westeurope"',
    );
  });
});
