// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

const barrelBan = {
  paths: [
    {
      name: "@cdktf/provider-azurerm",
      message: "Import the resource by deep path (@cdktf/provider-azurerm/lib/<resource>): the barrel costs ~2.5 s and ~350 MB per process.",
    },
    {
      name: "@cdktf/provider-kubernetes",
      message: "Import the resource by deep path (@cdktf/provider-kubernetes/lib/<resource>): the barrel loads every resource class.",
    },
  ],
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "cdktf.out/**", "coverage/**", "bench-out/**"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", barrelBan],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    files: ["scripts/**/*.js", "bin/**/*.js", "*.js"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
