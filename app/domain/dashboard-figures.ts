/**
 * The supervisor dashboard's arithmetic: time buckets in Japan time, and the call-center figures
 * computed from counts and sums the database returns. Pure; the formulas here are the ones the
 * page states under each figure.
 *
 *   応答率 answer rate        = answered inbound calls ÷ (answered + abandoned inbound calls)
 *   放棄呼率 abandonment rate  = abandoned inbound calls ÷ (answered + abandoned inbound calls)
 *     (inbound call = channel phone_in; answered = the phone system recorded answeredAt;
 *      abandoned = the caller hung up before an answer. Calls logged by hand without phone-system
 *      times, and calls still ringing, are in neither and are reported separately.)
 *   AHT 平均処理時間          = (Σ talk + Σ hold + Σ after-call work) ÷ handled calls
 *     (handled call = a contact with at least one of the three times recorded; a missing part
 *      counts as 0; the split shows Σ talk ÷ handled, Σ hold ÷ handled, Σ ACW ÷ handled, which add up to AHT)
 *   一次解決率 FCR            = contacts with outcome "resolved at first contact" ÷ contacts with an outcome
 *   対象者の割合 affected share = contacts of a verified caller linked to an affected record inside
 *     its site's exposure window ÷ contacts whose caller's identity was verified
 */
import { businessMinutesBetween, isOpenAt } from "./business-hours";
import type { HoursConfig } from "./business-hours";

const HOUR_MS = 3600_000;
const JST_OFFSET_MS = 9 * HOUR_MS;

/** Longest dashboard range, in days; a longer one is cut to the last MAX_RANGE_DAYS days. */
export const MAX_RANGE_DAYS = 366;
/** Up to this many days the dashboard shows hour by hour; beyond, day by day only. */
export const MAX_HOURLY_DAYS = 14;

/** A ratio, or null when the denominator is 0 (shown as "—", never as 0 % or NaN). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export type CallCounts = { answered: number; abandoned: number };

export function answerRate({ answered, abandoned }: CallCounts): number | null {
  return rate(answered, answered + abandoned);
}

export function abandonmentRate({ answered, abandoned }: CallCounts): number | null {
  return rate(abandoned, answered + abandoned);
}

export type HandleTimeSums = { handled: number; talk: number; hold: number; acw: number };
export type HandleTimeSplit = { talk: number; hold: number; acw: number; aht: number } | null;

/** Average talk, hold and ACW per handled call, and their sum AHT (seconds); null with no handled call. */
export function handleTimeSplit({ handled, talk, hold, acw }: HandleTimeSums): HandleTimeSplit {
  if (handled <= 0) return null;
  return { talk: talk / handled, hold: hold / handled, acw: acw / handled, aht: (talk + hold + acw) / handled };
}

// ---------------------------------------------------------------------------------------------
// Buckets
// ---------------------------------------------------------------------------------------------

export type Bucket = { start: Date; end: Date };

/** One bucket per hour from 00:00 JST of `from` to 24:00 JST of `to` (JST has no DST: always 24 per day). */
export function hourBuckets(fromDayStart: Date, days: number): Bucket[] {
  return Array.from({ length: days * 24 }, (_, i) => ({
    start: new Date(fromDayStart.getTime() + i * HOUR_MS),
    end: new Date(fromDayStart.getTime() + (i + 1) * HOUR_MS),
  }));
}

export function dayBuckets(fromDayStart: Date, days: number): Bucket[] {
  return Array.from({ length: days }, (_, i) => ({
    start: new Date(fromDayStart.getTime() + i * 24 * HOUR_MS),
    end: new Date(fromDayStart.getTime() + (i + 1) * 24 * HOUR_MS),
  }));
}

/** 'YYYY-MM-DD' and hour 0-23 of an instant in Japan. */
export function tokyoDateHour(instant: Date): { date: string; hour: number } {
  const shifted = new Date(instant.getTime() + JST_OFFSET_MS);
  return { date: shifted.toISOString().slice(0, 10), hour: shifted.getUTCHours() };
}

/**
 * Staffing of one bucket on the hotline's hours: `open` = the line is open at the bucket's start
 * (isOpenAt); `openMinutes` = minutes of the bucket it is open (a 17:30 closing gives 30 for
 * 17:00-18:00). Both null without hours (several incidents shown together, or no phone line).
 */
export function staffing(bucket: Bucket, config: HoursConfig | null): { open: boolean | null; openMinutes: number | null } {
  if (!config) return { open: null, openMinutes: null };
  return {
    open: isOpenAt({ instant: bucket.start, config }),
    openMinutes: Math.round(businessMinutesBetween({ from: bucket.start, to: bucket.end, config })),
  };
}
