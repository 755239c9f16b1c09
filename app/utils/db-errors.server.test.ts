import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { createPostgresClient } from "./db-postgres.server";
import { answerDatabaseOutages, databaseErrorCode, isDatabaseUnavailable } from "./db-errors.server";

/** The error a query really throws, through Prisma and the driver adapter. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail");
}

describe("isDatabaseUnavailable, on errors as Prisma and the drivers really throw them", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "db-errors-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function sqliteClient(file: string, timeout = 10_000) {
    return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}`, timeout }) });
  }

  it("a PostgreSQL server nobody listens for (connection refused)", async () => {
    // Port 1 on loopback: refused at once, no server needed.
    const client = createPostgresClient({ url: "postgresql://postgres@127.0.0.1:1/none", max: 1, statementTimeoutMs: 0 });
    try {
      const error = await failure(() => client.$queryRawUnsafe("SELECT 1"));
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(databaseErrorCode(error)).toBe("DatabaseNotReachable");
      const model = await failure(() => client.user.findFirst());
      expect(isDatabaseUnavailable(model)).toBe(true);
      expect(databaseErrorCode(model)).toBe("DatabaseNotReachable");
    } finally {
      await client.$disconnect();
    }
  });

  it("a full SQLite database (SQLITE_FULL) and one locked by another process (SQLITE_BUSY)", async () => {
    const file = path.join(dir, "full.db");
    const client = sqliteClient(file, 100);
    const other = new Database(file);
    try {
      await client.$executeRawUnsafe("CREATE TABLE t (x TEXT)");
      // No more pages than it has now: the next growing insert fails as on a full disk.
      const pages = await client.$queryRawUnsafe<{ page_count: bigint | number }[]>("PRAGMA page_count");
      await client.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(pages[0]!.page_count)}`);
      const full = await failure(() => client.$executeRawUnsafe("INSERT INTO t (x) VALUES (?)", "x".repeat(100_000)));
      expect(isDatabaseUnavailable(full)).toBe(true);
      expect(databaseErrorCode(full)).toBe("SQLITE_FULL");

      other.exec("BEGIN IMMEDIATE");
      const busy = await failure(() => client.$executeRawUnsafe("INSERT INTO t (x) VALUES ('y')"));
      expect(isDatabaseUnavailable(busy)).toBe(true);
      other.exec("ROLLBACK");
    } finally {
      other.close();
      await client.$disconnect();
    }
  });

  it("is false for errors that are the request's or the code's fault", async () => {
    const file = path.join(dir, "ok.db");
    const client = sqliteClient(file);
    try {
      await client.$executeRawUnsafe("CREATE TABLE u (x TEXT UNIQUE)");
      await client.$executeRawUnsafe("INSERT INTO u (x) VALUES ('a')");
      expect(isDatabaseUnavailable(await failure(() => client.$executeRawUnsafe("INSERT INTO u (x) VALUES ('a')")))).toBe(false);
      expect(isDatabaseUnavailable(await failure(() => client.$queryRawUnsafe("SELECT nope FROM u")))).toBe(false);
      expect(isDatabaseUnavailable(await failure(() => client.user.findFirst()))).toBe(false); // no such table
    } finally {
      await client.$disconnect();
    }
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it("recognises node-postgres errors that carry no code, and PostgreSQL's shutdown and resource errors", () => {
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Query read timeout"))).toBe(true);
    expect(
      isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })),
    ).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("could not extend file"), { code: "53100" }))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error("wrapped", { cause: Object.assign(new Error("reset"), { code: "ECONNRESET" }) })),
    ).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("relation does not exist"), { code: "42P01" }))).toBe(false);
  });
});

describe("answerDatabaseOutages", () => {
  const unreachable = Object.assign(new Error("Can't reach database server"), { code: "P1001" });

  function build(loader: () => unknown, action?: () => unknown) {
    // Route modules are frozen module namespaces in a real build.
    return { routes: { "routes/x": { id: "routes/x", module: Object.freeze({ loader, action, default: "component" }) } } };
  }

  it("turns an outage in a loader or action into a 503 response and reports it once", async () => {
    const seen: unknown[] = [];
    const wrapped = answerDatabaseOutages(
      build(
        () => Promise.reject(unreachable),
        () => {
          throw unreachable;
        },
      ),
      (error) => seen.push(error),
    );
    const module = wrapped.routes["routes/x"]!.module;
    for (const fn of [module.loader!, module.action!]) {
      const thrown = await failure(async () => fn());
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(503);
    }
    expect(seen).toEqual([unreachable, unreachable]);
    expect((module as unknown as { default: string }).default).toBe("component");
  });

  it("leaves results, thrown responses and other errors alone", async () => {
    const redirect = new Response(null, { status: 302, headers: { Location: "/login" } });
    const other = new Error("a bug");
    const onOutage = vi.fn();
    const ok = answerDatabaseOutages(
      build(() => ({ fine: true })),
      onOutage,
    ).routes["routes/x"]!.module;
    expect(await ok.loader!()).toEqual({ fine: true });
    const redirecting = answerDatabaseOutages(
      build(() => Promise.reject(redirect)),
      onOutage,
    ).routes["routes/x"]!.module;
    expect(await failure(async () => redirecting.loader!())).toBe(redirect);
    const buggy = answerDatabaseOutages(
      build(() => Promise.reject(other)),
      onOutage,
    ).routes["routes/x"]!.module;
    expect(await failure(async () => buggy.loader!())).toBe(other);
    expect(onOutage).not.toHaveBeenCalled();
  });
});
