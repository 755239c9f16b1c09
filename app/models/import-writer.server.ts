/**
 * Writes one import batch in one transaction: the affected records (skipping any whose
 * ("incidentId", "rowKey") exists), the row errors, and the job's counters and
 * lastCommittedLine. Used only by app/models/import.server.ts.
 *
 * The SQL is the same on SQLite and PostgreSQL (INSERT ... ON CONFLICT DO NOTHING). On SQLite
 * the batch goes through its own better-sqlite3 connection with prepared statements rather than
 * through Prisma: measured on 100,000 rows, Prisma's $executeRawUnsafe with multi-row VALUES
 * grew the process to about 700 MB RSS (the query compiler's WebAssembly memory and parameter
 * copies) at 1,750 rows/s, the direct connection to under 300 MB at 3,400-4,800 rows/s (see
 * docs/decisions/011-import-streaming.md). PostgreSQL goes through Prisma.
 */
import Database from "better-sqlite3";
import type { AffectedRecordRow } from "~/models/affected-record.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { sqlitePathFromUrl } from "~/utils/sqlite-path.server";

export type BatchProgress = {
  rowsRead: number;
  rowsImportedBefore: number;
  rowsDuplicateBefore: number;
  rowsInvalid: number;
  lastCommittedLine: number;
  bytesRead: number;
};

export type Batch = {
  jobId: string;
  runnerId: string;
  rows: AffectedRecordRow[];
  /** Already capped to what may still be stored. */
  errors: { line: number; reason: string }[];
  progress: BatchProgress;
};

/** The job is no longer running under this runner: the batch was rolled back. */
export class JobNotOwnedError extends Error {
  constructor() {
    super("The import job is no longer run by this process.");
    this.name = "JobNotOwnedError";
  }
}

export interface BatchWriter {
  /** Commits the batch atomically; returns how many records were added (the rest were duplicates). */
  commit(batch: Batch): Promise<number>;
  close(): void;
}

const RECORD_COLUMNS = [
  "id",
  "incidentId",
  "siteId",
  "importId",
  "nameKanji",
  "nameKana",
  "email",
  "phone",
  "postalCode",
  "reference",
  "transactionAt",
  "cardBrand",
  "cardLast4",
  "nameKey",
  "kanaKey",
  "emailKey",
  "phoneKey",
  "referenceKey",
  "rowKey",
  "createdAt",
] as const;

const COLUMN_LIST = RECORD_COLUMNS.map((c) => `"${c}"`).join(", ");
const ON_RECORD_CONFLICT = `ON CONFLICT ("incidentId", "rowKey") DO NOTHING`;
const ON_ERROR_CONFLICT = `ON CONFLICT ("importId", "line") DO NOTHING`;
const UPDATE_JOB_SET = `"rowsRead" = {0}, "rowsImported" = {1}, "rowsDuplicate" = {2}, "rowsInvalid" = {3}, "lastCommittedLine" = {4}, "bytesRead" = {5}, "heartbeatAt" = {6}`;
const UPDATE_JOB_WHERE = `"id" = {7} AND "status" = 'running' AND "runnerId" = {8}`;

let idCounter = 0;
/**
 * Record ids that grow with time (like cuid: time, counter, random), so the primary-key index
 * takes them at its end instead of at random places: one random index fewer per row.
 */
export function sequentialId(): string {
  idCounter = (idCounter + 1) % 1_679_616; // 36^4
  const random = Math.floor(Math.random() * 2_176_782_336)
    .toString(36)
    .padStart(6, "0"); // 36^6
  return `c${Date.now().toString(36).padStart(9, "0")}${idCounter.toString(36).padStart(4, "0")}${random}`;
}

function recordValues(r: AffectedRecordRow, createdAt: unknown, date: (d: Date | null) => unknown): unknown[] {
  return [
    sequentialId(),
    r.incidentId,
    r.siteId,
    r.importId,
    r.nameKanji,
    r.nameKana,
    r.email,
    r.phone,
    r.postalCode,
    r.reference,
    date(r.transactionAt),
    r.cardBrand,
    r.cardLast4,
    r.nameKey,
    r.kanaKey,
    r.emailKey,
    r.phoneKey,
    r.referenceKey,
    r.rowKey,
    createdAt,
  ];
}

// ---------------------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------------------

/** DateTime as the Prisma better-sqlite3 adapter stores it ("iso8601"): 2017-08-05T14:03:00.000+00:00. */
function sqliteDate(d: Date | null): string | null {
  return d ? d.toISOString().replace("Z", "+00:00") : null;
}

/** Page cache of the import's own SQLite connection, in KiB (SQLite's default is 2,000). */
const SQLITE_CACHE_KB = 8_000;

class SqliteBatchWriter implements BatchWriter {
  private readonly db: Database.Database;
  private readonly insertRecord: Database.Statement;
  private readonly insertError: Database.Statement;
  private readonly updateJob: Database.Statement;

  constructor(file: string) {
    // Same busy timeout as the app's Prisma connection: writers wait for each other.
    // fileMustExist: never create an empty database next to the real one.
    this.db = new Database(file, { timeout: 10_000, fileMustExist: true });
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    // A larger page cache for this connection only: fewer reads of index pages between batches.
    this.db.pragma(`cache_size = -${SQLITE_CACHE_KB}`);
    const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");
    this.insertRecord = this.db.prepare(
      `INSERT INTO "AffectedRecord" (${COLUMN_LIST}) VALUES (${marks(RECORD_COLUMNS.length)}) ${ON_RECORD_CONFLICT}`,
    );
    this.insertError = this.db.prepare(
      `INSERT INTO "ImportRowError" ("importId", "line", "reason") VALUES (?, ?, ?) ${ON_ERROR_CONFLICT}`,
    );
    this.updateJob = this.db.prepare(
      `UPDATE "ImportJob" SET ${UPDATE_JOB_SET} WHERE ${UPDATE_JOB_WHERE}`.replace(/\{\d\}/g, "?"),
    );
  }

  commit(batch: Batch): Promise<number> {
    const run = this.db.transaction((b: Batch) => {
      const createdAt = sqliteDate(new Date());
      let inserted = 0;
      for (const row of b.rows) inserted += this.insertRecord.run(recordValues(row, createdAt, sqliteDate)).changes;
      for (const e of b.errors) this.insertError.run(b.jobId, e.line, e.reason);
      const p = b.progress;
      const updated = this.updateJob.run(
        p.rowsRead,
        p.rowsImportedBefore + inserted,
        p.rowsDuplicateBefore + (b.rows.length - inserted),
        p.rowsInvalid,
        p.lastCommittedLine,
        p.bytesRead,
        sqliteDate(new Date()),
        b.jobId,
        b.runnerId,
      );
      // Throwing inside the transaction rolls the whole batch back.
      if (updated.changes !== 1) throw new JobNotOwnedError();
      return inserted;
    });
    try {
      // IMMEDIATE: take the write lock first, so the batch never fails half-way on a busy database.
      return Promise.resolve(run.immediate(batch));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  close(): void {
    this.db.close();
  }
}

// ---------------------------------------------------------------------------------------
// PostgreSQL (through Prisma)
// ---------------------------------------------------------------------------------------

/** Rows per INSERT statement: 20 parameters per row stays far below PostgreSQL's 65,535. */
const PRISMA_CHUNK_ROWS = 200;

class PrismaBatchWriter implements BatchWriter {
  private readonly marker: (i: number) => string;

  constructor(postgres: boolean) {
    this.marker = postgres ? (i) => `$${i + 1}` : () => "?";
  }

  private marks(start: number, count: number): string {
    return Array.from({ length: count }, (_, i) => this.marker(start + i)).join(", ");
  }

  async commit(batch: Batch): Promise<number> {
    return prisma.$transaction(
      async (tx) => {
        let inserted = 0;
        const createdAt = new Date();
        for (let i = 0; i < batch.rows.length; i += PRISMA_CHUNK_ROWS) {
          const params: unknown[] = [];
          const tuples: string[] = [];
          for (const row of batch.rows.slice(i, i + PRISMA_CHUNK_ROWS)) {
            tuples.push(`(${this.marks(params.length, RECORD_COLUMNS.length)})`);
            params.push(...recordValues(row, createdAt, (d) => d));
          }
          inserted += await tx.$executeRawUnsafe(
            `INSERT INTO "AffectedRecord" (${COLUMN_LIST}) VALUES ${tuples.join(", ")} ${ON_RECORD_CONFLICT}`,
            ...params,
          );
        }
        for (let i = 0; i < batch.errors.length; i += PRISMA_CHUNK_ROWS) {
          const params: unknown[] = [];
          const tuples: string[] = [];
          for (const e of batch.errors.slice(i, i + PRISMA_CHUNK_ROWS)) {
            tuples.push(`(${this.marks(params.length, 3)})`);
            params.push(batch.jobId, e.line, e.reason);
          }
          await tx.$executeRawUnsafe(
            `INSERT INTO "ImportRowError" ("importId", "line", "reason") VALUES ${tuples.join(", ")} ${ON_ERROR_CONFLICT}`,
            ...params,
          );
        }
        const p = batch.progress;
        const sql = `UPDATE "ImportJob" SET ${UPDATE_JOB_SET} WHERE ${UPDATE_JOB_WHERE}`.replace(/\{(\d)\}/g, (_m, i: string) =>
          this.marker(Number(i)),
        );
        const updated = await tx.$executeRawUnsafe(
          sql,
          p.rowsRead,
          p.rowsImportedBefore + inserted,
          p.rowsDuplicateBefore + (batch.rows.length - inserted),
          p.rowsInvalid,
          p.lastCommittedLine,
          p.bytesRead,
          new Date(),
          batch.jobId,
          batch.runnerId,
        );
        if (updated !== 1) throw new JobNotOwnedError();
        return inserted;
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
  }

  close(): void {}
}

/** The writer for the configured database. `viaPrisma` forces the Prisma path (to measure or test it). */
export function openBatchWriter({ viaPrisma = false }: { viaPrisma?: boolean } = {}): BatchWriter {
  const env = getEnv();
  if (env.databaseKind === "sqlite" && !viaPrisma) return new SqliteBatchWriter(sqlitePathFromUrl(env.DATABASE_URL));
  return new PrismaBatchWriter(env.databaseKind === "postgresql");
}
