/**
 * How long each kind of data is kept, and when something has expired. Pure: no I/O.
 * Admins edit the periods at /staff/admin/retention (stored as one Setting row, "retention");
 * `npm run cli -- purge` applies them (app/models/retention.server.ts). Defaults and reasons are
 * in docs/operations.md ("Retention").
 *
 * | kind            | what happens when it expires                                        | default |
 * |-----------------|---------------------------------------------------------------------|---------|
 * | contactText     | a contact's free text and caller details are blanked (incl. its      | 3 years |
 * |                 | version history); the contact stays for the statistics               |         |
 * | lookups         | Lookup rows (HMACs of what was asked, outcome) are deleted           | 1 year  |
 * | waiverContacts  | name, e-mail and phone of a decided (confirmed/rejected) waiver      | 3 years |
 * |                 | request are blanked, counted from the decision                       |         |
 * | affectedRecords | the affected list of a CLOSED incident is anonymised (raw values AND | 180 days|
 * |                 | their HMAC keys), counted from the day the desk closed               |         |
 * | auditLog        | audit entries are deleted: only when `auditLogPurge` is switched on  | 5 years |
 */
import { z } from "zod";

export const RETENTION_KINDS = ["contactText", "lookups", "waiverContacts", "affectedRecords", "auditLog"] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export type RetentionSettings = Record<RetentionKind, number> & {
  /** Off by default: the audit log is append-only unless an admin decides otherwise. */
  auditLogPurge: boolean;
};

export const RETENTION_DEFAULTS: RetentionSettings = {
  contactText: 3 * 365,
  lookups: 365,
  waiverContacts: 3 * 365,
  affectedRecords: 180,
  auditLog: 5 * 365,
  auditLogPurge: false,
};

/** No period may be shorter than this: a typo must not purge last week's work. */
export const RETENTION_MIN_DAYS = 30;
export const RETENTION_MAX_DAYS = 100 * 365;
/** The audit log is evidence for regulators: never kept less than a year. */
export const AUDIT_LOG_MIN_DAYS = 365;

const days = (min: number) =>
  z.coerce
    .number({ error: "number" })
    .int({ error: "number" })
    .min(min, { error: "min" })
    .max(RETENTION_MAX_DAYS, { error: "max" });

/** The admin form (strict: 400 with a message per field). */
export const RetentionFormSchema = z.object({
  contactText: days(RETENTION_MIN_DAYS),
  lookups: days(RETENTION_MIN_DAYS),
  waiverContacts: days(RETENTION_MIN_DAYS),
  affectedRecords: days(RETENTION_MIN_DAYS),
  auditLog: days(AUDIT_LOG_MIN_DAYS),
  auditLogPurge: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
});

/** The stored Setting value, read leniently: anything missing or broken falls back to its default. */
export function parseRetentionSetting(json: string | null | undefined): RetentionSettings {
  let raw: Record<string, unknown> = {};
  try {
    const value: unknown = json ? JSON.parse(json) : {};
    if (value && typeof value === "object") raw = value as Record<string, unknown>;
  } catch {
    raw = {};
  }
  const out = { ...RETENTION_DEFAULTS };
  for (const kind of RETENTION_KINDS) {
    const min = kind === "auditLog" ? AUDIT_LOG_MIN_DAYS : RETENTION_MIN_DAYS;
    const parsed = days(min).safeParse(raw[kind]);
    if (parsed.success) out[kind] = parsed.data;
  }
  out.auditLogPurge = raw.auditLogPurge === true;
  return out;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant before which data of a kind has expired. */
export function retentionCutoff(days: number, now: Date): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * Whether an incident's affected list is due for anonymisation: the desk closed on `closedOn`
 * (JST day) and `days` have passed since (on the Japanese calendar). Open incidents never.
 */
export function affectedListExpired({
  closedOn,
  days,
  today,
}: {
  closedOn: string | null;
  days: number;
  today: string;
}): boolean {
  if (!closedOn) return false;
  const [y, m, d] = closedOn.split("-").map(Number) as [number, number, number];
  const due = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
  return today >= due;
}

/** Which settings changed (names and both values: periods are not personal data). */
export function retentionChanges(
  before: RetentionSettings,
  after: RetentionSettings,
): Record<string, { from: number | boolean; to: number | boolean }> {
  const out: Record<string, { from: number | boolean; to: number | boolean }> = {};
  for (const key of [...RETENTION_KINDS, "auditLogPurge"] as const) {
    if (before[key] !== after[key]) out[key] = { from: before[key], to: after[key] };
  }
  return out;
}

/** The contact fields that hold personal free text or caller details, blanked when contactText expires. */
export const CONTACT_PERSONAL_FIELDS = [
  "callerName",
  "callerContact",
  "reference",
  "subject",
  "notes",
  "message",
  "attachments",
] as const;

/**
 * A contact version's JSON snapshot with the personal fields blanked (attachments: an empty
 * list, the rest null); everything else (channel, times, categories, outcome) stays. Broken JSON
 * becomes "{}": nothing personal can survive in a snapshot nobody can read.
 */
export function blankContactSnapshot(json: string): string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return "{}";
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return "{}";
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of CONTACT_PERSONAL_FIELDS) if (field in out) out[field] = field === "attachments" ? [] : null;
  return JSON.stringify(out);
}

/** Version reasons the system writes ("@created", "@take", ...) are kept; a person's typed reason is free text. */
export function keepVersionReason(reason: string | null): string | null {
  return reason !== null && reason.startsWith("@") ? reason : null;
}
