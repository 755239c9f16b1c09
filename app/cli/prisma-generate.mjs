// Runs `prisma generate` after `npm install`, for both database engines:
//   - prisma/schema.prisma            -> app/generated/prisma     (SQLite, the source of truth)
//   - prisma/postgresql/schema.prisma -> app/generated/prisma-pg  (PostgreSQL, derived from it by
//     app/cli/schema-variants.mjs; see docs/decisions/012-postgresql.md)
// Prisma's CLI insists that a native schema-engine binary exists before any
// command, and cannot download one on an offline network. `generate` never runs
// that engine, so we point PRISMA_SCHEMA_ENGINE_BINARY at a harmless existing
// file. Migrations use the WebAssembly engine instead (app/utils/migrate.server.ts).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { POSTGRES_SCHEMA_PATH, postgresSchemaIsCurrent, writePostgresSchema } from "./schema-variants.mjs";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const prismaCli = require.resolve("prisma/build/index.js", { paths: [root] });
const generate = (...args) => spawnSync(process.execPath, [prismaCli, "generate", ...args], { cwd: root, env, stdio: "inherit" }).status ?? 1;

const sqlite = generate();
if (sqlite !== 0) process.exit(sqlite);

if (!existsSync(POSTGRES_SCHEMA_PATH)) writePostgresSchema();
else if (!postgresSchemaIsCurrent()) {
  process.stderr.write(
    "\nWARNING: prisma/postgresql/schema.prisma is out of date with prisma/schema.prisma.\n" +
      "         Run `node app/cli/schema-variants.mjs`; generating the PostgreSQL client from the old file.\n\n",
  );
}
process.exit(generate("--schema", path.relative(root, POSTGRES_SCHEMA_PATH)));
