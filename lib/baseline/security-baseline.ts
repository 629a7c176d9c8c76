import * as path from "path";
import { AnnotationMetadataEntryType, ISynthesisSession, TerraformStack } from "cdktf";
import { hasSynthesisHook, interceptStackResolution, onStackSynthesis, runAspects } from "./cdktf-adapter";
import { Construct, IConstruct } from "constructs";
import { findControl } from "./catalog";
import { BaselineFinding, BaselineResult, BaselineSuppression, checkDocument, isUnderConstructPath } from "./checker";
import { parseTerraformDocument } from "./document";
import {
  buildReport,
  describeFinding,
  describeNotice,
  describeUnusedSuppression,
  REPORT_MARKDOWN_FILE,
  stackSummaryLine,
  writeReport,
} from "./report";
import { BaselineRecord } from "./baseline-record";
import { Rule, TerraformDocument } from "./rule";
import { ALL_RULES } from "./rules/index";
import { invalidProp } from "../util/validation";
import { MIN_REASON_CHARACTERS, MIN_REASON_WORDS, normalizeReason, reasonProblem } from "./suppression-reason";

export interface SecurityBaselineOptions {
  /**
   * The rules to run.
   * @default ALL_RULES (every control of docs/controls.md that can be checked on Terraform JSON)
   */
  readonly rules?: readonly Rule[];
  /**
   * Write security-baseline.json and security-baseline.md next to the stack's cdk.tf.json, so the
   * accepted deviations (suppressions and their reasons) reach the reviewer with the plan.
   * @default true
   */
  readonly report?: boolean;
  /**
   * Hand the Terraform JSON the check resolved to the cdk.tf.json writer of the same synth instead
   * of resolving the stack a second time (resolution is most of the cost of synth). The JSON is
   * kept only from a successful validation to the next write and dropped at the end of the synth.
   * It is not kept when another construct of the stack has a custom synthesis step (which runs
   * between validation and write and may change resources), and not used when the stack's
   * constructs changed since validation: the write then resolves afresh and checks again.
   * @default true
   */
  readonly reuseResolvedJson?: boolean;
  /**
   * Print every warning and every value unknown until apply at synth, one line each, instead of
   * one summary line per stack. Quiet is the default so that a real failure is not lost among
   * dozens of lines; every finding is in the report either way, and errors are always printed.
   * @default false, unless the environment variable CDKTF_SECURE_AKS_VERBOSE is "1" or "true"
   */
  readonly verbose?: boolean;
}

/** The environment variable that turns on verbose synth output for every baseline. */
export const VERBOSE_ENV = "CDKTF_SECURE_AKS_VERBOSE";

// Suppressions are recorded per construct tree (keyed by the root, usually the App), so a
// suppression may be declared before or after the baseline is applied, and on the App itself.
const SUPPRESSIONS = new WeakMap<IConstruct, BaselineSuppression[]>();
const BASELINES = new WeakMap<TerraformStack, SecurityBaseline>();
const BASELINES_BY_ROOT = new WeakMap<IConstruct, SecurityBaseline[]>();

/**
 * The AKS security baseline of one stack: at every synth it checks every resource of the stack
 * (ours and raw provider resources alike) against the rules, stops synth before cdk.tf.json is
 * written when a rule of severity error fails (unless validation is skipped), prints one summary
 * line per stack, and writes the report.
 *
 * Attach it with `SecurityBaseline.apply(stack)` (this library's constructs do that for their
 * stack); accept a deviation with `SecurityBaseline.suppress(construct, ruleId, reason)`.
 * `Testing.synth(stack, true)` and `synthSecure(stack)` run the check; `Testing.synth(stack)` skips
 * validations and so skips the check too. Whatever path writes cdk.tf.json, the suppressions are
 * embedded in it (BaselineRecord) and `cdktf-secure-aks check` re-checks it: that is the CI gate.
 */
export class SecurityBaseline extends Construct {
  /** The construct id under the stack. */
  public static readonly ID = "SecurityBaseline";

  /**
   * Attaches the baseline to the stack of `scope`, once: later calls return the same instance.
   * Options given on a later call replace the ones given before (our constructs call it without
   * options, so a user's explicit options win regardless of order).
   */
  public static apply(scope: IConstruct, options?: SecurityBaselineOptions): SecurityBaseline {
    const stack = TerraformStack.of(scope);
    let baseline = BASELINES.get(stack);
    if (!baseline) {
      baseline = new SecurityBaseline(stack);
      BASELINES.set(stack, baseline);
      BASELINES_BY_ROOT.set(stack.node.root, [...(BASELINES_BY_ROOT.get(stack.node.root) ?? []), baseline]);
    }
    if (options) baseline.options = { ...baseline.options, ...options };
    return baseline;
  }

  /** The baseline applied to the stack of `scope`, if any. */
  public static of(scope: IConstruct): SecurityBaseline | undefined {
    return BASELINES.get(TerraformStack.of(scope));
  }

  /**
   * Accepts a failed (or unknown) rule for `construct` and every construct under it, with a reason
   * that lands in the report. The reason must be a sentence a reviewer can judge: at least 20
   * characters and 4 distinct real words (letters, with a vowel), so "xxxxx xxxxx xxxxx xxxxx" is
   * refused (see suppression-reason.ts). Throws for an unknown rule id or a conflicting second reason.
   */
  public static suppress(construct: IConstruct, ruleId: string, reason: string): void {
    const text = normalizeReason(reason);
    const problem = reasonProblem(reason);
    if (problem) {
      invalidProp(
        construct,
        `SecurityBaseline.suppress(${ruleId}).reason`,
        reason,
        `a suppression needs a reason a reviewer can judge (at least ${MIN_REASON_CHARACTERS} characters and ${MIN_REASON_WORDS} distinct real words): ${problem}`,
        `say why the deviation is acceptable, e.g. "Dev cluster without an SLA; it holds no production data"`,
      );
    }
    const known = knownRuleIds(construct);
    if (!known.has(ruleId)) {
      const control = findControl(ruleId);
      const fix =
        control && control.synth === "no"
          ? `${ruleId} cannot be set in azurerm 4.55, so no rule checks it and there is nothing to suppress; remove the call`
          : `use the id of a baseline rule (a control id of docs/controls.md), one of: ${[...known].sort().join(", ") || "(no rules loaded)"}`;
      invalidProp(construct, "SecurityBaseline.suppress.ruleId", ruleId, "is not the id of a baseline rule", fix);
    }
    const root = construct.node.root;
    const list = SUPPRESSIONS.get(root) ?? [];
    const constructPath = construct.node.path;
    const existing = list.find((s) => s.constructPath === constructPath && s.ruleId === ruleId);
    if (existing) {
      if (existing.reason === text) return;
      invalidProp(
        construct,
        `SecurityBaseline.suppress(${ruleId}).reason`,
        reason,
        `${ruleId} is already suppressed here with the reason "${existing.reason}"`,
        "suppress a rule once per construct, with one reason",
      );
    }
    list.push({ constructPath, ruleId, reason: text });
    SUPPRESSIONS.set(root, list);
  }

  /**
   * Runs the check on the stack now, outside synth (aspects are invoked first, as synth does).
   * Used by the jest matcher; also handy in a user's own tooling. `rules` defaults to the stack's
   * baseline rules, or ALL_RULES when no baseline is applied.
   */
  public static check(stack: TerraformStack, rules?: readonly Rule[]): BaselineResult {
    runAspects(stack);
    const baseline = BASELINES.get(stack);
    const json = baseline ? baseline.resolve() : (stack.toTerraform() as Record<string, unknown>);
    return checkDocument(parseTerraformDocument(json), {
      rules: rules ?? baseline?.rules ?? ALL_RULES,
      suppressions: suppressionsFor(stack),
    });
  }

  public readonly stack: TerraformStack;
  /** Embeds the rule ids and the construct tree's suppressions in cdk.tf.json's metadata, for the CLI. */
  public readonly record: BaselineRecord;
  /** The result of the last check run at synth (or by `SecurityBaseline.check`), for inspection. */
  public lastResult?: BaselineResult;
  private options: SecurityBaselineOptions = {};
  private readonly resolveOriginal: () => Record<string, unknown>;
  /**
   * JSON resolved by a successful validation, waiting for the cdk.tf.json write of the same synth,
   * keyed by the number of constructs in the stack when it was resolved (see `toTerraform` below).
   */
  private armed?: { readonly json: Record<string, unknown>; readonly constructs: number };
  /**
   * The result of this synth's validation and the document it checked (with the indexes the rules
   * built, which the report's scanner view reuses), waiting for the report writer.
   */
  private pending?: BaselineResult;
  private pendingDocument?: TerraformDocument;
  private readonly annotated = new Set<string>();

  private constructor(stack: TerraformStack) {
    super(stack, SecurityBaseline.ID);
    this.stack = stack;

    // The synthesizer resolves the stack right after validation; resolving twice would double the
    // cost of synth, so the write takes the JSON the check already resolved, once. Why it cannot be
    // stale: between validation and write cdktf runs only (a) the remaining validations, which by
    // the IValidation contract report and do not change the tree, and (b) the custom synthesis hooks
    // (addCustomSynthesis), which may. The JSON is therefore cached only when no construct of the
    // stack but this one has a custom synthesis hook, and only while the stack still has the number
    // of constructs it had when the JSON was resolved. Otherwise the write resolves afresh and the
    // fresh JSON is checked again, so nothing unchecked is written.
    this.resolveOriginal = interceptStackResolution(stack, {
      toTerraform: (resolve) => {
        const armed = this.armed;
        this.armed = undefined;
        if (!armed) return resolve();
        if (this.stack.node.findAll().length === armed.constructs) return armed.json;
        const fresh = resolve();
        const errors = this.errorsOf(this.run(fresh));
        if (errors.length > 0)
          throw new Error(
            `The stack ${this.stack.node.path} changed after the security baseline check:\n  ${errors.join("\n  ")}`,
          );
        return fresh;
      },
      // Another construct's failed validation aborts synth after ours armed the cache: drop it so a
      // later toTerraform (after the user fixes the tree) resolves afresh.
      onValidationError: () => {
        this.armed = undefined;
        this.pending = undefined;
        this.pendingDocument = undefined;
      },
    });

    this.record = new BaselineRecord(this, "Record", {
      record: () => ({
        generator: "cdktf-secure-aks",
        rules: this.rules.map((rule) => rule.id).sort(),
        suppressions: suppressionsFor(this.stack),
      }),
    });
    this.node.addValidation({ validate: () => this.validate() });
    onStackSynthesis(this, (session: ISynthesisSession) => this.synthesizeReport(session));
  }

  /** The rules this baseline runs. */
  public get rules(): readonly Rule[] {
    return this.options.rules ?? ALL_RULES;
  }

  /** Whether synth prints every warning and unknown (see SecurityBaselineOptions.verbose). */
  public get verbose(): boolean {
    if (this.options.verbose !== undefined) return this.options.verbose;
    const env = (process.env[VERBOSE_ENV] ?? "").toLowerCase();
    return env === "1" || env === "true";
  }

  /** Resolves the stack's Terraform JSON, never from the synth cache. */
  private resolve(): Record<string, unknown> {
    return this.resolveOriginal();
  }

  private run(json: Record<string, unknown>): BaselineResult {
    return this.check(parseTerraformDocument(json));
  }

  private check(document: TerraformDocument): BaselineResult {
    const result = checkDocument(document, {
      rules: this.rules,
      suppressions: suppressionsFor(this.stack),
    });
    this.lastResult = result;
    this.annotate(result);
    return result;
  }

  /** The validation errors of a check: suppressions of rules that do not run, failed error findings. */
  private errorsOf(result: BaselineResult): string[] {
    return [
      ...result.suppressions
        .filter((s) => s.status === "unknown-rule")
        .map(
          (s) =>
            `SecurityBaseline.suppress on ${s.constructPath || "(app)"} names rule ${s.ruleId}, which this stack's baseline does not run. Fix: use one of ${this.rules.map((r) => r.id).join(", ") || "(no rules)"}, or remove the suppression.`,
        ),
      ...result.findings.filter((f) => f.outcome === "failed" && f.severity === "error").map(describeFinding),
    ];
  }

  /** Constructs of the stack, and whether any but this one has a custom synthesis hook (which may change the tree after validation). */
  private treeShape(): { readonly constructs: number; readonly foreignSynthesis: boolean } {
    const all = this.stack.node.findAll();
    return {
      constructs: all.length,
      foreignSynthesis: all.some((construct) => construct !== this && hasSynthesisHook(construct)),
    };
  }

  private validate(): string[] {
    const shape = this.treeShape();
    const json = this.resolve();
    const document = parseTerraformDocument(json);
    const result = this.check(document);
    const errors = this.errorsOf(result);
    if (errors.length > 0) {
      errors.push(
        `${errors.length} security baseline error(s): nothing was written. Fix each, or accept one deliberately with SecurityBaseline.suppress(construct, ruleId, reason); the reason goes into ${REPORT_MARKDOWN_FILE}.`,
      );
      return errors;
    }
    this.pending = result;
    this.pendingDocument = document;
    if (this.options.reuseResolvedJson !== false && !shape.foreignSynthesis) {
      const armed = { json, constructs: shape.constructs };
      this.armed = armed;
      // Synth is synchronous: whatever did not consume the JSON by the end of this job never will.
      queueMicrotask(() => {
        if (this.armed === armed) this.armed = undefined;
      });
    }
    queueMicrotask(() => {
      if (this.pending === result) {
        this.pending = undefined;
        this.pendingDocument = undefined;
      }
    });
    return [];
  }

  private synthesizeReport(session: ISynthesisSession): void {
    // With validation skipped (cdktf synth --skip-validation, App skipValidation) nothing was
    // checked yet: check now, so the report is never missing and the failures are said out loud.
    const skipped = this.pending === undefined || this.pendingDocument === undefined;
    const document = skipped ? parseTerraformDocument(this.resolve()) : (this.pendingDocument as TerraformDocument);
    const result = skipped ? this.check(document) : (this.pending as BaselineResult);
    this.pending = undefined;
    this.pendingDocument = undefined;
    let reportPath: string | undefined;
    if (this.options.report !== false) {
      const directory = path.join(session.outdir, session.manifest.forStack(this.stack).workingDirectory);
      reportPath = path.relative(
        process.cwd(),
        writeReport(directory, buildReport(this.stack.node.id, result, this.rules, document)).markdown,
      );
    }
    if (skipped) this.announceSkippedFailures(result);
    this.addAnnotation(
      this,
      "info",
      stackSummaryLine(this.stack.node.path, result.summary, reportPath, this.verbose ? undefined : VERBOSE_ENV),
    );
  }

  /**
   * Validation was skipped, so cdktf will write cdk.tf.json despite failed error rules: one loud
   * line per failing control (id, construct paths, fix), as a warning annotation (which the cdktf
   * CLI prints) and on stderr (which a custom synth script shows). The CLI gate re-checks the file
   * and fails on them, with only the suppressions embedded in it.
   */
  private announceSkippedFailures(result: BaselineResult): void {
    const byRule = new Map<string, BaselineFinding[]>();
    for (const f of result.findings) {
      if (f.outcome !== "failed" || f.severity !== "error") continue;
      byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    }
    for (const [ruleId, findings] of byRule) {
      const paths = findings.map((f) => f.constructPath ?? f.address).join(", ");
      const line = `SECURITY BASELINE NOT ENFORCED (validation skipped): ${ruleId} "${findings[0].title}" fails on ${paths}. Fix: ${findings[0].fix} "cdktf-secure-aks check" fails this plan until it is fixed or suppressed with a reason.`;
      this.addAnnotation(this.stack, "warning", line);
      process.stderr.write(`${line}\n`);
    }
  }

  /**
   * Every annotation of the baseline is a result of the check (the stack's summary, findings, unused
   * suppressions, failures with validation skipped), not a warning about a prop: they keep the
   * baseline's own formats (report.ts), whose ids name the rule and the construct and match the
   * report and the CLI. Invalid props of SecurityBaseline.suppress are errors (invalidProp).
   */
  private addAnnotation(target: IConstruct, level: "warning" | "info", message: string): void {
    const key = `${target.node.path}\u0000${level}\u0000${message}`;
    if (this.annotated.has(key)) return;
    this.annotated.add(key);
    // Same metadata as Annotations.of(target).addWarning/addInfo, without a stack trace: it would
    // point into the checker, not at the user's code, and capturing hundreds of them is slow.
    target.node.addMetadata(
      level === "warning" ? AnnotationMetadataEntryType.WARN : AnnotationMetadataEntryType.INFO,
      message,
      { stackTrace: false },
    );
  }

  /**
   * Unused suppressions always become warnings (they can hide a future failure). Warnings and
   * unknown values become annotations only when verbose: one line each, in one format with a
   * stable id (describeNotice); by default the stack's summary line points at the report.
   */
  private annotate(result: BaselineResult): void {
    const root = this.stack.node.root;
    if (this.verbose) {
      for (const f of result.findings) {
        const level =
          f.outcome === "failed" && f.severity === "warning" ? "warning" : f.outcome === "unknown" ? "info" : undefined;
        if (!level) continue;
        const target = (f.constructPath !== undefined ? findConstruct(root, f.constructPath) : undefined) ?? this.stack;
        this.addAnnotation(target, level, describeNotice(f));
      }
    }
    for (const s of result.suppressions) {
      if (s.status === "used" || s.status === "unknown-rule") continue;
      const target = findConstruct(root, s.constructPath) ?? this.stack;
      const why =
        s.status === "unmatched"
          ? `matched no resource that rule ${s.ruleId} applies to`
          : `is not needed: every resource it covers passes ${s.ruleId}`;
      this.addAnnotation(target, "warning", describeUnusedSuppression(s, why));
    }
  }
}

function findConstruct(root: IConstruct, constructPath: string): IConstruct | undefined {
  if (constructPath === "") return root;
  let current: IConstruct | undefined = root;
  for (const id of constructPath.split("/")) {
    current = current.node.tryFindChild(id);
    if (!current) return undefined;
  }
  return current;
}

/** Suppressions on the stack, anything under it, or anything above it (the App). */
function suppressionsFor(stack: TerraformStack): BaselineSuppression[] {
  const stackPath = stack.node.path;
  return (SUPPRESSIONS.get(stack.node.root) ?? []).filter(
    (s) => isUnderConstructPath(s.constructPath, stackPath) || isUnderConstructPath(stackPath, s.constructPath),
  );
}

/** Ids of ALL_RULES and of every rule set applied in the construct's app. */
function knownRuleIds(construct: IConstruct): Set<string> {
  const ids = new Set(ALL_RULES.map((r) => r.id));
  for (const baseline of BASELINES_BY_ROOT.get(construct.node.root) ?? []) {
    for (const rule of baseline.rules) ids.add(rule.id);
  }
  return ids;
}
