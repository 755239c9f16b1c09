import { prisma } from "./db.server";
import { hitRateLimit } from "./rate-limit.server";

// Runs on both engines: `npm test` (SQLite) and `npm run test:pg` (PostgreSQL).

describe("hitRateLimit", () => {
  const windowSeconds = 60;

  it("allows the limit, then refuses until the window has passed", async () => {
    const key = "test:sequence";
    const start = new Date("2026-01-05T10:00:00Z");
    const at = (s: number) => new Date(start.getTime() + s * 1000);
    const allowed = [];
    for (let i = 0; i < 5; i++) allowed.push((await hitRateLimit({ key, limit: 3, windowSeconds, now: at(i) })).allowed);
    expect(allowed).toEqual([true, true, true, false, false]);
    const refused = await hitRateLimit({ key, limit: 3, windowSeconds, now: at(30) });
    expect(refused).toMatchObject({ allowed: false, count: 6, retryAfterSeconds: 30 });
    const next = await hitRateLimit({ key, limit: 3, windowSeconds, now: at(60) });
    expect(next).toMatchObject({ allowed: true, count: 1, retryAfterSeconds: 60 });
  });

  it("counts every hit that arrives together just after the window ended: exactly the limit is allowed", async () => {
    // Found by the load proof (tests/proof/load.ts): hits racing at the window's end each
    // believed they had started the new window, so all of them were allowed and none counted.
    const key = "test:boundary";
    const limit = 5;
    const start = new Date("2026-01-05T10:00:00Z");
    await prisma.rateLimit.create({ data: { key, windowStart: start, count: 500 } });
    const now = new Date(start.getTime() + windowSeconds * 1000 + 1);
    const results = await Promise.all(Array.from({ length: 20 }, () => hitRateLimit({ key, limit, windowSeconds, now })));
    expect(results.filter((r) => r.allowed)).toHaveLength(limit);
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const row = await prisma.rateLimit.findUnique({ where: { key }, select: { windowStart: true, count: true } });
    expect(row).toEqual({ windowStart: now, count: 20 });
  });
});
