import { formatCardToken, redactFreeText, SECURITY_CODE_TOKEN } from "./redact";

/** [input, expected text, card numbers removed, security codes removed] */
const CASES: Array<[string, string, number, number]> = [
  ["4111111111111111", "[CARD ****1111]", 1, 0],
  ["4111-1111-1111-1111", "[CARD ****1111]", 1, 0],
  ["4111 1111 1111 1111", "[CARD ****1111]", 1, 0],
  ["4111\u22121111\u22121111\u22121111", "[CARD ****1111]", 1, 0],
  ["4111ー1111ー1111ー1111", "[CARD ****1111]", 1, 0],
  ["４１１１－１１１１－１１１１－１１１１", "[CARD ****1111]", 1, 0],
  ["５５５５　５５５５　５５５５　４４４４", "[CARD ****4444]", 1, 0],
  ["4111 1111\n1111 1111", "[CARD ****1111]", 1, 0],
  ["3782 822463 10005", "[CARD ****0005]", 1, 0],
  ["4000 0000 0000 0000 006", "[CARD ****0006]", 1, 0],
  ["card and expiry glued: 41111111111111111225", "card and expiry glued: [CARD ****1111]", 1, 0],
  ["カード番号は4111111111111111です。", "カード番号は[CARD ****1111]です。", 1, 0],
  [
    "お客様のカード ４１１１－１１１１－１１１１－１１１１ が使えないとのこと",
    "お客様のカード [CARD ****1111] が使えないとのこと",
    1,
    0,
  ],
  ["一枚目 4111-1111-1111-1111、二枚目 5555 5555 5555 4444。", "一枚目 [CARD ****1111]、二枚目 [CARD ****4444]。", 2, 0],
  ["CVV: 123", "CVV: [CVV]", 0, 1],
  ["セキュリティコードは１２３です", "セキュリティコードは[CVV]です", 0, 1],
  ["ｾｷｭﾘﾃｨｺｰﾄﾞ 987", "ｾｷｭﾘﾃｨｺｰﾄﾞ [CVV]", 0, 1],
  ["123 (CVV)", "[CVV] (CVV)", 0, 1],
  ["裏面の3桁は456", "裏面の3桁は[CVV]", 0, 1],
  ["security code 1234", "security code [CVV]", 0, 1],
  [
    "カード 4111 1111 1111 1111 有効期限 12/25 セキュリティコード 123 とのこと",
    "カード [CARD ****1111] 有効期限 12/25 セキュリティコード [CVV] とのこと",
    1,
    1,
  ],
  [
    "Card 5555555555554444, CVV 321. Call back on 03-1234-5678.",
    "Card [CARD ****4444], CVV [CVV]. Call back on 03-1234-5678.",
    1,
    1,
  ],
  // a security code keyword right before a card number: the card wins, counted once
  ["確認コード 4111 1111 1111 1111", "確認コード [CARD ****1111]", 1, 0],
  // left alone
  ["注文番号 1234567890123456 の件", "注文番号 1234567890123456 の件", 0, 0],
  ["電話 03-1234-5678 / 090-1234-5678", "電話 03-1234-5678 / 090-1234-5678", 0, 0],
  ["フリーダイヤル 0120-100-734", "フリーダイヤル 0120-100-734", 0, 0],
  ["下4桁 1111 のカード", "下4桁 1111 のカード", 0, 0],
  ["4111 **** **** 1111", "4111 **** **** 1111", 0, 0],
  ["セキュリティコードはお伺いしません", "セキュリティコードはお伺いしません", 0, 0],
  ["", "", 0, 0],
];

describe("redactFreeText", () => {
  it.each(CASES)("redacts %j to %j (%i cards, %i codes)", (input, text, cardNumbers, securityCodes) => {
    expect(redactFreeText(input)).toEqual({ text, cardNumbers, securityCodes });
  });

  it.each(CASES)("is idempotent on %j", (input) => {
    const once = redactFreeText(input).text;
    expect(redactFreeText(once)).toEqual({ text: once, cardNumbers: 0, securityCodes: 0 });
  });

  it.each([
    ["[CARD ****1111]"],
    ["[CVV]"],
    ["CVV [CARD ****1111]"],
    ["CVV[CARD ****1111]"],
    ["CVV [CVV], order 4567"],
    ["[CVV] 1234"],
    ["[CARD ****1111] [CARD ****2222] [CARD ****3333] [CARD ****4444]"],
  ])("leaves tokens of an earlier pass alone: %j", (text) => {
    expect(redactFreeText(text)).toEqual({ text, cardNumbers: 0, securityCodes: 0 });
  });

  it.each([
    ["4111111111111111", "411111111111"],
    ["４１１１－１１１１－１１１１－１１１１", "411111111111"],
    ["378282246310005 CVV 1234", "37828224631"],
    ["セキュリティコード 987", "987"],
  ])("never returns the removed digits: %j", (input, secret) => {
    const result = redactFreeText(input);
    const returned = JSON.stringify(result).normalize("NFKC").replace(/\D/g, "");
    expect(returned).not.toContain(secret);
  });

  it("is idempotent on 5,000 generated texts mixing numbers, separators, keywords and tokens", () => {
    const pieces = [
      "4111",
      "1111",
      "5555",
      "4444",
      "378282246310005",
      "4111111111111111",
      "9999999999999",
      "1",
      "12",
      "123",
      "1234",
      "0",
      "00",
      "７",
      "１２３",
      " ",
      "-",
      "ー",
      "~",
      "・",
      ".",
      "\n",
      "\r\n",
      "\t",
      "\u3000",
      "CVV",
      "cvv2",
      "ＣＶＣ",
      "PIN",
      "セキュリティコード",
      "セキュリティーコード",
      "確認コード",
      "裏面の3桁",
      "は",
      "です",
      "(",
      ")",
      "#",
      "a",
      "[CVV]",
      "[CARD ****1234]",
      "12/25",
      "03-1234-5678",
    ];
    let seed = 20170805;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const notIdempotent: string[] = [];
    for (let n = 0; n < 5000; n += 1) {
      let text = "";
      for (let i = 0, length = 1 + next(14); i < length; i += 1) text += pieces[next(pieces.length)];
      const once = redactFreeText(text);
      const twice = redactFreeText(once.text);
      if (twice.text !== once.text || twice.cardNumbers + twice.securityCodes > 0) notIdempotent.push(text);
    }
    expect(notIdempotent).toEqual([]);
  });

  it("keeps ASCII last 4 digits for a full-width number", () => {
    expect(redactFreeText("５５５５５５５５５５５５４４４４").text).toBe("[CARD ****4444]");
  });

  it("builds the tokens the UI expects", () => {
    expect(formatCardToken("1234")).toBe("[CARD ****1234]");
    expect(SECURITY_CODE_TOKEN).toBe("[CVV]");
  });
});
