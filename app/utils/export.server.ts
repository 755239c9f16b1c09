/**
 * Exports of contacts, lookups, waiver requests and the audit log, as CSV for Japanese Excel
 * (app/domain/csv-format.ts) or as XLSX (exceljs's streaming WorkbookWriter). Streamed end to end:
 *
 *   database ──(keyset chunks of 2,000 rows, app/models/export-rows.server.ts)──▶ rows → bytes
 *            ──▶ ReadableStream (one chunk ahead at most) ──▶ HTTP response or file
 *
 * The next chunk is read from the database only when the consumer asked for more (the stream's
 * pull) AND the HTTP socket has drained (context.waitForDrain, see app/server.ts): memory stays
 * bounded by a chunk or two whatever the number of rows, and there is no row cap. An XLSX sheet
 * holds at most 1,048,576 rows (Excel's limit); longer exports continue on a second sheet.
 *
 * What is exported:
 * - Contacts: every column as stored (supervisors need the caller's details); free text was
 *   redacted when it was stored, and every free-text cell goes through redactFreeText again here
 *   as a belt-and-braces check (cheap; a hit is counted in the audit entry, as it would mean
 *   something unredacted reached the database).
 * - Lookups: never the identifiers, only the first 12 hex characters of each HMAC key, the
 *   channel, the actor and the outcome.
 * - Waiver requests: the request as stored (name, contact, last 4 digits; never more).
 * - Audit log (admins only): every column.
 * Never a full card number or security code: none is stored, and the redaction pass above.
 *
 * Every export writes two audit entries: "export.<kind>" when it starts (format and filter; a
 * search text as its HMAC, never as typed) and "export.finish" when the stream ends (rows written,
 * and whether the client went away or an error cut it short), both with the same export id.
 */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { CSV_BOM, csvRow } from "~/domain/csv-format";
import type { CsvValue } from "~/domain/csv-format";
import { compactFilter, compactTokyoDay, formatTokyoTimestamp } from "~/utils/export-filters";
import type { ExportFilterFor, ExportFormat, ExportKind } from "~/utils/export-filters";
import { redactFreeText } from "~/domain/redact";
import type { Locale } from "~/i18n";
import { resources } from "~/locales";
import {
  auditExportChunks,
  contactExportChunks,
  loadExportNames,
  lookupExportChunks,
  waiverExportChunks,
} from "~/models/export-rows.server";
import type {
  AuditExportRow,
  ContactExportRow,
  ExportNames,
  LookupExportRow,
  WaiverExportRow,
} from "~/models/export-rows.server";
import { recordAudit } from "./audit.server";
import type { AuditActor } from "./audit.server";
import { hmacLookupKey, randomToken } from "./crypto.server";

export type Cell = string | number | null;

/** Excel's limit: 1,048,576 rows a sheet, one of them the header. */
export const XLSX_MAX_ROWS_PER_SHEET = 1_048_575;
/** Excel's limit on the characters in one cell. */
export const XLSX_MAX_CELL_CHARS = 32_767;
/** Characters of an HMAC shown in a lookup export: enough to match rows, useless to reverse. */
export const HMAC_PREFIX_CHARS = 12;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

// ---------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------

type Column<R> = { key: string; cell: (row: R, names: ExportNames) => Cell | boolean | Date | undefined; freeText?: boolean };

const prefix = (h: unknown) => (typeof h === "string" && h ? h.slice(0, HMAC_PREFIX_CHARS) : null);

const CONTACT_COLUMNS: Column<ContactExportRow>[] = [
  { key: "id", cell: (r) => r.id },
  { key: "incident", cell: (r, n) => n.incidents.get(r.incidentId) ?? r.incidentId },
  { key: "channel", cell: (r) => r.channel },
  { key: "source", cell: (r) => r.source },
  { key: "status", cell: (r) => r.status },
  { key: "startedAt", cell: (r) => r.startedAt },
  { key: "endedAt", cell: (r) => r.endedAt },
  { key: "answeredAt", cell: (r) => r.answeredAt },
  { key: "talkSeconds", cell: (r) => r.talkSeconds },
  { key: "holdSeconds", cell: (r) => r.holdSeconds },
  { key: "acwSeconds", cell: (r) => r.acwSeconds },
  { key: "withinHours", cell: (r) => r.withinHours },
  { key: "flaggedAfterHours", cell: (r) => r.flaggedAfterHours },
  { key: "abandoned", cell: (r) => r.abandoned },
  { key: "agent", cell: (r, n) => (r.agentId ? (n.users.get(r.agentId) ?? r.agentId) : null) },
  { key: "identityVerified", cell: (r) => r.identityVerified },
  { key: "affectedRecordId", cell: (r) => r.affectedRecordId },
  { key: "callerName", cell: (r) => r.callerName, freeText: true },
  { key: "callerContact", cell: (r) => r.callerContact, freeText: true },
  { key: "reference", cell: (r) => r.reference, freeText: true },
  {
    key: "categories",
    cell: (r) =>
      r.categories
        .map((c) => c.category)
        .sort()
        .join(","),
  },
  { key: "outcome", cell: (r) => r.outcome },
  { key: "escalatedTo", cell: (r) => r.escalatedTo },
  { key: "subject", cell: (r) => r.subject, freeText: true },
  { key: "notes", cell: (r) => r.notes, freeText: true },
  { key: "message", cell: (r) => r.message, freeText: true },
  { key: "dueAt", cell: (r) => r.dueAt },
  { key: "closedAt", cell: (r) => r.closedAt },
  { key: "version", cell: (r) => r.version },
];

function keyHashes(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function lookupActor(r: LookupExportRow, n: ExportNames): string {
  if (r.channel === "self-check") return "public";
  if (!r.actorId) return "";
  return (r.channel === "api" ? n.tokens.get(r.actorId) : n.users.get(r.actorId)) ?? r.actorId;
}

// The Lookup row's keyHashes is parsed once per row and shared by the six key columns.
const parsedKeys = new WeakMap<LookupExportRow, Record<string, unknown>>();
const keysOf = (r: LookupExportRow) => {
  let keys = parsedKeys.get(r);
  if (!keys) parsedKeys.set(r, (keys = keyHashes(r.keyHashes)));
  return keys;
};

const LOOKUP_COLUMNS: Column<LookupExportRow>[] = [
  { key: "id", cell: (r) => r.id },
  { key: "at", cell: (r) => r.at },
  { key: "channel", cell: (r) => r.channel },
  { key: "incident", cell: (r, n) => (r.incidentId ? (n.incidents.get(r.incidentId) ?? r.incidentId) : null) },
  { key: "actor", cell: lookupActor },
  { key: "outcome", cell: (r) => r.outcome },
  { key: "name", cell: (r) => prefix(keysOf(r).name) },
  { key: "nameFromRomaji", cell: (r) => prefix(keysOf(r).nameFromRomaji) },
  { key: "phone", cell: (r) => prefix(keysOf(r).phone) },
  { key: "email", cell: (r) => prefix(keysOf(r).email) },
  { key: "reference", cell: (r) => prefix(keysOf(r).reference) },
  { key: "last4", cell: (r) => prefix(keysOf(r).last4) },
  { key: "ip", cell: (r) => prefix(r.ipHash) },
];

const WAIVER_COLUMNS: Column<WaiverExportRow>[] = [
  { key: "reference", cell: (r) => r.reference },
  { key: "incident", cell: (r, n) => n.incidents.get(r.incidentId) ?? r.incidentId },
  { key: "status", cell: (r) => r.status },
  { key: "source", cell: (r) => r.source },
  { key: "cardCompany", cell: (r) => r.cardCompany.code },
  { key: "cardBrand", cell: (r) => r.cardBrand },
  { key: "cardLast4", cell: (r) => r.cardLast4 },
  { key: "contactName", cell: (r) => r.contactName, freeText: true },
  { key: "contactEmail", cell: (r) => r.contactEmail, freeText: true },
  { key: "contactPhone", cell: (r) => r.contactPhone, freeText: true },
  { key: "rejectReason", cell: (r) => r.rejectReason, freeText: true },
  { key: "batchId", cell: (r) => r.batchId },
  { key: "createdAt", cell: (r) => r.createdAt },
  { key: "updatedAt", cell: (r) => r.updatedAt },
];

const AUDIT_COLUMNS: Column<AuditExportRow>[] = [
  { key: "id", cell: (r) => r.id },
  { key: "at", cell: (r) => r.at },
  { key: "actorType", cell: (r) => r.actorType },
  { key: "actor", cell: (r) => r.actorLabel ?? r.actorId },
  { key: "action", cell: (r) => r.action },
  { key: "entityType", cell: (r) => r.entityType },
  { key: "entityId", cell: (r) => r.entityId },
  { key: "ip", cell: (r) => r.ip },
  { key: "details", cell: (r) => r.details, freeText: true },
];

// ---------------------------------------------------------------------------------------
// Tables: headers plus an async source of row chunks
// ---------------------------------------------------------------------------------------

export type ExportTable = {
  kind: ExportKind;
  sheetName: string;
  headers: string[];
  chunks: AsyncGenerator<Cell[][]>;
  /** Free-text cells in which the redaction pass found something (should stay 0). */
  redactions: () => number;
};

async function* toCells<R>(
  source: AsyncGenerator<R[]>,
  columns: Column<R>[],
  names: ExportNames,
  found: { n: number },
): AsyncGenerator<Cell[][]> {
  for await (const rows of source) {
    yield rows.map((row) =>
      columns.map((col) => {
        const value = col.cell(row, names);
        if (value === undefined || value === null) return null;
        if (value instanceof Date) return formatTokyoTimestamp(value);
        if (typeof value === "boolean") return value ? 1 : 0;
        if (col.freeText && typeof value === "string") {
          const redacted = redactFreeText(value);
          if (redacted.cardNumbers + redacted.securityCodes > 0) found.n += 1;
          return redacted.text;
        }
        return value;
      }),
    );
  }
}

export async function buildExportTable<K extends ExportKind>({
  kind,
  filter,
  locale,
  chunkSize,
}: {
  kind: K;
  filter: ExportFilterFor[K];
  locale: Locale;
  chunkSize?: number;
}): Promise<ExportTable> {
  const names = await loadExportNames();
  const texts = resources[locale].exports;
  const found = { n: 0 };
  const make = <R>(columns: Column<R>[], source: AsyncGenerator<R[]>, headings: Record<string, string>): ExportTable => ({
    kind,
    sheetName: texts.sheet[kind],
    headers: columns.map((c) => headings[c.key] ?? c.key),
    chunks: toCells(source, columns, names, found),
    redactions: () => found.n,
  });
  switch (kind) {
    case "contacts":
      return make(CONTACT_COLUMNS, contactExportChunks(filter as ExportFilterFor["contacts"], chunkSize), texts.columns.contacts);
    case "lookups":
      return make(LOOKUP_COLUMNS, lookupExportChunks(filter as ExportFilterFor["lookups"], chunkSize), texts.columns.lookups);
    case "waivers":
      return make(WAIVER_COLUMNS, waiverExportChunks(filter as ExportFilterFor["waivers"], chunkSize), texts.columns.waivers);
    default:
      return make(AUDIT_COLUMNS, auditExportChunks(filter as ExportFilterFor["audit"], chunkSize), texts.columns.audit);
  }
}

// ---------------------------------------------------------------------------------------
// Writers: a table → a ReadableStream of bytes
// ---------------------------------------------------------------------------------------

export type StreamHooks = {
  /** Before each chunk is read: waits for the HTTP socket to drain (backpressure); false = the client has gone. */
  waitForDrain?: () => Promise<boolean | void>;
  /** Aborted when the client goes away: reading stops. */
  signal?: AbortSignal;
  /** After each chunk with the rows written so far. */
  onRows?: (rows: number) => void;
  /** Once, when the stream ends: rows written, and why it ended. */
  onEnd?: (end: { rows: number; outcome: "done" | "aborted" | "error" }) => void | Promise<void>;
};

function endOnce(hooks: StreamHooks) {
  let ended = false;
  return async (rows: number, outcome: "done" | "aborted" | "error") => {
    if (ended) return;
    ended = true;
    await hooks.onEnd?.({ rows, outcome });
  };
}

/** A CSV file (BOM, CRLF, every field quoted, formula-safe) as a stream, one chunk of rows per pull. */
export function csvStream(table: ExportTable, hooks: StreamHooks = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const end = endOnce(hooks);
  let rows = 0;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (!started) {
            started = true;
            controller.enqueue(encoder.encode(CSV_BOM + csvRow(table.headers)));
            return;
          }
          const open = (await hooks.waitForDrain?.()) !== false;
          if (!open || hooks.signal?.aborted) {
            await table.chunks.return(undefined);
            await end(rows, "aborted");
            controller.close();
            return;
          }
          const next = await table.chunks.next();
          if (next.done) {
            await end(rows, "done");
            controller.close();
            return;
          }
          rows += next.value.length;
          controller.enqueue(encoder.encode(next.value.map((r) => csvRow(r as CsvValue[])).join("")));
          hooks.onRows?.(rows);
        } catch (error) {
          await end(rows, "error");
          controller.error(error);
        }
      },
      async cancel() {
        await table.chunks.return(undefined);
        await end(rows, "aborted");
      },
    },
    { highWaterMark: 1 },
  );
}

// XML 1.0 cannot hold most C0 control characters; Excel refuses a file that has them.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xlsxCell(value: Cell, truncatedNote: string): string | number | null {
  if (typeof value !== "string") return value;
  const clean = value.replace(XML_INVALID, "");
  return clean.length > XLSX_MAX_CELL_CHARS ? clean.slice(0, XLSX_MAX_CELL_CHARS - truncatedNote.length) + truncatedNote : clean;
}

/** Sheet XML exceljs may hold ahead of its zip compressor before we read more rows. */
const XLSX_PENDING_LIMIT = 1024 * 1024;

/**
 * Bytes of sheet XML committed but not yet taken by the zip compressor. exceljs hands the XML to
 * the compressor without waiting for it (its StreamBuf ignores backpressure), so the writer
 * checks this after each chunk and waits: without it a fast database outruns deflate and the
 * backlog grows with the export (measured: about 0.8 MB per 1,000 rows). Reads exceljs 4.4
 * internals; export.server.test.ts fails if they change (the wait would silently stop working).
 */
export function pendingSheetBytes(sheet: unknown): number {
  const pipes = (sheet as { stream?: { pipes?: { _writableState?: { length?: number } }[] } }).stream?.pipes ?? [];
  return pipes.reduce((sum, pipe) => sum + (pipe._writableState?.length ?? 0), 0);
}

/**
 * An XLSX workbook as a stream. Cells are typed text or numbers, never formulas (exceljs writes a
 * string as a string), so no apostrophe is needed against formula injection here. No shared
 * strings and no styles: the writer then keeps nothing per row in memory.
 */
export function xlsxStream(
  table: ExportTable,
  hooks: StreamHooks & { maxRowsPerSheet?: number; truncatedNote?: string } = {},
): ReadableStream<Uint8Array> {
  const maxRows = hooks.maxRowsPerSheet ?? XLSX_MAX_ROWS_PER_SHEET;
  const note = hooks.truncatedNote ?? "…";
  const end = endOnce(hooks);
  const out = new PassThrough();
  let rows = 0;
  let aborted = false;
  let closed = false;
  let wake: (() => void) | null = null;
  const nudge = () => {
    wake?.();
    wake = null;
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        out.on("data", (chunk: Buffer) => {
          if (!closed) controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        });
        out.on("end", () => {
          if (closed) return;
          closed = true;
          controller.close();
        });
        const produce = async () => {
          const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
          let sheetNo = 1;
          const addSheet = () => {
            const sheet = workbook.addWorksheet(sheetNo === 1 ? table.sheetName : `${table.sheetName} (${sheetNo})`, {
              views: [{ state: "frozen", ySplit: 1 }],
            });
            sheet.columns = table.headers.map(() => ({ width: 18 }));
            sheet.addRow(table.headers).commit();
            return sheet;
          };
          let sheet = addSheet();
          let inSheet = 0;
          for (;;) {
            const open = (await hooks.waitForDrain?.()) !== false;
            // Backpressure: produce more only when the reader has taken what we gave it.
            while (open && !aborted && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (wake = resolve));
            if (!open || aborted || hooks.signal?.aborted) {
              aborted = true;
              await table.chunks.return(undefined);
              out.destroy();
              await end(rows, "aborted");
              if (!closed) {
                closed = true;
                controller.close();
              }
              return;
            }
            const next = await table.chunks.next();
            if (next.done) break;
            for (const row of next.value) {
              if (inSheet === maxRows) {
                sheet.commit();
                sheetNo += 1;
                sheet = addSheet();
                inSheet = 0;
              }
              sheet.addRow(row.map((c) => xlsxCell(c, note))).commit();
              inSheet += 1;
            }
            rows += next.value.length;
            hooks.onRows?.(rows);
            // Let the zip compressor catch up with the rows just committed.
            while (!aborted && pendingSheetBytes(sheet) > XLSX_PENDING_LIMIT)
              await new Promise((resolve) => setTimeout(resolve, 2));
          }
          sheet.commit();
          await workbook.commit();
          await end(rows, "done");
        };
        produce().catch(async (error: unknown) => {
          await end(rows, "error");
          out.destroy();
          if (!closed) {
            closed = true;
            controller.error(error);
          }
        });
      },
      pull() {
        nudge();
      },
      cancel() {
        aborted = true;
        closed = true;
        nudge();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 256 * 1024 }),
  );
}

// ---------------------------------------------------------------------------------------
// Starting an export: audit entries, stream, file name
// ---------------------------------------------------------------------------------------

/** The filter as it goes into the audit log: a search text as its HMAC, never as typed. */
export function filterForAudit(filter: object): Record<string, string> {
  const compact = compactFilter(filter);
  if (compact.q) {
    compact.qHash = hmacLookupKey("export-search", compact.q);
    delete compact.q;
  }
  return compact;
}

export function exportFileName(kind: ExportKind, format: ExportFormat, now = new Date()): string {
  const stamp = formatTokyoTimestamp(now).slice(11).replace(/:/g, "");
  return `madoguchi-${kind}-${compactTokyoDay(now)}-${stamp}.${format}`;
}

export type StartExportInput<K extends ExportKind> = {
  kind: K;
  format: ExportFormat;
  filter: ExportFilterFor[K];
  actor: AuditActor;
  request?: Request;
  ip?: string;
  locale: Locale;
  chunkSize?: number;
  maxRowsPerSheet?: number;
} & Pick<StreamHooks, "waitForDrain" | "signal" | "onRows">;

export type StartedExport = { exportId: string; fileName: string; contentType: string; stream: ReadableStream<Uint8Array> };

/** Writes the "export.<kind>" audit entry, then returns the stream; "export.finish" follows when it ends. */
export async function startExport<K extends ExportKind>(input: StartExportInput<K>): Promise<StartedExport> {
  const exportId = randomToken().slice(0, 16);
  const auditFilter = filterForAudit(input.filter);
  await recordAudit({
    actor: input.actor,
    action: `export.${input.kind}`,
    entityType: "export",
    entityId: exportId,
    request: input.request,
    ip: input.ip,
    details: { format: input.format, filter: auditFilter },
  });
  const table = await buildExportTable({
    kind: input.kind,
    filter: input.filter,
    locale: input.locale,
    chunkSize: input.chunkSize,
  });
  const hooks: StreamHooks = {
    waitForDrain: input.waitForDrain,
    signal: input.signal,
    onRows: input.onRows,
    onEnd: async ({ rows, outcome }) => {
      const redacted = table.redactions();
      await recordAudit({
        actor: input.actor,
        action: "export.finish",
        entityType: "export",
        entityId: exportId,
        request: input.request,
        ip: input.ip,
        details: { kind: input.kind, format: input.format, rows, outcome, ...(redacted ? { redactedCells: redacted } : {}) },
      });
    },
  };
  const stream =
    input.format === "csv"
      ? csvStream(table, hooks)
      : xlsxStream(table, {
          ...hooks,
          maxRowsPerSheet: input.maxRowsPerSheet,
          truncatedNote: resources[input.locale].exports.truncated,
        });
  return { exportId, fileName: exportFileName(input.kind, input.format), contentType: CONTENT_TYPES[input.format], stream };
}

/**
 * A small table (a waiver batch: a few thousand rows at most) as a whole CSV or XLSX download.
 * Same CSV rules as the streamed exports; the XLSX is built in memory.
 */
export async function smallTableResponse({
  format,
  baseName,
  sheetName,
  header,
  rows,
}: {
  format: ExportFormat;
  baseName: string;
  sheetName: string;
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
}): Promise<Response> {
  let body: Uint8Array<ArrayBuffer>;
  if (format === "csv") {
    body = new TextEncoder().encode(CSV_BOM + [header, ...rows].map((r) => csvRow(r as CsvValue[])).join(""));
  } else {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = header.map(() => ({ width: 20 }));
    sheet.addRow([...header]);
    for (const row of rows) sheet.addRow(row.map((c) => xlsxCell(c, "…")));
    body = new Uint8Array(await workbook.xlsx.writeBuffer());
  }
  return new Response(body, {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${baseName}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
}

/** The HTTP response of an export: the stream as an attachment, never cached. */
export function exportResponse(started: StartedExport): Response {
  return new Response(started.stream, {
    headers: {
      "Content-Type": started.contentType,
      "Content-Disposition": `attachment; filename="${started.fileName}"`,
      "Cache-Control": "no-store",
      "X-Export-Id": started.exportId,
    },
  });
}
