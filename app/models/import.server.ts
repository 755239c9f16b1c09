/**
 * Importing the affected list from a CSV file: jobs, inspection and preview, and the streaming
 * import itself. All database access for ImportJob and ImportRowError lives here.
 *
 * How an import runs (runImportJob):
 * - the file is read as a stream (fs → iconv-lite decoder → csv-parse), never held in memory;
 * - records are validated one by one (app/domain/import-rules.ts) and collected into batches;
 * - each batch is ONE transaction: the records (multi-row INSERT ... ON CONFLICT ("incidentId",
 *   "rowKey") DO NOTHING, which SQLite and PostgreSQL both understand), the row errors and the
 *   job's counters and lastCommittedLine. A process killed half-way leaves whole batches only;
 *   a re-run skips the records up to lastCommittedLine, and the row key makes any record read
 *   twice add nothing;
 * - a cell holding a card number stops the import: the open batch is dropped, the job fails,
 *   an uploaded file is deleted, and the message names the line and column, never the number.
 *
 * Jobs run in the process that started them: the web server (in the background, one at a time
 * per job, tracked in memory) or the CLI. A job left "running" by a process that died is shown
 * as interrupted the next time jobs are read (same host: its pid is gone; any host: no
 * heartbeat for two minutes) and can be resumed.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { open, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream";
import { once } from "node:events";
import { parse } from "csv-parse";
import type { Info } from "csv-parse";
import iconv from "iconv-lite";
import {
  encodeRowProblem,
  MAX_STORED_ROW_ERRORS,
  PREVIEW_ROWS,
  SAMPLE_ROWS,
  findCardNumberCell,
  findRefusedColumn,
  fromStoredMapping,
  proposeMapping,
  sniffDelimiter,
  sniffEncoding,
  SNIFF_BYTES,
  StoredMappingSchema,
  uniqueHeaders,
  validateRow,
} from "~/domain/import-rules";
import type { ColumnRefusal, ColumnTarget, ImportEncoding, RowProblem, StoredMapping } from "~/domain/import-rules";
import { redactFreeText } from "~/domain/redact";
import { buildAffectedRecordRow } from "~/models/affected-record.server";
import { JobNotOwnedError, openBatchWriter } from "~/models/import-writer.server";
import type { BatchWriter } from "~/models/import-writer.server";
import type { AffectedRecordRow } from "~/models/affected-record.server";
import { recordAudit } from "~/utils/audit.server";
import type { AuditActor } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { collectGarbage } from "~/utils/memory.server";

// ---------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------

/** Records per transaction (valid and invalid together). */
export const IMPORT_BATCH_ROWS = 2_000;
/** Largest upload accepted (just under 2 GiB, so byte counts fit Prisma's Int). */
export const MAX_UPLOAD_BYTES = 2_000_000_000;
/** A full garbage collection after this many batches keeps a long import's memory flat. */
const GC_EVERY_BATCHES = 2;
/** A running job whose heartbeat is older than this is taken as interrupted. */
const STALE_HEARTBEAT_MS = 120_000;
/** A single CSV record larger than this is an error (an unclosed quote would otherwise swallow the file). */
const MAX_RECORD_BYTES = 1_000_000;

// ---------------------------------------------------------------------------------------
// Jobs
// ---------------------------------------------------------------------------------------

export const IMPORT_STATUSES = ["pending", "running", "done", "failed", "interrupted"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** What ImportJob.message holds (JSON): a code and its parameters, translated when shown. No raw values. */
export type ImportMessage =
  | { code: "refused"; refusal: ColumnRefusal }
  | { code: "card_number_in_row"; line: number; column: string }
  | { code: "mapping_mismatch"; column: string }
  | { code: "file_missing" }
  | { code: "file_changed" }
  | { code: "empty_file" }
  | { code: "interrupted" }
  | { code: "unexpected"; error: string };

/** Failures after which the job cannot be resumed (the file is gone or must not be read again). */
const FINAL_FAILURES = new Set<ImportMessage["code"]>([
  "refused",
  "card_number_in_row",
  "file_missing",
  "file_changed",
  "empty_file",
]);

function parseMessage(message: string | null): ImportMessage | null {
  if (!message) return null;
  try {
    const value = JSON.parse(message) as ImportMessage;
    return typeof value === "object" && value !== null && typeof value.code === "string" ? value : null;
  } catch {
    return null;
  }
}

export function importsDir(): string {
  return path.resolve(getEnv().DATA_DIR, "imports");
}

/** Whether the file is an upload this app owns (under DATA_DIR/imports) and may delete. */
export function isOwnedUpload(filePath: string | null): filePath is string {
  if (!filePath) return false;
  const dir = importsDir() + path.sep;
  return path.resolve(filePath).startsWith(dir);
}

async function deleteOwnedUpload(filePath: string | null): Promise<void> {
  if (isOwnedUpload(filePath)) await rm(filePath, { force: true });
}

/** Deletes an upload that did not become a job (a rejected form). Only files under DATA_DIR/imports. */
export async function deleteUploadedFile(filePath: string): Promise<void> {
  await deleteOwnedUpload(filePath);
}

const JOB_SELECT = {
  id: true,
  incidentId: true,
  siteId: true,
  fileName: true,
  filePath: true,
  fileHash: true,
  encoding: true,
  mapping: true,
  status: true,
  totalBytes: true,
  bytesRead: true,
  rowsRead: true,
  rowsImported: true,
  rowsDuplicate: true,
  rowsInvalid: true,
  lastCommittedLine: true,
  message: true,
  createdById: true,
  createdAt: true,
  finishedAt: true,
  runnerId: true,
  heartbeatAt: true,
  startedAt: true,
  rowsAtStart: true,
  incident: { select: { slug: true, titleJa: true, titleEn: true } },
  site: { select: { slug: true, nameJa: true, nameEn: true } },
} as const;

type JobRow = NonNullable<Awaited<ReturnType<typeof findJobRow>>>;

function findJobRow(id: string) {
  return prisma.importJob.findUnique({ where: { id }, select: JOB_SELECT });
}

/** A job as pages and the CLI show it. Dates as ISO strings. */
export type ImportJobView = ReturnType<typeof toView>;

function toView(job: JobRow, storedErrors?: number) {
  const message = parseMessage(job.message);
  const status = job.status as ImportStatus;
  const end = job.finishedAt ?? job.heartbeatAt;
  const seconds = job.startedAt && end ? (end.getTime() - job.startedAt.getTime()) / 1000 : 0;
  const rowsThisRun = job.rowsRead - job.rowsAtStart;
  const percent =
    status === "done" ? 100 : job.totalBytes > 0 ? Math.min(100, Math.floor((job.bytesRead / job.totalBytes) * 1000) / 10) : 0;
  return {
    id: job.id,
    incidentId: job.incidentId,
    siteId: job.siteId,
    incident: job.incident,
    site: job.site,
    fileName: job.fileName,
    fileHash: job.fileHash,
    encoding: job.encoding as ImportEncoding,
    mapping: parseStoredMapping(job.mapping),
    status,
    totalBytes: job.totalBytes,
    bytesRead: status === "done" ? job.totalBytes : job.bytesRead,
    percent,
    rowsRead: job.rowsRead,
    rowsImported: job.rowsImported,
    rowsDuplicate: job.rowsDuplicate,
    rowsInvalid: job.rowsInvalid,
    rowsPerSecond: seconds > 0 && rowsThisRun > 0 ? Math.round(rowsThisRun / seconds) : 0,
    errorsStored: storedErrors ?? Math.min(job.rowsInvalid, MAX_STORED_ROW_ERRORS),
    errorsNotStored: Math.max(0, job.rowsInvalid - (storedErrors ?? Math.min(job.rowsInvalid, MAX_STORED_ROW_ERRORS))),
    lastCommittedLine: job.lastCommittedLine,
    message,
    resumable:
      (status === "failed" || status === "interrupted") &&
      !(message && FINAL_FAILURES.has(message.code)) &&
      job.filePath !== null,
    fileKept: job.filePath !== null,
    createdById: job.createdById,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

function parseStoredMapping(json: string): StoredMapping {
  try {
    const parsed = StoredMappingSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

// ---- who is running what --------------------------------------------------------------

const RUNNER_ID = `${os.hostname()}:${process.pid}`;

/** Jobs this process is running now (kept on globalThis so a dev reload does not lose them). */
const active: Map<string, Promise<ImportRunResult>> = ((
  globalThis as unknown as { madoguchiImports?: Map<string, Promise<ImportRunResult>> }
).madoguchiImports ??= new Map());

/** The state letter of /proc/<pid>/stat ("R", "S", "Z" for a zombie…), or null where there is no /proc. */
export function processStateFromStat(statText: string): string | null {
  // "1234 (node) Z 1 …": the command may hold spaces and parentheses, so read after the last ")".
  const end = statText.lastIndexOf(")");
  const state = end < 0 ? "" : statText.slice(end + 2, end + 3);
  return /^[A-Za-z]$/.test(state) ? state : null;
}

function processStateOf(pid: number): string | null {
  try {
    return processStateFromStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}

function runnerIsDead(runnerId: string | null, heartbeatAt: Date | null, now: number): boolean {
  if (runnerId) {
    const sep = runnerId.lastIndexOf(":");
    const host = runnerId.slice(0, sep);
    const pid = Number(runnerId.slice(sep + 1));
    if (host === os.hostname() && Number.isInteger(pid) && pid > 0) {
      // Our own pid without the job in `active`: the run ended without saying so (or this is a new process with a recycled pid).
      if (pid === process.pid) return true;
      try {
        process.kill(pid, 0);
        // A killed process nobody has reaped yet (a zombie) still answers signal 0; Linux tells.
        if (processStateOf(pid) === "Z") return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ESRCH") return true;
      }
    }
  }
  return !heartbeatAt || now - heartbeatAt.getTime() > STALE_HEARTBEAT_MS;
}

/**
 * Jobs marked "running" whose process is gone become "interrupted". Done lazily, whenever jobs
 * are read, rather than at start-up: a CLI import running next to the server must not be touched.
 */
async function markDeadJobsInterrupted(where: { id?: string } = {}): Promise<void> {
  const running = await prisma.importJob.findMany({
    where: { ...where, status: "running" },
    select: { id: true, runnerId: true, heartbeatAt: true },
  });
  const now = Date.now();
  for (const job of running) {
    if (active.has(job.id) || !runnerIsDead(job.runnerId, job.heartbeatAt, now)) continue;
    await prisma.importJob.updateMany({
      where: { id: job.id, status: "running", runnerId: job.runnerId },
      data: { status: "interrupted", message: JSON.stringify({ code: "interrupted" } satisfies ImportMessage) },
    });
  }
}

// ---- reading and listing -----------------------------------------------------------------

export async function getImportJob(id: string): Promise<ImportJobView | null> {
  await markDeadJobsInterrupted({ id });
  const job = await findJobRow(id);
  if (!job) return null;
  const stored = await prisma.importRowError.count({ where: { importId: id } });
  return toView(job, stored);
}

export const IMPORT_JOBS_PER_PAGE = 20;

export async function listImportJobs({ page = 1 }: { page?: number } = {}) {
  await markDeadJobsInterrupted();
  const [total, jobs] = await Promise.all([
    prisma.importJob.count(),
    prisma.importJob.findMany({
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * IMPORT_JOBS_PER_PAGE,
      take: IMPORT_JOBS_PER_PAGE,
      select: JOB_SELECT,
    }),
  ]);
  const creatorIds = [...new Set(jobs.map((j) => j.createdById).filter((id): id is string => id !== null))];
  const creators = creatorIds.length
    ? await prisma.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(creators.map((u) => [u.id, u.name]));
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / IMPORT_JOBS_PER_PAGE)),
    jobs: jobs.map((j) => ({ ...toView(j), createdByName: j.createdById ? (names.get(j.createdById) ?? null) : null })),
  };
}

/** Incidents with their sites, for the upload form. */
export function listImportTargets() {
  return prisma.incident.findMany({
    orderBy: { noticeDate: "desc" },
    select: {
      id: true,
      slug: true,
      titleJa: true,
      titleEn: true,
      sites: { orderBy: { slug: "asc" }, select: { id: true, slug: true, nameJa: true, nameEn: true } },
    },
  });
}

/** The incident and site for slugs given on the command line, or null. */
export async function findImportTarget({ incidentSlug, siteSlug }: { incidentSlug: string; siteSlug: string }) {
  const incident = await prisma.incident.findUnique({
    where: { slug: incidentSlug },
    select: { id: true, sites: { where: { slug: siteSlug }, select: { id: true } } },
  });
  const site = incident?.sites[0];
  return incident && site ? { incidentId: incident.id, siteId: site.id } : null;
}

export async function findSite(siteId: string) {
  return prisma.site.findUnique({ where: { id: siteId }, select: { id: true, incidentId: true } });
}

/** The stored row errors of a job, by line, for the download. */
export function listImportRowErrors(importId: string) {
  return prisma.importRowError.findMany({
    where: { importId },
    orderBy: { line: "asc" },
    select: { line: true, reason: true },
    take: MAX_STORED_ROW_ERRORS,
  });
}

/** The first row errors of a job, for the job page. */
export function listFirstImportRowErrors(importId: string, take = 20) {
  return prisma.importRowError.findMany({
    where: { importId },
    orderBy: { line: "asc" },
    select: { line: true, reason: true },
    take,
  });
}

/** An unfinished job for the same file, incident and site that a new run should continue, or null. */
export async function findResumableJob({
  incidentId,
  siteId,
  fileHash,
}: {
  incidentId: string;
  siteId: string;
  fileHash: string;
}) {
  await markDeadJobsInterrupted();
  const candidates = await prisma.importJob.findMany({
    where: { incidentId, siteId, fileHash, status: { in: ["failed", "interrupted"] } },
    orderBy: { createdAt: "desc" },
    select: JOB_SELECT,
    take: 5,
  });
  const job = candidates.map((j) => toView(j)).find((j) => j.resumable);
  return job ?? null;
}

// ---------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------

/** SHA-256 (hex) and size of a file, read as a stream. */
export async function hashFile(filePath: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(filePath, { highWaterMark: 256 * 1024 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}

async function readHead(filePath: string, bytes = SNIFF_BYTES): Promise<{ head: Buffer; complete: boolean }> {
  const handle = await open(filePath, "r");
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(bytes, size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { head: buffer.subarray(0, bytesRead), complete: bytesRead >= size };
  } finally {
    await handle.close();
  }
}

export class UploadTooLargeError extends Error {
  constructor() {
    super(`The file is larger than ${MAX_UPLOAD_BYTES} bytes.`);
    this.name = "UploadTooLargeError";
  }
}

/**
 * Writes an uploaded file from a stream of chunks to DATA_DIR/imports/<jobId>.csv, hashing and
 * counting as it goes; stops at {@link MAX_UPLOAD_BYTES} (the partial file is deleted).
 */
export async function saveUpload(
  jobId: string,
  data: AsyncIterable<Uint8Array>,
): Promise<{ filePath: string; size: number; sha256: string }> {
  const dir = importsDir();
  mkdirSync(dir, { recursive: true });
  const filePath = path.join(dir, `${jobId}.csv`);
  const out = createWriteStream(filePath, { mode: 0o600 });
  const hash = createHash("sha256");
  let size = 0;
  try {
    for await (const chunk of data) {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) throw new UploadTooLargeError();
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
  } catch (error) {
    out.destroy();
    await rm(filePath, { force: true });
    throw error;
  }
  return { filePath, size, sha256: hash.digest("hex") };
}

/** A new job id (also the upload's file name). */
export function newImportJobId(): string {
  return randomUUID();
}

// ---------------------------------------------------------------------------------------
// CSV streams
// ---------------------------------------------------------------------------------------

type CsvRecord = { record: string[]; info: Info };

/**
 * One entry of a CSV file: a record with the line it starts on and the line it ends on, or a
 * record csv-parse could not read (an unclosed quote, a record over 1 MB), which is reported
 * and skipped.
 */
export type CsvEntry =
  { kind: "record"; cells: string[]; line: number; endLine: number } | { kind: "skipped"; line: number; endLine: number };

function countCrLf(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\r\n"); i >= 0; i = text.indexOf("\r\n", i + 2)) n += 1;
  return n;
}

/**
 * The entries of a file as a stream: bytes → iconv-lite → csv-parse, numbered by line.
 * `bytesRead()` counts file bytes handed to the decoder.
 *
 * Line numbers are those an editor shows. csv-parse counts a CRLF inside a quoted cell as two
 * lines (a multi-line cell in an Excel file); that drift is taken off again.
 */
function openCsv({ filePath, encoding, delimiter }: { filePath: string; encoding: ImportEncoding; delimiter: string }) {
  let bytesRead = 0;
  const skippedRawEnds: number[] = [];
  const file = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  file.on("data", (chunk) => {
    bytesRead += chunk.length;
  });
  const parser = parse({
    delimiter,
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_BYTES,
    on_skip: (error) => {
      skippedRawEnds.push(typeof error?.lines === "number" ? error.lines : 0);
      return undefined;
    },
  });
  // Errors end up on the parser, which the caller iterates; premature close after `break` is expected.
  pipeline(file, iconv.decodeStream(encoding), parser, () => {});

  async function* entries(): AsyncGenerator<CsvEntry> {
    let drift = 0;
    let previousEnd = 0;
    let previousEmpty = 0;
    const skipped = function* (beforeRawLine: number): Generator<CsvEntry> {
      while (skippedRawEnds.length > 0 && skippedRawEnds[0]! < beforeRawLine) {
        const endLine = Math.max(previousEnd + 1, skippedRawEnds.shift()! - drift);
        yield { kind: "skipped", line: previousEnd + 1, endLine };
        previousEnd = endLine;
      }
    };
    for await (const { record, info } of parser as AsyncIterable<CsvRecord>) {
      yield* skipped(info.lines);
      for (const cell of record) if (cell.includes("\r")) drift += countCrLf(cell);
      const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
      const endLine = info.lines - drift;
      previousEnd = endLine;
      previousEmpty = info.empty_lines;
      yield { kind: "record", cells: record, line, endLine };
    }
    yield* skipped(Infinity);
  }

  return {
    entries: entries(),
    bytesRead: () => bytesRead,
    close: () => {
      parser.destroy();
      file.destroy();
    },
  };
}

async function sniffFile(filePath: string): Promise<{ detected: ImportEncoding; bom: boolean; head: Buffer }> {
  const { head, complete } = await readHead(filePath);
  const { encoding, bom } = sniffEncoding(head, { complete });
  return { detected: encoding, bom, head };
}

function firstLine(head: Buffer, encoding: ImportEncoding): string {
  const text = iconv.decode(head, encoding);
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

export type ImportInspection = {
  detectedEncoding: ImportEncoding;
  encoding: ImportEncoding;
  delimiter: string;
  /** Header texts as in the file. */
  rawHeaders: string[];
  /** Column names used in mappings ({@link uniqueHeaders}). */
  columns: string[];
  /** The first records after the header, with the line each starts on. */
  sample: { line: number; cells: string[] }[];
  refusal: ColumnRefusal | null;
};

/**
 * Reads the header and the first {@link SAMPLE_ROWS} records of a file: its encoding (detected,
 * or as given), delimiter, columns, a sample, and whether it must be refused for card data.
 * Returns null for a file without a header row.
 */
export async function inspectImportFile({
  filePath,
  encoding,
}: {
  filePath: string;
  encoding?: ImportEncoding;
}): Promise<ImportInspection | null> {
  const { detected, head } = await sniffFile(filePath);
  const chosen = encoding ?? detected;
  const delimiter = sniffDelimiter(firstLine(head, chosen));
  const csv = openCsv({ filePath, encoding: chosen, delimiter });
  let rawHeaders: string[] | null = null;
  const sample: { line: number; cells: string[] }[] = [];
  try {
    for await (const entry of csv.entries) {
      if (entry.kind === "skipped") continue;
      if (rawHeaders === null) {
        rawHeaders = entry.cells;
        continue;
      }
      sample.push({ line: entry.line, cells: entry.cells });
      if (sample.length >= SAMPLE_ROWS) break;
    }
  } finally {
    csv.close();
  }
  if (rawHeaders === null) return null;
  return {
    detectedEncoding: detected,
    encoding: chosen,
    delimiter,
    rawHeaders,
    columns: uniqueHeaders(rawHeaders),
    sample,
    refusal: findRefusedColumn(
      rawHeaders,
      sample.map((s) => s.cells),
    ),
  };
}

// ---------------------------------------------------------------------------------------
// Creating and setting up jobs
// ---------------------------------------------------------------------------------------

export async function createImportJob({
  id = newImportJobId(),
  incidentId,
  siteId,
  fileName,
  filePath,
  fileHash,
  totalBytes,
  encoding,
  mapping = {},
  createdById,
}: {
  id?: string;
  incidentId: string;
  siteId: string;
  fileName: string;
  filePath: string;
  fileHash: string;
  totalBytes: number;
  encoding: ImportEncoding;
  mapping?: StoredMapping;
  createdById: string | null;
}) {
  return prisma.importJob.create({
    data: {
      id,
      incidentId,
      siteId,
      // The name is typed by whoever made the file: redacted like any free text, then shortened.
      fileName: redactFreeText(fileName).text.slice(0, 255),
      filePath,
      fileHash,
      totalBytes,
      encoding,
      mapping: JSON.stringify(mapping),
      status: "pending",
      createdById,
    },
    select: { id: true },
  });
}

/** Saves the encoding and mapping of a job that has not started yet. */
export async function updateImportSetup({
  id,
  encoding,
  mapping,
}: {
  id: string;
  encoding: ImportEncoding;
  mapping: StoredMapping;
}): Promise<boolean> {
  const result = await prisma.importJob.updateMany({
    where: { id, status: "pending" },
    data: { encoding, mapping: JSON.stringify(mapping) },
  });
  return result.count === 1;
}

/**
 * Refuses a job before anything is imported: the job fails with the refusal, an uploaded file
 * is deleted, and the refusal is audited.
 */
export async function refuseImportJob({
  id,
  refusal,
  actor,
}: {
  id: string;
  refusal: ColumnRefusal;
  actor: AuditActor;
}): Promise<void> {
  const job = await prisma.importJob.findUnique({ where: { id }, select: { filePath: true, incidentId: true, siteId: true } });
  if (!job) return;
  await deleteOwnedUpload(job.filePath);
  await prisma.importJob.update({
    where: { id },
    data: {
      status: "failed",
      message: JSON.stringify({ code: "refused", refusal } satisfies ImportMessage),
      filePath: isOwnedUpload(job.filePath) ? null : job.filePath,
      finishedAt: new Date(),
    },
  });
  await recordAudit({
    actor,
    action: "import.fail",
    entityType: "import",
    entityId: id,
    details: { reason: refusal.code, column: refusal.column, incidentId: job.incidentId, siteId: job.siteId, rowsImported: 0 },
  });
}

/**
 * Points an unfinished job at a file given again on the command line (the same file by SHA-256,
 * perhaps from another working directory). A job whose upload the app still holds keeps it.
 */
export async function repointImportFile({ id, filePath }: { id: string; filePath: string }): Promise<void> {
  const job = await prisma.importJob.findUnique({ where: { id }, select: { filePath: true, fileHash: true } });
  if (!job || job.filePath === filePath) return;
  if (isOwnedUpload(job.filePath) && existsSync(job.filePath)) return;
  const { sha256 } = await hashFile(filePath);
  if (sha256 !== job.fileHash) throw new Error("This is not the file of that import: its SHA-256 differs.");
  await prisma.importJob.update({ where: { id }, data: { filePath } });
}

/** Where a job's file is (kept on the server, never sent to the browser), or null. */
export async function importFilePath(id: string): Promise<string | null> {
  return (await prisma.importJob.findUnique({ where: { id }, select: { filePath: true } }))?.filePath ?? null;
}

/** Deletes a job that never started, and its uploaded file. */
export async function discardPendingImport(id: string): Promise<boolean> {
  const job = await prisma.importJob.findUnique({ where: { id }, select: { status: true, filePath: true } });
  if (!job || job.status !== "pending") return false;
  await deleteOwnedUpload(job.filePath);
  await prisma.importJob.delete({ where: { id } });
  return true;
}

/** The mapping targets a job would use for the inspected columns: the stored mapping when set, else the proposal. */
export function targetsFor(inspection: ImportInspection, mapping: StoredMapping): ColumnTarget[] {
  return Object.keys(mapping).length > 0 ? fromStoredMapping(inspection.columns, mapping) : proposeMapping(inspection.rawHeaders);
}

export type PreviewRow =
  | {
      line: number;
      ok: true;
      alreadyImported: boolean;
      values: {
        nameKanji: string | null;
        nameKana: string | null;
        email: string | null;
        phone: string | null;
        postalCode: string | null;
        reference: string | null;
        transactionAt: string | null;
        cardBrand: string | null;
        cardLast4: string | null;
      };
    }
  | { line: number; ok: false; reason: string };

/**
 * The first rows of a file as they would be stored: the same validation and the same record
 * building as the import, and whether each is already on the affected list (same row key).
 */
export async function previewImport({
  inspection,
  targets,
  incidentId,
  siteId,
  rows = PREVIEW_ROWS,
}: {
  inspection: ImportInspection;
  targets: ColumnTarget[];
  incidentId: string;
  siteId: string;
  rows?: number;
}): Promise<PreviewRow[]> {
  const built = inspection.sample.slice(0, rows).map(({ line, cells }) => {
    if (findCardNumberCell(cells, targets) >= 0) return { line, ok: false as const, reason: "card_number" };
    const result = validateRow(cells, targets);
    if (!result.ok) return { line, ok: false as const, reason: encodeRowProblem(result.problem) };
    return { line, ok: true as const, row: buildAffectedRecordRow({ incidentId, siteId, input: result.input }) };
  });
  const keys = built.flatMap((b) => (b.ok ? [b.row.rowKey] : []));
  const existing = keys.length
    ? new Set(
        (await prisma.affectedRecord.findMany({ where: { incidentId, rowKey: { in: keys } }, select: { rowKey: true } })).map(
          (r) => r.rowKey,
        ),
      )
    : new Set<string>();
  return built.map((b): PreviewRow => {
    if (!b.ok) return b;
    const r = b.row;
    return {
      line: b.line,
      ok: true,
      alreadyImported: existing.has(r.rowKey),
      values: {
        nameKanji: r.nameKanji,
        nameKana: r.nameKana,
        email: r.email,
        phone: r.phone,
        postalCode: r.postalCode,
        reference: r.reference,
        transactionAt: r.transactionAt?.toISOString() ?? null,
        cardBrand: r.cardBrand,
        cardLast4: r.cardLast4,
      },
    };
  });
}

// ---------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------

export type ImportProgress = {
  jobId: string;
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
  rowsImported: number;
  rowsDuplicate: number;
  rowsInvalid: number;
  rowsPerSecond: number;
  /** The run is skipping records already committed by an earlier run. */
  skipping: boolean;
};

export type ImportRunResult =
  { ok: true; job: ImportJobView } | { ok: false; job: ImportJobView | null; message: ImportMessage | { code: "not_claimable" } };

export type ImportHooks = {
  /** Called after each committed batch; throwing stops the run as a crash would (tests). */
  afterCommit?: (info: { batch: number; lastCommittedLine: number }) => void | Promise<void>;
};

class ImportAbort extends Error {
  constructor(readonly importMessage: ImportMessage) {
    super(importMessage.code);
    this.name = "ImportAbort";
  }
}

/**
 * Marks a job as running by this process, if nobody else is running it. Pending, failed
 * (resumable) and interrupted jobs can be claimed; a running job whose process died is first
 * marked interrupted.
 */
export async function claimImportJob(id: string): Promise<boolean> {
  await markDeadJobsInterrupted({ id });
  if (active.has(id)) return false;
  const job = await findJobRow(id);
  if (!job) return false;
  const view = toView(job);
  if (!(view.status === "pending" || view.resumable)) return false;
  const now = new Date();
  const result = await prisma.importJob.updateMany({
    where: { id, status: job.status },
    data: {
      status: "running",
      runnerId: RUNNER_ID,
      heartbeatAt: now,
      startedAt: now,
      rowsAtStart: job.rowsRead,
      message: null,
      finishedAt: null,
    },
  });
  return result.count === 1;
}

/**
 * Runs a job to its end in this process (the CLI awaits it; the server starts it with
 * {@link startImportInBackground}). Claims the job first; a job someone else is running is left alone.
 */
export async function runImportJob({
  jobId,
  actor,
  onProgress,
  hooks,
  batchRows = IMPORT_BATCH_ROWS,
  signal,
  viaPrisma = false,
}: {
  jobId: string;
  actor: AuditActor;
  onProgress?: (progress: ImportProgress) => void;
  hooks?: ImportHooks;
  batchRows?: number;
  signal?: AbortSignal;
  /** Write batches through Prisma even on SQLite (to measure it). */
  viaPrisma?: boolean;
}): Promise<ImportRunResult> {
  if (!(await claimImportJob(jobId))) return { ok: false, job: await getImportJob(jobId), message: { code: "not_claimable" } };
  const run = executeClaimedJob({ jobId, actor, onProgress, hooks, batchRows, signal, viaPrisma });
  active.set(jobId, run);
  try {
    return await run;
  } finally {
    active.delete(jobId);
  }
}

/**
 * Claims a job and runs it in the background of this (server) process. Returns false when the
 * job cannot be started (already running, finished, refused). Progress is read from the database.
 */
export async function startImportInBackground({ jobId, actor }: { jobId: string; actor: AuditActor }): Promise<boolean> {
  if (!(await claimImportJob(jobId))) return false;
  // executeClaimedJob records its own failures; this catch is for anything before that (never an unhandled rejection).
  const run = executeClaimedJob({ jobId, actor, batchRows: IMPORT_BATCH_ROWS, background: true }).catch(
    (error: unknown): ImportRunResult => ({
      ok: false,
      job: null,
      message: { code: "unexpected", error: error instanceof Error ? error.name : "Error" },
    }),
  );
  active.set(jobId, run);
  void run.finally(() => active.delete(jobId));
  return true;
}

/** Waits for a background import of this process to end (tests, graceful shutdown). */
export async function waitForImport(jobId: string): Promise<ImportRunResult | null> {
  const run = active.get(jobId);
  return run ? run : null;
}

function log(fields: Record<string, unknown>): void {
  if (getEnv().LOG_LEVEL === "silent") return;
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: "info", ...fields }) + "\n");
}

async function executeClaimedJob({
  jobId,
  actor,
  onProgress,
  hooks,
  batchRows,
  signal,
  background = false,
  viaPrisma = false,
}: {
  jobId: string;
  actor: AuditActor;
  onProgress?: (progress: ImportProgress) => void;
  hooks?: ImportHooks;
  batchRows: number;
  signal?: AbortSignal;
  /** Server mode: yield to other requests between batches, write log lines. */
  background?: boolean;
  viaPrisma?: boolean;
}): Promise<ImportRunResult> {
  const job = (await findJobRow(jobId))!;
  const resumeAfter = job.lastCommittedLine;
  const counts = {
    rowsRead: job.rowsRead,
    rowsImported: job.rowsImported,
    rowsDuplicate: job.rowsDuplicate,
    rowsInvalid: job.rowsInvalid,
  };
  const startedAt = Date.now();
  const rowsAtStart = job.rowsRead;
  let bytesCommitted = job.bytesRead;
  let lastCommittedLine = job.lastCommittedLine;
  let csv: ReturnType<typeof openCsv> | null = null;
  let writer: BatchWriter | null = null;

  const progress = (skipping: boolean): ImportProgress => {
    const seconds = (Date.now() - startedAt) / 1000;
    return {
      jobId,
      bytesRead: Math.max(bytesCommitted, csv?.bytesRead() ?? 0),
      totalBytes: job.totalBytes,
      ...counts,
      rowsPerSecond: seconds > 0 ? Math.round((counts.rowsRead - rowsAtStart) / seconds) : 0,
      skipping,
    };
  };

  const fail = async (
    message: ImportMessage,
    { deleteFile, detail }: { deleteFile: boolean; detail?: string },
  ): Promise<ImportRunResult> => {
    csv?.close();
    if (deleteFile) await deleteOwnedUpload(job.filePath);
    await prisma.importJob.updateMany({
      where: { id: jobId, runnerId: RUNNER_ID },
      data: {
        status: message.code === "interrupted" ? "interrupted" : "failed",
        message: JSON.stringify(message),
        finishedAt: message.code === "interrupted" ? null : new Date(),
        heartbeatAt: new Date(),
        ...(deleteFile && isOwnedUpload(job.filePath) ? { filePath: null } : {}),
      },
    });
    const details: Record<string, unknown> = { reason: message.code, incidentId: job.incidentId, siteId: job.siteId, ...counts };
    if (message.code === "card_number_in_row" || message.code === "mapping_mismatch") details.column = message.column;
    if (message.code === "card_number_in_row") details.line = message.line;
    if (message.code === "refused") {
      details.reason = message.refusal.code;
      details.column = message.refusal.column;
    }
    if (message.code === "unexpected") details.error = message.error;
    await recordAudit({ actor, action: "import.fail", entityType: "import", entityId: jobId, details });
    if (background) log({ msg: "import failed", importId: jobId, reason: message.code, ...(detail ? { detail } : {}) });
    return { ok: false, job: await getImportJob(jobId), message };
  };

  try {
    if (!job.filePath || !existsSync(job.filePath)) return await fail({ code: "file_missing" }, { deleteFile: false });
    const size = (await stat(job.filePath)).size;
    if (job.totalBytes > 0 && size !== job.totalBytes) return await fail({ code: "file_changed" }, { deleteFile: false });
    const encoding = job.encoding as ImportEncoding;

    // The refusal check again, as the stream starts: header and the first records.
    const inspection = await inspectImportFile({ filePath: job.filePath, encoding });
    if (!inspection) return await fail({ code: "empty_file" }, { deleteFile: true });
    if (inspection.refusal) return await fail({ code: "refused", refusal: inspection.refusal }, { deleteFile: true });
    const mapping = parseStoredMapping(job.mapping);
    const missing = Object.keys(mapping).find((column) => mapping[column] !== "ignore" && !inspection.columns.includes(column));
    if (missing !== undefined) return await fail({ code: "mapping_mismatch", column: missing }, { deleteFile: false });
    const targets = targetsFor(inspection, mapping);
    const columns = inspection.columns;
    collectGarbage(); // start the long loop from a small heap

    await recordAudit({
      actor,
      action: "import.start",
      entityType: "import",
      entityId: jobId,
      details: {
        incidentId: job.incidentId,
        siteId: job.siteId,
        encoding,
        fileHash: job.fileHash,
        totalBytes: job.totalBytes,
        resumeAfterLine: resumeAfter,
      },
    });
    if (background) log({ msg: "import started", importId: jobId, resumeAfterLine: resumeAfter });

    let storedErrors = await prisma.importRowError.count({ where: { importId: jobId } });
    const batchWriter = openBatchWriter({ viaPrisma });
    writer = batchWriter;
    let rows: AffectedRecordRow[] = [];
    let errors: { line: number; reason: string }[] = [];
    let pendingRead = 0;
    let pendingInvalid = 0;
    let pendingLine = lastCommittedLine;
    let batchNo = 0;
    let lastBeat = Date.now();

    const commit = async () => {
      const bytes = Math.min(Math.max(bytesCommitted, csv?.bytesRead() ?? 0), job.totalBytes);
      const storable = errors.slice(0, Math.max(0, MAX_STORED_ROW_ERRORS - storedErrors));
      const batchRowsCount = rows.length;
      let inserted: number;
      try {
        inserted = await batchWriter.commit({
          jobId,
          runnerId: RUNNER_ID,
          rows,
          errors: storable,
          progress: {
            rowsRead: counts.rowsRead + pendingRead,
            rowsImportedBefore: counts.rowsImported,
            rowsDuplicateBefore: counts.rowsDuplicate,
            rowsInvalid: counts.rowsInvalid + pendingInvalid,
            lastCommittedLine: pendingLine,
            bytesRead: bytes,
          },
        });
      } catch (error) {
        // Someone else took the job over (or it was marked interrupted): the batch was rolled back.
        if (error instanceof JobNotOwnedError) throw new ImportAbort({ code: "interrupted" });
        throw error;
      }
      counts.rowsRead += pendingRead;
      counts.rowsImported += inserted;
      counts.rowsDuplicate += batchRowsCount - inserted;
      counts.rowsInvalid += pendingInvalid;
      storedErrors += storable.length;
      lastCommittedLine = pendingLine;
      bytesCommitted = bytes;
      rows = [];
      errors = [];
      pendingRead = 0;
      pendingInvalid = 0;
      batchNo += 1;
      lastBeat = Date.now();
      onProgress?.(progress(false));
      // Keep the process small on long imports (see app/utils/memory.server.ts).
      if (batchNo % GC_EVERY_BATCHES === 0) collectGarbage();
      await hooks?.afterCommit?.({ batch: batchNo, lastCommittedLine });
      // Let the server answer requests between batches.
      if (background) await new Promise((resolve) => setImmediate(resolve));
    };

    csv = openCsv({ filePath: job.filePath, encoding, delimiter: inspection.delimiter });
    let header = true;

    for await (const entry of csv.entries) {
      if (signal?.aborted) throw new ImportAbort({ code: "interrupted" });
      if (header && entry.kind === "record") {
        header = false;
        pendingLine = Math.max(pendingLine, entry.endLine);
        continue;
      }
      if (entry.endLine <= resumeAfter) {
        // Committed by an earlier run: read past it.
        if (Date.now() - lastBeat > 5_000) {
          lastBeat = Date.now();
          await prisma.importJob.updateMany({ where: { id: jobId, runnerId: RUNNER_ID }, data: { heartbeatAt: new Date() } });
          onProgress?.(progress(true));
        }
        continue;
      }
      if (entry.kind === "skipped") {
        pendingRead += 1;
        pendingInvalid += 1;
        errors.push({ line: entry.line, reason: encodeRowProblem({ code: "csv_syntax" } satisfies RowProblem) });
      } else {
        const cardCell = findCardNumberCell(entry.cells, targets);
        if (cardCell >= 0) {
          // The open batch is dropped: nothing of it is committed.
          throw new ImportAbort({
            code: "card_number_in_row",
            line: entry.line,
            column: columns[cardCell] ?? `#${cardCell + 1}`,
          });
        }
        const result = validateRow(entry.cells, targets);
        pendingRead += 1;
        if (result.ok) {
          rows.push(
            buildAffectedRecordRow({ incidentId: job.incidentId, siteId: job.siteId, importId: jobId, input: result.input }),
          );
        } else {
          pendingInvalid += 1;
          errors.push({ line: entry.line, reason: encodeRowProblem(result.problem) });
        }
      }
      pendingLine = entry.endLine;
      if (rows.length + errors.length >= batchRows) await commit();
    }
    if (header) return await fail({ code: "empty_file" }, { deleteFile: true });
    await commit();

    await deleteOwnedUpload(job.filePath);
    await prisma.importJob.updateMany({
      where: { id: jobId, runnerId: RUNNER_ID },
      data: {
        status: "done",
        finishedAt: new Date(),
        bytesRead: job.totalBytes,
        message: null,
        ...(isOwnedUpload(job.filePath) ? { filePath: null } : {}),
      },
    });
    const seconds = Math.round((Date.now() - startedAt) / 100) / 10;
    await recordAudit({
      actor,
      action: "import.finish",
      entityType: "import",
      entityId: jobId,
      details: { incidentId: job.incidentId, siteId: job.siteId, ...counts, seconds },
    });
    if (background) log({ msg: "import finished", importId: jobId, ...counts, seconds });
    return { ok: true, job: (await getImportJob(jobId))! };
  } catch (error) {
    if (error instanceof ImportAbort) {
      const cardData = error.importMessage.code === "card_number_in_row";
      return await fail(error.importMessage, { deleteFile: cardData });
    }
    // The job and the audit log keep only the error's class; the server log gets the start of its message.
    const name = error instanceof Error ? error.name : "Error";
    const detail = error instanceof Error ? error.message.slice(0, 300) : undefined;
    return await fail({ code: "unexpected", error: name }, { deleteFile: false, detail });
  } finally {
    csv?.close();
    writer?.close();
  }
}
