import { resources } from "~/locales";
import {
  apiOutcomeFor,
  compareCandidates,
  decideOutcome,
  htmlTextBytes,
  isInsideWindows,
  maskName,
  matchFacts,
  paddingFor,
  publicOutcomeFor,
  windowContaining,
} from "./lookup-rules";
import type { FactMatch, ListCoverage, LookupFact, LookupOutcome, QueryKeys } from "./lookup-rules";

const WINDOW = [{ startDate: "2017-08-05", endDate: "2017-09-15" }];

describe("exposure windows are judged in JST", () => {
  it("runs with the server in UTC (as in production)", () => {
    expect(new Date("2017-09-15T00:00:00Z").getTimezoneOffset()).toBe(0);
  });

  it.each([
    ["2017-09-15T23:59:59+09:00", true, "last second of the last day"],
    ["2017-09-16T00:00:00+09:00", false, "midnight JST the next day"],
    ["2017-09-15T14:59:59Z", true, "the same last second written in UTC"],
    ["2017-09-15T15:00:00Z", false, "15:00 UTC is already the next day in Japan"],
    ["2017-08-05T00:00:00+09:00", true, "first second of the first day"],
    ["2017-08-04T23:59:59+09:00", false, "the second before the window"],
    ["2017-08-04T15:00:00Z", true, "00:00 JST on the first day written in UTC (the UTC date is the day before)"],
    ["2017-08-04T14:59:59Z", false, "23:59:59 JST the day before"],
    ["2017-08-20T12:00:00+09:00", true, "the middle"],
  ])("%s inside=%s (%s)", (iso, inside) => {
    expect(isInsideWindows(new Date(iso), WINDOW)).toBe(inside);
  });

  it("returns the window holding the instant when there are several", () => {
    const windows = [
      { startDate: "2012-03-01", endDate: "2012-09-30" },
      { startDate: "2013-07-26", endDate: "2015-07-02" },
    ];
    expect(windowContaining(new Date("2014-01-01T00:00:00+09:00"), windows)).toBe(windows[1]);
    expect(windowContaining(new Date("2012-09-30T23:59:59+09:00"), windows)).toBe(windows[0]);
    expect(windowContaining(new Date("2013-01-01T00:00:00+09:00"), windows)).toBeNull();
  });
});

const record = { nameKey: "N1", kanaKey: "K1", emailKey: "E1", phoneKey: "P1", referenceKey: "R1", cardLast4: "4242" };
const none: QueryKeys = { nameKeys: [], emailKey: null, phoneKey: null, referenceKey: null, last4: null };

describe("matchFacts", () => {
  it.each<[string, Partial<QueryKeys>, LookupFact[], boolean]>([
    ["kanji name", { nameKeys: ["N1"] }, ["name"], false],
    ["kana name (either column)", { nameKeys: ["zz", "K1"] }, ["name"], false],
    ["name and phone", { nameKeys: ["K1"], phoneKey: "P1" }, ["name", "phone"], false],
    ["all four", { nameKeys: ["N1"], phoneKey: "P1", emailKey: "E1", referenceKey: "R1" }, ["name", "phone", "email", "reference"], false],
    ["wrong phone", { nameKeys: ["N1"], phoneKey: "P2" }, ["name"], false],
    ["last 4 only is no fact", { last4: "4242" }, [], true],
    ["name + last 4: still one fact", { nameKeys: ["N1"], last4: "4242" }, ["name"], true],
    ["nothing", {}, [], false],
  ])("%s", (_label, query, fields, last4) => {
    expect(matchFacts(record, { ...none, ...query })).toEqual({ matchedFields: fields, last4Matched: last4 });
  });

  it("does not match a record with no name keys on an empty name", () => {
    expect(matchFacts({ ...record, nameKey: null, kanaKey: null }, { ...none, nameKeys: ["N1"] }).matchedFields).toEqual([]);
  });
});

const cand = (fields: LookupFact[], inside: boolean | null, extra: Partial<{ id: string; last4Matched: boolean; at: string }> = {}) => ({
  matchedFields: fields,
  last4Matched: extra.last4Matched ?? false,
  inside,
  id: extra.id ?? "x",
  transactionAt: extra.at ? new Date(extra.at) : null,
});

describe("decideOutcome: two independent facts verify", () => {
  it.each<[string, (FactMatch & { inside: boolean | null })[], LookupOutcome]>([
    ["no candidates", [], "not_found"],
    ["one fact", [cand(["name"], true)], "needs_verification"],
    ["one fact + last 4", [cand(["name"], true, { last4Matched: true })], "needs_verification"],
    ["two facts of different records", [cand(["name"], true), cand(["phone"], true)], "needs_verification"],
    ["name + phone, inside", [cand(["name", "phone"], true)], "affected"],
    ["email + reference, inside", [cand(["email", "reference"], true)], "affected"],
    ["verified, outside", [cand(["name", "phone"], false)], "not_affected"],
    ["verified, no date", [cand(["name", "phone"], null)], "undetermined"],
    ["verified outside and verified inside", [cand(["name", "email"], false), cand(["name", "phone"], true)], "affected"],
    ["verified outside and no date", [cand(["name", "email"], false), cand(["name", "phone"], null)], "undetermined"],
    ["one-fact inside, verified outside", [cand(["name"], true), cand(["name", "phone"], false)], "not_affected"],
  ])("%s → %s", (_label, candidates, outcome) => {
    expect(decideOutcome(candidates)).toBe(outcome);
  });
});

describe("compareCandidates ranks by facts, then last 4, then window, then recency", () => {
  it("orders a mixed list", () => {
    const list = [
      cand(["name"], true, { id: "a" }),
      cand(["name", "phone"], false, { id: "b" }),
      cand(["name"], true, { id: "c", last4Matched: true }),
      cand(["name", "phone", "email"], false, { id: "d" }),
      cand(["name", "phone"], true, { id: "e" }),
      cand(["phone"], false, { id: "f", at: "2017-01-01T00:00:00Z" }),
      cand(["phone"], false, { id: "g", at: "2017-06-01T00:00:00Z" }),
    ];
    expect([...list].sort(compareCandidates).map((c) => c.id)).toEqual(["d", "e", "b", "c", "a", "g", "f"]);
  });
});

describe("apiOutcomeFor", () => {
  it.each<[LookupOutcome, string]>([
    ["affected", "affected"],
    ["not_affected", "not_found"],
    ["not_found", "not_found"],
    ["needs_verification", "needs_verification"],
    ["undetermined", "needs_verification"],
  ])("%s → %s", (outcome, api) => {
    expect(apiOutcomeFor(outcome)).toBe(api);
  });
});

describe("publicOutcomeFor: three answers, no enumeration oracle", () => {
  const full: ListCoverage = { records: true, name: true, email: true, phone: true, reference: true };
  const namesOnly: ListCoverage = { records: true, name: true, email: false, phone: false, reference: false };
  const empty: ListCoverage = { records: false, name: false, email: false, phone: false, reference: false };
  it.each<[string, LookupOutcome, LookupFact[], ListCoverage, string]>([
    ["verified inside", "affected", ["name", "email"], full, "affected"],
    ["verified outside: not on the affected list", "not_affected", ["name", "email"], full, "not_found"],
    ["nothing matches", "not_found", ["name", "email"], full, "not_found"],
    ["ONE fact matches: must look exactly like nothing matching", "needs_verification", ["name", "email"], full, "not_found"],
    ["verified but no date", "undetermined", ["name", "phone"], full, "uncertain"],
    ["the list is not loaded yet", "not_found", ["name", "email"], empty, "uncertain"],
    ["the list holds no emails", "not_found", ["name", "email"], namesOnly, "uncertain"],
    ["the list holds no emails, even when the name matches", "needs_verification", ["name", "email"], namesOnly, "uncertain"],
    ["phone given but unusable: one checkable fact", "not_found", ["name"], full, "uncertain"],
    ["email usable, phone not held", "affected", ["name", "email", "phone"], { ...full, phone: false }, "affected"],
  ])("%s", (_label, outcome, given, coverage, expected) => {
    expect(publicOutcomeFor({ outcome, given, coverage })).toBe(expected);
  });

  it("never depends on whether a one-fact match exists", () => {
    for (const coverage of [full, namesOnly, empty]) {
      for (const given of [["name", "email"], ["name", "phone"], ["name", "email", "reference"]] as LookupFact[][]) {
        expect(publicOutcomeFor({ outcome: "needs_verification", given, coverage })).toBe(publicOutcomeFor({ outcome: "not_found", given, coverage }));
      }
    }
  });
});

describe("maskName", () => {
  it.each([
    ["山田 太郎", "山＊＊"],
    ["ﾔﾏﾀﾞ ﾀﾛｳ", "ヤ＊＊"],
    ["  John Smith", "J＊＊"],
    ["", "＊＊"],
  ])("%j → %j", (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe("equal-size answers", () => {
  it.each([
    ["abc", 3],
    ["a&b", 7],
    ["<'\">", 4 + 6 + 6 + 4],
    ["対象", 6],
  ])("htmlTextBytes(%j) = %i", (text, bytes) => {
    expect(htmlTextBytes(text)).toBe(bytes);
  });

  it("pads the shorter variant to the longer", () => {
    expect(paddingFor({ a: ["x", "yy"], b: ["対象"] })).toEqual({ a: 3, b: 0 });
  });

  it.each(["ja", "en"] as const)("makes the self-check's two negative answers equally long in %s", (lng) => {
    const r = resources[lng].check.result;
    const texts = {
      not_found: [r.not_found.title, r.not_found.body1, r.not_found.body2, r.not_found.body3],
      uncertain: [r.uncertain.title, r.uncertain.body1, r.uncertain.body2, r.uncertain.body3],
    };
    const pad = paddingFor(texts);
    const total = (k: keyof typeof texts) => texts[k].reduce((s, t) => s + htmlTextBytes(t), 0) + pad[k];
    expect(total("not_found")).toBe(total("uncertain"));
    expect(Math.min(pad.not_found, pad.uncertain)).toBe(0);
  });
});
