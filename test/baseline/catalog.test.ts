import * as fs from "fs";
import * as path from "path";
import { CATALOG, CatalogControl, findControl, getControl } from "../../lib/baseline/catalog";

// CI has the shared contract folder beside the repo; a user's checkout does not.
const CONTROLS_MD = path.resolve(__dirname, "../../../shared/CONTROLS.md");

/** The control rows of CONTROLS.md, in the CatalogControl shape. */
function parseControlsMarkdown(text: string): CatalogControl[] {
  const controls: CatalogControl[] = [];
  let section = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("### ")) section = line.slice(4).trim();
    if (!line.startsWith("| AKS-")) continue;
    const cells = line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
    expect(cells).toHaveLength(8);
    const [id, title, sources, owner, terraform, secureValue, synthCell, tradeOff] = cells;
    const match = /^(yes|partly|no)(?: \((.*)\))?$/.exec(synthCell);
    if (!match) throw new Error(`${id}: unexpected Synth cell "${synthCell}"`);
    controls.push({
      id,
      title,
      section,
      owner,
      synth: match[1] as CatalogControl["synth"],
      ...(match[2] ? { synthNote: match[2] } : {}),
      sources,
      terraform,
      secureValue,
      tradeOff,
    });
  }
  return controls;
}

describe("control catalog", () => {
  test("has the 81 controls of CONTROLS.md with unique, well-formed ids", () => {
    expect(CATALOG).toHaveLength(81);
    expect(new Set(CATALOG.map((c) => c.id)).size).toBe(81);
    for (const control of CATALOG) {
      expect(control.id).toMatch(/^AKS-[A-Z]+-\d{2}$/);
      expect(["yes", "partly", "no"]).toContain(control.synth);
      expect(control.title.length).toBeGreaterThan(3);
    }
    expect(CATALOG.filter((c) => c.synth === "no").map((c) => c.id)).toEqual(["AKS-IAM-14", "AKS-CLU-06", "AKS-SEC-08", "AKS-TEN-02"]);
  });

  test("looks controls up by id", () => {
    expect(getControl("AKS-NET-01").title).toBe("Private API server");
    expect(findControl("AKS-NOPE-01")).toBeUndefined();
    expect(() => getControl("AKS-NOPE-01")).toThrow(/AKS-NOPE-01.*not a control id/);
  });

  const exists = fs.existsSync(CONTROLS_MD);
  (exists ? test : test.skip)("matches ../shared/CONTROLS.md field by field", () => {
    const parsed = parseControlsMarkdown(fs.readFileSync(CONTROLS_MD, "utf8"));
    expect(parsed.map((c) => c.id)).toEqual(CATALOG.map((c) => c.id));
    for (const [i, control] of parsed.entries()) expect(CATALOG[i]).toEqual(control);
  });

  test("the CONTROLS.md parser reads a row and rejects an unexpected Synth cell", () => {
    const row = "| AKS-TEN-01 | Hostile | refs | other | `aks` | value | partly (assert 1:1) | cost |";
    expect(parseControlsMarkdown(`### Topology\n${row}\n`)).toEqual([
      { id: "AKS-TEN-01", title: "Hostile", section: "Topology", owner: "other", synth: "partly", synthNote: "assert 1:1", sources: "refs", terraform: "`aks`", secureValue: "value", tradeOff: "cost" },
    ]);
    expect(() => parseControlsMarkdown(row.replace("partly (assert 1:1)", "maybe"))).toThrow(/unexpected Synth cell "maybe"/);
  });
});
