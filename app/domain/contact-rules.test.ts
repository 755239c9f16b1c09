import type { HoursConfig } from "./business-hours";
import {
  applyCallEvent,
  averageHandleTimeSeconds,
  callContactFields,
  CallEventSchema,
  computeDueAt,
  ContactCreateSchema,
  contactFormSchema,
  fieldErrors,
  formatMinutesSeconds,
  formatTokyoLocalDateTime,
  formToObject,
  handleTimeSeconds,
  InquiryFormSchema,
  isOverdue,
  isWithinHours,
  parseMinutesSeconds,
  parseShortContactRef,
  parseTokyoLocalDateTime,
  shortContactRef,
  shouldFlagAfterHours,
} from "./contact-rules";
import type { CallTimeline } from "./contact-rules";

const weekdays = (open: string, close: string): HoursConfig["weekly"] => ({
  mon: [[open, close]],
  tue: [[open, close]],
  wed: [[open, close]],
  thu: [[open, close]],
  fri: [[open, close]],
});
const caseB: HoursConfig = { weekly: weekdays("10:00", "18:00"), yearEndClosure: true };
const caseA: HoursConfig = { weekly: weekdays("12:00", "17:00"), yearEndClosure: true };
const jst = (local: string) => new Date(`${local}+09:00`);

describe("computeDueAt: next opening plus the response target in business minutes", () => {
  it.each([
    // The case: a web inquiry at 22:00 JST on Friday 2026-07-17; Monday 2026-07-20 is 海の日.
    ["Fri 22:00 before 海の日, target 0", caseB, "2026-07-17T22:00:00", 0, "2026-07-21T10:00:00"],
    ["Fri 22:00 before 海の日, target 60", caseB, "2026-07-17T22:00:00", 60, "2026-07-21T11:00:00"],
    ["Fri 22:00 before 海の日, target 480 (one business day)", caseB, "2026-07-17T22:00:00", 480, "2026-07-21T18:00:00"],
    ["Fri 22:00 before 海の日, target 540 runs into Wednesday", caseB, "2026-07-17T22:00:00", 540, "2026-07-22T11:00:00"],
    ["received while open counts from then", caseB, "2026-07-21T16:00:00", 60, "2026-07-21T17:00:00"],
    ["received while open, target used up at closing time", caseB, "2026-07-21T17:00:00", 60, "2026-07-21T18:00:00"],
    ["received while open, target pauses overnight", caseB, "2026-07-21T17:30:00", 60, "2026-07-22T10:30:00"],
    ["received before opening the same day", caseB, "2026-07-21T08:00:00", 30, "2026-07-21T10:30:00"],
    ["received at closing time exactly (end exclusive)", caseB, "2026-07-21T18:00:00", 0, "2026-07-22T10:00:00"],
    ["Case A hours, Saturday", caseA, "2026-07-18T09:00:00", 120, "2026-07-21T14:00:00"],
    ["year-end closure: 28 Dec evening waits for 5 Jan", caseB, "2026-12-28T19:00:00", 60, "2027-01-04T11:00:00"],
    ["Golden Week 2026: 2 May (Sat) waits for 7 May", caseB, "2026-05-02T12:00:00", 60, "2026-05-07T11:00:00"],
  ] as const)("%s", (_label, config, received, target, due) => {
    expect(computeDueAt({ receivedAt: jst(received), responseTargetMinutes: target, config })?.toISOString()).toBe(
      jst(due).toISOString(),
    );
  });

  it("year-end: 2027-01-04 is a Monday and not a holiday, so it opens then", () => {
    // (table row above relies on it: 12/29-1/3 closed, 1/4 open)
    expect(computeDueAt({ receivedAt: jst("2027-01-03T12:00:00"), responseTargetMinutes: 0, config: caseB })?.toISOString()).toBe(
      jst("2027-01-04T10:00:00").toISOString(),
    );
  });

  it("company closure days are skipped", () => {
    const config: HoursConfig = { ...caseB, closureDays: ["2026-07-21"] };
    expect(computeDueAt({ receivedAt: jst("2026-07-17T22:00:00"), responseTargetMinutes: 60, config })?.toISOString()).toBe(
      jst("2026-07-22T11:00:00").toISOString(),
    );
  });

  it("is null when the line has no hours at all", () => {
    expect(
      computeDueAt({
        receivedAt: jst("2026-07-17T22:00:00"),
        responseTargetMinutes: 60,
        config: { weekly: {}, yearEndClosure: true },
      }),
    ).toBeNull();
  });

  it("does not depend on the server's time zone (process TZ is UTC in tests)", () => {
    expect(process.env.TZ).toBe("UTC");
    expect(
      computeDueAt({ receivedAt: new Date("2026-07-17T13:00:00Z"), responseTargetMinutes: 0, config: caseB })?.toISOString(),
    ).toBe("2026-07-21T01:00:00.000Z");
  });
});

describe("within hours and the after-hours flag", () => {
  it.each([
    ["2026-07-21T10:00:00", true],
    ["2026-07-21T09:59:59", false],
    ["2026-07-21T17:59:59", true],
    ["2026-07-21T18:00:00", false],
    ["2026-07-20T12:00:00", false], // 海の日
    ["2026-07-18T12:00:00", false], // Saturday
  ] as const)("%s JST → %s", (at, open) => {
    expect(isWithinHours({ startedAt: jst(at), config: caseB })).toBe(open);
  });

  it.each([
    ["agent", false, true],
    ["api", false, true],
    ["agent", true, false],
    ["web", false, false],
    ["email", false, false],
    ["pbx", false, false],
  ] as const)("source %s, within hours %s → flagged %s", (source, withinHours, flagged) => {
    expect(shouldFlagAfterHours({ source, withinHours })).toBe(flagged);
  });
});

describe("handle time (AHT = talk + hold + after-call work)", () => {
  it.each([
    [{ talkSeconds: 300, holdSeconds: 60, acwSeconds: 120 }, 480],
    [{ talkSeconds: 300, holdSeconds: null, acwSeconds: 45 }, 345],
    [{ talkSeconds: 0, holdSeconds: 0, acwSeconds: 0 }, 0],
    [{ talkSeconds: null, holdSeconds: null, acwSeconds: null }, null],
    [{}, null],
  ])("%o → %s", (times, expected) => {
    expect(handleTimeSeconds(times)).toBe(expected);
  });

  it("averages only contacts with a handle time", () => {
    expect(
      averageHandleTimeSeconds([
        { talkSeconds: 300, holdSeconds: 60, acwSeconds: 60 },
        { talkSeconds: 100, holdSeconds: 0, acwSeconds: 20 },
        { talkSeconds: null }, // abandoned call: not counted as 0
      ]),
    ).toBe(270);
    expect(averageHandleTimeSeconds([])).toBeNull();
  });
});

describe("minutes:seconds", () => {
  it.each([
    ["3:05", 185],
    ["0:45", 45],
    ["12", 720],
    ["１２：３０", 750],
    [" 1:5 ", 65],
    ["", null],
    ["   ", null],
    ["1:60", Number.NaN],
    ["abc", Number.NaN],
    ["-1:00", Number.NaN],
    ["1.5", Number.NaN],
  ])("%j → %s", (input, expected) => {
    expect(parseMinutesSeconds(input)).toBe(expected);
  });

  it.each([
    [185, "3:05"],
    [0, "0:00"],
    [3600, "60:00"],
    [null, ""],
  ])("%s → %j", (seconds, text) => {
    expect(formatMinutesSeconds(seconds)).toBe(text);
  });
});

describe("datetime-local values are Japan time", () => {
  it.each([
    ["2026-07-17T22:00", "2026-07-17T13:00:00.000Z"],
    ["2026-07-18T08:30", "2026-07-17T23:30:00.000Z"],
    ["2026-07-17T22:00:30", "2026-07-17T13:00:30.000Z"],
    ["２０２６-０７-１７T２２:００", "2026-07-17T13:00:00.000Z"],
  ])("%s → %s", (local, iso) => {
    expect(parseTokyoLocalDateTime(local)?.toISOString()).toBe(iso);
  });

  it.each(["2026-02-30T10:00", "2026-07-17T24:00", "2026-07-17", "yesterday", "2026-07-17T10:60"])("refuses %j", (value) => {
    expect(parseTokyoLocalDateTime(value)).toBeNull();
  });

  it("formats back", () => {
    expect(formatTokyoLocalDateTime(new Date("2026-07-17T13:00:00Z"))).toBe("2026-07-17T22:00");
  });
});

describe("ContactCreateSchema (JSON API)", () => {
  const valid = {
    incident: "coocom-2015",
    channel: "phone_in",
    startedAt: "2026-07-21T10:00:00+09:00",
    endedAt: "2026-07-21T10:06:00+09:00",
    talkSeconds: 300,
    holdSeconds: 20,
    acwSeconds: 40,
    categories: ["reissue_fee", "affected_check", "reissue_fee"],
    outcome: "resolved_first_contact",
    notes: "  ok  ",
  };

  it("accepts a complete contact, orders and de-duplicates categories, trims text", () => {
    const parsed = ContactCreateSchema.parse(valid);
    expect(parsed.categories).toEqual(["affected_check", "reissue_fee"]);
    expect(parsed.notes).toBe("ok");
    expect(parsed.startedAt.toISOString()).toBe("2026-07-21T01:00:00.000Z");
    expect(parsed.identityVerified).toBe(false);
    expect(parsed.affectedRecordId).toBeNull();
  });

  it.each([
    ["unknown channel", { channel: "fax" }, "channel"],
    ["unknown category", { categories: ["weather"] }, "categories"],
    ["end before start", { endedAt: "2026-07-21T09:00:00+09:00" }, "endedAt"],
    ["escalated without a target", { outcome: "escalated" }, "escalatedTo"],
    ["a target without escalation", { escalatedTo: "press" }, "escalatedTo"],
    ["phone times on an email", { channel: "email_in" }, "talkSeconds"],
    ["negative hold time", { holdSeconds: -1 }, "holdSeconds"],
    ["record without verified identity", { affectedRecordId: "rec1" }, "affectedRecordId"],
    ["time without offset", { startedAt: "2026-07-21T10:00:00" }, "startedAt"],
    ["unknown field (typo)", { note: "x" }, "_form"],
    ["notes too long", { notes: "x".repeat(10_001) }, "notes"],
  ])("refuses %s", (_label, change, field) => {
    const result = ContactCreateSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrors(result.error))).toContain(field);
  });

  it("accepts escalation with a target, and a verified record link", () => {
    expect(ContactCreateSchema.safeParse({ ...valid, outcome: "escalated", escalatedTo: "fraud" }).success).toBe(true);
    expect(ContactCreateSchema.safeParse({ ...valid, identityVerified: true, affectedRecordId: "rec1" }).success).toBe(true);
  });
});

describe("contactFormSchema (agent form)", () => {
  const now = new Date("2026-07-21T02:00:00Z"); // 11:00 JST
  const form = (fields: Record<string, string | string[]>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) data.append(k, one);
    return contactFormSchema(now).safeParse(formToObject(data));
  };

  it("reads JST times, minutes:seconds, checkboxes; an empty end means now", () => {
    const result = form({
      incident: "coocom-2015",
      channel: "phone_in",
      startedAt: "2026-07-21T10:50",
      endedAt: "",
      talk: "6:30",
      hold: "0:20",
      acw: "1:10",
      categories: ["late_notice", "affected_check"],
      outcome: "callback_needed",
      escalatedTo: "",
      identityVerified: "1",
      affectedRecordId: "rec1",
      notes: "",
    });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.startedAt.toISOString()).toBe("2026-07-21T01:50:00.000Z");
    expect(result.data.endedAt?.toISOString()).toBe(now.toISOString());
    expect([result.data.talkSeconds, result.data.holdSeconds, result.data.acwSeconds]).toEqual([390, 20, 70]);
    expect(result.data.categories).toEqual(["affected_check", "late_notice"]);
    expect(result.data.identityVerified).toBe(true);
    expect(result.data.notes).toBeNull();
  });

  it("drops phone times left in hidden fields for other channels", () => {
    const result = form({ incident: "x", channel: "letter", talk: "3:00" });
    expect(result.success && result.data.talkSeconds).toBeNull();
  });

  it.each([
    [{ channel: "" }, "channel"],
    [{ talk: "3 minutes" }, "talk"],
    [{ startedAt: "tomorrow" }, "startedAt"],
    [{ outcome: "escalated" }, "escalatedTo"],
    [{ affectedRecordId: "rec1" }, "affectedRecordId"],
    [{ categories: ["nope"] }, "categories"],
  ])("refuses %o", (change, field) => {
    const result = form({ incident: "coocom-2015", channel: "phone_in", ...change });
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrors(result.error))).toContain(field);
  });
});

describe("PBX call events", () => {
  const t = (s: string) => new Date(`2026-07-21T${s}+09:00`);
  const empty: CallTimeline = { ringingAt: null, answeredAt: null, endedAt: null };
  const fold = (events: Array<["ringing" | "answered" | "hangup", string]>) =>
    callContactFields(events.reduce((tl, [state, at]) => applyCallEvent(tl, { state, timestamp: t(at) }), empty));

  it("ringing → answered → hangup: talk time from answer to hangup", () => {
    const f = fold([
      ["ringing", "10:00:00"],
      ["answered", "10:00:12"],
      ["hangup", "10:05:42"],
    ]);
    expect(f).toEqual({
      startedAt: t("10:00:00"),
      answeredAt: t("10:00:12"),
      endedAt: t("10:05:42"),
      talkSeconds: 330,
      abandoned: false,
    });
  });

  it("ringing → hangup: abandoned", () => {
    const f = fold([
      ["ringing", "10:00:00"],
      ["hangup", "10:00:30"],
    ]);
    expect(f.abandoned).toBe(true);
    expect(f.talkSeconds).toBeNull();
  });

  it("same result in any order and with repeats", () => {
    const inOrder = fold([
      ["ringing", "10:00:00"],
      ["answered", "10:00:12"],
      ["hangup", "10:05:42"],
    ]);
    const shuffled = fold([
      ["hangup", "10:05:42"],
      ["answered", "10:00:12"],
      ["hangup", "10:05:42"],
      ["ringing", "10:00:00"],
      ["answered", "10:00:12"],
    ]);
    expect(shuffled).toEqual(inOrder);
  });

  it("hangup seen before the answer: abandoned until the answer arrives", () => {
    expect(
      fold([
        ["ringing", "10:00:00"],
        ["hangup", "10:03:00"],
      ]).abandoned,
    ).toBe(true);
    expect(
      fold([
        ["ringing", "10:00:00"],
        ["hangup", "10:03:00"],
        ["answered", "10:00:05"],
      ]).abandoned,
    ).toBe(false);
  });

  it("validates the event shape", () => {
    expect(
      CallEventSchema.safeParse({
        callId: "c1",
        direction: "in",
        from: "09012345678",
        to: "0344058455",
        state: "ringing",
        timestamp: "2026-07-21T10:00:00+09:00",
      }).success,
    ).toBe(true);
    expect(
      CallEventSchema.safeParse({
        callId: "c1",
        direction: "sideways",
        from: "x",
        to: "y",
        state: "ringing",
        timestamp: "2026-07-21T10:00:00Z",
      }).success,
    ).toBe(false);
    expect(
      CallEventSchema.safeParse({ callId: "c1", direction: "in", from: "x", to: "y", state: "ringing", timestamp: "yesterday" })
        .success,
    ).toBe(false);
    expect(
      CallEventSchema.safeParse({
        callId: "",
        direction: "in",
        from: "x",
        to: "y",
        state: "ringing",
        timestamp: "2026-07-21T10:00:00Z",
      }).success,
    ).toBe(false);
  });
});

describe("queue helpers", () => {
  const now = new Date("2026-07-21T05:00:00Z");
  it.each([
    [new Date("2026-07-21T04:59:59Z"), "open", true],
    [new Date("2026-07-21T04:59:59Z"), "in_progress", true],
    [new Date("2026-07-21T04:59:59Z"), "closed", false],
    [new Date("2026-07-21T05:00:00Z"), "open", false],
    [null, "open", false],
  ] as const)("due %s, %s → overdue %s", (dueAt, status, overdue) => {
    expect(isOverdue({ dueAt, status, now })).toBe(overdue);
  });

  it("short reference: last 8 characters, upper-case, and back", () => {
    expect(shortContactRef("cmabcdefgh12345678")).toBe("12345678");
    expect(shortContactRef("cm0000000000k3j9x2qf")).toBe("K3J9X2QF");
    expect(parseShortContactRef(" K3J9-X2QF ")).toBe("k3j9x2qf");
    expect(parseShortContactRef("ｋ３ｊ９ｘ２ｑｆ")).toBe("k3j9x2qf");
    expect(parseShortContactRef("K3J9")).toBeNull();
  });
});

describe("InquiryFormSchema", () => {
  it("requires name, a way to reach them and a message", () => {
    const result = InquiryFormSchema.safeParse({ incident: "coocom-2015", name: " ", reach: "", message: "" });
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrors(result.error)).sort()).toEqual(["message", "name", "reach"]);
  });
  it("accepts an optional reference", () => {
    expect(InquiryFormSchema.parse({ incident: "x", name: "山田", reach: "a@b.jp", message: "?" }).reference).toBe("");
  });
});
