/**
 * The one Prisma client of the app. SQLite by default (a file under data/),
 * through the better-sqlite3 driver adapter: no native query engine needed.
 * PostgreSQL when DATABASE_URL is postgresql://... (app/utils/db-postgres.server.ts,
 * docs/decisions/012-postgresql.md).
 */
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { createPostgresClient } from "./db-postgres.server";
import type { PostgresPrismaClient } from "./db-postgres.server";
import { getEnv } from "./env.server";
import { sqlitePathFromUrl } from "./sqlite-path.server";

export type { Prisma } from "~/generated/prisma/client";

/**
 * Why the PostgreSQL client may stand in for the SQLite one: both are generated from the same
 * models (prisma/postgresql/schema.prisma is derived mechanically from prisma/schema.prisma),
 * so every model delegate has the same methods, arguments and results. PostgreSQL only adds
 * options (e.g. `mode: "insensitive"` on string filters) that the SQLite type does not offer,
 * so code that type-checks against the SQLite client runs on both engines. The check below
 * fails to compile if the two clients ever stop having the same models.
 */
type ModelNames<C> = Exclude<keyof C, `$${string}` | symbol>;
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameModels: SameKeys<ModelNames<PrismaClient>, ModelNames<PostgresPrismaClient>> = true;
void sameModels;

function createClient(): PrismaClient {
  const env = getEnv();
  if (env.databaseKind === "postgresql") {
    const client = createPostgresClient({
      url: env.DATABASE_URL,
      max: env.DATABASE_POOL_MAX,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      onConnectionError: (error) => {
        if (env.LOG_LEVEL === "silent") return;
        const code = (error as { code?: unknown }).code;
        process.stdout.write(
          JSON.stringify({
            time: new Date().toISOString(),
            level: "warn",
            msg: "database connection lost",
            code: typeof code === "string" ? code : undefined,
          }) + "\n",
        );
      },
    });
    return client as unknown as PrismaClient;
  }
  // timeout = SQLite busy timeout: writers wait up to 10 s for the lock instead of failing with SQLITE_BUSY.
  const adapter = new PrismaBetterSqlite3({ url: `file:${sqlitePathFromUrl(env.DATABASE_URL)}`, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { madoguchiPrisma?: PrismaClient };

/** Shared across hot reloads in development so connections are not leaked. */
export const prisma: PrismaClient = (globalForPrisma.madoguchiPrisma ??= createClient());

/**
 * `contains`/`startsWith` filters that ignore letter case on both engines: SQLite's LIKE
 * already does for ASCII; PostgreSQL needs Prisma's `mode: "insensitive"` (ILIKE), which the
 * SQLite client's types do not know, hence the cast.
 */
export function caseInsensitive(): Record<string, never> {
  return (getEnv().databaseKind === "postgresql" ? { mode: "insensitive" } : {}) as Record<string, never>;
}
