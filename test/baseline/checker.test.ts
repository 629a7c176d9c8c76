import { checkDocument, isUnderConstructPath } from "../../lib/baseline/checker";
import { parseTerraformDocument } from "../../lib/baseline/document";
import { Rule } from "../../lib/baseline/rule";
import { LOCATION_RULE, OWNER_TAG_RULE, REASON, TEST_RULES, THROWING_RULE } from "./helpers";

function doc(groups: Record<string, Record<string, unknown>>, extra: Record<string, Record<string, unknown>> = {}) {
  return parseTerraformDocument({ resource: { azurerm_resource_group: groups, ...extra } });
}

const withPath = (p: string, body: Record<string, unknown>) => ({ ...body, "//": { metadata: { path: p } } });

describe("checkDocument", () => {
  test("evaluates every resource x applicable rule, ordered by address then rule id", () => {
    const result = checkDocument(
      doc(
        { b: { name: "b", location: "westeurope", tags: { owner: "x" } }, a: { name: "a", location: "northeurope" } },
        { azurerm_storage_account: { s: { name: "s" } } },
      ),
      { rules: [OWNER_TAG_RULE, LOCATION_RULE] },
    );
    expect(result.findings.map((f) => `${f.address} ${f.ruleId} ${f.outcome}`)).toEqual([
      "azurerm_resource_group.a TEST-LOC failed",
      "azurerm_resource_group.a TEST-TAG failed",
      "azurerm_resource_group.b TEST-LOC passed",
      "azurerm_resource_group.b TEST-TAG passed",
    ]);
    expect(result.findings[0]).toMatchObject({
      severity: "error",
      attribute: "location",
      value: "northeurope",
      message: "Data must stay in West Europe.",
      fix: 'set location = "westeurope"',
    });
    expect(result.summary).toEqual({
      resources: 3,
      checks: 4,
      passed: 2,
      failed: 2,
      errors: 1,
      warnings: 1,
      unknown: 0,
      suppressed: 0,
      ruleErrors: 0,
      unusedSuppressions: 0,
      unknownRuleSuppressions: 0,
    });
  });

  test("an unresolved expression is unknown, never passed", () => {
    const result = checkDocument(doc({ a: { name: "a", location: "${var.location}" } }), { rules: [LOCATION_RULE] });
    expect(result.findings).toEqual([expect.objectContaining({ outcome: "unknown", value: "${var.location}" })]);
    expect(result.summary).toMatchObject({ passed: 0, unknown: 1, errors: 0 });
  });

  test("a rule that returns undefined is not applicable to that resource", () => {
    const rule: Rule = { ...LOCATION_RULE, id: "TEST-SKIP", evaluate: () => undefined };
    expect(checkDocument(doc({ a: { name: "a" } }), { rules: [rule] }).findings).toEqual([]);
  });

  test("a rule that throws is a failed error finding naming the rule, never a pass", () => {
    const result = checkDocument(doc({ a: { name: "boom", location: "westeurope" } }), { rules: [THROWING_RULE] });
    expect(result.findings).toEqual([
      expect.objectContaining({
        ruleId: "TEST-BOOM",
        outcome: "failed",
        severity: "error",
        ruleError: "threw TypeError: cannot read properties of undefined",
      }),
    ]);
    expect(result.findings[0].message).toMatch(
      /Baseline rule TEST-BOOM threw TypeError.*azurerm_resource_group\.a.*bug in the rule/,
    );
    expect(result.summary).toMatchObject({ errors: 1, ruleErrors: 1, passed: 0 });
  });

  test("a rule that returns something other than a finding is a rule error", () => {
    const rule = { ...LOCATION_RULE, id: "TEST-BAD", evaluate: () => ({ outcome: "ok" }) } as unknown as Rule;
    const [finding] = checkDocument(doc({ a: { name: "a" } }), { rules: [rule] }).findings;
    expect(finding).toMatchObject({
      outcome: "failed",
      severity: "error",
      ruleError: 'returned {"outcome":"ok"} instead of a finding with outcome passed, failed or unknown',
    });
  });

  test("rejects two rules with one id", () => {
    expect(() => checkDocument(doc({}), { rules: [LOCATION_RULE, { ...OWNER_TAG_RULE, id: "TEST-LOC" }] })).toThrow(
      /Two baseline rules share the id TEST-LOC/,
    );
  });

  test("is deterministic whatever the order of rules and resources", () => {
    const groups = {
      z: { name: "z", location: "x" },
      m: { name: "m", location: "westeurope" },
      a: { name: "a", location: "${var.l}" },
    };
    const reversed = Object.fromEntries(Object.entries(groups).reverse());
    expect(checkDocument(doc(groups), { rules: TEST_RULES })).toEqual(
      checkDocument(doc(reversed), { rules: [...TEST_RULES].reverse() }),
    );
  });
});

describe("suppressions in checkDocument", () => {
  const document = doc({
    cluster: withPath("app/team/cluster", { name: "c", location: "northeurope" }),
    clusterchild: withPath("app/team/cluster/inner", { name: "ci", location: "northeurope" }),
    sibling: withPath("app/team/clusters", { name: "s", location: "northeurope" }),
    unknown: withPath("app/team/cluster/var", { name: "u", location: "${var.l}" }),
    ok: withPath("app/other", { name: "o", location: "westeurope" }),
  });

  test("cover the construct and its descendants only (not a sibling sharing a prefix)", () => {
    const result = checkDocument(document, {
      rules: [LOCATION_RULE],
      suppressions: [{ constructPath: "app/team/cluster", ruleId: "TEST-LOC", reason: REASON }],
    });
    const byAddress = Object.fromEntries(result.findings.map((f) => [f.address.split(".")[1], f]));
    expect(byAddress.cluster).toMatchObject({
      outcome: "suppressed",
      suppressedOutcome: "failed",
      suppression: { constructPath: "app/team/cluster", reason: REASON },
    });
    expect(byAddress.clusterchild).toMatchObject({ outcome: "suppressed", suppressedOutcome: "failed" });
    expect(byAddress.unknown).toMatchObject({ outcome: "suppressed", suppressedOutcome: "unknown" });
    expect(byAddress.sibling.outcome).toBe("failed");
    expect(byAddress.ok.outcome).toBe("passed");
    expect(result.suppressions).toEqual([
      {
        constructPath: "app/team/cluster",
        ruleId: "TEST-LOC",
        reason: REASON,
        status: "used",
        coveredFindings: 3,
        suppressedFindings: 3,
      },
    ]);
    expect(result.summary).toMatchObject({ suppressed: 3, errors: 1, unusedSuppressions: 0 });
  });

  test("only suppress their own rule", () => {
    const result = checkDocument(document, {
      rules: [LOCATION_RULE, OWNER_TAG_RULE],
      suppressions: [{ constructPath: "app/team/cluster", ruleId: "TEST-TAG", reason: REASON }],
    });
    expect(result.findings.filter((f) => f.ruleId === "TEST-LOC" && f.outcome === "suppressed")).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === "TEST-TAG" && f.outcome === "suppressed")).toHaveLength(3);
  });

  test("the most specific suppression gives the reason; both count as used", () => {
    const inner = {
      constructPath: "app/team/cluster/inner",
      ruleId: "TEST-LOC",
      reason: "Inner reason that is long enough",
    };
    const outer = { constructPath: "app", ruleId: "TEST-LOC", reason: "Outer reason that is long enough" };
    const result = checkDocument(document, { rules: [LOCATION_RULE], suppressions: [outer, inner] });
    expect(result.findings.find((f) => f.address.endsWith(".clusterchild"))?.suppression).toEqual(inner);
    expect(result.findings.find((f) => f.address.endsWith(".cluster"))?.suppression).toEqual(outer);
    expect(result.suppressions.map((s) => s.status)).toEqual(["used", "used"]);
  });

  test("report unmatched, not needed and unknown-rule suppressions", () => {
    const result = checkDocument(document, {
      rules: [LOCATION_RULE],
      suppressions: [
        { constructPath: "app/nowhere", ruleId: "TEST-LOC", reason: REASON },
        { constructPath: "app/other", ruleId: "TEST-LOC", reason: REASON },
        { constructPath: "app/team", ruleId: "TEST-GONE", reason: REASON },
      ],
    });
    expect(result.suppressions.map((s) => [s.constructPath, s.status, s.coveredFindings])).toEqual([
      ["app/nowhere", "unmatched", 0],
      ["app/other", "not-needed", 1],
      ["app/team", "unknown-rule", 0],
    ]);
    expect(result.summary).toMatchObject({ unusedSuppressions: 3, unknownRuleSuppressions: 1 });
  });

  test("cannot reach resources without a construct path (hand-written JSON)", () => {
    const result = checkDocument(doc({ a: { name: "a", location: "x" } }), {
      rules: [LOCATION_RULE],
      suppressions: [{ constructPath: "", ruleId: "TEST-LOC", reason: REASON }],
    });
    expect(result.findings[0].outcome).toBe("failed");
  });

  test("isUnderConstructPath", () => {
    expect(isUnderConstructPath("a/b", "a")).toBe(true);
    expect(isUnderConstructPath("a", "a")).toBe(true);
    expect(isUnderConstructPath("ab", "a")).toBe(false);
    expect(isUnderConstructPath("a", "a/b")).toBe(false);
    expect(isUnderConstructPath("anything", "")).toBe(true);
  });
});
