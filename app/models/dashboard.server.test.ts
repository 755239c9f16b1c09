/**
 * The dashboard's figures on a small hand-made day (Wednesday 2017-09-20, phone line weekdays
 * 10:00-18:00 JST). Expected values are computed by hand in the comments, not by the code.
 */
import { createCardCompanies, createReviewIncident, insertContact, insertWaiver, jst } from "../../tests/review-fixtures";
import type { ReviewIncident } from "../../tests/review-fixtures";
import { getDashboard } from "./dashboard.server";

let incident: ReviewIncident;
let other: ReviewIncident;

beforeAll(async () => {
  incident = await createReviewIncident();
  other = await createReviewIncident();
  const id = incident.id;
  // #1 09:30 inbound, rang before opening and the caller hung up: abandoned, after hours
  await insertContact({ incidentId: id, startedAt: jst("2017-09-20 09:30"), withinHours: false, abandoned: true, source: "pbx" });
  // #2 10:15 inbound answered; 300+60+120 s; resolved first contact; verified, record INSIDE the window
  await insertContact({
    incidentId: id,
    startedAt: jst("2017-09-20 10:15"),
    answeredAt: jst("2017-09-20 10:15"),
    talkSeconds: 300,
    holdSeconds: 60,
    acwSeconds: 120,
    outcome: "resolved_first_contact",
    identityVerified: true,
    affectedRecordId: incident.insideRecordId,
    categories: ["affected_check", "reissue_fee"],
  });
  // #3 11:00 inbound answered; 200+0+100; callback needed; verified, record OUTSIDE the window
  await insertContact({
    incidentId: id,
    startedAt: jst("2017-09-20 11:00"),
    answeredAt: jst("2017-09-20 11:00"),
    talkSeconds: 200,
    holdSeconds: 0,
    acwSeconds: 100,
    outcome: "callback_needed",
    identityVerified: true,
    affectedRecordId: incident.outsideRecordId,
    categories: ["affected_check"],
  });
  // #4 18:30 inbound abandoned, after hours
  await insertContact({ incidentId: id, startedAt: jst("2017-09-20 18:30"), withinHours: false, abandoned: true, source: "pbx" });
  // #5 14:00 inbound logged by hand (no phone-system times); 100 talk, no hold, 20 ACW; resolved; verified, no record
  await insertContact({
    incidentId: id,
    startedAt: jst("2017-09-20 14:00"),
    talkSeconds: 100,
    acwSeconds: 20,
    outcome: "resolved_first_contact",
    identityVerified: true,
  });
  // #6 23:00 web form, after hours, no outcome
  await insertContact({
    incidentId: id,
    startedAt: jst("2017-09-20 23:00"),
    channel: "web",
    source: "web",
    withinHours: false,
    categories: ["complaint"],
  });
  // #7 15:00 outbound call; 60+30+30; resolved
  await insertContact({
    incidentId: id,
    startedAt: jst("2017-09-20 15:00"),
    channel: "phone_out",
    talkSeconds: 60,
    holdSeconds: 30,
    acwSeconds: 30,
    outcome: "resolved_first_contact",
  });
  // #8 16:00 inbound answered; 100+0+50; escalated
  await insertContact({
    incidentId: id,
    startedAt: jst("2017-09-20 16:00"),
    answeredAt: jst("2017-09-20 16:00"),
    talkSeconds: 100,
    holdSeconds: 0,
    acwSeconds: 50,
    outcome: "escalated",
    escalatedTo: "supervisor",
  });
  // Outside the day: 23:59 the day before, 00:00 the day after (JST); and another incident's call.
  await insertContact({
    incidentId: id,
    startedAt: jst("2017-09-19 23:59"),
    talkSeconds: 999,
    outcome: "escalated",
    escalatedTo: "press",
  });
  await insertContact({ incidentId: id, startedAt: jst("2017-09-21 00:00"), abandoned: true });
  await insertContact({
    incidentId: other.id,
    startedAt: jst("2017-09-20 12:00"),
    answeredAt: jst("2017-09-20 12:00"),
    talkSeconds: 10,
  });

  // Waiver pipeline: company A 2 submitted + 1 verified, company B 1 rejected; the other incident's request is not counted.
  const companies = await createCardCompanies();
  const w = (cardCompanyId: string, status: string, inc = incident) =>
    insertWaiver({ incidentId: inc.id, affectedRecordId: inc.insideRecordId, cardCompanyId, status });
  await w(companies.a, "submitted");
  await w(companies.a, "submitted");
  await w(companies.a, "verified");
  await w(companies.b, "rejected");
  await w(companies.b, "sent", other);
});

describe("getDashboard on 2017-09-20", () => {
  let d: Awaited<ReturnType<typeof getDashboard>>;
  beforeAll(async () => {
    d = await getDashboard({ incidentId: incident.id, from: "2017-09-20", to: "2017-09-20" });
  });

  it("counts the day's 8 contacts, 3 of them after hours (#1, #4, #6)", () => {
    expect(d.totals.contacts).toBe(8);
    expect(d.totals.afterHours).toBe(3);
    expect(d.daily).toEqual([{ date: "2017-09-20", total: 8, withinHours: 5, outsideHours: 3, staffedHours: 8 }]);
  });

  it("answer rate 3 ÷ (3 + 2) = 60 %, abandonment 2 ÷ 5 = 40 %; the hand-logged call is in neither", () => {
    expect(d.calls).toEqual({
      inbound: 6,
      answered: 3,
      abandoned: 2,
      withoutPhoneSystemResult: 1,
      answerRate: 0.6,
      abandonmentRate: 0.4,
    });
  });

  it("AHT over 5 handled contacts: talk 760/5 = 152, hold 90/5 = 18, ACW 320/5 = 64, AHT 234 s", () => {
    expect(d.handleTime.handled).toBe(5);
    expect(d.handleTime.split).toEqual({ talk: 152, hold: 18, acw: 64, aht: 234 });
  });

  it("FCR: 3 resolved of 5 with an outcome = 60 %", () => {
    expect(d.fcr).toEqual({ withOutcome: 5, resolvedFirst: 3, rate: 0.6 });
  });

  it("affected share: 1 of 3 verified callers (only the record inside its window counts)", () => {
    expect(d.affected).toEqual({ verified: 3, affected: 1, distinctRecords: 1, share: 1 / 3 });
  });

  it("puts each contact in its JST hour and marks 10:00-17:59 as staffed", () => {
    const hours = d.hourly!;
    expect(hours).toHaveLength(24);
    const nonEmpty = hours.filter((h) => h.total > 0).map((h) => [h.hour, h.withinHours, h.outsideHours]);
    expect(nonEmpty).toEqual([
      [9, 0, 1],
      [10, 1, 0],
      [11, 1, 0],
      [14, 1, 0],
      [15, 1, 0],
      [16, 1, 0],
      [18, 0, 1],
      [23, 0, 1],
    ]);
    expect(hours.filter((h) => h.open).map((h) => h.hour)).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    expect(hours.find((h) => h.hour === 9)).toMatchObject({ open: false, openMinutes: 0, start: "2017-09-20T00:00:00.000Z" });
  });

  it("groups by channel and by category", () => {
    expect(Object.fromEntries(d.byChannel.filter((c) => c.count > 0).map((c) => [c.channel, c.count]))).toEqual({
      phone_in: 6,
      phone_out: 1,
      web: 1,
    });
    expect(Object.fromEntries(d.byCategory.filter((c) => c.count > 0).map((c) => [c.category, c.count]))).toEqual({
      affected_check: 2,
      reissue_fee: 1,
      complaint: 1,
    });
    expect(d.uncategorised).toBe(5);
  });

  it("shows the waiver pipeline of the incident by status and card company", () => {
    expect(d.waivers.total).toBe(4);
    expect(Object.fromEntries(d.waivers.byStatus.map((s) => [s.status, s.count]))).toEqual({
      submitted: 2,
      verified: 1,
      sent: 0,
      confirmed: 0,
      rejected: 1,
    });
    expect(d.waivers.byCompany.map((c) => [c.nameEn, c.counts.submitted, c.counts.verified, c.counts.rejected, c.total])).toEqual(
      [
        ["A Card", 2, 1, 0, 3],
        ["B Card", 0, 0, 1, 1],
      ],
    );
  });
});

describe("getDashboard ranges", () => {
  it("counts every incident when incidentId is null, without a staffed-hours overlay", async () => {
    const d = await getDashboard({ incidentId: null, from: "2017-09-20", to: "2017-09-20" });
    expect(d.totals.contacts).toBe(9);
    expect(d.hasHours).toBe(false);
    expect(d.daily[0]!.staffedHours).toBeNull();
  });

  it("includes both end days of a range and nothing outside it", async () => {
    const d = await getDashboard({ incidentId: incident.id, from: "2017-09-19", to: "2017-09-21" });
    expect(d.daily.map((x) => [x.date, x.total])).toEqual([
      ["2017-09-19", 1],
      ["2017-09-20", 8],
      ["2017-09-21", 1],
    ]);
    expect(d.hourly).toHaveLength(72);
  });

  it("goes day by day for ranges longer than 14 days (same totals)", async () => {
    const d = await getDashboard({ incidentId: incident.id, from: "2017-09-01", to: "2017-09-30" });
    expect(d.hourly).toBeNull();
    expect(d.daily).toHaveLength(30);
    expect(d.daily.find((x) => x.date === "2017-09-20")).toMatchObject({
      total: 8,
      withinHours: 5,
      outsideHours: 3,
      staffedHours: 8,
    });
    expect(d.totals.contacts).toBe(10);
    // Saturday 2017-09-23 is the autumn equinox and a weekend: no staffed hours.
    expect(d.daily.find((x) => x.date === "2017-09-23")!.staffedHours).toBe(0);
  });

  it("gives null rates (not 0 or NaN) for an empty range", async () => {
    const d = await getDashboard({ incidentId: incident.id, from: "2020-01-01", to: "2020-01-07" });
    expect(d.totals.contacts).toBe(0);
    expect(d.calls.answerRate).toBeNull();
    expect(d.calls.abandonmentRate).toBeNull();
    expect(d.handleTime.split).toBeNull();
    expect(d.fcr.rate).toBeNull();
    expect(d.affected.share).toBeNull();
    // 2020-01-01..03 are the year-end closure, 04-05 a weekend: staffed 06 and 07 only, 8 h each.
    expect(d.daily.map((x) => x.staffedHours)).toEqual([0, 0, 0, 0, 0, 8, 8]);
  });
});
