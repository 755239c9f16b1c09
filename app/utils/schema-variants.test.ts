import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { POSTGRES_SCHEMA_PATH, SQLITE_SCHEMA_PATH, expectedPostgresSchema, postgresSchemaFrom } from "../cli/schema-variants.mjs";
import {
  applyPostgresMigrations,
  createPostgresMigration,
  pendingPostgresSchemaChange,
  withScratchDatabase,
} from "./migrate-postgres.server";
import { migrationFolderName } from "./migrate.server";

const onPostgres = process.env.TEST_DATABASE === "postgresql";

describe("the PostgreSQL schema derived from prisma/schema.prisma", () => {
  it("is up to date (run `node app/cli/schema-variants.mjs` after changing prisma/schema.prisma)", () => {
    expect(readFileSync(POSTGRES_SCHEMA_PATH, "utf8")).toBe(expectedPostgresSchema());
  });

  it("differs from the SQLite schema only in the provider, the client's folder and its header", () => {
    const sqlite = readFileSync(SQLITE_SCHEMA_PATH, "utf8").split("\n");
    const derived = expectedPostgresSchema().split("\n");
    const header = derived.findIndex(
      (line) => !line.startsWith("// GENERATED") && !line.startsWith("// Change prisma/schema.prisma"),
    );
    const body = derived.slice(header);
    expect(body).toHaveLength(sqlite.length);
    const changed = body.flatMap((line, i) => (line === sqlite[i] ? [] : [[sqlite[i], line]]));
    expect(changed).toEqual([
      ['  output       = "../app/generated/prisma"', '  output       = "../../app/generated/prisma-pg"'],
      ['  provider = "sqlite"', '  provider = "postgresql"'],
    ]);
  });

  it("refuses a schema it cannot rewrite mechanically", () => {
    expect(() => postgresSchemaFrom('datasource db {\n  provider = "postgresql"\n}\n')).toThrow(/datasource db/);
    const twoProviders =
      'generator client {\n  output = "../app/generated/prisma"\n}\ndatasource db {\n  provider = "sqlite"\n  provider = "sqlite"\n}\n';
    expect(() => postgresSchemaFrom(twoProviders)).toThrow(/exactly one/);
    expect(postgresSchemaFrom(twoProviders.replace('  provider = "sqlite"\n}', "}"))).toContain('provider = "postgresql"');
  });

  // Needs a PostgreSQL server: only in `npm run test:pg`.
  it.runIf(onPostgres)(
    "is exactly what prisma/migrations-postgresql builds (no schema change without a migration)",
    async () => {
      const adminUrl = process.env.PG_TEST_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
      expect(await pendingPostgresSchemaChange({ adminUrl })).toBe("");
    },
    60_000,
  );

  it.runIf(onPostgres)(
    "gives an empty migrations folder an init migration that builds the schema, then nothing more",
    async () => {
      const adminUrl = process.env.PG_TEST_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
      const dir = mkdtempSync(path.join(os.tmpdir(), "madoguchi-pg-migrations-"));
      try {
        expect(await createPostgresMigration({ folderName: "20260101000000_init", adminUrl, dir })).toBe("20260101000000_init");
        expect(readdirSync(dir).sort()).toEqual(["20260101000000_init", "migration_lock.toml"]);
        expect(readFileSync(path.join(dir, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
        expect(readFileSync(path.join(dir, "20260101000000_init", "migration.sql"), "utf8")).toContain(
          'CREATE TABLE "AffectedRecord"',
        );
        expect(await createPostgresMigration({ folderName: "20260101000001_again", adminUrl, dir })).toBeNull();
        await withScratchDatabase(adminUrl, "madoguchi_test", async (url) => {
          expect(await applyPostgresMigrations({ databaseUrl: url, dir })).toEqual(["20260101000000_init"]);
          expect(await applyPostgresMigrations({ databaseUrl: url, dir })).toEqual([]);
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

describe("migration folder names", () => {
  it("are a UTC timestamp and the name, the same for both engines", () => {
    expect(migrationFolderName("Add notes-index!", new Date("2026-11-21T04:10:12.345Z"))).toBe("20261121041012_add_notes_index_");
  });
});
