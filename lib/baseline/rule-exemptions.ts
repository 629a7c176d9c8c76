/**
 * Controls whose Synth column is "yes" or "partly" but that have no baseline rule, each with the
 * reason a reviewer can check. test/baseline/coverage.test.ts fails for any checkable control that
 * has neither a rule in ALL_RULES nor an entry here, and for an entry that also has a rule.
 */
export const RULE_EXEMPTIONS: Readonly<Record<string, string>> = {};
