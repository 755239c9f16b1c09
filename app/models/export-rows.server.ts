/**
 * Reads the rows of an export from the database in keyset-paginated chunks: each query asks for
 * the next CHUNK rows after the last one seen, in a fixed order on an indexed column plus the
 * primary key, so a million-row export is 500 small indexed queries, never OFFSET (which re-reads
 * every skipped row) and never all rows in memory. Read-only.
 *
 * Orders: contacts by (startedAt, id), waiver requests by (createdAt, id), lookups and the audit
 * log by their autoincrement id (= time order). Exports are in time order, oldest first, whatever
 * the table on screen is sorted by.
 */
import { contactListWhere, loadSiteWindows } from "~/models/contact-list.server";
import { caseInsensitive, prisma } from "~/utils/db.server";
import type { Prisma } from "~/utils/db.server";
import type { AuditFilter, ContactExportFilter, LookupExportFilter, WaiverExportFilter } from "~/utils/export-filters";
import { tokyoDayRange } from "~/utils/table-query";

/** Rows per query. 2,000 keeps a chunk well under a megabyte and each query a few milliseconds. */
export const EXPORT_CHUNK = 2_000;

/** Small lookup tables every export resolves ids against (a few dozen rows). */
export type ExportNames = { users: Map<string, string>; tokens: Map<string, string>; incidents: Map<string, string> };

export async function loadExportNames(): Promise<ExportNames> {
  const [users, tokens, incidents] = await Promise.all([
    prisma.user.findMany({ select: { id: true, email: true } }),
    prisma.apiToken.findMany({ select: { id: true, name: true } }),
    prisma.incident.findMany({ select: { id: true, slug: true } }),
  ]);
  return {
    users: new Map(users.map((u) => [u.id, u.email])),
    tokens: new Map(tokens.map((t) => [t.id, t.name])),
    incidents: new Map(incidents.map((i) => [i.id, i.slug])),
  };
}

/**
 * The incident an export is limited to: undefined = every incident (no filter, or "all"); null =
 * an unknown slug, which matches nothing rather than everything.
 */
async function incidentIdOf(slug: string | undefined): Promise<string | null | undefined> {
  if (!slug || slug === "all") return undefined;
  const row = await prisma.incident.findUnique({ where: { slug }, select: { id: true } });
  return row?.id ?? null;
}

function range(filter: { from?: string; to?: string }) {
  return filter.from || filter.to ? tokyoDayRange(filter) : undefined;
}

// ---------------------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------------------

const contactSelect = {
  id: true,
  incidentId: true,
  channel: true,
  source: true,
  status: true,
  startedAt: true,
  endedAt: true,
  answeredAt: true,
  talkSeconds: true,
  holdSeconds: true,
  acwSeconds: true,
  withinHours: true,
  flaggedAfterHours: true,
  abandoned: true,
  agentId: true,
  identityVerified: true,
  affectedRecordId: true,
  callerName: true,
  callerContact: true,
  reference: true,
  outcome: true,
  escalatedTo: true,
  subject: true,
  notes: true,
  message: true,
  dueAt: true,
  closedAt: true,
  version: true,
  categories: { select: { category: true } },
} satisfies Prisma.ContactSelect;

export type ContactExportRow = Prisma.ContactGetPayload<{ select: typeof contactSelect }>;

/**
 * The Prisma filter of a contacts export: the contacts table's own (contactListWhere), so an
 * export holds exactly the rows the table shows. `incident` must be resolved by the caller
 * (the route puts the staff member's current incident in when the URL has none, as the page does).
 */
export async function contactExportWhere(filter: ContactExportFilter): Promise<Prisma.ContactWhereInput> {
  const incidentId = await incidentIdOf(filter.incident);
  if (incidentId === null) return { id: { in: [] } };
  const sites = filter.affected ? await loadSiteWindows({ incidentId: incidentId ?? null }) : [];
  return contactListWhere({ filters: filter, incidentId: incidentId ?? null, sites });
}

export async function* contactExportChunks(
  filter: ContactExportFilter,
  chunk = EXPORT_CHUNK,
): AsyncGenerator<ContactExportRow[]> {
  const where = await contactExportWhere(filter);
  let after: { startedAt: Date; id: string } | null = null;
  for (;;) {
    const rows: ContactExportRow[] = await prisma.contact.findMany({
      where: after
        ? // startedAt >= last AND NOT (startedAt = last AND id <= lastId): a range on the startedAt index.
          {
            AND: [where, { startedAt: { gte: after.startedAt } }, { NOT: { startedAt: after.startedAt, id: { lte: after.id } } }],
          }
        : where,
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
      take: chunk,
      select: contactSelect,
    });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < chunk) return;
    const last = rows[rows.length - 1]!;
    after = { startedAt: last.startedAt, id: last.id };
  }
}

// ---------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------

const lookupSelect = {
  id: true,
  at: true,
  channel: true,
  actorId: true,
  incidentId: true,
  keyHashes: true,
  outcome: true,
  ipHash: true,
} satisfies Prisma.LookupSelect;

export type LookupExportRow = Prisma.LookupGetPayload<{ select: typeof lookupSelect }>;

export async function* lookupExportChunks(filter: LookupExportFilter, chunk = EXPORT_CHUNK): AsyncGenerator<LookupExportRow[]> {
  const incidentId = await incidentIdOf(filter.incident);
  const at = range(filter);
  const where: Prisma.LookupWhereInput = {
    ...(incidentId !== undefined ? { incidentId: incidentId ?? "-" } : {}),
    ...(at ? { at } : {}),
    ...(filter.channel ? { channel: filter.channel } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
  };
  let afterId = 0;
  for (;;) {
    const rows: LookupExportRow[] = await prisma.lookup.findMany({
      where: { ...where, id: { gt: afterId } },
      orderBy: { id: "asc" },
      take: chunk,
      select: lookupSelect,
    });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < chunk) return;
    afterId = rows[rows.length - 1]!.id;
  }
}

// ---------------------------------------------------------------------------------------
// Waiver requests
// ---------------------------------------------------------------------------------------

const waiverSelect = {
  id: true,
  reference: true,
  incidentId: true,
  status: true,
  source: true,
  cardBrand: true,
  cardLast4: true,
  contactName: true,
  contactEmail: true,
  contactPhone: true,
  rejectReason: true,
  batchId: true,
  createdAt: true,
  updatedAt: true,
  cardCompany: { select: { code: true } },
} satisfies Prisma.WaiverRequestSelect;

export type WaiverExportRow = Prisma.WaiverRequestGetPayload<{ select: typeof waiverSelect }>;

export async function* waiverExportChunks(filter: WaiverExportFilter, chunk = EXPORT_CHUNK): AsyncGenerator<WaiverExportRow[]> {
  const incidentId = await incidentIdOf(filter.incident);
  const createdAt = range(filter);
  const where: Prisma.WaiverRequestWhereInput = {
    ...(incidentId !== undefined ? { incidentId: incidentId ?? "-" } : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.company ? { cardCompanyId: filter.company } : {}),
    ...(filter.batch ? { batchId: filter.batch } : {}),
  };
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const rows: WaiverExportRow[] = await prisma.waiverRequest.findMany({
      where: after
        ? {
            AND: [where, { createdAt: { gte: after.createdAt } }, { NOT: { createdAt: after.createdAt, id: { lte: after.id } } }],
          }
        : where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: chunk,
      select: waiverSelect,
    });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < chunk) return;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

// ---------------------------------------------------------------------------------------
// Audit log
// ---------------------------------------------------------------------------------------

const auditSelect = {
  id: true,
  at: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  action: true,
  entityType: true,
  entityId: true,
  ip: true,
  details: true,
} satisfies Prisma.AuditLogSelect;

export type AuditExportRow = Prisma.AuditLogGetPayload<{ select: typeof auditSelect }>;

/** The Prisma filter of the audit log browser and its export (prefix matches on actor, action and IP). */
export function auditWhere(filter: AuditFilter): Prisma.AuditLogWhereInput {
  const at = range(filter);
  return {
    ...(at ? { at } : {}),
    ...(filter.actor ? { actorLabel: { startsWith: filter.actor, ...caseInsensitive() } } : {}),
    ...(filter.action ? { action: { startsWith: filter.action, ...caseInsensitive() } } : {}),
    ...(filter.entityType ? { entityType: filter.entityType } : {}),
    ...(filter.entityId ? { entityId: filter.entityId } : {}),
    ...(filter.ip ? { ip: { startsWith: filter.ip, ...caseInsensitive() } } : {}),
  };
}

export async function* auditExportChunks(filter: AuditFilter, chunk = EXPORT_CHUNK): AsyncGenerator<AuditExportRow[]> {
  const where = auditWhere(filter);
  let afterId = 0;
  for (;;) {
    const rows: AuditExportRow[] = await prisma.auditLog.findMany({
      where: { ...where, id: { gt: afterId } },
      orderBy: { id: "asc" },
      take: chunk,
      select: auditSelect,
    });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < chunk) return;
    afterId = rows[rows.length - 1]!.id;
  }
}
