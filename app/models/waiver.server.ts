/**
 * Card reissue-fee waiver requests and their history (WaiverEvent).
 *
 * - A request is always linked to an affected record whose identity the CALLER of these functions
 *   has verified (two facts matched through lookupAffected, or a fresh agent lookup): see
 *   app/routes/waivers.new.tsx and app/routes/staff.waivers.new.tsx.
 * - One open request per affected record and card: the unique openKey column holds
 *   "<affectedRecordId>:<last4>" while a request is open and null once it is confirmed or
 *   rejected. A duplicate is caught as the database's unique violation (so two requests sent at
 *   the same moment cannot both get in) and answered with the existing reference.
 * - Every status change is a WaiverEvent plus an audit entry; a change is applied only if the
 *   request is still in the status it was read in.
 */
import { maskCardLast4 } from "~/domain/mask";
import { randomBytes } from "node:crypto";
import { normaliseEmail, normalisePhone } from "~/domain/normalise";
import { redactFreeText } from "~/domain/redact";
import {
  WAIVER_STATUSES,
  decideLast4,
  isOpenStatus,
  normaliseWaiverReference,
  openKeyFor,
  transitionProblem,
  waiverReferenceFromBytes,
} from "~/domain/waiver-rules";
import type { WaiverSource, WaiverStatus } from "~/domain/waiver-rules";
import { recordAudit } from "~/utils/audit.server";
import type { AuditActor } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import type { Prisma } from "~/utils/db.server";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

export function newWaiverReference(): string {
  return waiverReferenceFromBytes(randomBytes(8));
}

// ---------------------------------------------------------------------------------------
// Card companies
// ---------------------------------------------------------------------------------------

export type CardCompanyChoice = { id: string; code: string; nameJa: string; nameEn: string };

/** The maintained list of card issuers, in display order ("other" last, as seeded). */
export function listCardCompanies(): Promise<CardCompanyChoice[]> {
  return prisma.cardCompany.findMany({
    orderBy: [{ position: "asc" }, { code: "asc" }],
    select: { id: true, code: true, nameJa: true, nameEn: true },
  });
}

// ---------------------------------------------------------------------------------------
// Creating a request
// ---------------------------------------------------------------------------------------

/** What a request needs to know about its affected record. */
export function findAffectedRecordForWaiver({ id }: { id: string }) {
  return prisma.affectedRecord.findUnique({
    where: { id },
    select: { id: true, incidentId: true, cardLast4: true, cardBrand: true, anonymisedAt: true },
  });
}

export type CreateWaiverInput = {
  /** An affected record whose identity the caller has verified. */
  affectedRecordId: string;
  cardCompanyId: string;
  cardBrand?: string | null;
  /** As typed; may be empty when the record holds the last 4 (see decideLast4). */
  last4?: string | null;
  contactName: string;
  contactEmail?: string | null;
  contactPhone?: string | null;
  /** The customer agreed that their name and status are passed to the card company. */
  consent: true;
  source: WaiverSource;
  /** The contact (call, email) this request was taken in, if any. */
  contactId?: string | null;
  /** Staff member who took the request (agent path); null for the public form. */
  byUserId?: string | null;
};

export type CreateWaiverResult =
  | { ok: true; id: string; reference: string }
  | { ok: false; problem: "duplicate"; existingReference: string }
  | { ok: false; problem: "record-not-found" | "card-company-unknown" | "contact-required" }
  | { ok: false; problem: "last4-required" | "last4-invalid" | "last4-mismatch" };

/**
 * Creates a request with status "submitted" and its first event, then audits it
 * ("waiver.create", no raw identifiers). Refuses a second open request for the same record and
 * card with the existing reference. The contact name and email are stored redacted.
 */
export async function createWaiverRequest(
  input: CreateWaiverInput,
  { actor, request, now = new Date() }: { actor: AuditActor; request?: Request; now?: Date },
): Promise<CreateWaiverResult> {
  const record = await findAffectedRecordForWaiver({ id: input.affectedRecordId });
  if (!record || record.anonymisedAt) return { ok: false, problem: "record-not-found" };
  const company = await prisma.cardCompany.findUnique({ where: { id: input.cardCompanyId }, select: { id: true } });
  if (!company) return { ok: false, problem: "card-company-unknown" };
  const email = input.contactEmail ? (normaliseEmail(input.contactEmail)?.display ?? null) : null;
  // Free text is redacted before it is stored, as everywhere (an address can hold card digits too).
  const contactName = redactFreeText(input.contactName.normalize("NFKC").trim()).text;
  const contactEmail = email ? redactFreeText(email).text : null;
  const phone = input.contactPhone && normalisePhone(input.contactPhone) ? input.contactPhone.normalize("NFKC").trim() : null;
  if (!email && !phone) return { ok: false, problem: "contact-required" };
  const last4 = decideLast4({ given: input.last4, recordLast4: record.cardLast4 });
  if (!last4.ok) return { ok: false, problem: `last4-${last4.problem}` };
  const contactId =
    input.contactId &&
    (await prisma.contact.findFirst({ where: { id: input.contactId, incidentId: record.incidentId }, select: { id: true } }))
      ? input.contactId
      : null;
  const openKey = openKeyFor({ affectedRecordId: record.id, last4: last4.last4, status: "submitted" })!;

  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = newWaiverReference();
    try {
      const created = await prisma.$transaction(async (tx) => {
        const row = await tx.waiverRequest.create({
          data: {
            reference,
            incidentId: record.incidentId,
            affectedRecordId: record.id,
            cardCompanyId: company.id,
            cardBrand: input.cardBrand?.trim() || null,
            cardLast4: last4.last4,
            contactName,
            contactEmail,
            contactPhone: phone,
            consentAt: now,
            source: input.source,
            status: "submitted",
            openKey,
            contactId,
            createdAt: now,
          },
          select: { id: true, reference: true },
        });
        await tx.waiverEvent.create({
          data: { requestId: row.id, status: "submitted", byUserId: input.byUserId ?? null, at: now },
        });
        return row;
      });
      await recordAudit({
        actor,
        action: "waiver.create",
        entityType: "waiver",
        entityId: created.id,
        request,
        details: { source: input.source, affectedRecordId: record.id, cardCompanyId: company.id },
      });
      return { ok: true, id: created.id, reference: created.reference };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await prisma.waiverRequest.findUnique({ where: { openKey }, select: { id: true, reference: true } });
      if (existing) {
        await recordAudit({
          actor,
          action: "waiver.duplicate_refused",
          entityType: "waiver",
          entityId: existing.id,
          request,
          details: { source: input.source, affectedRecordId: record.id },
        });
        return { ok: false, problem: "duplicate", existingReference: existing.reference };
      }
      // Otherwise the random reference was taken (about 1 in 10^12): draw another.
    }
  }
  throw new Error("Could not allocate a waiver reference number");
}

// ---------------------------------------------------------------------------------------
// Status changes
// ---------------------------------------------------------------------------------------

export type ChangeStatusResult =
  | { ok: true; from: WaiverStatus; to: WaiverStatus }
  | { ok: false; problem: "not-found" | "not-allowed" | "reason-required" | "conflict" };

/**
 * Moves a request to another status if the rules allow it (app/domain/waiver-rules.ts), writes
 * the event and the audit entry ("waiver.status_change"). A rejection needs a reason, stored
 * redacted. If someone else changed the request meanwhile, nothing is written and "conflict" is
 * returned.
 */
export async function changeWaiverStatus({
  id,
  to,
  reason,
  byUserId,
  actor,
  request,
  now = new Date(),
}: {
  id: string;
  to: string;
  reason?: string | null;
  byUserId: string | null;
  actor: AuditActor;
  request?: Request;
  now?: Date;
}): Promise<ChangeStatusResult> {
  const current = await prisma.waiverRequest.findUnique({
    where: { id },
    select: { id: true, status: true, affectedRecordId: true, cardLast4: true },
  });
  if (!current) return { ok: false, problem: "not-found" };
  const problem = transitionProblem({ from: current.status, to, reason });
  if (problem) return { ok: false, problem };
  const target = to as WaiverStatus;
  const note = target === "rejected" ? redactFreeText((reason ?? "").trim()).text : null;
  const changed = await prisma.$transaction(async (tx) => {
    const updated = await tx.waiverRequest.updateMany({
      where: { id, status: current.status },
      data: {
        status: target,
        openKey: openKeyFor({ affectedRecordId: current.affectedRecordId, last4: current.cardLast4, status: target }),
        ...(target === "rejected" ? { rejectReason: note } : {}),
      },
    });
    if (updated.count !== 1) return false;
    await tx.waiverEvent.create({ data: { requestId: id, status: target, note, byUserId, at: now } });
    return true;
  });
  if (!changed) return { ok: false, problem: "conflict" };
  await recordAudit({
    actor,
    action: "waiver.status_change",
    entityType: "waiver",
    entityId: id,
    request,
    details: { from: current.status, to: target },
  });
  return { ok: true, from: current.status as WaiverStatus, to: target };
}

// ---------------------------------------------------------------------------------------
// Customer's status lookup
// ---------------------------------------------------------------------------------------

export type WaiverStatusView = {
  reference: string;
  status: WaiverStatus;
  rejectReason: string | null;
  createdAt: string;
  cardCompany: { nameJa: string; nameEn: string };
  events: { status: WaiverStatus; at: string }[];
};

function contactMatches(given: string, stored: { contactEmail: string | null; contactPhone: string | null }): boolean {
  const email = normaliseEmail(given);
  if (email && stored.contactEmail) {
    const storedEmail = normaliseEmail(stored.contactEmail);
    if (storedEmail && storedEmail.key === email.key) return true;
  }
  const phone = normalisePhone(given);
  if (phone && stored.contactPhone) return normalisePhone(stored.contactPhone) === phone;
  return false;
}

/**
 * A request's status for the customer: the reference plus the email address or phone number
 * given in the request. Null for an unknown reference AND for a wrong contact, so the answer
 * never tells which was wrong. Shows no personal data.
 */
export async function findWaiverStatus({
  reference,
  contact,
}: {
  reference: string;
  contact: string;
}): Promise<WaiverStatusView | null> {
  const normalised = normaliseWaiverReference(reference);
  const row = normalised
    ? await prisma.waiverRequest.findUnique({
        where: { reference: normalised },
        select: {
          reference: true,
          status: true,
          rejectReason: true,
          createdAt: true,
          contactEmail: true,
          contactPhone: true,
          cardCompany: { select: { nameJa: true, nameEn: true } },
          events: { orderBy: [{ at: "asc" }, { id: "asc" }], select: { status: true, at: true } },
        },
      })
    : null;
  // Compare even without a row, so both kinds of "not found" do the same work.
  const matches = contactMatches(contact, row ?? { contactEmail: "nobody@invalid.example", contactPhone: null });
  if (!row || !matches) return null;
  const status = (WAIVER_STATUSES as readonly string[]).includes(row.status) ? (row.status as WaiverStatus) : "submitted";
  return {
    reference: row.reference,
    status,
    rejectReason: status === "rejected" ? row.rejectReason : null,
    createdAt: row.createdAt.toISOString(),
    cardCompany: row.cardCompany,
    events: row.events.map((e) => ({ status: e.status as WaiverStatus, at: e.at.toISOString() })),
  };
}

// ---------------------------------------------------------------------------------------
// Supervisor list
// ---------------------------------------------------------------------------------------

export type WaiverListFilter = {
  incidentId?: string | null;
  status?: WaiverStatus | null;
  cardCompanyId?: string | null;
  page: number;
  perPage: number;
};

const listSelect = {
  id: true,
  reference: true,
  status: true,
  source: true,
  cardBrand: true,
  cardLast4: true,
  contactName: true,
  contactEmail: true,
  contactPhone: true,
  rejectReason: true,
  createdAt: true,
  updatedAt: true,
  affectedRecordId: true,
  batchId: true,
  cardCompany: { select: { id: true, code: true, nameJa: true, nameEn: true } },
} satisfies Prisma.WaiverRequestSelect;

export type WaiverListRow = Prisma.WaiverRequestGetPayload<{ select: typeof listSelect }>;

/** Requests newest first, filtered, one page, with the total count and counts per status. */
export async function listWaiverRequests(filter: WaiverListFilter) {
  const where: Prisma.WaiverRequestWhereInput = {
    ...(filter.incidentId ? { incidentId: filter.incidentId } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.cardCompanyId ? { cardCompanyId: filter.cardCompanyId } : {}),
  };
  const [rows, total, byStatus] = await Promise.all([
    prisma.waiverRequest.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (filter.page - 1) * filter.perPage,
      take: filter.perPage,
      select: listSelect,
    }),
    prisma.waiverRequest.count({ where }),
    prisma.waiverRequest.groupBy({
      by: ["status"],
      where: {
        ...(filter.incidentId ? { incidentId: filter.incidentId } : {}),
        ...(filter.cardCompanyId ? { cardCompanyId: filter.cardCompanyId } : {}),
      },
      _count: { _all: true },
    }),
  ]);
  const counts = Object.fromEntries(WAIVER_STATUSES.map((s) => [s, 0])) as Record<WaiverStatus, number>;
  for (const g of byStatus)
    if ((WAIVER_STATUSES as readonly string[]).includes(g.status)) counts[g.status as WaiverStatus] = g._count._all;
  return { rows, total, counts };
}

/** Whether this record already has an open request (for the desk, to say so before the form). */
export async function findOpenWaiverForRecord({ affectedRecordId }: { affectedRecordId: string }) {
  const rows = await prisma.waiverRequest.findMany({
    where: { affectedRecordId, openKey: { not: null } },
    select: { reference: true, status: true, cardLast4: true },
  });
  return rows.filter((r) => isOpenStatus(r.status));
}

/** The waiver requests taken in a contact or made for its caller's affected record, newest first. */
export async function listWaiversForContact({ contactId, affectedRecordId }: { contactId: string; affectedRecordId: string | null }) {
  const rows = await prisma.waiverRequest.findMany({
    where: { OR: [{ contactId }, ...(affectedRecordId ? [{ affectedRecordId }] : [])] },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: {
      id: true,
      reference: true,
      status: true,
      cardLast4: true,
      createdAt: true,
      cardCompany: { select: { nameJa: true, nameEn: true } },
    },
  });
  return rows.map((r) => ({ ...r, cardLast4: maskCardLast4(r.cardLast4), createdAt: r.createdAt.toISOString() }));
}

// ---------------------------------------------------------------------------------------
// Agent path: a fresh lookup
// ---------------------------------------------------------------------------------------

/** Minutes an agent's verified lookup stays good for taking a waiver request. */
export const AGENT_LOOKUP_FRESH_MINUTES = 30;

/**
 * True when this agent looked the caller up within the last minutes and the lookup verified
 * (two facts) this very record as affected. The desk's lookup writes the Lookup row
 * (app/models/lookup.server.ts); this only reads it.
 */
export async function hasFreshAgentLookup({
  userId,
  affectedRecordId,
  now = new Date(),
  withinMinutes = AGENT_LOOKUP_FRESH_MINUTES,
}: {
  userId: string;
  affectedRecordId: string;
  now?: Date;
  withinMinutes?: number;
}): Promise<boolean> {
  const found = await prisma.lookup.findFirst({
    where: {
      channel: "agent",
      actorId: userId,
      recordId: affectedRecordId,
      outcome: "affected",
      at: { gte: new Date(now.getTime() - withinMinutes * 60_000) },
    },
    select: { id: true },
  });
  return found !== null;
}
