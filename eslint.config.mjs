// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Every specifier that loads a provider barrel: the package itself and, since the packages have no
 * "exports" map, also "<pkg>/lib", "<pkg>/lib/index(.js)" and "<pkg>/lib/lazy-index(.js)" (with or
 * without a trailing slash). test/repo.test.ts checks the same specifiers.
 */
const BARREL = "^@cdktf/provider-(azurerm|kubernetes)(/lib(/(index|lazy-index)(\\.js)?)?)?/?$";
const BARREL_MESSAGE =
  "Import the resource by deep path (@cdktf/provider-<name>/lib/<resource>): the barrel costs ~2.5 s and ~350 MB per process.";

const barrelBan = { patterns: [{ regex: BARREL, message: BARREL_MESSAGE }] };

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "cdktf.out/**", "coverage/**", "bench-out/**"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      // The typescript-eslint variant also sees `import x = require(...)`; require() itself is
      // banned by no-require-imports, and import() by the selector below.
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": ["error", barrelBan],
      // esquery regexes cannot contain "/", so it is spelled \x2F there.
      "no-restricted-syntax": [
        "error",
        { selector: `ImportExpression[source.value=/${BARREL.replaceAll("/", "\\x2F")}/]`, message: BARREL_MESSAGE },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    files: ["scripts/**/*.js", "bin/**/*.js", "*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
