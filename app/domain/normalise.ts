/**
 * Normalisation of the messy values shops and callers give us, so that records can be matched to
 * the affected list. Every function is pure; callers keep the raw value next to the normalised one.
 *
 * Order matters everywhere: Unicode NFKC first (full-width digits and letters become ASCII,
 * half-width kana become full-width kana), then the field-specific rules.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { toHiragana, toKana } from "wanakana";

/**
 * Every dash-like character people (and IMEs) put into phone numbers, order numbers and card
 * numbers. NFKC folds only some of them (U+FF0D and U+FE63 become "-", U+FE58 becomes U+2014,
 * U+FF70 becomes U+30FC, U+FF5E becomes "~"), and leaves U+2010..U+2015, U+2212, U+30FC, U+301C
 * alone, so they are listed explicitly; the NFKC results ("~") are listed too.
 *
 * Beyond the required set this also holds the box-drawing lines U+2500/U+2501 (Japanese IMEs offer
 * "─" when the user types "ー" and converts), the wavy dash U+3030, the swung dash U+2053, the
 * two/three-em dashes U+2E3A/U+2E3B, the vertical-form dashes U+FE31/U+FE32 and the soft hyphen
 * U+00AD (invisible, but it breaks matching).
 *
 * It is a plain string of the characters with "-" first, so it works both with `includes()` and
 * inside a regex character class, as long as it opens the class (where "-" is literal):
 * `new RegExp(`[${DASH_CHARACTERS}\\s]`, "gu")`. Or use {@link removeDashes}.
 */
export const DASH_CHARACTERS =
  "-\u00AD\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2053\u2212\u2500\u2501\u2E3A\u2E3B" +
  "\u301C\u3030\u30FC\uFE31\uFE32\uFE58\uFE63\uFF0D\uFF5E\uFF70~";

const DASHES = new RegExp(`[${DASH_CHARACTERS}]`, "gu");
/** White space of every kind (incl. U+3000 and line breaks) plus zero-width characters. */
const SPACES = /[\s\u200B-\u200D\u2060\uFEFF]/gu;

/** True when `ch` (one character) is one of {@link DASH_CHARACTERS}. */
export function isDashCharacter(ch: string): boolean {
  return ch.length === 1 && DASH_CHARACTERS.includes(ch);
}

/** `s` without any of the {@link DASH_CHARACTERS}. */
export function removeDashes(s: string): string {
  return s.replace(DASHES, "");
}

/** Unicode NFKC, then trim: the first step for every field. */
export function normaliseText(s: string): string {
  return s.normalize("NFKC").trim();
}

/** Hiragana, katakana (incl. ヷ..ヺ, ヽヾ) or the long-vowel mark itself. */
const KANA_BEFORE_DASH = new RegExp(`([\\u3041-\\u309F\\u30A1-\\u30FA\\u30FC-\\u30FE])[${DASH_CHARACTERS}]+`, "gu");
/** Katakana with a voiced mark that has no precomposed hiragana twin: ヷ ヸ ヹ ヺ. */
const VOICED_W_ROW: Record<string, string> = { ヷ: "ワ\u3099", ヸ: "ヰ\u3099", ヹ: "ヱ\u3099", ヺ: "ヲ\u3099" };
/** Katakana iteration marks; wanakana leaves them as katakana. */
const ITERATION_MARKS: Record<string, string> = { ヽ: "ゝ", ヾ: "ゞ" };
/** Separators inside foreign names written in katakana: ジョン・スミス, ジョン゠スミス. */
const NAME_SEPARATORS = /[\u30FB\u30A0]/gu;

/**
 * The matching key for a person's name.
 *
 * - NFKC (half-width ﾔﾏﾀﾞ becomes ヤマダ, full-width Ｔａｒｏ becomes Taro);
 * - all white space removed (incl. U+3000), and the katakana name separators ・ and ゠, so
 *   "山田 太郎", "山田　太郎" and "山田太郎", or "ジョン・スミス" and "ジョン スミス", are one key;
 * - katakana to hiragana (wanakana, romaji passed through), so ヤマダ and やまだ are one key;
 * - the long-vowel mark ー is kept (wanakana would otherwise turn コーヒー into こうひい); a dash
 *   typed after a kana ("ｺ-ﾋ-", "コ−ヒ−") is read as that mark, because old shop systems stored
 *   half-width names with ASCII hyphens;
 * - latin letters lower-cased; kanji unchanged.
 *
 * Known limits: "さとう" and "サトー" stay different (the brief keeps long-vowel marks); ヵ and ヶ
 * stay katakana (in names they are symbols: 三ヶ島); kanji variants (髙/高, 﨑/崎) are not folded.
 */
export function normaliseName(s: string): string {
  const compact = s
    .normalize("NFKC")
    .replace(SPACES, "")
    .replace(NAME_SEPARATORS, "")
    .replace(KANA_BEFORE_DASH, (match, kana: string) => kana + "ー".repeat(match.length - kana.length))
    .replace(/[ヷヸヹヺ]/gu, (ch) => VOICED_W_ROW[ch] ?? ch)
    .replace(/[ヽヾ]/gu, (ch) => ITERATION_MARKS[ch] ?? ch);
  return toHiragana(compact, { passRomaji: true, convertLongVowelMark: false }).toLowerCase();
}

/** Hepburn long vowels with a macron or circumflex, spelt out the way wanakana reads them. */
const LONG_VOWEL_LETTERS: Record<string, string> = {
  ā: "aa",
  â: "aa",
  ī: "ii",
  î: "ii",
  ū: "uu",
  û: "uu",
  ē: "ee",
  ê: "ee",
  ō: "ou",
  ô: "ou",
};
/**
 * Separators in romaji names: spaces, commas ("YAMADA, Taro"), apostrophes ("Shin'ichi") and
 * dashes ("Shin-ichi").
 */
const ROMAJI_SEPARATORS = new RegExp(`[${DASH_CHARACTERS}\\s,'\\u2019]+`, "u");
const ROMAJI_ONLY = /^[a-zāâīîūûēêōô]+$/u;
const HIRAGANA_ONLY = /^[\u3041-\u3096ー]+$/u;

/**
 * Hiragana for a name typed in romaji ("Yamada Taro", "yamada taroh", "Satō"), or null when the
 * input is not romaji (contains kana, kanji, digits, other symbols) or does not convert cleanly to
 * hiragana ("Smith", "George": wanakana would leave latin letters behind).
 *
 * Each part between spaces, commas, apostrophes or dashes is converted on its own, so "Ken Ichi",
 * "Ken'ichi" and "Ken-ichi" all give けんいち (converting "kenichi" in one go gives けにち).
 * Two passport (Hepburn) spellings are read before conversion: "m" before b/m/p is ん ("Homma"
 * ほんま, "Sampei" さんぺい), and "oh" not followed by a vowel is おう ("Satoh" さとう, "Itoh" いとう).
 * Macrons and circumflexes are spelt out: ō/ô → ou, ū → uu, ā → aa, ī → ii, ē → ee.
 *
 * Known limits, by design (we return the straightforward conversion and do not guess):
 * long vowels are spelt many ways and the spelling does not tell which kana was meant:
 * "Ono" gives おの, "Ohno" おうの and "Oono" おおの, while 大野 is おおの; "Yuki" gives ゆき, never
 * ゆうき; "Sato" gives さと, not さとう. Callers that need more matches must try variants themselves.
 */
export function romajiToHiragana(s: string): string | null {
  const lowered = s.normalize("NFKC").toLowerCase().trim();
  const parts = lowered.split(ROMAJI_SEPARATORS).filter((part) => part.length > 0);
  if (parts.length === 0 || !parts.every((part) => ROMAJI_ONLY.test(part))) return null;
  const hiragana = parts
    .map((part) =>
      toKana(
        part
          .replace(/[āâīîūûēêōô]/gu, (ch) => LONG_VOWEL_LETTERS[ch] ?? ch)
          .replace(/m(?=[bmp])/g, "n")
          .replace(/oh(?![aeiouy])/g, "ou"),
      ),
    )
    .join("");
  return HIRAGANA_ONLY.test(hiragana) ? hiragana : null;
}

/**
 * A phone number as E.164 ("+81312345678"), or null when it is not a valid number.
 *
 * Steps: NFKC (full-width digits, ＋ and parentheses become ASCII); remove every dash-like
 * character, white space, parentheses and dots; the rest must be digits with an optional leading
 * "+" (anything else, e.g. an extension "内線12" or "ext. 3", gives null, because matching on it
 * would be wrong either way); parse with libphonenumber-js (`/max` metadata, default country JP)
 * and require `isValid()`.
 *
 * Accepted, on purpose:
 * - "+81 3-1234-5678", "+81 (0)3-1234-5678" (the trunk 0 after +81 is dropped);
 * - "81312345678" without "+": a Japanese national number always starts with the trunk 0, so a
 *   leading 81 can only be the country code;
 * - "312345678" / "9012345678" without the trunk 0: spreadsheets drop leading zeros from shop
 *   exports, and libphonenumber reads these as national numbers; matching still needs a name too;
 * - "010 81 3 1234 5678" (Japan's international call prefix);
 * - numbers of other countries with "+" ("+1 415 555 2671"), for customers abroad.
 * Rejected: too short or too long numbers ("03-1234-567"), "00 81 ..." (00 is not Japan's
 * international prefix, so it is read as a national number and fails validation).
 */
export function normalisePhone(s: string): string | null {
  const cleaned = s.normalize("NFKC").replace(DASHES, "").replace(SPACES, "").replace(/[().]/g, "");
  if (!/^\+?\d+$/.test(cleaned)) return null;
  const parsed = parsePhoneNumberFromString(cleaned, "JP");
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * An email address for display and for matching, or null when it is not an address.
 * `display` keeps the local part as typed (it is case-sensitive in theory) and lower-cases the
 * domain (DNS is case-insensitive); `key` lower-cases everything, for matching.
 *
 * The check is deliberately simple: exactly one "@", a non-empty local part, a domain of at least
 * two non-empty dot-separated labels, no white space. Consecutive or trailing dots in the local part
 * are accepted, because older Japanese mobile carriers issued such addresses ("taro..y.@docomo.ne.jp").
 * Quoted local parts and display-name forms ("Taro <taro@example.jp>") give null.
 */
export function normaliseEmail(s: string): { display: string; key: string } | null {
  const text = normaliseText(s);
  const parts = text.split("@");
  if (parts.length !== 2) return null;
  const [local = "", domain = ""] = parts;
  if (local.length === 0 || /[\s"<>(),;:]/u.test(local)) return null;
  if (!/^[^\s.@"<>(),;:]+(\.[^\s.@"<>(),;:]+)+$/u.test(domain)) return null;
  const display = `${local}@${domain.toLowerCase()}`;
  return { display, key: display.toLowerCase() };
}

/**
 * An order or reservation number as a matching key: NFKC, upper-case, without white space or
 * dash-like characters, so "ord-2017-000123", "ＯＲＤ－２０１７－０００１２３" and
 * "ORD 2017 000123" are one key.
 */
export function normaliseReference(s: string): string {
  return s.normalize("NFKC").toUpperCase().replace(SPACES, "").replace(DASHES, "");
}

/**
 * The last 4 digits of a card as 4 ASCII digits, or null. Every non-digit is dropped first
 * ("**** 1234", "下4桁：１２３４" gives null because the 4 in 下4桁 is a digit too), and exactly 4
 * digits must remain, so a pasted full card number is never accepted as "last 4".
 */
export function normaliseLast4(s: string): string | null {
  const digits = s.normalize("NFKC").replace(/\D/g, "");
  return digits.length === 4 ? digits : null;
}

/**
 * A Japanese postal code as 7 digits, or null. Accepts the 〒 mark, white space and any dash:
 * "〒100-0001", "１００－０００１", "100 0001". Anything else (an address after the code) gives null.
 */
export function normalisePostalCode(s: string): string | null {
  const digits = s.normalize("NFKC").replace(/〒/g, "").replace(SPACES, "").replace(DASHES, "");
  return /^\d{7}$/.test(digits) ? digits : null;
}
