/**
 * Times one page of the contacts table (/staff/contacts) the way the server builds it, and the same
 * SQL run directly: part of `npm run bench` (tests/bench/run.ts), run in its own process so the
 * database connection is the app's own.
 *
 *   DATABASE_URL=… LOOKUP_HMAC_KEY=… SESSION_SECRET=… npx tsx tests/bench/contacts-page.ts --incident SLUG [--runs 30]
 *
 * For each case: the route's loader is called with a real Request (session cookie of a
 * supervisor), once to warm up while the SQL statements the driver receives are recorded
 * (better-sqlite3's prepare/bind, or pg's Client.query), then `runs` times. The recorded
 * statements are then replayed `runs` times on a separate plain connection (better-sqlite3
 * prepared statements, or pg with the same text and values): the baseline. Prints one JSON line
 * per case: {"case","rows","total","statements","app":{p50,p95},"sql":{p50,p95}} in milliseconds.
 */
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { percentile } from "../proof/harness";

const { values } = parseArgs({ options: { incident: { type: "string" }, runs: { type: "string", default: "30" } } });
const databaseUrl = process.env.DATABASE_URL ?? "";
if (!values.incident || !databaseUrl) {
  process.stderr.write("Usage: DATABASE_URL=… npx tsx tests/bench/contacts-page.ts --incident SLUG [--runs 30]\n");
  process.exit(2);
}
const runs = Math.max(3, Number(values.runs));
const sqlite = databaseUrl.startsWith("file:");

// Record what the app sends to the database while `recording` is on.
type Statement = { sql: string; args: unknown[] };
let recording: Statement[] | null = null;
if (sqlite) {
  const probe = new Database(":memory:");
  const statementProto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as { bind: (...args: unknown[]) => unknown; source: string };
  probe.close();
  const bind = statementProto.bind;
  statementProto.bind = function (this: { source: string }, ...args: unknown[]) {
    recording?.push({ sql: this.source, args: (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as unknown[] });
    return bind.apply(this, args);
  };
} else {
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as { text?: string; values?: unknown[] } | string;
    if (typeof config === "object" && config.text) recording?.push({ sql: config.text, args: config.values ?? [] });
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

const { prisma } = await import("~/utils/db.server");
const { createSession } = await import("~/utils/session.server");
const { hashPassword } = await import("~/utils/crypto.server");
const { loader } = await import("~/routes/staff.contacts._index");

const email = "bench-supervisor@example.jp";
const supervisor =
  (await prisma.user.findUnique({ where: { email }, select: { id: true } })) ??
  (await prisma.user.create({
    data: { email, name: "Bench supervisor", role: "supervisor", passwordHash: await hashPassword("bench-supervisor-password") },
    select: { id: true },
  }));
const cookie = (await createSession({ userId: supervisor.id, ip: "127.0.0.1" })).split(";")[0]!;
const incidentCookie = `staff_incident=${encodeURIComponent(Buffer.from(JSON.stringify(values.incident)).toString("base64"))}`;
const range = await prisma.contact.aggregate({
  where: { incident: { slug: values.incident } },
  _min: { startedAt: true },
  _max: { startedAt: true },
});
const jstDay = (d: Date, plusDays = 0) => new Date(d.getTime() + 9 * 3600_000 + plusDays * 86_400_000).toISOString().slice(0, 10);
const first = range._min.startedAt!;

/** The cases: a filtered and sorted page, as a supervisor reviewing contacts would ask for it. */
const CASES: Record<string, string> = {
  // A week of inbound calls, by talk time (longest first): the supervisor's "who needed long calls" view.
  week_phone_by_duration: `?from=${jstDay(first, 2)}&to=${jstDay(first, 8)}&channel=phone_in&sort=duration.desc`,
  // Calls outside office hours over the whole incident, newest first, page 5.
  outside_hours_page5: `?channel=phone_in&hours=outside&sort=startedAt.desc&page=5`,
  // A category over the whole incident, oldest first.
  category_oldest_first: `?category=reissue_fee&sort=startedAt.asc`,
  // "Affected" is computed (a linked record whose transaction falls in an exposure window), not stored.
  affected_yes: `?affected=yes&sort=startedAt.desc`,
};

async function callLoader(search: string): Promise<{ rows: unknown[]; total: number }> {
  const request = new Request(`http://localhost/staff/contacts${search}`, { headers: { Cookie: `${cookie}; ${incidentCookie}` } });
  const result = (await loader({ request, params: {}, context: {} })) as unknown;
  const body = result instanceof Response ? ((await result.json()) as unknown) : result;
  const data = (body && typeof body === "object" && "data" in body ? (body as { data: unknown }).data : body) as { rows: unknown[]; total: number };
  return data;
}

// The baseline's own connection.
const replay: (statements: Statement[]) => Promise<void> = sqlite
  ? (() => {
      const db = new Database(databaseUrl.slice("file:".length), { readonly: true });
      const prepared = new Map<string, Database.Statement>();
      return async (statements) => {
        for (const st of statements) {
          let stmt = prepared.get(st.sql);
          if (!stmt) prepared.set(st.sql, (stmt = db.prepare(st.sql)));
          if (stmt.reader) stmt.raw().all(...(st.args as unknown[]));
        }
      };
    })()
  : await (async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      return async (statements: Statement[]) => {
        for (const st of statements) await client.query({ text: st.sql, values: st.args, rowMode: "array" });
      };
    })();

for (const [name, search] of Object.entries(CASES)) {
  recording = [];
  const page = await callLoader(search);
  const statements = recording.filter((s) => /^\s*(SELECT|WITH)/i.test(s.sql));
  recording = null;
  const app: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await callLoader(search);
    app.push(performance.now() - t0);
  }
  await replay(statements); // warm the baseline's statement cache too
  const sql: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await replay(statements);
    sql.push(performance.now() - t0);
  }
  const ms = (list: number[]) => ({ p50: Number(percentile(list, 50).toFixed(2)), p95: Number(percentile(list, 95).toFixed(2)) });
  process.stdout.write(
    JSON.stringify({ case: name, url: `/staff/contacts${search}`, rows: page.rows.length, total: page.total, statements: statements.length, app: ms(app), sql: ms(sql) }) + "\n",
  );
}
await prisma.$disconnect();
process.exit(0);
