#!/usr/bin/env node
// Writes lib/index.ts, the package's public entry, from the table below: named exports only, one
// `export { ... }` (values) and one `export type { ... }` (types) per public module.
//
//   node scripts/public-api.js           rewrite lib/index.ts (`npm run api` runs it first)
//   node scripts/public-api.js --check   fail when lib/index.ts is not what the table gives (CI)
//
// A module under lib/ is PUBLIC (all its exports, less the `internal` names, or just the `only`
// names) or internal (none of them). Internal is the default: a new file publishes nothing until it
// is added to PUBLIC, and the script names the files it kept internal without being told (INTERNAL
// lists those that are internal on purpose). A new export of a public module becomes public by
// itself: the API report (etc/cdktf-secure-aks.api.md) diff shows it in review. A type named in a
// public signature that this table leaves out fails api-extractor (ae-forgotten-export), naming it:
// add its module to PUBLIC (or the name to its `only` list).
"use strict";
const fs = require("fs");
const path = require("path");
const ts = require("typescript");
const prettier = require("prettier");

const root = path.resolve(__dirname, "..");
const lib = path.join(root, "lib");
const indexFile = path.join(lib, "index.ts");

/**
 * Public modules, in the order lib/index.ts lists them. `internal`: exports that stay out of the
 * entry (helpers the constructs share, constants only the rules read). `only`: the module is mostly
 * machinery; these names are what users name.
 */
const PUBLIC = [
  // Constructs and their props.
  { module: "cluster/secure-cluster", internal: ["AKS_SERVER_APPLICATION_ID"] },
  { module: "cluster/cluster-ref" },
  { module: "cluster/imported-cluster" },
  { module: "cluster/api-server-access" },
  { module: "cluster/cluster-base" },
  // What ClusterBase subclasses (clusters implemented outside the library) provide to their pools.
  { module: "cluster/node-pool-registry", only: ["ClusterNodePoolSettings", "PoolNameClaim"] },
  { module: "cluster/cluster-identity" },
  { module: "cluster/cluster-diagnostics", internal: ["resolveLogCategories"] },
  { module: "cluster/api-server-private-dns-zone" },
  { module: "cluster/secure-node-pool" },
  { module: "cluster/node-pool-options", only: ["NodePoolOptions"] },
  {
    module: "cluster/cluster-guardrails",
    internal: ["GUARDRAIL_POLICY_IDS", "assignRestrictedPodSecurity"],
  },
  { module: "cluster/kubernetes-version" },
  {
    // The release calendar is documented data (README); the date arithmetic over it is not.
    module: "cluster/kubernetes-versions",
    only: [
      "KUBERNETES_CALENDAR",
      "KUBERNETES_CALENDAR_READ_ON",
      "NEWEST_CALENDAR_MINOR",
      "TODAY_CONTEXT_KEY",
      "KubernetesMinorRelease",
      "MinorStatus",
      "VersionSupport",
    ],
  },
  { module: "network/cluster-network" },
  { module: "network/cluster-egress" },
  // ClusterNetwork.firewallEgressRules: the rule collection the cluster and DefenderPlan add to.
  { module: "network/azure-firewall-egress", only: ["AzureFirewallEgressRules"] },
  // ClusterNetwork's parts (subnets, egressPath, deploymentRunnerSubnet): escape hatches to their resources.
  { module: "network/cluster-network-props", only: ["ResolvedClusterNetworkProps"] },
  { module: "network/cluster-subnets" },
  { module: "network/cluster-egress-path" },
  { module: "network/deployment-runner-subnet" },
  { module: "network/azure-firewall" },
  { module: "network/azure-firewall-diagnostics" },
  { module: "network/vnet-flow-log" },
  { module: "namespace/isolated-namespace" },
  { module: "namespace/tenant-namespace-ref" },
  { module: "namespace/tenant-roles" },
  { module: "namespace/tenant-access-levels" },
  { module: "namespace/cluster-user-access" },
  { module: "namespace/quantity", only: ["Quantity"] },
  { module: "registry/private-linked-service", only: ["PrivateLinkedService", "PrivateLinkTarget"] },
  { module: "registry/registry-base", only: ["RegistryBase"] },
  { module: "registry/registry-encryption", only: ["RegistryEncryption", "RegistryEncryptionArgs"] },
  { module: "registry/acr-integration" },
  { module: "registry/cluster-allowed-images", only: ["ClusterAllowedImages"] },
  { module: "registry/namespace-allowed-images", only: ["NamespaceAllowedImages", "NamespaceAllowedImagesProps"] },
  { module: "registry/private-link", only: ["PrivateLinkOptions"] },
  { module: "secrets/vault-base", only: ["VaultBase"] },
  { module: "secrets/key-vault-csi" },
  { module: "defender/defender-plan" },
  { module: "topology/tenant-platform", internal: ["defaultAddressSpace", "defaultPoolName"] },
  // The baseline: apply it, test with it, read its catalog and report, write rules for it.
  { module: "baseline/security-baseline", internal: ["VERBOSE_ENV"] },
  { module: "baseline/baseline-record", only: ["BaselineRecord", "BaselineRecordProps", "EmbeddedBaselineRecord"] },
  { module: "baseline/synth-secure" },
  { module: "baseline/jest-matcher", internal: ["expectedVersusReceived"] },
  { module: "baseline/checker", internal: ["isUnderConstructPath"] },
  { module: "baseline/catalog/index" },
  { module: "baseline/scanners" },
  // BaselineReport.scanners: how each finding maps to the scanners' checks.
  { module: "baseline/scanner-view", only: ["ScannerVerdict", "ScannerViewEntry"] },
  { module: "baseline/report", only: ["BaselineReport", "ReportFinding", "REPORT_JSON_FILE", "REPORT_MARKDOWN_FILE"] },
  {
    // What a custom rule (SecurityBaselineOptions.rules) implements and reads.
    module: "baseline/rule",
    only: [
      "Rule",
      "RuleFinding",
      "Severity",
      "ControlReferences",
      "TerraformDocument",
      "TerraformResource",
      "DocumentIndex",
      "DocumentWork",
    ],
  },
  { module: "baseline/document", only: ["parseTerraformDocument"] },
  { module: "baseline/rules/index", only: ["ALL_RULES"] },
  // Errors users catch.
  { module: "util/validation", only: ["SecureAksValidationError"] },
];

/** Modules (or folders, ending in "/") that export nothing publicly, on purpose. */
const INTERNAL = [
  "index", // the entry itself
  "util/", // validation vocabulary, resource ids, CIDR arithmetic, regions, role ids
  "cluster/cluster-ownership",
  // Props resolvers and shared checks: their public names come through the construct's module.
  "cluster/api-server-access-checks",
  "cluster/cluster-addressing",
  "cluster/cluster-kubernetes-provider",
  "cluster/derived-name",
  "cluster/resolve-secure-cluster-props",
  "cluster/secure-cluster-props",
  "network/azure-firewall-options",
  "namespace/cluster-namespaces",
  "namespace/dedicated-pool-placement",
  "namespace/isolated-namespace-props",
  "namespace/network-peers",
  "namespace/tenant-access",
  "namespace/tenant-context",
  "namespace/tenant-disruption-budgets",
  "namespace/tenant-network-policies",
  "namespace/tenant-quotas",
  "namespace/workload-identities",
  "registry/imported-registry",
  "secrets/imported-vault",
  "secrets/vault-objects",
  "secrets/vault-placeholders",
  "secrets/vault-read-grant",
  "topology/tenant-declaration",
  "topology/tenant-platform-props",
  "baseline/catalog/", // section data; CATALOG and its lookups are public through baseline/catalog/index
  "baseline/checkov/", // Checkov check restatements; CheckovCheck is public through baseline/scanners
  "namespace/kubernetes-names",
  "namespace/tenant-guardrail-manifests",
  "baseline/rules/", // one rule per control, their shared finding helpers (ALL_RULES is public)
  "baseline/cdktf-adapter", // hooks into cdktf internals
  "baseline/cli", // bin/cdktf-secure-aks.js loads dist/baseline/cli.js itself
  "baseline/sarif", // CLI output formats
  "baseline/junit",
  "baseline/references",
  "baseline/rule-exemptions",
  "baseline/suppression-reason",
];

function libModules(dir = lib) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return libModules(full);
    if (!entry.name.endsWith(".ts") || entry.name.endsWith(".d.ts")) return [];
    return [path.relative(lib, full).replace(/\\/g, "/").replace(/\.ts$/, "")];
  });
}

function isInternal(module) {
  return INTERNAL.some((entry) => (entry.endsWith("/") ? module.startsWith(entry) : module === entry));
}

/** Exported names of each public module, split into values and types, after `only`/`internal`. */
function publicNames() {
  const files = PUBLIC.map((entry) => path.join(lib, `${entry.module}.ts`));
  const { config } = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const program = ts.createProgram(files, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const problems = [];
  const seen = new Map();
  const groups = PUBLIC.map((entry, i) => {
    const source = program.getSourceFile(files[i]);
    const symbol = source && checker.getSymbolAtLocation(source);
    if (!symbol) {
      problems.push(`lib/${entry.module}.ts: no such module (or it exports nothing)`);
      return { module: entry.module, values: [], types: [] };
    }
    const exported = new Map(checker.getExportsOfModule(symbol).map((s) => [s.name, s]));
    for (const name of [...(entry.only ?? []), ...(entry.internal ?? [])]) {
      if (!exported.has(name)) problems.push(`lib/${entry.module}.ts does not export ${name} (named in the table)`);
    }
    const names = [...exported.keys()].filter((name) =>
      entry.only ? entry.only.includes(name) : !(entry.internal ?? []).includes(name),
    );
    const values = [];
    const types = [];
    for (const name of names.sort()) {
      if (seen.has(name)) problems.push(`${name} is exported by lib/${seen.get(name)}.ts and lib/${entry.module}.ts`);
      seen.set(name, entry.module);
      let target = exported.get(name);
      if (target.flags & ts.SymbolFlags.Alias) target = checker.getAliasedSymbol(target);
      (target.flags & ts.SymbolFlags.Value ? values : types).push(name);
    }
    return { module: entry.module, values, types };
  });
  return { groups, problems };
}

async function render(groups) {
  const lines = [
    "// The public entry of cdktf-secure-aks. Generated by scripts/public-api.js from its module table:",
    "// edit the table there, then `npm run api` (rewrites this file and etc/cdktf-secure-aks.api.md).",
  ];
  for (const { module, values, types } of groups) {
    if (values.length) lines.push(`export { ${values.join(", ")} } from "./${module}";`);
    if (types.length) lines.push(`export type { ${types.join(", ")} } from "./${module}";`);
  }
  const options = (await prettier.resolveConfig(indexFile)) ?? {};
  return prettier.format(lines.join("\n") + "\n", { ...options, filepath: indexFile });
}

async function main() {
  const check = process.argv.includes("--check");
  const listed = new Set(PUBLIC.map((entry) => entry.module));
  const unlisted = libModules().filter((module) => !listed.has(module) && !isInternal(module));
  if (unlisted.length) {
    const files = unlisted.map((module) => `  lib/${module}.ts`).join("\n");
    console.log(`kept internal, not in scripts/public-api.js (add each to PUBLIC or INTERNAL):\n${files}`);
  }
  const { groups, problems } = publicNames();
  if (problems.length) {
    for (const problem of problems) console.error(problem);
    process.exit(1);
  }
  const text = await render(groups);
  const count = groups.reduce((n, g) => n + g.values.length + g.types.length, 0);
  const current = fs.existsSync(indexFile) ? fs.readFileSync(indexFile, "utf8") : "";
  if (check) {
    if (current !== text) {
      console.error(
        "lib/index.ts is not what scripts/public-api.js generates: run `npm run api` and commit the result",
      );
      process.exit(1);
    }
    console.log(`lib/index.ts is up to date (${count} public names)`);
  } else {
    if (current !== text) fs.writeFileSync(indexFile, text);
    console.log(`lib/index.ts: ${count} public names from ${groups.length} modules`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
