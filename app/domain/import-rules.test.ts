import iconv from "iconv-lite";
import { tokyoDate } from "./business-hours";
import {
  cellHoldsCardNumber,
  cellValue,
  checkMapping,
  decodeRowProblem,
  encodeRowProblem,
  findCardNumberCell,
  findRefusedColumn,
  fromStoredMapping,
  guessField,
  parseMappingArgument,
  parseTransactionAt,
  proposeMapping,
  sniffDelimiter,
  sniffEncoding,
  toStoredMapping,
  uniqueHeaders,
  validateRow,
} from "./import-rules";
import type { ColumnTarget, RowProblem } from "./import-rules";

const JAPANESE_CSV = "注文番号,氏名,フリガナ,電話番号\r\nCOU-00000001,山田 太郎,ヤマダ タロウ,090-1234-5678\r\n";

describe("sniffEncoding", () => {
  const utf8 = Buffer.from(JAPANESE_CSV, "utf8");
  // A head cut inside the 3-byte UTF-8 sequence of "氏".
  const cut = utf8.subarray(0, utf8.indexOf(Buffer.from("氏", "utf8")) + 1);
  it.each([
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), {}, { encoding: "utf-8", bom: true }],
    ["UTF-8 without BOM", utf8, {}, { encoding: "utf-8", bom: false }],
    ["plain ASCII", Buffer.from("order,name\r\n1,Taro\r\n"), {}, { encoding: "utf-8", bom: false }],
    ["Shift_JIS (CP932) from iconv-lite", iconv.encode(JAPANESE_CSV, "cp932"), {}, { encoding: "cp932", bom: false }],
    [
      "CP932 with Windows-only characters (①, ㈱, ～)",
      iconv.encode("会社名,備考\r\n㈱テスト,①～③\r\n", "cp932"),
      {},
      { encoding: "cp932", bom: false },
    ],
    [
      "UTF-16LE with BOM (Excel Unicode text)",
      iconv.encode("\uFEFF" + JAPANESE_CSV, "utf-16le"),
      {},
      { encoding: "utf-16le", bom: true },
    ],
    ["UTF-8 cut mid-character at the end of a 64 KB head", cut, { complete: false }, { encoding: "utf-8", bom: false }],
    ["the same bytes as a whole file (a broken character)", cut, { complete: true }, { encoding: "cp932", bom: false }],
  ] as const)("%s", (_label, bytes, options, expected) => {
    expect(sniffEncoding(bytes, options)).toEqual(expected);
  });

  it("round-trips CP932 text through iconv-lite", () => {
    const bytes = iconv.encode(JAPANESE_CSV, "cp932");
    expect(sniffEncoding(bytes).encoding).toBe("cp932");
    expect(iconv.decode(bytes, sniffEncoding(bytes).encoding)).toBe(JAPANESE_CSV);
  });
});

describe("sniffDelimiter", () => {
  it.each([
    ["a,b,c", ","],
    ["a\tb\tc", "\t"],
    ["a;b;c", ";"],
    ['"a,b"\tc\td', "\t"],
    ["only", ","],
  ] as const)("%j → %j", (line, expected) => {
    expect(sniffDelimiter(line)).toBe(expected);
  });
});

describe("guessField", () => {
  it.each([
    // Japanese shop and forensic exports
    ["氏名", "nameKanji"],
    ["お名前", "nameKanji"],
    ["購入者名", "nameKanji"],
    ["注文者名", "nameKanji"],
    ["姓", "nameKanji"],
    ["名", "nameKanji"],
    ["フリガナ", "nameKana"],
    ["氏名（カナ）", "nameKana"],
    ["ﾌﾘｶﾞﾅ", "nameKana"],
    ["セイ", "nameKana"],
    ["メールアドレス", "email"],
    ["Ｅメール", "email"],
    ["電話番号", "phone"],
    ["携帯電話番号", "phone"],
    ["郵便番号", "postalCode"],
    ["〒", "postalCode"],
    ["注文番号", "reference"],
    ["受注番号", "reference"],
    ["予約番号", "reference"],
    ["オーダーID", "reference"],
    ["注文日時", "transactionAt"],
    ["決済日", "transactionAt"],
    ["予約日", "transactionAt"],
    ["利用日時", "transactionAt"],
    ["カードブランド", "cardBrand"],
    ["カード会社", "cardBrand"],
    ["カード番号下4桁", "cardLast4"],
    ["カード下４桁", "cardLast4"],
    // English
    ["Name", "nameKanji"],
    ["customer_name", "nameKanji"],
    ["name_kana", "nameKana"],
    ["Furigana", "nameKana"],
    ["E-mail", "email"],
    ["email_address", "email"],
    ["TEL", "phone"],
    ["Phone Number", "phone"],
    ["zip", "postalCode"],
    ["Postal Code", "postalCode"],
    ["order_no", "reference"],
    ["Order Number", "reference"],
    ["reservation_no", "reference"],
    ["order_date", "transactionAt"],
    ["reservation_date", "transactionAt"],
    ["Transaction Date", "transactionAt"],
    ["created_at", "transactionAt"],
    ["card_brand", "cardBrand"],
    ["card_last4", "cardLast4"],
    ["Last 4", "cardLast4"],
    // never guessed
    ["カード番号", "ignore"],
    ["card_number", "ignore"],
    ["セキュリティコード", "ignore"],
    ["CVV", "ignore"],
    ["生年月日", "ignore"],
    ["hotel_name", "ignore"],
    ["住所", "ignore"],
    ["備考", "ignore"],
    ["", "ignore"],
  ] as const)("%j → %s", (header, expected) => {
    expect(guessField(header)).toBe(expected);
  });
});

describe("mappings", () => {
  it("proposes one column per field, but lets 姓 and 名 both go to the name", () => {
    expect(proposeMapping(["姓", "名", "セイ", "メイ", "電話番号", "携帯番号", "備考"])).toEqual([
      "nameKanji",
      "nameKanji",
      "nameKana",
      "nameKana",
      "phone",
      "ignore",
      "ignore",
    ]);
  });

  it.each([
    [["nameKanji", "phone"], null],
    [["nameKanji", "nameKanji", "email"], null],
    [["cardLast4", "transactionAt", "ignore"], { code: "no_identity_field" }],
    [["email", "email"], { code: "duplicate_field", field: "email" }],
    [["phone", "reference", "reference"], { code: "duplicate_field", field: "reference" }],
  ] as [ColumnTarget[], unknown][])("checkMapping(%j) → %j", (targets, expected) => {
    expect(checkMapping(targets)).toEqual(expected);
  });

  it("names empty and repeated headers uniquely", () => {
    expect(uniqueHeaders(["氏名", "", "備考", "備考", " 氏名 "])).toEqual(["氏名", "#2", "備考", "備考 #2", "氏名 #2"]);
  });

  it("stores a mapping by column name and reads it back", () => {
    const headers = ["a", "b", "c"];
    const stored = toStoredMapping(headers, ["email", "ignore", "phone"]);
    expect(stored).toEqual({ a: "email", b: "ignore", c: "phone" });
    expect(fromStoredMapping(["c", "a", "d"], stored)).toEqual(["phone", "email", "ignore"]);
  });

  it.each([
    ["メール=email", { ok: true, targets: ["nameKanji", "email", "ignore"] }],
    ["#3=phone,氏名=ignore", { ok: true, targets: ["ignore", "ignore", "phone"] }],
    ["メール=card", { ok: false }],
    ["nope=email", { ok: false }],
    ["#9=email", { ok: false }],
    ["email", { ok: false }],
  ] as const)("parseMappingArgument(%j)", (argument, expected) => {
    const result = parseMappingArgument(argument, ["氏名", "メール", "電話"], ["nameKanji", "ignore", "ignore"]);
    expect(result).toMatchObject(expected);
  });
});

describe("parseTransactionAt", () => {
  it.each([
    ["2017/08/05 14:03", "2017-08-05T05:03:00.000Z"],
    ["2017/8/5 14:03:09", "2017-08-05T05:03:09.000Z"],
    ["2017-08-05", "2017-08-04T15:00:00.000Z"],
    ["2017.08.05", "2017-08-04T15:00:00.000Z"],
    ["2017-08-05 14:03:00", "2017-08-05T05:03:00.000Z"],
    ["2017-08-05T14:03:00+09:00", "2017-08-05T05:03:00.000Z"],
    ["2017-08-05T05:03:00Z", "2017-08-05T05:03:00.000Z"],
    ["2017-08-05T05:03:00.123Z", "2017-08-05T05:03:00.123Z"],
    ["2017-08-04T22:03:00-07:00", "2017-08-05T05:03:00.000Z"],
    ["２０１７／０８／０５　１４：０３", "2017-08-05T05:03:00.000Z"],
    ["2017年8月5日", "2017-08-04T15:00:00.000Z"],
    ["2017年8月5日 14時03分", "2017-08-05T05:03:00.000Z"],
    ["2017年8月5日(土) 14:03", "2017-08-05T05:03:00.000Z"],
    ["平成29年8月5日", "2017-08-04T15:00:00.000Z"],
    ["令和元年5月1日", "2019-04-30T15:00:00.000Z"],
    ["20170805", "2017-08-04T15:00:00.000Z"],
    ["20170805140300", "2017-08-05T05:03:00.000Z"],
    // Excel serial days (1900 system): 42952 is 2017-08-05; .5840277778 of a day is 14:01:00.
    ["42952", "2017-08-04T15:00:00.000Z"],
    ["42952.5840277778", "2017-08-05T05:01:00.000Z"],
    ["42993.999305555553", "2017-09-15T14:59:00.000Z"],
  ] as const)("%j → %s", (text, iso) => {
    expect(parseTransactionAt(text)?.toISOString()).toBe(iso);
  });

  it.each([
    "",
    "昨日",
    "2017-02-30",
    "2017/13/01",
    "2017/08/05 24:00",
    "2017/08/05 14:60",
    "1969-12-31",
    "2100-01-01",
    "08/05/2017",
    "12345",
    "4111111111111111",
  ])("%j is not a transaction date", (text) => {
    expect(parseTransactionAt(text)).toBeNull();
  });

  describe("times without a zone are Japan time, whatever the server's zone", () => {
    const original = process.env.TZ;
    afterEach(() => {
      process.env.TZ = original;
    });
    it.each(["UTC", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati"])("TZ=%s", (zone) => {
      process.env.TZ = zone;
      // 23:59 JST on the last day of Case A's window stays on that day ...
      const lastMinute = parseTransactionAt("2017/09/15 23:59")!;
      expect(lastMinute.toISOString()).toBe("2017-09-15T14:59:00.000Z");
      expect(tokyoDate(lastMinute)).toBe("2017-09-15");
      expect(tokyoDate(parseTransactionAt("2017-09-15T23:59:59+09:00")!)).toBe("2017-09-15");
      expect(tokyoDate(parseTransactionAt("42993.999305555553")!)).toBe("2017-09-15");
      // ... and 00:00 JST the next day is the next day.
      expect(tokyoDate(parseTransactionAt("2017/09/16 00:00")!)).toBe("2017-09-16");
      expect(tokyoDate(parseTransactionAt("2017-09-16")!)).toBe("2017-09-16");
      // The first minute of the window (00:00 JST) is 15:00 UTC the day before, still the first day in Japan.
      expect(tokyoDate(parseTransactionAt("2017/08/05 00:00")!)).toBe("2017-08-05");
    });
  });
});

describe("card data refusal", () => {
  const clean = [
    ["COU-00000001", "山田 太郎", "090-1234-5678", "1234"],
    ["COU-00000002", "佐藤 花子", "03-1234-5678", "9876"],
  ];
  it.each([
    ["a clean file", ["注文番号", "氏名", "電話番号", "カード下4桁"], clean, null],
    ["a card-number header", ["注文番号", "カード番号", "電話番号"], clean, { code: "card_number_header", column: "カード番号" }],
    ["an English card-number header", ["order", "card_no", "tel"], clean, { code: "card_number_header", column: "card_no" }],
    [
      "a security-code header",
      ["注文番号", "氏名", "セキュリティコード"],
      clean,
      { code: "security_code_header", column: "セキュリティコード" },
    ],
    ["a CVV header", ["order", "name", "CVV2"], clean, { code: "security_code_header", column: "CVV2" }],
    [
      "card numbers in an innocent-looking column",
      ["注文番号", "氏名", "備考"],
      [
        ["COU-1", "山田", "なし"],
        ["COU-2", "佐藤", "4111 1111 1111 1111"],
      ],
      { code: "card_number_values", column: "備考" },
    ],
    [
      "full-width card numbers with dashes",
      ["注文番号", "メモ"],
      [["COU-1", "５５００－００００－００００－０００４"]],
      { code: "card_number_values", column: "メモ" },
    ],
    [
      "a card number inside free text",
      ["注文番号", "メモ"],
      [["COU-1", "カード 4111-1111-1111-1111 で決済"]],
      { code: "card_number_values", column: "メモ" },
    ],
    [
      "a file without a header row (a card number where the header should be): named by position only",
      ["山田 太郎", "4111111111111111"],
      [],
      { code: "card_number_in_header", column: "#2" },
    ],
  ] as const)("%s", (_label, headers, sample, expected) => {
    expect(findRefusedColumn(headers, sample)).toEqual(expected);
  });

  it.each([
    ["4111111111111111", true],
    ["4111-1111-1111-1111", true],
    ["３７８２ ８２２４６３ １０００５", true],
    ["4111111111111112", false], // fails Luhn
    ["0120100734", false],
    ["09012345678", false],
    ["COU-04817263", false],
    ["2017/08/05 14:03:09", false],
    ["+81 90 1234 5678", false],
  ] as const)("cellHoldsCardNumber(%j) is %s", (cell, expected) => {
    expect(cellHoldsCardNumber(cell)).toBe(expected);
  });

  it("finds the first cell with a card number, but not an Excel date with many decimals", () => {
    const targets: ColumnTarget[] = ["reference", "transactionAt", "ignore"];
    // 42952.58412037038 has 16 digits and passes Luhn: in the date column it is a date ...
    expect(cellHoldsCardNumber("42952.58412037038")).toBe(true);
    expect(findCardNumberCell(["COU-1", "42952.58412037038", ""], targets)).toBe(-1);
    // ... anywhere else it is a card number.
    expect(findCardNumberCell(["COU-1", "2017/08/05", "42952.58412037038"], targets)).toBe(2);
    expect(findCardNumberCell(["4111111111111111", "2017/08/05", ""], targets)).toBe(0);
  });
});

describe("validateRow", () => {
  const targets: ColumnTarget[] = [
    "reference",
    "transactionAt",
    "nameKanji",
    "nameKana",
    "email",
    "phone",
    "postalCode",
    "cardBrand",
    "cardLast4",
  ];
  const good = [
    "COU-04817263",
    "2017/08/27 20:03:09",
    "谷口 勇",
    "ﾀﾆｸﾞﾁ ｲｻﾑ",
    "taniguchii_1@example.ne.jp",
    "０７０－８８８９－６２０３",
    "〒432-2878",
    "VISA",
    "0392",
  ];
  const withCell = (i: number, value: string) => good.map((v, j) => (j === i ? value : v));

  it("keeps a good row's raw values and parses its date", () => {
    const result = validateRow(good, targets);
    expect(result).toEqual({
      ok: true,
      input: {
        reference: "COU-04817263",
        transactionAt: new Date("2017-08-27T11:03:09.000Z"),
        nameKanji: "谷口 勇",
        nameKana: "ﾀﾆｸﾞﾁ ｲｻﾑ",
        email: "taniguchii_1@example.ne.jp",
        phone: "０７０－８８８９－６２０３",
        postalCode: "〒432-2878",
        cardBrand: "VISA",
        cardLast4: "0392",
      },
    });
  });

  it.each([
    ["one column too few", good.slice(1), { code: "column_count", expected: 9, found: 8 }],
    ["nothing that identifies a person", ["", "2017/08/27", "", "", "", "", "", "VISA", "1234"], { code: "no_identity" }],
    [
      "only placeholders for identity",
      ["－", "2017/08/27", "なし", "N/A", "-", "ー", "", "VISA", "1234"],
      { code: "no_identity" },
    ],
    ["a bad email", withCell(4, "taniguchi@"), { code: "invalid", field: "email" }],
    ["a bad phone", withCell(5, "123"), { code: "invalid", field: "phone" }],
    ["a bad date", withCell(1, "2017/02/30"), { code: "invalid", field: "transactionAt" }],
    ["a bad postal code", withCell(6, "東京都千代田区"), { code: "invalid", field: "postalCode" }],
    ["five digits as last 4", withCell(8, "12345"), { code: "invalid", field: "cardLast4" }],
    ["a name of 101 characters", withCell(2, "山".repeat(101)), { code: "too_long", field: "nameKanji" }],
    ["a security code in a name", withCell(2, "山田 CVV 123"), { code: "security_code", field: "nameKanji" }],
  ] as const)("reports %s", (_label, cells, problem) => {
    expect(validateRow(cells, targets)).toEqual({ ok: false, problem });
  });

  it("treats empty and placeholder cells as absent", () => {
    const result = validateRow(["COU-1", "", "山田", "", "なし", "-", "", "", ""], targets);
    expect(result.ok && result.input).toMatchObject({
      reference: "COU-1",
      nameKanji: "山田",
      email: null,
      phone: null,
      transactionAt: null,
      cardLast4: null,
    });
  });

  it("joins the columns of a split name with a space, left to right", () => {
    const result = validateRow(
      ["山田", "太郎", "ヤマダ", "タロウ", "taro@example.jp"],
      ["nameKanji", "nameKanji", "nameKana", "nameKana", "email"],
    );
    expect(result.ok && result.input).toMatchObject({ nameKanji: "山田 太郎", nameKana: "ヤマダ タロウ" });
  });

  it("ignores columns mapped to ignore, whatever they hold", () => {
    expect(validateRow(["山田", "not-an-email"], ["nameKanji", "ignore"]).ok).toBe(true);
  });

  it.each([
    ["column_count:9:8"],
    ["no_identity"],
    ["invalid:email"],
    ["too_long:nameKanji"],
    ["security_code:cardBrand"],
    ["csv_syntax"],
  ])("reason %s survives encoding", (reason) => {
    expect(encodeRowProblem(decodeRowProblem(reason) as RowProblem)).toBe(reason);
  });

  it("never puts a value into a reason", () => {
    const result = validateRow(withCell(4, "secret@"), targets);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(encodeRowProblem(result.problem)).not.toContain("secret");
  });

  it.each([
    ["", null],
    ["  ", null],
    ["\u3000山田\u3000", "山田"],
    ["ー", null],
    ["なし", null],
    ["N/A", null],
    ["***", null],
    ["0", "0"],
  ] as const)("cellValue(%j) → %j", (cell, expected) => {
    expect(cellValue(cell)).toBe(expected);
  });
});
