/**
 * Runs before every test file, in its worker, before the file's imports:
 * - gives the file its own copy of the migrated template database
 *   (a SQLite file; with TEST_DATABASE=postgresql a PostgreSQL database, tests/setup/postgres.ts);
 * - sets the secrets the app needs, so nothing is read from data/;
 * - fails the test on any unexpected console.error.
 */
import { copyFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, inject, vi } from "vitest";

const runDir = inject("testDbDir");
const pg = inject("testPg");
if (pg) {
  const { createPgTestDatabase } = await import("./postgres");
  process.env.DATABASE_URL = await createPgTestDatabase(pg);
  // Several files run at once, each with its own pool: stay well below max_connections.
  process.env.DATABASE_POOL_MAX ??= "4";
} else {
  const dbFile = path.join(runDir, `test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(path.join(runDir, "template.db"), dbFile);
  process.env.DATABASE_URL = `file:${dbFile}`;
}
process.env.SESSION_SECRET ??= "test-session-secret-0123456789abcdef0123456789";
process.env.LOOKUP_HMAC_KEY ??= "test-lookup-hmac-key-0123456789abcdef0123456789";
process.env.LOG_LEVEL ??= "silent";
process.env.TZ = "UTC";

let consoleErrors: unknown[][] = [];
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
});
afterEach(() => {
  vi.mocked(console.error).mockRestore();
  if (consoleErrors.length > 0) {
    const first = consoleErrors[0]?.map(String).join(" ");
    throw new Error(`Unexpected console.error (${consoleErrors.length}x): ${first}`);
  }
});
