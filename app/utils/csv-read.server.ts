/**
 * Reading a small CSV file someone uploaded (a card company's answer file): the bytes decoded as
 * UTF-8 when they are valid UTF-8 (with or without BOM), otherwise as CP932 (Shift_JIS as Windows
 * and Japanese Excel write it), then split into records with csv-parse (quotes, doubled quotes,
 * line breaks inside quotes, CRLF or LF). Files here are at most a few megabytes; large imports
 * stream instead (app/models/import.server.ts).
 */
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";

export type DecodedText = { text: string; encoding: "utf-8" | "cp932" };

export function decodeSpreadsheetText(bytes: Uint8Array): DecodedText {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), "cp932"), encoding: "cp932" };
  }
}

export type CsvReadResult = { ok: true; records: string[][]; encoding: DecodedText["encoding"] } | { ok: false; detail: string };

export function readCsvRecords(bytes: Uint8Array): CsvReadResult {
  const { text, encoding } = decodeSpreadsheetText(bytes);
  try {
    const records = parse(text.replace(/^\uFEFF/, ""), {
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as string[][];
    return { ok: true, records, encoding };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // csv-parse's messages name the line; keep them short and free of cell contents.
    return { ok: false, detail: message.split(":")[0]!.slice(0, 120) };
  }
}
