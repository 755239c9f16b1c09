import { parseWeeklyHours } from "./business-hours";
import {
  gridFromValues,
  hotlineIdentity,
  isCalendarDate,
  parseHotline,
  parseHoursGrid,
  parseIncidentCreate,
  parseIncidentFields,
  parseSiteCreate,
  parseTimeRange,
  parseWindow,
  weeklyHoursToGrid,
  windowConflict,
} from "./incident-form";
import type { FormValues, HoursGrid } from "./incident-form";

const INCIDENT: FormValues = {
  slug: "cou-2017",
  companyJa: "有限会社ケイズファクトリー",
  companyEn: "K's Factory Ltd.",
  titleJa: "不正アクセスによるカード情報流出",
  titleEn: "Card data leak",
  summaryJa: "要約",
  summaryEn: "Summary",
  noticeDate: "2018-01-16",
  discoveredOn: "2017-09-15",
  maxAffected: "335",
  active: "on",
};

const emptyGrid = (): HoursGrid => ({
  mon: ["", ""],
  tue: ["", ""],
  wed: ["", ""],
  thu: ["", ""],
  fri: ["", ""],
  sat: ["", ""],
  sun: ["", ""],
});

describe("incident slug", () => {
  it.each([
    ["cou-2017", true],
    ["coocom-2015", true],
    ["a", true],
    ["2015", true],
    ["lcc-tour-2", true],
    ["COU-2017", false], // upper case
    ["cou_2017", false], // underscore
    ["cou 2017", false],
    ["-cou", false], // leading hyphen
    ["cou-", false], // trailing hyphen
    ["cou--2017", false], // double hyphen
    ["クーコム", false],
    ["ｃｏｕ", false], // full-width letters are not ASCII
    ["", false],
    ["a".repeat(60), true],
    ["a".repeat(61), false],
    ["new", false], // would be shadowed by /staff/incidents/new
  ])("%j is accepted: %s", (slug, ok) => {
    const result = parseIncidentCreate({ ...INCIDENT, slug });
    expect(result.success).toBe(ok);
    if (!result.success) expect(Object.keys(result.errors)).toEqual(["slug"]);
  });

  it("names the rule that was broken", () => {
    const errors = (slug: string) => {
      const r = parseIncidentCreate({ ...INCIDENT, slug });
      return r.success ? null : r.errors.slug;
    };
    expect(errors("")).toBe("required");
    expect(errors("Cou")).toBe("slugFormat");
    expect(errors("new")).toBe("slugReserved");
    expect(errors("a".repeat(61))).toBe("tooLong");
  });
});

describe("incident fields", () => {
  it("accepts the Case A notice and normalises optional fields", () => {
    const result = parseIncidentCreate({ ...INCIDENT, maxAffected: "２４,３０８", discoveredOn: "" });
    expect(result).toMatchObject({
      success: true,
      data: { slug: "cou-2017", maxAffected: 24308, discoveredOn: null, active: true, reportedTo: [] },
    });
  });

  it("reads an unticked checkbox (absent field) as inactive", () => {
    const { active: _active, ...rest } = INCIDENT;
    const result = parseIncidentFields(rest);
    expect(result.success && result.data.active).toBe(false);
  });

  it.each([
    [{ titleJa: "  " }, { titleJa: "required" }],
    [{ companyEn: "x".repeat(201) }, { companyEn: "tooLong" }],
    [{ noticeDate: "2018-02-30" }, { noticeDate: "date" }],
    [{ noticeDate: "16/01/2018" }, { noticeDate: "date" }],
    [{ discoveredOn: "2018-01-17" }, { discoveredOn: "discoveredAfterNotice" }],
    [{ maxAffected: "-3" }, { maxAffected: "maxAffected" }],
    [{ maxAffected: "3.5" }, { maxAffected: "maxAffected" }],
    [{ summaryJa: "カード 4111-1111-1111-1111 の件" }, { summaryJa: "cardNumber" }],
    [{ titleEn: "Card ４１１１ １１１１ １１１１ １１１１" }, { titleEn: "cardNumber" }],
    [
      { "reportedTo.0.authority": "警察 4111111111111111", "reportedTo.0.date": "2018-01-20" },
      { "reportedTo.0.authority": "cardNumber" },
    ],
  ])("refuses %j", (patch, errors) => {
    expect(parseIncidentFields({ ...INCIDENT, ...patch })).toEqual({ success: false, errors });
  });

  it("keeps filled report rows, drops empty ones, and reports errors on the row the user typed in", () => {
    const ok = parseIncidentFields({
      ...INCIDENT,
      "reportedTo.0.authority": "個人情報保護委員会",
      "reportedTo.0.authorityEn": "PPC",
      "reportedTo.0.date": "2017-12-25",
      "reportedTo.0.noteJa": "",
      "reportedTo.1.authority": "",
      "reportedTo.1.date": "",
      "reportedTo.2.authority": "茨城県警察本部",
      "reportedTo.2.date": "2017-12-28",
    });
    expect(ok.success && ok.data.reportedTo).toEqual([
      { authority: "個人情報保護委員会", authorityEn: "PPC", date: "2017-12-25", noteJa: null, noteEn: null },
      { authority: "茨城県警察本部", authorityEn: null, date: "2017-12-28", noteJa: null, noteEn: null },
    ]);
    const bad = parseIncidentFields({
      ...INCIDENT,
      "reportedTo.0.authority": "",
      "reportedTo.1.authority": "渋谷警察署",
      "reportedTo.1.date": "",
      "reportedTo.2.date": "2015-13-01",
      "reportedTo.2.authority": "経済産業省",
    });
    expect(bad).toEqual({ success: false, errors: { "reportedTo.1.date": "reportIncomplete", "reportedTo.2.date": "date" } });
  });
});

describe("calendar dates", () => {
  it.each([
    ["2026-07-20", true],
    ["2024-02-29", true],
    ["2026-02-29", false],
    ["2026-13-01", false],
    ["2026-7-20", false],
    ["tomorrow", false],
    ["0099-01-01", false],
  ])("%s → %s", (value, ok) => expect(isCalendarDate(value)).toBe(ok));
});

describe("exposure windows", () => {
  it.each([
    [{ startDate: "2017-08-05", endDate: "2017-09-15" }, true, undefined],
    [{ startDate: "2017-08-05", endDate: "2017-08-05" }, true, undefined], // a one-day window
    [{ startDate: "2017-09-15", endDate: "2017-08-05" }, false, { endDate: "windowOrder" }],
    [{ startDate: "2017-09-31", endDate: "2017-10-05" }, false, { startDate: "date" }],
    [{ startDate: "", endDate: "2017-10-05" }, false, { startDate: "required" }],
    [{ startDate: "2017-08-05", endDate: "2017-09-15", note: "例 4111 1111 1111 1111" }, false, { note: "cardNumber" }],
  ])("%j", (w, ok, errors) => {
    const result = parseWindow({ note: "", ...w });
    expect(result.success).toBe(ok);
    if (!result.success) expect(result.errors).toEqual(errors);
    else expect(result.data.note).toBeNull();
  });

  it.each([
    [{ startDate: "2015-03-20", endDate: "2015-07-17" }, "windowDuplicate"],
    [{ startDate: "2015-07-17", endDate: "2015-08-01" }, "windowOverlap"], // shares the last day
    [{ startDate: "2015-01-01", endDate: "2015-12-31" }, "windowOverlap"], // contains it
    [{ startDate: "2015-07-18", endDate: "2015-08-01" }, null], // starts the day after
    [{ startDate: "2015-01-01", endDate: "2015-03-19" }, null], // ends the day before
  ])("a window %j against 2015-03-20..2015-07-17 → %s", (w, expected) => {
    expect(windowConflict(w, [{ startDate: "2015-03-20", endDate: "2015-07-17" }])).toBe(expected);
  });
});

describe("sites", () => {
  const SITE: FormValues = {
    siteSlug: "shop",
    nameJa: "C.O.U.オンラインショップ",
    nameEn: "C.O.U. Online Shop",
    url: "",
    stolenItems: ["security_code", "name", "card_number", "expiry"],
    startDate: "2017-08-05",
    endDate: "2017-09-15",
    note: "",
  };

  it("needs a first window, and keeps the stolen items in canonical order", () => {
    const result = parseSiteCreate(SITE);
    expect(result).toMatchObject({
      success: true,
      data: {
        slug: "shop",
        url: null,
        stolenItems: ["name", "card_number", "expiry", "security_code"],
        window: { startDate: "2017-08-05", endDate: "2017-09-15" },
      },
    });
    const { startDate: _s, endDate: _e, ...noWindow } = SITE;
    expect(parseSiteCreate(noWindow)).toEqual({ success: false, errors: { startDate: "required", endDate: "required" } });
  });

  it.each([
    [{ siteSlug: "Shop" }, { siteSlug: "slugFormat" }],
    [{ stolenItems: [] }, { stolenItems: "stolenItemsRequired" }],
    [{ stolenItems: ["name", "password"] }, { stolenItems: "invalid" }],
    [{ url: "javascript:alert(1)" }, { url: "url" }],
    [{ url: "www.example.jp" }, { url: "url" }],
    [{ nameEn: "" }, { nameEn: "required" }],
  ])("refuses %j", (patch, errors) => {
    expect(parseSiteCreate({ ...SITE, ...patch })).toEqual({ success: false, errors });
  });
});

describe("weekly hours grid", () => {
  it.each([
    ["10:00-18:00", ["10:00", "18:00"]],
    ["9:00-17:00", ["09:00", "17:00"]],
    ["10:00〜18:00", ["10:00", "18:00"]],
    ["１０：００～１８：００", ["10:00", "18:00"]],
    ["10:00 – 18:00", ["10:00", "18:00"]],
    ["1000-1800", ["10:00", "18:00"]],
    ["12:00-24:00", ["12:00", "24:00"]],
    ["10-18", null],
    ["10:00", null],
    ["ten to six", null],
  ])("reads %j as %j", (text, expected) => {
    expect(parseTimeRange(text)).toEqual(expected);
  });

  it("turns the Case A grid into weekly hours the calendar accepts", () => {
    const grid = emptyGrid();
    for (const day of ["mon", "tue", "wed", "thu", "fri"] as const) grid[day] = ["12:00-17:00", ""];
    const result = parseHoursGrid(grid);
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.mon).toEqual([["12:00", "17:00"]]);
    expect(result.data.sat).toEqual([]);
    expect(parseWeeklyHours(JSON.stringify(result.data))).toEqual(result.data);
  });

  it("sorts two periods of a day (a lunch break)", () => {
    const grid = emptyGrid();
    grid.mon = ["13:00-17:00", "9:00-12:00"];
    const result = parseHoursGrid(grid);
    expect(result.success && result.data.mon).toEqual([
      ["09:00", "12:00"],
      ["13:00", "17:00"],
    ]);
  });

  it.each([
    ["mon", ["10:00~", ""], "hoursFormat"],
    ["tue", ["25:00-26:00", ""], "hoursTime"],
    ["wed", ["10:60-11:00", ""], "hoursTime"],
    ["thu", ["24:00-24:00", ""], "hoursTime"],
    ["fri", ["18:00-10:00", ""], "hoursOrder"],
    ["sat", ["10:00-10:00", ""], "hoursOrder"],
    ["sun", ["10:00-14:00", "13:00-18:00"], "hoursOverlap"],
  ] as const)("refuses %s %j with %s, on that day only", (day, texts, key) => {
    const grid = emptyGrid();
    grid.mon = ["10:00-18:00", ""];
    grid[day] = [...texts];
    expect(parseHoursGrid(grid)).toEqual({ success: false, errors: { [`hours.${day}`]: key } });
  });

  it("round-trips stored hours through the form fields", () => {
    const weekly = {
      mon: [
        ["09:00", "12:00"],
        ["13:00", "17:00"],
      ] as Array<[string, string]>,
      fri: [["10:00", "18:00"]] as Array<[string, string]>,
    };
    const grid = weeklyHoursToGrid(weekly);
    expect(grid.mon).toEqual(["09:00-12:00", "13:00-17:00"]);
    expect(grid.fri).toEqual(["10:00-18:00", ""]);
    expect(grid.sun).toEqual(["", ""]);
    const values: FormValues = {};
    for (const [day, texts] of Object.entries(grid)) texts.forEach((text, i) => (values[`hours.${day}.${i}`] = text));
    expect(gridFromValues(values)).toEqual(grid);
    const parsed = parseHoursGrid(gridFromValues(values));
    expect(parsed.success && parsed.data).toEqual({ ...{ tue: [], wed: [], thu: [], sat: [], sun: [] }, ...weekly });
  });
});

describe("hotlines", () => {
  const PHONE: FormValues = {
    kind: "phone",
    labelJa: "お問い合わせ窓口",
    labelEn: "Inquiry line",
    address: "０３－４４０５－８４５５",
    isMain: "on",
    yearEndClosure: "on",
    responseTargetMinutes: "480",
    "hours.mon.0": "10:00-18:00",
  };

  it("accepts a phone line, printing the number with ASCII digits", () => {
    const result = parseHotline(PHONE);
    expect(result).toMatchObject({
      success: true,
      data: { kind: "phone", address: "03-4405-8455", isMain: true, yearEndClosure: true, responseTargetMinutes: 480 },
    });
    expect(result.success && result.data.weeklyHours.mon).toEqual([["10:00", "18:00"]]);
  });

  it("accepts an email line and lower-cases its domain", () => {
    const result = parseHotline({ ...PHONE, kind: "email", address: "Inquiry@COO.ne.jp", isMain: "" });
    expect(result).toMatchObject({ success: true, data: { kind: "email", address: "Inquiry@coo.ne.jp", isMain: false } });
  });

  it.each([
    [{ address: "03-4405-845" }, { address: "phone" }],
    [{ kind: "email", address: "inquiry at coo.ne.jp" }, { address: "email" }],
    [{ kind: "fax" }, { kind: "kind" }],
    [{ responseTargetMinutes: "0" }, { responseTargetMinutes: "responseTarget" }],
    [{ responseTargetMinutes: "eight hours" }, { responseTargetMinutes: "responseTarget" }],
    [{ labelJa: "" }, { labelJa: "required" }],
    [{ "hours.mon.0": "10:00-18:00", "hours.mon.1": "17:00-19:00" }, { "hours.mon": "hoursOverlap" }],
  ])("refuses %j", (patch, errors) => {
    expect(parseHotline({ ...PHONE, ...patch })).toEqual({ success: false, errors });
  });

  it("treats the same number written differently as the same line", () => {
    expect(hotlineIdentity("phone", "03-4405-8455")).toBe(hotlineIdentity("phone", "０３（４４０５）８４５５"));
    expect(hotlineIdentity("phone", "+81 3 4405 8455")).toBe(hotlineIdentity("phone", "03-4405-8455"));
    expect(hotlineIdentity("email", "Inquiry@COO.ne.jp")).toBe(hotlineIdentity("email", "inquiry@coo.ne.jp"));
    expect(hotlineIdentity("phone", "03-4405-8455")).not.toBe(hotlineIdentity("phone", "0120-100-734"));
  });
});
