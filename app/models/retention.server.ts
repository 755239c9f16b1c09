/**
 * Retention: the configured periods (Setting "retention", app/domain/retention-rules.ts), the day
 * each incident's desk closed (Incident.closedOn), and the purge that deletes or anonymises what
 * has expired, in small batches (one short transaction each, so the desk keeps working), then
 * records in the audit log what it did ("retention.purge", counts per kind).
 *
 * THE ONE PLACE THAT DELETES AUDIT LOG ENTRIES. The audit log is append-only for the app: no page,
 * API or other module can change or delete an entry (tests/route-guards.test.ts allows
 * auditLog.delete* in this file only). But keeping it forever contradicts retention, so expired
 * entries may be deleted here, only by `npm run cli -- purge` (never from a page), only when an
 * admin has switched `auditLogPurge` on (off by default), never younger than a year, and the purge
 * then writes its own entry saying how many were deleted and up to when.
 *
 * Likewise the one place that rewrites contact version snapshots (contact.server.test.ts allows
 * contactVersion.update in this file only): when a contact's free text expires, the copies of it
 * in the contact's history are blanked too, or the retention would be a pretence.
 */
import {
  CONTACT_PERSONAL_FIELDS,
  RETENTION_KINDS,
  affectedListExpired,
  blankContactSnapshot,
  keepVersionReason,
  parseRetentionSetting,
  retentionChanges,
  retentionCutoff,
} from "~/domain/retention-rules";
import type { RetentionKind, RetentionSettings } from "~/domain/retention-rules";
import { formatTokyoDay } from "~/utils/export-filters";
import { recordAudit } from "~/utils/audit.server";
import type { AuditActor } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

export const RETENTION_SETTING_KEY = "retention";
/** Rows per purge transaction. */
export const PURGE_BATCH = 500;

export async function getRetentionSettings(): Promise<RetentionSettings> {
  const row = await prisma.setting.findUnique({ where: { key: RETENTION_SETTING_KEY }, select: { value: true } });
  return parseRetentionSetting(row?.value);
}

/** Saves the periods; audits the changed settings with both values ("retention.update"); no change, no entry. */
export async function saveRetentionSettings({
  settings,
  actor,
  request,
}: {
  settings: RetentionSettings;
  actor: AuditActor;
  request?: Request;
}): Promise<{ changed: string[] }> {
  const before = await getRetentionSettings();
  const changes = retentionChanges(before, settings);
  if (Object.keys(changes).length === 0) return { changed: [] };
  const value = JSON.stringify(settings);
  await prisma.setting.upsert({
    where: { key: RETENTION_SETTING_KEY },
    create: { key: RETENTION_SETTING_KEY, value },
    update: { value },
  });
  await recordAudit({
    actor,
    action: "retention.update",
    entityType: "setting",
    entityId: RETENTION_SETTING_KEY,
    request,
    details: { changes },
  });
  return { changed: Object.keys(changes) };
}

export type IncidentRetentionRow = {
  id: string;
  slug: string;
  titleJa: string;
  titleEn: string;
  closedOn: string | null;
  anonymised: number;
};

export async function listIncidentRetention(): Promise<IncidentRetentionRow[]> {
  const incidents = await prisma.incident.findMany({
    orderBy: [{ createdAt: "asc" }],
    select: { id: true, slug: true, titleJa: true, titleEn: true, closedOn: true },
  });
  const anonymised = await prisma.affectedRecord.groupBy({
    by: ["incidentId"],
    where: { anonymisedAt: { not: null } },
    _count: { _all: true },
  });
  return incidents.map((i) => ({ ...i, anonymised: anonymised.find((a) => a.incidentId === i.id)?._count._all ?? 0 }));
}

/** The day the desk for an incident closed (null: open again). Audited ("incident.closed_on"). */
export async function setIncidentClosedOn({
  incidentId,
  closedOn,
  actor,
  request,
}: {
  incidentId: string;
  closedOn: string | null;
  actor: AuditActor;
  request?: Request;
}): Promise<boolean> {
  const current = await prisma.incident.findUnique({ where: { id: incidentId }, select: { closedOn: true } });
  if (!current) return false;
  if (current.closedOn === closedOn) return true;
  await prisma.incident.update({ where: { id: incidentId }, data: { closedOn }, select: { id: true } });
  await recordAudit({
    actor,
    action: "incident.closed_on",
    entityType: "incident",
    entityId: incidentId,
    request,
    details: { from: current.closedOn, to: closedOn },
  });
  return true;
}

// ---------------------------------------------------------------------------------------
// The purge
// ---------------------------------------------------------------------------------------

export type PurgeCounts = Record<RetentionKind, number> & { auditLogEnabled: boolean };

export type PurgeReport = {
  dryRun: boolean;
  settings: RetentionSettings;
  cutoffs: { contactText: string; lookups: string; waiverContacts: string; auditLog: string; affectedIncidents: string[] };
  counts: PurgeCounts;
};

const FINAL_WAIVER = ["confirmed", "rejected"];

async function expiredIncidentIds(settings: RetentionSettings, now: Date): Promise<{ id: string; slug: string }[]> {
  const closed = await prisma.incident.findMany({
    where: { closedOn: { not: null } },
    select: { id: true, slug: true, closedOn: true },
  });
  const today = formatTokyoDay(now);
  return closed.filter((i) => affectedListExpired({ closedOn: i.closedOn, days: settings.affectedRecords, today }));
}

/** Repeats `step` (which handles up to PURGE_BATCH rows and returns how many) until it handles none. */
async function inBatches(step: () => Promise<number>, onBatch?: (n: number) => void): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await step();
    if (n === 0) return total;
    total += n;
    onBatch?.(total);
  }
}

/**
 * Deletes or anonymises what has expired (dryRun: only counts it). Each kind in batches of
 * PURGE_BATCH rows; after a real run one "retention.purge" audit entry with the counts and
 * cutoffs. Safe to run again at any time (what is done is not counted twice).
 */
export async function purgeExpired({
  dryRun,
  actor,
  now = new Date(),
  batchSize = PURGE_BATCH,
  onProgress,
}: {
  dryRun: boolean;
  actor: AuditActor;
  now?: Date;
  batchSize?: number;
  onProgress?: (kind: RetentionKind, done: number) => void;
}): Promise<PurgeReport> {
  const settings = await getRetentionSettings();
  const cut = {
    contactText: retentionCutoff(settings.contactText, now),
    lookups: retentionCutoff(settings.lookups, now),
    waiverContacts: retentionCutoff(settings.waiverContacts, now),
    auditLog: retentionCutoff(settings.auditLog, now),
  };
  const incidents = await expiredIncidentIds(settings, now);
  const incidentIds = incidents.map((i) => i.id);

  const contactWhere = { startedAt: { lt: cut.contactText }, purgedAt: null };
  const lookupWhere = { at: { lt: cut.lookups } };
  const waiverWhere = { status: { in: FINAL_WAIVER }, updatedAt: { lt: cut.waiverContacts }, NOT: { contactName: "" } };
  const recordWhere = { incidentId: { in: incidentIds }, anonymisedAt: null };
  const auditWhere = { at: { lt: cut.auditLog } };

  const counts: PurgeCounts = {
    contactText: 0,
    lookups: 0,
    waiverContacts: 0,
    affectedRecords: 0,
    auditLog: 0,
    auditLogEnabled: settings.auditLogPurge,
  };

  if (dryRun) {
    [counts.contactText, counts.lookups, counts.waiverContacts, counts.affectedRecords, counts.auditLog] = await Promise.all([
      prisma.contact.count({ where: contactWhere }),
      prisma.lookup.count({ where: lookupWhere }),
      prisma.waiverRequest.count({ where: waiverWhere }),
      incidentIds.length ? prisma.affectedRecord.count({ where: recordWhere }) : Promise.resolve(0),
      settings.auditLogPurge ? prisma.auditLog.count({ where: auditWhere }) : Promise.resolve(0),
    ]);
  } else {
    const blanks = Object.fromEntries(CONTACT_PERSONAL_FIELDS.map((f) => [f, null]));
    counts.contactText = await inBatches(
      async () => {
        const ids = (await prisma.contact.findMany({ where: contactWhere, select: { id: true }, take: batchSize })).map(
          (r) => r.id,
        );
        if (ids.length === 0) return 0;
        return prisma.$transaction(async (tx) => {
          const done = await tx.contact.updateMany({
            where: { id: { in: ids }, purgedAt: null },
            data: { ...blanks, purgedAt: now },
          });
          const versions = await tx.contactVersion.findMany({
            where: { contactId: { in: ids } },
            select: { id: true, data: true, reason: true },
          });
          for (const v of versions) {
            await tx.contactVersion.update({
              where: { id: v.id },
              data: { data: blankContactSnapshot(v.data), reason: keepVersionReason(v.reason) },
              select: { id: true },
            });
          }
          return done.count;
        });
      },
      (n) => onProgress?.("contactText", n),
    );

    counts.lookups = await inBatches(
      async () => {
        const ids = (
          await prisma.lookup.findMany({ where: lookupWhere, select: { id: true }, orderBy: { id: "asc" }, take: batchSize * 10 })
        ).map((r) => r.id);
        if (ids.length === 0) return 0;
        return (await prisma.lookup.deleteMany({ where: { id: { in: ids } } })).count;
      },
      (n) => onProgress?.("lookups", n),
    );

    counts.waiverContacts = await inBatches(
      async () => {
        const ids = (await prisma.waiverRequest.findMany({ where: waiverWhere, select: { id: true }, take: batchSize })).map(
          (r) => r.id,
        );
        if (ids.length === 0) return 0;
        return (
          await prisma.waiverRequest.updateMany({
            where: { id: { in: ids } },
            data: { contactName: "", contactEmail: null, contactPhone: null },
          })
        ).count;
      },
      (n) => onProgress?.("waiverContacts", n),
    );

    if (incidentIds.length) {
      counts.affectedRecords = await inBatches(
        async () => {
          const ids = (await prisma.affectedRecord.findMany({ where: recordWhere, select: { id: true }, take: batchSize })).map(
            (r) => r.id,
          );
          if (ids.length === 0) return 0;
          return prisma.$transaction(async (tx) => {
            const done = await tx.affectedRecord.updateMany({
              where: { id: { in: ids }, anonymisedAt: null },
              data: {
                nameKanji: null,
                nameKana: null,
                email: null,
                phone: null,
                postalCode: null,
                reference: null,
                cardLast4: null,
                nameKey: null,
                kanaKey: null,
                emailKey: null,
                phoneKey: null,
                referenceKey: null,
                anonymisedAt: now,
              },
            });
            // rowKey is an HMAC of the whole row: replaced by a value that says nothing (and stays unique).
            const marks = ids.map((_, i) => (getEnv().databaseKind === "postgresql" ? `$${i + 1}` : "?")).join(", ");
            await tx.$executeRawUnsafe(
              `UPDATE "AffectedRecord" SET "rowKey" = 'anonymised:' || "id" WHERE "id" IN (${marks})`,
              ...ids,
            );
            return done.count;
          });
        },
        (n) => onProgress?.("affectedRecords", n),
      );
    }

    if (settings.auditLogPurge) {
      counts.auditLog = await inBatches(
        async () => {
          const ids = (
            await prisma.auditLog.findMany({
              where: auditWhere,
              select: { id: true },
              orderBy: { id: "asc" },
              take: batchSize * 10,
            })
          ).map((r) => r.id);
          if (ids.length === 0) return 0;
          return (await prisma.auditLog.deleteMany({ where: { id: { in: ids } } })).count;
        },
        (n) => onProgress?.("auditLog", n),
      );
    }
  }

  const report: PurgeReport = {
    dryRun,
    settings,
    cutoffs: {
      contactText: cut.contactText.toISOString(),
      lookups: cut.lookups.toISOString(),
      waiverContacts: cut.waiverContacts.toISOString(),
      auditLog: cut.auditLog.toISOString(),
      affectedIncidents: incidents.map((i) => i.slug),
    },
    counts,
  };
  if (!dryRun) {
    await recordAudit({
      actor,
      action: "retention.purge",
      entityType: "retention",
      details: {
        counts: Object.fromEntries(RETENTION_KINDS.map((k) => [k, counts[k]])),
        auditLogPurge: settings.auditLogPurge,
        cutoffs: report.cutoffs,
      },
    });
  }
  return report;
}
