import * as fs from "fs";
import * as path from "path";
import { CATALOG, CatalogControl, findControl, getControl } from "../../lib/baseline/catalog";
import { ALL_RULES } from "../../lib/baseline/rules/index";

// CI has the shared contract folder beside the repo; a user's checkout does not.
const CONTROLS_MD = path.resolve(__dirname, "../../../shared/CONTROLS.md");

/** The control rows of CONTROLS.md, in the CatalogControl shape. */
function parseControlsMarkdown(text: string): CatalogControl[] {
  const controls: CatalogControl[] = [];
  let section = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("### ")) section = line.slice(4).trim();
    if (!line.startsWith("| AKS-")) continue;
    const cells = line
      .trim()
      .replace(/^\|/, "")
      .replace(/\|$/, "")
      .split("|")
      .map((c) => c.trim());
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
  test("has the 81 controls of CONTROLS.md plus the library's additions, with unique, well-formed ids", () => {
    expect(CATALOG.filter((c) => c.addedIn === undefined)).toHaveLength(81);
    expect(new Set(CATALOG.map((c) => c.id)).size).toBe(CATALOG.length);
    for (const control of CATALOG) {
      expect(control.id).toMatch(/^AKS-[A-Z]+-\d{2}$/);
      expect(["yes", "partly", "no"]).toContain(control.synth);
      expect(control.title.length).toBeGreaterThan(3);
    }
    expect(CATALOG.filter((c) => c.synth === "no").map((c) => c.id)).toEqual([
      "AKS-IAM-14",
      "AKS-CLU-06",
      "AKS-SEC-08",
      "AKS-TEN-02",
    ]);
  });

  test("looks controls up by id", () => {
    expect(getControl("AKS-NET-01").title).toBe("Private API server");
    expect(findControl("AKS-NOPE-01")).toBeUndefined();
    expect(() => getControl("AKS-NOPE-01")).toThrow(/AKS-NOPE-01.*not a control id/);
  });

  const exists = fs.existsSync(CONTROLS_MD);
  (exists ? test : test.skip)("matches ../shared/CONTROLS.md field by field", () => {
    const parsed = parseControlsMarkdown(fs.readFileSync(CONTROLS_MD, "utf8"));
    const fromControlsMd = CATALOG.filter((c) => c.addedIn === undefined);
    expect(parsed.map((c) => c.id)).toEqual(fromControlsMd.map((c) => c.id));
    // The CONTROLS.md columns only: severity and references are the library's decisions for its rules.
    const columns = ({ severity: _severity, references: _references, ...row }: CatalogControl) => row;
    for (const [i, control] of parsed.entries()) expect(columns(fromControlsMd[i])).toEqual(control);
    // Controls the library added are not in CONTROLS.md, and every one sits in one of its sections.
    const sections = new Set(parsed.map((c) => c.section));
    for (const added of CATALOG.filter((c) => c.addedIn !== undefined)) {
      expect(parsed.map((c) => c.id)).not.toContain(added.id);
      expect(sections).toContain(added.section);
    }
  });

  test("controls added by the library have the full row shape and a version", () => {
    for (const added of CATALOG.filter((c) => c.addedIn !== undefined)) {
      expect(added.addedIn).toMatch(/^\d+\.\d+\.\d+$/);
      for (const field of ["title", "owner", "sources", "terraform", "secureValue", "tradeOff"] as const)
        expect(added[field].length).toBeGreaterThan(3);
    }
  });

  test("the CONTROLS.md parser reads a row and rejects an unexpected Synth cell", () => {
    const row = "| AKS-TEN-01 | Hostile | refs | other | `aks` | value | partly (assert 1:1) | cost |";
    expect(parseControlsMarkdown(`### Topology\n${row}\n`)).toEqual([
      {
        id: "AKS-TEN-01",
        title: "Hostile",
        section: "Topology",
        owner: "other",
        synth: "partly",
        synthNote: "assert 1:1",
        sources: "refs",
        terraform: "`aks`",
        secureValue: "value",
        tradeOff: "cost",
      },
    ]);
    expect(() => parseControlsMarkdown(row.replace("partly (assert 1:1)", "maybe"))).toThrow(
      /unexpected Synth cell "maybe"/,
    );
  });
});

describe("references of each ruled control match its sources", () => {
  const MCSB_ID = /\b([A-Z]{2}-\d+)\b/g;
  const GUID_PREFIX = /\b([0-9a-f]{8})\b/g;

  test.each(ALL_RULES.map((rule) => [rule.id, rule] as const))("%s", (id, rule) => {
    const sources = getControl(id).sources;
    const refs = rule.references;
    expect(refs).toBe(getControl(id).references);
    // Every Azure Policy id and MCSB control the rule cites is in the row's sources ...
    expect((refs.azurePolicy ?? []).filter((guid) => !sources.includes(guid.slice(0, 8)))).toEqual([]);
    expect((refs.mcsb ?? []).filter((control) => !new RegExp(`\\b${control}\\b`).test(sources))).toEqual([]);
    // ... and every MCSB control and policy/KICS id of the row is cited by the rule.
    expect(
      [...new Set([...sources.matchAll(MCSB_ID)].map((m) => m[1]))].filter(
        (control) => !(refs.mcsb ?? []).includes(control),
      ),
    ).toEqual([]);
    const cited = [...(refs.azurePolicy ?? []), ...(refs.kics ?? []), ...(refs.other ?? [])];
    expect(
      [...new Set([...sources.matchAll(GUID_PREFIX)].map((m) => m[1]))].filter(
        (prefix) => !cited.some((ref) => ref.startsWith(prefix)),
      ),
    ).toEqual([]);
  });

  test("AKS-DEF-01 cites MCSB LT-2, IR-3 and IR-5; AKS-NS-02 does not cite the internal-LB policy", () => {
    const rule = (id: string) => ALL_RULES.find((candidate) => candidate.id === id)!;
    expect(rule("AKS-DEF-01").references.mcsb).toEqual(expect.arrayContaining(["LT-1", "LT-2", "IR-3", "IR-5"]));
    expect(rule("AKS-NS-02").references.azurePolicy ?? []).not.toContain("3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e");
  });
});
