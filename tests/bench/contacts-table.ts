/**
 * Times the contacts table's loader (/staff/contacts) and the dashboard's loader (/staff/review)
 * with real Requests against a database seeded by tests/bench/seed-contacts.ts. Prints figures;
 * asserts nothing (benchmarks are not tests).
 *
 *   npx tsx tests/bench/contacts-table.ts --db /tmp/bench/contacts.db [--incident coocom-2015] [--runs 5]
 *
 * Each case runs once to warm up, then `runs` times; the median wall time (and the slowest) and the
 * median CPU time of the process (Node + SQLite, same thread) are printed.
 */
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    incident: { type: "string", default: "coocom-2015" },
    runs: { type: "string", default: "5" },
  },
});
if (!values.db) {
  process.stderr.write("Usage: npx tsx tests/bench/contacts-table.ts --db FILE [--incident coocom-2015] [--runs 5]\n");
  process.exit(2);
}
const dbFile = path.resolve(values.db);
process.env.DATABASE_URL = `file:${dbFile}`;
process.env.DATA_DIR ??= path.dirname(dbFile);
process.env.LOG_LEVEL ??= "silent";

const { prisma } = await import("~/utils/db.server");
const { createSession } = await import("~/utils/session.server");
const { loader: contactsLoader } = await import("~/routes/staff.contacts._index");
const { loader: reviewLoader } = await import("~/routes/staff.review");

const supervisor = await prisma.user.findUniqueOrThrow({ where: { email: "bench-supervisor@example.jp" }, select: { id: true } });
const cookie = (await createSession({ userId: supervisor.id, ip: "127.0.0.1" })).split(";")[0]!;
const incidentCookie = `staff_incident=${encodeURIComponent(Buffer.from(JSON.stringify(values.incident)).toString("base64"))}`;
const total = await prisma.contact.count();
const range = await prisma.contact.aggregate({ _min: { startedAt: true }, _max: { startedAt: true } });
const lastDay = new Date(range._max.startedAt!.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
const dayBefore = (ymd: string, n: number) =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const someAgent = await prisma.user.findFirstOrThrow({ where: { email: "bench-agent-3@example.jp" }, select: { id: true } });

type Case = { label: string; run: () => Promise<unknown>; rows?: (data: unknown) => string };

function request(pathAndSearch: string): Request {
  return new Request(`http://localhost${pathAndSearch}`, { headers: { Cookie: `${cookie}; ${incidentCookie}` } });
}
const contacts = (search: string): Case => ({
  label: `/staff/contacts${search}`,
  run: () => contactsLoader({ request: request(`/staff/contacts${search}`), params: {}, context: {} }),
  rows: (d) => {
    const x = d as { total: number; rows: unknown[]; state: { page: number } };
    return `${x.rows.length} rows of ${x.total.toLocaleString("en")} (page ${x.state.page})`;
  },
});
const review = (search: string): Case => ({
  label: `/staff/review${search}`,
  run: () => reviewLoader({ request: request(`/staff/review${search}`), params: {}, context: {} }),
  rows: (d) =>
    `${(d as { dashboard: { totals: { contacts: number } } }).dashboard.totals.contacts.toLocaleString("en")} contacts in range`,
});

const cases: Case[] = [
  contacts(""),
  contacts(`?from=${dayBefore(lastDay, 6)}&to=${lastDay}&channel=phone_in&sort=agent.asc`),
  contacts(`?channel=phone_in&hours=outside&sort=duration.desc`),
  contacts(`?agent=${someAgent.id}&sort=startedAt.desc&page=3`),
  contacts(`?category=late_notice&outcome=escalated`),
  contacts(`?from=${lastDay}&to=${lastDay}&affected=yes&hours=outside`),
  contacts(`?affected=yes`),
  contacts(`?affected=no&sort=due.asc`),
  contacts(`?q=Refund`),
  contacts(`?from=${dayBefore(lastDay, 6)}&to=${lastDay}&q=エスカレーション`),
  contacts(`?sort=channel.asc&page=2000`),
  contacts(`?perPage=200&cols=started,incident,channel,agent,categories,outcome,hours,affected,caller,notes,duration,due,status`),
  review(`?from=${lastDay}&to=${lastDay}`),
  review(`?from=${dayBefore(lastDay, 6)}&to=${lastDay}`),
  review(`?from=${dayBefore(lastDay, 29)}&to=${lastDay}`),
  review(`?from=${dayBefore(lastDay, 119)}&to=${lastDay}`),
];

const runs = Math.max(1, Number(values.runs));
process.stdout.write(`${total.toLocaleString("en")} contacts in ${dbFile}; ${runs} runs per case after one warm-up\n\n`);
for (const c of cases) {
  const first = await c.run();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await c.run();
    times.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  // Wall time depends on what else the machine runs; CPU time (this process: Node + SQLite) less so.
  process.stdout.write(
    `${median(times).toFixed(0).padStart(6)} ms wall (max ${Math.max(...times)
      .toFixed(0)
      .padStart(5)}), ${median(cpu).toFixed(0).padStart(5)} ms CPU  ${c.label}  → ${c.rows?.(first) ?? ""}\n`,
  );
}
await prisma.$disconnect();
