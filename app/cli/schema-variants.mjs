// The PostgreSQL variant of the data model, derived mechanically from prisma/schema.prisma.
//
// prisma/schema.prisma (SQLite) is the one source of truth for the models. Prisma needs one
// schema file per datasource provider, so this script writes prisma/postgresql/schema.prisma
// from it, changing only two lines:
//   - the datasource provider: "sqlite" -> "postgresql";
//   - the generator output: app/generated/prisma -> app/generated/prisma-pg.
// The derived file is committed, so reviews show what PostgreSQL gets; a test
// (app/utils/schema-variants.test.ts) fails when it is out of date.
//
//   node app/cli/schema-variants.mjs           write prisma/postgresql/schema.prisma
//   node app/cli/schema-variants.mjs --check   exit 1 (with a message) when it is out of date
//
// `npm run db:migration` runs it for you.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

export const SQLITE_SCHEMA_PATH = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA_PATH = path.join(root, "prisma", "postgresql", "schema.prisma");

const HEADER = [
  "// GENERATED from prisma/schema.prisma by app/cli/schema-variants.mjs: do not edit.",
  "// Change prisma/schema.prisma, then run `npm run db:migration -- NAME`.",
  "",
].join("\n");

/** Replaces exactly one match of `pattern` inside the named block, or throws. */
function replaceInBlock(schema, blockPattern, pattern, replacement, what) {
  const block = schema.match(blockPattern);
  if (!block || schema.match(new RegExp(blockPattern.source, "g")).length !== 1) {
    throw new Error(`schema-variants: expected exactly one ${what} block in prisma/schema.prisma`);
  }
  const matches = block[0].match(new RegExp(pattern.source, "g"));
  if (!matches || matches.length !== 1) {
    throw new Error(`schema-variants: expected exactly one ${pattern} in the ${what} block of prisma/schema.prisma`);
  }
  const changed = block[0].replace(pattern, replacement);
  return schema.replace(block[0], () => changed);
}

/**
 * The PostgreSQL schema for a given SQLite schema text. Pure: the same input gives the same output.
 * The generator output is relative to the derived file, which sits one folder deeper.
 */
export function postgresSchemaFrom(sqliteSchema) {
  let schema = sqliteSchema.replace(/\r\n/g, "\n");
  schema = replaceInBlock(
    schema,
    /datasource\s+db\s*\{[^}]*\}/,
    /provider\s*=\s*"sqlite"/,
    'provider = "postgresql"',
    "datasource db",
  );
  schema = replaceInBlock(
    schema,
    /generator\s+client\s*\{[^}]*\}/,
    /output(\s*)=(\s*)"\.\.\/app\/generated\/prisma"/,
    'output$1=$2"../../app/generated/prisma-pg"',
    "generator client",
  );
  return HEADER + schema;
}

/** The derived text for the current prisma/schema.prisma. */
export function expectedPostgresSchema() {
  return postgresSchemaFrom(readFileSync(SQLITE_SCHEMA_PATH, "utf8"));
}

/** True when prisma/postgresql/schema.prisma matches prisma/schema.prisma. */
export function postgresSchemaIsCurrent() {
  return existsSync(POSTGRES_SCHEMA_PATH) && readFileSync(POSTGRES_SCHEMA_PATH, "utf8") === expectedPostgresSchema();
}

/** Writes prisma/postgresql/schema.prisma; returns true when its content changed. */
export function writePostgresSchema() {
  const text = expectedPostgresSchema();
  if (existsSync(POSTGRES_SCHEMA_PATH) && readFileSync(POSTGRES_SCHEMA_PATH, "utf8") === text) return false;
  mkdirSync(path.dirname(POSTGRES_SCHEMA_PATH), { recursive: true });
  writeFileSync(POSTGRES_SCHEMA_PATH, text);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  if (process.argv.includes("--check")) {
    if (!postgresSchemaIsCurrent()) {
      process.stderr.write(
        "prisma/postgresql/schema.prisma is out of date with prisma/schema.prisma: run `node app/cli/schema-variants.mjs` .\n",
      );
      process.exit(1);
    }
  } else {
    const changed = writePostgresSchema();
    process.stdout.write(
      changed ? "Wrote prisma/postgresql/schema.prisma\n" : "prisma/postgresql/schema.prisma is up to date.\n",
    );
  }
}
