/**
 * Database migrations without Prisma's native schema-engine binary.
 *
 * Prisma's CLI downloads a native `schema-engine` before every command, which
 * fails on air-gapped networks. The same engine ships as WebAssembly
 * (@prisma/schema-engine-wasm); we run it in-process against a driver adapter.
 * Migrations stay in prisma/migrations (SQLite) and prisma/migrations-postgresql
 * in Prisma's own format and are recorded in Prisma's `_prisma_migrations` table,
 * so the stock `prisma migrate deploy` works too wherever the binary can be
 * downloaded. See docs/decisions/002 and 012.
 */
import { readFile, mkdir, writeFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { existsSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { sqlitePathFromUrl } from "./sqlite-path.server";
import { APPLIED_MIGRATIONS_SQL, listMigrationNames, migrationsDir, notApplied, readMigrationList } from "./migration-files.server";
import { noFilter, withSchemaEngine } from "./schema-engine.server";
import type { SchemaEngine } from "./schema-engine.server";
import { applyPostgresMigrations, createPostgresMigration, isPostgresUrl } from "./migrate-postgres.server";

export { sqlitePathFromUrl, listMigrationNames, migrationsDir };

/** npm runs every script from the project root; the app uses it as its base folder. */
export const projectRoot = process.cwd();
export const schemaPath = path.join(projectRoot, "prisma", "schema.prisma");

async function withEngine<T>(databaseUrl: string, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const file = sqlitePathFromUrl(databaseUrl);
  await mkdir(path.dirname(file), { recursive: true });
  // withSchemaEngine closes every connection the engine opens afterwards:
  // the engine takes an exclusive lock that would block the next caller.
  const factory = new PrismaBetterSqlite3({ url: `file:${file}` });
  return withSchemaEngine({ factory, schemaPath, schema: await readFile(schemaPath, "utf8") }, run);
}

/**
 * Applies every pending migration for the engine DATABASE_URL names (file: SQLite,
 * postgresql:// PostgreSQL); returns the names applied.
 */
export async function applyMigrations({
  databaseUrl,
}: {
  databaseUrl: string;
}): Promise<string[]> {
  if (isPostgresUrl(databaseUrl)) return applyPostgresMigrations({ databaseUrl });
  const file = sqlitePathFromUrl(databaseUrl);
  // Nothing to do is found with a plain read: the engine would lock the whole file (exclusive
  // mode) even then, and fail while another process has it open (a second app instance
  // starting, a CLI import running).
  const pending = pendingSqliteMigrations(file, await listMigrationNames(migrationsDir));
  if (pending?.length === 0) return [];
  return withEngine(databaseUrl, async (engine) => {
    const out = await engine.applyMigrations({
      migrationsList: await readMigrationList(),
      filters: noFilter,
    });
    return out.appliedMigrationNames;
  })
    .catch((error: unknown) => {
      if (pending && /SocketTimeout|database is locked|SQLITE_BUSY/i.test(String(error))) {
        throw new Error(
          `${pending.length} migration(s) to apply (${pending.join(", ")}), but another process has the database open. ` +
            "Stop the other app processes and commands using it, then start again: migrations need the database to themselves.",
        );
      }
      throw error;
    })
    .then(async (applied) => {
      enableWriteAheadLog(file);
      return applied;
    });
}

/**
 * The migrations not yet recorded as applied in a SQLite database, read without locking it; null
 * when that cannot be told this way (no database file yet, no migration table, unreadable).
 */
export function pendingSqliteMigrations(file: string, names: string[]): string[] | null {
  if (!existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    return notApplied(names, db.prepare(APPLIED_MIGRATIONS_SQL).all() as { migration_name: string }[]);
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

/**
 * WAL lets readers (pages, exports) run while a writer (an import) commits.
 * The setting is stored in the database file, so doing it once here is enough.
 */
function enableWriteAheadLog(file: string): void {
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}

/** "20261121035524_add_notes": the folder name of a new migration, the same for both engines. */
export function migrationFolderName(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  return `${stamp}_${name.replace(/[^a-z0-9_]+/gi, "_").toLowerCase()}`;
}

/**
 * Writes a new SQLite migration folder with the SQL that takes the database from the
 * existing migrations to the current schema.prisma. Returns null when nothing changed.
 *
 * The wasm engine has no shadow database for SQLite, so we make our own: the
 * existing migrations are applied to a scratch database file, and the engine
 * diffs that database against schema.prisma.
 */
export async function createMigration({ name, folderName = migrationFolderName(name) }: { name: string; folderName?: string }): Promise<string | null> {
  const scratchDir = await mkdtemp(path.join(os.tmpdir(), "madoguchi-shadow-"));
  try {
    const scratchUrl = `file:${path.join(scratchDir, "shadow.db")}`;
    return await withEngine(scratchUrl, async (engine) => {
      const migrationsList = await readMigrationList();
      await engine.applyMigrations({ migrationsList, filters: noFilter });
      const schema = await readFile(schemaPath, "utf8");
      const diff = await engine.diff({
        from: { tag: "schemaDatasource", files: [{ path: schemaPath, content: schema }], configDir: projectRoot },
        to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
        script: true,
        exitCode: null,
        filters: noFilter,
      });
      const sql = diff.stdout ?? "";
      if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) return null;
      await mkdir(path.join(migrationsDir, folderName), { recursive: true });
      await writeFile(path.join(migrationsDir, folderName, "migration.sql"), sql);
      const lock = path.join(migrationsDir, "migration_lock.toml");
      if (!existsSync(lock)) {
        await writeFile(
          lock,
          '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "sqlite"\n',
        );
      }
      return folderName;
    });
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/**
 * `npm run db:migration -- NAME`: one schema change, one migration per engine, under the same
 * folder name in prisma/migrations and prisma/migrations-postgresql. Each engine gets a
 * migration only when its own history differs from the schema, so running it again after a
 * half-done run (PostgreSQL was down) creates just the missing one.
 * `postgresAdminUrl`: a PostgreSQL server where a scratch database may be created and dropped.
 */
export async function createMigrations({
  name,
  postgresAdminUrl,
}: {
  name: string;
  postgresAdminUrl: string;
}): Promise<{ sqlite: string | null; postgresql: string | null }> {
  const folderName = migrationFolderName(name);
  const sqlite = await createMigration({ name, folderName });
  try {
    const postgresql = await createPostgresMigration({ folderName, adminUrl: postgresAdminUrl });
    return { sqlite, postgresql };
  } catch (error) {
    const done = sqlite ? `Created prisma/migrations/${sqlite}/migration.sql, but the` : "The";
    throw new Error(
      `${done} PostgreSQL migration could not be created: ${error instanceof Error ? error.message : String(error)}
` +
        "Once PostgreSQL is reachable, run the same command again: it creates only the missing migration.",
    );
  }
}
