import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { runCli } from "../../lib/baseline/cli";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { aksNet06 } from "../../lib/baseline/rules/workload/aks-net-06";
import { aksNs03 } from "../../lib/baseline/rules/workload/aks-ns-03";
import { group, LOCATION_RULE, newStack, REASON, TEST_RULES } from "./helpers";

const FIXTURES = path.join(__dirname, "fixtures");
const INSECURE = path.join(FIXTURES, "insecure.tf.json");
const CLEAN = path.join(FIXTURES, "clean.tf.json");
const LIST_BLOCKS = path.join(FIXTURES, "list-blocks.tf.json");

function cli(argv: string[], rules = TEST_RULES): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { rules });
  return { code, out, err };
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "baseline-cli-"));
}

describe("cdktf-secure-aks check", () => {
  test("fails a hand-written insecure document with findings and a summary", () => {
    const { code, out, err } = cli(["check", INSECURE]);
    expect(code).toBe(1);
    expect(err).toEqual([]);
    expect(out).toEqual([
      `${INSECURE}: FAILED`,
      '  ERROR      TEST-LOC "Resource groups in West Europe" [error] failed on azurerm_resource_group.rg: location = "northeurope". Data must stay in West Europe. Fix: set location = "westeurope"',
      '  WARNING    TEST-TAG "Owner tag" [warning] failed on azurerm_resource_group.rg: tags.owner = not set. Nobody owns this group. Fix: add tags.owner',
      "  4 resources, 3 checks: 1 passed, 2 failed (1 error, 1 warning), 0 unknown, 0 suppressed.",
    ]);
  });

  test("reads hand-written JSON whose blocks are lists: an allow-all policy fails, list-shaped limits pass", () => {
    const { code, out } = cli(["check", "--json", LIST_BLOCKS], [aksNet06, aksNs03]);
    expect(code).toBe(1);
    const [report] = JSON.parse(out.join("\n"));
    const pick = (f: { ruleId: string; address: string; outcome: string; attribute?: string; value?: unknown }) => [
      f.ruleId,
      f.address,
      f.outcome,
      f.attribute,
      f.value,
    ];
    expect(report.findings.map(pick)).toEqual([
      [
        "AKS-NET-06",
        "kubernetes_namespace.closed",
        "passed",
        "kubernetes_network_policy_v1",
        "kubernetes_network_policy.deny_all",
      ],
      ["AKS-NS-03", "kubernetes_namespace.closed", "failed", "kubernetes_limit_range_v1", undefined],
      [
        "AKS-NET-06",
        "kubernetes_namespace.open",
        "failed",
        "kubernetes_network_policy_v1",
        ["kubernetes_network_policy.allow_all"],
      ],
      [
        "AKS-NS-03",
        "kubernetes_namespace.open",
        "passed",
        "spec.limit",
        { default: { cpu: "500m" }, default_request: { cpu: "100m" }, type: "Container" },
      ],
    ]);
  });

  test("passes a clean document", () => {
    const { code, out } = cli(["check", CLEAN]);
    expect(code).toBe(0);
    expect(out).toEqual([
      `${CLEAN}: PASSED`,
      "  1 resource, 3 checks: 3 passed, 0 failed (0 errors, 0 warnings), 0 unknown, 0 suppressed.",
    ]);
  });

  test("--verbose lists passed checks; --strict fails on warnings", () => {
    expect(cli(["check", "--verbose", CLEAN]).out.filter((l) => l.startsWith("  PASSED"))).toHaveLength(3);
    const dir = tmpdir();
    const file = path.join(dir, "main.tf.json");
    fs.writeFileSync(
      file,
      JSON.stringify({ resource: { azurerm_resource_group: { rg: { name: "rg", location: "westeurope" } } } }),
    );
    expect(cli(["check", file]).code).toBe(0);
    expect(cli(["check", "--strict", file]).code).toBe(1);
  });

  test("--json prints the reports in the security-baseline.json format", () => {
    const { code, out } = cli(["check", "--json", INSECURE, CLEAN]);
    expect(code).toBe(1);
    const reports = JSON.parse(out.join("\n"));
    expect(reports.map((r: { stack: string; passed: boolean }) => [r.stack, r.passed])).toEqual([
      [INSECURE, false],
      [CLEAN, true],
    ]);
    expect(reports[0].findings[1]).toMatchObject({
      ruleId: "TEST-LOC",
      outcome: "failed",
      attribute: "location",
      value: "northeurope",
    });
  });

  test("a directory of *.tf.json files is checked as one module", () => {
    const dir = tmpdir();
    fs.writeFileSync(
      path.join(dir, "a.tf.json"),
      JSON.stringify({ resource: { azurerm_resource_group: { a: { location: "westeurope", tags: { owner: "x" } } } } }),
    );
    fs.writeFileSync(
      path.join(dir, "b.tf.json"),
      JSON.stringify({ resource: { azurerm_resource_group: { b: { location: "eastus", tags: { owner: "x" } } } } }),
    );
    fs.writeFileSync(path.join(dir, "notes.json"), "not terraform");
    const { code, out } = cli(["check", dir]);
    expect(code).toBe(1);
    expect(out[0]).toBe(`${dir}: FAILED`);
    expect(out.at(-1)).toBe(
      "  2 resources, 6 checks: 5 passed, 1 failed (1 error, 0 warnings), 0 unknown, 0 suppressed.",
    );
    fs.writeFileSync(
      path.join(dir, "c.tf.json"),
      JSON.stringify({ resource: { azurerm_resource_group: { b: { location: "westeurope" } } } }),
    );
    expect(cli(["check", dir]).err).toEqual([
      `cdktf-secure-aks: ${path.join(dir, "c.tf.json")}: resource azurerm_resource_group.b is declared twice in the module.`,
    ]);
  });

  test("a cdktf.out folder is checked stack by stack, honoring the suppressions synth recorded", () => {
    const outdir = tmpdir();
    const app = new App({ outdir });
    const accepted = newStack(app, "accepted");
    SecurityBaseline.apply(accepted, { rules: [LOCATION_RULE] });
    SecurityBaseline.suppress(group(accepted, "Group", "eastus"), "TEST-LOC", REASON);
    const clean = newStack(app, "clean");
    SecurityBaseline.apply(clean, { rules: [LOCATION_RULE] });
    group(clean, "Group");
    app.synth();

    const withSuppressions = cli(["check", outdir], [LOCATION_RULE]);
    expect(withSuppressions.code).toBe(0);
    const acceptedFile = path.join(outdir, "stacks", "accepted", "cdk.tf.json");
    expect(withSuppressions.out).toEqual([
      `${acceptedFile}: PASSED`,
      "  using 1 suppression(s) embedded by synth from the construct tree",
      expect.stringMatching(
        /^ {2}SUPPRESSED TEST-LOC "Resource groups in West Europe" \[error\] failed \(suppressed: Sandbox subscription.*\) on azurerm_resource_group\.Group .*\(construct accepted\/Group\): location = "eastus"/,
      ),
      "  1 resource, 1 check: 0 passed, 0 failed (0 errors, 0 warnings), 0 unknown, 1 suppressed.",
      `${path.join(outdir, "stacks", "clean", "cdk.tf.json")}: PASSED`,
      "  1 resource, 1 check: 1 passed, 0 failed (0 errors, 0 warnings), 0 unknown, 0 suppressed.",
      "PASSED: 2 Terraform documents checked.",
    ]);

    const without = cli(["check", "--no-suppressions", outdir], [LOCATION_RULE]);
    expect(without.code).toBe(1);
    expect(without.out[1]).toMatch(/^ {2}ERROR {6}TEST-LOC .*construct accepted\/Group/);
  });

  test("an embedded or --suppressions suppression goes through the same reason check as SecurityBaseline.suppress", () => {
    const dir = tmpdir();
    const plan = path.join(dir, "cdk.tf.json");
    const suppression = (reason: string) => [{ constructPath: "app/rg", ruleId: "TEST-LOC", reason }];
    const writePlan = (reason: string) =>
      fs.writeFileSync(
        plan,
        JSON.stringify({
          "//": {
            metadata: {
              securityBaseline: {
                generator: "cdktf-secure-aks",
                rules: ["TEST-LOC"],
                suppressions: suppression(reason),
              },
            },
          },
          resource: {
            azurerm_resource_group: { rg: { name: "rg", location: "eastus", "//": { metadata: { path: "app/rg" } } } },
          },
        }),
      );
    writePlan("xxxxx xxxxx xxxxx xxxxx");
    const refused = cli(["check", plan], [LOCATION_RULE]);
    expect(refused.code).toBe(2);
    expect(refused.err).toEqual([
      `cdktf-secure-aks: ${plan} ("//".metadata.securityBaseline): suppressions[0] (TEST-LOC on app/rg) has a reason a reviewer cannot judge: it has 0 distinct real word(s); a reason needs at least 4 (letters, with a vowel). Give a real sentence, or run with --no-suppressions.`,
    ]);
    expect(cli(["check", "--no-suppressions", plan], [LOCATION_RULE]).code).toBe(1);
    writePlan(`  ${REASON}  `);
    expect(cli(["check", plan], [LOCATION_RULE]).code).toBe(0);

    // The same suppression given by an explicit file.
    fs.writeFileSync(
      plan,
      JSON.stringify({
        resource: {
          azurerm_resource_group: { rg: { name: "rg", location: "eastus", "//": { metadata: { path: "app/rg" } } } },
        },
      }),
    );
    const file = path.join(dir, "accepted.json");
    fs.writeFileSync(file, JSON.stringify({ suppressions: suppression("xxxxx xxxxx xxxxx xxxxx") }));
    expect(cli(["check", "--suppressions", file, plan], [LOCATION_RULE])).toMatchObject({
      code: 2,
      err: [
        expect.stringContaining(`${file}: suppressions[0] (TEST-LOC on app/rg) has a reason a reviewer cannot judge`),
      ],
    });
    fs.writeFileSync(file, JSON.stringify({ suppressions: suppression(REASON) }));
    const accepted = cli(["check", "--suppressions", file, plan], [LOCATION_RULE]);
    expect(accepted.code).toBe(0);
    expect(accepted.out[1]).toBe(`  using 1 suppression(s) from ${file}`);
    expect(cli(["check", "--suppressions", file, "--no-suppressions", plan], [LOCATION_RULE]).code).toBe(1);
    expect(cli(["check", plan, "--suppressions"], [LOCATION_RULE])).toMatchObject({
      code: 2,
      err: ['cdktf-secure-aks: --suppressions needs a file: "--suppressions suppressions.json".'],
    });
  });

  test("usage and input errors exit 2 with a message", () => {
    expect(cli(["--help"])).toMatchObject({
      code: 0,
      out: expect.arrayContaining([expect.stringContaining("Usage: cdktf-secure-aks check")]),
    });
    expect(cli([]).code).toBe(2);
    expect(cli(["lint", CLEAN])).toMatchObject({
      code: 2,
      err: ['cdktf-secure-aks: unknown command "lint"; run "cdktf-secure-aks --help".'],
    });
    expect(cli(["check"])).toMatchObject({
      code: 2,
      err: ["cdktf-secure-aks: check needs a cdk.tf.json file or a directory (e.g. cdktf.out)."],
    });
    expect(cli(["check", "--fast", CLEAN])).toMatchObject({
      code: 2,
      err: ['cdktf-secure-aks: unknown option "--fast"; run "cdktf-secure-aks --help".'],
    });
    expect(cli(["check", path.join(FIXTURES, "missing.tf.json")]).err[0]).toMatch(
      /missing\.tf\.json: no such file or directory\.$/,
    );
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, "broken.tf.json"), "{ nope");
    expect(cli(["check", path.join(dir, "broken.tf.json")]).err[0]).toMatch(/broken\.tf\.json: not valid JSON/);
    fs.writeFileSync(path.join(dir, "list.tf.json"), "[]");
    expect(cli(["check", path.join(dir, "list.tf.json")]).err[0]).toMatch(
      /list\.tf\.json: not a Terraform JSON document/,
    );
    expect(cli(["check", tmpdir()]).err[0]).toMatch(/no cdk\.tf\.json or \*\.tf\.json file found\.$/);
    expect(cli(["check", CLEAN], [])).toMatchObject({
      code: 2,
      err: [expect.stringContaining("no baseline rules are loaded")],
    });
  });
});
