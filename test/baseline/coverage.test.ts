import { CATALOG, findControl } from "../../lib/baseline/catalog";
import { RULE_EXEMPTIONS } from "../../lib/baseline/rule-exemptions";
import { ALL_RULES } from "../../lib/baseline/rules/index";
import { defineRule } from "../../lib/baseline/rules/define-rule";

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

  test("the controls with a severity in the catalog are exactly the controls a rule checks", () => {
    const withSeverity = CATALOG.filter((c) => c.severity !== undefined).map((c) => c.id);
    expect([...withSeverity].sort()).toEqual([...ruleIds].sort());
    for (const control of CATALOG)
      expect([control.id, control.references !== undefined]).toEqual([control.id, ruleIds.has(control.id)]);
    for (const rule of ALL_RULES) {
      const control = findControl(rule.id)!;
      expect({ id: rule.id, severity: rule.severity, references: rule.references }).toEqual({
        id: rule.id,
        severity: control.severity,
        references: control.references,
      });
    }
  });

  test("defineRule takes title, severity and references from the catalog, and refuses a control without them", () => {
    const rule = defineRule("AKS-NET-05", {
      resourceTypes: ["azurerm_kubernetes_cluster"],
      fix: "fix",
      evaluate: () => undefined,
    });
    expect(rule).toMatchObject({ id: "AKS-NET-05", title: "Network policy engine", severity: "error" });
    expect(rule.references).toBe(findControl("AKS-NET-05")!.references);
    const definition = { resourceTypes: ["x"], fix: "fix", evaluate: () => undefined };
    expect(() => defineRule("AKS-IAM-14", definition)).toThrow(/AKS-IAM-14 has no severity/);
    expect(() => defineRule("AKS-NOPE-01", definition)).toThrow(/not a control id/);
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
