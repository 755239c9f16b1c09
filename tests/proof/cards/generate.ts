/**
 * Generated card data for the card-number proof (tests/proof/card-fuzz.ts): Luhn-valid numbers of
 * the major brands from a seeded random generator (the same seed gives the same numbers), every
 * way people write them down, and security codes in the sentences people put them in.
 *
 * Nothing here is a real card: the numbers pass the Luhn check and carry real brand prefixes, so
 * the product must treat them as card numbers, but they were drawn at random.
 */

/** A small seeded random generator (mulberry32): deterministic, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The Luhn check digit that makes `body` + digit pass the check. */
export function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let value = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether ASCII digits pass the Luhn check (written here again, independent of the product's). */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === digits.slice(-1);
}

export type Brand = {
  name: string;
  length: number;
  /** Issuer prefixes (IIN ranges written out as the prefixes used here). */
  prefixes: string[];
  /** How the brand prints its numbers: group sizes. */
  groups: number[];
};

/** The brands the brief names: Visa, Mastercard, JCB (16), Amex (15), Diners (14), and a 19-digit number. */
export const BRANDS: Brand[] = [
  { name: "visa16", length: 16, prefixes: ["4"], groups: [4, 4, 4, 4] },
  { name: "mastercard16", length: 16, prefixes: ["51", "52", "53", "54", "55", "2221", "2500", "2720"], groups: [4, 4, 4, 4] },
  { name: "jcb16", length: 16, prefixes: ["3528", "3530", "3566", "3589"], groups: [4, 4, 4, 4] },
  { name: "amex15", length: 15, prefixes: ["34", "37"], groups: [4, 6, 5] },
  { name: "diners14", length: 14, prefixes: ["300", "305", "36", "38"], groups: [4, 6, 4] },
  { name: "unionpay19", length: 19, prefixes: ["62"], groups: [4, 4, 4, 4, 3] },
];

export type GeneratedNumber = { digits: string; brand: Brand };

/**
 * Draws card numbers: brand by brand in turn, a prefix, random digits, the Luhn check digit. Never
 * the same number twice. Numbers whose digits are all one repeated group ("4111111111111111") are
 * not drawn: they must be findable one by one in the scan.
 */
export class CardNumberSource {
  private readonly random: () => number;
  private readonly seen = new Set<string>();
  private turn = 0;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  next(): GeneratedNumber {
    const brand = BRANDS[this.turn % BRANDS.length]!;
    this.turn += 1;
    for (;;) {
      const prefix = brand.prefixes[Math.floor(this.random() * brand.prefixes.length)]!;
      let body = prefix;
      while (body.length < brand.length - 1) body += String(Math.floor(this.random() * 10));
      const digits = body + luhnCheckDigit(body);
      if (this.seen.has(digits) || /^(\d)\1+$/.test(digits.slice(1))) continue;
      this.seen.add(digits);
      return { digits, brand };
    }
  }

  /** A security code: 3 digits, or 4 for Amex-style codes, never starting with 0 so it reads as a number. */
  code(length: 3 | 4): string {
    let code = String(1 + Math.floor(this.random() * 9));
    while (code.length < length) code += String(Math.floor(this.random() * 10));
    return code;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Dash characters
// ---------------------------------------------------------------------------------------------

/**
 * Every dash-like character: Unicode's Dash property and Dash_Punctuation category (computed, so
 * nothing is forgotten), plus the characters Japanese text uses as dashes that Unicode files
 * elsewhere: the katakana and half-width prolonged sound marks (ー ｰ), the hyphen bullet ⁃, the
 * soft hyphen, box-drawing lines (an IME's conversion of ー), the wave dash and tildes.
 */
export function dashCharacters(): string[] {
  const found = new Set<string>();
  const unicodeDash = /^[\p{Dash}\p{Pd}]$/u;
  for (let cp = 0; cp <= 0x10ffff; cp += 1) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    if (unicodeDash.test(ch)) found.add(ch);
  }
  for (const ch of ["\u00AD", "\u2043", "\u2500", "\u2501", "\u30FC", "\uFF70", "\uFF5E", "~", "\u301C"]) found.add(ch);
  return [...found].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

export function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------------------------

const FULL_WIDTH_ZERO = 0xff10;

export function fullWidth(digits: string): string {
  return digits.replace(/\d/g, (d) => String.fromCharCode(FULL_WIDTH_ZERO + Number(d)));
}

/** Every other digit full-width: "4１1１…". */
export function mixedWidth(digits: string): string {
  return [...digits].map((d, i) => (i % 2 === 1 ? fullWidth(d) : d)).join("");
}

export function groupsOf(digits: string, sizes: readonly number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) out.push(digits.slice(at));
  return out.filter((g) => g.length > 0);
}

export type Format = {
  /** Short stable name, shown in the report ("dash U+2010", "full-width", "line break \\r\\n"). */
  name: string;
  /** The number as written, from ASCII digits and the brand's grouping. */
  render: (digits: string, groups: readonly number[]) => string;
  /** Whether the written form can sit inside an email address's local part (no spaces, no line breaks). */
  emailSafe: boolean;
};

/** Splits the number after `at` digits with `breakWith`, the halves written with `join` between groups. */
function splitAcrossLines(
  digits: string,
  groups: readonly number[],
  breakWith: string,
  join: string,
  atGroupBoundary: boolean,
): string {
  if (!atGroupBoundary) {
    const at = Math.floor(digits.length / 2) - 1;
    return digits.slice(0, at) + breakWith + digits.slice(at);
  }
  const parts = groupsOf(digits, groups);
  const half = Math.ceil(parts.length / 2);
  return parts.slice(0, half).join(join) + breakWith + parts.slice(half).join(join);
}

/**
 * Every way the fuzz writes a number: plain; spaced in the brand's groups (ASCII space, U+3000, NBSP,
 * tab, " - "); dashed with every dash character; full-width digits (plain, with ー, U+FF0D or
 * U+3000 between groups); mixed full/half width; dots (. ． ・ ･, which the redactor claims);
 * split across a line break (\n, \r\n, U+2028; at a group boundary and mid-group); glued to an
 * expiry date. Slashes are not in the list: the redactor does not claim them (docs/card-data.md).
 */
export function allFormats(): Format[] {
  const grouped = (sep: string) => (digits: string, groups: readonly number[]) => groupsOf(digits, groups).join(sep);
  const formats: Format[] = [
    { name: "plain", render: (d) => d, emailSafe: true },
    { name: "spaced", render: grouped(" "), emailSafe: false },
    { name: "spaced U+3000", render: grouped("\u3000"), emailSafe: false },
    { name: "spaced NBSP", render: grouped("\u00A0"), emailSafe: false },
    { name: "tab", render: grouped("\t"), emailSafe: false },
    { name: "spaced dash", render: grouped(" - "), emailSafe: false },
  ];
  for (const dash of dashCharacters()) {
    formats.push({ name: `dash ${codePointName(dash)}`, render: grouped(dash), emailSafe: dash === "-" || dash === "~" });
  }
  formats.push(
    { name: "full-width", render: (d) => fullWidth(d), emailSafe: true },
    { name: "full-width U+FF0D", render: (d, g) => groupsOf(fullWidth(d), g).join("\uFF0D"), emailSafe: false },
    { name: "full-width ー", render: (d, g) => groupsOf(fullWidth(d), g).join("ー"), emailSafe: false },
    { name: "full-width U+3000", render: (d, g) => groupsOf(fullWidth(d), g).join("\u3000"), emailSafe: false },
    { name: "mixed width", render: (d) => mixedWidth(d), emailSafe: true },
    { name: "mixed width spaced", render: (d, g) => groupsOf(mixedWidth(d), g).join(" "), emailSafe: false },
    { name: "dots", render: grouped("."), emailSafe: true },
    { name: "dots U+FF0E", render: grouped("\uFF0E"), emailSafe: false },
    { name: "dots U+30FB", render: grouped("\u30FB"), emailSafe: false },
    { name: "dots U+FF65", render: grouped("\uFF65"), emailSafe: false },
    { name: "line break \\n", render: (d, g) => splitAcrossLines(d, g, "\n", " ", true), emailSafe: false },
    { name: "line break \\r\\n", render: (d, g) => splitAcrossLines(d, g, "\r\n", " ", true), emailSafe: false },
    { name: "line break \\n mid-group", render: (d, g) => splitAcrossLines(d, g, "\n", "", false), emailSafe: false },
    { name: "line break \\r\\n mid-group", render: (d, g) => splitAcrossLines(d, g, "\r\n", "", false), emailSafe: false },
    { name: "line break U+2028", render: (d, g) => splitAcrossLines(d, g, "\u2028", "-", true), emailSafe: false },
    {
      name: "full-width line break",
      render: (d, g) => splitAcrossLines(fullWidth(d), g, "\n", "\u3000", true),
      emailSafe: false,
    },
    { name: "glued to expiry", render: (d) => `${d}1229`, emailSafe: true },
  );
  return formats;
}

// ---------------------------------------------------------------------------------------------
// Security codes in context
// ---------------------------------------------------------------------------------------------

/**
 * Sentences that carry a security code, as agents and customers write them. `{code}` is replaced
 * by the code (ASCII, or full-width where the template says so).
 */
export const SECURITY_CODE_TEMPLATES: { text: string; length: 3 | 4; fullWidth?: boolean }[] = [
  { text: "セキュリティコード {code}", length: 3 },
  { text: "セキュリティコードは{code}です", length: 3 },
  { text: "セキュリティーコード：{code}", length: 3, fullWidth: true },
  { text: "ｾｷｭﾘﾃｨｺｰﾄﾞ {code}", length: 3 },
  { text: "CVV: {code}", length: 4 },
  { text: "cvv2 {code}", length: 3 },
  { text: "CVC２ {code}", length: 3, fullWidth: true },
  { text: "ＣＶＣ {code}", length: 3 },
  { text: "CID {code}", length: 4 },
  { text: "security code {code}", length: 3 },
  { text: "裏面の3桁は{code}", length: 3 },
  { text: "カード確認番号 {code}", length: 3 },
  { text: "{code} (CVV)", length: 3 },
  { text: "確認コード{code}", length: 4, fullWidth: true },
];

export type CodeContext = { text: string; code: string; template: string };

export function securityCodeContext(source: CardNumberSource, index: number): CodeContext {
  const template = SECURITY_CODE_TEMPLATES[index % SECURITY_CODE_TEMPLATES.length]!;
  const code = source.code(template.length);
  const written = template.fullWidth ? fullWidth(code) : code;
  return { text: template.text.replace("{code}", written), code, template: template.text };
}
