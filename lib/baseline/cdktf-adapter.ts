/**
 * Everything the baseline needs from cdktf beyond its documented API, in one place, so a cdktf
 * release (or a move to the CDK Terrain fork) breaks this file and its test
 * (test/baseline/cdktf-adapter.test.ts) rather than the baseline. Each function says what it
 * relies on. The rest of the baseline uses documented hooks only: node.addValidation,
 * node metadata of the Annotations types, TerraformElement.toMetadata, Testing.synth.
 */
import { ISynthesisSession, TerraformStack } from "cdktf";
// Not re-exported by the cdktf entry point (cdktf 0.21: lib/synthesize/synthesizer.js).
import { addCustomSynthesis, invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { IConstruct } from "constructs";

/** The key addCustomSynthesis stores a hook under (cdktf/lib/synthesize/synthesizer.js). */
const CUSTOM_SYNTHESIS = Symbol.for("cdktf/customSynthesis");

/**
 * Runs the tree's Aspects now, as synth does first, so a check outside synth sees the tree synth
 * would write. Relies on cdktf's `invokeAspects`, which visits every node again on each call
 * (synth calls it again), so aspects must be idempotent, as they must for repeated synths anyway.
 */
export function runAspects(stack: TerraformStack): void {
  invokeAspects(stack);
}

/**
 * Calls `hook` during synth of the construct's stack, after validation (skipped or not) and before
 * cdk.tf.json is written, with the session (outdir, manifest). Relies on cdktf's
 * `addCustomSynthesis`, which StackSynthesizer.synthesize calls on every node after
 * runAllValidations and before collecting annotations and writing (so an annotation added by the
 * hook is printed). `Testing.synth` does not call it.
 */
export function onStackSynthesis(construct: IConstruct, hook: (session: ISynthesisSession) => void): void {
  addCustomSynthesis(construct, { onSynthesize: hook });
}

/** Whether another construct registered a synthesis hook (which may change the tree after validation). */
export function hasSynthesisHook(construct: IConstruct): boolean {
  return (construct as unknown as Record<symbol, unknown>)[CUSTOM_SYNTHESIS] !== undefined;
}

export interface StackResolutionHooks {
  /**
   * Replaces the resolution that produces the written JSON; `resolve` is cdktf's own. Called by
   * StackSynthesizer.synthesize for the write and by Testing.synth for its result.
   */
  readonly toTerraform: (resolve: () => Record<string, unknown>) => Record<string, unknown>;
  /** Called when the stack's validations throw (synth stops), before the error propagates. */
  readonly onValidationError: () => void;
}

/**
 * Wraps the stack's `toTerraform` and `runAllValidations` (public methods, replaced per instance),
 * so the JSON a validation resolved can be handed to the write of the same synth. Relies on the
 * synthesizer calling them on the stack instance: runAllValidations, then the synthesis hooks,
 * then toTerraform once. Returns cdktf's own resolution, for resolving without the hooks.
 */
export function interceptStackResolution(
  stack: TerraformStack,
  hooks: StackResolutionHooks,
): () => Record<string, unknown> {
  const originalToTerraform = stack.toTerraform;
  const resolve = (): Record<string, unknown> => originalToTerraform.call(stack) as Record<string, unknown>;
  stack.toTerraform = () => hooks.toTerraform(resolve);
  const originalRunAllValidations = stack.runAllValidations;
  stack.runAllValidations = () => {
    try {
      originalRunAllValidations.call(stack);
    } catch (error) {
      hooks.onValidationError();
      throw error;
    }
  };
  return resolve;
}
