/**
 * Writes demo affected-customer lists as CSV files the way shops export them (Japanese headers,
 * "2017/08/05 14:03:09" dates), for the import tests, the browser test and the import benchmark.
 * Streams: a million rows never sit in memory.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import iconv from "iconv-lite";
import { generateAffectedCustomers } from "~/domain/demo-data";
import type { DemoCustomer } from "~/domain/demo-data";

export const DEMO_CSV_HEADERS = [
  "注文番号",
  "注文日時",
  "氏名",
  "フリガナ",
  "メールアドレス",
  "電話番号",
  "郵便番号",
  "カードブランド",
  "カード下4桁",
];

/**
 * Text as Windows writes it in Shift_JIS (CP932): the minus sign U+2212, which some demo phone
 * numbers use as a hyphen, has no CP932 code and becomes the full-width hyphen-minus U+FF0D.
 */
export function cp932Safe(text: string): string {
  return text.replace(/\u2212/g, "\uFF0D");
}

/** "2017/08/05 14:03:09" in JST. */
export function jstText(date: Date): string {
  const d = new Date(date.getTime() + 9 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function demoCsvLine(c: DemoCustomer): string {
  return [
    c.reference,
    jstText(c.transactionAt),
    c.nameKanji,
    c.nameKana,
    c.email,
    c.phone,
    c.postalCode,
    c.cardBrand,
    c.cardLast4,
  ]
    .map(csvCell)
    .join(",");
}

export function demoCustomers(count: number, seed: number | string = 1) {
  return generateAffectedCustomers({
    seed,
    count,
    windows: [{ startDate: "2017-08-05", endDate: "2017-09-15" }],
    site: "shop",
    referencePrefix: "COU-",
  });
}

/** The whole CSV text (small files only). */
export function demoCsvText(
  count: number,
  { seed = 1, extraLines = [] }: { seed?: number | string; extraLines?: string[] } = {},
): string {
  const lines = [DEMO_CSV_HEADERS.join(",")];
  for (const c of demoCustomers(count, seed)) lines.push(demoCsvLine(c));
  return lines.concat(extraLines).join("\r\n") + "\r\n";
}

/** Writes `count` demo rows to `path` in UTF-8 (with a BOM when asked) or CP932; returns the byte size. */
export async function writeDemoCsv({
  path,
  count,
  seed = 1,
  encoding = "utf-8",
  bom = false,
}: {
  path: string;
  count: number;
  seed?: number | string;
  encoding?: "utf-8" | "cp932";
  bom?: boolean;
}): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    const buf = encoding === "cp932" ? iconv.encode(cp932Safe(text), "cp932") : Buffer.from(text, "utf8");
    bytes += buf.length;
    if (!out.write(buf)) await once(out, "drain");
  };
  if (bom && encoding === "utf-8") await write("\uFEFF");
  await write(DEMO_CSV_HEADERS.join(",") + "\r\n");
  let chunk: string[] = [];
  for (const c of demoCustomers(count, seed)) {
    chunk.push(demoCsvLine(c));
    if (chunk.length >= 1000) {
      await write(chunk.join("\r\n") + "\r\n");
      chunk = [];
    }
  }
  if (chunk.length > 0) await write(chunk.join("\r\n") + "\r\n");
  out.end();
  await once(out, "finish");
  return bytes;
}
