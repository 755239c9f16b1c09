/**
 * The contact log: every phone call, email, web inquiry and letter, with its version history.
 *
 * - Free text (notes, message, subject, caller name and contact, reference, correction reasons,
 *   attachment names) goes through redactFreeText BEFORE it is stored; callers get the counts
 *   back so the screen can tell the agent "a card number was removed".
 * - History is never edited. Every saved state is a ContactVersion row (version 1 at creation);
 *   a correction, a PBX event, taking or closing a queued inquiry each write version N+1 and
 *   update the Contact's current fields. No code path updates or deletes a ContactVersion
 *   (tests/route-guards-style check in contact.server.test.ts).
 * - withinHours is judged on the incident's main phone line at the contact's start; contacts
 *   staff logged outside hours are flagged for supervisors (domain/contact-rules.ts).
 * - Inbound inquiries (web, email, abandoned calls) get a due time: the next opening plus the
 *   line's response target in business minutes.
 */
import {
  handleTimeSeconds,
  computeDueAt,
  isWithinHours,
  shortContactRef,
  shouldFlagAfterHours,
  applyCallEvent,
  callContactFields,
  QUEUE_CHANNELS,
  isOverdue,
} from "~/domain/contact-rules";
import type {
  CallEvent,
  ContactCategory,
  ContactChannel,
  ContactInput,
  ContactOutcome,
  ContactSource,
  ContactStatus,
  EscalationTarget,
} from "~/domain/contact-rules";
import { CONTACT_CATEGORIES } from "~/domain/contact-rules";
import type { HoursConfig } from "~/domain/business-hours";
import { normalisePhone } from "~/domain/normalise";
import { redactFreeText } from "~/domain/redact";
import { loadHoursConfig } from "~/models/hours.server";
import { normaliseStaffEmail } from "~/models/user.server";
import { recordAudit } from "~/utils/audit.server";
import type { AuditActor } from "~/utils/audit.server";
import { hmacLookupKey } from "~/utils/crypto.server";
import { prisma } from "~/utils/db.server";
import type { Prisma } from "~/utils/db.server";

// ---------------------------------------------------------------------------------------------
// Errors the routes turn into 400/404/409
// ---------------------------------------------------------------------------------------------

/** Input that passed the schema but does not fit the data (unknown incident, record of another incident). */
export class ContactInputError extends Error {
  constructor(
    readonly field: string,
    readonly code: "incident" | "invalid" | "recordNeedsVerification",
  ) {
    super(`${field}: ${code}`);
  }
}

/** A correction made on a stale screen: someone saved a newer version meanwhile. */
export class ContactVersionConflictError extends Error {
  constructor(readonly currentVersion: number) {
    super(`The contact is now at version ${currentVersion}`);
  }
}

export class ContactNotFoundError extends Error {
  constructor() {
    super("No such contact");
  }
}

// ---------------------------------------------------------------------------------------------
// Redaction
// ---------------------------------------------------------------------------------------------

export type RedactionCounts = { cardNumbers: number; securityCodes: number };

const NO_REDACTION: RedactionCounts = { cardNumbers: 0, securityCodes: 0 };

function addCounts(a: RedactionCounts, b: RedactionCounts): RedactionCounts {
  return { cardNumbers: a.cardNumbers + b.cardNumbers, securityCodes: a.securityCodes + b.securityCodes };
}

/** Redacts each string field of `values`; returns the redacted values and the total counts. */
export function redactFields<T extends Record<string, string | null | undefined>>(
  values: T,
): { values: T; counts: RedactionCounts } {
  let counts = NO_REDACTION;
  const out: Record<string, string | null | undefined> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === "string") {
      const result = redactFreeText(value);
      counts = addCounts(counts, { cardNumbers: result.cardNumbers, securityCodes: result.securityCodes });
      out[key] = result.text;
    } else {
      out[key] = value;
    }
  }
  return { values: out as T, counts };
}

/** True when anything was removed. */
export function wasRedacted(counts: RedactionCounts): boolean {
  return counts.cardNumbers + counts.securityCodes > 0;
}

// ---------------------------------------------------------------------------------------------
// Hotlines of an incident (hours, due times)
// ---------------------------------------------------------------------------------------------

type HotlineRow = {
  id: string;
  kind: string;
  address: string;
  isMain: boolean;
  weeklyHours: string;
  yearEndClosure: boolean;
  responseTargetMinutes: number;
};

const hotlineSelect = {
  id: true,
  kind: true,
  address: true,
  isMain: true,
  weeklyHours: true,
  yearEndClosure: true,
  responseTargetMinutes: true,
} satisfies Prisma.HotlineSelect;

/** The main phone line (marked main, else the first phone line), else any line; null when none. */
function mainPhoneHotline(hotlines: readonly HotlineRow[]): HotlineRow | null {
  return (
    hotlines.find((h) => h.kind === "phone" && h.isMain) ??
    hotlines.find((h) => h.kind === "phone") ??
    hotlines.find((h) => h.isMain) ??
    hotlines[0] ??
    null
  );
}

async function hotlinesOf(incidentId: string): Promise<HotlineRow[]> {
  return prisma.hotline.findMany({ where: { incidentId }, orderBy: [{ isMain: "desc" }, { id: "asc" }], select: hotlineSelect });
}

type HoursContext = { config: HoursConfig | null; responseTargetMinutes: number };

async function hoursContext(incidentId: string, hotline: HotlineRow | null): Promise<HoursContext> {
  if (!hotline) return { config: null, responseTargetMinutes: 0 };
  return { config: await loadHoursConfig({ hotline, incidentId }), responseTargetMinutes: hotline.responseTargetMinutes };
}

/** The due time of an inquiry received at `receivedAt` on `hotline` (domain rule computeDueAt). */
function dueAtFor(context: HoursContext, receivedAt: Date): Date | null {
  if (!context.config) return null;
  return computeDueAt({ receivedAt, responseTargetMinutes: context.responseTargetMinutes, config: context.config });
}

function withinHoursFor(context: HoursContext, startedAt: Date): boolean {
  return context.config ? isWithinHours({ startedAt, config: context.config }) : false;
}

/**
 * When an inquiry received now on the incident's line would be due, for the public form's
 * promise ("due by ..."). Uses the same rule as the stored contact.
 */
export async function previewDueAt({ incidentId, receivedAt }: { incidentId: string; receivedAt: Date }): Promise<Date | null> {
  const hotlines = await hotlinesOf(incidentId);
  return dueAtFor(await hoursContext(incidentId, mainPhoneHotline(hotlines)), receivedAt);
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

const contactSelect = {
  id: true,
  incidentId: true,
  channel: true,
  source: true,
  status: true,
  startedAt: true,
  endedAt: true,
  talkSeconds: true,
  holdSeconds: true,
  acwSeconds: true,
  agentId: true,
  affectedRecordId: true,
  identityVerified: true,
  callerName: true,
  callerContact: true,
  reference: true,
  outcome: true,
  escalatedTo: true,
  notes: true,
  message: true,
  subject: true,
  withinHours: true,
  flaggedAfterHours: true,
  dueAt: true,
  answeredAt: true,
  abandoned: true,
  callId: true,
  version: true,
  replyToId: true,
  attachments: true,
  closedAt: true,
  createdAt: true,
  updatedAt: true,
  incident: { select: { slug: true, titleJa: true, titleEn: true } },
  agent: { select: { id: true, name: true } },
  categories: { select: { category: true } },
} satisfies Prisma.ContactSelect;

type ContactRow = Prisma.ContactGetPayload<{ select: typeof contactSelect }>;

export type AttachmentInfo = { name: string; type: string; size: number };

export type ContactView = {
  id: string;
  ref: string;
  incident: { id: string; slug: string; titleJa: string; titleEn: string };
  channel: ContactChannel;
  source: ContactSource;
  status: ContactStatus;
  startedAt: string;
  endedAt: string | null;
  talkSeconds: number | null;
  holdSeconds: number | null;
  acwSeconds: number | null;
  handleSeconds: number | null;
  agent: { id: string; name: string } | null;
  identityVerified: boolean;
  affectedRecordId: string | null;
  callerName: string | null;
  callerContact: string | null;
  reference: string | null;
  categories: ContactCategory[];
  outcome: ContactOutcome | null;
  escalatedTo: EscalationTarget | null;
  notes: string | null;
  subject: string | null;
  message: string | null;
  withinHours: boolean;
  flaggedAfterHours: boolean;
  dueAt: string | null;
  answeredAt: string | null;
  abandoned: boolean;
  callId: string | null;
  version: number;
  replyToId: string | null;
  attachments: AttachmentInfo[];
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

function parseAttachments(json: string | null): AttachmentInfo[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.flatMap((a: unknown) => {
      if (!a || typeof a !== "object") return [];
      const { name, type, size } = a as Record<string, unknown>;
      return [
        {
          name: typeof name === "string" ? name : "",
          type: typeof type === "string" ? type : "",
          size: typeof size === "number" ? size : 0,
        },
      ];
    });
  } catch {
    return [];
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toView(row: ContactRow): ContactView {
  return {
    id: row.id,
    ref: shortContactRef(row.id),
    incident: { id: row.incidentId, slug: row.incident.slug, titleJa: row.incident.titleJa, titleEn: row.incident.titleEn },
    channel: row.channel as ContactChannel,
    source: row.source as ContactSource,
    status: row.status as ContactStatus,
    startedAt: row.startedAt.toISOString(),
    endedAt: iso(row.endedAt),
    talkSeconds: row.talkSeconds,
    holdSeconds: row.holdSeconds,
    acwSeconds: row.acwSeconds,
    handleSeconds: handleTimeSeconds(row),
    agent: row.agent,
    identityVerified: row.identityVerified,
    affectedRecordId: row.affectedRecordId,
    callerName: row.callerName,
    callerContact: row.callerContact,
    reference: row.reference,
    categories: CONTACT_CATEGORIES.filter((c) => row.categories.some((r) => r.category === c)),
    outcome: row.outcome as ContactOutcome | null,
    escalatedTo: row.escalatedTo as EscalationTarget | null,
    notes: row.notes,
    subject: row.subject,
    message: row.message,
    withinHours: row.withinHours,
    flaggedAfterHours: row.flaggedAfterHours,
    dueAt: iso(row.dueAt),
    answeredAt: iso(row.answeredAt),
    abandoned: row.abandoned,
    callId: row.callId,
    version: row.version,
    replyToId: row.replyToId,
    attachments: parseAttachments(row.attachments),
    closedAt: iso(row.closedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The fields a version snapshot keeps (the contact as saved, already redacted). */
function snapshotOf(view: ContactView): Record<string, unknown> {
  const {
    ref: _ref,
    incident: _incident,
    agent,
    handleSeconds: _handle,
    createdAt: _c,
    updatedAt: _u,
    version: _v,
    ...rest
  } = view;
  return { ...rest, agentId: agent?.id ?? null };
}

export type ContactVersionView = {
  version: number;
  editedAt: string;
  editedBy: { id: string; name: string } | null;
  reason: string | null;
  data: Record<string, unknown>;
};

export type ContactDetail = ContactView & {
  versions: ContactVersionView[];
  replies: ContactView[];
};

async function readContact(id: string, client: Prisma.TransactionClient | typeof prisma = prisma): Promise<ContactView | null> {
  const row = await client.contact.findUnique({ where: { id }, select: contactSelect });
  return row ? toView(row) : null;
}

/** A contact's current state (no audit entry: for the API's own answers and internal use). */
export function findContact({ id }: { id: string }): Promise<ContactView | null> {
  return readContact(id);
}

/** A contact's current state, recording a `contact.view` audit entry for `actor`. */
export async function viewContact({
  id,
  actor,
  request,
}: {
  id: string;
  actor: AuditActor;
  request?: Request;
}): Promise<ContactView | null> {
  const contact = await readContact(id);
  if (contact) await recordAudit({ actor, action: "contact.view", entityType: "contact", entityId: id, request });
  return contact;
}

/**
 * A contact with every version (oldest first) and the replies recorded for it. Records a
 * `contact.view` audit entry for `actor`. Null when there is no such contact.
 */
export async function getContactWithVersions({
  id,
  actor,
  request,
}: {
  id: string;
  actor: AuditActor;
  request?: Request;
}): Promise<ContactDetail | null> {
  const contact = await readContact(id);
  if (!contact) return null;
  const [versions, replies] = await Promise.all([
    prisma.contactVersion.findMany({
      where: { contactId: id },
      orderBy: { version: "asc" },
      select: { version: true, editedAt: true, reason: true, data: true, editedBy: { select: { id: true, name: true } } },
    }),
    prisma.contact.findMany({ where: { replyToId: id }, orderBy: { startedAt: "asc" }, select: contactSelect }),
  ]);
  await recordAudit({ actor, action: "contact.view", entityType: "contact", entityId: id, request });
  return {
    ...contact,
    versions: versions.map((v) => ({
      version: v.version,
      editedAt: v.editedAt.toISOString(),
      editedBy: v.editedBy,
      reason: v.reason,
      data: safeJson(v.data),
    })),
    replies: replies.map(toView),
  };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------------------------
// Writing: versions
// ---------------------------------------------------------------------------------------------

/** Reasons the system writes for versions it creates; the UI translates them (contacts:versionReason.*). */
export const SYSTEM_REASONS = ["@created", "@take", "@close", "@answer", "@pbx"] as const;

type Tx = Prisma.TransactionClient;

async function writeVersion(
  tx: Tx,
  { contactId, editedById, reason }: { contactId: string; editedById: string | null; reason: string },
) {
  const view = await readContact(contactId, tx);
  if (!view) throw new ContactNotFoundError();
  await tx.contactVersion.create({
    data: { contactId, version: view.version, data: JSON.stringify(snapshotOf(view)), reason, editedById },
  });
  return view;
}

/**
 * Updates the contact's current fields as version expectedVersion+1 and writes that version's
 * snapshot. Refuses (ContactVersionConflictError) when the contact moved on meanwhile.
 */
async function saveNewVersion(
  tx: Tx,
  {
    contactId,
    expectedVersion,
    data,
    categories,
    editedById,
    reason,
  }: {
    contactId: string;
    expectedVersion: number;
    data: Prisma.ContactUncheckedUpdateManyInput;
    categories?: readonly ContactCategory[];
    editedById: string | null;
    reason: string;
  },
): Promise<ContactView> {
  const updated = await tx.contact.updateMany({
    where: { id: contactId, version: expectedVersion },
    data: { ...data, version: expectedVersion + 1 },
  });
  if (updated.count !== 1) {
    const current = await tx.contact.findUnique({ where: { id: contactId }, select: { version: true } });
    if (!current) throw new ContactNotFoundError();
    throw new ContactVersionConflictError(current.version);
  }
  if (categories) {
    await tx.contactCategory.deleteMany({ where: { contactId } });
    if (categories.length > 0)
      await tx.contactCategory.createMany({ data: categories.map((category) => ({ contactId, category })) });
  }
  return writeVersion(tx, { contactId, editedById, reason });
}

// ---------------------------------------------------------------------------------------------
// Creating
// ---------------------------------------------------------------------------------------------

export type CreateContactOptions = {
  input: ContactInput;
  source: ContactSource;
  agentId?: string | null;
  status?: ContactStatus;
  /** The hotline the inquiry came in on (email); default: the incident's main phone line. */
  hotlineId?: string | null;
  /** Give the contact a due time (inbound inquiries). Default: web and email_in contacts left open. */
  withDueTime?: boolean;
  attachments?: AttachmentInfo[];
  messageKey?: string | null;
  replyToId?: string | null;
  actor: AuditActor;
  request?: Request;
};

export type CreateContactResult = { contact: ContactView; redaction: RedactionCounts };

async function resolveIncident(slug: string): Promise<{ id: string }> {
  const incident = await prisma.incident.findUnique({ where: { slug }, select: { id: true } });
  if (!incident) throw new ContactInputError("incident", "incident");
  return incident;
}

async function checkAffectedRecord(input: Pick<ContactInput, "affectedRecordId" | "identityVerified">, incidentId: string) {
  if (!input.affectedRecordId) return;
  if (!input.identityVerified) throw new ContactInputError("affectedRecordId", "recordNeedsVerification");
  const record = await prisma.affectedRecord.findUnique({ where: { id: input.affectedRecordId }, select: { incidentId: true } });
  if (!record || record.incidentId !== incidentId) throw new ContactInputError("affectedRecordId", "invalid");
}

/**
 * Logs a contact: redacts its free text, judges business hours, links the affected record only
 * when identity was verified, writes version 1 and a `contact.create` audit entry.
 */
export async function createContact(options: CreateContactOptions): Promise<CreateContactResult> {
  const { input, source } = options;
  const incident = await resolveIncident(input.incident);
  await checkAffectedRecord(input, incident.id);

  const { values: text, counts } = redactFields({
    callerName: input.callerName,
    callerContact: input.callerContact,
    reference: input.reference,
    notes: input.notes,
    subject: input.subject,
    message: input.message,
  });
  const attachments = options.attachments?.map((a) => ({
    ...a,
    name: redactFreeText(a.name).text.slice(0, 255),
    type: a.type.slice(0, 100),
  }));

  const hotlines = await hotlinesOf(incident.id);
  const main = mainPhoneHotline(hotlines);
  const mainHours = await hoursContext(incident.id, main);
  const receiving = options.hotlineId ? (hotlines.find((h) => h.id === options.hotlineId) ?? main) : main;
  const receivingHours = receiving === main ? mainHours : await hoursContext(incident.id, receiving);

  const status = options.status ?? "closed";
  const withinHours = withinHoursFor(mainHours, input.startedAt);
  const withDueTime =
    options.withDueTime ?? (status !== "closed" && (QUEUE_CHANNELS as readonly string[]).includes(input.channel));
  const dueAt = withDueTime ? dueAtFor(receivingHours, input.startedAt) : null;
  const linked = input.identityVerified && input.affectedRecordId ? input.affectedRecordId : null;

  const contact = await prisma.$transaction(async (tx) => {
    const created = await tx.contact.create({
      data: {
        incidentId: incident.id,
        channel: input.channel,
        source,
        status,
        startedAt: input.startedAt,
        endedAt: input.endedAt,
        talkSeconds: input.talkSeconds,
        holdSeconds: input.holdSeconds,
        acwSeconds: input.acwSeconds,
        agentId: options.agentId ?? null,
        affectedRecordId: linked,
        identityVerified: input.identityVerified,
        callerName: text.callerName,
        callerContact: text.callerContact,
        reference: text.reference,
        outcome: input.outcome,
        escalatedTo: input.escalatedTo,
        notes: text.notes,
        subject: text.subject,
        message: text.message,
        withinHours,
        flaggedAfterHours: shouldFlagAfterHours({ source, withinHours }),
        dueAt,
        attachments: attachments && attachments.length > 0 ? JSON.stringify(attachments) : null,
        messageKey: options.messageKey ?? null,
        replyToId: options.replyToId ?? null,
        closedAt: status === "closed" ? new Date() : null,
        version: 1,
        categories: { create: input.categories.map((category) => ({ category })) },
      },
      select: { id: true },
    });
    return writeVersion(tx, { contactId: created.id, editedById: options.agentId ?? null, reason: "@created" });
  });

  await recordAudit({
    actor: options.actor,
    action: "contact.create",
    entityType: "contact",
    entityId: contact.id,
    request: options.request,
    details: {
      channel: contact.channel,
      source,
      categories: contact.categories.length,
      linkedRecord: linked !== null,
      redactedCardNumbers: counts.cardNumbers,
      redactedSecurityCodes: counts.securityCodes,
      attachmentsRefused: attachments?.length ?? 0,
    },
  });
  return { contact, redaction: counts };
}

// ---------------------------------------------------------------------------------------------
// Correcting
// ---------------------------------------------------------------------------------------------

/**
 * A correction: never edits history. Writes version N+1 (snapshot, who, when, reason) and
 * updates the contact's current fields. `input.incident` must be the contact's own incident
 * (a contact does not move between incidents). The reason is redacted too.
 */
export async function correctContact({
  id,
  expectedVersion,
  input,
  reason,
  editor,
  request,
}: {
  id: string;
  expectedVersion: number;
  input: ContactInput;
  reason: string;
  editor: { id: string; email: string };
  request?: Request;
}): Promise<CreateContactResult> {
  const existing = await prisma.contact.findUnique({
    where: { id },
    select: { incidentId: true, source: true, incident: { select: { slug: true } } },
  });
  if (!existing) throw new ContactNotFoundError();
  if (existing.incident.slug !== input.incident) throw new ContactInputError("incident", "incident");
  await checkAffectedRecord(input, existing.incidentId);

  const { values: text, counts } = redactFields({
    callerName: input.callerName,
    callerContact: input.callerContact,
    reference: input.reference,
    notes: input.notes,
    reason,
  });
  const mainHours = await hoursContext(existing.incidentId, mainPhoneHotline(await hotlinesOf(existing.incidentId)));
  const withinHours = withinHoursFor(mainHours, input.startedAt);

  const contact = await prisma.$transaction((tx) =>
    saveNewVersion(tx, {
      contactId: id,
      expectedVersion,
      editedById: editor.id,
      reason: text.reason ?? "",
      categories: input.categories,
      data: {
        channel: input.channel,
        startedAt: input.startedAt,
        endedAt: input.endedAt,
        talkSeconds: input.talkSeconds,
        holdSeconds: input.holdSeconds,
        acwSeconds: input.acwSeconds,
        identityVerified: input.identityVerified,
        affectedRecordId: input.identityVerified && input.affectedRecordId ? input.affectedRecordId : null,
        callerName: text.callerName,
        callerContact: text.callerContact,
        reference: text.reference,
        outcome: input.outcome,
        escalatedTo: input.escalatedTo,
        notes: text.notes,
        withinHours,
        flaggedAfterHours: shouldFlagAfterHours({ source: existing.source as ContactSource, withinHours }),
      },
    }),
  );
  await recordAudit({
    actor: { type: "user", id: editor.id, label: editor.email },
    action: "contact.correct",
    entityType: "contact",
    entityId: id,
    request,
    details: { version: contact.version, redactedCardNumbers: counts.cardNumbers, redactedSecurityCodes: counts.securityCodes },
  });
  return { contact, redaction: counts };
}

// ---------------------------------------------------------------------------------------------
// The queue: take, answer, close
// ---------------------------------------------------------------------------------------------

export type QueueRow = {
  id: string;
  ref: string;
  channel: ContactChannel;
  source: ContactSource;
  status: ContactStatus;
  startedAt: string;
  dueAt: string | null;
  overdue: boolean;
  abandoned: boolean;
  answeredAt: string | null;
  callerName: string | null;
  callerContact: string | null;
  subject: string | null;
  excerpt: string | null;
  attachments: number;
  agent: { id: string; name: string } | null;
  version: number;
};

export const QUEUE_PAGE_SIZE = 50;

/** The queue filter: what is waiting, or only what I took. */
export type QueueFilter = "waiting" | "mine" | "all";

function queueWhere({
  incidentId,
  filter,
  userId,
}: {
  incidentId: string;
  filter: QueueFilter;
  userId: string;
}): Prisma.ContactWhereInput {
  return {
    incidentId,
    status: filter === "waiting" ? "open" : { in: ["open", "in_progress"] },
    ...(filter === "mine" ? { agentId: userId } : {}),
    OR: [{ channel: { in: [...QUEUE_CHANNELS] } }, { source: "pbx" }],
  };
}

/**
 * Open web, email and PBX-logged contacts of an incident, the earliest due first (contacts with
 * no due time, such as answered calls waiting to be completed, after them), 50 per page.
 */
export async function listQueue({
  incidentId,
  userId,
  filter = "all",
  page = 1,
  now = new Date(),
}: {
  incidentId: string;
  userId: string;
  filter?: QueueFilter;
  page?: number;
  now?: Date;
}): Promise<{ rows: QueueRow[]; total: number; overdue: number; page: number; pageCount: number }> {
  const where = queueWhere({ incidentId, filter, userId });
  const [total, overdue] = await Promise.all([
    prisma.contact.count({ where }),
    prisma.contact.count({ where: { AND: [where, { dueAt: { lt: now } }] } }),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await prisma.contact.findMany({
    where,
    orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { startedAt: "asc" }, { id: "asc" }],
    skip: (current - 1) * QUEUE_PAGE_SIZE,
    take: QUEUE_PAGE_SIZE,
    select: {
      id: true,
      channel: true,
      source: true,
      status: true,
      startedAt: true,
      dueAt: true,
      abandoned: true,
      answeredAt: true,
      callerName: true,
      callerContact: true,
      subject: true,
      message: true,
      attachments: true,
      version: true,
      agent: { select: { id: true, name: true } },
    },
  });
  return {
    total,
    overdue,
    page: current,
    pageCount,
    rows: rows.map((r) => ({
      id: r.id,
      ref: shortContactRef(r.id),
      channel: r.channel as ContactChannel,
      source: r.source as ContactSource,
      status: r.status as ContactStatus,
      startedAt: r.startedAt.toISOString(),
      dueAt: iso(r.dueAt),
      overdue: isOverdue({ dueAt: r.dueAt, status: r.status, now }),
      abandoned: r.abandoned,
      answeredAt: iso(r.answeredAt),
      callerName: r.callerName,
      callerContact: r.callerContact,
      subject: r.subject,
      excerpt: r.message
        ? Array.from(r.message).length > 160
          ? `${Array.from(r.message).slice(0, 160).join("")}…`
          : r.message
        : null,
      attachments: parseAttachments(r.attachments).length,
      agent: r.agent,
      version: r.version,
    })),
  };
}

/** Finds queued contacts of an incident by the short reference a customer quotes. */
export async function findContactsByRef({ incidentId, ref }: { incidentId: string; ref: string }): Promise<ContactView[]> {
  const rows = await prisma.contact.findMany({ where: { incidentId, id: { endsWith: ref } }, take: 10, select: contactSelect });
  return rows.map(toView);
}

async function currentVersionOf(tx: Tx, id: string): Promise<{ version: number; status: string; incidentId: string }> {
  const row = await tx.contact.findUnique({ where: { id }, select: { version: true, status: true, incidentId: true } });
  if (!row) throw new ContactNotFoundError();
  return row;
}

/** "Take": assigns the inquiry to the agent and marks it in progress (a new version). */
export async function takeContact({
  id,
  user,
  request,
}: {
  id: string;
  user: { id: string; email: string };
  request?: Request;
}): Promise<ContactView> {
  const contact = await prisma.$transaction(async (tx) => {
    const current = await currentVersionOf(tx, id);
    if (current.status === "closed") return (await readContact(id, tx))!;
    return saveNewVersion(tx, {
      contactId: id,
      expectedVersion: current.version,
      editedById: user.id,
      reason: "@take",
      data: { agentId: user.id, status: "in_progress" },
    });
  });
  await recordAudit({
    actor: { type: "user", id: user.id, label: user.email },
    action: "contact.take",
    entityType: "contact",
    entityId: id,
    request,
  });
  return contact;
}

/**
 * Closes (completes) a queued contact: outcome (with the escalation target when escalated),
 * categories, and notes appended to any already there (redacted). A new version.
 */
export async function closeContact({
  id,
  user,
  outcome,
  escalatedTo,
  categories,
  notes,
  request,
}: {
  id: string;
  user: { id: string; email: string };
  outcome: ContactOutcome;
  escalatedTo: EscalationTarget | null;
  categories: readonly ContactCategory[];
  notes: string | null;
  request?: Request;
}): Promise<{ contact: ContactView; redaction: RedactionCounts }> {
  const { values, counts } = redactFields({ notes });
  const contact = await prisma.$transaction(async (tx) => {
    const current = await tx.contact.findUnique({ where: { id }, select: { version: true, notes: true, agentId: true } });
    if (!current) throw new ContactNotFoundError();
    const joined = [current.notes, values.notes].filter((n): n is string => !!n && n.trim() !== "").join("\n\n");
    return saveNewVersion(tx, {
      contactId: id,
      expectedVersion: current.version,
      editedById: user.id,
      reason: "@close",
      categories,
      data: {
        status: "closed",
        outcome,
        escalatedTo: outcome === "escalated" ? escalatedTo : null,
        notes: joined === "" ? null : joined,
        agentId: current.agentId ?? user.id,
        closedAt: new Date(),
      },
    });
  });
  await recordAudit({
    actor: { type: "user", id: user.id, label: user.email },
    action: "contact.close",
    entityType: "contact",
    entityId: id,
    request,
    details: { outcome, redactedCardNumbers: counts.cardNumbers, redactedSecurityCodes: counts.securityCodes },
  });
  return { contact, redaction: counts };
}

/**
 * Records an answer to a queued inquiry as its own contact (email_out or phone_out, linked by
 * replyToId; the text redacted) and takes the inquiry if nobody has. The desk does not send
 * email itself: the agent sends it from the mail client and records it here.
 */
export async function answerContact({
  id,
  user,
  channel,
  text,
  request,
}: {
  id: string;
  user: { id: string; email: string };
  channel: "email_out" | "phone_out";
  text: string;
  request?: Request;
}): Promise<CreateContactResult> {
  const original = await prisma.contact.findUnique({
    where: { id },
    select: {
      status: true,
      agentId: true,
      callerName: true,
      callerContact: true,
      reference: true,
      incident: { select: { slug: true } },
      categories: { select: { category: true } },
    },
  });
  if (!original) throw new ContactNotFoundError();
  const now = new Date();
  const result = await createContact({
    input: {
      incident: original.incident.slug,
      channel,
      startedAt: now,
      endedAt: now,
      talkSeconds: null,
      holdSeconds: null,
      acwSeconds: null,
      callerName: original.callerName,
      callerContact: original.callerContact,
      reference: original.reference,
      identityVerified: false,
      affectedRecordId: null,
      categories: CONTACT_CATEGORIES.filter((c) => original.categories.some((r) => r.category === c)),
      outcome: null,
      escalatedTo: null,
      notes: null,
      subject: null,
      message: text,
    },
    source: "agent",
    agentId: user.id,
    status: "closed",
    withDueTime: false,
    replyToId: id,
    actor: { type: "user", id: user.id, label: user.email },
    request,
  });
  if (original.status === "open") await takeContact({ id, user, request });
  return result;
}

// ---------------------------------------------------------------------------------------------
// PBX call events
// ---------------------------------------------------------------------------------------------

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

/** The caller's number as stored: E.164 when it is a phone number, else the redacted text ("anonymous", "非通知"). */
export function callerNumberForStorage(raw: string): string | null {
  const text = raw.trim();
  if (text === "") return null;
  return normalisePhone(text) ?? redactFreeText(text).text.slice(0, 64);
}

/**
 * The PBX's call id as stored: as sent, unless it holds something that reads as card data (a
 * call id made of digits can): then a keyed hash of it, so every event of the call still finds
 * the same contact and nothing of the number is kept.
 */
export function callIdForStorage(callId: string): string {
  const redacted = redactFreeText(callId);
  return redacted.cardNumbers + redacted.securityCodes > 0 ? `hmac:${hmacLookupKey("call-id", callId)}` : callId;
}

/** The incident whose phone line has this number (the number dialled, or dialled from); null when none or several. */
export async function findIncidentByPhoneNumber(number: string): Promise<{ id: string; slug: string } | null> {
  const wanted = normalisePhone(number);
  if (!wanted) return null;
  const hotlines = await prisma.hotline.findMany({
    where: { kind: "phone" },
    select: { address: true, incident: { select: { id: true, slug: true } } },
  });
  const matches = hotlines.filter((h) => normalisePhone(h.address) === wanted);
  const ids = new Set(matches.map((m) => m.incident.id));
  return ids.size === 1 ? matches[0]!.incident : null;
}

export type CallEventResult = { contact: ContactView; created: boolean; changed: boolean };

/**
 * Applies one PBX event to the phone contact of its call id, creating it on the first event
 * seen (whatever its state). Order-independent and idempotent (domain applyCallEvent): a repeated
 * event changes nothing and writes no version. A call that hangs up without being answered is
 * abandoned and gets a callback due time; an answer that arrives late undoes that.
 */
export async function recordCallEvent({
  event,
  incidentSlug,
  actor,
  request,
}: {
  event: CallEvent;
  incidentSlug: string | null;
  actor: AuditActor;
  request?: Request;
}): Promise<CallEventResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await applyCallEventOnce({ event, incidentSlug, actor, request });
    } catch (error) {
      // Two first events of one call at the same moment: the loser retries as an update.
      if (attempt < 2 && (isUniqueViolation(error) || error instanceof ContactVersionConflictError)) continue;
      throw error;
    }
  }
}

async function applyCallEventOnce({
  event,
  incidentSlug,
  actor,
  request,
}: {
  event: CallEvent;
  incidentSlug: string | null;
  actor: AuditActor;
  request?: Request;
}): Promise<CallEventResult> {
  const existing = await prisma.contact.findUnique({
    where: { callId: callIdForStorage(event.callId) },
    select: {
      id: true,
      incidentId: true,
      version: true,
      startedAt: true,
      answeredAt: true,
      endedAt: true,
      talkSeconds: true,
      abandoned: true,
      dueAt: true,
      status: true,
      withinHours: true,
    },
  });

  if (!existing) {
    const incident = incidentSlug
      ? await prisma.incident.findUnique({ where: { slug: incidentSlug }, select: { id: true, slug: true } })
      : await findIncidentByPhoneNumber(event.direction === "in" ? event.to : event.from);
    if (!incident) throw new ContactInputError("incident", "incident");
    const fields = callContactFields(applyCallEvent({ ringingAt: null, answeredAt: null, endedAt: null }, event));
    const hours = await hoursContext(incident.id, mainPhoneHotline(await hotlinesOf(incident.id)));
    const withinHours = withinHoursFor(hours, fields.startedAt);
    const caller = callerNumberForStorage(event.direction === "in" ? event.from : event.to);
    const contact = await prisma.$transaction(async (tx) => {
      const created = await tx.contact.create({
        data: {
          incidentId: incident.id,
          channel: event.direction === "in" ? "phone_in" : "phone_out",
          source: "pbx",
          status: "open",
          callId: callIdForStorage(event.callId),
          startedAt: fields.startedAt,
          answeredAt: fields.answeredAt,
          endedAt: fields.endedAt,
          talkSeconds: fields.talkSeconds,
          abandoned: fields.abandoned,
          dueAt: fields.abandoned && fields.endedAt ? dueAtFor(hours, fields.endedAt) : null,
          callerContact: caller,
          withinHours,
          flaggedAfterHours: false,
          version: 1,
        },
        select: { id: true },
      });
      return writeVersion(tx, { contactId: created.id, editedById: null, reason: "@pbx" });
    });
    await recordAudit({
      actor,
      action: "contact.create",
      entityType: "contact",
      entityId: contact.id,
      request,
      details: { channel: contact.channel, source: "pbx", state: event.state },
    });
    return { contact, created: true, changed: true };
  }

  const fields = callContactFields(
    applyCallEvent({ ringingAt: existing.startedAt, answeredAt: existing.answeredAt, endedAt: existing.endedAt }, event),
  );
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  const changed =
    !same(fields.startedAt, existing.startedAt) ||
    !same(fields.answeredAt, existing.answeredAt) ||
    !same(fields.endedAt, existing.endedAt) ||
    fields.talkSeconds !== existing.talkSeconds ||
    fields.abandoned !== existing.abandoned;
  if (!changed) return { contact: (await readContact(existing.id))!, created: false, changed: false };

  const hours = await hoursContext(existing.incidentId, mainPhoneHotline(await hotlinesOf(existing.incidentId)));
  const withinHours = withinHoursFor(hours, fields.startedAt);
  const contact = await prisma.$transaction((tx) =>
    saveNewVersion(tx, {
      contactId: existing.id,
      expectedVersion: existing.version,
      editedById: null,
      reason: "@pbx",
      data: {
        startedAt: fields.startedAt,
        answeredAt: fields.answeredAt,
        endedAt: fields.endedAt,
        talkSeconds: fields.talkSeconds,
        abandoned: fields.abandoned,
        dueAt: fields.abandoned && fields.endedAt ? dueAtFor(hours, fields.endedAt) : null,
        withinHours,
      },
    }),
  );
  return { contact, created: false, changed: true };
}

// ---------------------------------------------------------------------------------------------
// JSON API shape
// ---------------------------------------------------------------------------------------------

/** A contact as the JSON API returns it (docs/api.md). */
export function toApiContact(c: ContactView) {
  return {
    id: c.id,
    ref: c.ref,
    incident: c.incident.slug,
    channel: c.channel,
    source: c.source,
    status: c.status,
    startedAt: c.startedAt,
    endedAt: c.endedAt,
    talkSeconds: c.talkSeconds,
    holdSeconds: c.holdSeconds,
    acwSeconds: c.acwSeconds,
    handleSeconds: c.handleSeconds,
    agent: c.agent,
    identityVerified: c.identityVerified,
    affectedRecordId: c.affectedRecordId,
    callerName: c.callerName,
    callerContact: c.callerContact,
    reference: c.reference,
    categories: c.categories,
    outcome: c.outcome,
    escalatedTo: c.escalatedTo,
    notes: c.notes,
    subject: c.subject,
    message: c.message,
    withinBusinessHours: c.withinHours,
    flaggedAfterHours: c.flaggedAfterHours,
    dueAt: c.dueAt,
    answeredAt: c.answeredAt,
    abandoned: c.abandoned,
    callId: c.callId,
    replyToId: c.replyToId,
    attachments: c.attachments,
    closedAt: c.closedAt,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** The active staff account with this email (for contacts logged through the API on an agent's behalf). */
export async function findActiveStaffIdByEmail(email: string): Promise<string | null> {
  const user = await prisma.user.findUnique({
    where: { email: normaliseStaffEmail(email) },
    select: { id: true, disabled: true },
  });
  return user && !user.disabled ? user.id : null;
}

/**
 * What the public confirmation page may show about an inquiry just sent: its reference, due
 * time and incident, nothing the customer typed. Only for web inquiries less than a day old, so
 * an old confirmation link shows nothing.
 */
export async function findInquiryConfirmation({ id, now = new Date() }: { id: string; now?: Date }) {
  const row = await prisma.contact.findUnique({
    where: { id },
    select: {
      id: true,
      source: true,
      dueAt: true,
      createdAt: true,
      incident: { select: { slug: true, titleJa: true, titleEn: true } },
    },
  });
  if (!row || row.source !== "web" || now.getTime() - row.createdAt.getTime() > 24 * 3600 * 1000) return null;
  return { ref: shortContactRef(row.id), dueAt: iso(row.dueAt), incident: row.incident };
}
