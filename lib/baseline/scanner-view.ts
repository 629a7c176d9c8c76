import { BaselineFinding, BaselineResult } from "./checker";
import { TerraformDocument } from "./rule";
import { CHECKOV_CHECKS } from "./scanners";

/**
 * How one expected Checkov failure relates to the baseline:
 * - disagreement: the baseline judges the resource secure (or has no control for the property);
 *   the check does not see how (reason says why).
 * - accepted weakness: a control of the same property is suppressed with a reason, or fails as a
 *   warning the baseline tolerates.
 * - failing control: a control of severity error fails too (synth refuses it unless validation was skipped).
 * - unknown: the control cannot judge the value until apply.
 */
export type ScannerVerdict = "disagreement" | "accepted weakness" | "failing control" | "unknown";

/** One Checkov check that will fail on one resource of the stack. */
export interface ScannerViewEntry {
  readonly scanner: "checkov";
  readonly checkId: string;
  readonly checkName: string;
  readonly address: string;
  readonly constructPath?: string;
  readonly controls: readonly string[];
  readonly verdict: ScannerVerdict;
  readonly reason: string;
}

/**
 * The report's scanner view: every Checkov check (of those mirrored in scanners.ts) that fails on
 * a resource of the document, with the controls testing the same property, the verdict and the
 * reason, so a reviewer who runs Checkov finds each of its failures explained here, one to one.
 */
export function scannerView(document: TerraformDocument, result: BaselineResult): ScannerViewEntry[] {
  const byRuleAndAddress = new Map<string, BaselineFinding[]>();
  const byRule = new Map<string, BaselineFinding[]>();
  for (const f of result.findings) {
    const key = `${f.ruleId}\u0000${f.address}`;
    byRuleAndAddress.set(key, [...(byRuleAndAddress.get(key) ?? []), f]);
    byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  }
  const entries: ScannerViewEntry[] = [];
  for (const check of CHECKOV_CHECKS) {
    for (const type of check.resourceTypes) {
      for (const resource of document.ofType(type)) {
        if (!check.fails(resource, document)) continue;
        // Findings of the same controls on this resource; a control judged on a related resource
        // (e.g. the firewall policy for the firewall) counts when none is on this one.
        const here = check.controls.flatMap((id) => byRuleAndAddress.get(`${id}\u0000${resource.address}`) ?? []);
        const related = here.length > 0 ? here : check.controls.flatMap((id) => byRule.get(id) ?? []);
        entries.push({
          scanner: "checkov",
          checkId: check.id,
          checkName: check.name,
          address: resource.address,
          ...(resource.constructPath !== undefined ? { constructPath: resource.constructPath } : {}),
          controls: check.controls,
          ...judge(related, check.controls, check.disagreement),
        });
      }
    }
  }
  return entries.sort((a, b) =>
    a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : a.address < b.address ? -1 : a.address > b.address ? 1 : 0,
  );
}

function judge(
  findings: readonly BaselineFinding[],
  controls: readonly string[],
  disagreement: string,
): { verdict: ScannerVerdict; reason: string } {
  const error = findings.find((f) => f.outcome === "failed" && f.severity === "error");
  if (error)
    return { verdict: "failing control", reason: `${error.ruleId} fails too: ${error.message ?? error.title}` };
  const suppressed = findings.find((f) => f.outcome === "suppressed");
  if (suppressed)
    return {
      verdict: "accepted weakness",
      reason: `${suppressed.ruleId} suppressed: ${suppressed.suppression?.reason ?? ""}`,
    };
  const warning = findings.find((f) => f.outcome === "failed");
  if (warning)
    return {
      verdict: "accepted weakness",
      reason: `${warning.ruleId} warns (not suppressed): ${warning.message ?? warning.title}`,
    };
  const unknown = findings.find((f) => f.outcome === "unknown");
  if (unknown)
    return { verdict: "unknown", reason: `${unknown.ruleId} is unknown until apply: ${unknown.message ?? ""}`.trim() };
  if (disagreement) return { verdict: "disagreement", reason: disagreement };
  const judged = controls.length > 0 ? `${controls.join(", ")} pass` : "no control of the baseline covers it";
  return { verdict: "disagreement", reason: `${judged}; Checkov's check reads the property differently` };
}
