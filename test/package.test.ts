import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..");

/** The parts of `npm pack --dry-run --json` output this test reads. */
interface PackResult {
  readonly name: string;
  readonly version: string;
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

/** Paths of library sources that become dist files (lib/cluster/secure-cluster.ts → cluster/secure-cluster). */
function librarySources(dir = path.join(root, "lib")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return librarySources(full);
    return entry.name.endsWith(".ts")
      ? [path.relative(path.join(root, "lib"), full).replace(/\\/g, "/").replace(/\.ts$/, "")]
      : [];
  });
}

/**
 * Packs a copy of the repository: its files without node_modules, .git and any stale dist, plus a
 * fresh build into the copy's dist and a cdktf.out as `npm run synth` leaves one, so the listing is
 * exactly what `npm publish` would upload from a clone that has synthesized and built.
 */
function packCopy(): PackResult {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-secure-aks-pack-"));
  try {
    const skip = new Set(["node_modules", ".git", "dist", "cdktf.out", "coverage", "bench-out", ".scratch"]);
    for (const entry of fs.readdirSync(root)) {
      if (skip.has(entry)) continue;
      fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
    }
    fs.mkdirSync(path.join(copy, "cdktf.out", "stacks", "example"), { recursive: true });
    fs.writeFileSync(path.join(copy, "cdktf.out", "stacks", "example", "cdk.tf.json"), "{}\n");
    // ... and the HTML reference `npm run docs` leaves in docs/api/ (built in CI, not published).
    fs.rmSync(path.join(copy, "docs", "api"), { recursive: true, force: true });
    fs.mkdirSync(path.join(copy, "docs", "api"), { recursive: true });
    fs.writeFileSync(path.join(copy, "docs", "api", "index.html"), "<html></html>\n");
    execFileSync(
      path.join(root, "node_modules", ".bin", "tsc"),
      ["-p", path.join(root, "tsconfig.build.json"), "--outDir", path.join(copy, "dist")],
      { cwd: root, stdio: "pipe" },
    );
    // --ignore-scripts: prepack would build again, into the copy's dist, with no node_modules beside it.
    const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: copy,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return (JSON.parse(output) as PackResult[])[0];
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

describe("npm pack", () => {
  let pack: PackResult;
  let files: string[];

  beforeAll(() => {
    pack = packCopy();
    files = pack.files.map((f) => f.path).sort();
  });

  test("is the package named in package.json", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    expect(pack.name).toBe("cdktf-secure-aks");
    expect(pack.filename).toBe(`cdktf-secure-aks-${manifest.version}.tgz`);
  });

  test("ships the README, LICENSE, CHANGELOG, the CLI and the compiled library", () => {
    for (const file of [
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "bin/cdktf-secure-aks.js",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/baseline/cli.js",
    ]) {
      expect(files).toContain(file);
    }
  });

  test("ships a .js and a .d.ts for every library source", () => {
    const missing = librarySources()
      .flatMap((source) => [`dist/${source}.js`, `dist/${source}.d.ts`])
      .filter((file) => !files.includes(file));
    expect(missing).toEqual([]);
  });

  test("ships nothing else: no tests, examples, sources, scripts or synth output", () => {
    const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|bin\/[^/]+\.js|dist\/.+\.(js|d\.ts)|docs\/.+)$/;
    expect(files.filter((file) => !allowed.test(file))).toEqual([]);
    expect(files.filter((file) => /^(test|examples|lib|scripts|cdktf\.out|node_modules|\.ci)\//.test(file))).toEqual(
      [],
    );
    expect(files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
    expect(files.filter((file) => file.startsWith("docs/api/"))).toEqual([]);
  });

  test("main, types, exports and bin point at shipped files", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const targets = [
      manifest.main,
      manifest.types,
      manifest.exports["."].types,
      manifest.exports["."].default,
      ...Object.values(manifest.bin),
    ].map((target: string) => target.replace(/^\.\//, ""));
    for (const target of targets) expect(files).toContain(target);
  });

  test("the LICENSE is the Apache License 2.0 named in package.json", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const license = fs.readFileSync(path.join(root, "LICENSE"), "utf8");
    expect(manifest.license).toBe("Apache-2.0");
    expect(license).toMatch(
      /^Copyright 2026 The cdktf-secure-aks authors\n\n\s+Apache License\n\s+Version 2\.0, January 2004\n/,
    );
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });

  test("the README installs this version's tarball and pins the toolchain this repository tests with", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toContain(`npm install ../${pack.filename}`);
    const block = /```json\n(\{\n {2}"name": "my-platform"[\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const consumer = JSON.parse(block![1]);
    expect(consumer.dependencies[manifest.name]).toBe(`file:../${pack.filename}`);
    const pinned: Record<string, string> = { ...consumer.dependencies, ...consumer.devDependencies };
    const ours: Record<string, string> = manifest.devDependencies;
    const shared = Object.keys(pinned).filter((name) => name in ours);
    expect(shared.length).toBeGreaterThanOrEqual(10);
    for (const name of shared) expect(`${name}@${pinned[name]}`).toBe(`${name}@${ours[name].replace(/^\^/, "")}`);
  });
});
