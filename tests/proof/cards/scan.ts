/**
 * The scanner of the card-number proof: searches files for card numbers, as bytes, whatever way
 * they were written or encoded. Used by tests/proof/card-fuzz.ts after a fuzz run, and on its own
 * by tests/proof/card-scan.ts (any files, any list of numbers).
 *
 * What it looks for:
 * - each listed number (ASCII digits), written in ASCII or full-width digits, with any separators
 *   between any digits (white space of every kind, every dash, dots, slashes, line breaks), in
 *   UTF-8, UTF-16LE (both byte alignments) and Shift_JIS, and also after undoing the encodings
 *   text gets on its way to a file: JSON and PostgreSQL COPY backslash escapes, HTML/XML character
 *   references, OOXML's _x000D_, percent-encoding, quoted-printable, and base64 blobs;
 * - a part of a listed number: 13 or more of its digits in a row (a truncated or half-redacted
 *   number is still too much: PCI DSS allows at most the first 6 and last 4 to be shown);
 * - listed security-code sentences ("CVV: 1234") with their code still next to the keyword;
 * - optionally, any run of 13-19 ASCII digits that passes the Luhn check (not only listed ones).
 *
 * Containers are opened: zip files (XLSX) entry by entry, gzip, and SQLite databases both as raw
 * bytes (which keeps deleted rows, free pages and the write-ahead log) and as a logical dump of
 * every table (a long value is split over overflow pages in the raw file).
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, inflateRawSync } from "node:zlib";
import Database from "better-sqlite3";
import iconv from "iconv-lite";
import { dashCharacters, passesLuhn } from "./generate";

// ---------------------------------------------------------------------------------------------
// What to look for
// ---------------------------------------------------------------------------------------------

export type ScanTargets = {
  /** Generated card numbers, ASCII digits, each with a label saying where it was sent. */
  numbers: { digits: string; label: string }[];
  /** Security-code sentences as sent ("CVV: 1234"), with the code and a label. */
  codes: { text: string; code: string; template: string; label: string }[];
  /** Also report any Luhn-valid run of 13-19 ASCII digits that is not a listed number. */
  anyLuhn?: boolean;
};

export type HitKind = "number" | "partial" | "security-code" | "unlisted-luhn";
export type Hit = {
  file: string;
  view: string;
  kind: HitKind;
  /** Masked: first 6 and last 4 digits at most, like a receipt. */
  value: string;
  label: string;
  offset: number;
};
export type FileResult = { file: string; bytes: number; views: string[]; hits: Hit[]; note?: string };

/** "405992******1422": what a report may show of a number. */
export function maskNumber(digits: string): string {
  return digits.length <= 10
    ? digits.replace(/\d(?=\d{4})/g, "*")
    : `${digits.slice(0, 6)}${"*".repeat(digits.length - 10)}${digits.slice(-4)}`;
}

const PARTIAL_DIGITS = 13;

type Index = {
  byDigits: Map<string, string>;
  lengths: number[];
  partials: Map<string, string>;
  codeRegex: RegExp;
  codesByTemplate: Map<string, Set<string>>;
  labelByCode: Map<string, string>;
};

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function buildIndex(targets: ScanTargets): Index {
  const byDigits = new Map<string, string>();
  const partials = new Map<string, string>();
  for (const { digits, label } of targets.numbers) {
    byDigits.set(digits, label);
    for (let i = 0; i + PARTIAL_DIGITS <= digits.length; i += 1) partials.set(digits.slice(i, i + PARTIAL_DIGITS), digits);
  }
  // One regex for all security-code sentences: each template's words around a 3-4 digit code,
  // as sent and as NFKC would store them.
  const alternatives: string[] = [];
  const codesByTemplate = new Map<string, Set<string>>();
  const labelByCode = new Map<string, string>();
  for (const c of targets.codes) {
    const set = codesByTemplate.get(c.template) ?? new Set<string>();
    set.add(c.code);
    codesByTemplate.set(c.template, set);
    // Codes are short: the same code may have been sent in several places; name them all.
    const key = `${c.template}\u0000${c.code}`;
    const labels = labelByCode.get(key);
    labelByCode.set(key, labels ? `${labels} | ${c.label}` : c.label);
  }
  const templates = [...codesByTemplate.keys()];
  templates.forEach((template, i) => {
    const [before = "", after = ""] = template.split("{code}");
    const forms = new Set([`${before}\u0000${after}`, `${before.normalize("NFKC")}\u0000${after.normalize("NFKC")}`]);
    for (const form of forms) {
      const [b = "", a = ""] = form.split("\u0000");
      alternatives.push(
        `(?<t${i}_${alternatives.length}>${escapeRegex(b)})([0-9\\uFF10-\\uFF19]{3,4})(?![0-9\\uFF10-\\uFF19])${escapeRegex(a)}`,
      );
    }
  });
  // Template words are known up front; a template that was not used matches nothing.
  const codeRegex = alternatives.length ? new RegExp(alternatives.join("|"), "gu") : /$^/g;
  return {
    byDigits,
    lengths: [...new Set(targets.numbers.map((n) => n.digits.length))].sort((a, b) => a - b),
    partials,
    codeRegex,
    codesByTemplate,
    labelByCode,
  };
}

// ---------------------------------------------------------------------------------------------
// Text views of a file's bytes
// ---------------------------------------------------------------------------------------------

const DASHES = new Set(dashCharacters().map((ch) => ch.codePointAt(0)!));
const OTHER_SEPARATORS = new Set(
  [..." \t\n\r\v\f\u00A0\u1680\u2028\u2029\u202F\u205F\u3000\uFEFF\u200B\u200C\u200D\u2060./\uFF0E\uFF0F\u30FB\uFF65+"].map((c) =>
    c.codePointAt(0)!,
  ),
);

function isSeparatorCode(cp: number): boolean {
  return OTHER_SEPARATORS.has(cp) || DASHES.has(cp) || (cp >= 0x2000 && cp <= 0x200a);
}

/** 0-9 for an ASCII or full-width digit, else -1. */
function digitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0xff10 && code <= 0xff19) return code - 0xff10;
  return -1;
}

/** Decodes percent- or QP-encoded bytes ("%E2%80%90", "=E2=80=90") starting at `i`; null if none. */
function decodeEncodedBytes(text: string, i: number, marker: string): { text: string; length: number } | null {
  const bytes: number[] = [];
  let j = i;
  while (bytes.length < 8 && text[j] === marker && /^[0-9A-Fa-f]{2}$/.test(text.slice(j + 1, j + 3))) {
    bytes.push(parseInt(text.slice(j + 1, j + 3), 16));
    j += 3;
  }
  if (bytes.length === 0) return null;
  return { text: Buffer.from(bytes).toString("utf8"), length: j - i };
}

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: "\u00A0",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  ndash: "\u2013",
  mdash: "\u2014",
  minus: "\u2212",
  hyphen: "\u2010",
};

/**
 * The text with the escapes of the formats data passes through undone, in one pass: backslash
 * escapes (JSON, JavaScript, PostgreSQL COPY; any number of backslashes), HTML/XML character
 * references, OOXML _xHHHH_, percent-encoding and quoted-printable (with soft line breaks). Undoing
 * too much is harmless here: it can only make a listed number easier to see.
 */
export function undoEscapes(text: string): string {
  const out: string[] = [];
  let plainFrom = 0;
  const flush = (to: number) => {
    if (to > plainFrom) out.push(text.slice(plainFrom, to));
  };
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    let replacement: string | null = null;
    let length = 0;
    if (c === 0x5c /* \ */) {
      let k = i;
      while (text.charCodeAt(k) === 0x5c) k += 1;
      const next = text[k];
      if (next === "n" || next === "r" || next === "t" || next === "/" || next === "b" || next === "f") {
        replacement = next === "n" ? "\n" : next === "r" ? "\r" : next === "t" ? "\t" : next === "/" ? "/" : " ";
        length = k + 1 - i;
      } else if (next === "u" && /^[0-9A-Fa-f]{4}$/.test(text.slice(k + 1, k + 5))) {
        replacement = String.fromCharCode(parseInt(text.slice(k + 1, k + 5), 16));
        length = k + 5 - i;
      } else if (next === "x" && /^[0-9A-Fa-f]{2}$/.test(text.slice(k + 1, k + 3))) {
        replacement = String.fromCharCode(parseInt(text.slice(k + 1, k + 3), 16));
        length = k + 3 - i;
      }
    } else if (c === 0x26 /* & */) {
      const m = /^&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([a-z]{2,6}));/.exec(text.slice(i, i + 12));
      if (m) {
        const cp = m[1] ? Number(m[1]) : m[2] ? parseInt(m[2], 16) : -1;
        replacement = cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m[3] ? (NAMED_ENTITIES[m[3]] ?? null) : null;
        length = m[0].length;
      }
    } else if (c === 0x5f /* _ */) {
      const m = /^_x([0-9A-Fa-f]{4})_/.exec(text.slice(i, i + 7));
      if (m) {
        replacement = String.fromCharCode(parseInt(m[1]!, 16));
        length = 7;
      }
    } else if (c === 0x25 /* % */ || c === 0x3d /* = */) {
      if (c === 0x3d && (text.startsWith("=\r\n", i) || text.startsWith("=\n", i))) {
        replacement = "";
        length = text.startsWith("=\r\n", i) ? 3 : 2;
      } else {
        const decoded = decodeEncodedBytes(text, i, c === 0x25 ? "%" : "=");
        if (decoded) {
          replacement = decoded.text;
          length = decoded.length;
        }
      }
    }
    if (replacement !== null && length > 0) {
      flush(i);
      out.push(replacement);
      i += length;
      plainFrom = i;
    } else {
      i += 1;
    }
  }
  flush(text.length);
  return out.join("");
}

/** Base64 blobs (at least 24 characters, line breaks allowed), decoded. */
function base64Blobs(text: string): Buffer[] {
  const blobs: Buffer[] = [];
  for (const m of text.matchAll(/(?:[A-Za-z0-9+/]{4}(?:\r?\n)?){6,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?/g)) {
    const clean = m[0].replace(/\s/g, "");
    // Hex strings and long words are valid base64 too; decoding them is harmless, only slower.
    if (/^[0-9a-f]+$/.test(clean)) continue;
    blobs.push(Buffer.from(clean, "base64"));
  }
  return blobs;
}

// ---------------------------------------------------------------------------------------------
// Searching one text
// ---------------------------------------------------------------------------------------------

type Emit = (hit: Omit<Hit, "file">) => void;

/**
 * Walks the text once, collecting runs of digits (ASCII or full-width) where only separators
 * stand between digits, and checks every run for listed numbers and parts of them.
 */
function searchDigitRuns(text: string, view: string, index: Index, emit: Emit): void {
  let run = "";
  let runStart = 0;
  const check = () => {
    if (run.length < PARTIAL_DIGITS) return;
    const fullFound = new Set<string>();
    for (const length of index.lengths) {
      for (let i = 0; i + length <= run.length; i += 1) {
        const candidate = run.slice(i, i + length);
        const label = index.byDigits.get(candidate);
        if (label !== undefined && !fullFound.has(candidate)) {
          fullFound.add(candidate);
          emit({ view, kind: "number", value: maskNumber(candidate), label, offset: runStart });
        }
      }
    }
    const partialFound = new Set<string>();
    for (let i = 0; i + PARTIAL_DIGITS <= run.length; i += 1) {
      const number = index.partials.get(run.slice(i, i + PARTIAL_DIGITS));
      if (number !== undefined && !fullFound.has(number) && !partialFound.has(number)) {
        partialFound.add(number);
        emit({ view, kind: "partial", value: maskNumber(number), label: index.byDigits.get(number) ?? "", offset: runStart });
      }
    }
  };
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    const digit = digitValue(code);
    if (digit >= 0) {
      if (run.length === 0) runStart = i;
      run += String(digit);
      i += 1;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (run.length > 0 && isSeparatorCode(cp)) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    check();
    run = "";
    i += 1;
  }
  check();
}

function searchSecurityCodes(text: string, view: string, index: Index, emit: Emit): void {
  if (index.codesByTemplate.size === 0) return;
  const templates = [...index.codesByTemplate.keys()];
  index.codeRegex.lastIndex = 0;
  for (const m of text.matchAll(index.codeRegex)) {
    const group = Object.entries(m.groups ?? {}).find(([, v]) => v !== undefined);
    if (!group) continue;
    const template = templates[Number(group[0].slice(1).split("_")[0])]!;
    const written = m[0].slice(group[1]!.length).match(/[0-9\uFF10-\uFF19]{3,4}/)?.[0] ?? "";
    const code = written.normalize("NFKC");
    if (index.codesByTemplate.get(template)?.has(code)) {
      emit({
        view,
        kind: "security-code",
        value: `${template.replace("{code}", "***")}`,
        label: index.labelByCode.get(`${template}\u0000${code}`) ?? "",
        offset: m.index,
      });
    }
  }
}

/** Runs of 13-19 ASCII digits, not inside a longer word or number, not starting with 0, passing Luhn. */
function searchUnlistedLuhn(text: string, view: string, index: Index, emit: Emit): void {
  for (const m of text.matchAll(/(?<![0-9A-Za-z])[1-9][0-9]{12,18}(?![0-9A-Za-z])/g)) {
    if (passesLuhn(m[0]) && !index.byDigits.has(m[0])) {
      emit({ view, kind: "unlisted-luhn", value: maskNumber(m[0]), label: "", offset: m.index });
    }
  }
}

function searchText(text: string, view: string, index: Index, targets: ScanTargets, emit: Emit, views: string[]): void {
  views.push(view);
  searchDigitRuns(text, view, index, emit);
  searchSecurityCodes(text, view, index, emit);
  if (targets.anyLuhn && (view === "utf-8" || view === "sqlite logical dump")) searchUnlistedLuhn(text, view, index, emit);
}

/** All views of one buffer: UTF-8 (and with escapes undone), UTF-16LE at both alignments, Shift_JIS, base64 blobs. */
function searchBuffer(
  buffer: Buffer,
  viewPrefix: string,
  index: Index,
  targets: ScanTargets,
  emit: Emit,
  views: string[],
  depth = 0,
): void {
  const utf8 = buffer.toString("utf8");
  searchText(utf8, `${viewPrefix}utf-8`, index, targets, emit, views);
  searchText(undoEscapes(utf8), `${viewPrefix}utf-8 unescaped`, index, targets, emit, views);
  searchText(buffer.toString("utf16le"), `${viewPrefix}utf-16le`, index, targets, emit, views);
  if (buffer.length > 1)
    searchText(buffer.subarray(1).toString("utf16le"), `${viewPrefix}utf-16le+1`, index, targets, emit, views);
  searchText(iconv.decode(buffer, "cp932"), `${viewPrefix}shift_jis`, index, targets, emit, views);
  if (depth === 0) {
    const blobs = base64Blobs(utf8);
    if (blobs.length > 0) {
      const joined = Buffer.concat(blobs.flatMap((b) => [b, Buffer.from("\u0000")]));
      const sub: string[] = [];
      searchText(joined.toString("utf8"), `${viewPrefix}base64 blobs`, index, targets, emit, sub);
      searchText(undoEscapes(joined.toString("utf8")), `${viewPrefix}base64 blobs unescaped`, index, targets, emit, sub);
      views.push(...sub);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Containers
// ---------------------------------------------------------------------------------------------

/** The entries of a zip file (stored or deflated), from its central directory. */
export function readZipEntries(zip: Buffer): { name: string; data: Buffer }[] {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i -= 1) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("not a zip file (no end of central directory)");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: { name: string; data: Buffer }[] = [];
  for (let n = 0; n < count; n += 1) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("broken zip central directory");
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const localNameLength = zip.readUInt16LE(localHeader + 26);
    const localExtraLength = zip.readUInt16LE(localHeader + 28);
    const start = localHeader + 30 + localNameLength + localExtraLength;
    const raw = zip.subarray(start, start + compressedSize);
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw) : null;
    if (data === null) throw new Error(`zip entry ${name}: compression method ${method} not supported`);
    entries.push({ name, data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const SQLITE_MAGIC = Buffer.from("SQLite format 3\u0000", "latin1");

/** A SQLite database, its write-ahead log, or its shared-memory index. */
function isSqliteFile(buffer: Buffer): boolean {
  if (buffer.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return true;
  if (buffer.length >= 4 && (buffer.readUInt32BE(0) === 0x377f0682 || buffer.readUInt32BE(0) === 0x377f0683)) return true;
  return false;
}

/**
 * Every row of every table of a SQLite file (with its write-ahead log applied), as JSON lines.
 * The file is copied first, so the scan never touches the database it reads.
 */
export function sqliteLogicalDump(file: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "card-scan-"));
  try {
    const copy = path.join(dir, "copy.db");
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = new Database(copy, { readonly: false });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      const lines: string[] = [];
      for (const { name } of tables) {
        for (const row of db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).iterate()) {
          lines.push(
            `${name}\t${JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : Buffer.isBuffer(v) ? v.toString("utf8") : v))}`,
          );
        }
      }
      return lines.join("\n");
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function scanBytes(buffer: Buffer, name: string, index: Index, targets: ScanTargets, results: FileResult[], depth: number): void {
  const hits: Hit[] = [];
  const views: string[] = [];
  const emit: Emit = (hit) => hits.push({ ...hit, file: name });
  let note: string | undefined;
  // In SQLite's own files the columns of a row lie back to back without a separator, so a digit
  // run there can join two values nobody wrote together (a code, a phone number and a date): the
  // any-Luhn search reads the tables instead (scanPaths), listed numbers are searched in both.
  if (isSqliteFile(buffer)) targets = { ...targets, anyLuhn: false };
  if (buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50 && depth < 3) {
    try {
      const entries = readZipEntries(buffer);
      note = `zip, ${entries.length} entries`;
      for (const entry of entries) scanBytes(entry.data, `${name}!${entry.name}`, index, targets, results, depth + 1);
    } catch (error) {
      note = `zip not readable (${(error as Error).message}); scanned as bytes`;
    }
  } else if (buffer.length >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b && depth < 3) {
    scanBytes(gunzipSync(buffer), `${name}!gunzip`, index, targets, results, depth + 1);
    note = "gzip";
  }
  searchBuffer(buffer, "", index, targets, emit, views);
  results.push({ file: name, bytes: buffer.length, views, hits: mergeViews(hits), ...(note ? { note } : {}) });
}

/** One hit per thing found in a file, naming every view it was seen in. */
function mergeViews(hits: Hit[]): Hit[] {
  const merged = new Map<string, Hit>();
  for (const hit of hits) {
    const key = `${hit.kind}\u0000${hit.value}\u0000${hit.label}\u0000${hit.kind === "unlisted-luhn" ? hit.offset : ""}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...hit });
    else if (!seen.view.split(", ").includes(hit.view)) seen.view += `, ${hit.view}`;
  }
  return [...merged.values()];
}

/** Files under each path (a path may be a file); sorted, so reports compare run to run. */
export function listFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    const stat = statSync(p);
    if (stat.isDirectory()) for (const entry of readdirSync(p).sort()) walk(path.join(p, entry));
    else if (stat.isFile()) files.push(p);
  };
  for (const p of paths) if (existsSync(p)) walk(p);
  return files;
}

/**
 * Scans every file under `paths`. A SQLite database file is also dumped table by table (its
 * -wal and -shm files are scanned as bytes like any file). Returns one result per file and per
 * container entry, each with its hits (none, ideally).
 */
export function scanPaths(paths: readonly string[], targets: ScanTargets): FileResult[] {
  const index = buildIndex(targets);
  const results: FileResult[] = [];
  for (const file of listFiles(paths)) {
    const buffer = readFileSync(file);
    scanBytes(buffer, file, index, targets, results, 0);
    if (buffer.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
      const dump = sqliteLogicalDump(file);
      const hits: Hit[] = [];
      const views: string[] = [];
      const emit: Emit = (hit) => hits.push({ ...hit, file: `${file} (every table)` });
      searchText(dump, "sqlite logical dump", index, targets, emit, views);
      searchText(undoEscapes(dump), "sqlite logical dump unescaped", index, targets, emit, views);
      results.push({ file: `${file} (every table)`, bytes: Buffer.byteLength(dump), views, hits: mergeViews(hits) });
    }
  }
  return results;
}
