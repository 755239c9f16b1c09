/**
 * "The database cannot be used right now", told apart from every other error: pages then answer
 * 503 with a translated message (app/root.tsx) instead of a 500, and the language detector falls
 * back to the browser's language instead of failing the error page too.
 *
 * Counted as unavailable (found in the error, its `cause`, or the driver error Prisma keeps in `meta`):
 * - Prisma codes for a server that cannot be reached or went away: P1001 (cannot reach), P1002
 *   (timed out reaching), P1008 (timed out; on SQLite this is SQLITE_BUSY after the busy timeout),
 *   P1017 (server closed the connection), P2024 (no pooled connection in time), P2037 (too many
 *   connections);
 * - driver codes: SQLite disk full, I/O error, cannot open, read-only, busy or locked, out of
 *   memory, a damaged file; PostgreSQL SQLSTATE class 08 (connection), class 53 (disk full, out of
 *   memory, too many connections) and 57P01-57P03 (server shutting down, crashed, starting);
 * - socket errors (refused, reset, timed out, no route) and node-postgres' own connection errors,
 *   which carry no code ("Connection terminated unexpectedly", "timeout exceeded when trying to
 *   connect", "Query read timeout" when a query got no answer, app/utils/db-postgres.server.ts).
 */

const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const SQLITE_CODE = /^SQLITE_(FULL|IOERR|CANTOPEN|READONLY|BUSY|LOCKED|NOMEM|CORRUPT|NOTADB)/;
const POSTGRES_SQLSTATE = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0[1-3])$/;
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "EAI_AGAIN",
]);
const PG_CONNECTION_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Query read timeout)/;

function unavailableCode(code: string): boolean {
  return PRISMA_CODES.has(code) || SQLITE_CODE.test(code) || POSTGRES_SQLSTATE.test(code) || SOCKET_CODES.has(code);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<object>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const item = queue.shift();
    if (typeof item !== "object" || item === null || seen.has(item)) continue;
    seen.add(item);
    const fields = item as Record<string, unknown>;
    for (const key of ["code", "errorCode", "originalCode"])
      if (typeof fields[key] === "string" && unavailableCode(fields[key])) return true;
    if (typeof fields.kind === "string" && ADAPTER_KINDS.has(fields.kind)) return true;
    if (typeof fields.message === "string" && PG_CONNECTION_MESSAGE.test(fields.message)) return true;
    queue.push(fields.cause);
    if (typeof fields.meta === "object" && fields.meta !== null)
      queue.push((fields.meta as Record<string, unknown>).driverAdapterError);
  }
  return false;
}

/**
 * A short name for the log: the driver's code or kind when Prisma kept it, else the first code
 * found, else the error's class. Never a message (it may hold data).
 */
export function databaseErrorCode(error: unknown): string {
  let item: unknown = error;
  for (let depth = 0; depth < 5 && typeof item === "object" && item !== null; depth++) {
    const fields = item as Record<string, unknown>;
    const driver = (fields.meta as Record<string, unknown> | undefined)?.driverAdapterError as
      { cause?: { originalCode?: unknown; kind?: unknown } } | undefined;
    if (typeof driver?.cause?.originalCode === "string") return driver.cause.originalCode;
    if (typeof driver?.cause?.kind === "string") return driver.cause.kind;
    for (const key of ["code", "errorCode", "originalCode"]) if (typeof fields[key] === "string") return fields[key];
    item = fields.cause;
  }
  return error instanceof Error ? error.name : "unknown";
}

/** What a loader or action throws when the database is unavailable: the error page for 503 says so. */
export function databaseUnavailableResponse(): Response {
  return new Response("The database cannot be reached. Please try again shortly.", {
    status: 503,
    statusText: "Database unavailable",
    headers: { "Retry-After": "30", "Cache-Control": "no-store" },
  });
}

type DataFunction = (args: never) => unknown;
type RouteLike = { module: { loader?: DataFunction; action?: DataFunction } };

/**
 * The server build with every route's loader and action wrapped: a database outage becomes the
 * 503 response above (and one log line through `onOutage`), anything else passes unchanged.
 * Used once, by app/server.ts.
 */
export function answerDatabaseOutages<B extends { routes: Record<string, RouteLike | undefined> }>(
  build: B,
  onOutage: (error: unknown) => void,
): B {
  const wrap = <F extends DataFunction>(fn: F): F =>
    (async (args: never) => {
      try {
        return await fn(args);
      } catch (error) {
        if (error instanceof Response || !isDatabaseUnavailable(error)) throw error;
        onOutage(error);
        throw databaseUnavailableResponse();
      }
    }) as F;
  const routes: Record<string, RouteLike | undefined> = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    // Route modules are frozen ES module namespaces: copy, then replace the two functions.
    const module = { ...route.module };
    if (module.loader) module.loader = wrap(module.loader);
    if (module.action) module.action = wrap(module.action);
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}
