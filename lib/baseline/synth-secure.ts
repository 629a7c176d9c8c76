import { TerraformStack, Testing } from "cdktf";
import { describeFinding } from "./report";
import { SecurityBaseline } from "./security-baseline";

export interface SynthSecureOptions {
  /**
   * Also throw when a warning-severity control fails.
   * @default false (warnings are in the report; errors always throw)
   */
  readonly failOnWarnings?: boolean;
}

/**
 * The snapshot-test one-liner: `expect(synthSecure(stack)).toMatchSnapshot()`.
 *
 * Attaches the baseline to the stack if nothing did yet (our constructs already do), then
 * synthesizes with validations, so a failed error control throws (naming the control, path, value
 * and fix) instead of snapshotting a weakened stack the way `Testing.synth(stack)` does (it skips
 * validations, and with them the baseline). Returns the same JSON text as `Testing.synth`.
 */
export function synthSecure(stack: TerraformStack, options: SynthSecureOptions = {}): string {
  const baseline = SecurityBaseline.apply(stack);
  const json = Testing.synth(stack, true);
  if (options.failOnWarnings) {
    const warnings = (baseline.lastResult?.findings ?? []).filter(
      (f) => f.outcome === "failed" && f.severity === "warning",
    );
    if (warnings.length > 0)
      throw new Error(
        `synthSecure(${stack.node.path}, { failOnWarnings: true }): ${warnings.length} security baseline warning(s):\n  ${warnings.map(describeFinding).join("\n  ")}`,
      );
  }
  return json;
}
