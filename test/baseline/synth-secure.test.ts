import { Testing } from "cdktf";
import { synthSecure } from "../../lib/baseline/synth-secure";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { group, newStack, TEST_RULES } from "./helpers";

describe("synthSecure", () => {
  test("returns what Testing.synth returns for a stack that passes", () => {
    const stack = newStack();
    SecurityBaseline.apply(stack, { rules: TEST_RULES });
    group(stack, "Group");
    expect(synthSecure(stack)).toBe(Testing.synth(stack));
  });

  test("throws on a failed error control where Testing.synth(stack) would snapshot it", () => {
    const stack = newStack();
    SecurityBaseline.apply(stack, { rules: TEST_RULES });
    group(stack, "Group", "northeurope");
    expect(() => Testing.synth(stack)).not.toThrow();
    expect(() => synthSecure(stack)).toThrow(
      /TEST-LOC "Resource groups in West Europe" \[error\] failed .*location = "northeurope".*Fix: set location = "westeurope"/,
    );
  });

  test("applies the baseline to a stack that has none (every rule), and can fail on warnings", () => {
    const stack = newStack();
    group(stack, "Group");
    synthSecure(stack);
    expect(SecurityBaseline.of(stack)).toBeDefined();
    const warned = newStack();
    SecurityBaseline.apply(warned, { rules: TEST_RULES });
    group(warned, "Untagged", "westeurope", "");
    expect(() => synthSecure(warned)).not.toThrow();
    expect(() => synthSecure(warned, { failOnWarnings: true })).toThrow(
      /1 security baseline warning\(s\):\n {2}TEST-TAG "Owner tag" \[warning\] failed/,
    );
  });
});
