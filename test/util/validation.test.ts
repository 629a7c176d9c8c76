import { Testing, TerraformStack } from "cdktf";
import {
  SecureAksValidationError,
  armResourceName,
  describeValue,
  invalidProp,
  validationMessage,
} from "../../lib/util/validation";

describe("describeValue", () => {
  test("prints NaN and infinities as themselves, not as JSON null", () => {
    expect(describeValue(NaN)).toBe("NaN");
    expect(describeValue(Infinity)).toBe("Infinity");
    expect(describeValue(-Infinity)).toBe("-Infinity");
    expect(describeValue(null)).toBe("null");
    expect(describeValue(3)).toBe("3");
    expect(describeValue("a")).toBe('"a"');
    expect(describeValue(["a", 1])).toBe('["a",1]');
    expect(describeValue(undefined)).toBe("undefined");
  });

  test("the thrown error shows NaN", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    expect(() => invalidProp(stack, "retentionDays", NaN, "is not a number", "pass a number")).toThrow(
      "[test] retentionDays = NaN: is not a number. Fix: pass a number",
    );
  });
});

describe("validationMessage", () => {
  test("is the error message without the path (cdktf adds it to failed validations)", () => {
    const message = validationMessage("subscriptionId", "x", "is taken", "use another");
    expect(message).toBe('subscriptionId = "x": is taken. Fix: use another');
    expect(new SecureAksValidationError("a/b", "subscriptionId", "x", "is taken", "use another").message).toBe(
      `[a/b] ${message}`,
    );
  });
});

describe("armResourceName", () => {
  const SUB = "33333333-3333-4333-8333-333333333333";
  test("returns the name of an id of the given type, case-insensitively", () => {
    expect(
      armResourceName(
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-a`,
        "Microsoft.KeyVault/vaults",
      ),
    ).toBe("kv-a");
    expect(
      armResourceName(
        `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.keyvault/Vaults/kv-a`,
        "Microsoft.KeyVault/vaults",
      ),
    ).toBe("kv-a");
  });
  test("rejects other types, child resources, bad subscription ids", () => {
    expect(
      armResourceName(
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-a/secrets/s`,
        "Microsoft.KeyVault/vaults",
      ),
    ).toBeUndefined();
    expect(
      armResourceName(
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa`,
        "Microsoft.KeyVault/vaults",
      ),
    ).toBeUndefined();
    expect(
      armResourceName(
        `/subscriptions/sub/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-a`,
        "Microsoft.KeyVault/vaults",
      ),
    ).toBeUndefined();
    expect(armResourceName("kv-a", "Microsoft.KeyVault/vaults")).toBeUndefined();
  });
});
