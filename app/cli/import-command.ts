/**
 * `npm run cli -- import FILE --incident SLUG --site SLUG [--map col=field,...] [--encoding utf-8|cp932|utf-16le]`
 * `npm run cli -- import --resume JOBID [FILE]`
 *
 * Imports an affected-customer CSV into one incident and site, printing a progress line. The
 * same file for the same site again continues an interrupted or failed import of it where it
 * stopped (the row key makes any record read twice add nothing); after a finished import it
 * adds nothing and reports the duplicates. The file is never changed or deleted by the CLI.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import {
  checkMapping,
  COLUMN_TARGETS,
  isImportEncoding,
  parseMappingArgument,
  proposeMapping,
  toStoredMapping,
  IMPORT_ENCODINGS,
} from "~/domain/import-rules";
import type { ColumnRefusal, ImportEncoding, MappingProblem } from "~/domain/import-rules";
import type { ImportJobView, ImportMessage, ImportProgress } from "~/models/import.server";

const USAGE = `Usage: npm run cli -- import FILE --incident SLUG --site SLUG [--map col=field,...] [--encoding ${IMPORT_ENCODINGS.join("|")}]
       npm run cli -- import --resume JOBID [FILE]
Fields: ${COLUMN_TARGETS.join(", ")}. Columns by header name or position (#3).`;

type Out = (line: string) => void;

const number = (n: number) => n.toLocaleString("en");

export function describeRefusal(refusal: ColumnRefusal): string {
  switch (refusal.code) {
    case "card_number_header":
      return `column "${refusal.column}" is a card number column`;
    case "security_code_header":
      return `column "${refusal.column}" is a security code column`;
    case "card_number_values":
      return `column "${refusal.column}" holds card numbers`;
    case "card_number_in_header":
      return `the header of column ${refusal.column} is a card number (is the header row missing?)`;
  }
}

export function describeMessage(message: ImportMessage | { code: "not_claimable" }): string {
  switch (message.code) {
    case "refused":
      return `Refused, nothing was imported: ${describeRefusal(message.refusal)}. Card numbers and security codes must never be stored; ask for an export without them.`;
    case "card_number_in_row":
      return `Stopped: line ${message.line}, column "${message.column}" holds a card number. The batch in progress was discarded; rows committed before it stay. Ask for an export without card numbers.`;
    case "mapping_mismatch":
      return `The file has no column "${message.column}" any more.`;
    case "file_missing":
      return "The file of this import is gone; start a new import.";
    case "file_changed":
      return "The file has changed since the import started; start a new import.";
    case "empty_file":
      return "The file has no header row.";
    case "interrupted":
      return "The import was interrupted; run the same command again to continue it.";
    case "unexpected":
      return `The import failed (${message.error}); run the same command again to continue it.`;
    case "not_claimable":
      return "This import is running elsewhere or cannot be continued.";
  }
}

function describeMappingProblem(problem: MappingProblem): string {
  return problem.code === "duplicate_field"
    ? `more than one column is mapped to ${problem.field}`
    : "no column is mapped to a name, email, phone or reference field";
}

/** One progress line: "  42.0%  420,000 rows  11,873 rows/s  imported 419,000  duplicates 0  invalid 1,000". */
export function progressLine(p: ImportProgress): string {
  const percent = p.totalBytes > 0 ? ((Math.min(p.bytesRead, p.totalBytes) / p.totalBytes) * 100).toFixed(1) : "0.0";
  if (p.skipping) return `${percent.padStart(5)}%  skipping rows already imported…`;
  return `${percent.padStart(5)}%  ${number(p.rowsRead)} rows  ${number(p.rowsPerSecond)} rows/s  imported ${number(p.rowsImported)}  duplicates ${number(p.rowsDuplicate)}  invalid ${number(p.rowsInvalid)}`;
}

function summary(job: ImportJobView): string {
  return `rows ${number(job.rowsRead)}, imported ${number(job.rowsImported)}, duplicates ${number(job.rowsDuplicate)}, invalid ${number(job.rowsInvalid)}`;
}

export async function importCommand(args: string[], out: Out): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      incident: { type: "string" },
      site: { type: "string" },
      map: { type: "string" },
      encoding: { type: "string" },
      resume: { type: "string" },
    },
  });
  const file = positionals[0] ? path.resolve(positionals[0]) : undefined;
  if (positionals.length > 1) throw new Error(USAGE);
  if (values.encoding !== undefined && !isImportEncoding(values.encoding))
    throw new Error(`--encoding must be one of ${IMPORT_ENCODINGS.join(", ")}\n${USAGE}`);
  const encodingOverride = values.encoding as ImportEncoding | undefined;

  const model = await import("~/models/import.server");
  const actor = { type: "system" as const, label: "cli" };
  let jobId: string;

  if (values.resume) {
    const job = await model.getImportJob(values.resume);
    if (!job) throw new Error(`No import ${values.resume}.`);
    if (file) await model.repointImportFile({ id: job.id, filePath: file });
    jobId = job.id;
    out(`Continuing import ${jobId} after line ${number(job.lastCommittedLine)}.`);
  } else {
    if (!file || !values.incident || !values.site) throw new Error(USAGE);
    const target = await model.findImportTarget({ incidentSlug: values.incident, siteSlug: values.site });
    if (!target) throw new Error(`No site "${values.site}" in incident "${values.incident}".`);
    out(`Reading ${file}…`);
    const { sha256, size } = await model.hashFile(file);
    const resumable = await model.findResumableJob({ ...target, fileHash: sha256 });
    if (resumable && !values.map && !encodingOverride) {
      await model.repointImportFile({ id: resumable.id, filePath: file });
      jobId = resumable.id;
      out(`Continuing the unfinished import ${jobId} of this file after line ${number(resumable.lastCommittedLine)}.`);
    } else {
      const inspection = await model.inspectImportFile({ filePath: file, encoding: encodingOverride });
      if (!inspection) throw new Error("The file has no header row.");
      const targets = values.map
        ? parseMappingArgument(values.map, inspection.columns, proposeMapping(inspection.rawHeaders))
        : { ok: true as const, targets: proposeMapping(inspection.rawHeaders) };
      if (!targets.ok) throw new Error(`--map: ${targets.problem}`);
      const job = await model.createImportJob({
        ...target,
        fileName: path.basename(file),
        filePath: file,
        fileHash: sha256,
        totalBytes: size,
        encoding: inspection.encoding,
        // A refused file's column names are not kept: a header can itself be a card number.
        mapping: inspection.refusal ? {} : toStoredMapping(inspection.columns, targets.targets),
        createdById: null,
      });
      jobId = job.id;
      if (inspection.refusal) {
        await model.refuseImportJob({ id: jobId, refusal: inspection.refusal, actor });
        throw new Error(describeMessage({ code: "refused", refusal: inspection.refusal }));
      }
      out(`Encoding ${inspection.encoding}${encodingOverride ? "" : " (detected)"}, ${number(size)} bytes, import ${jobId}`);
      out(`Columns: ${inspection.columns.map((c, i) => `${c}=${targets.targets[i]}`).join(", ")}`);
      const problem = checkMapping(targets.targets);
      if (problem) {
        await model.discardPendingImport(jobId);
        throw new Error(`Mapping: ${describeMappingProblem(problem)}. Use --map col=field,...\n${USAGE}`);
      }
    }
  }

  const interactive = process.stdout.isTTY === true;
  let lastPrinted = 0;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const result = await model.runImportJob({
      jobId,
      actor,
      signal: controller.signal,
      onProgress: (p) => {
        const now = Date.now();
        if (interactive) process.stdout.write(`\r${progressLine(p)}\u001b[K`);
        else if (now - lastPrinted >= 2_000) {
          lastPrinted = now;
          out(progressLine(p));
        }
      },
    });
    if (interactive) process.stdout.write("\n");
    if (!result.ok) throw new Error(`${describeMessage(result.message)}${result.job ? `\n(${summary(result.job)})` : ""}`);
    const job = result.job;
    out(`Done: ${summary(job)} in import ${job.id}, ${number(job.rowsPerSecond)} rows/s.`);
    if (job.rowsInvalid > 0)
      out(`Invalid rows are listed with their line numbers on /staff/imports/${job.id} (download as CSV).`);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
