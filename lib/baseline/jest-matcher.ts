import { TerraformStack } from "cdktf";
import { BaselineFinding, BaselineResult, checkDocument } from "./checker";
import { parseTerraformDocument } from "./document";
import { findControl } from "./catalog";
import { describeFinding, formatValue, summaryLine } from "./report";
import { Rule } from "./rule";
import { ALL_RULES } from "./rules/index";
import { SecurityBaseline } from "./security-baseline";

export interface SecurityBaselineMatcherOptions {
  /** Fail on failed warning-severity findings too. @default false */
  readonly failOnWarnings?: boolean;
  /** Fail on values unknown until apply. @default false (they are listed in the report, never passed) */
  readonly failOnUnknown?: boolean;
  /**
   * Rules to run. @default the stack's baseline rules when a TerraformStack with an applied
   * baseline is given, else ALL_RULES
   */
  readonly rules?: readonly Rule[];
}

export interface SecurityBaselineMatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/**
 * `expect(stack).toPassSecurityBaseline()`: register with `expect.extend({ toPassSecurityBaseline })`.
 *
 * Accepts a TerraformStack (checked like synth does: aspects invoked, suppressions honored), or
 * Terraform JSON as a string or object (e.g. `Testing.synth(stack)`, which drops the construct
 * paths, so suppressions cannot apply to it). Passes when no error-severity rule fails.
 */
export function toPassSecurityBaseline(
  received: unknown,
  options: SecurityBaselineMatcherOptions = {},
): SecurityBaselineMatcherResult {
  let result: BaselineResult;
  let subject: string;
  if (TerraformStack.isStack(received)) {
    const stack = received as TerraformStack;
    subject = `stack "${stack.node.path}"`;
    result = SecurityBaseline.check(stack, options.rules);
  } else {
    const json = toJson(received);
    if (typeof json === "string") return { pass: false, message: () => json };
    subject = "the Terraform JSON";
    result = checkDocument(parseTerraformDocument(json), { rules: options.rules ?? ALL_RULES });
  }

  const blocking = (f: BaselineFinding): boolean =>
    (f.outcome === "failed" && (f.severity === "error" || options.failOnWarnings === true)) ||
    (f.outcome === "unknown" && options.failOnUnknown === true);
  const failures = result.findings.filter(blocking);
  const pass = failures.length === 0;
  const list = (findings: readonly BaselineFinding[]): string =>
    findings.map((f) => `  - ${describeFinding(f)}\n${expectedVersusReceived(f)}`).join("\n");
  return {
    pass,
    message: pass
      ? () => `expected ${subject} not to pass the security baseline, but it did: ${summaryLine(result.summary)}`
      : () =>
          `expected ${subject} to pass the security baseline; ${failures.length} finding(s) fail it:\n${list(failures)}\n${summaryLine(result.summary)}`,
  };
}

/**
 * Two lines under a failing finding: what the control wants (the catalog's secure value, else the
 * rule's fix) and what was found at the attribute, so a reader sees the difference at a glance.
 */
export function expectedVersusReceived(f: BaselineFinding): string {
  const expected = findControl(f.ruleId)?.secureValue.replace(/`/g, "") ?? f.fix;
  const where = f.attribute ?? f.address;
  const received =
    f.outcome === "unknown" ? `${formatValue(f.value)} (an expression known only at apply)` : formatValue(f.value);
  return `      expected: ${expected}\n      received: ${where} = ${received}`;
}

/** The document, or an error message for anything that is not Terraform JSON. */
function toJson(received: unknown): Record<string, unknown> | string {
  let value = received;
  if (typeof received === "string") {
    try {
      value = JSON.parse(received);
    } catch (error) {
      return `expected a TerraformStack or Terraform JSON, but the string is not JSON (${(error as Error).message})`;
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return `expected a TerraformStack or Terraform JSON (string or object), got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`;
  }
  return value as Record<string, unknown>;
}

// Types for `expect(x).toPassSecurityBaseline()` under @types/jest, without importing jest at
// runtime. The type parameters must match @types/jest's declaration for the merge to apply.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> {
      toPassSecurityBaseline(options?: SecurityBaselineMatcherOptions): R;
    }
  }
}
