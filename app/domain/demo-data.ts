/**
 * Deterministic synthetic "affected customers" for demos, tests and benchmarks.
 *
 * Pure data, no I/O. The same options give the same records on any machine, in any time
 * zone, on any day: randomness comes only from the small seeded PRNG below (never
 * Math.random), and every instant is computed with Date.UTC arithmetic from JST wall time
 * (Japan has had no daylight saving time since 1951, so JST is always UTC+09:00).
 *
 * What the records look like, on purpose:
 * - names in kanji with a correct reading, written in katakana, hiragana or half-width
 *   katakana, with an ASCII space, an ideographic space (U+3000) or nothing in between;
 * - phone numbers valid for Japan's numbering plan (mobile 070/080/090, landlines in big
 *   cities) in the formats real shops hold: "03-1234-5678", full-width, "ー" / U+2010 /
 *   U+2212 / U+2015 used as hyphens, "+81 90 1234 5678", "09012345678", "03(1234)5678".
 *   Japan reserves no fictional range (unlike NANP's 555-01xx), so the numbers are random
 *   within valid ranges; nothing in the app ever dials or texts them;
 * - emails only on reserved example domains (example.jp, example.com, example.co.jp,
 *   example.ne.jp), sometimes upper-case, sometimes full-width, sometimes with a stray
 *   space: no real person can ever be addressed. The local part ends with the record's
 *   sequence number, so emails are unique within a run;
 * - order/reservation numbers: the given prefix + 8 digits, unique within a run;
 * - postal codes "〒100-0001", "100-0001", "1000001", sometimes full-width;
 * - card brand and the LAST FOUR DIGITS ONLY. This module never builds a full card number,
 *   an expiry date or a security code, not even internally.
 */
import { toRomaji } from "wanakana";

/** The seed the demo database and the benchmarks use. Any fixed value would do. */
export const DEMO_SEED = 20180116;

// ---------------------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------------------

/**
 * sfc32 ("Small Fast Counting", Chris Doty-Humphrey, from PractRand): 128 bits of state,
 * a counter that guarantees a period of at least 2^32, and passes PractRand/BigCrush.
 * Only 32-bit integer operations (|0, >>>, Math.imul-free shifts), so the output is
 * bit-identical on every JavaScript engine. Returns unsigned 32-bit integers.
 */
export function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

/** cyrb128 (bryc): hashes a string to four 32-bit words, used to seed sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export type Rng = {
  /** Unsigned 32-bit integer. */
  uint32(): number;
  /** Float in [0, 1) with 32 bits of resolution. */
  float(): number;
  /** Integer in [0, n), for 0 < n <= 2^32. */
  int(n: number): number;
};

/** A seeded generator: cyrb128(String(seed)) seeds sfc32, and the first 15 outputs are dropped. */
export function createRng(seed: number | string): Rng {
  const [a, b, c, d] = cyrb128(String(seed));
  const next = sfc32(a, b, c, d);
  for (let i = 0; i < 15; i++) next();
  const float = () => next() / 4294967296;
  return { uint32: next, float, int: (n) => Math.floor(float() * n) };
}

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

/**
 * Common surnames with their usual reading (katakana). Names whose reading is genuinely
 * split (河野 コウノ/カワノ, 渡部 ワタナベ/ワタベ, 小山 コヤマ/オヤマ, 高田 タカダ/タカタ ...)
 * are left out, so every pair below is the reading most bearers use.
 */
// prettier-ignore
export const SURNAMES: readonly (readonly [kanji: string, kana: string])[] = [
  ["佐藤", "サトウ"], ["鈴木", "スズキ"], ["高橋", "タカハシ"], ["田中", "タナカ"], ["伊藤", "イトウ"],
  ["渡辺", "ワタナベ"], ["山本", "ヤマモト"], ["中村", "ナカムラ"], ["小林", "コバヤシ"], ["加藤", "カトウ"],
  ["吉田", "ヨシダ"], ["山田", "ヤマダ"], ["佐々木", "ササキ"], ["山口", "ヤマグチ"], ["松本", "マツモト"],
  ["井上", "イノウエ"], ["木村", "キムラ"], ["林", "ハヤシ"], ["斎藤", "サイトウ"], ["清水", "シミズ"],
  ["山崎", "ヤマザキ"], ["森", "モリ"], ["池田", "イケダ"], ["橋本", "ハシモト"], ["阿部", "アベ"],
  ["石川", "イシカワ"], ["山下", "ヤマシタ"], ["中島", "ナカジマ"], ["石井", "イシイ"], ["小川", "オガワ"],
  ["前田", "マエダ"], ["岡田", "オカダ"], ["長谷川", "ハセガワ"], ["藤田", "フジタ"], ["後藤", "ゴトウ"],
  ["近藤", "コンドウ"], ["村上", "ムラカミ"], ["遠藤", "エンドウ"], ["青木", "アオキ"], ["坂本", "サカモト"],
  ["斉藤", "サイトウ"], ["福田", "フクダ"], ["太田", "オオタ"], ["西村", "ニシムラ"], ["藤井", "フジイ"],
  ["金子", "カネコ"], ["岡本", "オカモト"], ["藤原", "フジワラ"], ["中野", "ナカノ"], ["三浦", "ミウラ"],
  ["原田", "ハラダ"], ["中川", "ナカガワ"], ["松田", "マツダ"], ["竹内", "タケウチ"], ["小野", "オノ"],
  ["田村", "タムラ"], ["中山", "ナカヤマ"], ["和田", "ワダ"], ["石田", "イシダ"], ["森田", "モリタ"],
  ["上田", "ウエダ"], ["原", "ハラ"], ["内田", "ウチダ"], ["柴田", "シバタ"], ["酒井", "サカイ"],
  ["宮崎", "ミヤザキ"], ["横山", "ヨコヤマ"], ["高木", "タカギ"], ["安藤", "アンドウ"], ["宮本", "ミヤモト"],
  ["大野", "オオノ"], ["工藤", "クドウ"], ["谷口", "タニグチ"], ["今井", "イマイ"], ["丸山", "マルヤマ"],
  ["増田", "マスダ"], ["杉山", "スギヤマ"], ["村田", "ムラタ"], ["大塚", "オオツカ"], ["平野", "ヒラノ"],
  ["藤本", "フジモト"], ["上野", "ウエノ"], ["野口", "ノグチ"], ["武田", "タケダ"], ["松井", "マツイ"],
  ["千葉", "チバ"], ["岩崎", "イワサキ"], ["木下", "キノシタ"], ["久保", "クボ"], ["佐野", "サノ"],
  ["野村", "ノムラ"], ["松尾", "マツオ"], ["市川", "イチカワ"], ["菊地", "キクチ"], ["杉本", "スギモト"],
  ["古川", "フルカワ"], ["大西", "オオニシ"], ["島田", "シマダ"], ["水野", "ミズノ"], ["桜井", "サクライ"],
  ["高野", "タカノ"], ["新井", "アライ"], ["服部", "ハットリ"], ["北村", "キタムラ"], ["荒木", "アラキ"],
];

/** Common given names (men's and women's, older and recent) with their usual reading. */
// prettier-ignore
export const GIVEN_NAMES: readonly (readonly [kanji: string, kana: string])[] = [
  ["太郎", "タロウ"], ["一郎", "イチロウ"], ["健一", "ケンイチ"], ["誠一", "セイイチ"], ["雄一", "ユウイチ"],
  ["浩二", "コウジ"], ["健二", "ケンジ"], ["翔太", "ショウタ"], ["健太", "ケンタ"], ["雄太", "ユウタ"],
  ["颯太", "ソウタ"], ["大輔", "ダイスケ"], ["大介", "ダイスケ"], ["康介", "コウスケ"], ["俊介", "シュンスケ"],
  ["拓也", "タクヤ"], ["達也", "タツヤ"], ["和也", "カズヤ"], ["智也", "トモヤ"], ["哲也", "テツヤ"],
  ["直樹", "ナオキ"], ["和樹", "カズキ"], ["秀樹", "ヒデキ"], ["直人", "ナオト"], ["悠人", "ユウト"],
  ["優斗", "ユウト"], ["拓海", "タクミ"], ["翔平", "ショウヘイ"], ["洋平", "ヨウヘイ"], ["慎太郎", "シンタロウ"],
  ["誠", "マコト"], ["学", "マナブ"], ["修", "オサム"], ["進", "ススム"], ["茂", "シゲル"],
  ["勇", "イサム"], ["清", "キヨシ"], ["隆", "タカシ"], ["博", "ヒロシ"], ["明", "アキラ"],
  ["実", "ミノル"], ["豊", "ユタカ"], ["聡", "サトシ"], ["蓮", "レン"], ["陽翔", "ハルト"],
  ["悠真", "ユウマ"], ["湊", "ミナト"], ["大和", "ヤマト"], ["陸", "リク"], ["健太郎", "ケンタロウ"],
  ["隼人", "ハヤト"], ["大地", "ダイチ"], ["雄大", "ユウダイ"], ["翼", "ツバサ"], ["亮太", "リョウタ"],
  ["祐介", "ユウスケ"], ["花子", "ハナコ"], ["陽子", "ヨウコ"], ["恵子", "ケイコ"], ["幸子", "サチコ"],
  ["洋子", "ヨウコ"], ["京子", "キョウコ"], ["久美子", "クミコ"], ["由美子", "ユミコ"], ["真由美", "マユミ"],
  ["明美", "アケミ"], ["直美", "ナオミ"], ["美穂", "ミホ"], ["愛", "アイ"], ["彩", "アヤ"],
  ["舞", "マイ"], ["恵", "メグミ"], ["香織", "カオリ"], ["美咲", "ミサキ"], ["結衣", "ユイ"],
  ["葵", "アオイ"], ["さくら", "サクラ"], ["優花", "ユウカ"], ["凛", "リン"], ["芽依", "メイ"],
  ["莉子", "リコ"], ["沙織", "サオリ"], ["麻衣", "マイ"], ["千尋", "チヒロ"], ["智子", "トモコ"],
  ["純子", "ジュンコ"], ["早苗", "サナエ"], ["由紀", "ユキ"], ["奈々", "ナナ"], ["理恵", "リエ"],
  ["亜美", "アミ"], ["綾香", "アヤカ"], ["友美", "トモミ"], ["美由紀", "ミユキ"], ["和子", "カズコ"],
  ["節子", "セツコ"], ["春香", "ハルカ"], ["瞳", "ヒトミ"], ["玲奈", "レイナ"], ["真央", "マオ"],
  ["桃子", "モモコ"], ["七海", "ナナミ"], ["美紀", "ミキ"], ["紗希", "サキ"], ["加奈子", "カナコ"],
  ["由香", "ユカ"],
];

const HALF_KANA_FROM =
  "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォッャュョー";
const HALF_KANA_TO = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｯｬｭｮｰ";
const HALF_KANA = new Map<string, string>([
  ...[...HALF_KANA_FROM].map((c, i) => [c, HALF_KANA_TO[i] ?? c] as [string, string]),
  ["\u3099", "ﾞ"], // combining voiced mark (from NFD of ガ, ザ ...)
  ["\u309A", "ﾟ"], // combining semi-voiced mark (from NFD of パ ...)
]);

/** Full-width katakana to half-width (ガ -> ｶﾞ); NFKC turns it back. */
export function toHalfWidthKatakana(katakana: string): string {
  let out = "";
  for (const c of katakana.normalize("NFD")) out += HALF_KANA.get(c) ?? c;
  return out;
}

/** Katakana to hiragana by code point (ァ..ヶ -> ぁ..ゖ); the long-vowel mark ー stays. */
export function katakanaToHiragana(katakana: string): string {
  let out = "";
  for (const c of katakana) {
    const code = c.charCodeAt(0);
    out += code >= 0x30a1 && code <= 0x30f6 ? String.fromCharCode(code - 0x60) : c;
  }
  return out;
}

/** ASCII (and space) to full-width: "a" -> "ａ", "-" -> "－", " " -> U+3000. */
export function toFullWidthAscii(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20) out += "\u3000";
    else if (code > 0x20 && code < 0x7f) out += String.fromCharCode(code + 0xfee0);
    else out += text[i];
  }
  return out;
}

type NameForms = { kanji: string; kata: string; hira: string; half: string; romaji: string; romajiShort: string };

function nameForms([kanji, kata]: readonly [string, string]): NameForms {
  const romaji = toRomaji(kata).replace(/'/g, "");
  // Simplified Hepburn as people often type it: satou -> sato, yuuta -> yuta, oota -> ota.
  // Only a long vowel (not followed by another vowel: inoue stays inoue) is shortened.
  const romajiShort = romaji.replace(/([aeiou])(?:u|o)(?![aeiou])/g, (m: string, v: string) =>
    (v === "o" && (m === "ou" || m === "oo")) || (v === "u" && m === "uu") ? v : m,
  );
  return { kanji, kata, hira: katakanaToHiragana(kata), half: toHalfWidthKatakana(kata), romaji, romajiShort };
}

const FAMILY = SURNAMES.map(nameForms);
const GIVEN = GIVEN_NAMES.map(nameForms);

// ---------------------------------------------------------------------------------------
// Weighted choices
// ---------------------------------------------------------------------------------------

type Weighted<T> = { values: T[]; cumulative: number[] };

function weighted<T>(pairs: readonly (readonly [T, number])[]): Weighted<T> {
  const total = pairs.reduce((sum, [, w]) => sum + w, 0);
  let acc = 0;
  return {
    values: pairs.map(([v]) => v),
    cumulative: pairs.map(([, w]) => (acc += w / total)),
  };
}

function pickWeighted<T>(rng: Rng, w: Weighted<T>): T {
  const x = rng.float();
  const cumulative = w.cumulative;
  for (let i = 0; i < cumulative.length; i++) {
    if (x < (cumulative[i] as number)) return w.values[i] as T;
  }
  return w.values[w.values.length - 1] as T;
}

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[rng.int(list.length)] as T;
}

/**
 * Card brands with rough shares of cards in use in Japan (VISA about half, JCB about a
 * quarter, Mastercard most of the rest, American Express and Diners Club small).
 */
export const CARD_BRAND_SHARES = [
  ["VISA", 50],
  ["JCB", 26],
  ["Mastercard", 19],
  ["American Express", 4],
  ["Diners Club", 1],
] as const;
export type DemoCardBrand = (typeof CARD_BRAND_SHARES)[number][0];
const CARD_BRANDS = weighted<string>(CARD_BRAND_SHARES);

export const DEMO_EMAIL_DOMAINS = ["example.jp", "example.com", "example.co.jp", "example.ne.jp"] as const;
const EMAIL_DOMAINS = weighted<string>([
  ["example.jp", 35],
  ["example.com", 25],
  ["example.co.jp", 20],
  ["example.ne.jp", 20],
]);

// ---------------------------------------------------------------------------------------
// Phones, emails, postal codes
// ---------------------------------------------------------------------------------------

function digits(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(48 + rng.int(10));
  return s;
}

/** Landline area codes of large cities (and Mito 029, Ibaraki), weighted. */
const AREA_CODES = weighted<string>([
  ["03", 30], // Tokyo
  ["06", 15], // Osaka
  ["045", 8], // Yokohama
  ["052", 8], // Nagoya
  ["011", 5], // Sapporo
  ["092", 5], // Fukuoka
  ["075", 4], // Kyoto
  ["078", 4], // Kobe
  ["022", 4], // Sendai
  ["082", 4], // Hiroshima
  ["048", 4], // Saitama
  ["043", 3], // Chiba
  ["029", 6], // Mito
]);
const MOBILE_PREFIXES = weighted<string>([
  ["090", 45],
  ["080", 40],
  ["070", 15],
]);

type PhoneFormat = "hyphen" | "plain" | "fullwidth" | "choon" | "u2010" | "u2212" | "u2015" | "intl" | "paren" | "halfchoon";
const PHONE_FORMATS = weighted<PhoneFormat>([
  ["hyphen", 44],
  ["plain", 15],
  ["fullwidth", 8],
  ["choon", 6], // katakana long-vowel mark ー typed as a hyphen
  ["u2010", 5], // HYPHEN
  ["u2212", 5], // MINUS SIGN
  ["u2015", 2], // HORIZONTAL BAR
  ["halfchoon", 1], // half-width ｰ
  ["intl", 8],
  ["paren", 6], // 03(1234)5678, landlines only; mobiles fall back to hyphens
]);

type PhoneGroups = { mobile: boolean; groups: [string, string, string] };

/** A Japanese number as three groups: ["090", "1234", "5678"] or ["045", "321", "4567"]. */
function phoneGroups(rng: Rng): PhoneGroups {
  if (rng.float() < 0.75) {
    // Mobile: 0X0-[1-9]XXX-XXXX (libphonenumber rejects 070-0 and 090-0; 080-0 is skipped too).
    const groups: [string, string, string] = [
      pickWeighted(rng, MOBILE_PREFIXES),
      String(1 + rng.int(9)) + digits(rng, 3),
      digits(rng, 4),
    ];
    return { mobile: true, groups };
  }
  const area = pickWeighted(rng, AREA_CODES);
  // A local number never starts with 0 or 1; libphonenumber's metadata has no 011-4 or 011-9.
  const firstDigits = area === "011" ? "235678" : "23456789";
  const first = firstDigits[rng.int(firstDigits.length)] as string;
  const exchangeLength = area.length === 2 ? 4 : 3;
  return { mobile: false, groups: [area, first + digits(rng, exchangeLength - 1), digits(rng, 4)] };
}

function formatPhone(rng: Rng, { mobile, groups: [a, b, c] }: PhoneGroups): string {
  switch (pickWeighted(rng, PHONE_FORMATS)) {
    case "plain":
      return a + b + c;
    case "fullwidth":
      return toFullWidthAscii(`${a}-${b}-${c}`);
    case "choon":
      return `${a}ー${b}ー${c}`;
    case "u2010":
      return `${a}\u2010${b}\u2010${c}`;
    case "u2212":
      return `${a}\u2212${b}\u2212${c}`;
    case "u2015":
      return `${a}\u2015${b}\u2015${c}`;
    case "halfchoon":
      return `${a}ｰ${b}ｰ${c}`;
    case "intl":
      return `+81 ${a.slice(1)} ${b} ${c}`;
    case "paren":
      return mobile ? `${a}-${b}-${c}` : `${a}(${b})${c}`;
    default:
      return `${a}-${b}-${c}`;
  }
}

const EMAIL_SERIAL_SEPARATORS = [".", "_", "-", ""] as const;

function makeEmail(rng: Rng, family: NameForms, given: NameForms, serial: number): string {
  const f = rng.float() < 0.5 ? family.romaji : family.romajiShort;
  const g = rng.float() < 0.5 ? given.romaji : given.romajiShort;
  const sep = pick(rng, EMAIL_SERIAL_SEPARATORS);
  let local: string;
  const pattern = rng.int(5);
  if (pattern === 0) local = `${g}.${f}`;
  else if (pattern === 1) local = `${f}.${g}`;
  else if (pattern === 2) local = `${g.charAt(0)}${f}`;
  else if (pattern === 3) local = `${f}_${g}`;
  else local = `${f}${g.charAt(0)}`;
  // Ending with the serial number (after a non-digit) keeps every address unique in a run.
  local = `${local}${sep}${serial}`;
  const domain = pickWeighted(rng, EMAIL_DOMAINS);
  const style = rng.float();
  if (style < 0.78) return `${local}@${domain}`;
  if (style < 0.86) {
    // "Taro.Yamada@EXAMPLE.JP": capitalised words, shouting domain.
    const capitalised = local.replace(/(^|[._-])([a-z])/g, (_m, p: string, ch: string) => p + ch.toUpperCase());
    return `${capitalised}@${domain.toUpperCase()}`;
  }
  if (style < 0.9) return `${local.toUpperCase()}@${domain.toUpperCase()}`;
  if (style < 0.94) return toFullWidthAscii(`${local}@${domain}`); // typed with the IME on
  if (style < 0.97) return `${toFullWidthAscii(local)}@${domain}`;
  if (style < 0.985) return ` ${local}@${domain}`; // stray space from copy and paste
  return `${local}@${domain}\u3000`;
}

function makePostalCode(rng: Rng): string {
  const code = `${String(100 + rng.int(900))}-${digits(rng, 4)}`;
  const style = rng.float();
  if (style < 0.4) return `〒${code}`;
  if (style < 0.75) return code;
  if (style < 0.85) return code.replace("-", "");
  if (style < 0.95) return `〒${toFullWidthAscii(code)}`;
  return toFullWidthAscii(code);
}

// ---------------------------------------------------------------------------------------
// Dates (JST)
// ---------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const JST_OFFSET_MS = 9 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds of 00:00:00 JST on a 'YYYY-MM-DD' day; throws on anything else. */
export function jstMidnight(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`Expected a date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`Not a calendar date: ${date}`);
  }
  return ms - JST_OFFSET_MS;
}

export type DemoWindow = { startDate: string; endDate: string };

type Span = { start: number; endExclusive: number };

// ---------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------

export type DemoCustomer = {
  nameKanji: string;
  nameKana: string;
  email: string;
  phone: string;
  postalCode: string;
  /** Order or reservation number: referencePrefix + 8 digits, unique within a run. */
  reference: string;
  transactionAt: Date;
  cardBrand: string;
  /** The last four digits only. Never more. */
  cardLast4: string;
  /** Whether transactionAt falls on a day inside one of the windows (JST, inclusive). */
  insideWindow: boolean;
};

export type GenerateAffectedCustomersOptions = {
  seed: number | string;
  count: number;
  /** Exposure windows in JST, both days inclusive. At least one. */
  windows: readonly DemoWindow[];
  /** Site slug. Mixed into the seed, so two sites seeded alike still get different people. */
  site: string;
  /** Put any separator in the prefix yourself: "COU-" gives "COU-04817263". */
  referencePrefix: string;
  /** Share of records 1-3 days outside the windows, 0..1. Default 0.03. */
  outsideShare?: number;
};

/** Exactly this many records of a run are outside the windows. */
export function outsideCountFor(count: number, outsideShare = 0.03): number {
  return Math.round(count * outsideShare);
}

/**
 * The generator puts 3% of a site's transactions just outside its window (they
 * are on the shop's list but not affected). Generate enough that exactly
 * `inside` fall inside, so the demo matches the notices' maxima (335, 24,308).
 */
export function totalForInside(inside: number): number {
  let total = inside;
  while (total - outsideCountFor(total) < inside) total++;
  return total;
}

/** The generator seed of one demo site: tests regenerate known customers from it. */
export function demoSeedFor(incidentSlug: string, siteIndex: number): number {
  return DEMO_SEED + siteIndex * 7919 + incidentSlug.length * 104_729;
}

const REFERENCE_SPACE = 100_000_000; // 8 digits
const REFERENCE_MULTIPLIER = 61_803_399; // odd and not a multiple of 5: coprime to 10^8

/**
 * Lazily yields `count` synthetic customers of one site.
 *
 * Transaction instants, at one-second resolution:
 * - exactly `round(count * outsideShare)` records are outside the windows (Knuth's selection
 *   sampling picks which, so the split is exact and the records stay streamable);
 * - inside: uniform over all windows' seconds (longer windows get more records);
 * - outside: uniform over the 3 days before a window's first day or after its last day,
 *   never inside another window;
 * - boundary instants are always included when count allows, at fixed positions spread over
 *   the run: 00:00:00 JST on each first day and 23:59:59 JST on each last day (inside), and
 *   00:00:00 JST the day after each last day and 23:59:59 JST the day before each first day
 *   (outside; these count towards the outside share).
 */
export function generateAffectedCustomers(options: GenerateAffectedCustomersOptions): Generator<DemoCustomer> {
  const { seed, count, windows, site, referencePrefix } = options;
  const outsideShare = options.outsideShare ?? 0.03;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number >= 0, got ${count}`);
  if (count > REFERENCE_SPACE) throw new RangeError(`count must be at most ${REFERENCE_SPACE}`);
  if (!(outsideShare >= 0 && outsideShare <= 1)) throw new RangeError(`outsideShare must be within 0..1`);
  if (windows.length === 0) throw new RangeError("At least one exposure window is needed");

  const spans: Span[] = windows.map((w) => {
    const start = jstMidnight(w.startDate);
    const endExclusive = jstMidnight(w.endDate) + DAY_MS;
    if (endExclusive <= start) throw new RangeError(`Window ends before it starts: ${w.startDate}..${w.endDate}`);
    return { start, endExclusive };
  });
  const isInside = (ms: number) => spans.some((s) => ms >= s.start && ms < s.endExclusive);
  const spanPick = weighted(spans.map((s) => [s, s.endExclusive - s.start] as const));
  const earliestStart = Math.min(...spans.map((s) => s.start));

  const outsideTarget = outsideCountFor(count, outsideShare);
  const insideTarget = count - outsideTarget;

  // Boundary instants, most important first, deduplicated, outside ones really outside.
  const insideEdges = unique(spans.flatMap((s) => [s.start, s.endExclusive - 1000])).slice(0, insideTarget);
  const outsideEdges = unique([...spans.map((s) => s.endExclusive), ...spans.map((s) => s.start - 1000)])
    .filter((ms) => !isInside(ms))
    .slice(0, outsideTarget);
  const edges = [...insideEdges, ...outsideEdges];
  const edgeAt = new Map<number, number>();
  edges.forEach((ms, j) => edgeAt.set(Math.floor(((j + 0.5) * count) / edges.length), ms));

  return (function* run(): Generator<DemoCustomer> {
    const rng = createRng(`${seed}:${site}`);
    const referenceOffset = rng.int(REFERENCE_SPACE);
    let plainLeft = count - edges.length; // records without a fixed boundary instant
    let outsideLeft = outsideTarget - outsideEdges.length;

    for (let i = 0; i < count; i++) {
      let ms = edgeAt.get(i);
      if (ms === undefined) {
        const outside = rng.float() * plainLeft < outsideLeft;
        plainLeft--;
        if (outside) {
          outsideLeft--;
          ms = outsideInstant(rng, spanPick, isInside, earliestStart);
        } else {
          const s = pickWeighted(rng, spanPick);
          ms = s.start + rng.int((s.endExclusive - s.start) / 1000) * 1000;
        }
      }

      const family = pick(rng, FAMILY);
      const given = pick(rng, GIVEN);
      const kanjiSep = rng.float();
      const nameKanji = family.kanji + (kanjiSep < 0.5 ? " " : kanjiSep < 0.8 ? "" : "\u3000") + given.kanji;
      const script = rng.float();
      const kanaSep = rng.float();
      let nameKana: string;
      if (script < 0.1) {
        nameKana = family.half + (kanaSep < 0.6 ? " " : "") + given.half;
      } else {
        const [fk, gk] = script < 0.6 ? [family.kata, given.kata] : [family.hira, given.hira];
        nameKana = fk + (kanaSep < 0.45 ? " " : kanaSep < 0.65 ? "\u3000" : "") + gk;
      }

      // i -> (i * m + offset) mod 10^8 is a bijection (m coprime to 10^8): unique, unordered.
      const referenceNumber = (i * REFERENCE_MULTIPLIER + referenceOffset) % REFERENCE_SPACE;
      yield {
        nameKanji,
        nameKana,
        email: makeEmail(rng, family, given, i + 1),
        phone: formatPhone(rng, phoneGroups(rng)),
        postalCode: makePostalCode(rng),
        reference: referencePrefix + String(referenceNumber).padStart(8, "0"),
        transactionAt: new Date(ms),
        cardBrand: pickWeighted(rng, CARD_BRANDS),
        cardLast4: digits(rng, 4),
        insideWindow: isInside(ms),
      };
    }
  })();
}

function unique(values: number[]): number[] {
  return [...new Set(values)];
}

function outsideInstant(rng: Rng, spanPick: Weighted<Span>, isInside: (ms: number) => boolean, earliestStart: number): number {
  const threeDaysInSeconds = (3 * DAY_MS) / 1000;
  for (let attempt = 0; attempt < 8; attempt++) {
    const s = pickWeighted(rng, spanPick);
    const offset = rng.int(threeDaysInSeconds) * 1000;
    const ms = rng.float() < 0.5 ? s.start - 3 * DAY_MS + offset : s.endExclusive + offset;
    if (!isInside(ms)) return ms;
  }
  // Windows packed so closely that the days around them are covered: before the earliest
  // window is outside every window.
  return earliestStart - 3 * DAY_MS + rng.int(threeDaysInSeconds) * 1000;
}
