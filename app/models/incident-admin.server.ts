/**
 * Setting up incidents (supervisors and admins): the incident, its hotlines, sites and exposure
 * windows. Read-only queries for the public pages and the desk are in incident.server.ts; this
 * file is the write side of the same aggregate. Input has already been checked by the rules in
 * ~/domain/incident-form; here we enforce what needs the database (unique slugs, no duplicate
 * lines or windows, never orphan an affected list) and report which fields changed, for the audit log.
 */
import { z } from "zod";
import { parseWeeklyHours } from "~/domain/business-hours";
import type { WeeklyHours } from "~/domain/business-hours";
import { STOLEN_ITEMS, hotlineIdentity, windowConflict } from "~/domain/incident-form";
import type {
  HotlineFields,
  IncidentErrorKey,
  IncidentFields,
  ReportEntry,
  SiteFields,
  StolenItem,
  WindowFields,
} from "~/domain/incident-form";
import { prisma } from "~/utils/db.server";

export type ChangeResult = { ok: true; id: string; changed: string[] } | { ok: false; field: string; error: IncidentErrorKey };

const refuse = (field: string, error: IncidentErrorKey) => ({ ok: false as const, field, error });

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

/** Names of the keys whose values differ (compared as JSON, so lists and objects compare by content). */
function changedKeys<T extends Record<string, unknown>>(before: T, after: T): string[] {
  return Object.keys(after).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

// ---------------------------------------------------------------------------------------------
// Stored JSON columns
// ---------------------------------------------------------------------------------------------

const StoredReports = z
  .array(
    z.object({
      authority: z.string(),
      authorityEn: z.string().nullish(),
      date: z.string(),
      noteJa: z.string().nullish(),
      noteEn: z.string().nullish(),
    }),
  )
  .catch([]);

function readReports(json: string | null): ReportEntry[] {
  let raw: unknown = [];
  try {
    raw = json ? JSON.parse(json) : [];
  } catch {
    raw = [];
  }
  return StoredReports.parse(raw).map((r) => ({
    authority: r.authority,
    authorityEn: r.authorityEn ?? null,
    date: r.date,
    noteJa: r.noteJa ?? null,
    noteEn: r.noteEn ?? null,
  }));
}

/** Same shape as the seed data: optional keys left out rather than null. */
function writeReports(reports: ReportEntry[]): string {
  return JSON.stringify(reports.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null))));
}

function readStolenItems(json: string): StolenItem[] {
  try {
    const raw: unknown = JSON.parse(json);
    return Array.isArray(raw) ? STOLEN_ITEMS.filter((item) => raw.includes(item)) : [];
  } catch {
    return [];
  }
}

/** All seven days, closed days as [], like the seed data. */
function writeWeeklyHours(weekly: WeeklyHours): string {
  return JSON.stringify({
    mon: weekly.mon ?? [],
    tue: weekly.tue ?? [],
    wed: weekly.wed ?? [],
    thu: weekly.thu ?? [],
    fri: weekly.fri ?? [],
    sat: weekly.sat ?? [],
    sun: weekly.sun ?? [],
  });
}

function readWeeklyHours(json: string): { weekly: WeeklyHours; valid: boolean } {
  try {
    return { weekly: parseWeeklyHours(json), valid: true };
  } catch {
    return { weekly: {}, valid: false };
  }
}

function incidentData(fields: IncidentFields) {
  return {
    companyJa: fields.companyJa,
    companyEn: fields.companyEn,
    titleJa: fields.titleJa,
    titleEn: fields.titleEn,
    summaryJa: fields.summaryJa,
    summaryEn: fields.summaryEn,
    noticeDate: fields.noticeDate,
    discoveredOn: fields.discoveredOn,
    maxAffected: fields.maxAffected,
    reportedTo: writeReports(fields.reportedTo),
    active: fields.active,
  };
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/** Every incident, active or not, newest notice first, with the size of its affected list and its sites. */
export async function listIncidentsForAdmin() {
  const incidents = await prisma.incident.findMany({
    orderBy: [{ noticeDate: "desc" }, { slug: "asc" }],
    select: {
      id: true,
      slug: true,
      titleJa: true,
      titleEn: true,
      companyJa: true,
      companyEn: true,
      noticeDate: true,
      active: true,
      _count: { select: { affectedRecords: true } },
      sites: { orderBy: { slug: "asc" }, select: { slug: true, nameJa: true, nameEn: true } },
    },
  });
  return incidents.map(({ _count, ...i }) => ({ ...i, affectedRecords: _count.affectedRecords }));
}

/** Slug and title of every incident (for choosing the scope of a closure day). */
export function listIncidentScopes() {
  return prisma.incident.findMany({
    orderBy: [{ noticeDate: "desc" }, { slug: "asc" }],
    select: { id: true, slug: true, titleJa: true, titleEn: true, active: true },
  });
}

/** Hotlines whose year-end closure is switched off (the closure-days page lists them). */
export function listHotlinesWithoutYearEndClosure() {
  return prisma.hotline.findMany({
    where: { yearEndClosure: false },
    orderBy: [{ incident: { slug: "asc" } }, { address: "asc" }],
    select: { id: true, address: true, labelJa: true, labelEn: true, incident: { select: { slug: true } } },
  });
}

/** An incident with everything its edit page shows, stored JSON already parsed. */
export async function getIncidentForEdit({ slug }: { slug: string }) {
  const incident = await prisma.incident.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      companyJa: true,
      companyEn: true,
      titleJa: true,
      titleEn: true,
      summaryJa: true,
      summaryEn: true,
      noticeDate: true,
      discoveredOn: true,
      maxAffected: true,
      reportedTo: true,
      active: true,
      updatedAt: true,
      _count: { select: { affectedRecords: true } },
      hotlines: {
        orderBy: [{ kind: "desc" }, { isMain: "desc" }, { id: "asc" }],
        select: {
          id: true,
          kind: true,
          labelJa: true,
          labelEn: true,
          address: true,
          isMain: true,
          weeklyHours: true,
          yearEndClosure: true,
          responseTargetMinutes: true,
        },
      },
      sites: {
        orderBy: { slug: "asc" },
        select: {
          id: true,
          slug: true,
          nameJa: true,
          nameEn: true,
          url: true,
          stolenItems: true,
          _count: { select: { affectedRecords: true, imports: true } },
          windows: {
            orderBy: [{ startDate: "asc" }, { id: "asc" }],
            select: { id: true, startDate: true, endDate: true, note: true },
          },
        },
      },
    },
  });
  if (!incident) return null;
  const { _count, reportedTo, hotlines, sites, updatedAt, ...rest } = incident;
  return {
    ...rest,
    updatedAt: updatedAt.toISOString(),
    affectedRecords: _count.affectedRecords,
    reportedTo: readReports(reportedTo),
    hotlines: hotlines.map(({ weeklyHours, ...h }) => {
      const hours = readWeeklyHours(weeklyHours);
      return { ...h, weeklyHours: hours.weekly, hoursValid: hours.valid };
    }),
    sites: sites.map(({ _count: counts, stolenItems, ...s }) => ({
      ...s,
      stolenItems: readStolenItems(stolenItems),
      affectedRecords: counts.affectedRecords,
      imports: counts.imports,
    })),
  };
}

export type IncidentForEdit = NonNullable<Awaited<ReturnType<typeof getIncidentForEdit>>>;

export async function incidentSlugTaken(slug: string): Promise<boolean> {
  return (await prisma.incident.findUnique({ where: { slug }, select: { id: true } })) !== null;
}

// ---------------------------------------------------------------------------------------------
// Incident
// ---------------------------------------------------------------------------------------------

/**
 * A new incident with its first site and that site's first exposure window: an incident is
 * never without a site, because affected records are imported per site.
 */
export async function createIncident({
  incident,
  site,
}: {
  incident: IncidentFields & { slug: string };
  site: SiteFields & { slug: string; window: WindowFields };
}): Promise<
  { ok: true; id: string; slug: string; siteId: string; windowId: string } | { ok: false; field: string; error: IncidentErrorKey }
> {
  if (await incidentSlugTaken(incident.slug)) return refuse("slug", "slugTaken");
  try {
    const created = await prisma.incident.create({
      data: {
        slug: incident.slug,
        ...incidentData(incident),
        sites: {
          create: {
            slug: site.slug,
            nameJa: site.nameJa,
            nameEn: site.nameEn,
            url: site.url,
            stolenItems: JSON.stringify(site.stolenItems),
            windows: { create: { startDate: site.window.startDate, endDate: site.window.endDate, note: site.window.note } },
          },
        },
      },
      select: { id: true, slug: true, sites: { select: { id: true, windows: { select: { id: true } } } } },
    });
    const createdSite = created.sites[0]!;
    return { ok: true, id: created.id, slug: created.slug, siteId: createdSite.id, windowId: createdSite.windows[0]!.id };
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("slug", "slugTaken");
    throw error;
  }
}

/** Saves the editable fields; the slug never changes (URLs, the CLI and API clients use it). */
export async function updateIncident({ id, fields }: { id: string; fields: IncidentFields }): Promise<ChangeResult> {
  const before = await prisma.incident.findUnique({
    where: { id },
    select: {
      companyJa: true,
      companyEn: true,
      titleJa: true,
      titleEn: true,
      summaryJa: true,
      summaryEn: true,
      noticeDate: true,
      discoveredOn: true,
      maxAffected: true,
      reportedTo: true,
      active: true,
    },
  });
  if (!before) return refuse("form", "notFound");
  const data = incidentData(fields);
  const changed = changedKeys(
    { ...before, reportedTo: readReports(before.reportedTo) },
    { ...data, reportedTo: fields.reportedTo },
  );
  if (changed.length > 0) await prisma.incident.update({ where: { id }, data, select: { id: true } });
  return { ok: true, id, changed };
}

// ---------------------------------------------------------------------------------------------
// Hotlines
// ---------------------------------------------------------------------------------------------

function hotlineData(h: HotlineFields) {
  return {
    kind: h.kind,
    labelJa: h.labelJa,
    labelEn: h.labelEn,
    address: h.address,
    isMain: h.isMain,
    weeklyHours: writeWeeklyHours(h.weeklyHours),
    yearEndClosure: h.yearEndClosure,
    responseTargetMinutes: h.responseTargetMinutes,
  };
}

async function hotlineClash({
  incidentId,
  hotline,
  exceptId,
}: {
  incidentId: string;
  hotline: HotlineFields;
  exceptId?: string;
}) {
  const others = await prisma.hotline.findMany({
    where: { incidentId, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { kind: true, address: true },
  });
  const identity = hotlineIdentity(hotline.kind, hotline.address);
  return others.some((o) => hotlineIdentity(o.kind, o.address) === identity);
}

/**
 * One main line per kind: the main phone line is the one the hours API and the staff home
 * report on, so marking a line main unmarks the other lines of its kind.
 */
export async function createHotline({
  incidentId,
  hotline,
}: {
  incidentId: string;
  hotline: HotlineFields;
}): Promise<ChangeResult> {
  if (await hotlineClash({ incidentId, hotline })) return refuse("address", "hotlineDuplicate");
  const created = await prisma.$transaction(async (tx) => {
    if (hotline.isMain) await tx.hotline.updateMany({ where: { incidentId, kind: hotline.kind }, data: { isMain: false } });
    return tx.hotline.create({ data: { incidentId, ...hotlineData(hotline) }, select: { id: true } });
  });
  return { ok: true, id: created.id, changed: Object.keys(hotlineData(hotline)) };
}

export async function updateHotline({
  incidentId,
  hotlineId,
  hotline,
}: {
  incidentId: string;
  hotlineId: string;
  hotline: HotlineFields;
}): Promise<ChangeResult> {
  const before = await prisma.hotline.findFirst({
    where: { id: hotlineId, incidentId },
    select: {
      kind: true,
      labelJa: true,
      labelEn: true,
      address: true,
      isMain: true,
      weeklyHours: true,
      yearEndClosure: true,
      responseTargetMinutes: true,
    },
  });
  if (!before) return refuse("form", "notFound");
  if (await hotlineClash({ incidentId, hotline, exceptId: hotlineId })) return refuse("address", "hotlineDuplicate");
  const data = hotlineData(hotline);
  // Compare hours in their stored form, so {} and seven empty days count as the same hours.
  const changed = changedKeys({ ...before, weeklyHours: writeWeeklyHours(readWeeklyHours(before.weeklyHours).weekly) }, data);
  if (changed.length > 0) {
    await prisma.$transaction(async (tx) => {
      if (hotline.isMain) {
        await tx.hotline.updateMany({
          where: { incidentId, kind: hotline.kind, id: { not: hotlineId } },
          data: { isMain: false },
        });
      }
      await tx.hotline.update({ where: { id: hotlineId }, data, select: { id: true } });
    });
  }
  return { ok: true, id: hotlineId, changed };
}

export async function deleteHotline({ incidentId, hotlineId }: { incidentId: string; hotlineId: string }): Promise<ChangeResult> {
  const deleted = await prisma.hotline.deleteMany({ where: { id: hotlineId, incidentId } });
  if (deleted.count === 0) return refuse("form", "notFound");
  return { ok: true, id: hotlineId, changed: [] };
}

// ---------------------------------------------------------------------------------------------
// Sites
// ---------------------------------------------------------------------------------------------

export async function createSite({
  incidentId,
  site,
}: {
  incidentId: string;
  site: SiteFields & { slug: string; window: WindowFields };
}): Promise<ChangeResult & { windowId?: string }> {
  const taken = await prisma.site.findUnique({
    where: { incidentId_slug: { incidentId, slug: site.slug } },
    select: { id: true },
  });
  if (taken) return refuse("siteSlug", "siteSlugTaken");
  try {
    const created = await prisma.site.create({
      data: {
        incidentId,
        slug: site.slug,
        nameJa: site.nameJa,
        nameEn: site.nameEn,
        url: site.url,
        stolenItems: JSON.stringify(site.stolenItems),
        windows: { create: { startDate: site.window.startDate, endDate: site.window.endDate, note: site.window.note } },
      },
      select: { id: true, windows: { select: { id: true } } },
    });
    return {
      ok: true,
      id: created.id,
      windowId: created.windows[0]?.id,
      changed: ["slug", "nameJa", "nameEn", "url", "stolenItems"],
    };
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("siteSlug", "siteSlugTaken");
    throw error;
  }
}

/** The slug of a site is fixed once created (imports and the CLI name the site by it). */
export async function updateSite({
  incidentId,
  siteId,
  site,
}: {
  incidentId: string;
  siteId: string;
  site: SiteFields;
}): Promise<ChangeResult> {
  const before = await prisma.site.findFirst({
    where: { id: siteId, incidentId },
    select: { nameJa: true, nameEn: true, url: true, stolenItems: true },
  });
  if (!before) return refuse("form", "notFound");
  const changed = changedKeys({ ...before, stolenItems: readStolenItems(before.stolenItems) }, { ...site });
  if (changed.length > 0) {
    await prisma.site.update({
      where: { id: siteId },
      data: { nameJa: site.nameJa, nameEn: site.nameEn, url: site.url, stolenItems: JSON.stringify(site.stolenItems) },
      select: { id: true },
    });
  }
  return { ok: true, id: siteId, changed };
}

/**
 * Removes a site and its windows. Refused when it is the incident's last site, or when
 * affected records or imports belong to it (deleting would silently drop people from the list).
 */
export async function deleteSite({ incidentId, siteId }: { incidentId: string; siteId: string }): Promise<ChangeResult> {
  const site = await prisma.site.findFirst({
    where: { id: siteId, incidentId },
    select: { id: true, _count: { select: { affectedRecords: true, imports: true } } },
  });
  if (!site) return refuse("form", "notFound");
  if (site._count.affectedRecords > 0 || site._count.imports > 0) return refuse("form", "siteHasRecords");
  const siteCount = await prisma.site.count({ where: { incidentId } });
  if (siteCount <= 1) return refuse("form", "lastSite");
  await prisma.site.delete({ where: { id: siteId }, select: { id: true } });
  return { ok: true, id: siteId, changed: [] };
}

// ---------------------------------------------------------------------------------------------
// Exposure windows
// ---------------------------------------------------------------------------------------------

async function otherWindows(siteId: string, exceptId?: string) {
  return prisma.exposureWindow.findMany({
    where: { siteId, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { startDate: true, endDate: true },
  });
}

export async function createWindow({
  incidentId,
  siteId,
  window,
}: {
  incidentId: string;
  siteId: string;
  window: WindowFields;
}): Promise<ChangeResult> {
  const site = await prisma.site.findFirst({ where: { id: siteId, incidentId }, select: { id: true } });
  if (!site) return refuse("form", "notFound");
  const conflict = windowConflict(window, await otherWindows(siteId));
  if (conflict) return refuse("startDate", conflict);
  const created = await prisma.exposureWindow.create({ data: { siteId, ...window }, select: { id: true } });
  return { ok: true, id: created.id, changed: ["startDate", "endDate", "note"] };
}

export async function updateWindow({
  incidentId,
  windowId,
  window,
}: {
  incidentId: string;
  windowId: string;
  window: WindowFields;
}): Promise<ChangeResult & { siteId?: string }> {
  const before = await prisma.exposureWindow.findFirst({
    where: { id: windowId, site: { incidentId } },
    select: { siteId: true, startDate: true, endDate: true, note: true },
  });
  if (!before) return refuse("form", "notFound");
  const conflict = windowConflict(window, await otherWindows(before.siteId, windowId));
  if (conflict) return refuse("startDate", conflict);
  const { siteId, ...old } = before;
  const changed = changedKeys(old, { ...window });
  if (changed.length > 0) await prisma.exposureWindow.update({ where: { id: windowId }, data: window, select: { id: true } });
  return { ok: true, id: windowId, siteId, changed };
}

/** Refused for a site's last window: a site without a window would match nobody. */
export async function deleteWindow({
  incidentId,
  windowId,
}: {
  incidentId: string;
  windowId: string;
}): Promise<ChangeResult & { siteId?: string }> {
  const window = await prisma.exposureWindow.findFirst({
    where: { id: windowId, site: { incidentId } },
    select: { siteId: true },
  });
  if (!window) return refuse("form", "notFound");
  if ((await prisma.exposureWindow.count({ where: { siteId: window.siteId } })) <= 1) return refuse("form", "lastWindow");
  await prisma.exposureWindow.delete({ where: { id: windowId }, select: { id: true } });
  return { ok: true, id: windowId, siteId: window.siteId, changed: [] };
}

/** Id and slug of an incident, active or not (for the edit page's actions). */
export function findIncidentRef({ slug }: { slug: string }) {
  return prisma.incident.findUnique({ where: { slug }, select: { id: true, slug: true } });
}
