import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import type { DemoCustomer, DemoWindow, GenerateAffectedCustomersOptions } from "./demo-data";
import {
  CARD_BRAND_SHARES,
  DEMO_EMAIL_DOMAINS,
  DEMO_SEED,
  GIVEN_NAMES,
  SURNAMES,
  createRng,
  generateAffectedCustomers,
  katakanaToHiragana,
  outsideCountFor,
  sfc32,
  toHalfWidthKatakana,
} from "./demo-data";

const CASE_A_WINDOW: DemoWindow = { startDate: "2017-08-05", endDate: "2017-09-15" };

function caseA(overrides: Partial<GenerateAffectedCustomersOptions> = {}): GenerateAffectedCustomersOptions {
  return { seed: DEMO_SEED, count: 1000, windows: [CASE_A_WINDOW], site: "shop", referencePrefix: "COU-", ...overrides };
}

function all(options: GenerateAffectedCustomersOptions): DemoCustomer[] {
  return [...generateAffectedCustomers(options)];
}

/** Wall-clock date and time in Japan, whatever the process time zone is. */
const jstFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});
function jst(date: Date): { day: string; time: string } {
  const p = Object.fromEntries(jstFormat.formatToParts(date).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
}
function insideByJstDay(date: Date, windows: readonly DemoWindow[]): boolean {
  const { day } = jst(date);
  return windows.some((w) => day >= w.startDate && day <= w.endDate);
}
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The normalisation the matching code uses: NFKC, every dash-like character out. */
function normalisePhone(raw: string): string {
  return raw.normalize("NFKC").replace(/[-\u2010-\u2015\u2212\u30FC\uFF70\s]/g, "");
}

// One big run shared by the bulk checks (generated once, lazily consumed into an array).
const BULK_WINDOWS: DemoWindow[] = [{ startDate: "2013-07-26", endDate: "2015-07-02" }];
const bulk = all({ seed: DEMO_SEED, count: 100_000, windows: BULK_WINDOWS, site: "rentacar", referencePrefix: "RC-" });

describe("PRNG", () => {
  it("sfc32 follows the reference algorithm", () => {
    const next = sfc32(1, 2, 3, 4);
    expect([next(), next(), next()]).toEqual([7, 34, 56623200]);
  });

  it("createRng is pinned: these numbers must never change on any machine", () => {
    const rng = createRng(20180116);
    expect([rng.uint32(), rng.uint32(), rng.uint32()]).toEqual([486787430, 1145653673, 1113790668]);
  });

  it("float stays in [0, 1)", () => {
    const rng = createRng("x");
    for (let i = 0; i < 10_000; i++) {
      const f = rng.float();
      expect(f >= 0 && f < 1).toBe(true);
    }
  });
});

describe("generateAffectedCustomers: determinism", () => {
  it("gives identical first 1,000 records for the same seed", () => {
    const a = all(caseA());
    const b = all(caseA());
    expect(a).toHaveLength(1000);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it("gives different records for a different seed or site", () => {
    const a = JSON.stringify(all(caseA()));
    expect(JSON.stringify(all(caseA({ seed: DEMO_SEED + 1 })))).not.toBe(a);
    expect(JSON.stringify(all(caseA({ site: "other" })))).not.toBe(a);
  });

  it("does not depend on the process time zone", () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = "UTC";
      const utc = JSON.stringify(all(caseA({ count: 300 })));
      for (const tz of ["America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati"]) {
        process.env.TZ = tz;
        expect(JSON.stringify(all(caseA({ count: 300 })))).toBe(utc);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("is lazy: taking a few records from a huge run is instant", () => {
    const iterator = generateAffectedCustomers(caseA({ count: 50_000_000 }));
    const first = iterator.next();
    expect(first.done).toBe(false);
    iterator.return(undefined);
  });
});

describe("generateAffectedCustomers: counts and windows", () => {
  it.each([0, 1, 2, 5, 335, 1000, 24_308])("yields exactly %i records with an exact 3%% outside split", (count) => {
    const rows = all(caseA({ count }));
    expect(rows).toHaveLength(count);
    expect(rows.filter((r) => !r.insideWindow)).toHaveLength(outsideCountFor(count));
  });

  it("honours outsideShare", () => {
    expect(all(caseA({ outsideShare: 0 })).every((r) => r.insideWindow)).toBe(true);
    expect(all(caseA({ outsideShare: 1 })).every((r) => !r.insideWindow)).toBe(true);
    expect(all(caseA({ outsideShare: 0.25 })).filter((r) => !r.insideWindow)).toHaveLength(250);
  });

  it("generates 100,000 records with the default split", () => {
    expect(bulk).toHaveLength(100_000);
    expect(bulk.filter((r) => !r.insideWindow)).toHaveLength(3000);
  });

  it("agrees with the JST calendar day on every record; outside ones are 1-3 days out", () => {
    const windows = [CASE_A_WINDOW];
    const rows = all(caseA({ count: 20_000 }));
    const wrong = rows.filter((r) => insideByJstDay(r.transactionAt, windows) !== r.insideWindow);
    expect(wrong).toEqual([]);
    const distances = new Set<number>();
    for (const r of rows.filter((x) => !x.insideWindow)) {
      const { day } = jst(r.transactionAt);
      distances.add(
        day < CASE_A_WINDOW.startDate ? daysBetween(day, CASE_A_WINDOW.startDate) : daysBetween(CASE_A_WINDOW.endDate, day),
      );
    }
    expect([...distances].sort()).toEqual([1, 2, 3]);
    // Uniform inside: every day of the 42-day window gets records.
    const days = new Set(rows.filter((r) => r.insideWindow).map((r) => jst(r.transactionAt).day));
    expect(days.size).toBe(42);
  });

  it.each([50, 335, 1000])("includes the exact boundary instants (count %i), judged in JST", (count) => {
    const rows = all(caseA({ count }));
    const at = (iso: string) => rows.filter((r) => r.transactionAt.getTime() === Date.parse(iso));
    const first = at("2017-08-05T00:00:00+09:00");
    const last = at("2017-09-15T23:59:59+09:00");
    const after = at("2017-09-16T00:00:00+09:00");
    expect(first.length).toBeGreaterThan(0);
    expect(last.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(first.every((r) => r.insideWindow)).toBe(true);
    expect(last.every((r) => r.insideWindow)).toBe(true);
    expect(after.every((r) => !r.insideWindow)).toBe(true);
    // The same facts read off a Japanese calendar, not off UTC (the server runs in UTC,
    // where 23:59:59 JST on 9/15 is still 9/15 but 00:00 JST on 8/5 is 8/4).
    for (const r of first) expect(jst(r.transactionAt)).toEqual({ day: "2017-08-05", time: "00:00:00" });
    for (const r of last) expect(jst(r.transactionAt)).toEqual({ day: "2017-09-15", time: "23:59:59" });
    for (const r of after) expect(jst(r.transactionAt)).toEqual({ day: "2017-09-16", time: "00:00:00" });
    expect(first[0]?.transactionAt.toISOString()).toBe("2017-08-04T15:00:00.000Z");
  });

  it("handles several windows, each with its own boundaries", () => {
    const windows: DemoWindow[] = [
      { startDate: "2012-03-01", endDate: "2012-09-30" },
      { startDate: "2015-03-20", endDate: "2015-07-17" },
    ];
    const rows = all(caseA({ count: 5000, windows }));
    expect(rows.filter((r) => !r.insideWindow)).toHaveLength(150);
    expect(rows.filter((r) => insideByJstDay(r.transactionAt, windows) !== r.insideWindow)).toEqual([]);
    const instants = new Set(rows.map((r) => r.transactionAt.getTime()));
    for (const iso of [
      "2012-03-01T00:00:00+09:00",
      "2012-09-30T23:59:59+09:00",
      "2015-03-20T00:00:00+09:00",
      "2015-07-17T23:59:59+09:00",
      "2012-10-01T00:00:00+09:00",
      "2015-07-18T00:00:00+09:00",
    ]) {
      expect(instants.has(Date.parse(iso)), iso).toBe(true);
    }
  });

  it("keeps outside records outside when windows nearly touch", () => {
    const windows: DemoWindow[] = [
      { startDate: "2020-01-01", endDate: "2020-01-10" },
      { startDate: "2020-01-12", endDate: "2020-01-20" },
    ];
    const rows = all(caseA({ count: 2000, windows, outsideShare: 0.2 }));
    expect(rows.filter((r) => !r.insideWindow)).toHaveLength(400);
    expect(rows.filter((r) => insideByJstDay(r.transactionAt, windows) !== r.insideWindow)).toEqual([]);
  });

  it("rejects bad input", () => {
    expect(() => generateAffectedCustomers(caseA({ count: -1 }))).toThrow(RangeError);
    expect(() => generateAffectedCustomers(caseA({ count: 1.5 }))).toThrow(RangeError);
    expect(() => generateAffectedCustomers(caseA({ windows: [] }))).toThrow(RangeError);
    expect(() => generateAffectedCustomers(caseA({ windows: [{ startDate: "2017/08/05", endDate: "2017-09-15" }] }))).toThrow(
      RangeError,
    );
    expect(() => generateAffectedCustomers(caseA({ windows: [{ startDate: "2017-02-30", endDate: "2017-09-15" }] }))).toThrow(
      RangeError,
    );
    expect(() => generateAffectedCustomers(caseA({ windows: [{ startDate: "2017-09-16", endDate: "2017-09-15" }] }))).toThrow(
      RangeError,
    );
    expect(() => generateAffectedCustomers(caseA({ outsideShare: 1.1 }))).toThrow(RangeError);
  });
});

describe("generateAffectedCustomers: record contents", () => {
  it("every phone is a valid Japanese number after normalisation, in many formats", () => {
    const seen = { fullWidth: false, choon: false, u2010: false, u2212: false, intl: false, plain: false, hyphen: false };
    const invalid: string[] = [];
    for (const r of bulk) {
      const parsed = parsePhoneNumberFromString(normalisePhone(r.phone), "JP");
      if (!parsed?.isValid() || !parsed.number.startsWith("+81")) invalid.push(r.phone);
      if (/[０-９]/.test(r.phone)) seen.fullWidth = true;
      if (r.phone.includes("ー")) seen.choon = true;
      if (r.phone.includes("\u2010")) seen.u2010 = true;
      if (r.phone.includes("\u2212")) seen.u2212 = true;
      if (r.phone.startsWith("+81 ")) seen.intl = true;
      if (/^0\d{9,10}$/.test(r.phone)) seen.plain = true;
      if (/^0\d{1,3}-\d{3,4}-\d{4}$/.test(r.phone)) seen.hyphen = true;
    }
    expect(invalid).toEqual([]);
    expect(Object.values(seen).every(Boolean), JSON.stringify(seen)).toBe(true);
  });

  it("every email is on a reserved example domain; unique per run", () => {
    const domains = new Set<string>(DEMO_EMAIL_DOMAINS);
    const keys = new Set<string>();
    const bad: string[] = [];
    let upper = 0;
    let fullWidth = 0;
    for (const r of bulk) {
      const normalised = r.email.normalize("NFKC").trim();
      const [local = "", domain = "", ...extra] = normalised.split("@");
      if (extra.length > 0 || !/^[A-Za-z0-9._-]+$/.test(local) || !domains.has(domain.toLowerCase())) bad.push(r.email);
      keys.add(normalised.toLowerCase());
      if (r.email !== r.email.toLowerCase()) upper++;
      if (r.email !== r.email.normalize("NFKC")) fullWidth++;
    }
    expect(bad).toEqual([]);
    expect(keys.size).toBe(bulk.length);
    expect(upper).toBeGreaterThan(0);
    expect(fullWidth).toBeGreaterThan(0);
  });

  it("contains no run of 13-19 digits anywhere (not even split by spaces or dashes)", () => {
    const bad = bulk
      .map((r) => JSON.stringify(r).normalize("NFKC"))
      .filter((json) => /\d{13,}/.test(json) || /\d{13,}/.test(json.replace(/[\s\-\u2010-\u2015\u2212\u30FC]/g, "")));
    expect(bad).toEqual([]);
  });

  it("holds the last four digits only, and no other card field", () => {
    const brands = new Map<string, number>();
    const allowed = new Set<string>(CARD_BRAND_SHARES.map(([b]) => b));
    for (const r of bulk) brands.set(r.cardBrand, (brands.get(r.cardBrand) ?? 0) + 1);
    expect(bulk.filter((r) => !/^\d{4}$/.test(r.cardLast4) || !allowed.has(r.cardBrand))).toEqual([]);
    expect(Object.keys(bulk[0] ?? {}).sort()).toEqual(
      [
        "cardBrand",
        "cardLast4",
        "email",
        "insideWindow",
        "nameKana",
        "nameKanji",
        "phone",
        "postalCode",
        "reference",
        "transactionAt",
      ].sort(),
    );
    const visa = (brands.get("VISA") ?? 0) / bulk.length;
    expect(visa).toBeGreaterThan(0.45);
    expect(visa).toBeLessThan(0.55);
    expect(brands.size).toBe(5);
  });

  it("gives unique references with the prefix", () => {
    const refs = new Set(bulk.map((r) => r.reference));
    expect(refs.size).toBe(bulk.length);
    expect([...refs].filter((ref) => !/^RC-\d{8}$/.test(ref))).toEqual([]);
  });

  it("writes postal codes as 〒100-0001 and variants", () => {
    expect(bulk.filter((r) => !/^(〒)?\d{3}-?\d{4}$/.test(r.postalCode.normalize("NFKC")))).toEqual([]);
    expect(bulk.some((r) => r.postalCode.startsWith("〒"))).toBe(true);
    expect(bulk.some((r) => /[０-９]/.test(r.postalCode))).toBe(true);
  });

  it("pairs every kanji name with its own reading, in katakana, hiragana or half-width kana", () => {
    const pairs = new Set<string>();
    for (const [fk, fr] of SURNAMES) for (const [gk, gr] of GIVEN_NAMES) pairs.add(`${fk}${gk}|${katakanaToHiragana(fr + gr)}`);
    const kinds = { hiragana: 0, katakana: 0, halfWidth: 0, ideographicSpace: 0, noSpace: 0 };
    const mismatched: string[] = [];
    for (const r of bulk.slice(0, 20_000)) {
      const kanji = r.nameKanji.replace(/[ \u3000]/g, "");
      const reading = katakanaToHiragana(r.nameKana.normalize("NFKC").replace(/[ \u3000]/g, ""));
      if (!pairs.has(`${kanji}|${reading}`)) mismatched.push(`${r.nameKanji} / ${r.nameKana}`);
      if (/[ぁ-ゖ]/.test(r.nameKana)) kinds.hiragana++;
      if (/[ァ-ヶ]/.test(r.nameKana)) kinds.katakana++;
      if (/[ｦ-ﾟ]/.test(r.nameKana)) kinds.halfWidth++;
      if (r.nameKanji.includes("\u3000") || r.nameKana.includes("\u3000")) kinds.ideographicSpace++;
      if (!/[ \u3000]/.test(r.nameKana)) kinds.noSpace++;
    }
    expect(mismatched).toEqual([]);
    expect(
      Object.values(kinds).every((n) => n > 0),
      JSON.stringify(kinds),
    ).toBe(true);
  });

  it("has about 100 surnames and given names, readings in katakana, no duplicates", () => {
    expect(SURNAMES.length).toBeGreaterThanOrEqual(100);
    expect(GIVEN_NAMES.length).toBeGreaterThanOrEqual(100);
    for (const [kanji, kana] of [...SURNAMES, ...GIVEN_NAMES]) {
      expect(kanji.length).toBeGreaterThan(0);
      expect(kana).toMatch(/^[ァ-ヶー]+$/);
      expect(toHalfWidthKatakana(kana).normalize("NFKC")).toBe(kana);
    }
    expect(new Set(SURNAMES.map(([k]) => k)).size).toBe(SURNAMES.length);
    expect(new Set(GIVEN_NAMES.map(([k]) => k)).size).toBe(GIVEN_NAMES.length);
    expect(SURNAMES).toContainEqual(["佐藤", "サトウ"]);
    expect(SURNAMES).toContainEqual(["高橋", "タカハシ"]);
    expect(GIVEN_NAMES).toContainEqual(["翔太", "ショウタ"]);
    expect(toHalfWidthKatakana("ガパ")).toBe("ｶﾞﾊﾟ");
  });
});
