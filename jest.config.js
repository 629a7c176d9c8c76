/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
  // The examples import the package by name, as user code does (tsconfig.json "paths" for tsc).
  moduleNameMapper: { "^cdktf-secure-aks$": "<rootDir>/lib/index.ts" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // Synthesizing Azure stacks is CPU-bound; two workers match the CI machine.
  maxWorkers: 2,
  // Each test file loads cdktf and the provider classes into a fresh module registry, and V8 lets the
  // old ones pile up: a worker that ran half the suite ends with 1-1.2 GB of heap. It leaves no open
  // handle ("exit" fires within 1 ms of jest's end message, --detectOpenHandles finds nothing), but
  // tearing down that heap took longer than the 500 ms jest-worker allows before it force-kills the
  // worker, hence "A worker process has failed to exit gracefully" on a busy machine. Recycling a
  // worker once its heap passes 512 MB after a test file keeps the teardown short (and the suite's
  // memory at a third).
  workerIdleMemoryLimit: "512MB",
  testTimeout: 60000,
};
