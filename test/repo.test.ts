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

describe("repository rules", () => {
  const sources = [...tsFiles("lib"), ...tsFiles("examples")];

  it("finds the library and example sources", () => {
    expect(sources.length).toBeGreaterThan(1);
    expect(sources).toContain(path.join("lib", "index.ts"));
  });

  it.each(sources)("%s imports provider classes by deep path only", (file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const barrel = /(from\s+|require\()\s*["']@cdktf\/provider-(azurerm|kubernetes)["']/;
    expect(text).not.toMatch(barrel);
  });
});
