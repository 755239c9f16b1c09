import { maskCardLast4, maskEmail, maskPhone, maskReference } from "./mask";

describe("maskEmail", () => {
  it.each([
    ["taro.yamada@example.jp", "t***@example.jp"],
    ["Taro.Yamada@Example.JP", "T***@example.jp"],
    ["ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "t***@example.jp"],
    [" a@b.co ", "a***@b.co"],
    ["inquiry@coo.ne.jp", "i***@coo.ne.jp"],
    ["山田@example.jp", "山***@example.jp"],
    ["😀x@example.jp", "😀***@example.jp"],
    ["not an email", "***"],
    ["", "***"],
  ])("maskEmail(%j) = %j", (input, expected) => {
    expect(maskEmail(input)).toBe(expected);
  });
});

describe("maskPhone", () => {
  it.each([
    ["+81312345678", "***-****-5678"],
    ["03-1234-5678", "***-****-5678"],
    ["０９０ー１２３４ー９８７６", "***-****-9876"],
    ["(03) 4405-8455", "***-****-8455"],
    ["0120-100-734", "***-****-0734"],
    ["12345", "***-****-2345"],
    ["1234", "***-****-****"],
    ["", "***-****-****"],
    ["unknown", "***-****-****"],
  ])("maskPhone(%j) = %j", (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});

describe("maskCardLast4", () => {
  it.each([
    ["1234", "**** **** **** 1234"],
    ["１２３４", "**** **** **** 1234"],
    ["0042", "**** **** **** 0042"],
    ["4111111111111111", "**** **** **** ****"],
    ["123", "**** **** **** ****"],
    ["", "**** **** **** ****"],
  ])("maskCardLast4(%j) = %j", (input, expected) => {
    expect(maskCardLast4(input)).toBe(expected);
  });
});

describe("maskReference", () => {
  it.each([
    ["ORD-2017-000123", "****0123"],
    ["ord-2017-000123", "****0123"],
    ["ＯＲＤ－２０１７－０００１２３", "****0123"],
    ["RSV 2015 07-02 AB-12", "****AB12"],
    ["12345", "****2345"],
    ["1234", "****"],
    ["", "****"],
  ])("maskReference(%j) = %j", (input, expected) => {
    expect(maskReference(input)).toBe(expected);
  });
});
