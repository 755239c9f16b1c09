/**
 * The rules for what supervisors may type when they set up an incident: the incident itself,
 * its hotlines (with a weekday × time-range grid for the hours), its sites and their exposure
 * windows. Pure: takes the submitted form as plain strings, returns clean values or the fields
 * that are wrong with a message key (translated by the route, namespace "incidents", errors.*).
 */
import { z } from "zod";
import { WeeklyHoursSchema, parseWeeklyHours } from "./business-hours";
import type { Weekday, WeeklyHours } from "./business-hours";
import { findCardNumbers } from "./card-data";
import { normaliseEmail, normalisePhone } from "./normalise";

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/** Time ranges offered per weekday in the grid (a morning and an afternoon period, say). */
export const HOURS_SLOTS_PER_DAY = 2;
/** Values of Site.stolenItems. */
export const STOLEN_ITEMS = ["name", "email", "phone", "card_number", "expiry", "security_code", "address"] as const;
export type StolenItem = (typeof STOLEN_ITEMS)[number];
export const HOTLINE_KINDS = ["phone", "email"] as const;
export type HotlineKind = (typeof HOTLINE_KINDS)[number];
/** Empty report rows offered under the filled ones (clear a row's fields to remove it). */
export const BLANK_REPORT_ROWS = 2;
export const DEFAULT_RESPONSE_TARGET_MINUTES = 480;

/** Lower-case letters and digits in groups joined by single hyphens: "cou-2017", "lcc-tour". */
export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX = 60;
/** Incident slugs that would clash with a URL (/staff/incidents/new). */
export const RESERVED_INCIDENT_SLUGS: ReadonlySet<string> = new Set(["new"]);

/** Message keys; each is a key under errors.* in app/locales/{ja,en}/incidents.ts. */
export type IncidentErrorKey =
  | "required"
  | "tooLong"
  | "invalid"
  | "slugFormat"
  | "slugReserved"
  | "slugTaken"
  | "siteSlugTaken"
  | "date"
  | "discoveredAfterNotice"
  | "maxAffected"
  | "reportIncomplete"
  | "kind"
  | "phone"
  | "email"
  | "hotlineDuplicate"
  | "responseTarget"
  | "url"
  | "stolenItemsRequired"
  | "windowOrder"
  | "windowDuplicate"
  | "windowOverlap"
  | "lastWindow"
  | "lastSite"
  | "siteHasRecords"
  | "hoursFormat"
  | "hoursTime"
  | "hoursOrder"
  | "hoursOverlap"
  | "notFound"
  | "cardNumber";

const ERROR_KEYS: ReadonlySet<string> = new Set<IncidentErrorKey>([
  "required",
  "tooLong",
  "invalid",
  "slugFormat",
  "slugReserved",
  "slugTaken",
  "siteSlugTaken",
  "date",
  "discoveredAfterNotice",
  "maxAffected",
  "reportIncomplete",
  "kind",
  "phone",
  "email",
  "hotlineDuplicate",
  "responseTarget",
  "url",
  "stolenItemsRequired",
  "windowOrder",
  "windowDuplicate",
  "windowOverlap",
  "lastWindow",
  "lastSite",
  "siteHasRecords",
  "hoursFormat",
  "hoursTime",
  "hoursOrder",
  "hoursOverlap",
  "notFound",
  "cardNumber",
]);

/** A submitted form as plain values: one string per field, a list for repeated fields (checkboxes). */
export type FormValues = Record<string, string | string[]>;
/** Field name → message key. "form" is for problems that belong to no single field. */
export type FieldErrors = Record<string, IncidentErrorKey>;
export type ParseResult<T> = { success: true; data: T } | { success: false; errors: FieldErrors };

function str(values: FormValues, name: string): string {
  const v = values[name];
  return typeof v === "string" ? v : Array.isArray(v) ? (v[0] ?? "") : "";
}

function list(values: FormValues, name: string): string[] {
  const v = values[name];
  return typeof v === "string" ? [v] : Array.isArray(v) ? v : [];
}

/** Checkboxes send their value when ticked and nothing when not. */
function checked(values: FormValues, name: string): boolean {
  const v = str(values, name);
  return v === "on" || v === "true" || v === "1";
}

/** First issue per field, as field name → message key. */
function toFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "form";
    if (errors[field]) continue;
    errors[field] = (ERROR_KEYS.has(issue.message) ? issue.message : "invalid") as IncidentErrorKey;
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Field rules
// ---------------------------------------------------------------------------------------------

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written 'YYYY-MM-DD' (2026-02-30 and 2026-13-01 are not). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < 1900 || year > 2100) return false;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === value;
}

/** A slug as the rules want it: lower-case letters, digits and single inner hyphens, at most 60 characters. */
export function isValidSlug(value: string): boolean {
  return value.length <= SLUG_MAX && SLUG_RE.test(value);
}

/**
 * Incident texts are published (the notice, the FAQ) and kept for years: a card number typed or
 * pasted into one is refused rather than silently redacted. Security codes are not checked: a
 * summary naming "セキュリティコード" next to a figure ("最大335件") is normal.
 */
const noCardNumber = (s: string) => findCardNumbers(s).length === 0;
const requiredText = (max: number) =>
  z.string().trim().min(1, { error: "required" }).max(max, { error: "tooLong" }).refine(noCardNumber, { error: "cardNumber" });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: "tooLong" })
    .refine(noCardNumber, { error: "cardNumber" })
    .transform((s) => (s === "" ? null : s));
const CalendarDate = z.string().trim().min(1, { error: "required" }).refine(isCalendarDate, { error: "date" });
const OptionalCalendarDate = z
  .string()
  .trim()
  .refine((s) => s === "" || isCalendarDate(s), { error: "date" })
  .transform((s) => (s === "" ? null : s));

const SlugSchema = z
  .string()
  .trim()
  .min(1, { error: "required" })
  .max(SLUG_MAX, { error: "tooLong" })
  .regex(SLUG_RE, { error: "slugFormat" });

export const IncidentSlugSchema = SlugSchema.refine((s) => !RESERVED_INCIDENT_SLUGS.has(s), { error: "slugReserved" });

/** A whole number typed with full-width digits or thousands separators ("２４,３０８") is read as such. */
function digitsOnly(value: string): string {
  return value.normalize("NFKC").replace(/[,\s]/g, "");
}

// ---------------------------------------------------------------------------------------------
// Incident
// ---------------------------------------------------------------------------------------------

/** One authority the company reported to (Incident.reportedTo holds a JSON list of these). */
export type ReportEntry = {
  authority: string;
  authorityEn: string | null;
  date: string;
  noteJa: string | null;
  noteEn: string | null;
};
export const REPORT_FIELDS = ["authority", "authorityEn", "date", "noteJa", "noteEn"] as const;

const ReportEntrySchema = z.object({
  authority: z
    .string()
    .trim()
    .min(1, { error: "reportIncomplete" })
    .max(200, { error: "tooLong" })
    .refine(noCardNumber, { error: "cardNumber" }),
  authorityEn: optionalText(200),
  date: z.string().trim().min(1, { error: "reportIncomplete" }).refine(isCalendarDate, { error: "date" }),
  noteJa: optionalText(500),
  noteEn: optionalText(500),
});

const IncidentFieldsSchema = z
  .object({
    companyJa: requiredText(200),
    companyEn: requiredText(200),
    titleJa: requiredText(300),
    titleEn: requiredText(300),
    summaryJa: requiredText(20_000),
    summaryEn: requiredText(20_000),
    noticeDate: CalendarDate,
    discoveredOn: OptionalCalendarDate,
    maxAffected: z
      .string()
      .transform(digitsOnly)
      .refine((s) => s === "" || /^\d{1,9}$/.test(s), { error: "maxAffected" })
      .transform((s) => (s === "" ? null : Number(s))),
    reportedTo: z.array(ReportEntrySchema).max(50, { error: "tooLong" }),
    active: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.discoveredOn && isCalendarDate(v.noticeDate) && v.discoveredOn > v.noticeDate) {
      ctx.addIssue({ code: "custom", path: ["discoveredOn"], message: "discoveredAfterNotice" });
    }
  });

export type IncidentFields = z.infer<typeof IncidentFieldsSchema>;

/** Report rows in the form: reportedTo.<i>.<field>; rows with every field empty are dropped. */
export function reportRowIndexes(values: FormValues): number[] {
  const indexes = new Set<number>();
  for (const key of Object.keys(values)) {
    const m = /^reportedTo\.(\d{1,2})\./.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

/** The editable fields of an incident (everything but the slug). */
export function parseIncidentFields(values: FormValues): ParseResult<IncidentFields> {
  // Keep each row's original index, so an error names the row the user typed in.
  const rows = reportRowIndexes(values)
    .map((i) => ({ i, row: Object.fromEntries(REPORT_FIELDS.map((f) => [f, str(values, `reportedTo.${i}.${f}`)])) }))
    .filter(({ row }) => Object.values(row).some((v) => v.trim() !== ""));
  const result = IncidentFieldsSchema.safeParse({
    companyJa: str(values, "companyJa"),
    companyEn: str(values, "companyEn"),
    titleJa: str(values, "titleJa"),
    titleEn: str(values, "titleEn"),
    summaryJa: str(values, "summaryJa"),
    summaryEn: str(values, "summaryEn"),
    noticeDate: str(values, "noticeDate"),
    discoveredOn: str(values, "discoveredOn"),
    maxAffected: str(values, "maxAffected"),
    reportedTo: rows.map((r) => r.row),
    active: checked(values, "active"),
  });
  if (result.success) return { success: true, data: result.data };
  const errors: FieldErrors = {};
  for (const [field, key] of Object.entries(toFieldErrors(result.error))) {
    const m = /^reportedTo\.(\d+)\.(.+)$/.exec(field);
    const row = m ? rows[Number(m[1])] : undefined;
    errors[m && row ? `reportedTo.${row.i}.${m[2]}` : field] = key;
  }
  return { success: false, errors };
}

/** A new incident: its slug plus the editable fields. */
export function parseIncidentCreate(values: FormValues): ParseResult<IncidentFields & { slug: string }> {
  const slug = IncidentSlugSchema.safeParse(str(values, "slug"));
  const fields = parseIncidentFields(values);
  if (slug.success && fields.success) return { success: true, data: { ...fields.data, slug: slug.data } };
  return {
    success: false,
    errors: {
      ...(slug.success ? {} : { slug: toFieldErrors(slug.error).form ?? "invalid" }),
      ...(fields.success ? {} : fields.errors),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Weekly hours grid
// ---------------------------------------------------------------------------------------------

/** Per weekday, the text of each time-range box ("10:00-18:00" or empty). */
export type HoursGrid = Record<Weekday, string[]>;

/** Form field of one box of the grid. */
export function hoursFieldName(day: Weekday, slot: number): string {
  return `hours.${day}.${slot}`;
}

/** The grid as the form shows it for stored hours (at least HOURS_SLOTS_PER_DAY boxes per day). */
export function weeklyHoursToGrid(weekly: WeeklyHours): HoursGrid {
  const grid = {} as HoursGrid;
  for (const day of WEEKDAYS) {
    const texts = (weekly[day] ?? []).map(([from, to]) => `${from}-${to}`);
    while (texts.length < HOURS_SLOTS_PER_DAY) texts.push("");
    grid[day] = texts;
  }
  return grid;
}

/** The grid from a submitted form (boxes hours.<day>.<slot>). */
export function gridFromValues(values: FormValues): HoursGrid {
  const grid = {} as HoursGrid;
  for (const day of WEEKDAYS) {
    const texts: string[] = [];
    for (let slot = 0; slot < 8; slot++) {
      const name = hoursFieldName(day, slot);
      if (!(name in values) && slot >= HOURS_SLOTS_PER_DAY) break;
      texts.push(str(values, name));
    }
    grid[day] = texts;
  }
  return grid;
}

// Any dash or tilde between the two times: 10:00-18:00, 10:00〜18:00, 10:00～18:00, 10:00 – 18:00.
const RANGE_RE = /^(\d{1,2})[:：]?(\d{2})\s*[-\u2010-\u2015\u2212\u301C\u30FC\uFF5E~]\s*(\d{1,2})[:：]?(\d{2})$/u;

function toTime(hours: string, minutes: string): string {
  return `${hours.padStart(2, "0")}:${minutes}`;
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** "9:00-17:00", "０９：００〜１７：００", "0900-1700" → ["09:00", "17:00"]; null if it is not a range. */
export function parseTimeRange(text: string): [string, string] | null {
  const m = RANGE_RE.exec(text.normalize("NFKC").trim());
  if (!m) return null;
  return [toTime(m[1]!, m[2]!), toTime(m[3]!, m[4]!)];
}

function isClockTime(time: string, isEnd: boolean): boolean {
  const h = Number(time.slice(0, 2));
  const m = Number(time.slice(3, 5));
  return (h < 24 && m < 60) || (isEnd && time === "24:00");
}

/**
 * The weekly hours a grid describes, checked the way the calendar needs them: each box empty or
 * "HH:MM-HH:MM" (end after start, no crossing midnight, "24:00" allowed as an end), the periods of
 * one day not overlapping. Errors are per day (field hours.<day>). The result round-trips through
 * parseWeeklyHours, the parser the calendar itself uses.
 */
export function parseHoursGrid(grid: HoursGrid): ParseResult<WeeklyHours> {
  const errors: FieldErrors = {};
  const weekly: Record<Weekday, Array<[string, string]>> = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  for (const day of WEEKDAYS) {
    const field = `hours.${day}`;
    for (const text of grid[day] ?? []) {
      if (text.trim() === "") continue;
      const range = parseTimeRange(text);
      if (!range) {
        errors[field] ??= "hoursFormat";
        continue;
      }
      const [from, to] = range;
      if (!isClockTime(from, false) || !isClockTime(to, true)) {
        errors[field] ??= "hoursTime";
        continue;
      }
      if (minutesOf(from) >= minutesOf(to)) {
        errors[field] ??= "hoursOrder";
        continue;
      }
      weekly[day].push(range);
    }
    if (errors[field]) continue;
    const sorted = [...weekly[day]].sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]));
    if (sorted.some((range, i) => i > 0 && minutesOf(range[0]) < minutesOf(sorted[i - 1]![1]))) errors[field] = "hoursOverlap";
    weekly[day] = sorted;
  }
  if (Object.keys(errors).length > 0) return { success: false, errors };
  // Belt and braces: the calendar's own schema and parser must accept what we store.
  if (!WeeklyHoursSchema.safeParse(weekly).success) return { success: false, errors: { hours: "invalid" } };
  return { success: true, data: parseWeeklyHours(JSON.stringify(weekly)) };
}

// ---------------------------------------------------------------------------------------------
// Hotline
// ---------------------------------------------------------------------------------------------

export type HotlineFields = {
  kind: HotlineKind;
  labelJa: string;
  labelEn: string;
  address: string;
  isMain: boolean;
  weeklyHours: WeeklyHours;
  yearEndClosure: boolean;
  responseTargetMinutes: number;
};

const HotlineBaseSchema = z.object({
  kind: z.enum(HOTLINE_KINDS, { error: "kind" }),
  labelJa: requiredText(100),
  labelEn: requiredText(100),
  address: requiredText(254),
  isMain: z.boolean(),
  yearEndClosure: z.boolean(),
  responseTargetMinutes: z
    .string()
    .transform(digitsOnly)
    .refine((s) => /^\d{1,6}$/.test(s) && Number(s) >= 1 && Number(s) <= 100_000, { error: "responseTarget" })
    .transform(Number),
});

/** A hotline: phone number as printed (full-width digits become ASCII) or an email address. */
export function parseHotline(values: FormValues): ParseResult<HotlineFields> {
  const base = HotlineBaseSchema.safeParse({
    kind: str(values, "kind"),
    labelJa: str(values, "labelJa"),
    labelEn: str(values, "labelEn"),
    address: str(values, "address"),
    isMain: checked(values, "isMain"),
    yearEndClosure: checked(values, "yearEndClosure"),
    responseTargetMinutes: str(values, "responseTargetMinutes") || String(DEFAULT_RESPONSE_TARGET_MINUTES),
  });
  const hours = parseHoursGrid(gridFromValues(values));
  const errors: FieldErrors = { ...(base.success ? {} : toFieldErrors(base.error)), ...(hours.success ? {} : hours.errors) };
  let address = base.success ? base.data.address : "";
  if (base.success && !errors.address) {
    if (base.data.kind === "phone") {
      address = address.normalize("NFKC").trim();
      if (normalisePhone(address) === null) errors.address = "phone";
    } else {
      const email = normaliseEmail(address);
      if (email) address = email.display;
      else errors.address = "email";
    }
  }
  if (!base.success || !hours.success || Object.keys(errors).length > 0) return { success: false, errors };
  return { success: true, data: { ...base.data, address, weeklyHours: hours.data } };
}

/** The key that makes two hotlines of an incident the same line (same kind and number or address). */
export function hotlineIdentity(kind: string, address: string): string {
  if (kind === "phone") return `phone:${normalisePhone(address) ?? address.normalize("NFKC").trim()}`;
  return `email:${normaliseEmail(address)?.key ?? address.trim().toLowerCase()}`;
}

// ---------------------------------------------------------------------------------------------
// Site and exposure window
// ---------------------------------------------------------------------------------------------

const SiteSchema = z.object({
  nameJa: requiredText(200),
  nameEn: requiredText(200),
  url: z
    .string()
    .trim()
    .max(500, { error: "tooLong" })
    .refine((s) => s === "" || isHttpUrl(s), { error: "url" })
    .transform((s) => (s === "" ? null : s)),
  stolenItems: z
    .array(z.enum(STOLEN_ITEMS, { error: "invalid" }))
    .min(1, { error: "stolenItemsRequired" })
    .transform((items) => STOLEN_ITEMS.filter((item) => items.includes(item))),
});

export type SiteFields = z.infer<typeof SiteSchema>;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".");
  } catch {
    return false;
  }
}

/** A site's editable fields (the slug is fixed once created: imports and the CLI name sites by it). */
export function parseSiteFields(values: FormValues): ParseResult<SiteFields> {
  const result = SiteSchema.safeParse({
    nameJa: str(values, "nameJa"),
    nameEn: str(values, "nameEn"),
    url: str(values, "url"),
    stolenItems: list(values, "stolenItems"),
  });
  if (result.success) return { success: true, data: result.data };
  // A forged checkbox value is reported on the group, not on "stolenItems.3".
  const errors: FieldErrors = {};
  for (const [field, key] of Object.entries(toFieldErrors(result.error)))
    errors[field.startsWith("stolenItems.") ? "stolenItems" : field] ??= key;
  return { success: false, errors };
}

/** Dates in JST, both ends inclusive. */
export type WindowFields = { startDate: string; endDate: string; note: string | null };

const WindowSchema = z
  .object({ startDate: CalendarDate, endDate: CalendarDate, note: optionalText(500) })
  .superRefine((w, ctx) => {
    if (isCalendarDate(w.startDate) && isCalendarDate(w.endDate) && w.startDate > w.endDate) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "windowOrder" });
    }
  });

export function parseWindow(values: FormValues): ParseResult<WindowFields> {
  const result = WindowSchema.safeParse({
    startDate: str(values, "startDate"),
    endDate: str(values, "endDate"),
    note: str(values, "note"),
  });
  return result.success ? { success: true, data: result.data } : { success: false, errors: toFieldErrors(result.error) };
}

/** A new site with its first exposure window (a site without a window would match nobody). */
export function parseSiteCreate(values: FormValues): ParseResult<SiteFields & { slug: string; window: WindowFields }> {
  const slug = SlugSchema.safeParse(str(values, "siteSlug"));
  const site = parseSiteFields(values);
  const window = parseWindow(values);
  if (slug.success && site.success && window.success) {
    return { success: true, data: { ...site.data, slug: slug.data, window: window.data } };
  }
  return {
    success: false,
    errors: {
      ...(slug.success ? {} : { siteSlug: toFieldErrors(slug.error).form ?? "invalid" }),
      ...(site.success ? {} : site.errors),
      ...(window.success ? {} : window.errors),
    },
  };
}

/**
 * Whether a window clashes with the site's other windows: the same dates again, or days in common
 * (overlapping windows would make "which window?" ambiguous in an agent's answer; merge them instead).
 */
export function windowConflict(
  candidate: { startDate: string; endDate: string },
  others: ReadonlyArray<{ startDate: string; endDate: string }>,
): "windowDuplicate" | "windowOverlap" | null {
  for (const w of others) {
    if (w.startDate === candidate.startDate && w.endDate === candidate.endDate) return "windowDuplicate";
  }
  for (const w of others) {
    if (w.startDate <= candidate.endDate && candidate.startDate <= w.endDate) return "windowOverlap";
  }
  return null;
}
