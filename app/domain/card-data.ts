/**
 * Detecting card data so that it is never stored. PCI DSS 3.3.1.2 forbids keeping a security code
 * after authorisation anywhere, 3.4.1 allows showing at most the first 6 / last 4 digits of a card
 * number. Agents and customers paste card numbers into notes and forms anyway (the desk never asks
 * for them), so every free-text field goes through these finders before it is stored.
 *
 * Positions are UTF-16 code-unit offsets into the ORIGINAL text, `start` inclusive and `end`
 * exclusive, as `text.slice(start, end)` expects.
 */
import { DASH_CHARACTERS, isDashCharacter, normaliseText, removeDashes } from "./normalise";

/** A card number found in free text; `digits` are ASCII. */
export type CardNumberMatch = { start: number; end: number; digits: string };
/** A security code found in free text. */
export type SecurityCodeMatch = { start: number; end: number };

const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;

/**
 * The Luhn (mod 10) check every payment card number passes. Takes ASCII digits only; anything
 * else, or an empty string, is not valid.
 */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let value = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
  }
  return sum % 10 === 0;
}

/**
 * Whether ASCII `digits` could be a payment card number: 13-19 digits, Luhn-valid, and not starting
 * with 0. No card number starts with 0 (ISO/IEC 7812 major industry identifier 0 is not issued to
 * cards), while every Japanese phone number in national format does, and so do many zero-padded
 * order numbers: this rule removes the most common false positives at no risk.
 */
export function isCardNumberDigits(digits: string): boolean {
  return digits.length >= MIN_CARD_DIGITS && digits.length <= MAX_CARD_DIGITS && !digits.startsWith("0") && isLuhnValid(digits);
}

/** The ASCII digit for an ASCII or full-width digit at `index`, or null. */
function digitAt(text: string, index: number): string | null {
  const code = text.charCodeAt(index);
  if (code >= 0x30 && code <= 0x39) return String.fromCharCode(code);
  if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xff10 + 0x30);
  return null;
}

/**
 * Characters that may split a card number: white space, dots (ASCII, full-width, ・), and every
 * dash: the normalisation list ({@link DASH_CHARACTERS}) plus whatever Unicode marks as a dash
 * (the Dash property and the Dash_Punctuation category: ֊ ־ ᐀ ᠆ ⁻ ₋ ⸗ ⸚ ⹀ ゠ 𐺭 ...), so a number
 * written with a rare hyphen is still found.
 */
const SEPARATOR = new RegExp(`^[${DASH_CHARACTERS}\\p{Dash}\\p{Pd}\\s.\\uFF0E\\u30FB\\uFF65]$`, "u");
const LINE_BREAK = /^[\n\r\u0085\u2028\u2029]$/u;
/** At most this many separator characters between two digit groups, not counting one line break. */
const MAX_GAP_CHARACTERS = 4;

type DigitGroup = { start: number; end: number; digits: string };

/** Maximal runs of consecutive digits. */
function findDigitGroups(text: string): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let current: DigitGroup | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const digit = digitAt(text, i);
    if (digit === null) {
      current = null;
    } else if (current === null) {
      current = { start: i, end: i + 1, digits: digit };
      groups.push(current);
    } else {
      current.end = i + 1;
      current.digits += digit;
    }
  }
  return groups;
}

/**
 * Whether the text between two digit groups can split a card number: only separators, at most one
 * line break ("\r\n" counts as one) and at most {@link MAX_GAP_CHARACTERS} other characters, so
 * "4111 1111", "4111 - 1111" and "4111 1111\n1111 1111" join but two numbers on separate
 * paragraphs do not.
 */
function isCardGap(gap: string): boolean {
  let lineBreaks = 0;
  let others = 0;
  let previous = "";
  // By code point: a few dashes lie outside the BMP (U+10EAD).
  for (const ch of gap) {
    if (!SEPARATOR.test(ch)) return false;
    if (LINE_BREAK.test(ch)) {
      if (!(ch === "\n" && previous === "\r")) lineBreaks += 1;
    } else {
      others += 1;
    }
    previous = ch;
  }
  return lineBreaks <= 1 && others <= MAX_GAP_CHARACTERS;
}

/** Digit groups joined by card gaps. */
function chainDigitGroups(text: string, groups: DigitGroup[]): DigitGroup[][] {
  const chains: DigitGroup[][] = [];
  let chain: DigitGroup[] = [];
  for (const group of groups) {
    const previous = chain[chain.length - 1];
    if (previous && !isCardGap(text.slice(previous.end, group.start))) {
      chains.push(chain);
      chain = [];
    }
    chain.push(group);
  }
  if (chain.length > 0) chains.push(chain);
  return chains;
}

/** Candidate card numbers in one chain; they may overlap. */
function findCardCandidates(chain: DigitGroup[]): CardNumberMatch[] {
  const candidates: CardNumberMatch[] = [];
  // Whole groups: any run of consecutive groups with 13-19 digits in all.
  chain.forEach((first, i) => {
    let digits = "";
    for (let j = i; j < chain.length; j += 1) {
      const group = chain[j] as DigitGroup;
      digits += group.digits;
      if (digits.length > MAX_CARD_DIGITS) break;
      if (isCardNumberDigits(digits)) candidates.push({ start: first.start, end: group.end, digits });
    }
  });
  for (const group of chain) {
    if (group.digits.length > MAX_CARD_DIGITS) candidates.push(...findCardsInLongGroup(group));
    else if (!isCardNumberDigits(group.digits)) candidates.push(...findCardGluedToExpiry(group));
  }
  return candidates;
}

/** Whether 4 digits can be an expiry date, MMYY or YYMM (a month 01-12 at either end). */
function looksLikeExpiry(digits: string): boolean {
  const month = (mm: string) => Number(mm) >= 1 && Number(mm) <= 12;
  return month(digits.slice(0, 2)) || month(digits.slice(2));
}

/**
 * An unbroken run of 17-19 digits that is not a card number itself but a 13-15 digit card number
 * with its expiry date glued on, before or after ("378282246310005" + "1229" is 19 digits, as
 * long as a card number): the whole run is one match, so neither the card nor a stray digit stays.
 * Longer runs are handled by {@link findCardsInLongGroup}.
 */
function findCardGluedToExpiry(group: DigitGroup): CardNumberMatch[] {
  const n = group.digits.length;
  if (n < MIN_CARD_DIGITS + 4) return [];
  const head = group.digits.slice(0, n - 4);
  const tail = group.digits.slice(4);
  if (isCardNumberDigits(head) && looksLikeExpiry(group.digits.slice(n - 4)))
    return [{ start: group.start, end: group.end, digits: head }];
  if (isCardNumberDigits(tail) && looksLikeExpiry(group.digits.slice(0, 4)))
    return [{ start: group.start, end: group.end, digits: tail }];
  return [];
}

/**
 * An unbroken run of more than 19 digits cannot be one card number, but may be one glued to
 * something else (card number and expiry "41111111111111111225"): its 13-19 digit prefixes and
 * suffixes are checked. When any passes, the whole run is covered (each leftover digit joins the
 * card before it, or the first card), so that nothing is left that could turn into a card number
 * or a security code once the card is cut out: redacting twice then changes nothing.
 */
function findCardsInLongGroup(group: DigitGroup): CardNumberMatch[] {
  const length = group.digits.length;
  const found: CardNumberMatch[] = [];
  for (let size = MIN_CARD_DIGITS; size <= MAX_CARD_DIGITS; size += 1) {
    const prefix = group.digits.slice(0, size);
    const suffix = group.digits.slice(length - size);
    if (isCardNumberDigits(prefix)) found.push({ start: group.start, end: group.start + size, digits: prefix });
    if (isCardNumberDigits(suffix)) found.push({ start: group.end - size, end: group.end, digits: suffix });
  }
  const merged = mergeCandidates(found);
  return merged.map((match, i) => ({
    start: i === 0 ? group.start : match.start,
    end: merged[i + 1]?.start ?? group.end,
    digits: match.digits,
  }));
}

/**
 * Overlapping candidates merged into one match, sorted by start. A merged match reports the
 * digits of its longest candidate (the leftmost on a tie), so its last 4 are those of a card.
 */
function mergeCandidates(candidates: CardNumberMatch[]): CardNumberMatch[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: CardNumberMatch[] = [];
  for (const candidate of sorted) {
    const last = merged[merged.length - 1];
    if (last && candidate.start < last.end) {
      last.end = Math.max(last.end, candidate.end);
      if (candidate.digits.length > last.digits.length) last.digits = candidate.digits;
    } else {
      merged.push({ ...candidate });
    }
  }
  return merged;
}

/**
 * Card numbers in free text: runs of 13-19 digits (ASCII or full-width) that pass the Luhn check and
 * do not start with 0, also when split into groups by white space (incl. U+3000), any dash-like
 * character, dots, or a single line break: "4111-1111-1111-1111", "４１１１－１１１１－…",
 * "3782 822463 10005", "4111 1111\n1111 1111". `digits` are the card's digits in ASCII.
 *
 * A run of digit groups that is longer than one card number (a phone number and a card number
 * separated by one space) is searched for card numbers aligned to the groups: every run of whole
 * consecutive groups with 13-19 digits is checked; an unbroken run of more than 19 digits is
 * handled by {@link findCardsInLongGroup}. Every candidate that passes is flagged and overlapping
 * candidates are merged into one match. This is deliberately conservative: about one in ten
 * random 13-19 digit sequences passes Luhn, so two dates or an order number next to another
 * number may be flagged now and then; a redacted order number costs an agent a question, a stored
 * card number is a breach. Runs of 13-19 digits that fail Luhn, or start with 0 (phone numbers,
 * zero-padded order numbers) are left alone, and a group of digits is never split in two except
 * inside an unbroken run of more than 19 digits, or a run of 17-19 digits that is a card number
 * with an expiry date glued to it ({@link findCardGluedToExpiry}).
 */
export function findCardNumbers(text: string): CardNumberMatch[] {
  return mergeCandidates(chainDigitGroups(text, findDigitGroups(text)).flatMap(findCardCandidates));
}

/**
 * `text` with full-width ASCII folded to ASCII, U+3000 to a space and A-Z to a-z, one code unit for
 * one code unit, so that positions in the folded text are positions in the original.
 */
function foldText(text: string): string {
  let folded = "";
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) folded += String.fromCharCode(code - 0xfee0).toLowerCase();
    else if (code === 0x3000) folded += " ";
    else if (code >= 0x41 && code <= 0x5a) folded += String.fromCharCode(code + 0x20);
    else folded += text.charAt(i);
  }
  return folded;
}

/**
 * Words that announce a security code (or a PIN), matched in folded text. Latin words must not be
 * part of a longer word ("acid" is not CID). PIN / 暗証番号 are not in the brief; they are here
 * because PCI DSS 3.3.1.3 forbids storing a PIN just the same.
 */
const SECURITY_CODE_KEYWORDS = new RegExp(
  [
    "(?<![a-z])(?:cvv2|cvc2|cvn2|cav2|cvv|cvc|cvn|cid|csc|pin|security\\s*(?:code|number)|card\\s*(?:verification|security)\\s*(?:value|code|number))(?![a-z])",
    "セキュリティ[ー・ ]?(?:コード|番号)",
    "ｾｷｭﾘﾃｨ[ｰ･ ]?ｺｰﾄﾞ",
    "確認コード",
    "カード確認番号",
    "暗証番号",
    "裏(?:面|側)?の?(?:[34三四]桁(?:の(?:番号|数字|コード))?|番号|数字|コード)",
  ].join("|"),
  "gu",
);
/** A code may start at most this many characters after the end of a keyword. */
const CODE_AFTER_KEYWORD = 10;
/** A code may end at most this many characters before the start of a keyword ("123 (CVV)"). */
const CODE_BEFORE_KEYWORD = 5;

/**
 * Security codes in free text: whole runs of 3 or 4 digits (ASCII or full-width) that start within
 * 10 characters after a keyword or end within 5 characters before one. Keywords (any case, full- or
 * half-width): セキュリティコード, セキュリティーコード, ｾｷｭﾘﾃｨｺｰﾄﾞ, セキュリティ番号, 確認コード,
 * カード確認番号, 裏面の3桁 / 裏の番号 / 裏面の数字, CVV, CVV2, CVC, CVC2, CID, CVN, CSC, CAV2,
 * "security code", "card verification value", and PIN / 暗証番号. "CVV: 123",
 * "セキュリティコードは１２３です" and "123 (CVV)" are all found. Every 3-4 digit run in the window
 * is flagged (an expiry "1225" next to "CVV" too): better a redacted expiry than a stored code.
 */
export function findSecurityCodes(text: string): SecurityCodeMatch[] {
  const folded = foldText(text);
  const keywords = [...folded.matchAll(SECURITY_CODE_KEYWORDS)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  if (keywords.length === 0) return [];
  const codes: SecurityCodeMatch[] = [];
  // Keywords do not overlap, so their starts and ends both increase: two pointers suffice.
  let endedBefore = 0; // keywords that end at or before the run's start
  let startedBefore = 0; // keywords that start before the run's end
  for (const run of folded.matchAll(/\d+/g)) {
    const start = run.index;
    const end = start + run[0].length;
    while (endedBefore < keywords.length && (keywords[endedBefore]?.end ?? Infinity) <= start) endedBefore += 1;
    while (startedBefore < keywords.length && (keywords[startedBefore]?.start ?? Infinity) < end) startedBefore += 1;
    if (run[0].length < 3 || run[0].length > 4) continue;
    const previous = keywords[endedBefore - 1];
    const next = keywords[startedBefore];
    if (
      (previous !== undefined && start - previous.end <= CODE_AFTER_KEYWORD) ||
      (next !== undefined && next.start - end <= CODE_BEFORE_KEYWORD)
    ) {
      codes.push({ start, end });
    }
  }
  return codes;
}

/**
 * A CSV header as one lower-case string without white space, punctuation or dashes, except the
 * long-vowel mark, which is part of words (カード, セキュリティー).
 */
function compactHeader(header: string): string {
  return Array.from(
    normaliseText(header)
      .toLowerCase()
      .replace(/[\s_.,/\\:#()[\]{}'"]/gu, ""),
  )
    .filter((ch) => ch === "ー" || !isDashCharacter(ch))
    .join("");
}

/** A CSV header split into lower-case latin words: "cardCVV2" and "card_cvv2" give card, cvv2. */
function headerWords(header: string): string[] {
  return normaliseText(header)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

const SECURITY_CODE_WORDS = new Set(["cvv", "cvv2", "cvc", "cvc2", "cvn", "cvn2", "cid", "csc", "cav2", "cvd", "pin"]);
const SECURITY_CODE_HEADER =
  /securitycode|securitynumber|cardverification|cardsecurity|セキュリティー?コード|セキュリティ番号|カード確認番号|カード確認コード|確認コード|暗証番号/u;

/**
 * Whether a CSV column header names a security code column (cvv, CVC2, security_code,
 * SecurityCode, セキュリティコード, カード確認番号, card_pin...): NFKC, any case, any punctuation.
 * Short codes (cid, cvv) must be whole words, so "incident_id" is not a CID column.
 */
export function isSecurityCodeHeader(header: string): boolean {
  return headerWords(header).some((word) => SECURITY_CODE_WORDS.has(word)) || SECURITY_CODE_HEADER.test(compactHeader(header));
}

const CARD_NUMBER_HEADER =
  /(?:credit)?card(?:number|no|num|nr)|creditcard$|^cc(?:number|num|no|n)$|primaryaccountnumber|カード番号|カードナンバー|カードno|クレジット番号|クレジットカード$/u;
/** Columns about a card that do not hold the full number: last 4, brand, expiry, masked, hash... */
const NOT_CARD_NUMBER_HEADER =
  /last|下[0-9一二三四]|下桁|末尾|first|先頭|上[0-9一二三四六]|bin|iin|brand|ブランド|type|種類|種別|expir|有効期限|期限|mask|マスク|hash|ハッシュ|token|トークン|holder|名義|issuer|発行|length|桁数/u;

/**
 * Whether a CSV column header names a full card number column (card_number, cardNo, PAN,
 * カード番号, クレジットカード番号), but not a column about the card that holds something allowed
 * (card_last4, カード下4桁, card_brand, card_expiry, masked_card_number, card_number_hash).
 */
export function isCardNumberHeader(header: string): boolean {
  const compact = compactHeader(header);
  if (NOT_CARD_NUMBER_HEADER.test(compact)) return false;
  return CARD_NUMBER_HEADER.test(compact) || headerWords(header).includes("pan");
}

/**
 * Whether a CSV column holds card numbers: true when any cell, after NFKC and removing white
 * space, dashes and dots, is 13-19 digits that pass {@link isCardNumberDigits}. One cell is enough:
 * a column with one card number in it must not be imported as it is.
 */
export function columnHoldsCardNumbers(values: string[]): boolean {
  return values.some((value) => {
    const digits = removeDashes(value.normalize("NFKC")).replace(/[\s.]/gu, "");
    return /^\d+$/.test(digits) && isCardNumberDigits(digits);
  });
}
