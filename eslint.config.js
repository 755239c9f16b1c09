// ESLint flat config: TypeScript rules with type-only imports kept apart, React hooks rules.
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: ["build/**", "public/build/**", "app/generated/**", "node_modules/**", "data/**", "tests/.tmp/**", ".cache/**"],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/consistent-type-imports": ["error", { prefer: "type-imports", fixStyle: "separate-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through app/utils/env.server.ts (getEnv), not process.env.",
        },
      ],
    },
  },
  {
    // Start-up, tests and tooling may set up the environment.
    files: ["app/utils/env.server.ts", "app/cli/**", "tests/**", "prisma.config.ts", "vitest*.ts", "**/*.test.ts", "prisma/**"],
    rules: { "no-restricted-syntax": "off" },
  },
);
