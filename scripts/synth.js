#!/usr/bin/env node
// Synthesizes every example stack into cdktf.out/ with the cdktf CLI, offline, and lists them.
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { offlineCdktfEnv } = require("./offline-env");

const root = path.resolve(__dirname, "..");
const env = offlineCdktfEnv();
const cli = path.join(root, "node_modules", ".bin", "cdktf");
const result = spawnSync(cli, ["synth", "--output", "cdktf.out"], { cwd: root, env, stdio: "inherit" });
if (result.status !== 0) {
  process.exit(result.status ?? 1);
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, "cdktf.out", "manifest.json"), "utf8"));
const stacks = Object.values(manifest.stacks).sort((a, b) => a.name.localeCompare(b.name));
console.log(`\n${stacks.length} stack(s) synthesized into cdktf.out/:`);
for (const stack of stacks) {
  const file = path.join("cdktf.out", stack.synthesizedStackPath);
  const json = JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));
  const resources = Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  console.log(`  ${stack.name.padEnd(32)} ${String(resources).padStart(4)} resources  ${file}`);
}
