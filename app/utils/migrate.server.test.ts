import Database from "better-sqlite3";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { migrationsDirFor } from "./migration-files.server";
import { listMigrationNames, sqlitePathFromUrl, applyMigrations } from "./migrate.server";

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
