import * as fs from "fs";
import * as path from "path";
import { BaselineResult, BaselineSuppression, checkDocument } from "./checker";
import { parseTerraformDocument } from "./document";
import { buildReport, describeFinding, summaryLine } from "./report";
import { EMBEDDED_METADATA_KEY } from "./baseline-record";
import { buildSarif, SarifInput } from "./sarif";
import { buildJunit, JunitInput } from "./junit";
import { Rule } from "./rule";
import { ALL_RULES } from "./rules/index";
import { normalizeReason, reasonProblem } from "./suppression-reason";

/** Where the CLI writes; tests pass collecting functions, bin/ passes the console. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliOptions {
  /** @default ALL_RULES */
  readonly rules?: readonly Rule[];
}

const CONSOLE_IO: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const USAGE = [
  "Usage: cdktf-secure-aks check [options] <cdk.tf.json | *.tf.json | directory>...",
  "",
  "Checks Terraform JSON against the AKS security baseline and exits 1 when a rule of severity",
  "error fails. A directory is searched for cdk.tf.json files (a cdktf.out folder: one report per",
  "stack); without any, its *.tf.json files are checked as one module. The controls, their",
  "severities and secure values: docs/controls.md in this package (node_modules/cdktf-secure-aks).",
  "",
  "Options:",
  "  --format <f>        text (default), json (the security-baseline.json format), sarif (SARIF 2.1.0,",
  "                      for GitHub code scanning: locations point at the resource in cdk.tf.json),",
  "                      junit (JUnit XML for CI test tabs; warnings fail only with --strict)",
  "  --json              same as --format json",
  "  --strict            also exit 1 on warnings, unknown values and unused suppressions",
  '  --suppressions <file>  also accept the suppressions of this JSON file ({"suppressions": [{constructPath, ruleId, reason}]})',
  "  --no-suppressions   ignore every suppression (the embedded ones and --suppressions)",
  "  --verbose           list passed checks too",
  "  -h, --help          show this help",
  "",
  "Suppressions come only from the construct tree (SecurityBaseline.suppress, embedded by synth",
  'in cdk.tf.json under "//".metadata.securityBaseline) or from --suppressions; the',
  "security-baseline.json report beside a plan is output for reviewers and is never read.",
  "",
  "Exit codes: 0 passed, 1 baseline failed, 2 usage or input error.",
];

class CliError extends Error {}

interface Unit {
  /** Display name: the file, or the stack directory. */
  readonly name: string;
  readonly files: readonly string[];
}

/**
 * `cdktf-secure-aks check ...`, callable in-process. Returns the exit code: 0 passed, 1 at least
 * one error finding (or, with --strict, a warning, unknown or unused suppression), 2 bad usage or
 * unreadable input.
 */
export function runCli(argv: readonly string[], io: CliIo = CONSOLE_IO, options: CliOptions = {}): number {
  try {
    return run(argv, io, options.rules ?? ALL_RULES);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`cdktf-secure-aks: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

function run(argv: readonly string[], io: CliIo, rules: readonly Rule[]): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    USAGE.forEach((line) => io.out(line));
    return command === undefined ? 2 : 0;
  }
  if (command !== "check") throw new CliError(`unknown command "${command}"; run "cdktf-secure-aks --help".`);

  const flags = {
    format: "text" as "text" | "json" | "sarif" | "junit",
    strict: false,
    suppressions: true,
    verbose: false,
    suppressionsFile: undefined as string | undefined,
  };
  const targets: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--json") flags.format = "json";
    else if (arg === "--format") {
      const format = rest[++i];
      if (format !== "text" && format !== "json" && format !== "sarif" && format !== "junit")
        throw new CliError(
          `--format needs text, json, sarif or junit, got ${format === undefined ? "nothing" : `"${format}"`}.`,
        );
      flags.format = format;
    } else if (arg === "--suppressions") {
      const file = rest[++i];
      if (file === undefined || file.startsWith("-"))
        throw new CliError('--suppressions needs a file: "--suppressions suppressions.json".');
      flags.suppressionsFile = file;
    } else if (arg === "--strict") flags.strict = true;
    else if (arg === "--no-suppressions") flags.suppressions = false;
    else if (arg === "--verbose") flags.verbose = true;
    else if (arg === "-h" || arg === "--help") {
      USAGE.forEach((line) => io.out(line));
      return 0;
    } else if (arg.startsWith("-")) throw new CliError(`unknown option "${arg}"; run "cdktf-secure-aks --help".`);
    else targets.push(arg);
  }
  if (targets.length === 0) throw new CliError("check needs a cdk.tf.json file or a directory (e.g. cdktf.out).");
  // An empty rule set would report PASSED for anything: refuse rather than pass silently.
  if (rules.length === 0)
    throw new CliError(
      "no baseline rules are loaded, so nothing can be checked; this build of cdktf-secure-aks is broken.",
    );

  const units = targets.flatMap(findUnits);
  const explicit = flags.suppressions && flags.suppressionsFile ? loadSuppressionsFile(flags.suppressionsFile) : [];
  let failed = false;
  const reports = [];
  const sarifInputs: SarifInput[] = [];
  const junitInputs: JunitInput[] = [];
  for (const unit of units) {
    const json = loadModule(unit.files);
    const document = parseTerraformDocument(json);
    const embedded = flags.suppressions ? unit.files.flatMap((file) => embeddedSuppressions(file, readJson(file))) : [];
    const suppressions = [...embedded, ...explicit];
    const result = checkDocument(document, { rules, suppressions });
    const unitFailed =
      result.summary.errors > 0 ||
      (flags.strict &&
        (result.summary.warnings > 0 || result.summary.unknown > 0 || result.summary.unusedSuppressions > 0));
    failed = failed || unitFailed;
    if (flags.format === "json") reports.push(buildReport(unit.name, result, rules, document));
    else if (flags.format === "junit") junitInputs.push({ name: unit.name, result });
    else if (flags.format === "sarif")
      sarifInputs.push({
        files: unit.files.map((file) => ({ uri: toUri(file), text: fs.readFileSync(file, "utf8") })),
        result,
      });
    else
      printResult(
        io,
        unit,
        result,
        { embedded: embedded.length, explicit: explicit.length, file: flags.suppressionsFile },
        unitFailed,
        flags.verbose,
      );
  }
  if (flags.format === "json") io.out(JSON.stringify(reports, null, 2));
  else if (flags.format === "sarif") io.out(JSON.stringify(buildSarif(sarifInputs, rules, packageVersion()), null, 2));
  else if (flags.format === "junit") io.out(buildJunit(junitInputs, flags.strict).trimEnd());
  else if (units.length > 1) io.out(`${failed ? "FAILED" : "PASSED"}: ${units.length} Terraform documents checked.`);
  return failed ? 1 : 0;
}

/** A path as a SARIF artifact URI: relative to the working directory (the repository root in CI), "/" separated. */
function toUri(file: string): string {
  return path.relative(process.cwd(), path.resolve(file)).split(path.sep).join("/");
}

/** This package's version, for the SARIF tool driver. */
function packageVersion(): string {
  try {
    // lib/baseline/cli.ts and dist/baseline/cli.js both sit two levels below package.json.
    return (
      JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }
    ).version;
  } catch {
    return "0.0.0";
  }
}

function printResult(
  io: CliIo,
  unit: Unit,
  result: BaselineResult,
  used: { embedded: number; explicit: number; file?: string },
  failed: boolean,
  verbose: boolean,
): void {
  io.out(`${unit.name}: ${failed ? "FAILED" : "PASSED"}`);
  if (used.embedded > 0) io.out(`  using ${used.embedded} suppression(s) embedded by synth from the construct tree`);
  if (used.explicit > 0) io.out(`  using ${used.explicit} suppression(s) from ${used.file}`);
  const groups: [string, (f: BaselineResult["findings"][number]) => boolean][] = [
    ["ERROR     ", (f) => f.outcome === "failed" && f.severity === "error"],
    ["WARNING   ", (f) => f.outcome === "failed" && f.severity === "warning"],
    ["UNKNOWN   ", (f) => f.outcome === "unknown"],
    ["SUPPRESSED", (f) => f.outcome === "suppressed"],
    ["PASSED    ", (f) => verbose && f.outcome === "passed"],
  ];
  for (const [prefix, predicate] of groups) {
    for (const f of result.findings.filter(predicate)) io.out(`  ${prefix} ${describeFinding(f)}`);
  }
  for (const s of result.suppressions.filter((s) => s.status !== "used")) {
    io.out(`  UNUSED     suppression of ${s.ruleId} on ${s.constructPath || "(app)"} (${s.status}): ${s.reason}`);
  }
  io.out(`  ${summaryLine(result.summary)}`);
}

function findUnits(target: string): Unit[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new CliError(`${target}: no such file or directory.`);
  }
  if (stat.isFile()) return [unitForFile(target)];
  const stacks = findFiles(target, "cdk.tf.json");
  if (stacks.length > 0) return stacks.map(unitForFile);
  const module = fs
    .readdirSync(target)
    .filter((name) => name.endsWith(".tf.json"))
    .sort()
    .map((name) => path.join(target, name));
  if (module.length === 0) throw new CliError(`${target}: no cdk.tf.json or *.tf.json file found.`);
  return [{ name: target, files: module }];
}

function unitForFile(file: string): Unit {
  return { name: file, files: [file] };
}

/** Files named `name` below `dir`, sorted, skipping provider caches. */
function findFiles(dir: string, name: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const entry of fs
      .readdirSync(current, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== ".terraform") walk(full);
      } else if (entry.name === name) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found;
}

function readJson(file: string): Record<string, unknown> {
  const value = readJsonValue(file);
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new CliError(`${file}: not a Terraform JSON document (expected an object).`);
  return value as Record<string, unknown>;
}

/** A file's parsed JSON; unreadable or invalid JSON is an input error (exit 2). */
function readJsonValue(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`${file}: cannot read (${(error as Error).message}).`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not valid JSON (${(error as Error).message}).`);
  }
  return value;
}

/** The files of one Terraform module merged (Terraform reads every *.tf.json of a directory). */
function loadModule(files: readonly string[]): Record<string, unknown> {
  if (files.length === 1) return readJson(files[0]);
  const resource: Record<string, Record<string, unknown>> = {};
  for (const file of files) {
    const json = readJson(file);
    for (const [type, byName] of Object.entries((json.resource ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const [name, config] of Object.entries(byName ?? {})) {
        resource[type] = resource[type] ?? {};
        if (name in resource[type])
          throw new CliError(`${file}: resource ${type}.${name} is declared twice in the module.`);
        resource[type][name] = config;
      }
    }
  }
  return { resource };
}

/** The suppressions synth embedded under `"//".metadata.securityBaseline` (see baseline-record.ts). */
function embeddedSuppressions(file: string, json: Record<string, unknown>): BaselineSuppression[] {
  const metadata = (json["//"] as { metadata?: Record<string, unknown> } | undefined)?.metadata;
  const record = metadata?.[EMBEDDED_METADATA_KEY] as { suppressions?: unknown } | undefined;
  if (record === undefined) return [];
  return parseSuppressions(`${file} ("//".metadata.${EMBEDDED_METADATA_KEY})`, record.suppressions);
}

/** A suppressions file given by --suppressions: `{"suppressions": [...]}` or the list itself. */
function loadSuppressionsFile(file: string): BaselineSuppression[] {
  const value = readJsonValue(file);
  return parseSuppressions(
    file,
    Array.isArray(value) ? value : (value as { suppressions?: unknown } | null)?.suppressions,
  );
}

function parseSuppressions(source: string, list: unknown): BaselineSuppression[] {
  if (!Array.isArray(list))
    throw new CliError(`${source}: has no "suppressions" list of {constructPath, ruleId, reason}.`);
  return list.map((s, i) => {
    const { constructPath, ruleId, reason } = (s ?? {}) as Record<string, unknown>;
    if (typeof constructPath !== "string" || typeof ruleId !== "string" || typeof reason !== "string") {
      throw new CliError(`${source}: suppressions[${i}] needs string constructPath, ruleId and reason.`);
    }
    // A hand-edited file must not smuggle in a suppression synth would have refused.
    const problem = reasonProblem(reason);
    if (problem)
      throw new CliError(
        `${source}: suppressions[${i}] (${ruleId} on ${constructPath || "(app)"}) has a reason a reviewer cannot judge: ${problem}. Give a real sentence, or run with --no-suppressions.`,
      );
    return { constructPath, ruleId, reason: normalizeReason(reason) };
  });
}
