import * as fs from "fs";
import { CATALOG } from "../../lib/baseline/catalog";
import { CONTROLS_DOC, renderControlsDoc } from "../../scripts/controls-doc";

describe("docs/controls.md", () => {
  const rendered = renderControlsDoc();

  test("is what `npm run docs:controls` writes from the catalog", () => {
    const committed = fs.existsSync(CONTROLS_DOC) ? fs.readFileSync(CONTROLS_DOC, "utf8") : "(missing)";
    if (committed === rendered) return;
    const [was, now] = [committed.split("\n"), rendered.split("\n")];
    const line = now.findIndex((text, i) => text !== was[i]);
    throw new Error(
      "docs/controls.md differs from the control catalog (lib/baseline/catalog, lib/baseline/scanners.ts): " +
        "run `npm run docs:controls` and commit the result.\n" +
        `First difference at line ${(line === -1 ? now.length : line) + 1}: committed ${JSON.stringify(was[line] ?? was[now.length])}, catalog ${JSON.stringify(now[line])}.`,
    );
  });

  test("has every control once, with its severity, owner, secure value and scanner ids", () => {
    for (const control of CATALOG) {
      expect(rendered.split(`\n### ${control.id} `)).toHaveLength(2);
      expect(rendered).toContain(`| [${control.id}](#${control.id.toLowerCase()}) |`);
    }
    const net05 = rendered.slice(rendered.indexOf("### AKS-NET-05 "), rendered.indexOf("### AKS-NET-06 "));
    expect(net05).toContain("- Severity: error\n");
    expect(net05).toContain("- Owner: SecureCluster\n");
    expect(net05).toContain("- Secure value: cilium\n");
    expect(net05).toContain("- Scanners: Checkov: CKV_AZURE_7; PSRule: Azure.AKS.NetworkPolicy\n");
    const iam14 = rendered.slice(rendered.indexOf("### AKS-IAM-14 "), rendered.indexOf("## Network"));
    expect(iam14).toContain("- Severity: not checked\n");
    const ten05 = rendered.slice(rendered.indexOf("### AKS-TEN-05 "), rendered.indexOf("### AKS-TEN-06 "));
    expect(ten05).toContain("- Added in: 0.2.0");
  });
});
