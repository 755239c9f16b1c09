/**
 * `npm run cli -- export KIND --format csv|xlsx --out FILE [filters]`: the same streamed export as
 * /staff/exports/KIND.FORMAT, written to a file, for exports too big for a browser download.
 * KIND: contacts | lookups | waivers | audit. Filters are the URL parameters of the tables:
 * --from/--to (YYYY-MM-DD, Japan time, inclusive), --incident SLUG, and per kind e.g. --channel,
 * --status, --action. Prints progress; writes the same two audit entries as a download (actor "cli").
 */
import { createWriteStream } from "node:fs";
import { userInfo } from "node:os";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { EXPORT_FORMATS, EXPORT_KINDS, FILTER_KEYS, isExportKind, parseExportFilter } from "~/utils/export-filters";
import type { ExportFormat } from "~/utils/export-filters";

const USAGE = `Usage: npm run cli -- export ${EXPORT_KINDS.join("|")} --format ${EXPORT_FORMATS.join("|")} --out FILE
       [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--incident SLUG] [--lang ja|en] [other filters of the table]`;

export async function exportCommand(args: string[], out: (line: string) => void): Promise<void> {
  const [kind, ...rest] = args;
  if (!isExportKind(kind)) throw new Error(USAGE);
  const filterOptions = Object.fromEntries(FILTER_KEYS[kind].map((key) => [key, { type: "string" as const }]));
  const { values } = parseArgs({
    args: rest,
    options: { ...filterOptions, format: { type: "string" }, out: { type: "string" }, lang: { type: "string" } },
    strict: true,
  });
  const format = values.format as string | undefined;
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format) || typeof values.out !== "string" || !values.out)
    throw new Error(USAGE);
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS[kind]) {
    const value = (values as Record<string, unknown>)[key];
    if (typeof value === "string") params.set(key, value);
  }
  const filter = parseExportFilter(kind, params);
  for (const key of FILTER_KEYS[kind]) {
    if (params.has(key) && (filter as Record<string, unknown>)[key] === undefined)
      throw new Error(`--${key}: "${params.get(key)}" is not a valid value.\n${USAGE}`);
  }

  const { startExport } = await import("~/utils/export.server");
  const started = Date.now();
  let lastPrinted = 0;
  let totalRows = 0;
  const rate = (rows: number) => Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000));
  const exp = await startExport({
    kind,
    format: format as ExportFormat,
    filter,
    actor: { type: "system", label: `cli:${safeUserName()}` },
    ip: "cli",
    locale: values.lang === "en" ? "en" : "ja",
    onRows: (rows) => {
      totalRows = rows;
      if (rows - lastPrinted >= 100_000) {
        lastPrinted = rows;
        out(`${rows.toLocaleString("en")} rows (${rate(rows).toLocaleString("en")} rows/s)`);
      }
    },
  });
  let bytes = 0;
  const counting = exp.stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  await pipeline(Readable.fromWeb(counting as unknown as NodeReadableStream<Uint8Array>), createWriteStream(values.out));
  const seconds = (Date.now() - started) / 1000;
  out(
    `Wrote ${totalRows.toLocaleString("en")} rows to ${values.out} (${(bytes / 1024 / 1024).toFixed(1)} MiB) in ${seconds.toFixed(1)} s, ` +
      `${rate(totalRows).toLocaleString("en")} rows/s; export id ${exp.exportId} (see the audit log).`,
  );
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}
