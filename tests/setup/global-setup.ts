/**
 * Runs once before the whole Vitest run: builds a template SQLite database with
 * every migration applied, in a folder of this run's own (several runs may share
 * a checkout). Each test file then gets its own copy (per-file.ts), so tests run
 * on a real database and never see each other's rows.
 *
 * With TEST_DATABASE=postgresql (`npm run test:pg`) the template is a PostgreSQL
 * database instead, and each file gets a copy of it (tests/setup/postgres.ts).
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../app/utils/migrate.server";

export default async function globalSetup(project: TestProject) {
  const runDir = path.resolve("tests/.tmp", `run-${process.pid}-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  project.provide("testDbDir", runDir);
  if (process.env.TEST_DATABASE === "postgresql") {
    const { createPgTestRun } = await import("./postgres");
    const run = await createPgTestRun();
    project.provide("testPg", { adminUrl: run.adminUrl, prefix: run.prefix, template: run.template });
    return async () => {
      await run.teardown();
      rmSync(runDir, { recursive: true, force: true });
    };
  }
  await applyMigrations({ databaseUrl: `file:${path.join(runDir, "template.db")}` });
  return () => rmSync(runDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    testDbDir: string;
    /** Only with TEST_DATABASE=postgresql. */
    testPg?: { adminUrl: string; prefix: string; template: string };
  }
}
