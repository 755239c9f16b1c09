import { BATCH_HEADER, batchFileBaseName, batchFileRows, parseBatchAnswerRecords, parseBatchResult } from "./waiver-batch-format";

describe("the sent file", () => {
  it("has the documented header and one row per request, result and reason empty", () => {
    expect(BATCH_HEADER).toEqual([
      "依頼番号",
      "氏名",
      "カード下4桁",
      "カードブランド",
      "依頼日",
      "カード会社コード",
      "依頼元",
      "回答",
      "理由",
    ]);
    const rows = batchFileRows(
      [
        { reference: "W-ABCDEFGH", contactName: "山田 太郎", cardLast4: "0042", cardBrand: "JCB", requestDate: "2018-02-01" },
        { reference: "W-23456789", contactName: "佐藤 花子", cardLast4: "1111", cardBrand: null, requestDate: "2018-02-02" },
      ],
      { cardCompanyCode: "jcb", requester: "有限会社ケイズファクトリー" },
    );
    expect(rows).toEqual([
      ["W-ABCDEFGH", "山田 太郎", "0042", "JCB", "2018-02-01", "jcb", "有限会社ケイズファクトリー", "", ""],
      ["W-23456789", "佐藤 花子", "1111", "", "2018-02-02", "jcb", "有限会社ケイズファクトリー", "", ""],
    ]);
  });

  it("names the file with the card company code, incident, day and batch in ASCII", () => {
    expect(
      batchFileBaseName({
        cardCompanyCode: "jcb",
        incidentSlug: "cou-2017",
        createdDay: "20180201",
        batchId: "cmabcdefgh12345678",
      }),
    ).toBe("waiver-batch_jcb_cou-2017_20180201_12345678");
    expect(batchFileBaseName({ cardCompanyCode: "三井 住友/1", incidentSlug: "x", createdDay: "20180201", batchId: "a" })).toBe(
      "waiver-batch_1_x_20180201_a",
    );
  });
});

describe("parseBatchResult", () => {
  it.each([
    ["confirmed", "confirmed"],
    ["CONFIRMED", "confirmed"],
    ["承認", "confirmed"],
    ["免除", "confirmed"],
    [" 対応済み ", "confirmed"],
    ["ＯＫ", "confirmed"],
    ["rejected", "rejected"],
    ["否認", "rejected"],
    ["却下", "rejected"],
    ["不可", "rejected"],
    ["ng", "rejected"],
    ["maybe", null],
    ["", null],
  ])("%s → %s", (text, expected) => {
    expect(parseBatchResult(text)).toBe(expected);
  });
});

describe("parseBatchAnswerRecords", () => {
  it("reads the returned file: our columns in any order, Japanese or English headers, blank results skipped", () => {
    const result = parseBatchAnswerRecords([
      ["\uFEFF理由", "依頼番号", "氏名", "回答"],
      ["", "W-ABCDEFGH", "山田 太郎", "承認"],
      ["会員資格の確認ができないため", "w-23456789", "佐藤 花子", "否認"],
      ["", "W-3456789A", "鈴木 一郎", ""],
      ["", "", "", ""],
    ]);
    expect(result).toEqual({
      ok: true,
      answers: [
        { line: 2, reference: "W-ABCDEFGH", result: "confirmed", reason: null },
        { line: 3, reference: "W-23456789", result: "rejected", reason: "会員資格の確認ができないため" },
      ],
      errors: [],
      skippedBlank: 1,
    });
    const english = parseBatchAnswerRecords([
      ["reference", "result", "reason"],
      ["W-ABCDEFGH", "confirmed", ""],
    ]);
    expect(english.ok && english.answers).toEqual([{ line: 2, reference: "W-ABCDEFGH", result: "confirmed", reason: null }]);
  });

  it("reports every bad row by its line", () => {
    const result = parseBatchAnswerRecords([
      ["依頼番号", "回答", "理由"],
      ["W-ABCDEFGH", "承認", ""],
      ["NOT-A-REF", "承認", ""],
      ["W-23456789", "たぶん", ""],
      ["W-3456789A", "否認", ""],
      ["W-456789AB", "否認", "x".repeat(501)],
      ["W-ABCDEFGH", "否認", "二重"],
    ]);
    if (!result.ok) throw new Error("expected a parsed file");
    expect(result.answers.map((a) => a.line)).toEqual([2]);
    expect(result.errors).toEqual([
      { line: 3, problem: "reference", value: "NOT-A-REF" },
      { line: 4, problem: "result", value: "たぶん" },
      { line: 5, problem: "reason-required", value: undefined },
      { line: 6, problem: "reason-too-long", value: undefined },
      { line: 7, problem: "duplicate", value: "W-ABCDEFGH" },
    ]);
  });

  it("refuses a file without the reference and result headers, or without rows", () => {
    expect(parseBatchAnswerRecords([])).toEqual({ ok: false, problem: "empty" });
    expect(parseBatchAnswerRecords([["番号", "結論"]])).toEqual({ ok: false, problem: "no-header" });
  });
});
