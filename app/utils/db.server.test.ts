import { prisma } from "./db.server";
import { getEnv } from "./env.server";
import { hitRateLimit } from "./rate-limit.server";

// Runs on both engines: `npm test` (SQLite) and `npm run test:pg` (PostgreSQL).
const onPostgres = getEnv().databaseKind === "postgresql";

describe("the database client", () => {
  it("talks to the engine DATABASE_URL names", async () => {
    expect(getEnv().databaseKind).toBe(process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite");
    const [row] = await prisma.$queryRaw<{ one: number | bigint }[]>`SELECT 1 AS one`;
    expect(Number(row!.one)).toBe(1);
  });

  it("counts concurrent hits on one key exactly, as several app instances would", async () => {
    // On PostgreSQL the hits run on several pooled connections at once: the upsert must be
    // atomic (INSERT ... ON CONFLICT), never lose a hit or fail on the unique key.
    const key = `test:concurrent:${Date.now()}`;
    const results = await Promise.all(Array.from({ length: 40 }, () => hitRateLimit({ key, limit: 1000, windowSeconds: 600 })));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await prisma.rateLimit.findUnique({ where: { key }, select: { count: true } }))?.count).toBe(40);
  });

  it.runIf(onPostgres)("stores and reads instants in UTC whatever the server's time zone", async () => {
    const [settings] = await prisma.$queryRaw<{ tz: string; timeout: string }[]>`
      SELECT current_setting('TimeZone') AS tz, current_setting('statement_timeout') AS timeout`;
    expect(settings).toEqual({ tz: "UTC", timeout: `${getEnv().DATABASE_STATEMENT_TIMEOUT_MS / 1000}s` });
    // A database-side default (CURRENT_TIMESTAMP) and a client-side Date agree.
    const before = Date.now();
    await prisma.$executeRaw`INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES (${"test:tz"}, CURRENT_TIMESTAMP, 1)`;
    const row = await prisma.rateLimit.findUnique({ where: { key: "test:tz" }, select: { windowStart: true } });
    expect(Math.abs(row!.windowStart.getTime() - before)).toBeLessThan(60_000);
  });
});
