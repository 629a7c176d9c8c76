import { CATALOG, findControl } from "../../lib/baseline/catalog";
import { RULE_EXEMPTIONS } from "../../lib/baseline/rule-exemptions";
import { ALL_RULES } from "../../lib/baseline/rules/index";

describe("rule coverage of the catalog", () => {
  const ruleIds = new Set(ALL_RULES.map((r) => r.id));

  test("every control checkable on Terraform JSON has a rule or a documented exemption", () => {
    const missing = CATALOG.filter((c) => c.synth !== "no" && !ruleIds.has(c.id) && !(c.id in RULE_EXEMPTIONS)).map(
      (c) => `${c.id} ${c.title}`,
    );
    expect(missing).toEqual([]);
  });

  test("rule ids are unique catalog ids of checkable controls, and titles equal the catalog's", () => {
    expect(ruleIds.size).toBe(ALL_RULES.length);
    for (const rule of ALL_RULES) {
      const control = findControl(rule.id);
      expect({
        id: rule.id,
        known: control !== undefined,
        synth: control?.synth === "no" ? "no" : "checkable",
      }).toEqual({ id: rule.id, known: true, synth: "checkable" });
      expect({ id: rule.id, title: rule.title }).toEqual({ id: rule.id, title: control?.title });
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      expect(rule.fix.length).toBeGreaterThan(10);
    }
  });

  test("exemptions name checkable controls without a rule, each with a real reason", () => {
    for (const [id, reason] of Object.entries(RULE_EXEMPTIONS)) {
      expect({ id, synth: findControl(id)?.synth ?? "not in catalog", hasRule: ruleIds.has(id) }).toEqual({
        id,
        synth: expect.stringMatching(/^(yes|partly)$/),
        hasRule: false,
      });
      expect(reason.split(/\s+/).length).toBeGreaterThanOrEqual(6);
    }
  });
});
