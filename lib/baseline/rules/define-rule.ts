import { Rule } from "../rule";
import { getControl } from "../catalog";

/** What a baseline rule adds to its control's catalog entry: where it looks, how to fix, how to judge. */
export type RuleDefinition = Pick<Rule, "resourceTypes" | "fix" | "evaluate">;

/**
 * The baseline rule of a catalog control: title, severity and references come from the control's
 * entry (lib/baseline/catalog), so a rule file states only what it checks. Throws for an id that is
 * not in the catalog, or whose entry has no severity (a control no rule was decided for).
 */
export function defineRule(id: string, definition: RuleDefinition): Rule {
  const control = getControl(id);
  if (control.severity === undefined || control.references === undefined)
    throw new Error(
      `${id} has no severity and references in the catalog (lib/baseline/catalog); add them with its rule.`,
    );
  return {
    id,
    title: control.title,
    severity: control.severity,
    references: control.references,
    resourceTypes: definition.resourceTypes,
    fix: definition.fix,
    evaluate: definition.evaluate,
  };
}
