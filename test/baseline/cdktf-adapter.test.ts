import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Aspects, IAspect, TerraformStack, Testing } from "cdktf";
import { Construct, IConstruct } from "constructs";
import {
  hasSynthesisHook,
  interceptStackResolution,
  onStackSynthesis,
  runAspects,
} from "../../lib/baseline/cdktf-adapter";
import { group, newStack } from "./helpers";

// Pins the cdktf behaviour the baseline relies on beyond the documented API (lib/baseline/cdktf-adapter.ts).
// If a cdktf release changes any of it, this test fails before the baseline silently does.

const LIB = path.join(__dirname, "..", "..", "lib");

/** A stack whose synth steps are recorded in order. */
function recorded(app: App, id: string): { stack: TerraformStack; steps: string[] } {
  const stack = newStack(app, id);
  const steps: string[] = [];
  const visit: IAspect = { visit: (node: IConstruct) => void (node === stack && steps.push("aspects")) };
  Aspects.of(stack).add(visit);
  stack.node.addValidation({ validate: () => (steps.push("validate"), []) });
  onStackSynthesis(new Construct(stack, "Hook"), (session) => {
    steps.push(
      `hook ${path.relative(session.outdir, path.join(session.outdir, session.manifest.forStack(stack).workingDirectory))}`,
    );
  });
  interceptStackResolution(stack, {
    toTerraform: (resolve) => {
      steps.push("toTerraform");
      return resolve();
    },
    onValidationError: () => steps.push("validation error"),
  });
  group(stack, "Group");
  return { stack, steps };
}

function tmpApp(skipValidation = false): { app: App; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-adapter-"));
  return { app: new App({ outdir, skipValidation }), outdir };
}

describe("cdktf behaviour the baseline relies on", () => {
  test("app.synth: aspects, validations, synthesis hooks with the stack's working directory, then one toTerraform for the write", () => {
    const { app, outdir } = tmpApp();
    const { steps } = recorded(app, "ordered");
    app.synth();
    expect(steps).toEqual(["aspects", "validate", "hook stacks/ordered", "toTerraform"]);
    expect(fs.existsSync(path.join(outdir, "stacks", "ordered", "cdk.tf.json"))).toBe(true);
  });

  test("skipValidation: no validation, the synthesis hooks still run before the write", () => {
    const { app } = tmpApp(true);
    const { steps } = recorded(app, "skipped");
    app.synth();
    expect(steps).not.toContain("validate");
    expect(steps.slice(-2)).toEqual(["hook stacks/skipped", "toTerraform"]);
  });

  test("Testing.synth: validations only when asked, never the synthesis hooks, and the intercepted toTerraform", () => {
    const plain = recorded(Testing.app(), "plain");
    Testing.synth(plain.stack);
    expect(plain.steps).toEqual(["aspects", "toTerraform"]);
    const validated = recorded(Testing.app(), "validated");
    Testing.synth(validated.stack, true);
    expect(validated.steps).toEqual(["aspects", "validate", "toTerraform"]);
  });

  test("a failing validation reaches onValidationError before synth throws", () => {
    const { stack, steps } = recorded(Testing.app(), "failing");
    stack.node.addValidation({ validate: () => ["broken"] });
    expect(() => Testing.synth(stack, true)).toThrow(/broken/);
    expect(steps).toContain("validation error");
    expect(steps).not.toContain("toTerraform");
  });

  test("runAspects visits again on every call (aspects must be idempotent, as for cdktf's own repeated synths); hasSynthesisHook sees hooks registered by cdktf's key", () => {
    const stack = newStack();
    let visits = 0;
    Aspects.of(stack).add({ visit: (node: IConstruct) => void (node === stack && visits++) });
    runAspects(stack);
    runAspects(stack);
    expect(visits).toBe(2);
    const withHook = new Construct(stack, "WithHook");
    onStackSynthesis(withHook, () => undefined);
    expect(hasSynthesisHook(withHook)).toBe(true);
    expect(hasSynthesisHook(stack)).toBe(false);
  });

  test("no other file of the library imports cdktf internals", () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".ts") && /from "cdktf\/lib\//.test(fs.readFileSync(full, "utf8")))
          offenders.push(path.relative(LIB, full));
      }
    };
    walk(LIB);
    expect(offenders).toEqual([path.join("baseline", "cdktf-adapter.ts")]);
  });
});
