import js from "@eslint/js";
import regexp from "eslint-plugin-regexp";
import globals from "globals";
import tseslint from "typescript-eslint";
import { layerRules } from "./scripts/layers.mjs";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "native/*/build/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  // The web UI runs in the browser (web/tsconfig.json): DOM globals, no Node.
  { files: ["web/**/*.ts"], languageOptions: { globals: globals.browser } },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "no-constant-condition": ["error", { checkLoops: false }],
      // DNS data is bytes: matching control characters is the point, not a slip.
      "no-control-regex": "off",
    },
  },
  // Regexes in the library read untrusted text (registry answers, logs, captures):
  // one that backtracks or rescans a run super-linearly lets a hostile answer pin
  // the CPU (issue 10). The plugin's recommended rules catch mistakes; the few that
  // only restyle working patterns are left off.
  {
    files: ["src/**/*.ts"],
    ...regexp.configs["flat/recommended"],
    rules: {
      ...regexp.configs["flat/recommended"].rules,
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-super-linear-move": "error",
      "no-control-regex": "off",
      "regexp/no-unused-capturing-group": "off",
      "regexp/prefer-w": "off",
      "regexp/use-ignore-case": "off",
      "regexp/prefer-character-class": "off",
      "regexp/prefer-question-quantifier": "off",
      "regexp/optimal-quantifier-concatenation": "off",
      "regexp/no-dupe-characters-character-class": "off",
    },
  },
  // The layers of src/ (scripts/layers.mjs): an import that points up or sideways fails.
  ...layerRules(),
);
