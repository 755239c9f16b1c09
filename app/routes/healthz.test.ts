import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { loader } from "./healthz";

// Runs on both engines: `npm test` (SQLite) and `npm run test:pg` (PostgreSQL).
const database = getEnv().databaseKind;

describe("GET /healthz", () => {
  it("answers 200 with the database kind and current migrations", async () => {
    expect(database).toBe(process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite");
    const res = await loader();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database, migrations: "current" });
  });

  it("answers 503 when a shipped migration has not been applied", async () => {
    const [last] = await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
    await prisma.$executeRaw`UPDATE _prisma_migrations SET finished_at = NULL WHERE id = ${last!.id}`;
    const res = await loader();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, database, migrations: "pending" });
  });
});
