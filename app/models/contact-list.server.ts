/**
 * The supervisors' contacts table (/staff/contacts) and anything else that lists contacts by the
 * same filters (the contacts export): filtering, sorting, paging and counting happen in the
 * database; the browser never pages or sorts.
 *
 * Indexes used (prisma/schema.prisma, Contact):
 * - incident + date range + startedAt order: (incidentId, startedAt), read backwards for
 *   "newest first"; the count of that range is an index-only scan of the same index.
 * - agent or channel filters: (agentId, startedAt) / (channel, startedAt) when the planner judges
 *   them narrower; category: ContactCategory (category, contactId).
 * - Notes search is `LIKE '%words%'` (Prisma `contains`): no B-tree index can serve a match in
 *   the middle of a text, so it reads the notes of the rows the other filters leave (the incident
 *   and date range narrow it first). SQLite's LIKE folds case for ASCII letters only; the search
 *   words and stored notes are both compared as typed after NFKC of the words (full-width
 *   "ＡＢＣ" in the search box finds "ABC"; full-width letters inside notes are not folded). At
 *   millions of contacts a full-text index (SQLite FTS5 / PostgreSQL pg_trgm) would be the next step.
 *
 * "Affected" (the affected filter and column) means: identity verified AND linked to an affected
 * record whose transaction date falls inside one of its site's exposure windows (JST days,
 * inclusive). A verified caller linked to a record outside every window, or to a record without
 * a transaction date, is not counted as affected.
 */
import { maskEmail, maskPhone } from "~/domain/mask";
import { Prisma as P } from "~/generated/prisma/client";
import { caseInsensitive, prisma } from "~/utils/db.server";
import type { Prisma } from "~/utils/db.server";
import { contactTable } from "~/utils/contact-table";
import type { ContactColumn, ContactFilters, ContactTableState } from "~/utils/contact-table";
import { tokyoDayRange } from "~/utils/table-query";

type Where = Prisma.ContactWhereInput;

// ---------------------------------------------------------------------------------------------
// Exposure windows → "inside a window" filters on AffectedRecord
// ---------------------------------------------------------------------------------------------

export type SiteWindows = { siteId: string; windows: { startDate: string; endDate: string }[] };

/** The exposure windows of an incident's sites (or of every incident when incidentId is null). */
export async function loadSiteWindows({ incidentId }: { incidentId: string | null }): Promise<SiteWindows[]> {
  const sites = await prisma.site.findMany({
    where: incidentId ? { incidentId } : {},
    select: { id: true, windows: { select: { startDate: true, endDate: true } } },
  });
  return sites.map((s) => ({ siteId: s.id, windows: s.windows }));
}

/** Affected-record filter: the record's transaction falls inside one of its own site's windows. Null when no window exists. */
function insideWindowsWhere(sites: readonly SiteWindows[]): Prisma.AffectedRecordWhereInput | null {
  const perSite = sites
    .filter((s) => s.windows.length > 0)
    .map((s) => ({
      siteId: s.siteId,
      OR: s.windows.map((w) => ({ transactionAt: tokyoDayRange({ from: w.startDate, to: w.endDate }) })),
    }));
  return perSite.length > 0 ? { OR: perSite } : null;
}

/**
 * Contacts whose caller is affected (`yes`) or not (`no`): see the header. The "no" side is
 * spelt out case by case, because NOT over a relation filter drops rows whose link is NULL.
 */
export function contactAffectedWhere(value: "yes" | "no", sites: readonly SiteWindows[]): Where {
  const inside = insideWindowsWhere(sites);
  if (value === "yes") {
    return inside ? { identityVerified: true, affectedRecord: { is: inside } } : { id: { in: [] } };
  }
  if (!inside) return {};
  return {
    OR: [
      { identityVerified: false },
      { affectedRecordId: null },
      { affectedRecord: { is: { transactionAt: null } } },
      { affectedRecord: { is: { NOT: inside } } },
    ],
  };
}

/**
 * The same rule as an SQL condition for aggregate queries (the dashboard): `contact` and `record`
 * are the aliases of Contact and of AffectedRecord LEFT JOINed on Contact.affectedRecordId.
 * Portable SQL (comparisons and AND/OR only); the window bounds are parameters.
 */
export function contactAffectedSql(sites: readonly SiteWindows[], contact = "c", record = "r"): P.Sql {
  const c = P.raw(`"${contact}"`);
  const r = P.raw(`"${record}"`);
  const perSite = sites
    .filter((s) => s.windows.length > 0)
    .map((s) => {
      const ranges = s.windows.map((w) => {
        const range = tokyoDayRange({ from: w.startDate, to: w.endDate });
        return P.sql`(${r}."transactionAt" >= ${range.gte!} AND ${r}."transactionAt" < ${range.lt!})`;
      });
      return P.sql`(${r}."siteId" = ${s.siteId} AND (${P.join(ranges, " OR ")}))`;
    });
  if (perSite.length === 0) return P.sql`(1 = 0)`;
  return P.sql`(${c}."identityVerified" = ${true} AND (${P.join(perSite, " OR ")}))`;
}

/** Whether one contact row is affected (the same rule, in memory, for the page's rows). */
export function isContactAffected(
  contact: { identityVerified: boolean; affectedRecord: { siteId: string; transactionAt: Date | null } | null },
  sites: readonly SiteWindows[],
): boolean {
  const record = contact.affectedRecord;
  if (!contact.identityVerified || !record?.transactionAt) return false;
  const site = sites.find((s) => s.siteId === record.siteId);
  if (!site) return false;
  const at = record.transactionAt.getTime();
  return site.windows.some((w) => {
    const range = tokyoDayRange({ from: w.startDate, to: w.endDate });
    return at >= range.gte!.getTime() && at < range.lt!.getTime();
  });
}

// ---------------------------------------------------------------------------------------------
// Filters → Prisma where
// ---------------------------------------------------------------------------------------------

/** Most words of a notes search that are used (each must appear). */
export const MAX_SEARCH_WORDS = 5;

/**
 * The words of a notes search: split on spaces, each must appear (AND). Prisma's `contains`
 * becomes SQL LIKE and does not escape LIKE's wildcards, and SQLite's LIKE has no default escape
 * character, so `%` and `_` (and `\`) cannot be searched for literally: they separate words like
 * spaces ("100%" searches "100"; "%" alone is no search), rather than matching everything.
 */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  return q
    .replace(/[%_\\]/g, " ")
    .split(/\s+/)
    .filter((w) => w !== "")
    .slice(0, MAX_SEARCH_WORDS);
}

// ---------------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------------

/**
 * The Prisma `where` of the table's filters. `incidentId` is the resolved incident (null = all);
 * `sites` are the exposure windows (loadSiteWindows) for the affected filter.
 */
export function contactListWhere({
  filters,
  incidentId,
  sites,
}: {
  filters: ContactFilters;
  incidentId: string | null;
  sites: readonly SiteWindows[];
}): Where {
  const and: Where[] = [];
  if (incidentId) and.push({ incidentId });
  if (filters.from || filters.to) and.push({ startedAt: tokyoDayRange({ from: filters.from, to: filters.to }) });
  if (filters.channel) and.push({ channel: filters.channel });
  if (filters.agent) and.push({ agentId: filters.agent === "none" ? null : filters.agent });
  if (filters.category) and.push({ categories: { some: { category: filters.category } } });
  if (filters.outcome) and.push({ outcome: filters.outcome === "none" ? null : filters.outcome });
  if (filters.hours) and.push({ withinHours: filters.hours === "within" });
  if (filters.affected) and.push(contactAffectedWhere(filters.affected, sites));
  for (const word of searchWords(filters.q)) and.push({ notes: { contains: word, ...caseInsensitive() } });
  return and.length === 1 ? and[0]! : { AND: and };
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

/** The fields each column needs: the page query selects only those of the visible columns. */
const COLUMN_SELECT = {
  started: { startedAt: true },
  incident: { incident: { select: { slug: true, titleJa: true, titleEn: true } } },
  channel: { channel: true },
  agent: { agent: { select: { name: true } } },
  categories: { categories: { select: { category: true } } },
  outcome: { outcome: true, escalatedTo: true },
  hours: { withinHours: true, flaggedAfterHours: true },
  affected: { identityVerified: true, affectedRecord: { select: { siteId: true, transactionAt: true } } },
  caller: { callerName: true, callerContact: true },
  notes: { notes: true },
  duration: { talkSeconds: true, holdSeconds: true, acwSeconds: true },
  due: { dueAt: true, status: true },
  status: { status: true },
} satisfies Record<ContactColumn, Prisma.ContactSelect>;

export function contactSelectFor(columns: readonly ContactColumn[]): Prisma.ContactSelect {
  return Object.assign({ id: true, startedAt: true }, ...columns.map((c) => COLUMN_SELECT[c])) as Prisma.ContactSelect;
}

/** Characters of the notes excerpt sent to the browser. */
export const NOTES_EXCERPT_CHARS = 80;

/** One row as the table shows it; a field is present only when its column is visible. */
export type ContactListRow = {
  id: string;
  startedAt: string;
  incident?: { slug: string; titleJa: string; titleEn: string };
  channel?: string;
  agentName?: string | null;
  categories?: string[];
  outcome?: string | null;
  escalatedTo?: string | null;
  withinHours?: boolean;
  flaggedAfterHours?: boolean;
  affected?: boolean;
  /** Linked to a record (verified) but not inside a window, or no transaction date. */
  linkedNotAffected?: boolean;
  callerName?: string | null;
  /** Masked: "t***@example.jp", "***-****-5678". */
  callerContact?: string | null;
  notesExcerpt?: string | null;
  talkSeconds?: number | null;
  handleSeconds?: number | null;
  dueAt?: string | null;
  status?: string;
};

/** A phone number or email address as the table shows it. */
export function maskCallerContact(value: string): string {
  return value.includes("@") ? maskEmail(value) : maskPhone(value);
}

export function notesExcerpt(notes: string): string {
  const flat = notes.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length > NOTES_EXCERPT_CHARS ? `${chars.slice(0, NOTES_EXCERPT_CHARS).join("")}…` : flat;
}

type AnyRow = Record<string, unknown> & { id: string; startedAt: Date };

function toListRow(row: AnyRow, columns: readonly ContactColumn[], sites: readonly SiteWindows[]): ContactListRow {
  const out: ContactListRow = { id: row.id, startedAt: row.startedAt.toISOString() };
  const has = (c: ContactColumn) => columns.includes(c);
  if (has("incident")) out.incident = row.incident as ContactListRow["incident"];
  if (has("channel")) out.channel = row.channel as string;
  if (has("agent")) out.agentName = (row.agent as { name: string } | null)?.name ?? null;
  if (has("categories")) out.categories = (row.categories as { category: string }[]).map((c) => c.category);
  if (has("outcome")) {
    out.outcome = row.outcome as string | null;
    out.escalatedTo = row.escalatedTo as string | null;
  }
  if (has("hours")) {
    out.withinHours = row.withinHours as boolean;
    out.flaggedAfterHours = row.flaggedAfterHours as boolean;
  }
  if (has("affected")) {
    const record = row.affectedRecord as { siteId: string; transactionAt: Date | null } | null;
    const verified = row.identityVerified as boolean;
    out.affected = isContactAffected({ identityVerified: verified, affectedRecord: record }, sites);
    out.linkedNotAffected = verified && record !== null && !out.affected;
  }
  if (has("caller")) {
    out.callerName = row.callerName as string | null;
    const contact = row.callerContact as string | null;
    out.callerContact = contact ? maskCallerContact(contact) : null;
  }
  if (has("notes")) {
    const notes = row.notes as string | null;
    out.notesExcerpt = notes ? notesExcerpt(notes) : null;
  }
  if (has("duration")) {
    const parts = [row.talkSeconds, row.holdSeconds, row.acwSeconds].filter((v): v is number => typeof v === "number");
    out.talkSeconds = row.talkSeconds as number | null;
    out.handleSeconds = parts.length > 0 ? parts.reduce((a, b) => a + b, 0) : null;
  }
  if (has("due")) out.dueAt = (row.dueAt as Date | null)?.toISOString() ?? null;
  if (has("due") || has("status")) out.status = row.status as string;
  return out;
}

export type ContactListPage = {
  rows: ContactListRow[];
  total: number;
  /** The page shown: the requested one, clamped to the last page. */
  page: number;
  pageCount: number;
};

/**
 * One page of contacts for the table state: count, then the page's rows (only the visible
 * columns' fields), sorted by the whitelisted orderBy plus the id tie-breaker.
 */
export async function listContacts({
  state,
  incidentId,
}: {
  state: ContactTableState;
  incidentId: string | null;
}): Promise<ContactListPage> {
  const needsWindows = state.filters.affected !== undefined || state.columns.includes("affected");
  const sites = needsWindows ? await loadSiteWindows({ incidentId }) : [];
  const where = contactListWhere({ filters: state.filters, incidentId, sites });
  // Counting a NOT NULL column the index holds (startedAt) rather than rows: Prisma's plain count
  // selects the id, which makes SQLite read every matching row from the table instead of the index.
  const total = (await prisma.contact.count({ where, select: { startedAt: true } })).startedAt;
  const pageCount = Math.max(1, Math.ceil(total / state.perPage));
  const page = Math.min(state.page, pageCount);
  const rows =
    total === 0
      ? []
      : await prisma.contact.findMany({
          where,
          orderBy: contactTable.orderBy(state),
          skip: (page - 1) * state.perPage,
          take: state.perPage,
          select: contactSelectFor(state.columns),
        });
  return {
    rows: rows.map((r) => toListRow(r as unknown as AnyRow, state.columns, sites)),
    total,
    page,
    pageCount,
  };
}

/** Staff who can be chosen in the agent filter (everyone, disabled accounts last). */
export function listAgentChoices(): Promise<{ id: string; name: string; disabled: boolean }[]> {
  return prisma.user.findMany({
    select: { id: true, name: true, disabled: true },
    orderBy: [{ disabled: "asc" }, { name: "asc" }],
  });
}
