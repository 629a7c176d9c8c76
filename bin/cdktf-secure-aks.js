#!/usr/bin/env node
// `npx cdktf-secure-aks check <cdk.tf.json | cdktf.out>`: the baseline check for CI (see lib/baseline/cli.ts).
"use strict";
const { runCli } = require("../dist/baseline/cli.js");

// A closed pipe (`... | head`) is not an error of the check.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode === undefined ? 0 : process.exitCode);
  throw error;
});
process.exitCode = runCli(process.argv.slice(2));
