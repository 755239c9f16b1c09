/** What /healthz reports: can we reach the database, is its schema current, can SQLite still write? */
import { constants } from "node:fs";
import { access, statfs } from "node:fs/promises";
import path from "node:path";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { APPLIED_MIGRATIONS_SQL, listMigrationNames, migrationsDirFor, notApplied } from "~/utils/migration-files.server";
import { sqlitePathFromUrl } from "~/utils/sqlite-path.server";

export type Health = {
  ok: boolean;
  database: "sqlite" | "postgresql";
  migrations: "current" | "pending" | "unknown";
  error?: string;
};

/**
 * Below this much free space where the SQLite file lives, writes are failing or about to
 * (SQLITE_FULL): every form the desk and the customers send stores something.
 */
export const MIN_FREE_DISK_BYTES = 16 * 1024 * 1024;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

/**
 * An embedded database has no server to lose; what takes it away is its storage. Reads keep
 * working on a full disk, so the query below cannot see it: the folder is checked directly (it
 * must stay writable: SQLite keeps its -wal and -shm files next to the database).
 */
async function sqliteStorageProblem(file: string): Promise<string | null> {
  const folder = path.dirname(file);
  try {
    await access(folder, constants.W_OK);
  } catch {
    return "database folder not writable";
  }
  const { bavail, bsize } = await statfs(folder);
  return bavail * bsize < MIN_FREE_DISK_BYTES ? "disk full" : null;
}

export async function checkHealth(): Promise<Health> {
  const env = getEnv();
  const database = env.databaseKind;
  let migrations: Health["migrations"];
  try {
    const rows = await withTimeout(
      prisma.$queryRawUnsafe<{ migration_name: string }[]>(APPLIED_MIGRATIONS_SQL),
      2_000,
    );
    const pending = notApplied(await listMigrationNames(migrationsDirFor(database)), rows);
    if (pending.length > 0)
      return { ok: false, database, migrations: "pending", error: `${pending.length} migration(s) not applied` };
    migrations = "current";
  } catch {
    return { ok: false, database, migrations: "unknown", error: "database unreachable" };
  }
  if (database === "sqlite") {
    const problem = await sqliteStorageProblem(sqlitePathFromUrl(env.DATABASE_URL));
    if (problem) return { ok: false, database, migrations, error: problem };
  }
  return { ok: true, database, migrations };
}
