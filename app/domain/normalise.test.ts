import {
  DASH_CHARACTERS,
  isDashCharacter,
  normaliseEmail,
  normaliseLast4,
  normaliseName,
  normalisePhone,
  normalisePostalCode,
  normaliseReference,
  normaliseText,
  removeDashes,
  romajiToHiragana,
} from "./normalise";

/** Every dash the brief names, by code point, with a label for test names. */
const REQUIRED_DASHES: Array<[string, string]> = [
  ["U+002D hyphen-minus", "\u002D"],
  ["U+2010 hyphen", "\u2010"],
  ["U+2011 non-breaking hyphen", "\u2011"],
  ["U+2012 figure dash", "\u2012"],
  ["U+2013 en dash", "\u2013"],
  ["U+2014 em dash", "\u2014"],
  ["U+2015 horizontal bar", "\u2015"],
  ["U+2212 minus sign", "\u2212"],
  ["U+30FC katakana long vowel", "\u30FC"],
  ["U+FF0D full-width hyphen-minus", "\uFF0D"],
  ["U+FE58 small em dash", "\uFE58"],
  ["U+FE63 small hyphen-minus", "\uFE63"],
  ["U+2043 hyphen bullet", "\u2043"],
  ["U+FF70 half-width long vowel", "\uFF70"],
  ["U+301C wave dash", "\u301C"],
  ["U+FF5E full-width tilde", "\uFF5E"],
];
/** Extra dash-like characters this module adds (see DASH_CHARACTERS). */
const EXTRA_DASHES: Array<[string, string]> = [
  ["U+2500 box drawing light horizontal", "\u2500"],
  ["U+2501 box drawing heavy horizontal", "\u2501"],
  ["U+3030 wavy dash", "\u3030"],
  ["U+007E tilde (NFKC of U+FF5E)", "~"],
  ["U+00AD soft hyphen", "\u00AD"],
];
const ALL_DASHES = [...REQUIRED_DASHES, ...EXTRA_DASHES];

describe("DASH_CHARACTERS", () => {
  it.each(ALL_DASHES)("contains %s", (_label, dash) => {
    expect(DASH_CHARACTERS).toContain(dash);
    expect(isDashCharacter(dash)).toBe(true);
  });

  it.each([["a"], ["1"], [" "], ["・"], ["_"], ["."], [""], ["--"]])("does not treat %j as one dash", (ch) => {
    expect(isDashCharacter(ch)).toBe(false);
  });

  it("works inside a regex character class when it opens the class", () => {
    const pattern = new RegExp(`[${DASH_CHARACTERS}]`, "gu");
    expect("a-b\u2212c\u30FCd".replace(pattern, "")).toBe("abcd");
    expect("abc".replace(pattern, "")).toBe("abc");
  });

  it.each(ALL_DASHES)("removeDashes removes %s", (_label, dash) => {
    expect(removeDashes(`12${dash}34${dash}${dash}56`)).toBe("123456");
  });
});

describe("normaliseText", () => {
  it.each([
    ["  abc  ", "abc"],
    ["\u3000山田\u3000", "山田"],
    ["ＡＢＣ１２３", "ABC123"],
    ["ｱｲｳ", "アイウ"],
    ["ﾀﾞ", "ダ"],
    ["＠", "@"],
    ["①", "1"],
    ["\t\nabc\r\n", "abc"],
    ["", ""],
    ["\u2212", "\u2212"],
  ])("normaliseText(%j) = %j", (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });
});

describe("normaliseName", () => {
  it.each([
    // half-width kana, spaces of every kind
    ["ﾔﾏﾀﾞ ﾀﾛｳ", "やまだたろう"],
    ["ﾔﾏﾀﾞ\u3000ﾀﾛｳ", "やまだたろう"],
    ["ヤマダ　タロウ", "やまだたろう"],
    ["ヤマダ タロウ", "やまだたろう"],
    ["やまだ たろう", "やまだたろう"],
    [" \tヤマダタロウ\n", "やまだたろう"],
    ["ヤマダ\u200Bタロウ", "やまだたろう"],
    // kanji unchanged, spaces removed
    ["山田 太郎", "山田太郎"],
    ["山田　太郎", "山田太郎"],
    ["髙橋 一郎", "髙橋一郎"],
    ["三ヶ島 花子", "三ヶ島花子"],
    // long-vowel marks kept, dashes after kana read as the mark
    ["コーヒー", "こーひー"],
    ["ｺｰﾋｰ", "こーひー"],
    ["ｺ-ﾋ-", "こーひー"],
    ["コ\u2212ヒ\u2212", "こーひー"],
    ["コ\u2015ヒ\u2015", "こーひー"],
    ["コ\uFF0Dヒ\uFF0D", "こーひー"],
    ["コ\u2500ヒ\u2500", "こーひー"],
    ["サトー", "さとー"],
    ["ｻﾄｰ ﾖｰｺ", "さとーよーこ"],
    ["コーー", "こーー"],
    // voiced and small kana
    ["ｳﾞｧｲｵﾘﾝ", "ゔぁいおりん"],
    ["ヴァイオリン", "ゔぁいおりん"],
    ["ｷｬｯﾁｬｰ", "きゃっちゃー"],
    ["ヷ", "わ\u3099"],
    ["ヺ", "を\u3099"],
    ["イスヾ", "いすゞ"],
    ["ヰヱ", "ゐゑ"],
    // foreign names in katakana: separators removed
    ["ジョン・スミス", "じょんすみす"],
    ["ｼﾞｮﾝ･ｽﾐｽ", "じょんすみす"],
    ["ジョン゠スミス", "じょんすみす"],
    // latin: lower-cased, full-width folded, dashes between letters kept
    ["John Smith", "johnsmith"],
    ["ＪＯＨＮ　ＳＭＩＴＨ", "johnsmith"],
    ["Smith-Jones", "smith-jones"],
    ["TARO YAMADA", "taroyamada"],
    ["ヤマダ Taro", "やまだtaro"],
    ["", ""],
  ])("normaliseName(%j) = %j", (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });

  it.each([
    ["ヤマダ タロウ", "やまだ　たろう"],
    ["ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ"],
    ["ｻﾄｰ", "サトー"],
    ["ｻﾄ-", "さとー"],
    ["山田\u3000太郎", "山田太郎"],
    ["Yamada Taro", "ＹＡＭＡＤＡ　ＴＡＲＯ"],
    ["ジョン・スミス", "じょん すみす"],
    ["ｶﾞｯｺｳ", "がっこう"],
  ])("%j and %j give the same key", (a, b) => {
    expect(normaliseName(a)).toBe(normaliseName(b));
  });

  it.each([
    ["さとう", "サトー"],
    ["やまだ", "山田"],
    ["たろう", "taro"],
    ["かとう", "がとう"],
  ])("%j and %j stay different", (a, b) => {
    expect(normaliseName(a)).not.toBe(normaliseName(b));
  });
});

describe("romajiToHiragana", () => {
  it.each([
    ["Yamada Taro", "やまだたろ"],
    ["yamada taro", "やまだたろ"],
    ["YAMADA TARO", "やまだたろ"],
    ["ＹＡＭＡＤＡ　ＴＡＲＯ", "やまだたろ"],
    ["yamada taroh", "やまだたろう"],
    ["Tarou", "たろう"],
    ["Taroo", "たろお"],
    ["Satoh", "さとう"],
    ["Itoh Hiroshi", "いとうひろし"],
    ["Satō", "さとう"],
    ["Satô", "さとう"],
    ["Ōno", "おうの"],
    ["Ohno", "おうの"],
    ["Oono", "おおの"],
    ["Ono", "おの"],
    ["Yūko", "ゆうこ"],
    ["Homma", "ほんま"],
    ["Sampei", "さんぺい"],
    ["Namba", "なんば"],
    ["Hattori", "はっとり"],
    ["Ken'ichi", "けんいち"],
    ["Ken’ichi", "けんいち"],
    ["Ken-ichi", "けんいち"],
    ["Ken ichi", "けんいち"],
    ["Kenichi", "けにち"],
    ["Jun", "じゅん"],
    ["Shinnosuke", "しんのすけ"],
    ["Tsuyoshi", "つよし"],
    ["Tuyosi", "つよし"],
    ["Chiharu", "ちはる"],
    ["Kyouko", "きょうこ"],
    ["Fujii", "ふじい"],
    ["YAMADA, Taro", "やまだたろ"],
    ["  yamada   taro  ", "やまだたろ"],
  ])("romajiToHiragana(%j) = %j", (input, expected) => {
    expect(romajiToHiragana(input)).toBe(expected);
  });

  it.each([
    [""],
    ["   "],
    ["山田 太郎"],
    ["やまだ たろう"],
    ["ヤマダ Taro"],
    ["Taro1"],
    ["yamada.taro"],
    ["Smith"],
    ["George"],
    ["McDonald"],
    ["taro@example.jp"],
    ["-"],
  ])("romajiToHiragana(%j) is null", (input) => {
    expect(romajiToHiragana(input)).toBeNull();
  });

  it("agrees with normaliseName for a hiragana name spelt in plain romaji", () => {
    expect(romajiToHiragana("Yamada Hanako")).toBe(normaliseName("ﾔﾏﾀﾞ ﾊﾅｺ"));
  });
});

describe("normalisePhone", () => {
  it.each([
    // Tokyo fixed line in every shape
    ["+81312345678", "+81312345678"],
    ["+81 3-1234-5678", "+81312345678"],
    ["+81-3-1234-5678", "+81312345678"],
    ["+81 (0)3-1234-5678", "+81312345678"],
    ["+8103-1234-5678", "+81312345678"],
    ["03-1234-5678", "+81312345678"],
    ["0312345678", "+81312345678"],
    ["03 1234 5678", "+81312345678"],
    ["03.1234.5678", "+81312345678"],
    ["(03)1234-5678", "+81312345678"],
    ["(03) 1234-5678", "+81312345678"],
    ["０３－１２３４－５６７８", "+81312345678"],
    ["０３（１２３４）５６７８", "+81312345678"],
    ["＋８１　３　１２３４　５６７８", "+81312345678"],
    [" 03-1234-5678 ", "+81312345678"],
    ["81312345678", "+81312345678"],
    ["312345678", "+81312345678"],
    ["010-81-3-1234-5678", "+81312345678"],
    // Case B's line, other areas
    ["03-4405-8455", "+81344058455"],
    ["06-6123-4567", "+81661234567"],
    ["011-211-2111", "+81112112111"],
    // mobile
    ["090-1234-5678", "+819012345678"],
    ["090ー1234ー5678", "+819012345678"],
    ["０９０ー１２３４ー５６７８", "+819012345678"],
    ["080-1234-5678", "+818012345678"],
    ["070-1234-5678", "+817012345678"],
    ["+81 90 1234 5678", "+819012345678"],
    ["819012345678", "+819012345678"],
    ["9012345678", "+819012345678"],
    // free-dial, navi-dial, IP phone
    ["0120-100-734", "+81120100734"],
    ["0120100734", "+81120100734"],
    ["０１２０－１００－７３４", "+81120100734"],
    ["0800-123-4567", "+818001234567"],
    ["0570-000-000", "+81570000000"],
    ["050-1234-5678", "+815012345678"],
    // abroad
    ["+1 415-555-2671", "+14155552671"],
    ["+44 20 7946 0958", "+442079460958"],
  ])("normalisePhone(%j) = %j", (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each(ALL_DASHES)("strips %s between the groups", (_label, dash) => {
    expect(normalisePhone(`03${dash}1234${dash}5678`)).toBe("+81312345678");
    expect(normalisePhone(`090${dash}1234${dash}5678`)).toBe("+819012345678");
  });

  it.each([
    [""],
    ["   "],
    ["abc"],
    ["+"],
    ["0"],
    ["110"],
    ["03-1234-567"],
    ["03-1234-56789"],
    ["090-1234-567"],
    ["0081312345678"],
    ["4155552671"],
    ["03-1234-5678 内線12"],
    ["03-1234-5678 ext. 3"],
    ["tel:03-1234-5678"],
    ["03-1234-5678#"],
    ["03/1234/5678"],
    ["4111 1111 1111 1111"],
  ])("normalisePhone(%j) is null", (input) => {
    expect(normalisePhone(input)).toBeNull();
  });
});

describe("normaliseEmail", () => {
  it.each([
    ["taro@example.jp", "taro@example.jp", "taro@example.jp"],
    ["Taro.Yamada@Example.JP", "Taro.Yamada@example.jp", "taro.yamada@example.jp"],
    ["TARO@EXAMPLE.CO.JP", "TARO@example.co.jp", "taro@example.co.jp"],
    ["  taro@example.jp\u3000", "taro@example.jp", "taro@example.jp"],
    ["ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp", "taro@example.jp"],
    ["Ｔａｒｏ＠Ｅｘａｍｐｌｅ．ｊｐ", "Taro@example.jp", "taro@example.jp"],
    ["inquiry@coo.ne.jp", "inquiry@coo.ne.jp", "inquiry@coo.ne.jp"],
    ["taro+shop@example.jp", "taro+shop@example.jp", "taro+shop@example.jp"],
    ["taro..yamada.@docomo.ne.jp", "taro..yamada.@docomo.ne.jp", "taro..yamada.@docomo.ne.jp"],
    ["a@b.c", "a@b.c", "a@b.c"],
  ])("normaliseEmail(%j) shows %j, matches on %j", (input, display, key) => {
    expect(normaliseEmail(input)).toEqual({ display, key });
  });

  it.each([
    [""],
    ["taro"],
    ["taro@"],
    ["@example.jp"],
    ["taro@example"],
    ["taro@@example.jp"],
    ["taro@a@example.jp"],
    ["taro yamada@example.jp"],
    ["taro@exa mple.jp"],
    ["taro@example..jp"],
    ["taro@.example.jp"],
    ["taro@example.jp."],
    ["Taro <taro@example.jp>"],
    ["03-1234-5678"],
  ])("normaliseEmail(%j) is null", (input) => {
    expect(normaliseEmail(input)).toBeNull();
  });
});

describe("normaliseReference", () => {
  it.each([
    ["ORD-2017-000123", "ORD2017000123"],
    ["ord-2017-000123", "ORD2017000123"],
    ["ＯＲＤ－２０１７－０００１２３", "ORD2017000123"],
    ["ORD 2017 000123", "ORD2017000123"],
    ["ORD\u30002017\u3000000123", "ORD2017000123"],
    [" ord\u22122017\u2015000123 ", "ORD2017000123"],
    ["ｏｒｄｰ2017ｰ000123", "ORD2017000123"],
    ["RSV_001", "RSV_001"],
    ["abc", "ABC"],
    ["", ""],
  ])("normaliseReference(%j) = %j", (input, expected) => {
    expect(normaliseReference(input)).toBe(expected);
  });

  it.each(ALL_DASHES)("removes %s", (_label, dash) => {
    expect(normaliseReference(`ord${dash}2017${dash}000123`)).toBe("ORD2017000123");
  });
});

describe("normaliseLast4", () => {
  it.each([
    ["1234", "1234"],
    ["１２３４", "1234"],
    [" 1234 ", "1234"],
    ["**** 1234", "1234"],
    ["xxxx-xxxx-xxxx-0042", "0042"],
    ["0000", "0000"],
  ])("normaliseLast4(%j) = %j", (input, expected) => {
    expect(normaliseLast4(input)).toBe(expected);
  });

  it.each([[""], ["123"], ["12345"], ["4111111111111111"], ["abcd"], ["下4桁1234"], ["12 34 5"]])(
    "normaliseLast4(%j) is null",
    (input) => {
      expect(normaliseLast4(input)).toBeNull();
    },
  );
});

describe("normalisePostalCode", () => {
  it.each([
    ["100-0001", "1000001"],
    ["〒100-0001", "1000001"],
    ["〒 100-0001", "1000001"],
    ["１００－０００１", "1000001"],
    ["〒１００ー０００１", "1000001"],
    ["100 0001", "1000001"],
    ["1000001", "1000001"],
    ["150\u22120002", "1500002"],
    ["〶150-0002", "1500002"],
  ])("normalisePostalCode(%j) = %j", (input, expected) => {
    expect(normalisePostalCode(input)).toBe(expected);
  });

  it.each([[""], ["100-001"], ["100-00011"], ["〒100-0001 東京都千代田区"], ["abc-defg"], ["100/0001"]])(
    "normalisePostalCode(%j) is null",
    (input) => {
      expect(normalisePostalCode(input)).toBeNull();
    },
  );
});
