import path from "node:path";
import { defineConfig } from "vitest/config";

/** Browser tests: one built app on a fresh demo database (tests/e2e/global-setup.ts), driven by Chromium. */
export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    globals: true,
    include: ["tests/e2e/**/*.e2e.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
