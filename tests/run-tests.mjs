#!/usr/bin/env node
/**
 * `npm test`: every test Madoguchi has.
 *  1. Unit and integration tests (Vitest, real SQLite file per test file).
 *  2. Browser tests (Vitest driving Debian's Chromium through playwright-core
 *     against the built app on a fresh demo database), whenever a Chromium is
 *     found: CHROMIUM_PATH, else /usr/bin/chromium. Without one they are skipped
 *     with a loud warning; under CI=true a missing browser is a failure.
 * Ends with one summary line: "N passed, N failed".
 *
 *   npm test                      everything
 *   npm test -- --unit-only       only step 1
 *   npm test -- --e2e-only        only step 2
 *   npm run test:pg  (--pg)       step 1 on PostgreSQL: TEST_DATABASE=postgresql, a template database
 *                                 on PG_TEST_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
 *                                 and a copy per test file (tests/setup/postgres.ts). The browser
 *                                 tests stay on SQLite: they test pages, not the engine.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const args = new Set(process.argv.slice(2));
const postgres = args.has("--pg");
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
// A PostgreSQL run keeps its reports in a folder of its own, so it can run beside `npm test`.
const reportDir = postgres ? mkdtempSync(path.join(os.tmpdir(), "madoguchi-reports-pg-")) : path.join(root, "tests/.reports");
if (!postgres) rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });
const vitest = path.join(root, "node_modules/vitest/vitest.mjs");

let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;

function runVitest(label, config, reportFile, env = {}) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const result = spawnSync(
    process.execPath,
    [vitest, "run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`],
    { cwd: root, stdio: "inherit", env: { ...process.env, ...env } },
  );
  if (existsSync(reportFile)) {
    const report = JSON.parse(readFileSync(reportFile, "utf8"));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    if ((report.numTotalTests ?? 0) === 0) {
      process.stdout.write(`${label}: no tests ran\n`);
      exitCode = 1;
    }
  } else {
    failed += 1;
  }
  if (result.status !== 0) exitCode = 1;
}

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** Fails the run at once, with the command that starts PostgreSQL, when the server does not answer. */
async function requirePostgres(url) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const shown = url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
    process.stdout.write(
      `\nPostgreSQL is not reachable at ${shown}: ${error instanceof Error ? error.message : String(error)}\n` +
        "Start it (on these machines: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set PG_TEST_URL.\n" +
        "\n0 passed, 1 failed\n",
    );
    process.exit(1);
  } finally {
    await client.end().catch(() => undefined);
  }
}

if (postgres) {
  const url = process.env.PG_TEST_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  await requirePostgres(url);
  runVitest("Unit and integration tests on PostgreSQL", "vitest.config.ts", path.join(reportDir, "pg.json"), { TEST_DATABASE: "postgresql", PG_TEST_URL: url });
  rmSync(reportDir, { recursive: true, force: true });
} else if (!args.has("--e2e-only")) {
  runVitest("Unit and integration tests", "vitest.config.ts", path.join(reportDir, "unit.json"));
}

if (!postgres && !args.has("--unit-only")) {
  const chromium = findChromium();
  if (!chromium) {
    const line = "!".repeat(78);
    process.stdout.write(
      `\n${line}\n!! BROWSER TESTS SKIPPED: no Chromium found (set CHROMIUM_PATH, or apt-get install chromium).\n${line}\n`,
    );
    if (process.env.CI === "true") {
      process.stdout.write("CI=true: a missing browser is a failure, not a skip.\n");
      failed += 1;
      exitCode = 1;
    }
  } else {
    runVitest("Browser tests (Chromium)", "vitest.e2e.config.ts", path.join(reportDir, "e2e.json"), { CHROMIUM_PATH: chromium });
  }
}

process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
