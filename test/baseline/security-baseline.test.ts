import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { onStackSynthesis } from "../../lib/baseline/cdktf-adapter";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { REPORT_JSON_FILE, REPORT_MARKDOWN_FILE } from "../../lib/baseline/report";
import { group, LOCATION_RULE, newStack, OWNER_TAG_RULE, REASON, synthError, TEST_RULES } from "./helpers";

function annotations(construct: IConstruct, type: "@cdktf/warn" | "@cdktf/info"): string[] {
  return construct.node.metadata.filter((m) => m.type === type).map((m) => String(m.data));
}

function tmpApp(extra: Partial<ConstructorParameters<typeof App>[0]> = {}): { app: App; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-"));
  return { app: new App({ outdir, ...extra }), outdir };
}

describe("SecurityBaseline.apply", () => {
  test("is idempotent: one baseline construct and one validation per stack", () => {
    const stack = newStack();
    const first = SecurityBaseline.apply(stack, { rules: TEST_RULES });
    const team = new Construct(stack, "Team");
    expect(SecurityBaseline.apply(team)).toBe(first);
    expect(SecurityBaseline.of(team)).toBe(first);
    expect(stack.node.children.filter((c) => c instanceof SecurityBaseline)).toHaveLength(1);
    group(team, "Group", "northeurope");
    expect(synthError(stack).match(/TEST-LOC "Resource groups in West Europe"/g)).toHaveLength(1);
  });

  test("later explicit options win; calls without options keep them", () => {
    const stack = newStack();
    SecurityBaseline.apply(stack, { rules: [OWNER_TAG_RULE] });
    SecurityBaseline.apply(stack);
    expect(SecurityBaseline.of(stack)?.rules).toEqual([OWNER_TAG_RULE]);
    SecurityBaseline.apply(stack, { rules: TEST_RULES });
    expect(SecurityBaseline.of(stack)?.rules).toEqual(TEST_RULES);
  });

  test("a stack without a baseline is not checked", () => {
    const stack = newStack();
    group(stack, "Group", "northeurope");
    expect(SecurityBaseline.of(stack)).toBeUndefined();
    expect(synthError(stack)).toBe("");
  });
});

describe("the check at synth", () => {
  test("an error finding stops Testing.synth(stack, true) naming path, rule, attribute, value and fix", () => {
    const stack = newStack();
    SecurityBaseline.apply(stack, { rules: TEST_RULES });
    group(new Construct(stack, "Team"), "Group", "northeurope");
    const message = synthError(stack);
    expect(message).toContain("[test/SecurityBaseline]");
    expect(message).toContain(
      'TEST-LOC "Resource groups in West Europe" [error] failed on azurerm_resource_group.Team_Group_', // logical id carries a hash suffix
    );
    expect(message).toMatch(
      /\(construct test\/Team\/Group\): location = "northeurope"\. Data must stay in West Europe\. Fix: set location = "westeurope"/,
    );
    expect(message).toContain("1 security baseline error(s): nothing was written");
    expect(message).toContain("SecurityBaseline.suppress(construct, ruleId, reason)");
  });

  test("Testing.synth without validations skips the check (cdktf semantics)", () => {
    const stack = newStack();
    SecurityBaseline.apply(stack, { rules: TEST_RULES });
    group(stack, "Group", "northeurope");
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  test("app.synth stops before cdk.tf.json is written", () => {
    const { app, outdir } = tmpApp();
    const stack = newStack(app, "insecure");
    SecurityBaseline.apply(stack, { rules: TEST_RULES });
    group(stack, "Group", "northeurope");
    expect(() => app.synth()).toThrow(/TEST-LOC/);
    expect(fs.existsSync(path.join(outdir, "stacks", "insecure", "cdk.tf.json"))).toBe(false);
  });

  test("a crashing rule stops synth and names the rule", () => {
    const stack = newStack();
    SecurityBaseline.apply(stack, { rules: TEST_RULES });
    group(stack, "Group", "westeurope", "platform", "boom");
    expect(synthError(stack)).toMatch(
      /TEST-BOOM "Crashes on boom" \[error\] failed .*Baseline rule TEST-BOOM threw TypeError: cannot read properties of undefined.*bug in the rule/,
    );
  });

  test("quiet by default: warnings and unknowns do not stop synth and are not annotated; app.synth adds one summary line", () => {
    const { app } = tmpApp();
    const stack = newStack(app, "test");
    const baseline = SecurityBaseline.apply(stack, { rules: TEST_RULES, verbose: false });
    const untagged = group(stack, "Untagged", "westeurope", "");
    const variable = group(stack, "Variable", "${var.location}");
    expect(synthError(stack)).toBe("");
    expect(annotations(untagged, "@cdktf/warn")).toEqual([]);
    expect(annotations(variable, "@cdktf/info")).toEqual([]);
    expect(baseline.lastResult?.summary).toMatchObject({ warnings: 1, unknown: 1, errors: 0 });
    app.synth();
    const all = stack.node
      .findAll()
      .flatMap((c) => [...annotations(c, "@cdktf/warn"), ...annotations(c, "@cdktf/info")]);
    expect(all).toEqual([
      expect.stringMatching(
        /^Security baseline test: 0 errors, 1 warning, 0 suppressed findings, 1 unknown until apply; report .*stacks\/test\/security-baseline\.md \(details there, or set CDKTF_SECURE_AKS_VERBOSE=1\)\.$/,
      ),
    ]);
  });

  test("verbose (option or CDKTF_SECURE_AKS_VERBOSE=1): one line per warning or unknown, with a stable id, and an unknown is not called an error", () => {
    const build = (): { stack: TerraformStack; untagged: IConstruct; variable: IConstruct } => {
      const stack = newStack();
      SecurityBaseline.apply(stack, { rules: TEST_RULES });
      return {
        stack,
        untagged: group(stack, "Untagged", "westeurope", ""),
        variable: group(stack, "Variable", "${var.location}"),
      };
    };
    const previous = process.env.CDKTF_SECURE_AKS_VERBOSE;
    process.env.CDKTF_SECURE_AKS_VERBOSE = "1";
    try {
      const { stack, untagged, variable } = build();
      expect(synthError(stack)).toBe("");
      expect(annotations(untagged, "@cdktf/warn")).toEqual([
        expect.stringMatching(
          /^\[TEST-TAG@azurerm_resource_group\.Untagged\] warning at test\/Untagged: TEST-TAG Owner tag\. tags\.owner = not set\. Nobody owns this group\. Fix: add tags\.owner$/,
        ),
      ]);
      const [unknown] = annotations(variable, "@cdktf/info");
      expect(unknown).toMatch(
        /^\[TEST-LOC@azurerm_resource_group\.Variable\] unknown until apply at test\/Variable: TEST-LOC .*location = "\$\{var\.location\}"/,
      );
      expect(unknown).not.toMatch(/error/);
      // A second synth does not repeat the annotations.
      Testing.synth(stack, true);
      expect(annotations(untagged, "@cdktf/warn")).toHaveLength(1);
    } finally {
      if (previous === undefined) delete process.env.CDKTF_SECURE_AKS_VERBOSE;
      else process.env.CDKTF_SECURE_AKS_VERBOSE = previous;
    }
    const quiet = build();
    SecurityBaseline.apply(quiet.stack, { verbose: true });
    expect(synthError(quiet.stack)).toBe("");
    expect(annotations(quiet.untagged, "@cdktf/warn")).toHaveLength(1);
  });

  test("the written JSON equals an unchecked synth of the same program, with one resolution per synth", () => {
    const build = (withBaseline: boolean): { stack: TerraformStack; calls: () => number } => {
      const stack = newStack();
      if (withBaseline) SecurityBaseline.apply(stack, { rules: TEST_RULES });
      group(stack, "A");
      group(new Construct(stack, "Team"), "B");
      // Count resolutions of one resource: toTerraform resolves every element once.
      let calls = 0;
      const resource = stack.node.findAll().find((c) => c.node.id === "A") as unknown as { toTerraform: () => unknown };
      const original = resource.toTerraform.bind(resource);
      resource.toTerraform = () => {
        calls += 1;
        return original();
      };
      return { stack, calls: () => calls };
    };
    const plain = build(false);
    const checked = build(true);
    const plainOut = Testing.synth(plain.stack, true);
    const checkedOut = Testing.synth(checked.stack, true);
    expect(checkedOut).toBe(plainOut);
    expect(checked.calls()).toBe(plain.calls());
  });

  test("a failed validation elsewhere drops the cached JSON, so a fixed tree resolves afresh", () => {
    const stack = newStack();
    SecurityBaseline.apply(stack, { rules: TEST_RULES });
    const rg = group(stack, "Group");
    let broken = true;
    new Construct(stack, "Other").node.addValidation({ validate: () => (broken ? ["other construct is broken"] : []) });
    expect(synthError(stack)).toContain("other construct is broken");
    rg.location = "swedencentral";
    broken = false;
    expect(synthError(stack)).toMatch(/location = "swedencentral"/);
    rg.location = "westeurope";
    const written = JSON.parse(Testing.synth(stack, true));
    expect(Object.values(written.resource.azurerm_resource_group)).toEqual([
      expect.objectContaining({ location: "westeurope" }),
    ]);
    // Without validation nothing is cached: a plain toTerraform sees the latest value.
    rg.location = "norwayeast";
    expect(JSON.stringify(stack.toTerraform())).toContain("norwayeast");
  });

  test("a construct added after the check (by a later validation) is resolved and checked again, never written stale or unchecked", () => {
    const build = (location: string) => {
      const stack = newStack();
      SecurityBaseline.apply(stack, { rules: TEST_RULES });
      group(stack, "A");
      let added = false;
      // Validations run after the baseline's (it was created first) and, against the contract, add a resource.
      new Construct(stack, "Late").node.addValidation({
        validate: () => {
          if (!added) group(stack, "LateGroup", location);
          added = true;
          return [];
        },
      });
      return stack;
    };
    const written = JSON.parse(Testing.synth(build("westeurope"), true));
    expect(Object.keys(written.resource.azurerm_resource_group).sort()).toEqual(["A", "LateGroup"]);
    expect(() => Testing.synth(build("eastus"), true)).toThrow(
      /changed after the security baseline check:\n {2}TEST-LOC .* on azurerm_resource_group\.LateGroup .*location = "eastus"/,
    );
  });

  test("with another custom synthesis step in the stack, the write resolves afresh", () => {
    const { app, outdir } = tmpApp();
    const stack = newStack(app, "test");
    SecurityBaseline.apply(stack, { rules: TEST_RULES });
    const rg = group(stack, "A");
    onStackSynthesis(new Construct(stack, "Tweaks"), () => rg.addOverride("tags.touched", "yes"));
    let calls = 0;
    const resource = rg as unknown as { toTerraform: () => unknown };
    const resolveOne = resource.toTerraform.bind(resource);
    resource.toTerraform = () => {
      calls += 1;
      return resolveOne();
    };
    app.synth();
    // cdktf's prepareStack, the validation, then the write afresh (without the hook: 2, the write reuses the JSON).
    expect(calls).toBe(3);
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "test", "cdk.tf.json"), "utf8"));
    expect(Object.values(tf.resource.azurerm_resource_group)).toEqual([
      expect.objectContaining({ tags: { owner: "platform", touched: "yes" } }),
    ]);
  });

  test("reuseResolvedJson: false resolves again for the write", () => {
    const stack = newStack();
    SecurityBaseline.apply(stack, { rules: TEST_RULES, reuseResolvedJson: false });
    group(stack, "A");
    let calls = 0;
    const original = stack.toTerraform.bind(stack);
    const resource = stack.node.findAll().find((c) => c.node.id === "A") as unknown as { toTerraform: () => unknown };
    const resolveOne = resource.toTerraform.bind(resource);
    resource.toTerraform = () => {
      calls += 1;
      return resolveOne();
    };
    Testing.synth(stack, true);
    expect(calls).toBe(2);
    expect(original).toBeDefined();
  });

  test("app.synth writes the JSON and Markdown reports next to cdk.tf.json", () => {
    const { app, outdir } = tmpApp();
    const stack = newStack(app, "clean");
    SecurityBaseline.apply(stack, { rules: TEST_RULES });
    group(stack, "Group");
    app.synth();
    const dir = path.join(outdir, "stacks", "clean");
    expect(fs.readdirSync(dir).sort()).toEqual(["cdk.tf.json", REPORT_JSON_FILE, REPORT_MARKDOWN_FILE]);
    const report = JSON.parse(fs.readFileSync(path.join(dir, REPORT_JSON_FILE), "utf8"));
    expect(report).toMatchObject({ stack: "clean", passed: true, summary: { checks: 3, passed: 3 } });
    expect(fs.readFileSync(path.join(dir, REPORT_MARKDOWN_FILE), "utf8")).toContain("# Security baseline: clean");
    const tf = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
    expect(Object.values(tf.resource.azurerm_resource_group)).toEqual([
      expect.objectContaining({ name: "rg-group", location: "westeurope" }),
    ]);
  });

  test("report: false writes no report", () => {
    const { app, outdir } = tmpApp();
    const stack = newStack(app, "quiet");
    SecurityBaseline.apply(stack, { rules: TEST_RULES, report: false });
    group(stack, "Group");
    app.synth();
    expect(fs.readdirSync(path.join(outdir, "stacks", "quiet"))).toEqual(["cdk.tf.json"]);
  });

  test("with validation skipped, synth goes on and the report still records the failure", () => {
    const { app, outdir } = tmpApp({ skipValidation: true });
    const stack = newStack(app, "skipped");
    SecurityBaseline.apply(stack, { rules: TEST_RULES });
    group(stack, "Group", "northeurope");
    app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "skipped", REPORT_JSON_FILE), "utf8"));
    expect(report).toMatchObject({ passed: false, summary: { errors: 1 } });
  });

  test("SecurityBaseline.check runs the stack's rules and suppressions on demand", () => {
    const stack = newStack();
    SecurityBaseline.apply(stack, { rules: [LOCATION_RULE] });
    const rg = group(stack, "Group", "northeurope");
    SecurityBaseline.suppress(rg, "TEST-LOC", REASON);
    expect(SecurityBaseline.check(stack).summary).toMatchObject({ checks: 1, suppressed: 1, errors: 0 });
    expect(SecurityBaseline.check(stack, [OWNER_TAG_RULE]).findings.map((f) => f.ruleId)).toEqual(["TEST-TAG"]);
  });
});

describe("SecurityBaseline.suppress", () => {
  function setup(): { stack: TerraformStack; team: Construct; other: Construct } {
    const stack = newStack();
    SecurityBaseline.apply(stack, { rules: TEST_RULES });
    const team = new Construct(stack, "Team");
    const other = new Construct(stack, "Other");
    group(team, "Group", "northeurope");
    group(new Construct(team, "Nested"), "Deep", "northeurope");
    group(other, "Group", "northeurope");
    return { stack, team, other };
  }

  test("covers the construct and everything under it, not its siblings", () => {
    const { stack, team } = setup();
    SecurityBaseline.suppress(team, "TEST-LOC", REASON);
    const message = synthError(stack);
    expect(message).toContain("construct test/Other/Group");
    expect(message).not.toContain("construct test/Team/");
    const result = SecurityBaseline.of(stack)?.lastResult;
    expect(result?.findings.filter((f) => f.outcome === "suppressed").map((f) => f.constructPath)).toEqual([
      "test/Team/Group",
      "test/Team/Nested/Deep",
    ]);
  });

  test("on the stack (or the app) covers the whole stack", () => {
    const { stack } = setup();
    SecurityBaseline.suppress(stack.node.root, "TEST-LOC", REASON);
    expect(synthError(stack)).toBe("");
    expect(SecurityBaseline.of(stack)?.lastResult?.summary).toMatchObject({ suppressed: 3, errors: 0 });
  });

  test.each([
    ["empty", ""],
    ["short", "legacy"],
    ["three words", "we accept this risk"], // 19 characters
    ["too few words", "intentionally-accepted-for-now"],
    ["keyboard noise", "xxxxx xxxxx xxxxx xxxxx"],
    ["one repeated word", "accepted accepted accepted accepted"],
    ["vowel-less tokens", "qwrtz pslkd mnbvc zxcvb"],
    ["numbers", "1234 5678 9012 3456 7890"],
  ])("rejects a %s reason with path, value and fix", (_label, reason) => {
    const { team } = setup();
    expect(() => SecurityBaseline.suppress(team, "TEST-LOC", reason)).toThrow(
      new RegExp(
        `^\\[test/Team\\] SecurityBaseline\\.suppress\\(TEST-LOC\\)\\.reason = ${JSON.stringify(reason).replace(/[-]/g, "\\-")}: a suppression needs a reason a reviewer can judge .* Fix: say why`,
      ),
    );
  });

  test("rejects an unknown rule id, listing the known ones", () => {
    const { team } = setup();
    expect(() => SecurityBaseline.suppress(team, "AKS-NOPE-99", REASON)).toThrow(
      /\[test\/Team\] SecurityBaseline\.suppress\.ruleId = "AKS-NOPE-99": is not the id of a baseline rule\. Fix: .*TEST-BOOM, TEST-LOC, TEST-TAG/,
    );
  });

  test("rejects a catalog control that no rule can check, saying why", () => {
    const { team } = setup();
    expect(() => SecurityBaseline.suppress(team, "AKS-CLU-06", REASON)).toThrow(
      /AKS-CLU-06 cannot be set in azurerm 4\.55, so no rule checks it/,
    );
  });

  test("rejects a second, different reason for the same construct and rule; accepts a repeat", () => {
    const { team } = setup();
    SecurityBaseline.suppress(team, "TEST-LOC", REASON);
    expect(() => SecurityBaseline.suppress(team, "TEST-LOC", `  ${REASON} `)).not.toThrow();
    expect(() => SecurityBaseline.suppress(team, "TEST-LOC", "Another reason with enough words")).toThrow(
      /already suppressed here with the reason/,
    );
  });

  test("a suppression that matched nothing, or is not needed, is a warning and in the report", () => {
    const { stack, team, other } = setup();
    SecurityBaseline.suppress(team, "TEST-LOC", REASON);
    SecurityBaseline.suppress(other, "TEST-LOC", REASON);
    SecurityBaseline.suppress(team, "TEST-TAG", REASON); // every group is tagged
    const empty = new Construct(stack, "Empty");
    SecurityBaseline.suppress(empty, "TEST-LOC", REASON);
    expect(synthError(stack)).toBe("");
    expect(annotations(team, "@cdktf/warn")).toEqual([
      `[TEST-TAG@suppression:${team.node.path}] unused suppression at ${team.node.path}: TEST-TAG suppressed with "${REASON}" is not needed: every resource it covers passes TEST-TAG. Fix: remove it so it cannot hide a future failure.`,
    ]);
    expect(annotations(empty, "@cdktf/warn")).toEqual([
      `[TEST-LOC@suppression:${empty.node.path}] unused suppression at ${empty.node.path}: TEST-LOC suppressed with "${REASON}" matched no resource that rule TEST-LOC applies to. Fix: remove it so it cannot hide a future failure.`,
    ]);
    const uses = SecurityBaseline.of(stack)?.lastResult?.suppressions.map(
      (s) => `${s.constructPath} ${s.ruleId} ${s.status}`,
    );
    expect(uses).toEqual([
      "test/Empty TEST-LOC unmatched",
      "test/Other TEST-LOC used",
      "test/Team TEST-LOC used",
      "test/Team TEST-TAG not-needed",
    ]);
  });

  test("a suppression naming a rule the stack's baseline does not run stops synth", () => {
    const { stack, team } = setup();
    SecurityBaseline.suppress(team, "TEST-TAG", REASON);
    SecurityBaseline.apply(stack, { rules: [LOCATION_RULE] });
    SecurityBaseline.suppress(stack, "TEST-LOC", REASON);
    expect(synthError(stack)).toMatch(
      /SecurityBaseline\.suppress on test\/Team names rule TEST-TAG, which this stack's baseline does not run\. Fix: use one of TEST-LOC/,
    );
  });

  test("suppressions of one stack do not leak into another stack of the app", () => {
    const app = Testing.app();
    const a = newStack(app, "a");
    const b = newStack(app, "b");
    SecurityBaseline.apply(a, { rules: [LOCATION_RULE] });
    SecurityBaseline.apply(b, { rules: [LOCATION_RULE] });
    group(a, "Group", "northeurope");
    group(b, "Group", "northeurope");
    SecurityBaseline.suppress(a, "TEST-LOC", REASON);
    expect(synthError(a)).toBe("");
    expect(synthError(b)).toContain("construct b/Group");
  });
});
