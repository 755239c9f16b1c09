/** Reading prisma/migrations in the shape Prisma's schema engine expects. No engine here: safe to import anywhere on the server. */
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";

/** npm runs every script from the project root. */
export const migrationsDir = path.join(process.cwd(), "prisma", "migrations");

/** The same migrations for PostgreSQL (docs/decisions/012-postgresql.md). */
export const postgresMigrationsDir = path.join(process.cwd(), "prisma", "migrations-postgresql");

/** The migrations folder of a database engine. */
export function migrationsDirFor(kind: "sqlite" | "postgresql"): string {
  return kind === "postgresql" ? postgresMigrationsDir : migrationsDir;
}

export async function readMigrationList(dir = migrationsDir): Promise<MigrationList> {
  const names = existsSync(dir)
    ? (await readdir(dir, { withFileTypes: true }))
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      names.map(async (name) => {
        const file = path.join(dir, name, "migration.sql");
        let content: { tag: "ok"; value: string } | { tag: "error"; value: string };
        try {
          content = { tag: "ok", value: await readFile(file, "utf8") };
        } catch (error) {
          content = { tag: "error", value: String(error) };
        }
        return { path: name, migrationFile: { path: "migration.sql", content } };
      }),
    ),
  };
}

/** Names of the migration folders shipped with the app, oldest first. */
export async function listMigrationNames(dir = migrationsDir): Promise<string[]> {
  const list = await readMigrationList(dir);
  return list.migrationDirectories.map((d) => d.path);
}


/** The migrations Prisma records as applied (finished, not rolled back), on either engine. */
export const APPLIED_MIGRATIONS_SQL =
  "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL";

/** The shipped migrations that are not among the applied ones (rows of APPLIED_MIGRATIONS_SQL). */
export function notApplied(shipped: string[], applied: { migration_name: string }[]): string[] {
  const done = new Set(applied.map((r) => r.migration_name));
  return shipped.filter((name) => !done.has(name));
}
