import Database from "better-sqlite3";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { migrationsDirFor } from "./migration-files.server";
import { listMigrationNames, pendingSqliteMigrations, sqlitePathFromUrl, applyMigrations } from "./migrate.server";

// Runs on both engines: `npm test` (SQLite) and `npm run test:pg` (PostgreSQL).
const kind = getEnv().databaseKind;

async function appliedMigrationNames(): Promise<string[]> {
  if (kind === "postgresql") {
    const rows = await prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`;
    return rows.map((r) => r.migration_name);
  }
  const file = sqlitePathFromUrl(process.env.DATABASE_URL!);
  const db = new Database(file, { readonly: true });
  const applied = db
    .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name")
    .all() as { migration_name: string }[];
  db.close();
  return applied.map((r) => r.migration_name);
}

describe("offline migrations", () => {
  it("records every shipped migration in Prisma's own _prisma_migrations table", async () => {
    const shipped = await listMigrationNames(migrationsDirFor(kind));
    expect(shipped.length).toBeGreaterThan(0);
    expect(await appliedMigrationNames()).toEqual(shipped);
  });

  it("applies nothing the second time", async () => {
    expect(await applyMigrations({ databaseUrl: process.env.DATABASE_URL! })).toEqual([]);
  });

  it("resolves relative SQLite URLs against the project root", () => {
    expect(sqlitePathFromUrl("file:./data/x.db")).toBe(`${process.cwd()}/data/x.db`);
    expect(sqlitePathFromUrl("file:/abs/y.db?mode=rw")).toBe("/abs/y.db");
  });

  it("keeps each engine's migrations in its own folder", () => {
    expect(migrationsDirFor("sqlite")).toBe(`${process.cwd()}/prisma/migrations`);
    expect(migrationsDirFor("postgresql")).toBe(`${process.cwd()}/prisma/migrations-postgresql`);
  });
});

describe.runIf(kind === "sqlite")("migrations on SQLite while another process has the database open", () => {
  it("tells what is pending from a plain read: nothing, some, or cannot tell", async () => {
    const file = sqlitePathFromUrl(process.env.DATABASE_URL!);
    const shipped = await listMigrationNames(migrationsDirFor("sqlite"));
    expect(pendingSqliteMigrations(file, shipped)).toEqual([]);
    expect(pendingSqliteMigrations(file, [...shipped, "29991231000000_not_applied"])).toEqual(["29991231000000_not_applied"]);
    expect(pendingSqliteMigrations(`${file}.missing`, shipped)).toBeNull();
  });

  it("starts without touching the schema while another connection holds a write transaction", async () => {
    const file = sqlitePathFromUrl(process.env.DATABASE_URL!);
    const other = new Database(file);
    try {
      other.pragma("busy_timeout = 0");
      other.exec("BEGIN IMMEDIATE");
      // Before: the schema engine asked for an exclusive lock here and failed ("SocketTimeout").
      expect(await applyMigrations({ databaseUrl: process.env.DATABASE_URL! })).toEqual([]);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
  });
});
