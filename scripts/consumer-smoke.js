#!/usr/bin/env node
// The README's "Use it in your project" guide, run as a new user would: packs the library, writes a
// fresh project next to the tarball from the README's marked blocks (`<!-- consumer-file:NAME -->`
// right before a fenced block; blocks with the same NAME are concatenated), installs it with one
// `npm install` from the registry, then runs `npm test` (tsc and the README's snapshot test with the
// baseline), `npm run synth` (cdktf synth), the second app (topology.ts) through `cdktf synth --app`,
// and the baseline CLI over both outputs. It also compiles a file importing every name the
// package's dist/index.d.ts exports, so a type named in a public signature but not exported fails
// here too. Every ```ts block of the README must be such a file: nothing in it goes untested.
//
//   node scripts/consumer-smoke.js [--keep]    (--keep leaves the temporary project for a look)
"use strict";
const { execFileSync, spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { offlineCdktfEnv } = require("./offline-env");

const root = path.resolve(__dirname, "..");
const keep = process.argv.includes("--keep");
const env = offlineCdktfEnv();
// jest writes the new snapshot of a fresh project only outside CI mode.
delete env.CI;
const timings = [];

function step(name, command, args, cwd) {
  const started = Date.now();
  console.log(`\n== ${name}: ${[command, ...args].join(" ")}`);
  execFileSync(command, args, { cwd, env, stdio: "inherit" });
  timings.push([name, (Date.now() - started) / 1000]);
}

/** The README's marked blocks, by file name, and the ```ts blocks that carry no marker. */
function readmeFiles() {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const files = new Map();
  const unmarked = [];
  const fence = /^(<!-- consumer-file:([^\s]+) -->\n)?```(\w*)\n([\s\S]*?)^```$/gm;
  for (const match of readme.matchAll(fence)) {
    const [, , name, language, body] = match;
    if (name) files.set(name, files.has(name) ? `${files.get(name)}\n${body}` : body);
    else if (language === "ts" || language === "typescript") {
      unmarked.push(`README.md line ${readme.slice(0, match.index).split("\n").length}`);
    }
  }
  return { files, unmarked };
}

/** Every name dist/index.d.ts exports (`export { ... } from` / `export type { ... } from`). */
function publicNames(indexDts) {
  const text = fs.readFileSync(indexDts, "utf8");
  const values = [];
  const types = [];
  for (const [, type, names] of text.matchAll(/^export (type )?\{([^}]*)\} from "[^"]+";$/gm)) {
    const list = names
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean);
    (type ? types : values).push(...list);
  }
  if (values.length + types.length === 0 || /^export \*/m.test(text)) {
    throw new Error(`${indexDts}: expected named exports only (export { ... } from), found none or export *`);
  }
  return { values, types };
}

function main() {
  const started = Date.now();
  const { files, unmarked } = readmeFiles();
  if (unmarked.length) {
    throw new Error(
      `README TypeScript blocks without a <!-- consumer-file:NAME --> marker (the smoke test compiles every one): ${unmarked.join(", ")}`,
    );
  }
  for (const required of ["package.json", "tsconfig.json", "cdktf.json", "main.ts", "topology.ts"]) {
    if (!files.has(required)) throw new Error(`README.md has no <!-- consumer-file:${required} --> block`);
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-secure-aks-consumer-"));
  const project = path.join(work, "my-platform");
  let ok = false;
  try {
    // The README installs the tarball from the project's parent folder: pack it there.
    step("pack", "npm", ["pack", "--pack-destination", work, "--silent"], root);
    const manifest = JSON.parse(files.get("package.json"));
    const tarball = fs.readdirSync(work).find((file) => file.endsWith(".tgz"));
    const wanted = manifest.dependencies?.["cdktf-secure-aks"];
    if (wanted !== `file:../${tarball}`) {
      throw new Error(`README package.json installs ${wanted}, but npm pack wrote ${tarball}`);
    }

    fs.mkdirSync(project);
    for (const [name, body] of files) fs.writeFileSync(path.join(project, name), body);
    console.log(`\n${project}: ${[...files.keys()].join(", ")} from README.md`);

    step("install", "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], project);

    const { values, types } = publicNames(path.join(project, "node_modules", "cdktf-secure-aks", "dist", "index.d.ts"));
    fs.writeFileSync(
      path.join(project, "public-api.ts"),
      [
        "// Every public name of cdktf-secure-aks, imported by name (written by scripts/consumer-smoke.js).",
        `import { ${values.join(", ")} } from "cdktf-secure-aks";`,
        `import type { ${types.join(", ")} } from "cdktf-secure-aks";`,
        `export { ${values.join(", ")} };`,
        `export type { ${types.join(", ")} };`,
        "",
      ].join("\n"),
    );
    console.log(`public-api.ts imports all ${values.length + types.length} exported names`);

    step("test (tsc --noEmit && jest)", "npm", ["test", "--silent"], project);
    step("synth main.ts", "npm", ["run", "synth", "--silent"], project);
    step(
      "synth topology.ts",
      "npx",
      ["cdktf", "synth", "--app", "npx ts-node --swc topology.ts", "--output", "cdktf.out.topology"],
      project,
    );
    step("baseline CLI, main.ts", "npx", ["cdktf-secure-aks", "check", "cdktf.out"], project);
    step("baseline CLI, topology.ts", "npx", ["cdktf-secure-aks", "check", "cdktf.out.topology"], project);
    ok = true;
  } finally {
    if (keep || !ok) console.log(`\nproject kept in ${project}`);
    else {
      // ~800 packages, tens of thousands of files (the provider bindings): deleting them takes longer
      // than installing them on a busy disk, and nothing waits for it, so it runs in the background.
      spawn("rm", ["-rf", work], { detached: true, stdio: "ignore" }).unref();
      console.log(`\nremoving ${work} in the background`);
    }
    const total = (Date.now() - started) / 1000;
    console.log(`\nconsumer smoke test ${ok ? "passed" : "FAILED"} in ${total.toFixed(0)} s`);
    for (const [name, seconds] of timings) console.log(`  ${name.padEnd(30)} ${seconds.toFixed(1).padStart(6)} s`);
  }
}

try {
  main();
} catch (error) {
  console.error(`\nconsumer smoke test: ${error.message}`);
  process.exit(1);
}
