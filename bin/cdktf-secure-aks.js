#!/usr/bin/env node
// `npx cdktf-secure-aks check <cdk.tf.json | cdktf.out>`: the baseline check for CI (see lib/baseline/cli.ts).
"use strict";
const { runCli } = require("../dist/baseline/cli.js");

process.exitCode = runCli(process.argv.slice(2));
