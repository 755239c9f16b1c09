import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import holidayJp from "@holiday-jp/holiday_jp";
import * as businessHours from "./business-hours";
import {
  HOLIDAY_DATA_LAST_YEAR,
  addBusinessMinutes,
  businessMinutesBetween,
  closedReason,
  currentPeriod,
  describeWeeklyHours,
  holidayDataCoversYear,
  holidayName,
  isOpenAt,
  nextOpening,
  openingAtOrAfter,
  parseWeeklyHours,
  tokyoDate,
  tokyoTime,
} from "./business-hours";
import type { ClosedReason, HoursConfig, WeeklyHours } from "./business-hours";

// japanese-holidays ships no type declarations; load it through require with the two calls we use.
const JapaneseHolidays = createRequire(import.meta.url)("japanese-holidays") as {
  /** Holiday name on the JST calendar date of the instant, or undefined. */
  isHolidayAt(instant: Date, furikae?: boolean): string | undefined;
};

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/** An instant written as Japanese wall-clock time: jst("2026-07-17T22:00") is 13:00Z. */
const jst = (local: string): Date => new Date(`${local}+09:00`);
const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

function weekdaysHours(...periods: Array<[string, string]>): WeeklyHours {
  return { mon: periods, tue: periods, wed: periods, thu: periods, fri: periods };
}

/** Case A (ケイズファクトリー): weekdays 12:00-17:00. */
const CASE_A: HoursConfig = { weekly: weekdaysHours(["12:00", "17:00"]), yearEndClosure: true };
/** Case B (クーコム): weekdays 10:00-18:00. */
const CASE_B: HoursConfig = { weekly: weekdaysHours(["10:00", "18:00"]), yearEndClosure: true };
const CASE_B_NO_YEAR_END: HoursConfig = { ...CASE_B, yearEndClosure: false };
const LUNCH_BREAK: HoursConfig = { weekly: weekdaysHours(["09:00", "12:00"], ["13:00", "17:00"]), yearEndClosure: true };
const WITH_SATURDAY: HoursConfig = {
  weekly: { ...weekdaysHours(["10:00", "18:00"]), sat: [["10:00", "14:00"]] },
  yearEndClosure: true,
};
const MON_TO_THU: HoursConfig = {
  weekly: { mon: [["10:00", "18:00"]], tue: [["10:00", "18:00"]], wed: [["10:00", "18:00"]], thu: [["10:00", "18:00"]] },
  yearEndClosure: false,
};
const NO_HOURS: HoursConfig = { weekly: {}, yearEndClosure: true };
/** Open on paper, but a "year-end" range covering the whole year closes every day. */
const CLOSED_ALL_YEAR: HoursConfig = { ...CASE_B, yearEndClosure: { from: "01-01", to: "12-31" } };

/** Every JST calendar date from..to inclusive, as 'YYYY-MM-DD'. */
function eachDate(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  return dates;
}

const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

// ---------------------------------------------------------------------------------------------
// Japanese calendar date and time of an instant
// ---------------------------------------------------------------------------------------------

describe("tokyoDate / tokyoTime", () => {
  it.each([
    { instant: "2026-07-15T00:00:00Z", date: "2026-07-15", time: "09:00" },
    { instant: "2026-07-15T14:59:59Z", date: "2026-07-15", time: "23:59" },
    { instant: "2026-07-15T15:00:00Z", date: "2026-07-16", time: "00:00" },
    { instant: "2026-12-31T15:00:00Z", date: "2027-01-01", time: "00:00" },
    { instant: "2026-12-31T14:59:59.999Z", date: "2026-12-31", time: "23:59" },
    { instant: "2024-02-28T15:30:00Z", date: "2024-02-29", time: "00:30" },
    { instant: "1969-12-31T15:00:00Z", date: "1970-01-01", time: "00:00" },
    { instant: "1969-12-31T14:59:00Z", date: "1969-12-31", time: "23:59" },
    { instant: "2026-09-18T22:00:00+09:00", date: "2026-09-18", time: "22:00" },
  ])("$instant is $date $time in Japan", ({ instant, date, time }) => {
    expect(tokyoDate(new Date(instant))).toBe(date);
    expect(tokyoTime(new Date(instant))).toBe(time);
  });

  it("rejects an invalid Date", () => {
    expect(() => tokyoDate(new Date("not a date"))).toThrow(/not a valid Date/);
    expect(() => tokyoTime(new Date(Number.NaN))).toThrow(/not a valid Date/);
  });
});

// ---------------------------------------------------------------------------------------------
// Weekly hours JSON
// ---------------------------------------------------------------------------------------------

describe("parseWeeklyHours", () => {
  it.each<{ json: string; expected: WeeklyHours }>([
    { json: '{"mon":[["12:00","17:00"]]}', expected: { mon: [["12:00", "17:00"]] } },
    { json: "{}", expected: {} },
    { json: '{"sun":[]}', expected: { sun: [] } },
    {
      json: '{"mon":[["13:00","17:00"],["09:00","12:00"]],"sat":[["10:00","12:00"]]}',
      expected: {
        mon: [
          ["13:00", "17:00"],
          ["09:00", "12:00"],
        ],
        sat: [["10:00", "12:00"]],
      },
    },
    {
      json: '{"fri":[["10:00","12:00"],["12:00","13:00"]]}',
      expected: {
        fri: [
          ["10:00", "12:00"],
          ["12:00", "13:00"],
        ],
      },
    },
    { json: '{"sat":[["00:00","24:00"]]}', expected: { sat: [["00:00", "24:00"]] } },
  ])("accepts $json", ({ json, expected }) => {
    expect(parseWeeklyHours(json)).toEqual(expected);
  });

  it.each([
    { json: "weekdays 10-18", error: /^Invalid weekly hours: not valid JSON/ },
    { json: "null", error: /^Invalid weekly hours: \(root\): / },
    { json: "[]", error: /^Invalid weekly hours: \(root\): / },
    { json: '{"monday":[["12:00","17:00"]]}', error: /\(root\): .*monday/ },
    { json: '{"mon":"10:00-18:00"}', error: /mon: / },
    { json: '{"mon":[["9:00","17:00"]]}', error: /mon\.0\.0: expected a time "HH:MM"/ },
    { json: '{"mon":[["12:00","25:00"]]}', error: /mon\.0\.1: expected a time "HH:MM"/ },
    { json: '{"mon":[["12:00","17:60"]]}', error: /mon\.0\.1: expected a time "HH:MM"/ },
    { json: '{"mon":[["17:00","12:00"]]}', error: /mon\.0: a period must end after it starts/ },
    { json: '{"mon":[["12:00","12:00"]]}', error: /mon\.0: a period must end after it starts/ },
    { json: '{"mon":[["24:00","24:00"]]}', error: /mon\.0: a period must end after it starts/ },
    { json: '{"mon":[["22:00","02:00"]]}', error: /cannot cross midnight/ },
    { json: '{"tue":[["10:00","13:00"],["12:00","17:00"]]}', error: /tue: periods on the same day overlap/ },
    { json: '{"mon":[["10:00","12:00","13:00"]]}', error: /mon\.0/ },
    { json: '{"mon":[[1000,1800]]}', error: /mon\.0\.0: / },
  ])("rejects $json", ({ json, error }) => {
    expect(() => parseWeeklyHours(json)).toThrow(error);
  });

  it("names every problem in one message", () => {
    expect(() => parseWeeklyHours('{"mon":[["9:00","17:00"]],"wed":[["18:00","10:00"]]}')).toThrow(
      'Invalid weekly hours: mon.0.0: expected a time "HH:MM" from 00:00 to 24:00; ' +
        "wed.0: a period must end after it starts (end is exclusive; periods cannot cross midnight)",
    );
  });

  it("the same rules guard configs that did not come through parseWeeklyHours", () => {
    const bad = { weekly: { mon: [["10:00", "25:00"]] }, yearEndClosure: true } as HoursConfig;
    expect(() => isOpenAt({ instant: jst("2026-07-13T12:00"), config: bad })).toThrow(/Invalid weekly hours: mon\.0\.1/);
  });
});

// ---------------------------------------------------------------------------------------------
// Holidays
// ---------------------------------------------------------------------------------------------

describe("national holidays 2000-2050", () => {
  it("holiday_jp and japanese-holidays agree on every date, and closedReason says 'holiday' on every weekday holiday", () => {
    // Precedence: a holiday on a Saturday or Sunday is reported as 'weekend' (the weekly
    // schedule comes first); every holiday on Monday-Friday is reported as 'holiday'.
    const config = CASE_B_NO_YEAR_END; // no year-end closure, so it cannot mask a holiday
    const disagreements: string[] = [];
    let holidays = 0;
    let weekdayHolidays = 0;
    const dates = eachDate("2000-01-01", "2050-12-31");
    for (const date of dates) {
      // Noon JST on that date, so japanese-holidays judges the intended JST calendar day.
      const computed = JapaneseHolidays.isHolidayAt(new Date(`${date}T12:00:00+09:00`));
      const table = holidayJp.isHoliday(date); // string in, no time zone involved
      const ours = holidayName(date);
      if (Boolean(computed) !== table || (ours !== null) !== table) {
        disagreements.push(`${date}: japanese-holidays=${computed ?? "-"} holiday_jp=${table} holidayName=${ours ?? "-"}`);
      }
      const weekday = weekdayOf(date);
      const isWeekend = weekday === 0 || weekday === 6;
      const expected: ClosedReason | null = isWeekend
        ? { kind: "weekend" }
        : table
          ? { kind: "holiday", name: ours ?? "?" }
          : null;
      const actual = closedReason({ date, config });
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        disagreements.push(`${date}: closedReason=${JSON.stringify(actual)} expected=${JSON.stringify(expected)}`);
      }
      if (table) holidays++;
      if (table && !isWeekend) weekdayHolidays++;
    }
    expect(disagreements).toEqual([]);
    expect(dates).toHaveLength(18_628);
    // 51 years of 15-22 holidays each; most of them fall on weekdays.
    expect(holidays).toBeGreaterThan(51 * 15);
    expect(weekdayHolidays).toBeGreaterThan(holidays * 0.7);
    expect(weekdayHolidays).toBeLessThan(holidays);
  });
});

describe("2019-2021 one-off holidays (enthronement, Tokyo Olympics)", () => {
  it.each([
    { date: "2019-04-30", name: "休日" },
    { date: "2019-05-01", name: "休日（祝日扱い）" },
    { date: "2019-05-02", name: "休日" },
    { date: "2019-10-22", name: "休日（祝日扱い）" },
    { date: "2020-07-23", name: "海の日" },
    { date: "2020-07-24", name: "スポーツの日" },
    { date: "2020-08-10", name: "山の日" },
    { date: "2021-07-22", name: "海の日" },
    { date: "2021-07-23", name: "スポーツの日" },
    { date: "2021-08-09", name: "山の日 振替休日" },
  ])("$date is a holiday ($name) and the desk is closed", ({ date, name }) => {
    expect(holidayName(date)).toBe(name);
    expect(JapaneseHolidays.isHolidayAt(new Date(`${date}T12:00:00+09:00`))).toBeTruthy();
    expect(closedReason({ date, config: CASE_B })).toEqual({ kind: "holiday", name });
    expect(isOpenAt({ instant: jst(`${date}T12:00`), config: CASE_B })).toBe(false);
  });

  it.each([
    { date: "2019-12-23", was: "天皇誕生日 until 2018" },
    { date: "2020-07-20", was: "海の日 (3rd Monday of July)" },
    { date: "2020-08-11", was: "山の日" },
    { date: "2020-10-12", was: "スポーツの日 (2nd Monday of October)" },
    { date: "2021-07-19", was: "海の日 (3rd Monday of July)" },
    { date: "2021-08-11", was: "山の日" },
    { date: "2021-10-11", was: "スポーツの日 (2nd Monday of October)" },
  ])("$date ($was) was a working day", ({ date }) => {
    expect(weekdayOf(date)).not.toBe(0);
    expect(weekdayOf(date)).not.toBe(6);
    expect(holidayName(date)).toBeNull();
    expect(JapaneseHolidays.isHolidayAt(new Date(`${date}T12:00:00+09:00`))).toBeUndefined();
    expect(closedReason({ date, config: CASE_B })).toBeNull();
    expect(isOpenAt({ instant: jst(`${date}T12:00`), config: CASE_B })).toBe(true);
  });
});

describe("substitute holidays (振替休日) and bridge days (国民の休日)", () => {
  it.each([
    { date: "1973-04-30", name: "天皇誕生日 振替休日" },
    { date: "2008-05-06", name: "こどもの日 振替休日" },
    { date: "2019-05-06", name: "こどもの日 振替休日" },
    { date: "2020-02-24", name: "天皇誕生日 振替休日" },
    { date: "2020-05-06", name: "憲法記念日 振替休日" }, // 5/3 Sunday; 5/4 and 5/5 are holidays → Wednesday
    { date: "2021-08-09", name: "山の日 振替休日" },
    { date: "2023-01-02", name: "元日 振替休日" },
    { date: "2024-02-12", name: "建国記念の日 振替休日" },
    { date: "2025-11-24", name: "勤労感謝の日 振替休日" },
    { date: "2026-05-06", name: "こどもの日 振替休日" },
    { date: "2027-03-22", name: "春分の日 振替休日" },
    // 国民の休日: a weekday between two holidays
    { date: "2009-09-22", name: "休日" },
    { date: "2015-09-22", name: "休日" },
    { date: "2026-09-22", name: "休日" },
    { date: "2032-09-21", name: "休日" },
    { date: "2006-05-04", name: "休日" },
  ])("$date: $name", ({ date, name }) => {
    expect(holidayName(date)).toBe(name);
    expect(closedReason({ date, config: CASE_B })).toEqual({ kind: "holiday", name });
  });

  it.each([
    { date: "2009-09-21", name: "敬老の日" },
    { date: "2009-09-23", name: "秋分の日" },
    { date: "2026-09-21", name: "敬老の日" },
    { date: "2026-09-23", name: "秋分の日" },
  ])("the bridge days are flanked by real holidays: $date $name", ({ date, name }) => {
    expect(holidayName(date)).toBe(name);
  });
});

describe("holidayName", () => {
  it.each([
    { date: "2026-01-01", name: "元日" },
    { date: "2026-01-12", name: "成人の日" },
    { date: "2026-02-23", name: "天皇誕生日" },
    { date: "2026-07-20", name: "海の日" },
    { date: "2026-07-15", name: null },
    { date: "2026-12-29", name: null }, // year-end closure is not a national holiday
    { date: "2051-01-01", name: null }, // beyond the data: see holidayDataCoversYear
  ])("$date → $name", ({ date, name }) => {
    expect(holidayName(date)).toBe(name);
  });

  it.each(["2026-7-1", "2026/07/01", "2026-02-30", "20260701", "", "constructor"])("rejects %j", (date) => {
    expect(() => holidayName(date)).toThrow(/'YYYY-MM-DD'/);
  });
});

describe("holidayDataCoversYear", () => {
  it.each([
    { year: 1970, covered: true },
    { year: 2000, covered: true },
    { year: 2026, covered: true },
    { year: 2027, covered: true },
    { year: 2050, covered: true },
    { year: 1969, covered: false },
    { year: 2051, covered: false },
    { year: 2099, covered: false },
    { year: 2026.5, covered: false },
  ])("$year → $covered", ({ year, covered }) => {
    expect(holidayDataCoversYear(year)).toBe(covered);
  });

  it("HOLIDAY_DATA_LAST_YEAR is the last covered year of the installed data", () => {
    expect(HOLIDAY_DATA_LAST_YEAR).toBe(2050);
    expect(holidayDataCoversYear(HOLIDAY_DATA_LAST_YEAR)).toBe(true);
    expect(holidayDataCoversYear(HOLIDAY_DATA_LAST_YEAR + 1)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Closed days: weekends, year-end, company closures, precedence
// ---------------------------------------------------------------------------------------------

describe("closedReason", () => {
  it.each<{ label: string; config: HoursConfig; date: string; expected: ClosedReason | null }>([
    // year-end closure on (12/29-1/3), 2025-12-26 Fri .. 2026-01-05 Mon
    { label: "year-end on", config: CASE_B, date: "2025-12-26", expected: null },
    { label: "year-end on", config: CASE_B, date: "2025-12-27", expected: { kind: "weekend" } },
    { label: "year-end on", config: CASE_B, date: "2025-12-28", expected: { kind: "weekend" } },
    { label: "year-end on", config: CASE_B, date: "2025-12-29", expected: { kind: "year-end" } },
    { label: "year-end on", config: CASE_B, date: "2025-12-30", expected: { kind: "year-end" } },
    { label: "year-end on", config: CASE_B, date: "2025-12-31", expected: { kind: "year-end" } },
    { label: "year-end on", config: CASE_B, date: "2026-01-01", expected: { kind: "holiday", name: "元日" } },
    { label: "year-end on", config: CASE_B, date: "2026-01-02", expected: { kind: "year-end" } },
    { label: "year-end on", config: CASE_B, date: "2026-01-03", expected: { kind: "weekend" } },
    { label: "year-end on", config: CASE_B, date: "2026-01-05", expected: null },
    { label: "year-end on", config: CASE_B, date: "2027-01-04", expected: null },
    { label: "year-end on", config: CASE_B, date: "2027-12-28", expected: null },
    { label: "year-end on", config: CASE_B, date: "2027-12-29", expected: { kind: "year-end" } },
    // year-end closure off
    { label: "year-end off", config: CASE_B_NO_YEAR_END, date: "2025-12-29", expected: null },
    { label: "year-end off", config: CASE_B_NO_YEAR_END, date: "2025-12-31", expected: null },
    { label: "year-end off", config: CASE_B_NO_YEAR_END, date: "2026-01-01", expected: { kind: "holiday", name: "元日" } },
    { label: "year-end off", config: CASE_B_NO_YEAR_END, date: "2026-01-02", expected: null },
    // custom range wrapping New Year: 12/26-1/5
    {
      label: "12-26..01-05",
      config: { ...CASE_B, yearEndClosure: { from: "12-26", to: "01-05" } },
      date: "2025-12-25",
      expected: null,
    },
    {
      label: "12-26..01-05",
      config: { ...CASE_B, yearEndClosure: { from: "12-26", to: "01-05" } },
      date: "2025-12-26",
      expected: { kind: "year-end" },
    },
    {
      label: "12-26..01-05",
      config: { ...CASE_B, yearEndClosure: { from: "12-26", to: "01-05" } },
      date: "2026-01-05",
      expected: { kind: "year-end" },
    },
    {
      label: "12-26..01-05",
      config: { ...CASE_B, yearEndClosure: { from: "12-26", to: "01-05" } },
      date: "2026-01-06",
      expected: null,
    },
    // custom range inside one year: 08-12..08-14
    {
      label: "08-12..08-14",
      config: { ...CASE_B, yearEndClosure: { from: "08-12", to: "08-14" } },
      date: "2026-08-11",
      expected: { kind: "holiday", name: "山の日" },
    },
    {
      label: "08-12..08-14",
      config: { ...CASE_B, yearEndClosure: { from: "08-12", to: "08-14" } },
      date: "2026-08-12",
      expected: { kind: "year-end" },
    },
    {
      label: "08-12..08-14",
      config: { ...CASE_B, yearEndClosure: { from: "08-12", to: "08-14" } },
      date: "2026-08-14",
      expected: { kind: "year-end" },
    },
    {
      label: "08-12..08-14",
      config: { ...CASE_B, yearEndClosure: { from: "08-12", to: "08-14" } },
      date: "2026-08-17",
      expected: null,
    },
    {
      label: "08-12..08-14",
      config: { ...CASE_B, yearEndClosure: { from: "08-12", to: "08-14" } },
      date: "2026-12-29",
      expected: null,
    },
    // company closure days; precedence holiday > year-end > company
    {
      label: "company",
      config: { ...CASE_B, closureDays: ["2026-08-13", "2026-08-14", "2026-08-15", "2026-11-03", "2026-12-29"] },
      date: "2026-08-12",
      expected: null,
    },
    {
      label: "company",
      config: { ...CASE_B, closureDays: ["2026-08-13", "2026-08-14", "2026-08-15", "2026-11-03", "2026-12-29"] },
      date: "2026-08-13",
      expected: { kind: "company" },
    },
    {
      label: "company",
      config: { ...CASE_B, closureDays: ["2026-08-13", "2026-08-14", "2026-08-15", "2026-11-03", "2026-12-29"] },
      date: "2026-08-14",
      expected: { kind: "company" },
    },
    {
      label: "company",
      config: { ...CASE_B, closureDays: ["2026-08-13", "2026-08-14", "2026-08-15", "2026-11-03", "2026-12-29"] },
      date: "2026-08-15",
      expected: { kind: "weekend" },
    },
    {
      label: "company",
      config: { ...CASE_B, closureDays: ["2026-08-13", "2026-08-14", "2026-08-15", "2026-11-03", "2026-12-29"] },
      date: "2026-11-03",
      expected: { kind: "holiday", name: "文化の日" },
    },
    {
      label: "company",
      config: { ...CASE_B, closureDays: ["2026-08-13", "2026-08-14", "2026-08-15", "2026-11-03", "2026-12-29"] },
      date: "2026-12-29",
      expected: { kind: "year-end" },
    },
    {
      label: "company",
      config: { ...CASE_B, closureDays: ["2026-08-13", "2026-08-14", "2026-08-15", "2026-11-03", "2026-12-29"] },
      date: "2027-08-13",
      expected: null,
    },
    // weekend vs holiday: the weekly schedule comes first
    { label: "Sat holiday, closed Sat", config: CASE_B, date: "2028-04-29", expected: { kind: "weekend" } },
    { label: "Sun holiday, closed Sun", config: CASE_B, date: "2021-08-08", expected: { kind: "weekend" } },
    { label: "Sun holiday, closed Sun", config: CASE_B, date: "2026-05-03", expected: { kind: "weekend" } },
    {
      label: "Sat holiday, open Sat",
      config: WITH_SATURDAY,
      date: "2028-04-29",
      expected: { kind: "holiday", name: "昭和の日" },
    },
    { label: "plain Sat, open Sat", config: WITH_SATURDAY, date: "2026-07-18", expected: null },
    { label: "Sun, open Sat", config: WITH_SATURDAY, date: "2026-07-19", expected: { kind: "weekend" } },
    { label: "Sat year-end, open Sat", config: WITH_SATURDAY, date: "2026-01-03", expected: { kind: "year-end" } },
    // weekdays without hours
    { label: "Mon-Thu only", config: MON_TO_THU, date: "2026-07-17", expected: { kind: "no-hours" } },
    { label: "Mon-Thu only", config: MON_TO_THU, date: "2026-07-16", expected: null },
    { label: "no hours at all", config: NO_HOURS, date: "2026-07-15", expected: { kind: "no-hours" } },
    { label: "no hours at all", config: NO_HOURS, date: "2026-07-18", expected: { kind: "weekend" } },
  ])("$label: $date → $expected.kind", ({ config, date, expected }) => {
    expect(closedReason({ date, config })).toEqual(expected);
  });

  it.each<{ label: string; date: string; config: HoursConfig; error: RegExp }>([
    { label: "impossible date", date: "2026-02-30", config: CASE_B, error: /'YYYY-MM-DD'/ },
    { label: "slashes", date: "2026/07/15", config: CASE_B, error: /'YYYY-MM-DD'/ },
    { label: "bad closure day", date: "2026-07-15", config: { ...CASE_B, closureDays: ["2026-13-01"] }, error: /closure day/ },
    {
      label: "bad year-end from",
      date: "2026-07-15",
      config: { ...CASE_B, yearEndClosure: { from: "12-32", to: "01-03" } },
      error: /yearEndClosure\.from/,
    },
    {
      label: "bad year-end to",
      date: "2026-07-15",
      config: { ...CASE_B, yearEndClosure: { from: "12-29", to: "1-3" } },
      error: /yearEndClosure\.to/,
    },
  ])("throws on $label", ({ date, config, error }) => {
    expect(() => closedReason({ date, config })).toThrow(error);
  });

  it("company closure days close the desk all day", () => {
    const config: HoursConfig = { ...CASE_A, closureDays: ["2026-08-13"] };
    expect(isOpenAt({ instant: jst("2026-08-13T12:00"), config })).toBe(false);
    expect(isOpenAt({ instant: jst("2026-08-12T12:00"), config })).toBe(true);
    expect(iso(nextOpening({ instant: jst("2026-08-12T17:00"), config }))).toBe(iso(jst("2026-08-14T12:00")));
  });
});

// ---------------------------------------------------------------------------------------------
// Opening and closing minutes
// ---------------------------------------------------------------------------------------------

describe("isOpenAt at the opening and closing minutes (2026-07-15 is a Wednesday)", () => {
  it.each<{ hours: string; config: HoursConfig; instant: string; open: boolean }>([
    { hours: "A 12-17", config: CASE_A, instant: "2026-07-15T11:59:59+09:00", open: false },
    { hours: "A 12-17", config: CASE_A, instant: "2026-07-15T11:59:59.999+09:00", open: false },
    { hours: "A 12-17", config: CASE_A, instant: "2026-07-15T12:00:00+09:00", open: true },
    { hours: "A 12-17", config: CASE_A, instant: "2026-07-15T03:00:00Z", open: true },
    { hours: "A 12-17", config: CASE_A, instant: "2026-07-15T16:59:59+09:00", open: true },
    { hours: "A 12-17", config: CASE_A, instant: "2026-07-15T16:59:59.999+09:00", open: true },
    { hours: "A 12-17", config: CASE_A, instant: "2026-07-15T17:00:00+09:00", open: false },
    { hours: "A 12-17", config: CASE_A, instant: "2026-07-15T08:00:00Z", open: false },
    { hours: "A 12-17", config: CASE_A, instant: "2026-07-15T10:30:00+09:00", open: false },
    { hours: "A 12-17", config: CASE_A, instant: "2026-07-18T14:00:00+09:00", open: false },
    { hours: "B 10-18", config: CASE_B, instant: "2026-07-15T09:59:59+09:00", open: false },
    { hours: "B 10-18", config: CASE_B, instant: "2026-07-15T10:00:00+09:00", open: true },
    { hours: "B 10-18", config: CASE_B, instant: "2026-07-15T01:00:00Z", open: true },
    { hours: "B 10-18", config: CASE_B, instant: "2026-07-15T17:59:59+09:00", open: true },
    { hours: "B 10-18", config: CASE_B, instant: "2026-07-15T18:00:00+09:00", open: false },
    { hours: "B 10-18", config: CASE_B, instant: "2026-07-15T09:00:00Z", open: false },
    { hours: "B 10-18", config: CASE_B, instant: "2026-07-20T12:00:00+09:00", open: false }, // 海の日
    // UTC evening of Friday is already Saturday in Japan
    { hours: "B 10-18", config: CASE_B, instant: "2026-07-17T08:59:59Z", open: true },
    { hours: "B 10-18", config: CASE_B, instant: "2026-07-17T09:00:00Z", open: false },
    // UTC Sunday evening is Monday morning in Japan
    { hours: "B 10-18", config: CASE_B, instant: "2026-07-12T23:30:00Z", open: false },
    { hours: "B 10-18", config: CASE_B, instant: "2026-07-13T01:30:00Z", open: true },
    { hours: "lunch", config: LUNCH_BREAK, instant: "2026-07-15T11:59:59+09:00", open: true },
    { hours: "lunch", config: LUNCH_BREAK, instant: "2026-07-15T12:00:00+09:00", open: false },
    { hours: "lunch", config: LUNCH_BREAK, instant: "2026-07-15T12:59:59+09:00", open: false },
    { hours: "lunch", config: LUNCH_BREAK, instant: "2026-07-15T13:00:00+09:00", open: true },
    {
      hours: "until 24:00",
      config: { weekly: { mon: [["20:00", "24:00"]] }, yearEndClosure: false },
      instant: "2026-07-13T23:59:59+09:00",
      open: true,
    },
    {
      hours: "until 24:00",
      config: { weekly: { mon: [["20:00", "24:00"]] }, yearEndClosure: false },
      instant: "2026-07-14T00:00:00+09:00",
      open: false,
    },
  ])("$hours: $instant → $open", ({ config, instant, open }) => {
    expect(isOpenAt({ instant: new Date(instant), config })).toBe(open);
    expect(currentPeriod({ instant: new Date(instant), config }) !== null).toBe(open);
  });
});

describe("currentPeriod", () => {
  it.each<{ label: string; config: HoursConfig; instant: string; period: [string, string] | null }>([
    { label: "A at opening", config: CASE_A, instant: "2026-07-15T12:00", period: ["2026-07-15T12:00", "2026-07-15T17:00"] },
    { label: "A last second", config: CASE_A, instant: "2026-07-15T16:59:59", period: ["2026-07-15T12:00", "2026-07-15T17:00"] },
    { label: "A at closing", config: CASE_A, instant: "2026-07-15T17:00", period: null },
    { label: "B midday", config: CASE_B, instant: "2026-07-15T13:45", period: ["2026-07-15T10:00", "2026-07-15T18:00"] },
    { label: "B holiday", config: CASE_B, instant: "2026-07-20T13:45", period: null },
    {
      label: "morning session",
      config: LUNCH_BREAK,
      instant: "2026-07-15T11:00",
      period: ["2026-07-15T09:00", "2026-07-15T12:00"],
    },
    { label: "lunch break", config: LUNCH_BREAK, instant: "2026-07-15T12:30", period: null },
    {
      label: "afternoon session",
      config: LUNCH_BREAK,
      instant: "2026-07-15T16:00",
      period: ["2026-07-15T13:00", "2026-07-15T17:00"],
    },
    {
      label: "touching periods merge",
      config: {
        weekly: {
          wed: [
            ["12:00", "13:00"],
            ["10:00", "12:00"],
          ],
        },
        yearEndClosure: false,
      },
      instant: "2026-07-15T11:00",
      period: ["2026-07-15T10:00", "2026-07-15T13:00"],
    },
  ])("$label: $instant", ({ config, instant, period }) => {
    const result = currentPeriod({ instant: jst(instant), config });
    expect(result === null ? null : [iso(result.opensAt), iso(result.closesAt)]).toEqual(
      period === null ? null : [iso(jst(period[0])), iso(jst(period[1]))],
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Next opening, due times, open minutes
// ---------------------------------------------------------------------------------------------

describe("nextOpening", () => {
  it.each<{ label: string; config: HoursConfig; instant: string; expected: string | null }>([
    { label: "before opening", config: CASE_B, instant: "2026-07-15T09:00", expected: "2026-07-15T10:00" },
    { label: "one second before opening", config: CASE_B, instant: "2026-07-15T09:59:59", expected: "2026-07-15T10:00" },
    {
      label: "exactly at opening (open: the next period)",
      config: CASE_B,
      instant: "2026-07-15T10:00",
      expected: "2026-07-16T10:00",
    },
    { label: "open", config: CASE_B, instant: "2026-07-15T12:00", expected: "2026-07-16T10:00" },
    { label: "at closing", config: CASE_B, instant: "2026-07-15T18:00", expected: "2026-07-16T10:00" },
    { label: "late night", config: CASE_B, instant: "2026-07-15T23:59:59", expected: "2026-07-16T10:00" },
    { label: "after midnight", config: CASE_B, instant: "2026-07-16T00:00", expected: "2026-07-16T10:00" },
    { label: "Friday evening, Monday 海の日", config: CASE_B, instant: "2026-07-17T18:00", expected: "2026-07-21T10:00" },
    { label: "Saturday", config: CASE_B, instant: "2026-07-18T12:00", expected: "2026-07-21T10:00" },
    { label: "Case A Friday closing, Monday 海の日", config: CASE_A, instant: "2026-07-17T17:00", expected: "2026-07-21T12:00" },
    { label: "before 昭和の日", config: CASE_B, instant: "2026-04-28T18:00", expected: "2026-04-30T10:00" },
    { label: "Golden Week", config: CASE_B, instant: "2026-05-01T18:00", expected: "2026-05-07T10:00" },
    {
      label: "Silver Week (敬老の日, 国民の休日, 秋分の日)",
      config: CASE_B,
      instant: "2026-09-18T18:00",
      expected: "2026-09-24T10:00",
    },
    { label: "year-end on", config: CASE_B, instant: "2025-12-26T18:00", expected: "2026-01-05T10:00" },
    { label: "year-end off", config: CASE_B_NO_YEAR_END, instant: "2025-12-26T18:00", expected: "2025-12-29T10:00" },
    { label: "year-end off, 元日", config: CASE_B_NO_YEAR_END, instant: "2025-12-31T18:00", expected: "2026-01-02T10:00" },
    { label: "lunch break", config: LUNCH_BREAK, instant: "2026-07-15T12:30", expected: "2026-07-15T13:00" },
    { label: "morning session (open)", config: LUNCH_BREAK, instant: "2026-07-15T10:30", expected: "2026-07-15T13:00" },
    { label: "afternoon session (open)", config: LUNCH_BREAK, instant: "2026-07-15T13:00", expected: "2026-07-16T09:00" },
    { label: "Saturday hours", config: WITH_SATURDAY, instant: "2026-07-17T18:00", expected: "2026-07-18T10:00" },
    { label: "no hours at all", config: NO_HOURS, instant: "2026-07-15T12:00", expected: null },
    { label: "closed all year", config: CLOSED_ALL_YEAR, instant: "2026-07-15T12:00", expected: null },
  ])("$label: $instant → $expected", ({ config, instant, expected }) => {
    expect(iso(nextOpening({ instant: jst(instant), config }))).toBe(expected === null ? null : iso(jst(expected)));
  });

  it("gives up after 400 days without an opening", () => {
    // Closed all of 2026 except 2026-12-31 (a Thursday) ...
    const config: HoursConfig = { ...CASE_B, yearEndClosure: { from: "01-01", to: "12-30" } };
    expect(iso(nextOpening({ instant: jst("2026-01-01T00:00"), config }))).toBe(iso(jst("2026-12-31T10:00")));
    // ... and after it, nothing until 2027-12-31, 365 days later: found, 400-day horizon
    expect(iso(nextOpening({ instant: jst("2026-12-31T10:00"), config }))).toBe(iso(jst("2027-12-31T10:00")));
    // 2028-12-31 is a Sunday and 2029-12-31 is 400+ days later than 2027-12-31
    expect(nextOpening({ instant: jst("2027-12-31T10:00"), config })).toBeNull();
  });
});

describe("openingAtOrAfter", () => {
  it.each<{ label: string; config: HoursConfig; instant: string; expected: string | null }>([
    { label: "open", config: CASE_B, instant: "2026-07-15T12:34:56", expected: "2026-07-15T12:34:56" },
    { label: "exactly at opening", config: CASE_B, instant: "2026-07-15T10:00", expected: "2026-07-15T10:00" },
    { label: "last second", config: CASE_B, instant: "2026-07-15T17:59:59", expected: "2026-07-15T17:59:59" },
    { label: "at closing", config: CASE_B, instant: "2026-07-15T18:00", expected: "2026-07-16T10:00" },
    { label: "Saturday before 海の日", config: CASE_B, instant: "2026-07-18T09:00", expected: "2026-07-21T10:00" },
    { label: "Case A morning", config: CASE_A, instant: "2026-07-15T09:00", expected: "2026-07-15T12:00" },
    { label: "year-end", config: CASE_A, instant: "2026-12-28T17:00", expected: "2027-01-04T12:00" },
    { label: "no hours", config: NO_HOURS, instant: "2026-07-15T12:00", expected: null },
  ])("$label: $instant → $expected", ({ config, instant, expected }) => {
    expect(iso(openingAtOrAfter({ instant: jst(instant), config }))).toBe(expected === null ? null : iso(jst(expected)));
  });
});

describe("addBusinessMinutes", () => {
  it.each<{ label: string; config: HoursConfig; instant: string; minutes: number; expected: string | null }>([
    { label: "within the day", config: CASE_B, instant: "2026-07-15T10:00", minutes: 60, expected: "2026-07-15T11:00" },
    { label: "before opening", config: CASE_B, instant: "2026-07-15T09:00", minutes: 60, expected: "2026-07-15T11:00" },
    { label: "ends exactly at closing", config: CASE_B, instant: "2026-07-15T17:00", minutes: 60, expected: "2026-07-15T18:00" },
    { label: "over the night", config: CASE_B, instant: "2026-07-15T17:30", minutes: 60, expected: "2026-07-16T10:30" },
    { label: "at closing", config: CASE_B, instant: "2026-07-15T18:00", minutes: 1, expected: "2026-07-16T10:01" },
    { label: "a full day", config: CASE_B, instant: "2026-07-15T21:00", minutes: 480, expected: "2026-07-16T18:00" },
    { label: "a full day and a minute", config: CASE_B, instant: "2026-07-15T21:00", minutes: 481, expected: "2026-07-17T10:01" },
    { label: "five days over 海の日", config: CASE_B, instant: "2026-07-15T10:00", minutes: 2400, expected: "2026-07-22T18:00" },
    // the DOMAIN example: web inquiry Friday 22:00 before a Monday holiday, 60 minutes target
    {
      label: "Friday 22:00 before 海の日",
      config: CASE_B,
      instant: "2026-07-17T22:00",
      minutes: 60,
      expected: "2026-07-21T11:00",
    },
    // Monday 敬老の日, Tuesday 国民の休日, Wednesday 秋分の日: due Thursday
    {
      label: "Friday 22:00 before Silver Week",
      config: CASE_B,
      instant: "2026-09-18T22:00",
      minutes: 60,
      expected: "2026-09-24T11:00",
    },
    { label: "Golden Week", config: CASE_B, instant: "2026-05-01T22:00", minutes: 60, expected: "2026-05-07T11:00" },
    {
      label: "Golden Week, partly used before",
      config: CASE_B,
      instant: "2026-05-01T17:30",
      minutes: 60,
      expected: "2026-05-07T10:30",
    },
    { label: "year-end", config: CASE_B, instant: "2025-12-26T17:30", minutes: 60, expected: "2026-01-05T10:30" },
    { label: "year-end off", config: CASE_B_NO_YEAR_END, instant: "2025-12-26T17:30", minutes: 60, expected: "2025-12-29T10:30" },
    { label: "Case A over 海の日", config: CASE_A, instant: "2026-07-17T16:30", minutes: 60, expected: "2026-07-21T12:30" },
    { label: "Case A seconds", config: CASE_A, instant: "2026-07-15T11:59:30", minutes: 1, expected: "2026-07-15T12:01:00" },
    {
      label: "Case A from inside with seconds",
      config: CASE_A,
      instant: "2026-07-15T16:59:30",
      minutes: 1,
      expected: "2026-07-16T12:00:30",
    },
    {
      label: "Case A default target 480",
      config: CASE_A,
      instant: "2026-07-15T12:00",
      minutes: 480,
      expected: "2026-07-16T15:00",
    },
    { label: "lunch break pauses", config: LUNCH_BREAK, instant: "2026-07-15T11:30", minutes: 60, expected: "2026-07-15T13:30" },
    { label: "fractional minutes", config: CASE_B, instant: "2026-07-15T10:00", minutes: 0.5, expected: "2026-07-15T10:00:30" },
    { label: "zero when open", config: CASE_B, instant: "2026-07-15T12:34", minutes: 0, expected: "2026-07-15T12:34" },
    {
      label: "zero when closed: next opening",
      config: CASE_B,
      instant: "2026-07-18T12:00",
      minutes: 0,
      expected: "2026-07-21T10:00",
    },
    { label: "no hours", config: NO_HOURS, instant: "2026-07-15T12:00", minutes: 60, expected: null },
    { label: "closed all year", config: CLOSED_ALL_YEAR, instant: "2026-07-15T12:00", minutes: 60, expected: null },
  ])("$label: $instant + $minutes min → $expected", ({ config, instant, minutes, expected }) => {
    expect(iso(addBusinessMinutes({ instant: jst(instant), minutes, config }))).toBe(
      expected === null ? null : iso(jst(expected)),
    );
  });

  it("counts on past the 400-day search horizon as long as the desk keeps opening: 300 working days", () => {
    // The 300th open day from New Year 2026, counted day by day with closedReason.
    const openDays = eachDate("2026-01-01", "2027-12-31").filter((date) => closedReason({ date, config: CASE_B }) === null);
    const lastDay = openDays[299] ?? "";
    expect(lastDay > "2027-02-05").toBe(true); // more than 400 days after 2026-01-01
    const due = addBusinessMinutes({ instant: jst("2026-01-01T00:00"), minutes: 480 * 300, config: CASE_B });
    expect(iso(due)).toBe(iso(jst(`${lastDay}T18:00`)));
    expect(businessMinutesBetween({ from: jst("2026-01-01T00:00"), to: due ?? new Date(0), config: CASE_B })).toBe(480 * 300);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("rejects %s minutes", (minutes) => {
    expect(() => addBusinessMinutes({ instant: jst("2026-07-15T12:00"), minutes, config: CASE_B })).toThrow(RangeError);
  });

  it("is the inverse of businessMinutesBetween for instants all over spring 2026", () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (let ms = jst("2026-04-20T00:00").getTime(); ms < jst("2026-06-01T00:00").getTime(); ms += 317 * 60_000) {
      for (const config of [CASE_A, CASE_B, LUNCH_BREAK]) {
        for (const minutes of [1, 45, 60, 300, 480, 1000]) {
          const instant = new Date(ms);
          const due = addBusinessMinutes({ instant, minutes, config });
          if (due === null) {
            mismatches.push(`${instant.toISOString()} +${minutes}: null`);
            continue;
          }
          const between = businessMinutesBetween({ from: instant, to: due, config });
          // the due time is the end of an open stretch: open just before it
          const openJustBefore = isOpenAt({ instant: new Date(due.getTime() - 1), config });
          if (between !== minutes || !openJustBefore) {
            mismatches.push(
              `${instant.toISOString()} +${minutes} → ${due.toISOString()}: ${between} min, open before=${openJustBefore}`,
            );
          }
          checked++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(3000);
  });
});

describe("businessMinutesBetween", () => {
  it.each<{ label: string; config: HoursConfig; from: string; to: string; minutes: number }>([
    { label: "a whole working day", config: CASE_B, from: "2026-07-15T09:00", to: "2026-07-15T19:00", minutes: 480 },
    { label: "same instant", config: CASE_B, from: "2026-07-15T12:00", to: "2026-07-15T12:00", minutes: 0 },
    { label: "closed stretch", config: CASE_B, from: "2026-07-15T18:00", to: "2026-07-16T10:00", minutes: 0 },
    { label: "over the night", config: CASE_B, from: "2026-07-15T17:30", to: "2026-07-16T10:30", minutes: 60 },
    { label: "over 海の日 weekend", config: CASE_B, from: "2026-07-17T17:00", to: "2026-07-21T11:00", minutes: 120 },
    { label: "a normal week", config: CASE_B, from: "2026-07-13T00:00", to: "2026-07-20T00:00", minutes: 5 * 480 },
    { label: "the week of 海の日", config: CASE_B, from: "2026-07-20T00:00", to: "2026-07-27T00:00", minutes: 4 * 480 },
    { label: "Case A normal week", config: CASE_A, from: "2026-07-13T00:00", to: "2026-07-20T00:00", minutes: 5 * 300 },
    { label: "lunch-break week", config: LUNCH_BREAK, from: "2026-07-13T00:00", to: "2026-07-20T00:00", minutes: 5 * 420 },
    // 4/27 Mon, 4/28 Tue, 4/30 Thu, 5/1 Fri, 5/7 Thu, 5/8 Fri
    { label: "Golden Week fortnight", config: CASE_B, from: "2026-04-27T00:00", to: "2026-05-11T00:00", minutes: 6 * 480 },
    // Fri 9/18 and Thu 9/24 only
    { label: "Silver Week", config: CASE_B, from: "2026-09-18T00:00", to: "2026-09-25T00:00", minutes: 2 * 480 },
    // 12/22-26 and 1/5-9
    { label: "year-end on", config: CASE_B, from: "2025-12-22T00:00", to: "2026-01-12T00:00", minutes: 10 * 480 },
    // plus 12/29, 12/30, 12/31, 1/2
    { label: "year-end off", config: CASE_B_NO_YEAR_END, from: "2025-12-22T00:00", to: "2026-01-12T00:00", minutes: 14 * 480 },
    {
      label: "company day",
      config: { ...CASE_B, closureDays: ["2026-07-14"] },
      from: "2026-07-13T00:00",
      to: "2026-07-20T00:00",
      minutes: 4 * 480,
    },
    { label: "half a minute", config: CASE_B, from: "2026-07-15T10:00:00", to: "2026-07-15T10:00:30", minutes: 0.5 },
    { label: "reversed is negative", config: CASE_B, from: "2026-07-16T10:30", to: "2026-07-15T17:30", minutes: -60 },
    { label: "no hours", config: NO_HOURS, from: "2026-07-13T00:00", to: "2026-07-20T00:00", minutes: 0 },
  ])("$label: $from → $to = $minutes", ({ config, from, to, minutes }) => {
    expect(businessMinutesBetween({ from: jst(from), to: jst(to), config })).toBe(minutes);
  });

  it("a full year of Case B hours: 2026 has 240 working days", () => {
    // 261 weekdays - 17 weekday holidays - 4 year-end days (1/2, 12/29, 12/30, 12/31)
    const dates = eachDate("2026-01-01", "2026-12-31");
    const openDays = dates.filter((date) => closedReason({ date, config: CASE_B }) === null).length;
    expect(openDays).toBe(240);
    expect(businessMinutesBetween({ from: jst("2026-01-01T00:00"), to: jst("2027-01-01T00:00"), config: CASE_B })).toBe(
      openDays * 480,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Summary text
// ---------------------------------------------------------------------------------------------

describe("describeWeeklyHours", () => {
  it.each<{ label: string; weekly: WeeklyHours; yearEndClosure?: HoursConfig["yearEndClosure"]; ja: string; en: string }>([
    {
      label: "Case A",
      weekly: CASE_A.weekly,
      ja: "平日 12:00〜17:00（土日祝日・年末年始を除く）",
      en: "Weekdays 12:00–17:00 JST (closed weekends, national holidays and 29 Dec–3 Jan)",
    },
    {
      label: "Case B",
      weekly: CASE_B.weekly,
      ja: "平日 10:00〜18:00（土日祝日・年末年始を除く）",
      en: "Weekdays 10:00–18:00 JST (closed weekends, national holidays and 29 Dec–3 Jan)",
    },
    {
      label: "no year-end closure",
      weekly: CASE_B.weekly,
      yearEndClosure: false,
      ja: "平日 10:00〜18:00（土日祝日を除く）",
      en: "Weekdays 10:00–18:00 JST (closed weekends and national holidays)",
    },
    {
      label: "custom year-end",
      weekly: CASE_B.weekly,
      yearEndClosure: { from: "12-28", to: "01-04" },
      ja: "平日 10:00〜18:00（土日祝日・年末年始（12/28〜1/4）を除く）",
      en: "Weekdays 10:00–18:00 JST (closed weekends, national holidays and 28 Dec–4 Jan)",
    },
    {
      label: "Saturday mornings",
      weekly: WITH_SATURDAY.weekly,
      ja: "平日 10:00〜18:00／土曜 10:00〜14:00（日曜・祝日・年末年始を除く）",
      en: "Weekdays 10:00–18:00; Sat 10:00–14:00 JST (closed Sundays, national holidays and 29 Dec–3 Jan)",
    },
    {
      label: "lunch break",
      weekly: LUNCH_BREAK.weekly,
      ja: "平日 09:00〜12:00、13:00〜17:00（土日祝日・年末年始を除く）",
      en: "Weekdays 09:00–12:00 and 13:00–17:00 JST (closed weekends, national holidays and 29 Dec–3 Jan)",
    },
    {
      label: "short Friday",
      weekly: { ...MON_TO_THU.weekly, fri: [["10:00", "16:00"]] },
      ja: "月〜木 10:00〜18:00／金曜 10:00〜16:00（土日祝日・年末年始を除く）",
      en: "Mon–Thu 10:00–18:00; Fri 10:00–16:00 JST (closed weekends, national holidays and 29 Dec–3 Jan)",
    },
    {
      label: "Mon, Wed, Fri",
      weekly: { mon: [["10:00", "18:00"]], wed: [["10:00", "18:00"]], fri: [["10:00", "18:00"]] },
      ja: "月・水・金 10:00〜18:00（火曜・木曜・土日祝日・年末年始を除く）",
      en: "Mon, Wed, Fri 10:00–18:00 JST (closed Tuesdays, Thursdays, weekends, national holidays and 29 Dec–3 Jan)",
    },
    {
      label: "Mon-Sat",
      weekly: { ...CASE_B.weekly, sat: [["10:00", "18:00"]] },
      ja: "月〜土 10:00〜18:00（日曜・祝日・年末年始を除く）",
      en: "Mon–Sat 10:00–18:00 JST (closed Sundays, national holidays and 29 Dec–3 Jan)",
    },
    {
      label: "weekends only",
      weekly: { sat: [["10:00", "16:00"]], sun: [["10:00", "16:00"]] },
      yearEndClosure: false,
      ja: "土日 10:00〜16:00（月曜・火曜・水曜・木曜・金曜・祝日を除く）",
      en: "Weekends 10:00–16:00 JST (closed Mondays, Tuesdays, Wednesdays, Thursdays, Fridays and national holidays)",
    },
    {
      label: "every day, all day",
      weekly: {
        mon: [["00:00", "24:00"]],
        tue: [["00:00", "24:00"]],
        wed: [["00:00", "24:00"]],
        thu: [["00:00", "24:00"]],
        fri: [["00:00", "24:00"]],
        sat: [["00:00", "24:00"]],
        sun: [["00:00", "24:00"]],
      },
      ja: "毎日 00:00〜24:00（祝日・年末年始を除く）",
      en: "Every day 00:00–24:00 JST (closed national holidays and 29 Dec–3 Jan)",
    },
    { label: "no hours", weekly: {}, ja: "受付時間の設定なし", en: "No opening hours configured" },
  ])("$label", ({ weekly, yearEndClosure, ja, en }) => {
    expect(describeWeeklyHours({ weekly, locale: "ja", ...(yearEndClosure === undefined ? {} : { yearEndClosure }) })).toBe(ja);
    expect(describeWeeklyHours({ weekly, locale: "en", ...(yearEndClosure === undefined ? {} : { yearEndClosure }) })).toBe(en);
  });
});

// ---------------------------------------------------------------------------------------------
// Server time zone independence
// ---------------------------------------------------------------------------------------------

/**
 * Plain JavaScript evaluated both here (TZ=UTC, set by tests/setup/per-file.ts) and in child
 * processes with other TZ values; `m` is the business-hours module.
 */
const TZ_PROBE = `
  const B = { weekly: { mon: [["10:00","18:00"]], tue: [["10:00","18:00"]], wed: [["10:00","18:00"]],
    thu: [["10:00","18:00"]], fri: [["10:00","18:00"]] }, yearEndClosure: true };
  const iso = (d) => (d === null ? null : d.toISOString());
  return {
    tokyoDate: m.tokyoDate(new Date("2026-09-21T15:30:00Z")),
    tokyoTime: m.tokyoTime(new Date("2026-09-21T15:30:00Z")),
    holidayName: m.holidayName("2026-09-22"),
    closed: ["2026-09-21", "2026-09-22", "2026-09-24", "2026-12-31", "2027-01-01"].map(
      (date) => m.closedReason({ date, config: B })),
    open: ["2026-09-24T00:59:59Z", "2026-09-24T01:00:00Z", "2026-09-24T08:59:59Z", "2026-09-24T09:00:00Z",
      "2026-09-22T03:00:00Z"].map((s) => m.isOpenAt({ instant: new Date(s), config: B })),
    nextOpening: iso(m.nextOpening({ instant: new Date("2026-09-18T13:00:00Z"), config: B })),
    due: iso(m.addBusinessMinutes({ instant: new Date("2026-07-17T13:00:00Z"), minutes: 60, config: B })),
    between: m.businessMinutesBetween({ from: new Date("2026-04-27T00:00:00+09:00"),
      to: new Date("2026-05-11T00:00:00+09:00"), config: B }),
  };
`;

const TZ_EXPECTED = {
  tokyoDate: "2026-09-22",
  tokyoTime: "00:30",
  holidayName: "休日",
  closed: [
    { kind: "holiday", name: "敬老の日" },
    { kind: "holiday", name: "休日" },
    null,
    { kind: "year-end" },
    { kind: "holiday", name: "元日" },
  ],
  open: [false, true, true, false, false],
  nextOpening: "2026-09-24T01:00:00.000Z",
  due: "2026-07-21T02:00:00.000Z",
  between: 2880,
};

describe("server time zone independence", () => {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const moduleUrl = pathToFileURL(path.join(repoRoot, "app/domain/business-hours.ts")).href;

  it("gives the expected answers in this process (TZ=UTC)", () => {
    expect(new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset()).toBe(0);
    const probe = new Function("m", TZ_PROBE) as (m: typeof businessHours) => unknown;
    expect(probe(businessHours)).toEqual(TZ_EXPECTED);
  });

  it.each([
    { tz: "America/Los_Angeles", offset: 480 },
    { tz: "Pacific/Kiritimati", offset: -840 },
  ])("gives the same answers in a child process with TZ=$tz", async ({ tz, offset }) => {
    const script = `
      const m = await import(${JSON.stringify(moduleUrl)});
      const probe = new Function("m", ${JSON.stringify(TZ_PROBE)});
      const offset = new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset();
      process.stdout.write(JSON.stringify({ offset, result: probe(m) }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script], {
      cwd: repoRoot,
      env: { ...process.env, TZ: tz },
      timeout: 60_000,
    });
    const output = JSON.parse(stdout) as { offset: number; result: unknown };
    expect(output.offset).toBe(offset); // the child really runs in that zone
    expect(output.result).toEqual(TZ_EXPECTED);
  });
});
