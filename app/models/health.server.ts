/** What /healthz reports: can we reach the database, and is its schema current? */
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { listMigrationNames, migrationsDirFor } from "~/utils/migration-files.server";

export type Health = {
  ok: boolean;
  database: "sqlite" | "postgresql";
  migrations: "current" | "pending" | "unknown";
  error?: string;
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

export async function checkHealth(): Promise<Health> {
  const database = getEnv().databaseKind;
  try {
    const rows = await withTimeout(
      prisma.$queryRawUnsafe<{ migration_name: string }[]>(
        "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
      ),
      2_000,
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    const pending = (await listMigrationNames(migrationsDirFor(database))).filter((name) => !applied.has(name));
    return pending.length === 0
      ? { ok: true, database, migrations: "current" }
      : { ok: false, database, migrations: "pending", error: `${pending.length} migration(s) not applied` };
  } catch {
    return { ok: false, database, migrations: "unknown", error: "database unreachable" };
  }
}
