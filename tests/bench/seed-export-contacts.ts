/**
 * Seeds many plain synthetic contacts quickly, for the export tests and the export benchmark
 * (tests/bench/seed-contacts.ts is the contacts table's richer seeder, with demo data first).
 *
 *   DATABASE_URL=file:/tmp/bench.db npx tsx tests/bench/seed-export-contacts.ts --count 1000000 [--slug bench-1m]
 *
 * migrates the database (if needed), creates an incident (--slug, default "bench-<time>") and adds the contacts in
 * batches (multi-row INSERTs through the app's Prisma connection). The free text holds what an
 * export must survive: Japanese, commas, double quotes, line breaks and a formula-like cell.
 */
import { parseArgs } from "node:util";
import type { PrismaClient } from "~/generated/prisma/client";

const CHANNELS = ["phone_in", "phone_in", "phone_in", "email_in", "web", "phone_out"] as const;
const CATEGORIES = ["affected_check", "reissue_fee", "what_stolen", "late_notice", "fraud_charge", "complaint"] as const;

/** The notes of the i-th contact: varied, with the characters a CSV writer must get right. */
export function benchNotes(i: number): string {
  switch (i % 5) {
    case 0:
      return `お客様より、カードの再発行手数料について問い合わせ（${i}件目）。`;
    case 1:
      return `折り返し希望, 16時以降 "至急" とのこと`;
    case 2:
      return `1行目: 本人確認済み\n2行目: 対象期間内のご利用あり`;
    case 3:
      return `=HYPERLINK("http://example.invalid","click") と入力された`;
    default:
      return `通常の問い合わせ ${i}`;
  }
}

/** A DateTime as Prisma's SQLite adapter stores it (ISO text with +00:00). */
function sqliteDateTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

const CONTACT_COLUMNS = [
  "id",
  "incidentId",
  "channel",
  "source",
  "status",
  "startedAt",
  "endedAt",
  "talkSeconds",
  "holdSeconds",
  "acwSeconds",
  "withinHours",
  "callerName",
  "callerContact",
  "outcome",
  "notes",
  "createdAt",
  "updatedAt",
] as const;

/**
 * Adds `count` contacts, one every `stepSeconds` from `start`, with multi-row INSERTs of 500 rows
 * and one transaction per batch, through the app's own Prisma connection (raw SQL: createMany is
 * about ten times slower, too slow for a 50,000-row test or a million-row benchmark). Values are
 * written in Prisma's formats, so the app reads them back as its own rows.
 */
export async function seedContacts({
  prisma,
  incidentId,
  count,
  start = new Date("2017-09-20T00:00:00+09:00"),
  stepSeconds = 17,
  batch = 5_000,
  withCategories = true,
  idPrefix = `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
  onProgress,
}: {
  prisma: PrismaClient;
  incidentId: string;
  count: number;
  start?: Date;
  stepSeconds?: number;
  batch?: number;
  withCategories?: boolean;
  /** Contact ids are this prefix and the row number: give a fixed one for the same ids on every run. */
  idPrefix?: string;
  onProgress?: (done: number) => void;
}): Promise<void> {
  const now = new Date();
  const perInsert = 500;
  const { getEnv } = await import("~/utils/env.server");
  const postgres = getEnv().databaseKind === "postgresql";
  // Values are built as Dates and booleans; SQLite's adapter stores ISO text and 1/0.
  const toDb = (v: unknown) => (postgres ? v : v instanceof Date ? sqliteDateTime(v) : typeof v === "boolean" ? (v ? 1 : 0) : v);
  let param = 0;
  const mark = () => (postgres ? `$${++param}` : "?");
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    const statements: { sql: string; params: unknown[] }[] = [];
    for (let offset = 0; offset < n; offset += perInsert) {
      const rows: unknown[][] = [];
      const categories: unknown[][] = [];
      for (let k = offset; k < Math.min(n, offset + perInsert); k++) {
        const i = done + k;
        const id = `${idPrefix}${String(i).padStart(8, "0")}`;
        const startedAt = new Date(start.getTime() + i * stepSeconds * 1000);
        rows.push([
          id,
          incidentId,
          CHANNELS[i % CHANNELS.length]!,
          "agent",
          "closed",
          startedAt,
          new Date(startedAt.getTime() + 240_000),
          180 + (i % 120),
          i % 30,
          60,
          i % 4 !== 0,
          i % 3 === 0 ? `山田 太郎${i}` : null,
          i % 3 === 0 ? "090-1234-5678" : null,
          "resolved_first_contact",
          benchNotes(i),
          now,
          now,
        ]);
        if (withCategories && i % 2 === 0) categories.push([id, CATEGORIES[(i / 2) % CATEGORIES.length]!]);
      }
      param = 0;
      const placeholders = rows.map(() => `(${CONTACT_COLUMNS.map(mark).join(",")})`).join(",");
      statements.push({
        sql: `INSERT INTO "Contact" (${CONTACT_COLUMNS.map((c) => `"${c}"`).join(",")}) VALUES ${placeholders}`,
        params: rows.flat().map(toDb),
      });
      if (categories.length) {
        param = 0;
        statements.push({
          sql: `INSERT INTO "ContactCategory" ("contactId","category") VALUES ${categories.map(() => `(${mark()},${mark()})`).join(",")}`,
          params: categories.flat(),
        });
      }
    }
    await prisma.$transaction(statements.map((st) => prisma.$executeRawUnsafe(st.sql, ...st.params)));
    onProgress?.(done + n);
  }
}

async function main() {
  const { values } = parseArgs({ options: { count: { type: "string", default: "1000000" }, slug: { type: "string" } } });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1) throw new Error("--count must be a positive whole number");
  const { getEnv } = await import("~/utils/env.server");
  const { applyMigrations } = await import("~/utils/migrate.server");
  await applyMigrations({ databaseUrl: getEnv().DATABASE_URL });
  const { prisma } = await import("~/utils/db.server");
  const slug = values.slug ?? `bench-${Date.now().toString(36)}`;
  const incident = await prisma.incident.create({
    data: {
      slug,
      companyJa: "ベンチ株式会社",
      companyEn: "Bench Inc.",
      titleJa: "ベンチマーク",
      titleEn: "Benchmark",
      summaryJa: "-",
      summaryEn: "-",
      noticeDate: "2017-09-20",
    },
    select: { id: true },
  });
  const started = Date.now();
  await seedContacts({
    prisma,
    incidentId: incident.id,
    count,
    ...(values.slug ? { idPrefix: `${values.slug}-` } : {}),
    onProgress: (done) => {
      if (done % 100_000 === 0 || done === count)
        process.stdout.write(`${done} contacts (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    },
  });
  process.stdout.write(`Seeded ${count} contacts into incident ${slug}.\n`);
  await prisma.$disconnect();
}

// Run as a script (not when a test imports seedContacts).
if (process.argv[1]?.endsWith("seed-export-contacts.ts")) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
