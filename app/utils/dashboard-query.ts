/**
 * The supervisor dashboard's URL state (/staff/review?from=2017-09-20&to=2017-09-20&incident=cou-2017):
 * a range of JST calendar days and an incident. Read leniently like the tables (a bad value falls
 * back, never a 500):
 * - no `to` (or a bad one): today in Japan; no `from`: 6 days before `to` (a week);
 * - a reversed range is swapped; a range longer than MAX_RANGE_DAYS keeps its last MAX_RANGE_DAYS days;
 * - `incident`: a slug, or "all"; missing = the staff member's current incident (resolved by the loader).
 * Pure.
 */
import { z } from "zod";
import { MAX_RANGE_DAYS } from "~/domain/dashboard-figures";
import { addCalendarDays, calendarDaysBetween, lenient } from "./table-query";

export const DEFAULT_RANGE_DAYS = 7;

const RawSchema = z.object({ from: lenient.date(), to: lenient.date(), incident: lenient.slug(100) });

export type DashboardQuery = { from: string; to: string; incident: string | undefined };

/** 'YYYY-MM-DD' today in Japan. */
export function tokyoToday(now: Date): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

export function parseDashboardQuery(params: URLSearchParams, now: Date): DashboardQuery {
  const raw = RawSchema.parse({
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    incident: params.get("incident") ?? undefined,
  });
  let to = raw.to ?? (raw.from ? addCalendarDays(raw.from, DEFAULT_RANGE_DAYS - 1) : tokyoToday(now));
  let from = raw.from ?? addCalendarDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) [from, to] = [to, from];
  if (calendarDaysBetween(from, to) + 1 > MAX_RANGE_DAYS) from = addCalendarDays(to, -(MAX_RANGE_DAYS - 1));
  return { from, to, incident: raw.incident };
}

/** The canonical query string of a dashboard state ("" for nothing but defaults is not attempted: dates are always written). */
export function dashboardSearch(query: DashboardQuery): string {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  if (query.incident) params.set("incident", query.incident);
  return `?${params.toString()}`;
}
