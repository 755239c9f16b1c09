/**
 * The rules of the contact log: the value lists (channels, categories, outcomes, escalation
 * targets), the zod schemas every way in (agent form, JSON API, PBX events, public inquiry form)
 * is checked with, handle-time arithmetic and the due time of an inquiry.
 * Pure domain code: no I/O, no Remix, no Prisma.
 */
import { z } from "zod";
import { addBusinessMinutes, isOpenAt, openingAtOrAfter } from "./business-hours";
import type { HoursConfig } from "./business-hours";

// ---------------------------------------------------------------------------------------------
// Value lists
// ---------------------------------------------------------------------------------------------

export const CONTACT_CHANNELS = ["phone_in", "phone_out", "email_in", "email_out", "web", "letter"] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_CATEGORIES = [
  "affected_check",
  "reissue_fee",
  "what_stolen",
  "late_notice",
  "fraud_charge",
  "complaint",
  "press",
  "police",
  "other",
] as const;
export type ContactCategory = (typeof CONTACT_CATEGORIES)[number];

export const CONTACT_OUTCOMES = ["resolved_first_contact", "callback_needed", "escalated"] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const ESCALATION_TARGETS = ["fraud", "press", "police", "supervisor", "angry_caller"] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

export const CONTACT_STATUSES = ["open", "in_progress", "closed"] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** Who created the contact: an agent on the form, the public web form, inbound email, the JSON API, the PBX. */
export const CONTACT_SOURCES = ["agent", "web", "email", "api", "pbx"] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

export const PHONE_CHANNELS: readonly ContactChannel[] = ["phone_in", "phone_out"];

export function isPhoneChannel(channel: string): boolean {
  return channel === "phone_in" || channel === "phone_out";
}

/** Inbound contacts that wait in the queue for an answer (plus calls the PBX logged). */
export const QUEUE_CHANNELS: readonly ContactChannel[] = ["web", "email_in"];

// ---------------------------------------------------------------------------------------------
// Small parsers shared by the form and the API
// ---------------------------------------------------------------------------------------------

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const LOCAL_DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `<input type="datetime-local">` value ("2026-07-17T22:00", seconds optional) read as Japan
 * time, whatever the server's time zone; null when it is not a real date and time.
 */
export function parseTokyoLocalDateTime(value: string): Date | null {
  const m = LOCAL_DATETIME_RE.exec(value.normalize("NFKC").trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (h > 23 || mi > 59 || s > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return new Date(utc - JST_OFFSET_MS);
}

/** The instant as a datetime-local value in Japan time ("2026-07-17T22:00"). */
export function formatTokyoLocalDateTime(instant: Date): string {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(0, 16);
}

const DURATION_RE = /^(?:(\d{1,3}):([0-5]?\d)|(\d{1,3}))$/;

/**
 * An agent's "minutes:seconds" ("3:05", "０：４５", "12") as whole seconds; a bare number is
 * minutes. Empty gives null (not recorded); anything else gives NaN, which the schemas refuse.
 */
export function parseMinutesSeconds(value: string): number | null {
  const text = value.normalize("NFKC").replace(/\s/g, "");
  if (text === "") return null;
  const m = DURATION_RE.exec(text);
  if (!m) return Number.NaN;
  if (m[3] !== undefined) return Number(m[3]) * 60;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Seconds as "m:ss" for the form and the screens ("3:05"); empty for null. */
export function formatMinutesSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "";
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Handle time (AHT = talk + hold + after-call work)
// ---------------------------------------------------------------------------------------------

export type HandleTimes = { talkSeconds?: number | null; holdSeconds?: number | null; acwSeconds?: number | null };

/** Handle time of one contact: talk + hold + after-call work; null when none of them was recorded. */
export function handleTimeSeconds({ talkSeconds, holdSeconds, acwSeconds }: HandleTimes): number | null {
  const parts = [talkSeconds, holdSeconds, acwSeconds].filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (parts.length === 0) return null;
  return parts.reduce((sum, v) => sum + v, 0);
}

/**
 * Average handle time over the contacts that have one (contacts with no time recorded, such as
 * abandoned calls, are left out rather than counted as zero); null when there are none.
 */
export function averageHandleTimeSeconds(contacts: readonly HandleTimes[]): number | null {
  const times = contacts.map(handleTimeSeconds).filter((v): v is number => v !== null);
  if (times.length === 0) return null;
  return times.reduce((sum, v) => sum + v, 0) / times.length;
}

// ---------------------------------------------------------------------------------------------
// Business hours: within hours, after-hours flag, due time
// ---------------------------------------------------------------------------------------------

/** Whether the contact started within the hotline's hours. */
export function isWithinHours({ startedAt, config }: { startedAt: Date; config: HoursConfig }): boolean {
  return isOpenAt({ instant: startedAt, config });
}

/**
 * Contacts that staff handled outside hours are flagged for supervisors (overtime, an agent
 * working alone). Customers' own web forms, emails and PBX events are not: arriving after hours
 * is normal for them and is what the due time is for.
 */
export function shouldFlagAfterHours({ source, withinHours }: { source: ContactSource; withinHours: boolean }): boolean {
  return !withinHours && (source === "agent" || source === "api");
}

/**
 * When an inquiry received at `receivedAt` must be answered: from the next opening (or at once
 * when the desk is open), `responseTargetMinutes` of business time later; pauses outside hours.
 *   due = addBusinessMinutes(openingAtOrAfter(receivedAt), responseTargetMinutes)
 * Null only when the hotline has no opening within 400 days (no hours configured).
 */
export function computeDueAt({
  receivedAt,
  responseTargetMinutes,
  config,
}: {
  receivedAt: Date;
  responseTargetMinutes: number;
  config: HoursConfig;
}): Date | null {
  const from = openingAtOrAfter({ instant: receivedAt, config });
  if (!from) return null;
  return addBusinessMinutes({ instant: from, minutes: responseTargetMinutes, config });
}

/** Overdue: still waiting for an answer after its due time. */
export function isOverdue({ dueAt, status, now }: { dueAt: Date | null; status: string; now: Date }): boolean {
  return dueAt !== null && status !== "closed" && dueAt.getTime() < now.getTime();
}

/** The short reference a customer quotes ("K3J9X2QF"): the last 8 characters of the contact id, upper-case. */
export function shortContactRef(id: string): string {
  return id.slice(-8).toUpperCase();
}

/** A short reference as typed by a customer or agent, normalised for matching; null when it cannot be one. */
export function parseShortContactRef(value: string): string | null {
  const text = value
    .normalize("NFKC")
    .replace(/[\s\-‐－]/g, "")
    .toLowerCase();
  return /^[a-z0-9]{8}$/.test(text) ? text : null;
}

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

/** Limits on free text, in characters (the database has none; these keep rows and screens sane). */
export const TEXT_LIMITS = {
  name: 200,
  contact: 254,
  reference: 100,
  notes: 10_000,
  message: 20_000,
  subject: 300,
  reason: 1_000,
} as const;

/** Error codes the schemas use as messages; routes translate them (contacts:errors.<code>). */
export const CONTACT_ERROR_CODES = [
  "required",
  "invalid",
  "tooLong",
  "endBeforeStart",
  "escalationNeedsTarget",
  "targetWithoutEscalation",
  "phoneTimesOnPhoneOnly",
  "recordNeedsVerification",
  "duration",
  "incident",
] as const;
export type ContactErrorCode = (typeof CONTACT_ERROR_CODES)[number];

const optionalText = (max: number) =>
  z
    .string({ error: "invalid" })
    .max(max, { error: "tooLong" })
    .transform((v) => v.trim())
    .transform((v) => (v === "" ? null : v))
    .nullish()
    .transform((v) => v ?? null);

const seconds = z
  .number({ error: "duration" })
  .int({ error: "duration" })
  .min(0, { error: "duration" })
  .max(24 * 3600, { error: "duration" })
  .nullish()
  .transform((v) => v ?? null);

const categoriesSchema = z
  .array(z.enum(CONTACT_CATEGORIES, { error: "invalid" }))
  .max(CONTACT_CATEGORIES.length)
  .default([])
  .transform((list) => CONTACT_CATEGORIES.filter((c) => list.includes(c)));

/** The fields of a logged contact after validation: what the model stores (before redaction). */
const contactFields = {
  incident: z.string({ error: "incident" }).trim().min(1, { error: "incident" }).max(100, { error: "incident" }),
  channel: z.enum(CONTACT_CHANNELS, { error: "required" }),
  startedAt: z.date({ error: "invalid" }),
  endedAt: z
    .date({ error: "invalid" })
    .nullish()
    .transform((v) => v ?? null),
  talkSeconds: seconds,
  holdSeconds: seconds,
  acwSeconds: seconds,
  callerName: optionalText(TEXT_LIMITS.name),
  callerContact: optionalText(TEXT_LIMITS.contact),
  reference: optionalText(TEXT_LIMITS.reference),
  identityVerified: z.boolean().default(false),
  affectedRecordId: optionalText(100),
  categories: categoriesSchema,
  outcome: z
    .enum(CONTACT_OUTCOMES, { error: "invalid" })
    .nullish()
    .transform((v) => v ?? null),
  escalatedTo: z
    .enum(ESCALATION_TARGETS, { error: "invalid" })
    .nullish()
    .transform((v) => v ?? null),
  notes: optionalText(TEXT_LIMITS.notes),
  subject: optionalText(TEXT_LIMITS.subject),
  message: optionalText(TEXT_LIMITS.message),
};

type ContactShape = {
  channel: ContactChannel;
  startedAt: Date;
  endedAt: Date | null;
  talkSeconds: number | null;
  holdSeconds: number | null;
  acwSeconds: number | null;
  identityVerified: boolean;
  affectedRecordId: string | null;
  outcome: ContactOutcome | null;
  escalatedTo: EscalationTarget | null;
};

/** Rules across fields, shared by creation and correction. */
function checkContact(value: ContactShape, ctx: z.RefinementCtx): void {
  // zod runs refinements even when a field already failed: guard against half-parsed values.
  if (value.endedAt instanceof Date && value.startedAt instanceof Date && value.endedAt.getTime() < value.startedAt.getTime()) {
    ctx.addIssue({ code: "custom", path: ["endedAt"], message: "endBeforeStart" });
  }
  if (value.outcome === "escalated" && !value.escalatedTo) {
    ctx.addIssue({ code: "custom", path: ["escalatedTo"], message: "escalationNeedsTarget" });
  }
  if (value.escalatedTo && value.outcome !== "escalated") {
    ctx.addIssue({ code: "custom", path: ["escalatedTo"], message: "targetWithoutEscalation" });
  }
  if (!isPhoneChannel(value.channel)) {
    for (const field of ["talkSeconds", "holdSeconds", "acwSeconds"] as const) {
      if (value[field] !== null) ctx.addIssue({ code: "custom", path: [field], message: "phoneTimesOnPhoneOnly" });
    }
  }
  // Linking a caller to the affected list is a disclosure: only after their identity was verified.
  if (value.affectedRecordId && !value.identityVerified) {
    ctx.addIssue({ code: "custom", path: ["affectedRecordId"], message: "recordNeedsVerification" });
  }
}

const isoDateTime = z.iso.datetime({ offset: true, error: "invalid" }).transform((v) => new Date(v));

/**
 * A contact logged through the JSON API (`POST /api/v1/contacts`): times are ISO-8601 with an
 * offset; unknown fields are refused so a typo ("note") is not silently dropped.
 */
export const ContactCreateSchema = z
  .strictObject({
    ...contactFields,
    startedAt: isoDateTime,
    endedAt: isoDateTime.nullish().transform((v) => v ?? null),
    agentEmail: z
      .email({ error: "invalid" })
      .max(254)
      .nullish()
      .transform((v) => v ?? null),
    /** "closed" (default) for a finished contact; "open" puts it in the inquiry queue. */
    status: z.enum(["open", "closed"], { error: "invalid" }).default("closed"),
  })
  .superRefine(checkContact);
export type ContactCreate = z.output<typeof ContactCreateSchema>;

/** The same contact as model input (Dates already parsed): what the form and the API both produce. */
export const ContactInputSchema = z.object({ ...contactFields }).superRefine(checkContact);
export type ContactInput = z.output<typeof ContactInputSchema>;

const formText = (max: number) =>
  z
    .string()
    .max(max, { error: "tooLong" })
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? null : v.trim()));
// Checked with refine (not transformed here) so one bad field does not hide the others' errors;
// the object's transform converts them once everything is valid.
const formDateTime = z
  .string()
  .optional()
  .refine((v) => !v || v.trim() === "" || parseTokyoLocalDateTime(v) !== null, { message: "invalid" });
const formDuration = z
  .string()
  .optional()
  .refine(
    (v) => {
      const parsed = parseMinutesSeconds(v ?? "");
      return parsed === null || (Number.isFinite(parsed) && parsed <= 24 * 3600);
    },
    { message: "duration" },
  );
const toDate = (v: string | undefined) => (!v || v.trim() === "" ? null : parseTokyoLocalDateTime(v));
const toSeconds = (v: string | undefined) => parseMinutesSeconds(v ?? "");

/**
 * The agent's form (`/staff/contacts/new`, also embedded on the desk): strings in, the same shape
 * as ContactInputSchema out. datetime-local values are Japan time; an empty start means now and
 * an empty end means "when saved" (`now`).
 */
export function contactFormSchema(now: Date) {
  return (
    z
      .object({
        incident: contactFields.incident,
        channel: z.enum(CONTACT_CHANNELS, { error: "required" }),
        startedAt: formDateTime,
        endedAt: formDateTime,
        talk: formDuration,
        hold: formDuration,
        acw: formDuration,
        callerName: formText(TEXT_LIMITS.name),
        callerContact: formText(TEXT_LIMITS.contact),
        reference: formText(TEXT_LIMITS.reference),
        identityVerified: z.enum(["", "0", "1", "on", "true"]).optional(),
        affectedRecordId: formText(100),
        categories: z.array(z.enum(CONTACT_CATEGORIES, { error: "invalid" })).default([]),
        outcome: z.union([z.literal(""), z.enum(CONTACT_OUTCOMES, { error: "invalid" })]).optional(),
        escalatedTo: z.union([z.literal(""), z.enum(ESCALATION_TARGETS, { error: "invalid" })]).optional(),
        notes: formText(TEXT_LIMITS.notes),
      })
      // The escalation pair is checked here as well, so its message shows together with any
      // field error (the cross-field check after the transform runs only when all fields parse).
      .superRefine((f, ctx) => {
        if (f.outcome === "escalated" && !f.escalatedTo)
          ctx.addIssue({ code: "custom", path: ["escalatedTo"], message: "escalationNeedsTarget" });
        if (f.escalatedTo && f.outcome !== "escalated")
          ctx.addIssue({ code: "custom", path: ["escalatedTo"], message: "targetWithoutEscalation" });
      })
      .transform((raw) => {
        const f = {
          ...raw,
          startedAt: toDate(raw.startedAt),
          endedAt: toDate(raw.endedAt),
          talk: toSeconds(raw.talk),
          hold: toSeconds(raw.hold),
          acw: toSeconds(raw.acw),
        };
        const startedAt = f.startedAt ?? now;
        return {
          incident: f.incident,
          channel: f.channel,
          startedAt,
          endedAt: f.endedAt ?? (now.getTime() >= startedAt.getTime() ? now : null),
          // The form hides the phone times for other channels; values left in them are not data.
          talkSeconds: isPhoneChannel(f.channel) ? f.talk : null,
          holdSeconds: isPhoneChannel(f.channel) ? f.hold : null,
          acwSeconds: isPhoneChannel(f.channel) ? f.acw : null,
          callerName: f.callerName,
          callerContact: f.callerContact,
          reference: f.reference,
          identityVerified: f.identityVerified !== undefined && f.identityVerified !== "" && f.identityVerified !== "0",
          affectedRecordId: f.affectedRecordId,
          categories: CONTACT_CATEGORIES.filter((c) => f.categories.includes(c)),
          outcome: f.outcome || null,
          escalatedTo: f.escalatedTo || null,
          notes: f.notes,
          subject: null,
          message: null,
        } satisfies ContactInput;
      })
      .superRefine(checkContact)
  );
}

/**
 * The extra fields of a correction (`/staff/contacts/ID`): the version the agent was looking at
 * (a correction made on a stale screen is refused, not merged) and the required reason.
 * The corrected values themselves go through contactFormSchema.
 */
export const ContactCorrectionMetaSchema = z.object({
  expectedVersion: z.coerce.number({ error: "invalid" }).int({ error: "invalid" }).min(1, { error: "invalid" }),
  reason: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(TEXT_LIMITS.reason, { error: "tooLong" }),
});

/** Collects a form's values into the object the form schemas read (checkbox lists as arrays). */
export function formToObject(form: FormData, arrays: readonly string[] = ["categories"]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    if (arrays.includes(key)) out[key] = [...((out[key] as string[] | undefined) ?? []), value];
    else out[key] = value;
  }
  return out;
}

/** zod issues as {field: errorCode}, first issue per field, for the forms. */
export function fieldErrors(error: z.ZodError): Record<string, ContactErrorCode> {
  const out: Record<string, ContactErrorCode> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "_form");
    const code = (CONTACT_ERROR_CODES as readonly string[]).includes(issue.message)
      ? (issue.message as ContactErrorCode)
      : "invalid";
    out[field] ??= code;
  }
  return out;
}

/** A PBX call event (`POST /api/v1/calls`). */
export const CallEventSchema = z.strictObject({
  callId: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(200, { error: "tooLong" }),
  direction: z.enum(["in", "out"], { error: "invalid" }),
  from: z.string({ error: "required" }).trim().max(64, { error: "tooLong" }),
  to: z.string({ error: "required" }).trim().max(64, { error: "tooLong" }),
  state: z.enum(["ringing", "answered", "hangup"], { error: "invalid" }),
  timestamp: isoDateTime,
  incident: z.string().trim().min(1).max(100).optional(),
});
export type CallEvent = z.output<typeof CallEventSchema>;

/** What the PBX has told us about one call so far; the contact's fields are derived from it. */
export type CallTimeline = { ringingAt: Date | null; answeredAt: Date | null; endedAt: Date | null };

/**
 * Folds one event into a call's timeline. Order-independent and idempotent: each state keeps
 * its earliest timestamp, so a repeated or late event changes nothing it should not.
 */
export function applyCallEvent(timeline: CallTimeline, event: { state: CallEvent["state"]; timestamp: Date }): CallTimeline {
  const earliest = (a: Date | null, b: Date) => (a && a.getTime() <= b.getTime() ? a : b);
  switch (event.state) {
    case "ringing":
      return { ...timeline, ringingAt: earliest(timeline.ringingAt, event.timestamp) };
    case "answered":
      return { ...timeline, answeredAt: earliest(timeline.answeredAt, event.timestamp) };
    case "hangup":
      return { ...timeline, endedAt: earliest(timeline.endedAt, event.timestamp) };
  }
}

/** The contact fields a call timeline gives: start, talk time, abandoned (rang and hung up unanswered). */
export function callContactFields(timeline: CallTimeline): {
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  talkSeconds: number | null;
  abandoned: boolean;
} {
  const candidates = [timeline.ringingAt, timeline.answeredAt, timeline.endedAt].filter((d): d is Date => d !== null);
  const startedAt = new Date(Math.min(...candidates.map((d) => d.getTime())));
  const answeredAt = timeline.answeredAt;
  const endedAt = timeline.endedAt;
  const talkSeconds = answeredAt && endedAt ? Math.max(0, Math.round((endedAt.getTime() - answeredAt.getTime()) / 1000)) : null;
  return { startedAt, answeredAt, endedAt, talkSeconds, abandoned: endedAt !== null && answeredAt === null };
}

/** The public inquiry form (`/inquiry`). */
export const InquiryFormSchema = z.object({
  incident: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(100, { error: "invalid" }),
  name: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(TEXT_LIMITS.name, { error: "tooLong" }),
  reach: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(TEXT_LIMITS.contact, { error: "tooLong" }),
  message: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(4_000, { error: "tooLong" }),
  reference: z.string().trim().max(TEXT_LIMITS.reference, { error: "tooLong" }).optional().default(""),
});
export type InquiryForm = z.output<typeof InquiryFormSchema>;
