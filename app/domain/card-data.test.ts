import {
  columnHoldsCardNumbers,
  findCardNumbers,
  findSecurityCodes,
  isCardNumberDigits,
  isCardNumberHeader,
  isLuhnValid,
  isSecurityCodeHeader,
} from "./card-data";

/** Every dash-like character that may split a card number. */
const DASHES = [
  "-",
  "\u2010",
  "\u2011",
  "\u2012",
  "\u2013",
  "\u2014",
  "\u2015",
  "\u2212",
  "\u30FC",
  "\uFF0D",
  "\uFE58",
  "\uFE63",
  "\u2043",
  "\uFF70",
  "\u301C",
  "\uFF5E",
  "~",
  "\u2500",
  // Dashes only Unicode's Dash property knows: Armenian, Hebrew, Canadian syllabics, Mongolian,
  // super/subscript minus, Western dashes, the katakana double hyphen, and one outside the BMP.
  "\u058A",
  "\u05BE",
  "\u1400",
  "\u1806",
  "\u207B",
  "\u208B",
  "\u2E17",
  "\u2E1A",
  "\u2E40",
  "\u2E5D",
  "\u30A0",
  "\u{10EAD}",
];

/** The found numbers as [matched text, digits], which is what a reader can check. */
function cardsIn(text: string): Array<[string, string]> {
  return findCardNumbers(text).map(({ start, end, digits }) => [text.slice(start, end), digits]);
}

function codesIn(text: string): string[] {
  return findSecurityCodes(text).map(({ start, end }) => text.slice(start, end));
}

describe("isLuhnValid", () => {
  it.each([
    ["4111111111111111", true], // Visa test number
    ["4111111111111112", false],
    ["4222222222222", true], // Visa 13 digits
    ["5555555555554444", true], // Mastercard
    ["5555555555554443", false],
    ["378282246310005", true], // Amex 15
    ["378282246310006", false],
    ["3530111333300000", true], // JCB
    ["30569309025904", true], // Diners 14
    ["6759649826438453", true], // Maestro
    ["4000000000000000006", true], // 19 digits
    ["6212345678901234569", true], // 19 digits
    ["6212345678901234568", false],
    ["79927398713", true], // the textbook example
    ["79927398710", false],
    ["1234567890123456", false],
    ["0000000000000000", true], // Luhn alone says yes; isCardNumberDigits says no
    ["0", true],
    ["", false],
    ["4111 1111 1111 1111", false], // digits only
    ["4111-1111-1111-1111", false],
    ["４１１１１１１１１１１１１１１１", false], // ASCII only
    ["abc", false],
  ])("isLuhnValid(%j) = %s", (digits, expected) => {
    expect(isLuhnValid(digits)).toBe(expected);
  });
});

describe("isCardNumberDigits", () => {
  it.each([
    ["4111111111111111", true],
    ["4222222222222", true],
    ["4000000000000000006", true],
    ["411111111111", false], // 12 digits
    ["40000000000000000006", false], // 20 digits
    ["0000000000000000", false], // starts with 0
    ["0412345678901233", false], // Luhn-valid, starts with 0
    ["1234567890123456", false], // fails Luhn
    ["4111 1111 1111 1111", false],
  ])("isCardNumberDigits(%j) = %s", (digits, expected) => {
    expect(isCardNumberDigits(digits)).toBe(expected);
  });
});

describe("findCardNumbers", () => {
  it.each<[string, string, Array<[string, string]>]>([
    ["plain 16 digits", "4111111111111111", [["4111111111111111", "4111111111111111"]]],
    ["hyphens", "4111-1111-1111-1111", [["4111-1111-1111-1111", "4111111111111111"]]],
    ["spaces", "4111 1111 1111 1111", [["4111 1111 1111 1111", "4111111111111111"]]],
    ["double spaces", "4111  1111  1111  1111", [["4111  1111  1111  1111", "4111111111111111"]]],
    ["spaced hyphens", "4111 - 1111 - 1111 - 1111", [["4111 - 1111 - 1111 - 1111", "4111111111111111"]]],
    ["dots", "4111.1111.1111.1111", [["4111.1111.1111.1111", "4111111111111111"]]],
    ["full-width dots", "4111．1111．1111．1111", [["4111．1111．1111．1111", "4111111111111111"]]],
    ["middle dots", "4111・1111・1111・1111", [["4111・1111・1111・1111", "4111111111111111"]]],
    ["full-width digits", "４１１１１１１１１１１１１１１１", [["４１１１１１１１１１１１１１１１", "4111111111111111"]]],
    [
      "full-width digits and dashes",
      "４１１１－１１１１－１１１１－１１１１",
      [["４１１１－１１１１－１１１１－１１１１", "4111111111111111"]],
    ],
    [
      "full-width digits and ideographic spaces",
      "４１１１\u3000１１１１\u3000１１１１\u3000１１１１",
      [["４１１１\u3000１１１１\u3000１１１１\u3000１１１１", "4111111111111111"]],
    ],
    ["mixed widths", "4111 １１１１ 1111 １１１１", [["4111 １１１１ 1111 １１１１", "4111111111111111"]]],
    ["long-vowel marks", "4111ー1111ー1111ー1111", [["4111ー1111ー1111ー1111", "4111111111111111"]]],
    ["tabs", "4111\t1111\t1111\t1111", [["4111\t1111\t1111\t1111", "4111111111111111"]]],
    ["split by a line break", "4111 1111\n1111 1111", [["4111 1111\n1111 1111", "4111111111111111"]]],
    ["split by CRLF", "4111 1111\r\n1111 1111", [["4111 1111\r\n1111 1111", "4111111111111111"]]],
    ["line break and indent", "4111 1111\n    1111 1111", [["4111 1111\n    1111 1111", "4111111111111111"]]],
    ["Amex 15", "378282246310005", [["378282246310005", "378282246310005"]]],
    ["Amex 4-6-5", "3782 822463 10005", [["3782 822463 10005", "378282246310005"]]],
    ["JCB", "3530 1113 3330 0000", [["3530 1113 3330 0000", "3530111333300000"]]],
    ["Diners 14", "3056 930902 5904", [["3056 930902 5904", "30569309025904"]]],
    ["Visa 13", "4222222222222", [["4222222222222", "4222222222222"]]],
    ["19 digits", "4000 0000 0000 0000 006", [["4000 0000 0000 0000 006", "4000000000000000006"]]],
    ["19 digits unbroken", "6212345678901234569", [["6212345678901234569", "6212345678901234569"]]],
    ["in Japanese text", "カード番号は4111111111111111です。", [["4111111111111111", "4111111111111111"]]],
    [
      "full-width in Japanese text",
      "番号：５５５５　５５５５　５５５５　４４４４　でした",
      [["５５５５　５５５５　５５５５　４４４４", "5555555555554444"]],
    ],
    [
      "two numbers",
      "一枚目 4111-1111-1111-1111、二枚目 5555 5555 5555 4444",
      [
        ["4111-1111-1111-1111", "4111111111111111"],
        ["5555 5555 5555 4444", "5555555555554444"],
      ],
    ],
    ["glued to letters", "ORD4111111111111111X", [["4111111111111111", "4111111111111111"]]],
    ["after a phone number, one space apart", "03-1234-5678 4111 1111 1111 1111", [["4111 1111 1111 1111", "4111111111111111"]]],
    ["before a phone number, one space apart", "4111 1111 1111 1111 03 1234 5678", [["4111 1111 1111 1111", "4111111111111111"]]],
    ["after a short number", "12345 4111111111111111", [["4111111111111111", "4111111111111111"]]],
    [
      // the 16-digit prefix passes; the whole run is covered so that "1225" is not left behind
      "glued to an expiry (prefix of a 20-digit run)",
      "41111111111111111225",
      [["41111111111111111225", "4111111111111111"]],
    ],
    [
      // the 16-digit suffix and the 17- and 18-digit prefixes pass: merged, the longest reported
      "after an expiry (overlapping candidates merged)",
      "12254111111111111111",
      [["12254111111111111111", "122541111111111111"]],
    ],
    ["Amex glued to an expiry (19 digits)", "3782822463100051229", [["3782822463100051229", "378282246310005"]]],
    ["Diners glued to an expiry (18 digits)", "305693090259041229", [["305693090259041229", "30569309025904"]]],
    ["Amex after an expiry (19 digits)", "1229378282246310005", [["1229378282246310005", "378282246310005"]]],
    ["glued to an expiry in a name", "山田 3782822463100051229 様", [["3782822463100051229", "378282246310005"]]],
    [
      "two numbers glued together",
      "41111111111111115555555555554444",
      [
        ["4111111111111111", "4111111111111111"],
        ["5555555555554444", "5555555555554444"],
      ],
    ],
  ])("finds %s", (_label, text, expected) => {
    expect(cardsIn(text)).toEqual(expected);
  });

  it.each(DASHES.map((dash) => [`U+${dash.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}`, dash]))(
    "finds a number split by %s",
    (_label, dash) => {
      const text = `4111${dash}1111${dash}1111${dash}1111`;
      expect(cardsIn(text)).toEqual([[text, "4111111111111111"]]);
    },
  );

  it("reports positions in the original text", () => {
    expect(findCardNumbers("番号：４１１１－１１１１－１１１１－１１１１です")).toEqual([
      { start: 3, end: 22, digits: "4111111111111111" },
    ]);
    expect(findCardNumbers("a 4111\r\n1111 1111 1111 b")).toEqual([{ start: 2, end: 22, digits: "4111111111111111" }]);
  });

  it.each<[string, string]>([
    ["an order number that fails Luhn", "注文番号 1234567890123456"],
    ["another 16-digit order number", "受注 2018090512345678 について"],
    ["a zero-padded Luhn-valid number", "0000000000000000"],
    ["a Luhn-valid run starting with 0", "0412345678901233"],
    ["a Tokyo phone number", "03-1234-5678"],
    ["a mobile number", "090-1234-5678"],
    ["an international phone number", "+81 90 1234 5678"],
    ["two phone numbers", "03-1234-5678 090-1234-5678"],
    ["free-dial", "0120-100-734"],
    ["12 digits", "4111 1111 1111"],
    ["20 digits without a card at either end", "20240115123456789012"],
    ["18 digits: a card number and 4 digits that cannot be an expiry", "305693090259049999"],
    ["a failing number split by spaces", "1234 5678 9012 3456"],
    ["two dates", "2024-01-15 2024-02-20"],
    ["a masked number", "4111 **** **** 1111"],
    ["a first-6/last-4 mask", "411111******1111"],
    ["the last 4 digits", "下4桁 1111"],
    ["a redaction token", "[CARD ****1111]"],
    ["two line breaks", "4111 1111\n\n1111 1111"],
    ["a wide gap", "4111      1111 1111 1111"],
    ["slashes", "4111/1111/1111/1111"],
    ["commas", "4,111,111,111,111,111"],
    ["no digits", "カード番号はお伺いしません"],
    ["empty", ""],
  ])("leaves alone %s", (_label, text) => {
    expect(findCardNumbers(text)).toEqual([]);
  });
});

describe("findSecurityCodes", () => {
  it.each<[string, string[]]>([
    ["CVV: 123", ["123"]],
    ["cvv 1234", ["1234"]],
    ["CVV123", ["123"]],
    ["CVV2: 123", ["123"]],
    ["CVC 456", ["456"]],
    ["CVC2=456", ["456"]],
    ["CID 1234", ["1234"]],
    ["CVN:789", ["789"]],
    ["CSC 321", ["321"]],
    ["security code 123", ["123"]],
    ["Security Code: 123", ["123"]],
    ["SECURITY CODE is 123", ["123"]],
    ["card verification value 987", ["987"]],
    ["ＣＶＶ：１２３", ["１２３"]],
    ["ｃｖｃ　４５６", ["４５６"]],
    ["CVV:\n123", ["123"]],
    ["セキュリティコードは１２３です", ["１２３"]],
    ["セキュリティコード：123", ["123"]],
    ["セキュリティーコード 456", ["456"]],
    ["セキュリティ・コード 456", ["456"]],
    ["セキュリティ番号 456", ["456"]],
    ["ｾｷｭﾘﾃｨｺｰﾄﾞ 123", ["123"]],
    ["ｾｷｭﾘﾃｨｰｺｰﾄﾞ：123", ["123"]],
    ["裏面の3桁は123です", ["123"]],
    ["裏面の３桁：４５６", ["４５６"]],
    ["裏の番号は789です", ["789"]],
    ["裏面の数字 789", ["789"]],
    ["カード裏面3桁の番号 111", ["111"]],
    ["確認コード 321", ["321"]],
    ["カード確認番号は0123", ["0123"]],
    ["123 (CVV)", ["123"]],
    ["１２３がセキュリティコード", ["１２３"]],
    ["1234はCID", ["1234"]],
    ["PIN 1234", ["1234"]],
    ["暗証番号は1234です", ["1234"]],
    ["CVV 123 / CVC 456", ["123", "456"]],
    ["CVV 123 期限 1225", ["123", "1225"]],
    ["お客様のCVV：123、確認しました。", ["123"]],
    // the window: up to 10 characters after, 5 before
    ["CVV0123456789123", []],
    ["CVV abcdefghi123", ["123"]],
    ["CVV abcdefghij123", []],
    ["123 -- (CVV)", ["123"]],
    ["123 --- (CVV)", []],
  ])("findSecurityCodes(%j) finds %j", (text, expected) => {
    expect(codesIn(text)).toEqual(expected);
  });

  it.each<[string]>([
    ["注文番号 123"],
    ["CVV"],
    ["123"],
    ["CVV: 12"],
    ["CVV: 12345"],
    ["acid 123"],
    ["decide 123"],
    ["cvvs 123"],
    ["CVVは伺いません。お問い合わせ番号は 456"],
    ["セキュリティコードはお伺いしません"],
    ["[CVV]"],
    [""],
  ])("findSecurityCodes(%j) finds nothing", (text) => {
    expect(findSecurityCodes(text)).toEqual([]);
  });

  it("reports positions in the original text", () => {
    expect(findSecurityCodes("ｾｷｭﾘﾃｨｺｰﾄﾞは１２３")).toEqual([{ start: 11, end: 14 }]);
  });
});

describe("isSecurityCodeHeader", () => {
  it.each([
    "cvv",
    "CVV",
    "cvc",
    "CVC",
    "cvv2",
    "CVC2",
    "cid",
    "CID",
    "cvn",
    "csc",
    "security_code",
    "securitycode",
    "SecurityCode",
    "Security Code",
    "security-code",
    "card_cvv",
    "cardCvv",
    "CardCVV2",
    "cvv_code",
    "card_verification_value",
    "ＣＶＶ",
    "ｃｖｃ",
    "セキュリティコード",
    "セキュリティーコード",
    "ｾｷｭﾘﾃｨｺｰﾄﾞ",
    "セキュリティ コード",
    "カード確認番号",
    "カード確認コード",
    "暗証番号",
    "pin",
    "card_pin",
  ])("%j is a security code header", (header) => {
    expect(isSecurityCodeHeader(header)).toBe(true);
  });

  it.each([
    "incident_id",
    "card_number",
    "card_last4",
    "name",
    "order_id",
    "email",
    "phone",
    "created_at",
    "acid",
    "decided_at",
    "cidade",
    "カード番号",
    "氏名",
    "shipping",
    "",
    "security_level",
  ])("%j is not a security code header", (header) => {
    expect(isSecurityCodeHeader(header)).toBe(false);
  });
});

describe("isCardNumberHeader", () => {
  it.each([
    "card_number",
    "cardNumber",
    "CardNumber",
    "card number",
    "Card Number",
    "card-number",
    "cardno",
    "card_no",
    "Card No.",
    "cardnum",
    "credit_card_number",
    "CreditCardNumber",
    "cc_number",
    "ccnum",
    "cc_no",
    "pan",
    "PAN",
    "card_pan",
    "カード番号",
    "クレジットカード番号",
    "ｶｰﾄﾞ番号",
    "ＣＡＲＤ＿ＮＵＭＢＥＲ",
    "カードNo",
    "カードナンバー",
  ])("%j is a card number header", (header) => {
    expect(isCardNumberHeader(header)).toBe(true);
  });

  it.each([
    "card_last4",
    "cardLast4",
    "last4",
    "card_number_last4",
    "カード下4桁",
    "カード下４桁",
    "カード番号（下4桁）",
    "カード番号下四桁",
    "card_brand",
    "カードブランド",
    "card_expiry",
    "card_exp_date",
    "有効期限",
    "カード有効期限",
    "masked_card_number",
    "card_number_masked",
    "マスク済みカード番号",
    "card_number_hash",
    "card_token",
    "card_holder",
    "カード名義",
    "card_type",
    "first6",
    "card_bin",
    "cvv",
    "order_number",
    "phone_number",
    "company",
    "japan",
    "cc",
    "email",
    "",
  ])("%j is not a card number header", (header) => {
    expect(isCardNumberHeader(header)).toBe(false);
  });
});

describe("columnHoldsCardNumbers", () => {
  it.each<[string, string[], boolean]>([
    ["one plain number", ["4111111111111111"], true],
    ["a number among other cells", ["", "山田", "4111 1111 1111 1111"], true],
    ["hyphens", ["4111-1111-1111-1111"], true],
    ["full width", ["４１１１－１１１１－１１１１－１１１１"], true],
    ["long-vowel marks", ["4111ー1111ー1111ー1111"], true],
    ["surrounding spaces", ["  378282246310005  "], true],
    ["dots", ["3530.1113.3330.0000"], true],
    ["an order number failing Luhn", ["1234567890123456"], false],
    ["phone numbers", ["03-1234-5678", "090-1234-5678", "0120-100-734"], false],
    ["a zero-padded Luhn-valid number", ["0000000000000000"], false],
    ["last 4 digits", ["1111", "4444"], false],
    ["a masked number", ["4111********1111"], false],
    ["a number inside a sentence", ["card 4111 1111 1111 1111 thanks"], false],
    ["22 digits", ["4111111111111111111111"], false],
    ["12 digits", ["411111111111"], false],
    ["no cells", [], false],
    ["empty cells", ["", " "], false],
  ])("%s: %s", (_label, values, expected) => {
    expect(columnHoldsCardNumbers(values)).toBe(expected);
  });
});
