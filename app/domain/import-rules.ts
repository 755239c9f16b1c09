/**
 * Rules for importing an affected-customer list from a CSV file (the forensic report or the
 * shop's database export). Pure: no I/O. The streaming, the database and the files live in
 * app/models/import.server.ts.
 *
 * - which text encoding a file is in (UTF-8 with or without BOM, Shift_JIS/CP932 as Japanese
 *   Excel writes it, UTF-16LE as Excel's "Unicode text" writes it);
 * - which field a column holds, guessed from its Japanese or English header;
 * - transaction dates in the formats shops export, with times without a zone read as JST;
 * - refusal of files that hold card numbers or security codes;
 * - the validation of one row (zod), giving reason codes that never hold a raw value.
 */
import { z } from "zod";
import {
  columnHoldsCardNumbers,
  findCardNumbers,
  findSecurityCodes,
  isCardNumberHeader,
  isSecurityCodeHeader,
} from "./card-data";
import { DASH_CHARACTERS, normaliseEmail, normaliseLast4, normalisePhone, normalisePostalCode, normaliseText } from "./normalise";

// ---------------------------------------------------------------------------------------
// Fields and mappings
// ---------------------------------------------------------------------------------------

/** The fields a column can be imported into, in the order the mapping form shows them. */
export const IMPORT_FIELDS = [
  "nameKanji",
  "nameKana",
  "email",
  "phone",
  "postalCode",
  "reference",
  "transactionAt",
  "cardBrand",
  "cardLast4",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** A column's target: a field, or "ignore" (the column is read, checked for card data, and not stored). */
export type ColumnTarget = ImportField | "ignore";
export const COLUMN_TARGETS = [...IMPORT_FIELDS, "ignore"] as const satisfies readonly ColumnTarget[];

export function isColumnTarget(value: unknown): value is ColumnTarget {
  return typeof value === "string" && (COLUMN_TARGETS as readonly string[]).includes(value);
}

/** Row errors stored per job; beyond this only the count grows. */
export const MAX_STORED_ROW_ERRORS = 10_000;
/** Records read from the start of a file to check its columns for card numbers, and for the preview. */
export const SAMPLE_ROWS = 1_000;
/** Rows shown in the preview. */
export const PREVIEW_ROWS = 10;

/** Fields that identify a person; a row needs at least one, a mapping must map at least one. */
export const IDENTITY_FIELDS = ["nameKanji", "nameKana", "email", "phone", "reference"] as const satisfies readonly ImportField[];
/** Fields that may take several columns, joined with a space in column order (姓 + 名, セイ + メイ). */
export const MULTI_COLUMN_FIELDS = ["nameKanji", "nameKana"] as const satisfies readonly ImportField[];

/**
 * Column names made unique and never empty, so a mapping can be keyed by name: an empty header
 * becomes "#3" (its 1-based position), a repeated one gets " #2", " #3"... appended.
 */
export function uniqueHeaders(headers: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((raw, i) => {
    const base = raw.trim() === "" ? `#${i + 1}` : raw.trim();
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} #${count}`;
  });
}

/** A header in one comparable form: NFKC, lower case, without white space, punctuation or brackets. */
function compactHeader(header: string): string {
  return normaliseText(header)
    .toLowerCase()
    .replace(/[\s_.,/\\:#()[\]{}'"・「」【】]/gu, "")
    .replace(new RegExp(`[${DASH_CHARACTERS}]`, "gu"), (ch) => (ch === "ー" ? ch : ""));
}

/**
 * Header patterns, first match wins, tested on {@link compactHeader}. Order matters: "カード下4桁"
 * is the last 4 before anything else, kana before kanji names (氏名カナ), dates before
 * references (注文日時 and reservation_date are dates, 注文番号 and reservation_no references).
 */
const HEADER_RULES: readonly (readonly [ImportField, RegExp])[] = [
  ["cardLast4", /下[4４四]桁|下[4４四]ケタ|末尾[4４四]桁|^last4|last4$|lastfour|last4digits|cardlast|^下[4４四]$/u],
  ["cardBrand", /ブランド|brand|カード会社|カード種別|カード種類|カードの種類|^cardtype$|^cardcompany$/u],
  ["nameKana", /カナ|かな|フリガナ|ふりがな|^セイ$|^メイ$|^せい$|^めい$|セイメイ|kana|furigana|^reading$|^yomi$|^ヨミ$/u],
  ["email", /mail|メール|メアド/u],
  ["postalCode", /郵便番号|^〒|^zip|postal|postcode/u],
  ["phone", /電話|^tel$|^tel(no|number)$|telephone|phone|携帯|^mobile/u],
  [
    "transactionAt",
    /日時|日付|^.*[^生年月]日$|^(order|purchase|transaction|payment|paid|created|ordered|purchased|booking|reservation)?(date|datetime|time|at|on)$|^date/u,
  ],
  [
    "reference",
    /注文番号|注文no|注文id|受注番号|受注no|受注id|予約番号|予約no|予約id|オーダー番号|オーダーno|オーダーid|申込番号|伝票番号|管理番号|order(no|number|id|num|ref)?$|reservation|booking|^ref(no|erence|number)?$|invoice/u,
  ],
  [
    "nameKanji",
    /氏名|名前|^姓$|^名$|^姓名$|者名$|様名$|会員名|宛名|^(full|customer|buyer|member|client)?name$|^name(kanji)?$|^kanjiname$|^(last|first|family|given|sur)name$/u,
  ],
];

/** The field a header most likely names, or "ignore". Card-number and security-code headers are never guessed. */
export function guessField(header: string): ColumnTarget {
  if (isCardNumberHeader(header) || isSecurityCodeHeader(header)) return "ignore";
  const compact = compactHeader(header);
  if (compact === "" || /生年月日|birth|誕生/u.test(compact)) return "ignore";
  for (const [field, pattern] of HEADER_RULES) if (pattern.test(compact)) return field;
  return "ignore";
}

/**
 * A proposed mapping for the file's headers: one target per column. A field that takes one
 * column goes to the first column that looks like it; later look-alikes are ignored.
 */
export function proposeMapping(headers: readonly string[]): ColumnTarget[] {
  const used = new Set<ColumnTarget>();
  return headers.map((header) => {
    const field = guessField(header);
    if (field === "ignore") return field;
    if (used.has(field) && !(MULTI_COLUMN_FIELDS as readonly string[]).includes(field)) return "ignore";
    used.add(field);
    return field;
  });
}

export type MappingProblem = { code: "no_identity_field" } | { code: "duplicate_field"; field: ImportField };

/** What is wrong with a mapping, or null: at least one identity field, single fields at most once. */
export function checkMapping(targets: readonly ColumnTarget[]): MappingProblem | null {
  const counts = new Map<ColumnTarget, number>();
  for (const t of targets) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const field of IMPORT_FIELDS) {
    if ((counts.get(field) ?? 0) > 1 && !(MULTI_COLUMN_FIELDS as readonly string[]).includes(field))
      return { code: "duplicate_field", field };
  }
  if (!IDENTITY_FIELDS.some((f) => counts.has(f))) return { code: "no_identity_field" };
  return null;
}

/** A mapping as stored in ImportJob.mapping: {column name: target}, for the names of {@link uniqueHeaders}. */
export type StoredMapping = Record<string, ColumnTarget>;

export function toStoredMapping(headers: readonly string[], targets: readonly ColumnTarget[]): StoredMapping {
  return Object.fromEntries(headers.map((h, i) => [h, targets[i] ?? "ignore"]));
}

/** Targets per column from a stored mapping; columns it does not name are ignored. */
export function fromStoredMapping(headers: readonly string[], mapping: StoredMapping): ColumnTarget[] {
  return headers.map((h) => mapping[h] ?? "ignore");
}

export const StoredMappingSchema = z.record(z.string(), z.enum(COLUMN_TARGETS));

/**
 * A mapping given on the command line, "col=field,col2=field": column names (as in the header,
 * after {@link uniqueHeaders}) or 1-based positions "#3". Columns it does not name keep the
 * proposed target. Returns the targets, or the first problem.
 */
export function parseMappingArgument(
  argument: string,
  headers: readonly string[],
  proposed: readonly ColumnTarget[],
): { ok: true; targets: ColumnTarget[] } | { ok: false; problem: string } {
  const targets = [...proposed];
  for (const pair of argument
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = pair.lastIndexOf("=");
    if (eq <= 0) return { ok: false, problem: `"${pair}" is not column=field` };
    const column = pair.slice(0, eq).trim();
    const field = pair.slice(eq + 1).trim();
    if (!isColumnTarget(field)) return { ok: false, problem: `"${field}" is not one of ${COLUMN_TARGETS.join(", ")}` };
    let index = headers.indexOf(column);
    const position = /^#(\d+)$/.exec(column);
    if (index < 0 && position) index = Number(position[1]) - 1;
    if (index < 0 || index >= headers.length)
      return { ok: false, problem: `no column "${column}" (columns: ${headers.join(", ")})` };
    targets[index] = field;
  }
  return { ok: true, targets };
}

// ---------------------------------------------------------------------------------------
// Encodings and delimiters
// ---------------------------------------------------------------------------------------

export const IMPORT_ENCODINGS = ["utf-8", "cp932", "utf-16le"] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];
/** How many bytes from the start of a file {@link sniffEncoding} looks at. */
export const SNIFF_BYTES = 64 * 1024;

export function isImportEncoding(value: unknown): value is ImportEncoding {
  return typeof value === "string" && (IMPORT_ENCODINGS as readonly string[]).includes(value);
}

/**
 * The encoding of a file from its first bytes (up to {@link SNIFF_BYTES}): a UTF-8 BOM gives
 * UTF-8, a UTF-16LE BOM (FF FE) UTF-16LE; otherwise strict UTF-8 decoding decides: bytes that
 * are valid UTF-8 are UTF-8 (plain ASCII too), anything else is taken as CP932 (Shift_JIS as
 * Windows and Excel write it). `complete` says `head` is the whole file: a multi-byte
 * character cut off at the end of a partial head is not an error, at the end of the file it is.
 */
export function sniffEncoding(head: Uint8Array, { complete = false } = {}): { encoding: ImportEncoding; bom: boolean } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf-8", bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", bom: true };
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: !complete });
    return { encoding: "utf-8", bom: false };
  } catch {
    return { encoding: "cp932", bom: false };
  }
}

/** The field delimiter from the first line of decoded text: comma, tab or semicolon, whichever appears most (comma on a tie). */
export function sniffDelimiter(firstLine: string): "," | "\t" | ";" {
  let best: "," | "\t" | ";" = ",";
  let bestCount = 0;
  for (const candidate of [",", "\t", ";"] as const) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === candidate) count += 1;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------
// Transaction dates
// ---------------------------------------------------------------------------------------

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const JST_OFFSET_MINUTES = 9 * 60;
/** Excel's serial day 25569 is 1970-01-01 (1900 date system). */
const EXCEL_EPOCH_SERIAL = 25569;
const MIN_YEAR = 1970;
const MAX_YEAR = 2099;

const ERAS: Record<string, number> = { 令和: 2018, 平成: 1988, 昭和: 1925 };

const ISO_LIKE =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const JAPANESE =
  /^(\d{4}|(?:令和|平成|昭和)(?:\d{1,2}|元))年(\d{1,2})月(\d{1,2})日(?:\s*\([^)]*\))?(?:\s*(\d{1,2})(?:時|:)(\d{1,2})(?:分)?(?:(\d{1,2})(?:秒)?)?)?$/u;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:[T\s]?(\d{2})(\d{2})(\d{2})?)?$/;
const EXCEL_SERIAL = /^(\d{5})(?:\.(\d+))?$/;

function instant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number,
): Date | null {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return new Date(utc - offsetMinutes * 60_000);
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone) return JST_OFFSET_MINUTES;
  if (zone.toUpperCase() === "Z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

/**
 * A transaction date and time from a CSV cell, or null when it is not one. Accepted (after
 * NFKC, so full-width digits work too):
 * - "2017/08/05 14:03", "2017-08-05 14:03:09", "2017.8.5", "2017-08-05" (date only: 00:00);
 * - ISO 8601 with a zone: "2017-08-05T14:03:00+09:00", "2017-08-05T05:03:00Z";
 * - "2017年8月5日 14時03分", "2017年8月5日(土) 14:03", "平成29年8月5日", "令和元年5月1日";
 * - "20170805", "20170805140300";
 * - an Excel serial day number with a fraction for the time of day: "42952.5840277778".
 * Times without a zone, and Excel serials, are Japan time (JST, UTC+09:00, no daylight saving),
 * whatever the server's time zone, so 23:59 on a window's last day stays on that day.
 * Years outside 1970-2099, impossible dates (2017-02-30) and times (24:00) give null.
 */
export function parseTransactionAt(value: string): Date | null {
  const text = normaliseText(value);
  if (text === "") return null;
  let m = ISO_LIKE.exec(text);
  if (m) {
    const fraction = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
    return instant(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      fraction,
      zoneOffsetMinutes(m[8]),
    );
  }
  m = JAPANESE.exec(text);
  if (m) {
    const yearText = m[1]!;
    const era = Object.keys(ERAS).find((e) => yearText.startsWith(e));
    const year = era ? ERAS[era]! + (yearText.endsWith("元") ? 1 : Number(yearText.slice(era.length))) : Number(yearText);
    return instant(
      year,
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      0,
      JST_OFFSET_MINUTES,
    );
  }
  m = COMPACT.exec(text);
  if (m)
    return instant(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      0,
      JST_OFFSET_MINUTES,
    );
  m = EXCEL_SERIAL.exec(text);
  if (m) {
    const serial = Number(text);
    // Wall-clock JST: serial days since 1970-01-01, rounded to the second, minus 9 hours.
    const wallMs = Math.round(((serial - EXCEL_EPOCH_SERIAL) * DAY_MS) / 1000) * 1000;
    const year = new Date(wallMs).getUTCFullYear();
    if (year < MIN_YEAR || year > MAX_YEAR) return null;
    return new Date(wallMs - 9 * HOUR_MS);
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Card data refusal
// ---------------------------------------------------------------------------------------

/** Why a file is refused before anything is stored. `column` names the column (its header, or "#n"). */
export type ColumnRefusal = {
  code: "card_number_header" | "security_code_header" | "card_number_values" | "card_number_in_header";
  column: string;
};

/** Digits (ASCII or full-width) in a string; fewer than 13 cannot make a card number. */
function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)) n += 1;
  }
  return n;
}

/**
 * Whether one cell holds a card number: the whole cell is 13-19 digits passing Luhn once spaces,
 * dashes and dots are removed ({@link columnHoldsCardNumbers}), or a card number appears inside
 * the text ({@link findCardNumbers}: "カード 4111-1111-1111-1111 で決済").
 */
export function cellHoldsCardNumber(cell: string): boolean {
  if (countDigits(cell) < 13) return false;
  return columnHoldsCardNumbers([cell]) || findCardNumbers(cell).length > 0;
}

/**
 * The first reason to refuse a file, from its header row and a sample of its first rows, or
 * null: a card-number header, a security-code header, a header that itself holds a card number
 * (a file without a header row: the column is then named by position only, never by its text),
 * or a column whose sampled values hold a card number.
 */
export function findRefusedColumn(headers: readonly string[], sample: readonly (readonly string[])[]): ColumnRefusal | null {
  for (const [i, header] of headers.entries()) {
    if (cellHoldsCardNumber(header)) return { code: "card_number_in_header", column: `#${i + 1}` };
  }
  for (const header of headers) {
    if (isCardNumberHeader(header)) return { code: "card_number_header", column: header };
    if (isSecurityCodeHeader(header)) return { code: "security_code_header", column: header };
  }
  const width = Math.max(headers.length, ...sample.map((r) => r.length));
  for (let i = 0; i < width; i += 1) {
    const values = sample.map((row) => row[i] ?? "").filter((v) => countDigits(v) >= 13);
    if (values.length > 0 && (columnHoldsCardNumbers(values) || values.some((v) => findCardNumbers(v).length > 0))) {
      return { code: "card_number_values", column: headers[i] ?? `#${i + 1}` };
    }
  }
  return null;
}

/**
 * The index of the first cell of a row that holds a card number, or -1. A cell mapped to
 * transactionAt that reads as a date is not a card number ("42952.58412037038", an Excel serial
 * with many decimals, has 16 digits).
 */
export function findCardNumberCell(cells: readonly string[], targets: readonly ColumnTarget[]): number {
  for (let i = 0; i < cells.length; i += 1) {
    const cell = cells[i]!;
    if (!cellHoldsCardNumber(cell)) continue;
    if (targets[i] === "transactionAt" && parseTransactionAt(cell) !== null) continue;
    return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------
// One row
// ---------------------------------------------------------------------------------------

/**
 * Why a row is not imported. Codes, never values: the reason is stored and shown, the raw cell
 * is not. `field` is the field the problem is in.
 */
export type RowProblem =
  | { code: "column_count"; expected: number; found: number }
  | { code: "no_identity" }
  | { code: "too_long"; field: ImportField }
  | { code: "invalid"; field: ImportField }
  | { code: "security_code"; field: ImportField }
  | { code: "csv_syntax" };

/** A row problem as one string for ImportRowError.reason: "invalid:email", "column_count:12:10", "no_identity". */
export function encodeRowProblem(problem: RowProblem): string {
  switch (problem.code) {
    case "column_count":
      return `column_count:${problem.expected}:${problem.found}`;
    case "too_long":
    case "invalid":
    case "security_code":
      return `${problem.code}:${problem.field}`;
    default:
      return problem.code;
  }
}

export function decodeRowProblem(reason: string): RowProblem | null {
  const [code, a, b] = reason.split(":");
  if (code === "column_count") return { code, expected: Number(a), found: Number(b) };
  if (
    (code === "too_long" || code === "invalid" || code === "security_code") &&
    (IMPORT_FIELDS as readonly string[]).includes(a ?? "")
  ) {
    return { code, field: a as ImportField };
  }
  if (code === "no_identity" || code === "csv_syntax") return { code };
  return null;
}

/** Cell values that mean "nothing": empty, only dashes or dots, なし, 不明, N/A, null. */
const EMPTY_MARKERS = new Set(["なし", "無し", "不明", "未登録", "該当なし", "n/a", "na", "null", "none", "nil"]);
const ONLY_FILLER = new RegExp(`^[${DASH_CHARACTERS}\\s.*＊]*$`, "u");

/** A cell as an optional value: trimmed, or null when it is empty or a "nothing" marker. */
export function cellValue(cell: string | undefined): string | null {
  if (cell === undefined) return null;
  const trimmed = cell.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, "");
  if (trimmed === "" || ONLY_FILLER.test(trimmed)) return null;
  if (EMPTY_MARKERS.has(normaliseText(trimmed).toLowerCase())) return null;
  return trimmed;
}

const MAX_LENGTH: Record<ImportField, number> = {
  nameKanji: 100,
  nameKana: 100,
  email: 254,
  phone: 40,
  postalCode: 20,
  reference: 100,
  transactionAt: 40,
  cardBrand: 40,
  cardLast4: 20,
};

/** Fields whose text a security code could hide in (not dates, codes or digits-only fields). */
const FREE_TEXT_FIELDS: readonly ImportField[] = ["nameKanji", "nameKana", "email", "reference", "cardBrand"];

const optional = (field: ImportField, check?: (v: string) => boolean) =>
  z
    .string()
    .nullable()
    .superRefine((v, ctx) => {
      if (v === null) return;
      if (v.length > MAX_LENGTH[field]) ctx.addIssue({ code: "custom", message: "too_long" });
      else if (check && !check(v)) ctx.addIssue({ code: "custom", message: "invalid" });
      else if (FREE_TEXT_FIELDS.includes(field) && findSecurityCodes(v).length > 0)
        ctx.addIssue({ code: "custom", message: "security_code" });
    });

/** The zod schema of one mapped row, before conversion: every field an optional string. */
export const ImportRowSchema = z
  .object({
    nameKanji: optional("nameKanji"),
    nameKana: optional("nameKana"),
    email: optional("email", (v) => normaliseEmail(v) !== null),
    phone: optional("phone", (v) => normalisePhone(v) !== null),
    postalCode: optional("postalCode", (v) => normalisePostalCode(v) !== null),
    reference: optional("reference"),
    transactionAt: optional("transactionAt", (v) => parseTransactionAt(v) !== null),
    cardBrand: optional("cardBrand"),
    cardLast4: optional("cardLast4", (v) => normaliseLast4(v) !== null),
  })
  .superRefine((row, ctx) => {
    if (!IDENTITY_FIELDS.some((f) => row[f] !== null)) ctx.addIssue({ code: "custom", message: "no_identity" });
  });

/** A valid row, ready for buildAffectedRecordRow (raw values; the model normalises and hashes them). */
export type ImportRowInput = {
  nameKanji: string | null;
  nameKana: string | null;
  email: string | null;
  phone: string | null;
  postalCode: string | null;
  reference: string | null;
  transactionAt: Date | null;
  cardBrand: string | null;
  cardLast4: string | null;
};

/**
 * One CSV record through the mapping and the zod schema: the values to store, or the first
 * problem. A record with a different number of cells than the header is refused as a whole
 * (its columns cannot be trusted to be where the mapping says).
 */
export function validateRow(
  cells: readonly string[],
  targets: readonly ColumnTarget[],
): { ok: true; input: ImportRowInput } | { ok: false; problem: RowProblem } {
  if (cells.length !== targets.length)
    return { ok: false, problem: { code: "column_count", expected: targets.length, found: cells.length } };
  const raw: Record<ImportField, string | null> = {
    nameKanji: null,
    nameKana: null,
    email: null,
    phone: null,
    postalCode: null,
    reference: null,
    transactionAt: null,
    cardBrand: null,
    cardLast4: null,
  };
  for (let i = 0; i < targets.length; i += 1) {
    const target = targets[i]!;
    if (target === "ignore") continue;
    const value = cellValue(cells[i]);
    if (value === null) continue;
    const previous = raw[target];
    raw[target] = previous === null ? value : `${previous} ${value}`;
  }
  const parsed = ImportRowSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0];
    if (issue.message === "no_identity" || typeof field !== "string" || !(IMPORT_FIELDS as readonly string[]).includes(field)) {
      return { ok: false, problem: { code: "no_identity" } };
    }
    const code = issue.message === "too_long" || issue.message === "security_code" ? issue.message : "invalid";
    return { ok: false, problem: { code, field: field as ImportField } };
  }
  const row = parsed.data;
  return {
    ok: true,
    input: { ...row, transactionAt: row.transactionAt === null ? null : parseTransactionAt(row.transactionAt) },
  };
}
