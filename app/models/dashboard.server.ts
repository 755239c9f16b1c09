/**
 * The supervisor dashboard's figures for a range of JST calendar days and one incident (or all).
 * Everything is aggregated in the database; only counts and sums come back.
 *
 * Time buckets. Contact.startedAt is an ISO-8601 text on SQLite and a timestamp on PostgreSQL,
 * so there is no date arithmetic both understand (no strftime/date_trunc). Instead the bucket
 * boundaries are computed here (JST hours/days as UTC instants) and sent as parameters: one
 * `SELECT COUNT(*) ... WHERE startedAt >= start AND startedAt < end` per bucket, joined with
 * UNION ALL into one statement per chunk of buckets (SQLite allows 500 terms in a compound
 * SELECT; we send at most 200). Each term is a range scan of the (incidentId, startedAt) index,
 * so the work grows with the contacts in the range, not with the table, and the SQL is the same
 * on both databases (only standard CASE, SUM, COUNT, comparisons).
 *
 * The other figures are one pass over the range (conditional sums in one statement), a groupBy
 * per channel and per category, a count of affected callers (with the exposure windows), and
 * the waiver pipeline (groupBy status x card company).
 */
import {
  abandonmentRate,
  answerRate,
  dayBuckets,
  handleTimeSplit,
  hourBuckets,
  MAX_HOURLY_DAYS,
  rate,
  staffing,
  tokyoDateHour,
} from "~/domain/dashboard-figures";
import type { Bucket, HandleTimeSplit } from "~/domain/dashboard-figures";
import type { HoursConfig } from "~/domain/business-hours";
import { CONTACT_CATEGORIES, CONTACT_CHANNELS } from "~/domain/contact-rules";
import { WAIVER_STATUSES } from "~/domain/waiver-rules";
import { Prisma as P } from "~/generated/prisma/client";
import { contactAffectedSql, loadSiteWindows } from "~/models/contact-list.server";
import type { SiteWindows } from "~/models/contact-list.server";
import { loadHoursConfig } from "~/models/hours.server";
import { prisma } from "~/utils/db.server";
import { calendarDaysBetween, tokyoDayRange, tokyoDayStart } from "~/utils/table-query";

const UNION_CHUNK = 200;

type BucketCount = { total: number; within: number };

/**
 * Counts per bucket (and how many started within hours), in bucket order. Each bucket is two
 * scalar COUNTs that the indexes answer without reading the table: the total on
 * (incidentId, startedAt), the after-hours part on (incidentId, withinHours, startedAt).
 */
async function countPerBucket({ incidentId, buckets }: { incidentId: string | null; buckets: Bucket[] }): Promise<BucketCount[]> {
  const out: BucketCount[] = [];
  const incident = incidentId ? P.sql`"incidentId" = ${incidentId} AND ` : P.empty;
  for (let offset = 0; offset < buckets.length; offset += UNION_CHUNK) {
    const chunk = buckets.slice(offset, offset + UNION_CHUNK);
    const terms = chunk.map(
      (b, i) => P.sql`SELECT ${offset + i} AS "bucket",
        (SELECT COUNT(*) FROM "Contact" WHERE ${incident}"startedAt" >= ${b.start} AND "startedAt" < ${b.end}) AS "total",
        (SELECT COUNT(*) FROM "Contact" WHERE ${incident}"withinHours" = ${false} AND "startedAt" >= ${b.start} AND "startedAt" < ${b.end}) AS "outside"`,
    );
    const rows = await prisma.$queryRaw<{ bucket: number | bigint; total: number | bigint; outside: number | bigint | null }[]>(
      P.sql`${P.join(terms, " UNION ALL ")}`,
    );
    const byBucket = new Map(rows.map((r) => [Number(r.bucket), r]));
    chunk.forEach((_, i) => {
      const row = byBucket.get(offset + i);
      const total = Number(row?.total ?? 0);
      out.push({ total, within: total - Number(row?.outside ?? 0) });
    });
  }
  return out;
}

const SUMMARY_FIELDS = [
  "total",
  "afterHours",
  "flaggedAfterHours",
  "inbound",
  "answered",
  "abandoned",
  "handled",
  "talk",
  "hold",
  "acw",
  "withOutcome",
  "resolvedFirst",
  "verified",
  "affected",
  "affectedRecords",
  "uncategorised",
] as const;
type Summary = Record<(typeof SUMMARY_FIELDS)[number], number> & { channels: Record<string, number> };

/**
 * One pass over the contacts of the range (the (incidentId, startedAt) index, each contact's
 * row, its affected record when it has one, a probe of its categories): every count and sum the
 * figures need, including the affected rule (contactAffectedSql) and the count per channel.
 */
async function summarise({
  incidentId,
  range,
  sites,
}: {
  incidentId: string | null;
  range: { gte: Date; lt: Date };
  sites: readonly SiteWindows[];
}): Promise<Summary> {
  const incident = incidentId ? P.sql`c."incidentId" = ${incidentId} AND ` : P.empty;
  const affected = contactAffectedSql(sites, "c", "r");
  const channelSums = CONTACT_CHANNELS.map(
    (ch, i) => P.sql`SUM(CASE WHEN c."channel" = ${ch} THEN 1 ELSE 0 END) AS ${P.raw(`"ch${i}"`)}`,
  );
  const [row] = await prisma.$queryRaw<Record<string, number | bigint | null>[]>(P.sql`
    SELECT
      COUNT(*) AS "total",
      SUM(CASE WHEN c."withinHours" THEN 0 ELSE 1 END) AS "afterHours",
      SUM(CASE WHEN c."flaggedAfterHours" THEN 1 ELSE 0 END) AS "flaggedAfterHours",
      SUM(CASE WHEN c."channel" = 'phone_in' THEN 1 ELSE 0 END) AS "inbound",
      SUM(CASE WHEN c."channel" = 'phone_in' AND c."answeredAt" IS NOT NULL THEN 1 ELSE 0 END) AS "answered",
      SUM(CASE WHEN c."channel" = 'phone_in' AND c."abandoned" THEN 1 ELSE 0 END) AS "abandoned",
      SUM(CASE WHEN c."talkSeconds" IS NOT NULL OR c."holdSeconds" IS NOT NULL OR c."acwSeconds" IS NOT NULL THEN 1 ELSE 0 END) AS "handled",
      SUM(COALESCE(c."talkSeconds", 0)) AS "talk",
      SUM(COALESCE(c."holdSeconds", 0)) AS "hold",
      SUM(COALESCE(c."acwSeconds", 0)) AS "acw",
      SUM(CASE WHEN c."outcome" IS NOT NULL THEN 1 ELSE 0 END) AS "withOutcome",
      SUM(CASE WHEN c."outcome" = 'resolved_first_contact' THEN 1 ELSE 0 END) AS "resolvedFirst",
      SUM(CASE WHEN c."identityVerified" THEN 1 ELSE 0 END) AS "verified",
      SUM(CASE WHEN ${affected} THEN 1 ELSE 0 END) AS "affected",
      COUNT(DISTINCT CASE WHEN ${affected} THEN c."affectedRecordId" END) AS "affectedRecords",
      SUM(CASE WHEN EXISTS (SELECT 1 FROM "ContactCategory" cc WHERE cc."contactId" = c."id") THEN 0 ELSE 1 END) AS "uncategorised",
      ${P.join(channelSums, ", ")}
    FROM "Contact" c
    LEFT JOIN "AffectedRecord" r ON r."id" = c."affectedRecordId"
    WHERE ${incident}c."startedAt" >= ${range.gte} AND c."startedAt" < ${range.lt}`);
  const n = (v: number | bigint | null | undefined) => Number(v ?? 0);
  return {
    ...(Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, n(row?.[f])])) as Record<(typeof SUMMARY_FIELDS)[number], number>),
    channels: Object.fromEntries(CONTACT_CHANNELS.map((ch, i) => [ch, n(row?.[`ch${i}`])])),
  };
}

/** Contacts per category in the range (a contact with two categories counts in both). */
async function countPerCategory({ incidentId, range }: { incidentId: string | null; range: { gte: Date; lt: Date } }) {
  const incident = incidentId ? P.sql`c."incidentId" = ${incidentId} AND ` : P.empty;
  const rows = await prisma.$queryRaw<{ category: string; count: number | bigint }[]>(P.sql`
    SELECT cc."category" AS "category", COUNT(*) AS "count"
    FROM "Contact" c JOIN "ContactCategory" cc ON cc."contactId" = c."id"
    WHERE ${incident}c."startedAt" >= ${range.gte} AND c."startedAt" < ${range.lt}
    GROUP BY cc."category"`);
  return new Map(rows.map((r) => [r.category, Number(r.count)]));
}

/** The main phone line's hours of an incident (the line withinHours is judged on); null when it has none. */
async function incidentHours(incidentId: string): Promise<HoursConfig | null> {
  const hotlines = await prisma.hotline.findMany({
    where: { incidentId },
    orderBy: [{ isMain: "desc" }, { id: "asc" }],
    select: { kind: true, isMain: true, weeklyHours: true, yearEndClosure: true },
  });
  const line = hotlines.find((h) => h.kind === "phone" && h.isMain) ?? hotlines.find((h) => h.kind === "phone") ?? hotlines[0];
  return line ? loadHoursConfig({ hotline: line, incidentId }) : null;
}

export type HourPoint = {
  /** ISO instant of the hour's start. */
  start: string;
  date: string;
  hour: number;
  total: number;
  withinHours: number;
  outsideHours: number;
  open: boolean | null;
  openMinutes: number | null;
};

export type DayPoint = {
  date: string;
  total: number;
  withinHours: number;
  outsideHours: number;
  /** Staffed hours that day on the main phone line (null: no hours to compare with). */
  staffedHours: number | null;
};

export type Dashboard = {
  from: string;
  to: string;
  days: number;
  /** Hour by hour (ranges of MAX_HOURLY_DAYS days or fewer), else null. */
  hourly: HourPoint[] | null;
  daily: DayPoint[];
  /** Whether hours are known (a single incident with a phone line): the staffed overlay. */
  hasHours: boolean;
  totals: { contacts: number; afterHours: number; flaggedAfterHours: number };
  byChannel: { channel: string; count: number }[];
  byCategory: { category: string; count: number }[];
  /** Contacts with no category (not in byCategory; a contact may have several categories). */
  uncategorised: number;
  calls: {
    inbound: number;
    answered: number;
    abandoned: number;
    /** Inbound calls with neither answeredAt nor abandoned: logged by hand, or still ringing. */
    withoutPhoneSystemResult: number;
    answerRate: number | null;
    abandonmentRate: number | null;
  };
  handleTime: { handled: number; split: HandleTimeSplit };
  fcr: { withOutcome: number; resolvedFirst: number; rate: number | null };
  affected: { verified: number; affected: number; distinctRecords: number; share: number | null };
  waivers: {
    statuses: string[];
    byStatus: { status: string; count: number }[];
    byCompany: { id: string; code: string; nameJa: string; nameEn: string; counts: Record<string, number>; total: number }[];
    total: number;
  };
};

/**
 * The dashboard for JST days `from`..`to` (inclusive; the caller has validated and capped them)
 * and `incidentId` (null = every incident; then there is no staffed-hours overlay).
 */
export async function getDashboard({
  incidentId,
  from,
  to,
}: {
  incidentId: string | null;
  from: string;
  to: string;
}): Promise<Dashboard> {
  const days = calendarDaysBetween(from, to) + 1;
  const start = tokyoDayStart(from);
  const range = tokyoDayRange({ from, to }) as { gte: Date; lt: Date };
  const hours = incidentId ? await incidentHours(incidentId) : null;

  // Hour buckets when the range is short (the days are their sums), else day buckets.
  const hourly = days <= MAX_HOURLY_DAYS;
  const buckets = hourly ? hourBuckets(start, days) : dayBuckets(start, days);
  const counts = await countPerBucket({ incidentId, buckets });

  let hourPoints: HourPoint[] | null = null;
  const daily: DayPoint[] = dayBuckets(start, days).map((b) => ({
    date: tokyoDateHour(b.start).date,
    total: 0,
    withinHours: 0,
    outsideHours: 0,
    staffedHours: hours ? Math.round((staffing(b, hours).openMinutes ?? 0) / 6) / 10 : null,
  }));
  if (hourly) {
    hourPoints = buckets.map((b, i) => {
      const c = counts[i]!;
      const { date, hour } = tokyoDateHour(b.start);
      return {
        start: b.start.toISOString(),
        date,
        hour,
        total: c.total,
        withinHours: c.within,
        outsideHours: c.total - c.within,
        ...staffing(b, hours),
      };
    });
    hourPoints.forEach((h, i) => {
      const day = daily[Math.floor(i / 24)]!;
      day.total += h.total;
      day.withinHours += h.withinHours;
      day.outsideHours += h.outsideHours;
    });
  } else {
    counts.forEach((c, i) => {
      const day = daily[i]!;
      day.total = c.total;
      day.withinHours = c.within;
      day.outsideHours = c.total - c.within;
    });
  }

  const sites = await loadSiteWindows({ incidentId });
  const [summary, categoryCount, waiverGroups, companies] = await Promise.all([
    summarise({ incidentId, range, sites }),
    countPerCategory({ incidentId, range }),
    prisma.waiverRequest.groupBy({
      by: ["status", "cardCompanyId"],
      where: incidentId ? { incidentId } : {},
      _count: { _all: true },
    }),
    prisma.cardCompany.findMany({
      orderBy: [{ position: "asc" }, { code: "asc" }],
      select: { id: true, code: true, nameJa: true, nameEn: true },
    }),
  ]);
  const knownCategories: string[] = [...CONTACT_CATEGORIES];

  const statuses = [...WAIVER_STATUSES] as string[];
  const byCompany = companies
    .map((c) => {
      const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<string, number>;
      for (const g of waiverGroups) if (g.cardCompanyId === c.id) counts[g.status] = (counts[g.status] ?? 0) + g._count._all;
      return { ...c, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
    })
    .filter((c) => c.total > 0);
  const byStatus = statuses.map((status) => ({
    status,
    count: waiverGroups.filter((g) => g.status === status).reduce((a, g) => a + g._count._all, 0),
  }));

  const calls = { answered: summary.answered, abandoned: summary.abandoned };
  return {
    from,
    to,
    days,
    hourly: hourPoints,
    daily,
    hasHours: hours !== null,
    totals: {
      contacts: summary.total,
      afterHours: summary.afterHours,
      flaggedAfterHours: summary.flaggedAfterHours,
    },
    byChannel: CONTACT_CHANNELS.map((channel) => ({ channel, count: summary.channels[channel] ?? 0 })),
    byCategory: [
      ...knownCategories.map((category) => ({ category, count: categoryCount.get(category) ?? 0 })),
      ...[...categoryCount].filter(([c]) => !knownCategories.includes(c)).map(([category, count]) => ({ category, count })),
    ],
    uncategorised: summary.uncategorised,
    calls: {
      inbound: summary.inbound,
      answered: summary.answered,
      abandoned: summary.abandoned,
      withoutPhoneSystemResult: summary.inbound - summary.answered - summary.abandoned,
      answerRate: answerRate(calls),
      abandonmentRate: abandonmentRate(calls),
    },
    handleTime: {
      handled: summary.handled,
      split: handleTimeSplit({ handled: summary.handled, talk: summary.talk, hold: summary.hold, acw: summary.acw }),
    },
    fcr: {
      withOutcome: summary.withOutcome,
      resolvedFirst: summary.resolvedFirst,
      rate: rate(summary.resolvedFirst, summary.withOutcome),
    },
    affected: {
      verified: summary.verified,
      affected: summary.affected,
      distinctRecords: summary.affectedRecords,
      share: rate(summary.affected, summary.verified),
    },
    waivers: { statuses, byStatus, byCompany, total: byStatus.reduce((a, s) => a + s.count, 0) },
  };
}
