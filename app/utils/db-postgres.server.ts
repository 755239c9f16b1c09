/**
 * The Prisma client for PostgreSQL (DATABASE_URL=postgresql://...), through @prisma/adapter-pg
 * over a node-postgres pool. Only app/utils/db.server.ts uses this. docs/decisions/012-postgresql.md.
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma-pg/client";

export type PostgresPrismaClient = PrismaClient;

export type PostgresClientOptions = {
  url: string;
  max: number;
  statementTimeoutMs: number;
  /** Called when an idle pooled connection fails (server restart, failover, network). */
  onConnectionError?: (error: Error) => void;
};

/** How long after the statement timeout the client stops waiting for the server's answer. */
export const QUERY_TIMEOUT_MARGIN_MS = 5_000;

export function createPostgresPool({ url, max, statementTimeoutMs, onConnectionError }: PostgresClientOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // The server cancels a runaway statement (an unindexed search, a lock wait) instead of
    // holding a pooled connection for ever.
    statement_timeout: statementTimeoutMs || undefined,
    // And when the server cannot even say so (a network that drops packets silently), the client
    // gives up a little later: the request answers 503 instead of hanging, and the pool drops the
    // connection (tests/proof/faults/outage-fault.ts).
    query_timeout: statementTimeoutMs ? statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS : undefined,
    // A transaction left open by a crashed request must not hold row locks for ever.
    idle_in_transaction_session_timeout: 60_000,
    // Fail fast when the server is unreachable: /healthz answers 503 and pages show an error.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: "madoguchi",
    // Timestamps are stored as `timestamp(3)` (no time zone) in UTC: database-side defaults
    // (CURRENT_TIMESTAMP) must be UTC too, whatever the server's own TimeZone is.
    options: "-c TimeZone=UTC",
  });
  // An idle connection that the server closes (restart, failover) must not crash the process:
  // the pool drops it and opens a new one on the next query.
  pool.on("error", (error) => onConnectionError?.(error));
  return pool;
}

export function createPostgresClient(options: PostgresClientOptions): PostgresPrismaClient {
  // disposeExternalPool: `prisma.$disconnect()` closes the pool, so a CLI command ends at once
  // instead of waiting for idle connections to time out.
  return new PrismaClient({ adapter: new PrismaPg(createPostgresPool(options), { disposeExternalPool: true }) });
}
