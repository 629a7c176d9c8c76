/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // Synthesizing Azure stacks is CPU-bound; two workers match the CI machine.
  maxWorkers: 2,
  testTimeout: 60000,
};
