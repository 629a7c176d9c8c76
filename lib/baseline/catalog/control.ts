import type { ControlReferences, Severity } from "../rule";

/**
 * Whether a control can be asserted on synthesized Terraform JSON.
 * yes: the secure attribute itself; partly: only the enforcing object (a policy assignment, an
 * in-cluster object), enforcement happens at runtime; no: azurerm 4.55 cannot express it.
 */
export type CatalogSynth = "yes" | "partly" | "no";

/**
 * One control. The fields up to `tradeOff` are CONTROLS.md's columns, verbatim; `severity` and
 * `references` are the library's decisions for the control's baseline rule, kept here so a rule
 * names its control by id and nothing else restates them (issue 12, "one home per fact").
 */
export interface CatalogControl {
  /** Stable id, e.g. "AKS-NET-01"; baseline rule ids are these ids. */
  readonly id: string;
  /** The "control" column, verbatim (rule titles equal it). */
  readonly title: string;
  /** The CONTROLS.md section the row sits in, e.g. "Network". */
  readonly section: string;
  /** The "owner" column, verbatim: the construct (and the part of it) that delivers the control. */
  readonly owner: string;
  /** The "Synth" column's verdict. */
  readonly synth: CatalogSynth;
  /** What follows the verdict in the "Synth" column, e.g. "assignment" for "yes (assignment)". */
  readonly synthNote?: string;
  /** The "source refs" column, verbatim. */
  readonly sources: string;
  /** The "Terraform resource + attribute" column, verbatim. */
  readonly terraform: string;
  /** The "secure value" column, verbatim. */
  readonly secureValue: string;
  /** The "cost / trade-off" column, verbatim. */
  readonly tradeOff: string;
  /**
   * Set on controls this library added after CONTROLS.md was written (an issue asked for them):
   * the library version that introduced the control. Rows of CONTROLS.md never carry it, so the
   * catalog test can compare those field by field and hold the additions to the same shape.
   */
  readonly addedIn?: string;
  /**
   * The severity of the control's baseline rule: error stops synth, warning is reported. Set exactly
   * on the controls a rule of ALL_RULES checks (test/baseline/coverage.test.ts holds both ways).
   */
  readonly severity?: Severity;
  /**
   * The benchmark, policy and scanner ids the rule's findings cite (set with `severity`); the catalog
   * test checks them against `sources`.
   */
  readonly references?: ControlReferences;
}

/** A control as its section's data file writes it: the section is the file's. */
export type SectionControl = Omit<CatalogControl, "section">;

/** The controls of one CONTROLS.md section, each given the section's name. */
export function catalogSection(section: string, controls: readonly SectionControl[]): readonly CatalogControl[] {
  return controls.map((control) => ({ ...control, section }));
}
