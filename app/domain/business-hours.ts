/**
 * The desk's business-hours calendar: when a hotline is open, and the due times and
 * response-time figures that follow from it. Pure domain code: no I/O, no Remix, no Prisma.
 *
 * Everything is judged on the Japanese calendar (Asia/Tokyo), whatever time zone the server
 * runs in. Japan has not observed daylight saving time since 1951, so Asia/Tokyo is a fixed
 * UTC+09:00 for every date this product deals with; the arithmetic below therefore shifts UTC
 * instants by a constant nine hours and reads the result with the getUTC* accessors. No code
 * path here reads the server's local time zone (no getHours(), no Date-taking library calls).
 *
 * Closed-day precedence, for a JST calendar date (see `closedReason`):
 *   1. the weekly schedule: no hours configured for that weekday → 'weekend' (Sat/Sun) or
 *      'no-hours' (Mon-Fri). A national holiday on a Saturday or Sunday is therefore reported
 *      as 'weekend': the desk would be closed anyway, and the holiday that actually changes
 *      the schedule is the 振替休日 (substitute holiday) that follows, which holiday_jp lists
 *      as a holiday of its own. If the weekly config opens on Saturdays, a Saturday holiday
 *      is reported as 'holiday'.
 *   2. national holiday (国民の祝日, 振替休日, 国民の休日; data from @holiday-jp/holiday_jp)
 *      → 'holiday' with its Japanese name (e.g. 元日 on 1 January, not 'year-end');
 *   3. the year-end closure (default 12/29-1/3) → 'year-end';
 *   4. a configured company closure day → 'company'.
 */
import holidayJp from "@holiday-jp/holiday_jp";
import { z } from "zod";

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** Opening periods per weekday, "HH:MM" in JST, start inclusive, end exclusive ("24:00" allowed as an end). */
export type WeeklyHours = Partial<Record<Weekday, Array<[string, string]>>>;

export type HoursConfig = {
  weekly: WeeklyHours;
  /** true: closed 12/29-1/3; false: no year-end closure; or a custom 'MM-DD' range (inclusive, may wrap over New Year). */
  yearEndClosure: boolean | { from: string; to: string };
  /** Company closure days, 'YYYY-MM-DD' (JST calendar dates). */
  closureDays?: string[];
};

export type ClosedKind = "weekend" | "holiday" | "year-end" | "company" | "no-hours";
export type ClosedReason = { kind: ClosedKind; name?: string };
export type OpenPeriod = { opensAt: Date; closesAt: Date };

// ---------------------------------------------------------------------------------------------
// Time arithmetic on a fixed +09:00 offset (see the header comment)
// ---------------------------------------------------------------------------------------------

/** Asia/Tokyo is UTC+09:00 all year (no DST since 1951). */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** How far ahead nextOpening and friends look before giving up. */
const SEARCH_HORIZON_DAYS = 400;
/** Weekdays in Date#getUTCDay() order. */
const WEEKDAYS_BY_INDEX: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const WEEKDAYS_MON_FIRST: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DEFAULT_YEAR_END = { from: "12-29", to: "01-03" } as const;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY_RE = /^(\d{2})-(\d{2})$/;
const TIME_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

function instantMs(instant: Date, label = "instant"): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${label} is not a valid Date`);
  return ms;
}

/** JST day number: days since 1970-01-01 in Japan. */
function jstDayOf(ms: number): number {
  return Math.floor((ms + JST_OFFSET_MS) / DAY_MS);
}

/** The UTC instant of 00:00 JST on a JST day number. */
function jstDayStartMs(day: number): number {
  return day * DAY_MS - JST_OFFSET_MS;
}

function dateOfJstDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function weekdayIndexOfJstDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (index 4)
}

/** Parses a 'YYYY-MM-DD' calendar date to a JST day number; throws on anything else. */
function jstDayOfDate(date: string, label = "date"): number {
  const m = typeof date === "string" ? DATE_RE.exec(date) : null;
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    // Date.UTC maps years 0-99 to 1900-1999; the round trip below rejects those and 2026-02-30.
    if (new Date(ms).toISOString().slice(0, 10) === date) return ms / DAY_MS;
  }
  throw new RangeError(`${label} must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(date)}`);
}

function minutesOfTime(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** 'YYYY-MM-DD' of the instant on the Japanese calendar. */
export function tokyoDate(instant: Date): string {
  return dateOfJstDay(jstDayOf(instantMs(instant)));
}

/** 'HH:MM' of the instant on the Japanese clock (seconds are truncated). */
export function tokyoTime(instant: Date): string {
  const msOfDay = (((instantMs(instant) + JST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  const minutes = Math.floor(msOfDay / MINUTE_MS);
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Holiday data (@holiday-jp/holiday_jp)
// ---------------------------------------------------------------------------------------------

/**
 * holiday_jp's own table, keyed by 'YYYY-MM-DD'. We look dates up by string in it rather than
 * calling holidayJp.isHoliday(string) (same data, but that scans Object.keys() on every call)
 * and never call holidayJp.between()/isHoliday() with a Date, which would read the server's
 * time zone and put holidays a day off.
 */
const HOLIDAYS: Readonly<Record<string, { readonly name: string }>> = holidayJp.holidays;

/** Years for which holiday_jp has New Year's Day and both equinox days (the equinoxes are fixed only a year ahead). */
const COVERED_YEARS: ReadonlySet<number> = (() => {
  const marks = new Map<number, Set<string>>();
  for (const [date, holiday] of Object.entries(HOLIDAYS)) {
    const year = Number(date.slice(0, 4));
    const set = marks.get(year) ?? new Set<string>();
    if (date.endsWith("-01-01") && holiday.name === "元日") set.add("new-year");
    if (date.slice(5, 7) === "03" && holiday.name === "春分の日") set.add("vernal");
    if (date.slice(5, 7) === "09" && holiday.name === "秋分の日") set.add("autumnal");
    marks.set(year, set);
  }
  return new Set([...marks].filter(([, set]) => set.size === 3).map(([year]) => year));
})();

/** The last year holiday_jp fully covers (admins are warned when next year is beyond it). */
export const HOLIDAY_DATA_LAST_YEAR: number = Math.max(...COVERED_YEARS);

/** True when holiday_jp has data for the year (at least New Year's Day and both equinox days). */
export function holidayDataCoversYear(year: number): boolean {
  return COVERED_YEARS.has(year);
}

/**
 * Japanese name of the national holiday on a JST calendar date, as holiday_jp spells it
 * (e.g. '元日', 'こどもの日 振替休日', '休日' for a 国民の休日 bridge day), or null.
 * Dates outside the data (see holidayDataCoversYear) are reported as not holidays.
 */
export function holidayName(date: string): string | null {
  jstDayOfDate(date);
  return Object.hasOwn(HOLIDAYS, date) ? (HOLIDAYS[date]?.name ?? null) : null;
}

// ---------------------------------------------------------------------------------------------
// Weekly hours: validation and the compiled form used internally
// ---------------------------------------------------------------------------------------------

const TimeSchema = z.string().regex(TIME_RE, { error: 'expected a time "HH:MM" from 00:00 to 24:00' });

const PeriodSchema = z
  .tuple([TimeSchema, TimeSchema])
  // Only order-check well-formed times; malformed ones already have their own issue.
  .refine(([from, to]) => !TIME_RE.test(from) || !TIME_RE.test(to) || minutesOfTime(from) < minutesOfTime(to), {
    error: "a period must end after it starts (end is exclusive; periods cannot cross midnight)",
  });

const DayPeriodsSchema = z.array(PeriodSchema).superRefine((periods, ctx) => {
  const sorted = periods.map(([from, to]) => [minutesOfTime(from), minutesOfTime(to)] as const).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous && current && current[0] < previous[1]) {
      ctx.addIssue({ code: "custom", message: "periods on the same day overlap" });
      return;
    }
  }
});

/** zod schema of the weekly hours JSON stored per hotline: {"mon":[["12:00","17:00"]], ...}. */
export const WeeklyHoursSchema = z.strictObject({
  mon: DayPeriodsSchema.optional(),
  tue: DayPeriodsSchema.optional(),
  wed: DayPeriodsSchema.optional(),
  thu: DayPeriodsSchema.optional(),
  fri: DayPeriodsSchema.optional(),
  sat: DayPeriodsSchema.optional(),
  sun: DayPeriodsSchema.optional(),
});

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}

/** Parses and validates the weekly-hours JSON of a hotline; throws an Error naming every problem. */
export function parseWeeklyHours(json: string): WeeklyHours {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`Invalid weekly hours: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = WeeklyHoursSchema.safeParse(raw);
  if (!result.success) throw new Error(`Invalid weekly hours: ${formatIssues(result.error)}`);
  return result.data;
}

type MinuteRange = readonly [from: number, to: number];

type CompiledConfig = {
  /** Sorted, merged opening periods in minutes of the JST day, indexed like getUTCDay(). */
  weekly: ReadonlyArray<readonly MinuteRange[]>;
  yearEnd: { from: string; to: string } | null;
  closureDays: ReadonlySet<string>;
};

function compileMonthDay(value: unknown, label: string): string {
  const m = typeof value === "string" ? MONTH_DAY_RE.exec(value) : null;
  // 2000 is a leap year, so 02-29 is accepted.
  if (m && new Date(Date.UTC(2000, Number(m[1]) - 1, Number(m[2]))).toISOString().slice(5, 10) === value) return value;
  throw new RangeError(`yearEndClosure.${label} must be 'MM-DD', got ${JSON.stringify(value)}`);
}

/**
 * Compiled configs by content. Statistics call businessMinutesBetween for every contact, and
 * validating the same few configs each time would cost more than the arithmetic. Keyed by the
 * JSON text, not the object, so a config object changed in place is never served stale.
 */
const compiledConfigCache = new Map<string, CompiledConfig>();
const COMPILED_CONFIG_CACHE_LIMIT = 100;

function compileConfig(config: HoursConfig): CompiledConfig {
  const key = JSON.stringify([config.weekly, config.yearEndClosure, config.closureDays ?? []]);
  const cached = compiledConfigCache.get(key);
  if (cached) return cached;
  const compiled = compileConfigUncached(config);
  if (compiledConfigCache.size >= COMPILED_CONFIG_CACHE_LIMIT) compiledConfigCache.clear();
  compiledConfigCache.set(key, compiled);
  return compiled;
}

function compileConfigUncached(config: HoursConfig): CompiledConfig {
  const parsed = WeeklyHoursSchema.safeParse(config.weekly);
  if (!parsed.success) throw new Error(`Invalid weekly hours: ${formatIssues(parsed.error)}`);
  const weekly = WEEKDAYS_BY_INDEX.map((weekday) => {
    const ranges = (parsed.data[weekday] ?? [])
      .map(([from, to]): MinuteRange => [minutesOfTime(from), minutesOfTime(to)])
      .sort((a, b) => a[0] - b[0]);
    // Merge periods that touch (10:00-12:00 + 12:00-13:00 is one period 10:00-13:00).
    const merged: MinuteRange[] = [];
    for (const range of ranges) {
      const last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) merged[merged.length - 1] = [last[0], Math.max(last[1], range[1])];
      else merged.push(range);
    }
    return merged;
  });
  const setting = config.yearEndClosure;
  const yearEnd =
    setting === true
      ? DEFAULT_YEAR_END
      : setting === false
        ? null
        : { from: compileMonthDay(setting.from, "from"), to: compileMonthDay(setting.to, "to") };
  const closureDays = new Set<string>();
  for (const date of config.closureDays ?? []) {
    jstDayOfDate(date, "closure day");
    closureDays.add(date);
  }
  return { weekly, yearEnd, closureDays };
}

function inYearEndClosure(date: string, range: { from: string; to: string }): boolean {
  const monthDay = date.slice(5);
  if (range.from <= range.to) return range.from <= monthDay && monthDay <= range.to;
  return monthDay >= range.from || monthDay <= range.to; // the range wraps over New Year
}

function closedReasonOfDay(day: number, config: CompiledConfig): ClosedReason | null {
  const weekdayIndex = weekdayIndexOfJstDay(day);
  if ((config.weekly[weekdayIndex] ?? []).length === 0) {
    return { kind: weekdayIndex === 0 || weekdayIndex === 6 ? "weekend" : "no-hours" };
  }
  const date = dateOfJstDay(day);
  const holiday = Object.hasOwn(HOLIDAYS, date) ? HOLIDAYS[date]?.name : undefined;
  if (holiday !== undefined) return { kind: "holiday", name: holiday };
  if (config.yearEnd && inYearEndClosure(date, config.yearEnd)) return { kind: "year-end" };
  if (config.closureDays.has(date)) return { kind: "company" };
  return null;
}

/** Open periods of a JST day as [opensAtMs, closesAtMs) UTC instants, earliest first. */
function openPeriodsOfDay(day: number, config: CompiledConfig): Array<readonly [number, number]> {
  if (closedReasonOfDay(day, config)) return [];
  const start = jstDayStartMs(day);
  return (config.weekly[weekdayIndexOfJstDay(day)] ?? []).map(
    ([from, to]) => [start + from * MINUTE_MS, start + to * MINUTE_MS] as const,
  );
}

// ---------------------------------------------------------------------------------------------
// Public queries
// ---------------------------------------------------------------------------------------------

/** Why the desk is closed all day on a JST calendar date 'YYYY-MM-DD', or null when it has hours that day. */
export function closedReason({ date, config }: { date: string; config: HoursConfig }): ClosedReason | null {
  return closedReasonOfDay(jstDayOfDate(date), compileConfig(config));
}

function findCurrentPeriod(ms: number, config: CompiledConfig): readonly [number, number] | undefined {
  return openPeriodsOfDay(jstDayOf(ms), config).find(([from, to]) => from <= ms && ms < to);
}

function findNextOpeningMs(ms: number, config: CompiledConfig): number | null {
  const firstDay = jstDayOf(ms);
  for (let day = firstDay; day <= firstDay + SEARCH_HORIZON_DAYS; day++) {
    for (const [from] of openPeriodsOfDay(day, config)) if (from > ms) return from;
  }
  return null;
}

/** Whether the hotline is open at the instant (start inclusive, end exclusive). */
export function isOpenAt({ instant, config }: { instant: Date; config: HoursConfig }): boolean {
  return findCurrentPeriod(instantMs(instant), compileConfig(config)) !== undefined;
}

/**
 * The open period containing the instant, or null when closed. Periods are per day: one that
 * ends at 24:00 and one that starts at 00:00 the next day are reported as two periods.
 */
export function currentPeriod({ instant, config }: { instant: Date; config: HoursConfig }): OpenPeriod | null {
  const period = findCurrentPeriod(instantMs(instant), compileConfig(config));
  return period ? { opensAt: new Date(period[0]), closesAt: new Date(period[1]) } : null;
}

/**
 * Start of the next open period strictly after the instant (when open now, the start of the
 * period after the current one); null if there is none within 400 days.
 */
export function nextOpening({ instant, config }: { instant: Date; config: HoursConfig }): Date | null {
  const next = findNextOpeningMs(instantMs(instant), compileConfig(config));
  return next === null ? null : new Date(next);
}

/** The instant itself (as a new Date) when open, else the next opening; null if none within 400 days. */
export function openingAtOrAfter({ instant, config }: { instant: Date; config: HoursConfig }): Date | null {
  const ms = instantMs(instant);
  const compiled = compileConfig(config);
  if (findCurrentPeriod(ms, compiled)) return new Date(ms);
  const next = findNextOpeningMs(ms, compiled);
  return next === null ? null : new Date(next);
}

/**
 * When `minutes` of open time have passed counting from the instant, pausing outside hours:
 * the due time of an inquiry. A target that is used up exactly at closing time gives the
 * closing instant (16:00 + 60 min on 10:00-18:00 hours → 17:00; 17:00 + 60 → 18:00).
 * `minutes` = 0 gives openingAtOrAfter(instant) (due at the next opening when closed).
 * Fractional minutes are allowed; negative ones throw. Null when the desk stays shut for
 * 400 days in a row before the minutes are used up.
 */
export function addBusinessMinutes({
  instant,
  minutes,
  config,
}: {
  instant: Date;
  minutes: number;
  config: HoursConfig;
}): Date | null {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
  }
  if (minutes === 0) return openingAtOrAfter({ instant, config });
  const ms = instantMs(instant);
  const compiled = compileConfig(config);
  let remaining = minutes * MINUTE_MS;
  let lastDayWithHours = jstDayOf(ms);
  for (let day = lastDayWithHours; day - lastDayWithHours <= SEARCH_HORIZON_DAYS; day++) {
    for (const [from, to] of openPeriodsOfDay(day, compiled)) {
      lastDayWithHours = day;
      const start = Math.max(from, ms);
      if (start >= to) continue;
      if (remaining <= to - start) return new Date(start + remaining);
      remaining -= to - start;
    }
  }
  return null;
}

/**
 * Open minutes between two instants (exact, possibly fractional; round for display).
 * Antisymmetric: a `to` before `from` gives a negative number rather than hiding the mistake.
 */
export function businessMinutesBetween({ from, to, config }: { from: Date; to: Date; config: HoursConfig }): number {
  const fromMs = instantMs(from, "from");
  const toMs = instantMs(to, "to");
  if (toMs < fromMs) return -businessMinutesBetween({ from: to, to: from, config });
  const compiled = compileConfig(config);
  let total = 0;
  for (let day = jstDayOf(fromMs); day <= jstDayOf(toMs); day++) {
    for (const [opens, closes] of openPeriodsOfDay(day, compiled)) {
      total += Math.max(0, Math.min(closes, toMs) - Math.max(opens, fromMs));
    }
  }
  return total / MINUTE_MS;
}

// ---------------------------------------------------------------------------------------------
// Human-readable summary
// ---------------------------------------------------------------------------------------------

const DAY_LABELS: Record<"ja" | "en", Record<Weekday, string>> = {
  ja: { mon: "月", tue: "火", wed: "水", thu: "木", fri: "金", sat: "土", sun: "日" },
  en: { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" },
};
const DAY_PLURALS_EN: Record<Weekday, string> = {
  mon: "Mondays",
  tue: "Tuesdays",
  wed: "Wednesdays",
  thu: "Thursdays",
  fri: "Fridays",
  sat: "Saturdays",
  sun: "Sundays",
};
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function sameDays(days: readonly Weekday[], expected: readonly Weekday[]): boolean {
  return days.length === expected.length && days.every((day, i) => day === expected[i]);
}

/** Label for a set of weekdays (in Monday-first order): 平日 / 月〜木 / 月・水・金 / 土曜. */
function labelDays(days: readonly Weekday[], locale: "ja" | "en"): string {
  if (sameDays(days, WEEKDAYS_MON_FIRST)) return locale === "ja" ? "毎日" : "Every day";
  if (sameDays(days, ["mon", "tue", "wed", "thu", "fri"])) return locale === "ja" ? "平日" : "Weekdays";
  if (sameDays(days, ["sat", "sun"])) return locale === "ja" ? "土日" : "Weekends";
  if (days.length === 1 && days[0]) return locale === "ja" ? `${DAY_LABELS.ja[days[0]]}曜` : DAY_LABELS.en[days[0]];
  // Runs of three or more consecutive days become ranges (月〜木); shorter runs are listed.
  const runs: Weekday[][] = [];
  for (const day of days) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run && last && WEEKDAYS_MON_FIRST.indexOf(day) === WEEKDAYS_MON_FIRST.indexOf(last) + 1) run.push(day);
    else runs.push([day]);
  }
  const labels = DAY_LABELS[locale];
  const parts = runs.flatMap((run) => {
    const first = run[0];
    const last = run[run.length - 1];
    if (run.length >= 3 && first && last) return [`${labels[first]}${locale === "ja" ? "〜" : "–"}${labels[last]}`];
    return run.map((day) => labels[day]);
  });
  return parts.join(locale === "ja" ? "・" : ", ");
}

function formatMonthDay(monthDay: string, locale: "ja" | "en"): string {
  const month = Number(monthDay.slice(0, 2));
  const day = Number(monthDay.slice(3, 5));
  return locale === "ja" ? `${month}/${day}` : `${day} ${MONTHS_EN[month - 1] ?? ""}`;
}

function joinEnglishList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

/**
 * One-line summary of the hours for notices and the public page, e.g.
 * ja "平日 12:00〜17:00（土日祝日・年末年始を除く）",
 * en "Weekdays 12:00–17:00 JST (closed weekends, national holidays and 29 Dec–3 Jan)".
 * Days with identical hours are grouped. `yearEndClosure` defaults to the usual 12/29-1/3;
 * company closure days are not listed (they are announced separately).
 */
export function describeWeeklyHours({
  weekly,
  locale,
  yearEndClosure = true,
}: {
  weekly: WeeklyHours;
  locale: "ja" | "en";
  yearEndClosure?: HoursConfig["yearEndClosure"];
}): string {
  const compiled = compileConfig({ weekly, yearEndClosure });
  const ja = locale === "ja";
  const dash = ja ? "〜" : "–";
  const hoursOf = (weekday: Weekday): string =>
    (compiled.weekly[WEEKDAYS_BY_INDEX.indexOf(weekday)] ?? [])
      .map(([from, to]) => {
        const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
        return `${hhmm(from)}${dash}${hhmm(to)}`;
      })
      .join(ja ? "、" : " and ");

  const groups = new Map<string, Weekday[]>();
  const closedDays: Weekday[] = [];
  for (const weekday of WEEKDAYS_MON_FIRST) {
    const hours = hoursOf(weekday);
    if (hours === "") closedDays.push(weekday);
    else groups.set(hours, [...(groups.get(hours) ?? []), weekday]);
  }
  if (groups.size === 0) return ja ? "受付時間の設定なし" : "No opening hours configured";

  const hoursText = [...groups].map(([hours, days]) => `${labelDays(days, locale)} ${hours}`).join(ja ? "／" : "; ");

  const yearEnd = compiled.yearEnd;
  const isDefaultYearEnd = yearEnd?.from === DEFAULT_YEAR_END.from && yearEnd.to === DEFAULT_YEAR_END.to;
  if (ja) {
    const weekendClosed = closedDays.includes("sat") && closedDays.includes("sun");
    const parts = closedDays
      .filter((day) => !(weekendClosed && (day === "sat" || day === "sun")))
      .map((day) => `${DAY_LABELS.ja[day]}曜`);
    parts.push(weekendClosed ? "土日祝日" : "祝日");
    if (yearEnd) {
      parts.push(
        isDefaultYearEnd ? "年末年始" : `年末年始（${formatMonthDay(yearEnd.from, "ja")}〜${formatMonthDay(yearEnd.to, "ja")}）`,
      );
    }
    return `${hoursText}（${parts.join("・")}を除く）`;
  }
  const weekendClosed = closedDays.includes("sat") && closedDays.includes("sun");
  const parts = closedDays
    .filter((day) => !(weekendClosed && (day === "sat" || day === "sun")))
    .map((day) => DAY_PLURALS_EN[day]);
  if (weekendClosed) parts.push("weekends");
  parts.push("national holidays");
  if (yearEnd) parts.push(`${formatMonthDay(yearEnd.from, "en")}–${formatMonthDay(yearEnd.to, "en")}`);
  return `${hoursText} JST (closed ${joinEnglishList(parts)})`;
}
