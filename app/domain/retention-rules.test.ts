import {
  RETENTION_DEFAULTS,
  RetentionFormSchema,
  affectedListExpired,
  blankContactSnapshot,
  keepVersionReason,
  parseRetentionSetting,
  retentionChanges,
  retentionCutoff,
} from "./retention-rules";

describe("retention settings", () => {
  it("defaults: notes 3 years, lookups 1 year, audit log 5 years and never purged unless switched on", () => {
    expect(parseRetentionSetting(null)).toEqual(RETENTION_DEFAULTS);
    expect(RETENTION_DEFAULTS).toMatchObject({ contactText: 1095, lookups: 365, auditLog: 1825, auditLogPurge: false });
  });

  it("reads a stored value leniently: broken or too short values fall back per field", () => {
    expect(parseRetentionSetting("not json")).toEqual(RETENTION_DEFAULTS);
    expect(parseRetentionSetting(JSON.stringify({ lookups: 90, contactText: 5, auditLog: 100, auditLogPurge: "yes" }))).toEqual({
      ...RETENTION_DEFAULTS,
      lookups: 90,
    });
    expect(parseRetentionSetting(JSON.stringify({ auditLog: 3650, auditLogPurge: true }))).toMatchObject({
      auditLog: 3650,
      auditLogPurge: true,
    });
  });

  it("the form refuses periods under 30 days, an audit log under a year, and non-numbers", () => {
    const ok = {
      contactText: "1095",
      lookups: "365",
      waiverContacts: "1095",
      affectedRecords: "180",
      auditLog: "1825",
      auditLogPurge: "",
    };
    expect(RetentionFormSchema.parse(ok)).toEqual({ ...RETENTION_DEFAULTS });
    expect(RetentionFormSchema.parse({ ...ok, auditLogPurge: "on" }).auditLogPurge).toBe(true);
    const bad = RetentionFormSchema.safeParse({ ...ok, lookups: "7", auditLog: "300", contactText: "abc" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path[0], i.message]).sort()).toEqual([
      ["auditLog", "min"],
      ["contactText", "number"],
      ["lookups", "min"],
    ]);
  });

  it("lists what changed with both values", () => {
    expect(retentionChanges(RETENTION_DEFAULTS, { ...RETENTION_DEFAULTS, lookups: 90, auditLogPurge: true })).toEqual({
      lookups: { from: 365, to: 90 },
      auditLogPurge: { from: false, to: true },
    });
    expect(retentionChanges(RETENTION_DEFAULTS, RETENTION_DEFAULTS)).toEqual({});
  });
});

describe("expiry", () => {
  it("a cutoff is N days before now", () => {
    expect(retentionCutoff(365, new Date("2026-01-01T00:00:00Z")).toISOString()).toBe("2025-01-01T00:00:00.000Z");
  });

  it.each([
    [null, 180, "2030-01-01", false],
    ["2025-01-01", 180, "2025-06-29", false],
    ["2025-01-01", 180, "2025-06-30", true],
    ["2025-01-01", 180, "2026-01-01", true],
  ])("closed on %s, %d days, today %s → %s", (closedOn, days, today, expected) => {
    expect(affectedListExpired({ closedOn, days, today })).toBe(expected);
  });
});

describe("blanking contact snapshots", () => {
  it("nulls the personal fields, empties attachments, keeps the rest", () => {
    const before = JSON.stringify({
      channel: "phone_in",
      notes: "山田様",
      callerName: "山田",
      callerContact: "090",
      reference: "A1",
      subject: "件名",
      message: "本文",
      attachments: [{ name: "a.pdf" }],
      categories: ["reissue_fee"],
    });
    expect(JSON.parse(blankContactSnapshot(before))).toEqual({
      channel: "phone_in",
      notes: null,
      callerName: null,
      callerContact: null,
      reference: null,
      subject: null,
      message: null,
      attachments: [],
      categories: ["reissue_fee"],
    });
    expect(blankContactSnapshot("{broken")).toBe("{}");
    expect(blankContactSnapshot("[1,2]")).toBe("{}");
  });

  it("keeps system version reasons, drops typed ones", () => {
    expect(keepVersionReason("@created")).toBe("@created");
    expect(keepVersionReason("お客様のお名前を訂正")).toBeNull();
    expect(keepVersionReason(null)).toBeNull();
  });
});
