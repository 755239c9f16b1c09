/** The dashboard's arithmetic: rates, the AHT split, JST buckets and staffing per bucket. */
import type { HoursConfig } from "./business-hours";
import {
  abandonmentRate,
  answerRate,
  dayBuckets,
  handleTimeSplit,
  hourBuckets,
  rate,
  staffing,
  tokyoDateHour,
} from "./dashboard-figures";

const HOURS_12_1730: HoursConfig = {
  weekly: {
    mon: [["12:00", "17:30"]],
    tue: [["12:00", "17:30"]],
    wed: [["12:00", "17:30"]],
    thu: [["12:00", "17:30"]],
    fri: [["12:00", "17:30"]],
  },
  yearEndClosure: true,
};

describe("rates", () => {
  it.each([
    [3, 5, 0.6],
    [0, 5, 0],
    [0, 0, null],
    [5, 5, 1],
  ])("rate(%s, %s) = %s", (n, d, expected) => {
    expect(rate(n, d)).toBe(expected);
  });

  it.each([
    [{ answered: 3, abandoned: 2 }, 0.6, 0.4],
    [{ answered: 0, abandoned: 4 }, 0, 1],
    [{ answered: 0, abandoned: 0 }, null, null],
  ])("answer / abandonment of %j", (calls, answer, abandon) => {
    expect(answerRate(calls)).toBe(answer);
    expect(abandonmentRate(calls)).toBe(abandon);
  });

  it("splits AHT into averages that add up to it", () => {
    expect(handleTimeSplit({ handled: 5, talk: 760, hold: 90, acw: 320 })).toEqual({ talk: 152, hold: 18, acw: 64, aht: 234 });
    expect(handleTimeSplit({ handled: 0, talk: 0, hold: 0, acw: 0 })).toBeNull();
  });
});

describe("buckets in Japan time", () => {
  const start = new Date("2017-09-19T15:00:00Z"); // 2017-09-20 00:00 JST
  it("makes 24 hour buckets per day and one day bucket per day", () => {
    const hours = hourBuckets(start, 2);
    expect(hours).toHaveLength(48);
    expect(hours[10]!.start.toISOString()).toBe("2017-09-20T01:00:00.000Z");
    expect(tokyoDateHour(hours[10]!.start)).toEqual({ date: "2017-09-20", hour: 10 });
    expect(tokyoDateHour(hours[24]!.start)).toEqual({ date: "2017-09-21", hour: 0 });
    expect(dayBuckets(start, 3).map((b) => tokyoDateHour(b.start).date)).toEqual(["2017-09-20", "2017-09-21", "2017-09-22"]);
  });

  it.each([
    [11, false, 0],
    [12, true, 60],
    [16, true, 60],
    [17, true, 30],
    [18, false, 0],
  ])("hour %s on 12:00-17:30 hours: open at start %s, %s open minutes", (hour, open, minutes) => {
    expect(staffing(hourBuckets(start, 1)[hour]!, HOURS_12_1730)).toEqual({ open, openMinutes: minutes });
  });

  it("has no staffing without hours, and none on a national holiday (2017-09-18)", () => {
    expect(staffing(hourBuckets(start, 1)[12]!, null)).toEqual({ open: null, openMinutes: null });
    const holiday = new Date("2017-09-17T15:00:00Z");
    expect(staffing(dayBuckets(holiday, 1)[0]!, HOURS_12_1730).openMinutes).toBe(0);
    expect(staffing(dayBuckets(start, 1)[0]!, HOURS_12_1730).openMinutes).toBe(330);
  });
});
