import { findControl } from "./catalog";
import { BaselineFinding, BaselineResult } from "./checker";
import { findingId, formatValue } from "./report";
import { Rule } from "./rule";

/** One checked Terraform document (a cdk.tf.json, or the *.tf.json files of a module) and its result. */
export interface SarifInput {
  /**
   * Each file as it should appear in the SARIF log (`uri` relative to the repository root, "/"
   * separated) and its text, to point each result at the line that declares the resource.
   */
  readonly files: readonly { readonly uri: string; readonly text: string }[];
  readonly result: BaselineResult;
}

/** The SARIF 2.1.0 schema GitHub code scanning and the OASIS standard use (rtm.5, the final 2.1.0). */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

const LEVEL = { error: "error", warning: "warning" } as const;

/**
 * A SARIF 2.1.0 log of the baseline's findings, for GitHub code scanning and other SARIF readers:
 * one rule per control (title, fix and the catalog's secure value as help), one result per failed,
 * unknown or suppressed finding (suppressed ones carry their reason as an external suppression),
 * located at the resource's line in the file, with the
 * stable finding id as fingerprint. Passed checks are not results.
 */
export function buildSarif(
  inputs: readonly SarifInput[],
  rules: readonly Rule[],
  version: string,
): Record<string, unknown> {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(sorted.map((rule, i) => [rule.id, i]));
  const results = inputs.flatMap((input) => {
    const files = input.files.map((file) => ({ uri: file.uri, line: lineIndex(file.text) }));
    const locate = (type: string, name: string): { uri: string; line: number } => {
      for (const file of files) {
        const line = file.line(type, name);
        if (line !== undefined) return { uri: file.uri, line };
      }
      return { uri: files[0]?.uri ?? "", line: 1 };
    };
    return input.result.findings
      .filter((f) => f.outcome !== "passed")
      .map((f) => sarifResult(f, locate, index.get(f.ruleId)));
  });
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "cdktf-secure-aks",
            version,
            rules: sorted.map(sarifRule),
          },
        },
        results,
      },
    ],
  };
}

function sarifRule(rule: Rule): Record<string, unknown> {
  const control = findControl(rule.id);
  const secure = control ? ` Secure value: ${control.secureValue.replace(/`/g, "")}.` : "";
  const tradeOff = control && control.tradeOff ? ` Trade-off: ${control.tradeOff.replace(/`/g, "")}` : "";
  return {
    id: rule.id,
    name: rule.id.replace(/-/g, ""),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title}${control ? ` (${control.section})` : ""}.${secure}` },
    help: { text: `Fix: ${rule.fix}${secure}${tradeOff}` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ["security", "aks", ...(control ? [control.section] : [])] },
  };
}

function sarifResult(
  f: BaselineFinding,
  locate: (type: string, name: string) => { uri: string; line: number },
  ruleIndex: number | undefined,
): Record<string, unknown> {
  const found = f.attribute !== undefined ? ` ${f.attribute} = ${formatValue(f.value)}.` : "";
  const state = f.outcome === "unknown" || f.suppressedOutcome === "unknown" ? "is unknown until apply" : "fails";
  const { uri, line } = locate(f.resourceType, f.address.slice(f.resourceType.length + 1));
  return {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    // An unknown is not a failure: a note, so code scanning lists it without failing a check.
    level: f.outcome === "unknown" ? "note" : LEVEL[f.severity],
    message: {
      text: `${f.ruleId} ${f.title} ${state} on ${f.constructPath ?? f.address}.${found}${f.message ? ` ${f.message}` : ""} Fix: ${f.fix}`,
    },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri }, region: { startLine: line } },
        logicalLocations: [{ fullyQualifiedName: f.address, kind: "resource" }],
      },
    ],
    partialFingerprints: { "cdktfSecureAksFinding/v1": findingId(f) },
    ...(f.outcome === "suppressed"
      ? { suppressions: [{ kind: "external", justification: f.suppression?.reason ?? "" }] }
      : {}),
  };
}

/**
 * The 1-based line declaring `"<name>": {` after the line declaring `"<type>": {` (cdk.tf.json and
 * hand-written Terraform JSON alike); undefined when the file does not declare it that way.
 */
function lineIndex(text: string): (type: string, name: string) => number | undefined {
  const lines = text.split(/\r?\n/);
  return (type, name) => {
    const typeKey = `${JSON.stringify(type)}:`;
    const nameKey = `${JSON.stringify(name)}:`;
    let inType = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/\s+/g, "");
      if (line.startsWith(typeKey)) inType = true;
      else if (inType && line.startsWith(nameKey)) return i + 1;
    }
    return undefined;
  };
}
