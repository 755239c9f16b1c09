/** URL-state parsing of the server-driven tables (table-driven): every bad value falls back, never throws. */
import { contactTable } from "./contact-table";
import { dashboardSearch, parseDashboardQuery, tokyoToday } from "./dashboard-query";
import {
  addCalendarDays,
  calendarDaysBetween,
  defineTable,
  isCalendarDate,
  lenient,
  MAX_PAGE,
  tokyoDayRange,
  tokyoDayStart,
} from "./table-query";

const parse = (search: string) => contactTable.parse(search);

describe("page", () => {
  it.each([
    ["", 1],
    ["page=2", 2],
    ["page=-1", 1],
    ["page=0", 1],
    ["page=abc", 1],
    ["page=1.5", 1],
    ["page=1e9", 1],
    ["page=%20", 1],
    [`page=${MAX_PAGE}`, MAX_PAGE],
    [`page=${MAX_PAGE + 1}`, 1],
    ["page=3&page=4", 3],
    ["page=０３", 1],
  ])("%s → %s", (search, page) => {
    expect(parse(search).page).toBe(page);
  });
});

describe("perPage", () => {
  it.each([
    ["", 50],
    ["perPage=25", 25],
    ["perPage=100", 100],
    ["perPage=200", 200],
    ["perPage=100000", 50],
    ["perPage=-50", 50],
    ["perPage=0", 50],
    ["perPage=30", 50],
    ["perPage=abc", 50],
    ["perPage=25.0", 25],
  ])("%s → %s", (search, perPage) => {
    expect(parse(search).perPage).toBe(perPage);
  });
});

describe("sort", () => {
  it.each([
    ["", "startedAt.desc"],
    ["sort=startedAt.asc", "startedAt.asc"],
    ["sort=channel.asc", "channel.asc"],
    ["sort=agent.desc", "agent.desc"],
    ["sort=duration.asc", "duration.asc"],
    ["sort=due.desc", "due.desc"],
    ["sort=%20due.asc%20", "due.asc"],
    ["sort=unknownColumn.asc", "startedAt.desc"],
    ["sort=startedAt", "startedAt.desc"],
    ["sort=startedAt.sideways", "startedAt.desc"],
    ["sort=channel.ASC", "startedAt.desc"],
    ["sort=.", "startedAt.desc"],
    ["sort=.asc", "startedAt.desc"],
    ["sort=notes.asc", "startedAt.desc"], // a column, but not a sort key
    ["sort=__proto__.asc", "startedAt.desc"],
    ["sort=constructor.desc", "startedAt.desc"],
  ])("%s → %s", (search, sort) => {
    const s = parse(search).sort;
    expect(`${s.key}.${s.dir}`).toBe(sort);
  });

  it("maps each sort key to Prisma orderBy with the id tie-breaker last", () => {
    expect(contactTable.orderBy({ sort: { key: "startedAt", dir: "asc" } })).toEqual([{ startedAt: "asc" }, { id: "desc" }]);
    expect(contactTable.orderBy({ sort: { key: "agent", dir: "desc" } })).toEqual([
      { agent: { name: "desc" } },
      { startedAt: "desc" },
      { id: "desc" },
    ]);
    expect(contactTable.orderBy({ sort: { key: "due", dir: "asc" } })[0]).toEqual({ dueAt: { sort: "asc", nulls: "last" } });
    expect(contactTable.sortKeys).toEqual(["startedAt", "channel", "agent", "duration", "due"]);
  });
});

describe("filters", () => {
  it.each([
    ["from=2017-09-20", "from", "2017-09-20"],
    ["from=2026-99-99", "from", undefined],
    ["from=2026-02-30", "from", undefined],
    ["from=2026-2-3", "from", undefined],
    ["from=1969-12-31", "from", undefined],
    ["from=3000-01-01", "from", undefined],
    ["from=%EF%BC%92%EF%BC%90%EF%BC%91%EF%BC%97-%EF%BC%90%EF%BC%99-%EF%BC%92%EF%BC%90", "from", "2017-09-20"], // full-width digits
    ["from=2017-09-20T10:00", "from", undefined],
    ["to=2024-02-29", "to", "2024-02-29"],
    ["to=2023-02-29", "to", undefined],
    ["channel=phone_in", "channel", "phone_in"],
    ["channel=fax", "channel", undefined],
    ["channel=PHONE_IN", "channel", undefined],
    ["category=reissue_fee", "category", "reissue_fee"],
    ["category=other%20", "category", "other"],
    ["category=nope", "category", undefined],
    ["outcome=none", "outcome", "none"],
    ["outcome=resolved_first_contact", "outcome", "resolved_first_contact"],
    ["outcome=won", "outcome", undefined],
    ["hours=within", "hours", "within"],
    ["hours=outside", "hours", "outside"],
    ["hours=maybe", "hours", undefined],
    ["affected=yes", "affected", "yes"],
    ["affected=true", "affected", undefined],
    ["agent=cmwpw4b11001d7w7dt0ntit4t", "agent", "cmwpw4b11001d7w7dt0ntit4t"],
    ["agent=none", "agent", "none"],
    ["agent=%3Cscript%3E", "agent", undefined],
    ["agent=" + "a".repeat(41), "agent", undefined],
    ["incident=cou-2017", "incident", "cou-2017"],
    ["incident=all", "incident", "all"],
    ["incident=Bad%20Slug", "incident", undefined],
    ["incident=-x", "incident", undefined],
    ["q=%20%20返金%20%20について%20", "q", "返金 について"],
    ["q=%EF%BC%A1%EF%BC%A2%EF%BC%A3", "q", "ABC"],
    ["q=", "q", undefined],
    ["q=%20%20%20", "q", undefined],
    ["q=" + "あ".repeat(150), "q", "あ".repeat(100)],
    ["q=" + "%F0%9F%98%80".repeat(120), "q", "😀".repeat(100)],
  ])("%s → %s = %s", (search, name, value) => {
    expect(parse(search).filters[name as keyof ReturnType<typeof parse>["filters"]]).toBe(value);
  });

  it("swaps a reversed date range", () => {
    expect(parse("from=2017-09-21&to=2017-09-19").filters).toMatchObject({ from: "2017-09-19", to: "2017-09-21" });
  });

  it("ignores unknown parameters", () => {
    expect(parse("foo=bar&__proto__=x&constructor=y")).toEqual(contactTable.defaults);
  });
});

describe("columns", () => {
  const defaults = ["started", "channel", "agent", "categories", "outcome", "hours", "affected", "caller", "notes"];
  it.each([
    ["", defaults],
    ["cols=", defaults],
    ["cols=bogus", defaults],
    ["cols=notes", ["started", "notes"]],
    ["cols=notes,channel", ["started", "channel", "notes"]],
    ["cols=due&cols=status", ["started", "due", "status"]],
    ["cols=started", ["started"]],
    ["cols=notes,notes,%20channel%20", ["started", "channel", "notes"]],
  ])("%s → %j", (search, columns) => {
    expect(parse(search).columns).toEqual(columns);
  });
});

describe("canonical query strings", () => {
  it.each([
    ["", ""],
    ["page=1&perPage=50&sort=startedAt.desc", ""],
    ["sort=channel.asc&channel=web&page=2&perPage=100", "?channel=web&sort=channel.asc&perPage=100&page=2"],
    ["q=%20返金%20&to=2017-09-20&from=2017-09-19", "?from=2017-09-19&to=2017-09-20&q=%E8%BF%94%E9%87%91"],
    ["cols=notes,channel&junk=1", "?cols=started,channel,notes"],
    ["cols=started,channel,agent,categories,outcome,hours,affected,caller,notes", ""],
    ["page=-1&perPage=100000&sort=unknownColumn.asc&from=2026-99-99", ""],
  ])("%s → %s", (search, canonical) => {
    const state = parse(search);
    expect(contactTable.toSearch(state)).toBe(canonical);
    // Reading the canonical form back gives the same state.
    expect(parse(canonical)).toEqual(state);
  });

  it("goes back to page 1 when filters, sort or page size change, not when only columns change", () => {
    const state = parse("page=4&channel=web");
    expect(contactTable.apply(state, { filters: { channel: "phone_in" } }).page).toBe(1);
    expect(contactTable.apply(state, { sort: { key: "due", dir: "asc" } }).page).toBe(1);
    expect(contactTable.apply(state, { perPage: 100 }).page).toBe(1);
    expect(contactTable.apply(state, { columns: ["notes"] }).page).toBe(4);
    expect(contactTable.href(state, { page: 5 })).toBe("?channel=web&page=5");
    expect(contactTable.href(state, { filters: { channel: undefined } })).toBe("");
  });

  it("re-parses filter values given to apply (a bad value in a patch is dropped)", () => {
    const state = contactTable.apply(contactTable.defaults, { filters: { from: "2026-99-99", to: "2017-09-20" } });
    expect(state.filters).toMatchObject({ from: undefined, to: "2017-09-20" });
  });

  it("says whether any filter is set", () => {
    expect(contactTable.hasFilters(parse("sort=due.asc&perPage=25"))).toBe(false);
    expect(contactTable.hasFilters(parse("hours=outside"))).toBe(true);
  });
});

describe("defineTable", () => {
  it("refuses reserved filter names and a default page size not on offer", () => {
    const base = {
      id: "x",
      sorts: { a: () => [] },
      defaultSort: { key: "a", dir: "asc" },
      tieBreaker: [],
      columns: ["a"],
      defaultColumns: ["a"],
    } as const;
    expect(() => defineTable({ ...base, filters: { page: lenient.text() } })).toThrow(/reserved/);
    expect(() => defineTable({ ...base, filters: {}, defaultPerPage: 30 })).toThrow(/perPageOptions/);
  });
});

describe("JST calendar days", () => {
  it.each([
    ["2017-09-20", true],
    ["2017-9-20", false],
    ["2017-02-29", false],
    ["2016-02-29", true],
    ["0000-01-01", false],
    ["20170920", false],
  ])("isCalendarDate(%s) = %s", (value, ok) => {
    expect(isCalendarDate(value)).toBe(ok);
  });

  it("turns inclusive JST days into a half-open UTC range", () => {
    expect(tokyoDayStart("2017-09-20").toISOString()).toBe("2017-09-19T15:00:00.000Z");
    expect(tokyoDayRange({ from: "2017-09-20", to: "2017-09-20" })).toEqual({
      gte: new Date("2017-09-19T15:00:00.000Z"),
      lt: new Date("2017-09-20T15:00:00.000Z"),
    });
    expect(tokyoDayRange({ to: "2017-12-31" })).toEqual({ lt: new Date("2017-12-31T15:00:00.000Z") });
    expect(tokyoDayRange({})).toEqual({});
    expect(addCalendarDays("2017-12-31", 1)).toBe("2018-01-01");
    expect(addCalendarDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(calendarDaysBetween("2017-09-20", "2017-09-27")).toBe(7);
  });
});

describe("dashboard URL state", () => {
  // 2017-09-20 16:00 UTC is already 2017-09-21 01:00 in Japan.
  const now = new Date("2017-09-20T16:00:00Z");
  it.each([
    ["", { from: "2017-09-15", to: "2017-09-21", incident: undefined }],
    ["from=2017-09-20&to=2017-09-20", { from: "2017-09-20", to: "2017-09-20", incident: undefined }],
    ["from=2017-09-01", { from: "2017-09-01", to: "2017-09-07", incident: undefined }],
    ["to=2017-09-10", { from: "2017-09-04", to: "2017-09-10", incident: undefined }],
    ["from=2017-09-21&to=2017-09-19", { from: "2017-09-19", to: "2017-09-21", incident: undefined }],
    ["from=2026-99-99&to=nope", { from: "2017-09-15", to: "2017-09-21", incident: undefined }],
    ["from=2010-01-01&to=2017-09-20", { from: "2016-09-20", to: "2017-09-20", incident: undefined }], // cut to 366 days
    ["incident=cou-2017", { from: "2017-09-15", to: "2017-09-21", incident: "cou-2017" }],
    ["incident=all", { from: "2017-09-15", to: "2017-09-21", incident: "all" }],
    ["incident=%3Cx%3E", { from: "2017-09-15", to: "2017-09-21", incident: undefined }],
  ])("%s → %j", (search, expected) => {
    expect(parseDashboardQuery(new URLSearchParams(search), now)).toEqual(expected);
  });

  it("knows today in Japan and writes the state back", () => {
    expect(tokyoToday(now)).toBe("2017-09-21");
    expect(dashboardSearch({ from: "2017-09-20", to: "2017-09-20", incident: "all" })).toBe(
      "?from=2017-09-20&to=2017-09-20&incident=all",
    );
  });
});
