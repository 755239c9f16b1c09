/**
 * PostgreSQL test databases (`npm run test:pg`, TEST_DATABASE=postgresql).
 *
 * The global setup creates one template database per run (`madoguchi_t<pid>_<stamp>_tpl`) with
 * every migration of prisma/migrations-postgresql applied; each test file gets its own copy made
 * `CREATE DATABASE ... TEMPLATE` (a file copy on the server: fast); the run drops them all at
 * the end. Databases left by runs that were killed are dropped at the next run's start (their
 * process id is in the name and no longer alive).
 *
 * PG_TEST_URL names the server, through any database on it that we may connect to
 * (default postgresql://postgres@127.0.0.1:5432/postgres); the user must be allowed CREATE DATABASE.
 */
import { randomBytes } from "node:crypto";
import {
  applyPostgresMigrations,
  createDatabase,
  dropDatabase,
  redactUrl,
  withAdminClient,
} from "../../app/utils/migrate-postgres.server";

export const DEFAULT_PG_TEST_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export function usePostgres(): boolean {
  return process.env.TEST_DATABASE === "postgresql";
}

export function pgTestAdminUrl(): string {
  return process.env.PG_TEST_URL || DEFAULT_PG_TEST_URL;
}

const NAME = /^madoguchi_t(\d+)_[a-z0-9]+_/;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Drops test databases whose run (process) has died. */
async function dropAbandoned(adminUrl: string): Promise<void> {
  const names = await withAdminClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'madoguchi\\_t%'",
    );
    return rows.map((r) => r.datname);
  });
  for (const name of names) {
    const pid = Number(NAME.exec(name)?.[1]);
    if (pid && !processIsAlive(pid)) await dropDatabase(adminUrl, name).catch(() => undefined);
  }
}

export type PgTestRun = { adminUrl: string; prefix: string; template: string; teardown: () => Promise<void> };

/** Global setup: the migrated template of this run. */
export async function createPgTestRun(): Promise<PgTestRun> {
  const adminUrl = pgTestAdminUrl();
  await dropAbandoned(adminUrl);
  const prefix = `madoguchi_t${process.pid}_${Date.now().toString(36)}`;
  const template = `${prefix}_tpl`;
  const url = await createDatabase(adminUrl, template);
  await applyPostgresMigrations({ databaseUrl: url });
  const teardown = async () => {
    const names = await withAdminClient(adminUrl, async (client) => {
      const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [
        `${prefix}_`,
      ]);
      return rows.map((r) => r.datname);
    });
    // The copies, then the template. WITH (FORCE) closes connections a crashed worker left open.
    for (const name of names.sort((a, b) => Number(a === template) - Number(b === template))) await dropDatabase(adminUrl, name);
  };
  return { adminUrl, prefix, template, teardown };
}

/** Per test file: a fresh copy of the template; returns its URL. */
export async function createPgTestDatabase({
  adminUrl,
  prefix,
  template,
}: {
  adminUrl: string;
  prefix: string;
  template: string;
}): Promise<string> {
  const name = `${prefix}_f${randomBytes(5).toString("hex")}`;
  // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template;
  // only the global setup ever connects to it, and it is done. Retry briefly anyway.
  for (let attempt = 1; ; attempt++) {
    try {
      return await createDatabase(adminUrl, name, template);
    } catch (error) {
      if (attempt >= 5 || !/being accessed by other users/.test(String(error))) {
        throw new Error(`Cannot create the test database ${name} from ${template} on ${redactUrl(adminUrl)}: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}
