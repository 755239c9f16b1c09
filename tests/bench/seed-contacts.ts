/**
 * Seeds a scratch database with many synthetic contacts, for measuring the contacts table and the
 * dashboard (not part of the test suite; reusable by the benchmark):
 *
 *   npx tsx tests/bench/seed-contacts.ts --db /tmp/bench/contacts.db --count 200000 [--incident coocom-2015]
 *          [--days 120] [--end 2015-12-25] [--seed 7]
 *
 * A new database file is migrated and gets the demo data first (the two incidents, 24,643
 * affected customers, demo logins; about a minute). Contacts are then added to the incident
 * (default coocom-2015): spread evenly over `days` JST days ending on `end` and written day by day
 * (like a live desk, so rows lie roughly in time order), most in office hours, a
 * realistic mix of channels, agents, categories, outcomes, phone times and PBX answers/abandons,
 * 60 % identity-verified of which half are linked to an affected record. `withinHours` and
 * `flaggedAfterHours` follow the incident's main phone line as the app computes them.
 * Rows go in through a direct better-sqlite3 connection in transactions of 10,000 (the same
 * storage format as Prisma's adapter: ISO-8601 text with +00:00, booleans 0/1); about 20 s for
 * 200,000 contacts on two cores.
 * Also prints a supervisor login for the scratch database: bench-supervisor@example.jp.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    count: { type: "string", default: "200000" },
    incident: { type: "string", default: "coocom-2015" },
    days: { type: "string", default: "120" },
    end: { type: "string", default: "2015-12-25" },
    seed: { type: "string", default: "7" },
  },
});
if (!values.db || !/^\d+$/.test(values.count!) || !/^\d+$/.test(values.days!) || !/^\d{4}-\d{2}-\d{2}$/.test(values.end!)) {
  process.stderr.write(
    "Usage: npx tsx tests/bench/seed-contacts.ts --db FILE [--count 200000] [--incident coocom-2015] [--days 120] [--end 2015-12-25]\n",
  );
  process.exit(2);
}
const dbFile = path.resolve(values.db);
mkdirSync(path.dirname(dbFile), { recursive: true });
process.env.DATABASE_URL = `file:${dbFile}`;
process.env.DATA_DIR ??= path.dirname(dbFile);
process.env.LOG_LEVEL ??= "silent";

const { applyMigrations } = await import("~/utils/migrate.server");
const { prisma } = await import("~/utils/db.server");
const { isDemoSeeded, seedDemoData } = await import("../../prisma/seed");
const { loadHoursConfig } = await import("~/models/hours.server");
const { isOpenAt } = await import("~/domain/business-hours");
const { createUser } = await import("~/models/user.server");
const Database = (await import("better-sqlite3")).default;

const out = (line: string) => process.stdout.write(line + "\n");
const started = Date.now();

await applyMigrations({ databaseUrl: process.env.DATABASE_URL });
if (!(await isDemoSeeded())) {
  out("Adding the demo data (about a minute)…");
  await seedDemoData({ log: () => {} });
}
const incident = await prisma.incident.findUnique({
  where: { slug: values.incident },
  select: {
    id: true,
    hotlines: {
      orderBy: [{ isMain: "desc" }, { id: "asc" }],
      select: { kind: true, isMain: true, weeklyHours: true, yearEndClosure: true },
    },
  },
});
if (!incident) throw new Error(`No incident ${values.incident} in ${dbFile}`);
const line = incident.hotlines.find((h) => h.kind === "phone") ?? incident.hotlines[0];
const hours = line ? await loadHoursConfig({ hotline: line, incidentId: incident.id }) : null;

// Staff: 20 agents plus a supervisor to log in with.
const agentIds: string[] = [];
for (let i = 1; i <= 20; i++) {
  const email = `bench-agent-${i}@example.jp`;
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  agentIds.push(
    existing?.id ??
      (
        await createUser({
          email,
          name: `ベンチ担当 ${String(i).padStart(2, "0")}`,
          role: "agent",
          password: "bench-password-123",
          mustChangePassword: false,
        })
      ).id,
  );
}
if (!(await prisma.user.findUnique({ where: { email: "bench-supervisor@example.jp" }, select: { id: true } }))) {
  await createUser({
    email: "bench-supervisor@example.jp",
    name: "ベンチ SV",
    role: "supervisor",
    password: "bench-password-123",
    mustChangePassword: false,
  });
}
const recordIds = (
  await prisma.affectedRecord.findMany({ where: { incidentId: incident.id }, select: { id: true }, take: 20_000 })
).map((r) => r.id);
await prisma.$disconnect();

// A small deterministic PRNG (mulberry32), so two runs give the same data.
let state = Number(values.seed) >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
function weighted<T>(items: readonly [T, number][]): T {
  let r = random() * items.reduce((a, [, w]) => a + w, 0);
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1]![0];
}
const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
let idCounter = 0;
const newId = () =>
  `cb${Date.now().toString(36)}${(idCounter++).toString(36).padStart(6, "0")}${Math.floor(random() * 1e6).toString(36)}`;

const NOTES = [
  "対象者かどうかの確認。対象者であることを案内し、再発行手数料の免除を説明。",
  "カード会社への連絡方法を案内。Refund について質問あり。",
  "公表が遅れた理由について強いご不満。スクリプト通り説明。",
  "不正利用の疑いあり。カード会社へ連絡するよう案内。",
  "報道機関からの問い合わせ。広報へエスカレーション。",
  "本人確認できず。折り返し予定。",
  "メールアドレスの変更について。",
  "water server の注文履歴について確認。",
];
const CATEGORY_WEIGHTS: [string, number][] = [
  ["affected_check", 40],
  ["reissue_fee", 25],
  ["what_stolen", 10],
  ["late_notice", 8],
  ["fraud_charge", 6],
  ["complaint", 5],
  ["press", 1],
  ["police", 1],
  ["other", 4],
];

const count = Number(values.count);
const days = Number(values.days);
const [ey, em, ed] = values.end!.split("-").map(Number) as [number, number, number];
const firstDayStart = Date.UTC(ey, em - 1, ed) - 9 * 3600_000 - (days - 1) * 86_400_000;

const db = new Database(dbFile);
db.pragma("journal_mode = WAL");
const insertContact =
  db.prepare(`INSERT INTO "Contact" ("id", "incidentId", "channel", "source", "status", "startedAt", "endedAt",
  "talkSeconds", "holdSeconds", "acwSeconds", "agentId", "affectedRecordId", "identityVerified", "callerName", "callerContact",
  "outcome", "escalatedTo", "notes", "withinHours", "flaggedAfterHours", "dueAt", "answeredAt", "abandoned", "version", "createdAt", "updatedAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`);
const insertCategory = db.prepare(`INSERT INTO "ContactCategory" ("contactId", "category") VALUES (?, ?)`);

const BATCH = 10_000;
let seq = 0;
const insertBatch = db.transaction((n: number) => {
  for (let i = 0; i < n; i++) {
    // In the order they happen, day by day (as a live desk writes them, so the table's rows are in
    // roughly startedAt order); most in office hours (JST 9-19), some in the evening and at night.
    const day = Math.min(days - 1, Math.floor((seq++ / count) * days));
    const hour = weighted<number>([
      [9, 4],
      [10, 10],
      [11, 12],
      [12, 12],
      [13, 11],
      [14, 11],
      [15, 10],
      [16, 9],
      [17, 7],
      [18, 4],
      [19, 3],
      [20, 3],
      [21, 2],
      [22, 2],
      [23, 1],
      [0, 1],
      [7, 1],
      [8, 2],
    ]);
    const startedMs = firstDayStart + day * 86_400_000 + hour * 3600_000 + Math.floor(random() * 3600) * 1000;
    const startedAt = new Date(startedMs);
    const channel = weighted<string>([
      ["phone_in", 62],
      ["phone_out", 8],
      ["email_in", 12],
      ["email_out", 6],
      ["web", 11],
      ["letter", 1],
    ]);
    const phone = channel === "phone_in" || channel === "phone_out";
    const pbx = channel === "phone_in" && random() < 0.85;
    const abandoned = pbx && random() < 0.08;
    const source = channel === "web" ? "web" : channel === "email_in" ? "email" : pbx ? "pbx" : "agent";
    const agentId = abandoned || (source !== "agent" && source !== "pbx" && random() < 0.3) ? null : pick(agentIds);
    const talk = phone && !abandoned ? 60 + Math.floor(random() * 600) : null;
    const hold = phone && !abandoned ? (random() < 0.6 ? 0 : Math.floor(random() * 180)) : null;
    const acw = phone && !abandoned ? 20 + Math.floor(random() * 240) : null;
    const within = hours ? isOpenAt({ instant: startedAt, config: hours }) : false;
    const verified = !abandoned && random() < 0.6;
    const record = verified && recordIds.length > 0 && random() < 0.5 ? pick(recordIds) : null;
    const outcome = abandoned
      ? null
      : weighted<string | null>([
          ["resolved_first_contact", 70],
          ["callback_needed", 18],
          ["escalated", 7],
          [null, 5],
        ]);
    const open = (channel === "web" || channel === "email_in") && random() < 0.1;
    const id = newId();
    insertContact.run(
      id,
      incident!.id,
      channel,
      source,
      open ? "open" : "closed",
      iso(startedAt),
      talk !== null ? iso(new Date(startedMs + (talk + (hold ?? 0)) * 1000)) : null,
      talk,
      hold,
      acw,
      agentId,
      record,
      verified ? 1 : 0,
      random() < 0.7 ? pick(["山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健"]) : null,
      random() < 0.5
        ? `090-${String(Math.floor(random() * 1e4)).padStart(4, "0")}-${String(Math.floor(random() * 1e4)).padStart(4, "0")}`
        : null,
      outcome,
      outcome === "escalated" ? pick(["fraud", "press", "police", "supervisor", "angry_caller"]) : null,
      abandoned ? null : pick(NOTES),
      within ? 1 : 0,
      !within && source === "agent" ? 1 : 0, // shouldFlagAfterHours: staff-logged contacts only
      channel === "web" || channel === "email_in" || abandoned ? iso(new Date(startedMs + 86_400_000)) : null,
      pbx && !abandoned ? iso(new Date(startedMs + 15_000)) : null,
      abandoned ? 1 : 0,
      iso(startedAt),
      iso(startedAt),
    );
    const cats = abandoned
      ? 0
      : weighted<number>([
          [0, 15],
          [1, 60],
          [2, 25],
        ]);
    const chosen = new Set<string>();
    while (chosen.size < cats) chosen.add(weighted<string>(CATEGORY_WEIGHTS));
    for (const c of chosen) insertCategory.run(id, c);
  }
});

for (let done = 0; done < count; done += BATCH) {
  insertBatch(Math.min(BATCH, count - done));
  if ((done / BATCH) % 5 === 4) out(`  ${(done + BATCH).toLocaleString("en")} contacts…`);
}
db.pragma("optimize");
db.exec("ANALYZE");
const total = (db.prepare(`SELECT COUNT(*) AS n FROM "Contact"`).get() as { n: number }).n;
db.close();
out(
  `Added ${count.toLocaleString("en")} contacts to ${values.incident} (${total.toLocaleString("en")} in the database) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${dbFile}`,
);
out("Log in as bench-supervisor@example.jp / bench-password-123");
