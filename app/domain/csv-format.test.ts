import { parse } from "csv-parse/sync";
import { CSV_BOM, CSV_EOL, cellText, csvDocument, csvField, csvRow, neutraliseFormula } from "./csv-format";
import type { CsvValue } from "./csv-format";

describe("csvField: every field quoted, quotes doubled", () => {
  it.each<[string, CsvValue, string]>([
    ["plain text", "abc", '"abc"'],
    ["empty string", "", '""'],
    ["null", null, '""'],
    ["undefined", undefined, '""'],
    ["a number", 180, '"180"'],
    ["zero", 0, '"0"'],
    ["a negative number the app produced (not text): no apostrophe", -5, '"-5"'],
    ["NaN", Number.NaN, '""'],
    ["true", true, '"1"'],
    ["false", false, '"0"'],
    ["a comma", "a,b", '"a,b"'],
    ["a double quote", 'say "hi"', '"say ""hi"""'],
    ["only quotes", '""', '""""""'],
    ["LF inside", "line 1\nline 2", '"line 1\nline 2"'],
    ["CRLF inside", "line 1\r\nline 2", '"line 1\r\nline 2"'],
    ["Japanese", "山田 太郎様、再発行手数料について", '"山田 太郎様、再発行手数料について"'],
    ["half-width kana and full-width digits", "ﾔﾏﾀﾞ ０９０", '"ﾔﾏﾀﾞ ０９０"'],
    ["emoji (surrogate pair)", "👍", '"👍"'],
    ["leading and trailing spaces kept", "  x  ", '"  x  "'],
  ])("%s", (_label, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe("formula injection: text starting with = + - @ TAB CR gets an apostrophe", () => {
  it.each<[string, string, string]>([
    ["=", "=1+1", "'=1+1"],
    ["= HYPERLINK", '=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ["+", "+81 90 1234 5678", "'+81 90 1234 5678"],
    ["-", "-2+3", "'-2+3"],
    ["@", "@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["TAB", "\t=1", "'\t=1"],
    ["CR", "\r=1", "'\r=1"],
    ["not at the start", "a=1", "a=1"],
    ["full-width equals is not a trigger", "＝1", "＝1"],
    ["a space first is not a trigger", " =1", " =1"],
    ["empty", "", ""],
  ])("%s", (_label, text, expected) => {
    expect(neutraliseFormula(text)).toBe(expected);
    expect(cellText(text)).toBe(expected);
  });

  it("quotes and escapes the protected text too", () => {
    expect(csvField('=HYPERLINK("a")')).toBe(`"'=HYPERLINK(""a"")"`);
  });
});

describe("csvRow and csvDocument", () => {
  it("joins fields with commas and ends each record with CRLF", () => {
    expect(csvRow(["a", 1, null])).toBe(`"a","1",""${CSV_EOL}`);
    expect(CSV_EOL).toBe("\r\n");
  });

  it("starts a document with the UTF-8 BOM, and encodes it as EF BB BF", () => {
    const doc = csvDocument([["氏名"], ["山田"]]);
    expect(doc.startsWith(CSV_BOM)).toBe(true);
    const bytes = new TextEncoder().encode(doc);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("reads back to the same cells with a standard CSV parser (except the apostrophe of protected cells)", () => {
    const rows: string[][] = [
      ["氏名", "メモ", "件数"],
      ["山田 太郎", 'カンマ, と "引用符"\n改行も', "3"],
      ["ﾔﾏﾀﾞ", "=1+1", ""],
    ];
    const parsed = parse(csvDocument(rows), { bom: true, record_delimiter: "\r\n" }) as string[][];
    expect(parsed).toEqual([rows[0], rows[1], ["ﾔﾏﾀﾞ", "'=1+1", ""]]);
  });

  it("keeps a line break inside a field inside the quotes: one record, not two", () => {
    const text = csvRow(["a\r\nb", "c"]);
    expect(text).toBe(`"a\r\nb","c"\r\n`);
    expect((parse(text, { record_delimiter: "\r\n" }) as string[][]).length).toBe(1);
  });
});
