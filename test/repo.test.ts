import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..");

function tsFiles(dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(rel);
    return entry.name.endsWith(".ts") ? [rel] : [];
  });
}

/**
 * A module specifier that loads a provider barrel. The packages have no "exports" map, so
 * "<pkg>/lib", "<pkg>/lib/index(.js)" and "<pkg>/lib/lazy-index(.js)" reach it as well as "<pkg>".
 * eslint.config.mjs bans the same specifiers.
 */
const BARREL_SPECIFIER = String.raw`@cdktf\/provider-(?:azurerm|kubernetes)(?:\/lib(?:\/(?:index|lazy-index)(?:\.js)?)?)?\/?`;
/** Static and dynamic imports, re-exports, side-effect imports and require() of a barrel. */
const BARREL_IMPORT = new RegExp(
  String.raw`(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']${BARREL_SPECIFIER}["']`,
);

const BYPASSES = [
  'import { KubernetesCluster } from "@cdktf/provider-azurerm";',
  'import { KubernetesCluster } from "@cdktf/provider-azurerm/lib";',
  'import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/index";',
  "import * as k8s from '@cdktf/provider-kubernetes/lib/index.js';",
  'import { Namespace } from "@cdktf/provider-kubernetes/lib/";',
  'import * as lazy from "@cdktf/provider-azurerm/lib/lazy-index";',
  'export * from "@cdktf/provider-kubernetes/lib";',
  'import "@cdktf/provider-azurerm";',
  'const azurerm = require("@cdktf/provider-azurerm/lib");',
  'const k8s = await import("@cdktf/provider-kubernetes/lib/index");',
];
const DEEP = [
  'import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";',
  'import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1/index";',
  'import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";',
  'import { Index } from "@cdktf/provider-azurerm/lib/index-something";',
];

describe("repository rules", () => {
  const sources = [...tsFiles("lib"), ...tsFiles("examples")];

  it("finds the library and example sources", () => {
    expect(sources.length).toBeGreaterThan(1);
    expect(sources).toContain(path.join("lib", "index.ts"));
  });

  it.each(sources)("%s imports provider classes by deep path only", (file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    expect(text).not.toMatch(BARREL_IMPORT);
  });

  it.each(BYPASSES)("the test's pattern catches %s", (line) => {
    expect(line).toMatch(BARREL_IMPORT);
  });

  it.each(DEEP)("the test's pattern allows %s", (line) => {
    expect(line).not.toMatch(BARREL_IMPORT);
  });

  it("the lint rule reports every barrel specifier and no deep import", () => {
    const probe = [...BYPASSES.map((line, i) => line.replace(/^(import|const|export)/, `/* ${i} */ $1`)), ...DEEP].join(
      "\n",
    );
    let output = "";
    try {
      output = execFileSync(
        path.join(root, "node_modules", ".bin", "eslint"),
        ["--stdin", "--stdin-filename", "lib/barrel-probe.ts", "--format", "json"],
        { cwd: root, input: probe, encoding: "utf8" },
      );
    } catch (e) {
      // eslint exits 1 when it reports errors; the report is still on stdout.
      output = (e as { stdout: string }).stdout;
    }
    const messages: { line: number; ruleId: string }[] = JSON.parse(output)[0].messages;
    const barrelRules = [
      "@typescript-eslint/no-restricted-imports",
      "no-restricted-syntax",
      "@typescript-eslint/no-require-imports",
    ];
    const flagged = new Set(messages.filter((m) => barrelRules.includes(m.ruleId)).map((m) => m.line));
    expect([...flagged].sort((a, b) => a - b)).toEqual(BYPASSES.map((_, i) => i + 1));
  });
});
