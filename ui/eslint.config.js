// ESLint for the UI (`npm run lint`, run by ./x test and ./x check): typescript-eslint's
// recommended rules plus eslint-plugin-solid (Solid's reactivity rules: this UI is Solid, not
// React, so React's hooks rules do not apply). Formatting is prettier's job (eslint-config-prettier).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import solid from "eslint-plugin-solid/configs/typescript";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "src/generated/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ["**/*.{ts,tsx}"], ...solid },
  { languageOptions: { globals: { ...globals.browser } } },
  prettier,
);
