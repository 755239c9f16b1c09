/**
 * Proof that no card number survives (issue 6, point 4): `npm run proof:cards [-- --pg]`.
 *
 * 1. Starts the real app (as `npm start`) on a copy of the demo database (SQLite), or on a
 *    scratch PostgreSQL database with --pg.
 * 2. Generates Luhn-valid card numbers of the major brands and security-code sentences
 *    (tests/proof/cards/generate.ts, seeded: every run sends the same ones), and sends every way
 *    of writing a number through every free-text input over HTTP on 127.0.0.1 and through the
 *    command line (tests/proof/cards/surfaces.ts), recording the status each input answered.
 * 3. Downloads the exports (contacts, waivers, lookups, audit: CSV and XLSX; the waiver batch
 *    file) into the app's DATA_DIR and writes two with the `export` command.
 * 4. Stops the app and scans the database (SQLite file with -wal/-shm, or a pg_dump), the whole
 *    DATA_DIR, the app's log and the command-line output (tests/proof/cards/scan.ts) for every
 *    generated number, in every encoding, and for any other Luhn-valid number.
 * 5. Prints what it did and found, writes tests/.reports/card-scan.json (card-scan-pg.json with
 *    --pg) and exits 1 if anything was found or an input answered what it should not.
 *
 * Options: --pg, --seed N (default 20170805), --keep (keep the run folder under .cache/card-proof),
 * --concurrency N (requests in flight, default 4).
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { demoSqliteDatabase, ensureBuild, out, ROOT, runCli, startApp } from "./harness";
import type { RunningApp } from "./harness";
import { FuzzRun } from "./cards/fuzz-run";
import { Browser } from "./cards/http";
import { scanPaths } from "./cards/scan";
import type { FileResult, Hit } from "./cards/scan";
import * as surfaces from "./cards/surfaces";
import type { Context } from "./cards/surfaces";

const { values: options } = parseArgs({
  options: {
    pg: { type: "boolean", default: false },
    seed: { type: "string", default: "20170805" },
    keep: { type: "boolean", default: false },
    concurrency: { type: "string", default: "4" },
    only: { type: "string" },
  },
});
/** --only a,b: run only the inputs whose step name contains one of these words (for working on one input). */
const only = options.only?.split(",").map((w) => w.trim().toLowerCase()) ?? null;
const wanted = (name: string) => !only || only.some((w) => name.toLowerCase().includes(w));
const engine = options.pg ? "postgresql" : "sqlite";
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
const runDir = path.join(ROOT, ".cache", "card-proof", `${engine}-${process.pid}`);
const dataDir = path.join(runDir, "data");
const workDir = path.join(runDir, "work");
const appLog = path.join(runDir, "app.log");
const cliLog = path.join(runDir, "cli.log");
rmSync(runDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
mkdirSync(workDir, { recursive: true });
writeFileSync(cliLog, "");

// ---------------------------------------------------------------------------------------------
// The database
// ---------------------------------------------------------------------------------------------

const PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres";
const pgDatabase = `card_proof_${process.pid}`;

function psql(sql: string): string {
  const result = spawnSync("psql", [PG_ADMIN, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return result.stdout.trim();
}

function prepareDatabase(): { url: string; files: string[] } {
  if (options.pg) {
    psql(`DROP DATABASE IF EXISTS ${pgDatabase}`);
    psql(`CREATE DATABASE ${pgDatabase}`);
    return { url: `postgresql://postgres@127.0.0.1:5432/${pgDatabase}`, files: [] };
  }
  const file = demoSqliteDatabase(path.join(runDir, "madoguchi.db"));
  return { url: `file:${file}`, files: [file, `${file}-wal`, `${file}-shm`] };
}

/** What the scan reads of PostgreSQL: a pg_dump of the scratch database. */
function dumpPostgres(): string[] {
  const file = path.join(runDir, "pg_dump.sql");
  const result = spawnSync("pg_dump", ["-h", "127.0.0.1", "-U", "postgres", "-d", pgDatabase, "-f", file], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr}`);
  return [file];
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

const run = new FuzzRun(Number(options.seed));
const timings: { step: string; seconds: number }[] = [];
async function step<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const t0 = Date.now();
  out(`[${seconds()} s] ${name}…`);
  try {
    return await work();
  } finally {
    timings.push({ step: name, seconds: Math.round((Date.now() - t0) / 100) / 10 });
  }
}

let app: RunningApp | null = null;
let exitCode = 1;
try {
  out(
    `Card-number proof on ${engine}: seed ${options.seed}, ${run.formats.length} ways of writing a number, run folder ${path.relative(ROOT, runDir)}`,
  );
  const buildDir = await step("build", () => ensureBuild());
  const db = await step("database", () => prepareDatabase());
  const env = {
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    TRUST_PROXY: "true",
    SELF_CHECK_FLOOR_MS: "0",
    LOGIN_ATTEMPTS_PER_IP: "1000",
  };
  app = await step("start the app", () => startApp({ env, logFile: appLog, buildDir }));
  // One token for the lookups, calls and contacts APIs; two for inbound email (each token may
  // send 300 messages a minute, and the run sends more).
  const newToken = (name: string, scopes: string) =>
    runCli(["token", "create", "--name", name, "--scopes", scopes], { DATABASE_URL: db.url, DATA_DIR: dataDir })
      .trim()
      .split("\n")
      .at(-1)!
      .trim();
  const [token, ...emailTokens] = await step("API tokens (command line)", () => [
    newToken("card-proof", "lookups,calls,contacts"),
    newToken("card-proof-email-1", "contacts"),
    newToken("card-proof-email-2", "contacts"),
  ]);
  const [agent, supervisor, admin] = [new Browser(app.url), new Browser(app.url), new Browser(app.url)];
  await agent.login("agent@example.jp", "madoguchi-agent");
  await supervisor.login("supervisor@example.jp", "madoguchi-supervisor");
  await admin.login("admin@example.jp", "madoguchi-admin");
  const ctx: Context = {
    run,
    url: app.url,
    agent,
    supervisor,
    admin,
    token: token!,
    emailTokens,
    workDir,
    cliEnv: { DATABASE_URL: db.url, DATA_DIR: dataDir },
    cliLog: (text) => appendFileSync(cliLog, text),
    cliRuns: { count: 3 }, // the three API tokens
    concurrency: Number(options.concurrency),
  };

  let inquiries: string[] = [];
  let waivers: surfaces.StaffWaiver[] = [];
  let batchPath: string | null = null;
  const steps: [string, () => Promise<unknown> | unknown][] = [
    ["staff contact form and corrections", () => surfaces.staffContactForm(ctx)],
    ["contacts API", () => surfaces.contactsApi(ctx)],
    ["calls API", () => surfaces.callsApi(ctx)],
    ["lookups API", () => surfaces.lookupsApi(ctx)],
    ["public inquiry form", async () => (inquiries = await surfaces.inquiryForm(ctx))],
    ["inquiry queue: answer and close", () => surfaces.inquiryQueue(ctx, inquiries)],
    ["public self-check", () => surfaces.selfCheck(ctx)],
    ["public waiver request", () => surfaces.publicWaiverForm(ctx)],
    ["public waiver status", () => surfaces.waiverStatusForm(ctx)],
    ["staff login", () => surfaces.loginForm(ctx)],
    ["staff lookup", () => surfaces.staffLookup(ctx)],
    ["staff waiver requests", async () => (waivers = await surfaces.staffWaiverForm(ctx))],
    ["waiver rejections and batch answers", async () => (batchPath = await surfaces.waiverReviewAndBatch(ctx, waivers))],
    ["inbound email API", () => surfaces.inboundEmailApi(ctx)],
    ["email receive (command line)", () => surfaces.emailReceiveCli(ctx)],
    ["CSV import upload and run", () => surfaces.csvImportUpload(ctx)],
    ["import (command line)", () => surfaces.csvImportCli(ctx)],
    ["script/FAQ editor", () => surfaces.scriptEditor(ctx)],
    ["closure days, tokens, accounts, saved views", () => surfaces.adminTexts(ctx)],
    ["new incident form", () => surfaces.incidentForm(ctx)],
  ];
  for (const [name, work] of steps) if (wanted(name)) await step(name, work);

  await step("exports", async () => {
    const input = "exports (downloads and the export command)";
    run.describe(input, "written (200 / exit 0) and scanned with the rest of DATA_DIR");
    const dir = path.join(dataDir, "exports-downloaded");
    mkdirSync(dir, { recursive: true });
    const downloads: [Browser, string][] = [
      ...["contacts", "waivers", "lookups"].flatMap((kind) =>
        ["csv", "xlsx"].map((f): [Browser, string] => [supervisor, `/staff/exports/${kind}.${f}?incident=all`]),
      ),
      [admin, "/staff/exports/audit.csv"],
      [admin, "/staff/exports/audit.xlsx"],
      ...(batchPath !== null
        ? [
            [supervisor, `${batchPath}/batch.csv`] as [Browser, string],
            [supervisor, `${batchPath}/batch.xlsx`] as [Browser, string],
          ]
        : []),
    ];
    for (const [browser, url] of downloads) {
      const res = await browser.download(url);
      run.record(input, url, { status: res.status, body: "" }, [200]);
      writeFileSync(path.join(dir, url.replace(/^\/staff\//, "").replace(/[/?=&]/g, "_")), res.bytes);
    }
    mkdirSync(path.join(dataDir, "exports"), { recursive: true });
    for (const format of ["csv", "xlsx"]) {
      const result = await surfaces.cli(ctx, [
        "export",
        "contacts",
        "--format",
        format,
        "--out",
        path.join(dataDir, "exports", `contacts-cli.${format}`),
      ]);
      run.record(input, `export contacts --format ${format}`, { status: result.status, body: result.output }, [0]);
    }
  });

  await step("stop the app", () => app!.stop());
  app = null;
  const dbFiles = options.pg ? await step("pg_dump", () => dumpPostgres()) : db.files;

  // The numbers file lives in the run folder, outside everything scanned.
  writeFileSync(path.join(runDir, "targets.json"), JSON.stringify({ numbers: run.numbers, codes: run.codes }));
  const scanned = [...dbFiles, dataDir, appLog, cliLog];
  const cliRuns = ctx.cliRuns.count;
  const results = await step("scan", () => scanPaths(scanned, { numbers: run.numbers, codes: run.codes, anyLuhn: true }));

  // ---- report ---------------------------------------------------------------------------
  const leaks = results.flatMap((r) => r.hits.filter((h) => h.kind !== "unlisted-luhn"));
  const unlisted = results.flatMap((r) => r.hits.filter((h) => h.kind === "unlisted-luhn"));
  const unexpected = [...run.inputs.values()].flatMap((i) => i.unexpected.map((u) => `${i.input}: ${u}`));
  out("");
  out(
    `Sent ${run.numbers.length} card numbers (${run.formats.length} ways of writing them) and ${run.codes.length} security-code sentences`,
  );
  out(`through ${run.inputs.size} inputs in ${Browser.requests} HTTP requests and ${cliRuns} command-line runs.`);
  out("");
  out("Input | requests | statuses | numbers | codes | behaviour");
  for (const i of run.inputs.values()) {
    const statuses = Object.entries(i.statuses)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    out(
      `${i.input} | ${i.requests} | ${statuses} | ${i.numbers} | ${i.codes} | ${i.behaviour}${i.unexpected.length ? ` | ${i.unexpected.length} UNEXPECTED` : ""}`,
    );
  }
  out("");
  out(`Scanned (${scanned.map((p) => path.relative(ROOT, p)).join(", ")}):`);
  // One line per file; the entries of a zip (XLSX) count towards their file.
  const entryHits = (r: FileResult) => results.filter((e) => e.file.startsWith(`${r.file}!`)).flatMap((e) => e.hits);
  for (const r of results.filter((x) => !x.file.includes("!"))) {
    const hits = [...r.hits, ...entryHits(r)];
    const kinds = hits.reduce<Record<string, number>>((acc, h) => ({ ...acc, [h.kind]: (acc[h.kind] ?? 0) + 1 }), {});
    const found =
      hits.length === 0
        ? "none"
        : Object.entries(kinds)
            .map(([k, n]) => `${n} ${k}`)
            .join(", ");
    out(`  ${path.relative(ROOT, r.file)} (${r.bytes.toLocaleString("en")} bytes${r.note ? `, ${r.note}` : ""}): ${found}`);
  }
  const show = (hits: Hit[], limit: number) => {
    for (const h of hits.slice(0, limit))
      out(`    ${h.kind} ${h.value} in ${path.relative(ROOT, h.file)} [${h.view}] at ${h.offset}: ${h.label}`);
    if (hits.length > limit) out(`    … and ${hits.length - limit} more (see the JSON report)`);
  };
  if (leaks.length) {
    out("");
    out(`FOUND ${leaks.length} generated number(s) or security code(s):`);
    show(leaks, 40);
  }
  if (unlisted.length) {
    out("");
    out(`FOUND ${unlisted.length} Luhn-valid number(s) that were not generated:`);
    show(unlisted, 20);
  }
  if (unexpected.length) {
    out("");
    out(`${unexpected.length} unexpected answer(s):`);
    for (const u of unexpected.slice(0, 40)) out(`    ${u}`);
  }
  const reportDir = path.join(ROOT, "tests", ".reports");
  mkdirSync(reportDir, { recursive: true });
  const reportFile = path.join(reportDir, options.pg ? "card-scan-pg.json" : "card-scan.json");
  writeFileSync(
    reportFile,
    JSON.stringify(
      {
        engine,
        seed: Number(options.seed),
        seconds: Number(seconds()),
        timings,
        formats: run.formats.map((f) => f.name),
        numbers: run.numbers.length,
        securityCodes: run.codes.length,
        httpRequests: Browser.requests,
        commandLineRuns: cliRuns,
        inputs: [...run.inputs.values()],
        scanned: results.map((r) => ({
          file: path.relative(ROOT, r.file),
          bytes: r.bytes,
          note: r.note,
          views: r.views.length,
          hits: r.hits.map((h) => ({ ...h, file: path.relative(ROOT, h.file) })),
        })),
        passed: leaks.length === 0 && unlisted.length === 0 && unexpected.length === 0,
      },
      null,
      2,
    ),
  );
  out("");
  out(
    `Report: ${path.relative(ROOT, reportFile)}. ${Object.entries(Object.fromEntries(timings.map((t) => [t.step, t.seconds])))
      .map(([k, v]) => `${k} ${v} s`)
      .join(", ")}.`,
  );
  exitCode = leaks.length === 0 && unlisted.length === 0 && unexpected.length === 0 ? 0 : 1;
  out(exitCode === 0 ? `PASS: no card number or security code survived (${seconds()} s).` : `FAIL (${seconds()} s).`);
} catch (error) {
  out(`FAIL: the proof could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (app) out(`Last app output:\n${app.output().slice(-3000)}`);
  exitCode = 1;
} finally {
  if (app) await app.kill9();
  if (options.pg) {
    try {
      psql(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
    } catch (error) {
      out(`Could not drop the scratch database ${pgDatabase}: ${(error as Error).message}`);
    }
  }
  if (options.keep || exitCode !== 0) out(`Run folder kept: ${path.relative(ROOT, runDir)}`);
  else rmSync(runDir, { recursive: true, force: true });
}
process.exit(exitCode);
