import { Fn, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import {
  SecureAksValidationError,
  armResourceName,
  describeValue,
  invalidProp,
  requireIntInRange,
  requireOneOf,
  validationMessage,
  warnProp,
  warningMessage,
  withResolved,
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

describe("withResolved", () => {
  const stack = () => new TerraformStack(Testing.app(), "test");

  test("runs the check with known values", () => {
    const seen: unknown[] = [];
    withResolved("a", 2, (a, b) => seen.push(a, b));
    expect(seen).toEqual(["a", 2]);
  });

  test("skips the check when any value is absent or a token", () => {
    const s = stack();
    const variable = new TerraformVariable(s, "v", { type: "string" });
    const list = new TerraformVariable(s, "l", { type: "list(string)" });
    const seen: unknown[] = [];
    withResolved(undefined, (a) => seen.push(a));
    withResolved(null, (a) => seen.push(a));
    withResolved("a", variable.stringValue, (a, b) => seen.push(a, b));
    withResolved(Token.asNumber(variable.stringValue), (a) => seen.push(a));
    withResolved(list.listValue, (a) => seen.push(a));
    withResolved(["x", Fn.lower(variable.stringValue)], (a) => seen.push(a));
    expect(seen).toEqual([]);
  });
});

describe("requireOneOf", () => {
  const stack = () => new TerraformStack(Testing.app(), "test");

  test("passes allowed values, absent values and tokens", () => {
    const s = stack();
    const variable = new TerraformVariable(s, "v", { type: "string" });
    expect(() => requireOneOf(s, "sku", "Standard", ["Free", "Standard"])).not.toThrow();
    expect(() => requireOneOf<string>(s, "sku", undefined, ["Free", "Standard"])).not.toThrow();
    expect(() => requireOneOf(s, "sku", variable.stringValue, ["Free", "Standard"])).not.toThrow();
    expect(() => requireOneOf(s, "size", 3072, [2048, 3072, 4096])).not.toThrow();
  });

  test("names the allowed values by default", () => {
    expect(() => requireOneOf<string>(stack(), "sku", "Basic", ["Free", "Standard", "Premium"])).toThrow(
      '[test] sku = "Basic": is not one of "Free", "Standard", "Premium". Fix: use "Free", "Standard" or "Premium"',
    );
    expect(() => requireOneOf<number>(stack(), "size", 1024, [2048])).toThrow(
      "[test] size = 1024: is not one of 2048. Fix: use 2048",
    );
  });

  test("takes the prop's own words", () => {
    expect(() =>
      requireOneOf<string>(stack(), "channel", "rapid", ["patch", "stable"], {
        problem: "is not a supported channel",
        fix: 'use "patch"',
      }),
    ).toThrow('[test] channel = "rapid": is not a supported channel. Fix: use "patch"');
  });
});

describe("requireIntInRange", () => {
  const stack = () => new TerraformStack(Testing.app(), "test");

  test("passes whole numbers in range (bounds included), absent values and tokens", () => {
    const s = stack();
    const variable = new TerraformVariable(s, "v", { type: "number" });
    for (const value of [7, 30, 90, undefined, variable.numberValue]) {
      expect(() => requireIntInRange(s, "retentionDays", value, 7, 90)).not.toThrow();
    }
  });

  test.each([6, 91, 7.5, NaN, Infinity])("rejects %p", (value) => {
    expect(() => requireIntInRange(stack(), "retentionDays", value, 7, 90)).toThrow(
      `[test] retentionDays = ${describeValue(value)}: is not a whole number from 7 to 90. Fix: use a whole number from 7 to 90`,
    );
  });

  test("an open upper bound reads as 'at least'", () => {
    expect(() => requireIntInRange(stack(), "replicas", 0, 1, Number.MAX_SAFE_INTEGER)).toThrow(
      "[test] replicas = 0: is not a whole number of at least 1. Fix: use a whole number of at least 1",
    );
  });
});

describe("warnProp", () => {
  test("adds one warning in the library's format with its stable id", () => {
    const s = new TerraformStack(Testing.app(), "test");
    warnProp(s, "region/unknown", "location", "mars", "is not a region", "use westeurope");
    const warnings = s.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data);
    expect(warnings).toEqual(['[region/unknown] location = "mars": is not a region. Fix: use westeurope']);
  });

  test.each(["Region/Unknown", "region", "region/", "region unknown/x", "region/unknown/more"])(
    "rejects the malformed id %p",
    (id) => {
      expect(() => warningMessage(id, "p", 1, "x", "y")).toThrow(/is not of the form <area>\/<what>/);
    },
  );
});
