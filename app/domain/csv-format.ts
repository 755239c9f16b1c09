/**
 * CSV as Japanese Excel opens it correctly. Pure: no I/O.
 *
 * - UTF-8 with a byte-order mark (BOM): without it Excel for Windows in Japan reads UTF-8 as
 *   Shift_JIS and the Japanese turns into mojibake.
 * - CRLF line ends between records.
 * - Every field in double quotes, a double quote inside a field doubled (RFC 4180). A line break
 *   inside a field stays inside the quotes, so Excel shows it as a break within the cell.
 * - Formula injection (CSV injection): a text cell that begins with = + - @ TAB or CR would be run
 *   by Excel as a formula (e.g. `=HYPERLINK(...)` typed into a web inquiry). Such cells get a
 *   leading apostrophe, which Excel shows as text and does not display. The apostrophe is part of
 *   the data for any other program that reads the file. Numbers the app itself produces (counts,
 *   seconds) are written as they are and are never prefixed.
 */

export const CSV_BOM = "\uFEFF";
export const CSV_EOL = "\r\n";

/** The first characters that make Excel (and LibreOffice, Google Sheets) treat a cell as a formula. */
export const FORMULA_TRIGGERS: readonly string[] = ["=", "+", "-", "@", "\t", "\r"];

export type CsvValue = string | number | boolean | null | undefined;

/** `'` + text when the text would start a formula; otherwise the text unchanged. */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.includes(text[0]!) ? `'${text}` : text;
}

/** A value as the text of one cell: null and undefined are empty, booleans 1/0, text formula-safe. */
export function cellText(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "1" : "0";
  return neutraliseFormula(value);
}

/** One field: always quoted, quotes doubled. */
export function csvField(value: CsvValue): string {
  return `"${cellText(value).replace(/"/g, '""')}"`;
}

/** One record with its CRLF. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(",") + CSV_EOL;
}

/** A whole small file (header and rows) with the BOM; large files are streamed row by row instead. */
export function csvDocument(rows: readonly (readonly CsvValue[])[]): string {
  return CSV_BOM + rows.map(csvRow).join("");
}
