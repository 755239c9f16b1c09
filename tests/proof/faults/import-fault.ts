/**
 * Fault 1: kill -9 in the middle of a large import, then continue it as the product documents.
 *
 * Two ways an import runs (app/models/import.server.ts):
 * - the command line `import FILE --incident … --site …` (killed half-way; the same command again
 *   continues the unfinished job of that file);
 * - the staff upload page, which runs the import inside the web server (the server is killed
 *   half-way; after a restart the job page shows the job as interrupted, and "resume" continues it).
 *
 * After each kill: the database file passes SQLite's integrity check (PostgreSQL: the killed
 * process left no session behind), the job still says "running" in the table (the product marks it
 * interrupted only when jobs are read), and its counters match the records on disk: whole batches
 * only. After the continuation: the job is done, every row of the file is on the list exactly
 * once, nothing twice (count against count distinct of the order number and of the row key).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import enImports from "~/locales/en/imports";
import jaImports from "~/locales/ja/imports";
import { writeDemoCsv } from "../../import-csv";
import { killTree, spawnCli, startApp } from "../harness";
import { FaultRecord, number, secondsSince, sleep, track, trackProcess, waitFor } from "./common";
import type { Engine } from "./common";
import { appSessionsGone, sqliteIntegrity } from "../scratch-databases";
import type { ScratchDatabase, ScratchDatabases, Sql } from "../scratch-databases";
import { Browser, SUPERVISOR } from "./http";

/** Records per transaction in the product (IMPORT_BATCH_ROWS). */
const BATCH_ROWS = 2_000;

type JobRow = {
  id: string;
  status: string;
  rowsRead: number;
  rowsImported: number;
  rowsDuplicate: number;
  rowsInvalid: number;
  lastCommittedLine: number;
  fileHash: string;
  filePath: string | null;
};

async function readJob(sql: Sql, id: string): Promise<JobRow> {
  const [row] = await sql.all<JobRow>(
    `SELECT "id", "status", "rowsRead", "rowsImported", "rowsDuplicate", "rowsInvalid", "lastCommittedLine", "fileHash", "filePath" FROM "ImportJob" WHERE "id" = $1`,
    [id],
  );
  if (!row) throw new Error(`No import job ${id}`);
  for (const key of ["rowsRead", "rowsImported", "rowsDuplicate", "rowsInvalid", "lastCommittedLine"] as const)
    row[key] = Number(row[key]);
  return row;
}

async function count(sql: Sql, query: string, params: unknown[] = []): Promise<number> {
  const [row] = await sql.all<{ n: number | string }>(query, params);
  return Number(row?.n ?? 0);
}

/** The checks right after the kill: the database is sound and the job's counters match what is stored. */
async function checkAfterKill(record: FaultRecord, db: ScratchDatabase, jobId: string, label: string): Promise<JobRow> {
  if (db.engine === "sqlite") {
    const integrity = sqliteIntegrity(db.name);
    record.check(`${label}: PRAGMA integrity_check after kill -9`, integrity === "ok", integrity);
  } else {
    record.check(
      `${label}: no session of the killed process left in PostgreSQL (its open transaction rolled back)`,
      await appSessionsGone(db),
    );
  }
  const sql = await db.connect();
  try {
    const job = await readJob(sql, jobId);
    const stored = await count(sql, `SELECT count(*) AS n FROM "AffectedRecord" WHERE "importId" = $1`, [jobId]);
    record.step(
      `${label}: job ${job.id} in the table: status "${job.status}", ${number(job.rowsRead)} rows read, ${number(job.rowsImported)} imported, last committed line ${number(job.lastCommittedLine)}; ${number(stored)} records of it stored`,
    );
    record.check(
      `${label}: the job is left "running" by the dead process (shown as interrupted when read)`,
      job.status === "running",
      job.status,
    );
    record.check(`${label}: the import had committed part of the file`, job.rowsRead > 0, `${number(job.rowsRead)} rows`);
    record.check(
      `${label}: stored records = the job's imported count`,
      stored === job.rowsImported,
      `${number(stored)} vs ${number(job.rowsImported)}`,
    );
    record.check(
      `${label}: whole batches only (rows read is a multiple of ${number(BATCH_ROWS)}, and read = imported + duplicates + invalid)`,
      job.rowsRead % BATCH_ROWS === 0 && job.rowsRead === job.rowsImported + job.rowsDuplicate + job.rowsInvalid,
      `${number(job.rowsRead)} = ${number(job.rowsImported)} + ${number(job.rowsDuplicate)} + ${number(job.rowsInvalid)}`,
    );
    record.check(
      `${label}: the last committed line is the header plus the rows read`,
      job.lastCommittedLine === job.rowsRead + 1,
      `line ${number(job.lastCommittedLine)}`,
    );
    return job;
  } finally {
    await sql.close();
  }
}

/** The checks after the continued import: done, every row once, nothing twice. */
async function checkFinished(
  record: FaultRecord,
  db: ScratchDatabase,
  jobId: string,
  rows: number,
  incidentId: string,
  label: string,
): Promise<void> {
  const sql = await db.connect();
  try {
    const job = await readJob(sql, jobId);
    record.step(
      `${label}: job ${job.id}: status "${job.status}", ${number(job.rowsRead)} rows read, ${number(job.rowsImported)} imported, ${number(job.rowsDuplicate)} duplicates, ${number(job.rowsInvalid)} invalid`,
    );
    record.check(`${label}: the job is marked done`, job.status === "done", job.status);
    record.check(
      `${label}: every row of the file was read once`,
      job.rowsRead === rows,
      `${number(job.rowsRead)} of ${number(rows)}`,
    );
    record.check(
      `${label}: exactly the expected records imported (every row of the file is valid and distinct)`,
      job.rowsImported === rows && job.rowsDuplicate === 0 && job.rowsInvalid === 0,
      `${number(job.rowsImported)} imported, ${number(job.rowsDuplicate)} duplicates, ${number(job.rowsInvalid)} invalid`,
    );
    const [stored] = await sql.all<{ n: string | number; refs: string | number; keys: string | number }>(
      `SELECT count(*) AS n, count(DISTINCT "reference") AS refs, count(DISTINCT "rowKey") AS keys FROM "AffectedRecord" WHERE "importId" = $1`,
      [jobId],
    );
    const n = Number(stored!.n);
    record.check(
      `${label}: stored records = rows of the file, no duplicates (count = count distinct order number = count distinct row key)`,
      n === rows && Number(stored!.refs) === n && Number(stored!.keys) === n,
      `${number(n)} records, ${number(Number(stored!.refs))} distinct order numbers, ${number(Number(stored!.keys))} distinct row keys`,
    );
    const [incident] = await sql.all<{ n: string | number; keys: string | number }>(
      `SELECT count(*) AS n, count(DISTINCT "rowKey") AS keys FROM "AffectedRecord" WHERE "incidentId" = $1`,
      [incidentId],
    );
    record.check(
      `${label}: the whole incident has no row twice (count = count distinct row key)`,
      Number(incident!.n) === Number(incident!.keys),
      `${number(Number(incident!.n))} records`,
    );
    const jobsOfFile = await count(sql, `SELECT count(*) AS n FROM "ImportJob" WHERE "fileHash" = $1`, [job.fileHash]);
    record.check(
      `${label}: the continuation used the same job (one job for this file)`,
      jobsOfFile === 1,
      `${jobsOfFile} job(s)`,
    );
  } finally {
    await sql.close();
  }
}

async function siteOf(
  db: ScratchDatabase,
  incidentSlug: string,
  siteSlug: string,
): Promise<{ incidentId: string; siteId: string }> {
  const sql = await db.connect();
  try {
    const [row] = await sql.all<{ incidentId: string; siteId: string }>(
      `SELECT i."id" AS "incidentId", s."id" AS "siteId" FROM "Incident" i JOIN "Site" s ON s."incidentId" = i."id" WHERE i."slug" = $1 AND s."slug" = $2`,
      [incidentSlug, siteSlug],
    );
    if (!row) throw new Error(`No site ${incidentSlug}/${siteSlug} in the demo data`);
    return row;
  } finally {
    await sql.close();
  }
}

/** A random point part-way through: kill once the progress passes `percent`, `delayMs` later (mid-batch). */
function killPoint() {
  return { percent: 25 + Math.floor(Math.random() * 40), delayMs: Math.floor(Math.random() * 1_500) };
}

// ---------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------

type CliRun = { code: number | null; signal: NodeJS.Signals | null; output: string };

/** Runs `import …`; calls `onLine` for each line it prints. */
function runImportCli(args: string[], env: Record<string, string>, onLine?: (line: string, kill: () => void) => void) {
  const child = spawnCli(["import", ...args], env);
  let output = "";
  let pending = "";
  const kill = () => killTree(child.pid!);
  const done = new Promise<CliRun>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, output })));
  trackProcess(child.pid!, done);
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) onLine?.(line, kill);
  };
  child.stdout!.on("data", take);
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return done;
}

async function cliImport(record: FaultRecord, db: ScratchDatabase, csv: string, rows: number): Promise<void> {
  const target = await siteOf(db, "cou-2017", "shop");
  const args = [csv, "--incident", "cou-2017", "--site", "shop"];
  const point = killPoint();
  record.step(
    `command line: npm run cli -- import ${path.basename(csv)} --incident cou-2017 --site shop; kill -9 once past ${point.percent}% + ${point.delayMs} ms`,
  );
  let killedAt = "";
  let jobId = "";
  const started = Date.now();
  const first = await runImportCli(args, db.env, (line, kill) => {
    jobId ||= /import ([0-9a-f-]{36})/.exec(line)?.[1] ?? "";
    const percent = /^\s*(\d+\.\d)%\s+[\d,]+ rows/.exec(line);
    if (percent && Number(percent[1]) >= point.percent && !killedAt) {
      killedAt = line.trim();
      setTimeout(kill, point.delayMs);
    }
  });
  record.step(`command line killed after ${secondsSince(started)} s; its last progress line: "${killedAt}"`);
  record.check(
    "command line: it was killed part-way (by SIGKILL, before it finished)",
    first.signal === "SIGKILL" || first.code === 137 || (first.code !== 0 && killedAt !== ""),
    `exit ${first.code ?? first.signal}`,
  );
  if (!jobId) throw new Error(`The import printed no job id:\n${first.output.slice(-2000)}`);
  const killed = await checkAfterKill(record, db, jobId, "command line");

  record.step("command line: the same command again (the documented way to continue)");
  const resumed = Date.now();
  const second = await runImportCli(args, db.env);
  const continuing = new RegExp(`Continuing the unfinished import ${jobId} of this file after line ([\\d,]+)`).exec(
    second.output,
  );
  record.step(
    `command line: second run exited ${second.code} after ${secondsSince(resumed)} s: "${second.output.trim().split("\n").at(-1)}"`,
  );
  record.check(
    "command line: the second run continued the interrupted job",
    continuing !== null,
    continuing?.[0] ?? second.output.slice(0, 300),
  );
  record.check(
    "command line: it continued after the last committed line",
    continuing !== null && Number(continuing[1]!.replace(/,/g, "")) === killed.lastCommittedLine,
    continuing ? `line ${continuing[1]}` : "",
  );
  record.check(
    "command line: the second run finished without an error",
    second.code === 0,
    second.code === 0 ? "" : second.output.slice(-1000),
  );
  record.figure("cli", {
    rows,
    killedAtPercentLine: killedAt,
    rowsCommittedBeforeKill: killed.rowsRead,
    resumeSeconds: secondsSince(resumed),
  });
  await checkFinished(record, db, jobId, rows, target.incidentId, "command line");
}

// ---------------------------------------------------------------------------------------
// The staff upload page (the import runs inside the web server)
// ---------------------------------------------------------------------------------------

/** What the job page shows (read from its HTML, as a browser without JavaScript sees it). */
type JobPage = { status: string; percent: number; resumable: boolean; targets: string[] };

/** Badge text → status, in both languages (the page follows the staff member's saved language). */
const STATUS_LABELS = new Map<string, string>(
  [enImports.status, jaImports.status].flatMap((labels) =>
    Object.entries(labels).map(([status, label]) => [label, status] as [string, string]),
  ),
);

async function jobPage(browser: Browser, id: string): Promise<JobPage | null> {
  const answer = await browser.get(`/staff/imports/${id}`, 10_000);
  if (answer.status !== 200) return null;
  const html = answer.body;
  const badge = /<span class="badge[^"]*">([^<]+)<\/span>/.exec(html)?.[1] ?? "";
  const targets = [...html.matchAll(/<select id="map-\d+" name="map\.\d+">([\s\S]*?)<\/select>/g)].map(
    (m) => /<option value="([^"]+)" selected="">/.exec(m[1]!)?.[1] ?? "ignore",
  );
  return {
    status: STATUS_LABELS.get(badge) ?? `unknown (${badge})`,
    percent: Number(/<progress value="([\d.]+)"/.exec(html)?.[1] ?? 0),
    resumable: /name="intent" value="resume"/.test(html),
    targets,
  };
}

async function uiImport(
  record: FaultRecord,
  db: ScratchDatabase,
  csv: string,
  rows: number,
  logDir: string,
  buildDir: string,
): Promise<void> {
  const target = await siteOf(db, "coocom-2015", "rentacar");
  const logFile = path.join(logDir, "app-import.log");
  let app = track(await startApp({ env: db.env, logFile, buildDir }));
  const browser = new Browser(app.url, "en");
  if (!(await browser.login(SUPERVISOR.email, SUPERVISOR.password))) throw new Error("The supervisor could not log in");
  await browser.get("/staff/imports");
  const upload = await browser.postFile("/staff/imports", { site: target.siteId, encoding: "auto" }, "file", csv, 120_000);
  const jobId = /\/staff\/imports\/([0-9a-f-]{36})/.exec(upload.location ?? "")?.[1];
  if (upload.status !== 302 || !jobId)
    throw new Error(`The upload was not accepted (${upload.status}): ${upload.body.slice(0, 500)}`);
  const uploaded = path.join(db.env.DATA_DIR, "imports", `${jobId}.csv`);
  record.step(`upload page: ${path.basename(csv)} uploaded as job ${jobId} for coocom-2015/rentacar`);
  const setup = await jobPage(browser, jobId);
  if (!setup || setup.targets.length === 0) throw new Error("The job page offered no column mapping");
  const fields: Record<string, string> = { intent: "start", encoding: "utf-8" };
  setup.targets.forEach((t, i) => (fields[`map.${i}`] = t));
  const start = await browser.post(`/staff/imports/${jobId}`, fields);
  if (start.status !== 302) throw new Error(`Start was refused (${start.status}): ${start.body.slice(0, 500)}`);

  const point = killPoint();
  record.step(
    `upload page: import started in the server; kill -9 of the server once the job page shows ${point.percent}% + ${point.delayMs} ms`,
  );
  const started = Date.now();
  const seen = await waitFor(
    async () => {
      const page = await jobPage(browser, jobId);
      return page && (page.percent >= point.percent || page.status !== "running") ? page : undefined;
    },
    600_000,
    200,
  );
  await sleep(point.delayMs);
  await app.kill9();
  record.step(
    `server killed after ${secondsSince(started)} s; the job page last showed ${seen?.percent ?? "?"}% (${seen?.status ?? "no answer"})`,
  );
  record.check(
    "upload page: the import was still running when the server was killed",
    seen?.status === "running",
    seen?.status ?? "no answer",
  );
  const killed = await checkAfterKill(record, db, jobId, "upload page");
  record.check("upload page: the uploaded file is kept for the continuation", existsSync(uploaded), uploaded);

  record.step("upload page: server restarted (same database)");
  app = track(await startApp({ env: db.env, logFile, buildDir }));
  const again = new Browser(app.url, "en");
  if (!(await again.login(SUPERVISOR.email, SUPERVISOR.password)))
    throw new Error("The supervisor could not log in after the restart");
  const shown = await jobPage(again, jobId);
  record.check(
    "upload page: after the restart the job page shows the job as interrupted, with the resume button",
    shown?.status === "interrupted" && shown.resumable,
    `${shown?.status ?? "no answer"}, resume button ${shown?.resumable ? "shown" : "missing"}`,
  );
  const resume = await again.post(`/staff/imports/${jobId}`, { intent: "resume" });
  record.check("upload page: the resume button is accepted", resume.status === 302, String(resume.status));
  const resumed = Date.now();
  const finished = await waitFor(
    async () => {
      const page = await jobPage(again, jobId);
      return page && page.status !== "running" ? page : undefined;
    },
    900_000,
    500,
  );
  record.step(
    `upload page: the continued import ended after ${secondsSince(resumed)} s with status "${finished?.status ?? "?"}"`,
  );
  record.check("upload page: the uploaded file is deleted once the import is done", !existsSync(uploaded));
  await app.stop();
  record.figure("uploadPage", {
    rows,
    killedAtPercent: seen?.percent ?? null,
    rowsCommittedBeforeKill: killed.rowsRead,
    resumeSeconds: secondsSince(resumed),
  });
  await checkFinished(record, db, jobId, rows, target.incidentId, "upload page");
  const sql = await db.connect();
  try {
    const starts = await count(sql, `SELECT count(*) AS n FROM "AuditLog" WHERE "action" = 'import.start' AND "entityId" = $1`, [
      jobId,
    ]);
    const finishes = await count(
      sql,
      `SELECT count(*) AS n FROM "AuditLog" WHERE "action" = 'import.finish' AND "entityId" = $1`,
      [jobId],
    );
    record.check(
      "upload page: audit log has two starts (first run, continuation) and one finish",
      starts === 2 && finishes === 1,
      `${starts} start(s), ${finishes} finish(es)`,
    );
  } finally {
    await sql.close();
  }
}

export async function runImportFault({
  engine,
  databases,
  tempDir,
  rows,
  buildDir,
}: {
  engine: Engine;
  databases: ScratchDatabases;
  tempDir: string;
  rows: number;
  buildDir: string;
}): Promise<FaultRecord> {
  const record = new FaultRecord("import", engine);
  const db = await databases.create("import");
  const cliCsv = path.join(tempDir, `affected-cli-${rows}.csv`);
  const uiCsv = path.join(tempDir, `affected-upload-${rows}.csv`);
  if (!existsSync(cliCsv)) await writeDemoCsv({ path: cliCsv, count: rows, seed: "faults-cli" });
  if (!existsSync(uiCsv)) await writeDemoCsv({ path: uiCsv, count: rows, seed: "faults-upload" });
  record.step(`two demo CSV files of ${number(rows)} rows each (distinct order numbers, all valid)`);
  try {
    await cliImport(record, db, cliCsv, rows);
    await uiImport(record, db, uiCsv, rows, tempDir, buildDir);
  } catch (error) {
    record.check("the import fault ran to its end", false, error instanceof Error ? error.message : String(error));
  }
  return record.finish();
}
