import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { runCli } from "../../lib/baseline/cli";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { group, LOCATION_RULE, newStack, OWNER_TAG_RULE, REASON } from "./helpers";

// The SARIF 2.1.0 (rtm.5) JSON schema as shipped by Microsoft's @microsoft/jest-sarif (MIT), checked
// with the ajv 6 that package depends on. Its matcher entry point is not used: it requires tslib,
// which it does not declare.
const JEST_SARIF = path.dirname(require.resolve("@microsoft/jest-sarif/package.json"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Ajv = require(require.resolve("ajv", { paths: [JEST_SARIF] })) as new (options: object) => {
  addMetaSchema(schema: object): void;
  validate(schema: object, data: unknown): boolean;
  errorsText(): string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SARIF_2_1_0_SCHEMA = require(path.join(JEST_SARIF, "lib", "schemas", "sarif-2.1.0-rtm.5.json")) as object;

/** Schema violations of a SARIF log, "" when it is valid. */
function sarifErrors(log: unknown): string {
  const ajv = new Ajv({ schemaId: "auto", allErrors: true });
  ajv.addMetaSchema(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(require.resolve("ajv/lib/refs/json-schema-draft-04.json", { paths: [JEST_SARIF] })) as object,
  );
  return ajv.validate(SARIF_2_1_0_SCHEMA, log) ? "" : ajv.errorsText();
}

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        rules: {
          id: string;
          shortDescription: { text: string };
          help: { text: string };
          defaultConfiguration: { level: string };
        }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
        logicalLocations: { fullyQualifiedName: string }[];
      }[];
      partialFingerprints: Record<string, string>;
      suppressions?: { kind: string; justification: string }[];
    }[];
  }[];
}

/** An app with a failing, a warned and a suppressed resource group, synthesized with validation skipped. */
function synthesized(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-sarif-"));
  const app = new App({ outdir, skipValidation: true });
  const stack = newStack(app, "platform");
  SecurityBaseline.apply(stack, { rules: [LOCATION_RULE, OWNER_TAG_RULE] });
  group(stack, "Failing", "northeurope");
  group(stack, "Untagged", "westeurope", "");
  SecurityBaseline.suppress(group(stack, "Accepted", "eastus"), "TEST-LOC", REASON);
  const spy = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    app.synth();
  } finally {
    spy.mockRestore();
  }
  return outdir;
}

function sarif(outdir: string): { code: number; log: SarifLog } {
  const out: string[] = [];
  const code = runCli(
    ["check", "--format", "sarif", outdir],
    { out: (l) => out.push(l), err: (l) => out.push(l) },
    { rules: [LOCATION_RULE, OWNER_TAG_RULE] },
  );
  return { code, log: JSON.parse(out.join("\n")) as SarifLog };
}

describe("cdktf-secure-aks check --format sarif", () => {
  const outdir = synthesized();
  const { code, log } = sarif(outdir);
  const [run] = log.runs;

  test("is a valid SARIF 2.1.0 log and keeps the exit code", () => {
    expect(sarifErrors(log)).toBe("");
    // The validator does catch a broken log.
    expect(sarifErrors({ ...log, version: "2.0.0" })).toMatch(/version/);
    expect(log.version).toBe("2.1.0");
    expect(code).toBe(1);
  });

  test("lists every rule with its title, level and the fix as help", () => {
    expect(run.tool.driver.name).toBe("cdktf-secure-aks");
    expect(run.tool.driver.rules.map((r) => [r.id, r.shortDescription.text, r.defaultConfiguration.level])).toEqual([
      ["TEST-LOC", "Resource groups in West Europe", "error"],
      ["TEST-TAG", "Owner tag", "warning"],
    ]);
    expect(run.tool.driver.rules[0].help.text).toBe('Fix: set location = "westeurope"');
  });

  test("has one result per failed or suppressed finding, located at the resource's line in cdk.tf.json", () => {
    const plan = path.join(outdir, "stacks", "platform", "cdk.tf.json");
    const lines = fs.readFileSync(plan, "utf8").split("\n");
    const summary = run.results.map((r) => [
      r.ruleId,
      r.level,
      r.locations[0].logicalLocations[0].fullyQualifiedName,
      r.suppressions?.[0]?.justification,
    ]);
    expect(summary).toEqual([
      ["TEST-LOC", "error", "azurerm_resource_group.Accepted", REASON],
      ["TEST-LOC", "error", "azurerm_resource_group.Failing", undefined],
      ["TEST-TAG", "warning", "azurerm_resource_group.Untagged", undefined],
    ]);
    for (const result of run.results) {
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation.uri).toBe(path.relative(process.cwd(), plan).split(path.sep).join("/"));
      const name = result.locations[0].logicalLocations[0].fullyQualifiedName.split(".")[1];
      expect(lines[location.region.startLine - 1].trim()).toBe(`"${name}": {`);
      expect(result.partialFingerprints["cdktfSecureAksFinding/v1"]).toBe(
        `${result.ruleId}@${result.locations[0].logicalLocations[0].fullyQualifiedName}`,
      );
    }
    expect(run.results[1].message.text).toMatch(
      /^TEST-LOC Resource groups in West Europe fails on platform\/Failing\. location = "northeurope"\. .*Fix: set location = "westeurope"$/,
    );
  });

  test("an unknown value is a note, not an error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-sarif-"));
    const file = path.join(dir, "main.tf.json");
    fs.writeFileSync(
      file,
      JSON.stringify(
        { resource: { azurerm_resource_group: { rg: { location: "${var.location}", tags: { owner: "x" } } } } },
        null,
        2,
      ),
    );
    const out: string[] = [];
    expect(
      runCli(
        ["check", "--format", "sarif", file],
        { out: (l) => out.push(l), err: (l) => out.push(l) },
        { rules: [LOCATION_RULE] },
      ),
    ).toBe(0);
    const parsed = JSON.parse(out.join("\n")) as SarifLog;
    expect(sarifErrors(parsed)).toBe("");
    expect(
      parsed.runs[0].results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.region.startLine]),
    ).toEqual([["TEST-LOC", "note", 4]]);
  });

  test("--format junit: one suite per plan, a failure per error, skipped for suppressed, warnings fail only with --strict", () => {
    const run = (extra: string[]) => {
      const out: string[] = [];
      const exit = runCli(
        ["check", "--format", "junit", ...extra, outdir],
        { out: (l) => out.push(l), err: (l) => out.push(l) },
        { rules: [LOCATION_RULE, OWNER_TAG_RULE] },
      );
      return { exit, text: out.join("\n") };
    };
    const { exit, text } = run([]);
    expect(exit).toBe(1);
    expect(text.split("\n")[0]).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(text).toMatch(
      /<testsuites name="cdktf-secure-aks security baseline" tests="6" failures="1" errors="0" skipped="1">/,
    );
    expect(text).toMatch(
      /<testsuite name="[^"]*stacks\/platform\/cdk\.tf\.json" tests="6" failures="1" errors="0" skipped="1">/,
    );
    expect(text).toMatch(
      /<testcase classname="TEST-LOC" name="TEST-LOC platform\/Failing">\n {6}<failure type="error" message="TEST-LOC &quot;Resource groups in West Europe&quot; \[error\] failed /,
    );
    expect(text).toMatch(
      /<testcase classname="TEST-LOC" name="TEST-LOC platform\/Accepted">\n {6}<skipped message="[^"]*suppressed: Sandbox subscription/,
    );
    expect(text).toMatch(/<testcase classname="TEST-TAG" name="TEST-TAG platform\/Untagged">\n {6}<system-out>/);
    expect(text.match(/<testcase /g)).toHaveLength(6);
    expect(text.match(/<\/testcase>/g)).toHaveLength(6);
    expect(run(["--strict"]).text).toMatch(/failures="2"/);
  });

  test("--format refuses anything else", () => {
    const err: string[] = [];
    expect(runCli(["check", "--format", "xml", outdir], { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(err).toEqual(['cdktf-secure-aks: --format needs text, json, sarif or junit, got "xml".']);
  });
});
