/**
 * `npm run bench`: builds deterministic data (1,000,000 affected records, 1,000,000 contacts) and
 * measures the app against raw baselines on the same data, machine and run. Prints one JSON line
 * per figure on stdout:
 *
 *   {"name":"sqlite.lookup_api.throughput","value":233,"unit":"req/s","baseline":8692,"ratio":0.027,"connections":50,"records":1000000}
 *
 * `ratio` is value / baseline (for a rate: the share of the baseline's rate reached; for a time or a
 * size: how many times the baseline's). Progress goes to stderr. docs/benchmarks.md explains every
 * figure and gap.
 *
 *   npm run bench                                  # SQLite and PostgreSQL, 1M records and 1M contacts
 *   npm run bench -- --engine sqlite --records 100000 --contacts 100000
 *   npm run bench -- --only import,lookup,table,export
 *
 * Options: --engine sqlite|pg|both (both), --records N (1000000), --small N (10000),
 * --contacts N (1000000), --only LIST, --seconds S per HTTP run (10), --connections C (50),
 * --dir FOLDER for the data (.cache/bench), --pg URL (postgresql://postgres@127.0.0.1:5432/postgres),
 * --doc FILE to write the figures into FILE between the markers <!-- figures:start --> and
 * <!-- figures:end --> (docs/benchmarks.md), with the machine and the date.
 * The CSV files are kept between runs (same content every time); databases are made afresh.
 * Needs /usr/bin/time (Debian package "time") and the sqlite3 and psql command-line tools.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { demoCustomers, writeDemoCsv } from "../import-csv";
import { demoSqliteDatabase, ensureBuild, freePort, PROOF_SECRETS, ROOT, startApp } from "../proof/harness";
import { runLoad } from "./http-load";
import type { LoadResult } from "./http-load";

const { values } = parseArgs({
  options: {
    engine: { type: "string", default: "both" },
    records: { type: "string", default: "1000000" },
    small: { type: "string", default: "10000" },
    contacts: { type: "string", default: "1000000" },
    only: { type: "string", default: "import,lookup,table,export" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    dir: { type: "string", default: path.join(ROOT, ".cache", "bench") },
    doc: { type: "string" },
    pg: { type: "string", default: "postgresql://postgres@127.0.0.1:5432/postgres" },
  },
});
const RECORDS = Number(values.records);
const SMALL = Number(values.small);
const CONTACTS = Number(values.contacts);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const ONLY = new Set(values.only!.split(","));
const ENGINES = values.engine === "both" ? (["sqlite", "pg"] as const) : ([values.engine] as ("sqlite" | "pg")[]);
if (![RECORDS, SMALL, CONTACTS, SECONDS, CONNECTIONS].every((n) => Number.isInteger(n) && n > 0) || !ENGINES.every((e) => e === "sqlite" || e === "pg")) {
  process.stderr.write("Usage: npm run bench -- [--engine sqlite|pg|both] [--records N] [--small N] [--contacts N] [--only import,lookup,table,export]\n");
  process.exit(2);
}
for (const tool of ["/usr/bin/time", "sqlite3", "psql"]) {
  if (spawnSync(tool === "/usr/bin/time" ? tool : "which", tool === "/usr/bin/time" ? ["true"] : [tool]).status !== 0)
    throw new Error(`${tool} is needed (apt-get install time sqlite3 postgresql-client)`);
}

const DIR = path.resolve(values.dir!);
mkdirSync(DIR, { recursive: true });
const INCIDENT = "cou-2017"; // the demo incident the CSV's transactions fall in (site "shop")
const CONTACTS_INCIDENT = "bench-contacts";
const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
type Figure = { name: string; value: number; unit: string; baseline: number | null; ratio: number | null } & Record<string, unknown>;
const figures: Figure[] = [];

/** One figure line. For rates the ratio is value/baseline; for times and sizes too (lower is better). */
function figure(name: string, value: number, unit: string, baseline: number | null, extra: Record<string, unknown> = {}) {
  const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Number(n.toFixed(2)));
  const line: Figure = {
    name,
    value: round(value),
    unit,
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline ? Number((value / baseline).toFixed(3)) : null,
    ...extra,
  };
  figures.push(line);
  process.stdout.write(JSON.stringify(line) + "\n");
}

/** Runs a command under GNU time: wall seconds and peak resident memory (MB) of it and its children. */
function timed(command: string, args: string[], env: Record<string, string> = {}): { seconds: number; peakMb: number } {
  const result = spawnSync("/usr/bin/time", ["-f", "BENCH_TIME %e %M", command, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...PROOF_SECRETS, LOG_LEVEL: "silent", ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  const match = /BENCH_TIME ([\d.]+) (\d+)/.exec(result.stderr);
  if (result.status !== 0 || !match) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  return { seconds: Number(match[1]), peakMb: Number(match[2]) / 1024 };
}

/** The app's command line in one Node process (not through tsx's launcher), so GNU time sees all of it. */
const cli = (args: string[]) => ["--import", "tsx", "app/cli/main.ts", ...args];
const tsxScript = (file: string, args: string[]) => ["--import", "tsx", file, ...args];

function runNode(args: string[], env: Record<string, string>): string {
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...PROOF_SECRETS, LOG_LEVEL: "silent", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  return result.stdout;
}

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

async function csvFile(count: number): Promise<string> {
  const file = path.join(DIR, `affected-${count}.csv`);
  if (!existsSync(file)) {
    log(`Writing ${count.toLocaleString("en")} affected customers to ${path.relative(ROOT, file)}…`);
    await writeDemoCsv({ path: file + ".part", count });
    renameSync(file + ".part", file);
  }
  return file;
}

type Engine = "sqlite" | "pg";
type Db = { url: string; dataDir: string; drop: () => Promise<void> };

async function pgAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: values.pg });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
const pgUrl = (name: string) => {
  const url = new URL(values.pg!);
  url.pathname = `/${name}`;
  return url.toString();
};

/** A fresh database with the demo data: a copy of the SQLite template, or a PostgreSQL database made from a seeded template. */
async function freshDemoDb(engine: Engine, name: string): Promise<Db> {
  const dataDir = path.join(DIR, `${engine}-${name}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  if (engine === "sqlite") {
    const file = demoSqliteDatabase(path.join(dataDir, "bench.db"));
    return { url: `file:${file}`, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const template = "madoguchi_bench_template";
  const exists = await pgAdmin(async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [template])).rowCount === 1);
  if (!exists) {
    log("Preparing the PostgreSQL demo template (migrate + demo data, once)…");
    await pgAdmin((c) => c.query(`CREATE DATABASE ${template}`));
    runNode(cli(["db", "migrate"]), { DATABASE_URL: pgUrl(template), DATA_DIR: dataDir });
    runNode(cli(["db", "seed"]), { DATABASE_URL: pgUrl(template), DATA_DIR: dataDir });
  }
  const db = `madoguchi_bench_${name}`;
  await pgAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${db} TEMPLATE ${template}`);
  });
  return {
    url: pgUrl(db),
    dataDir,
    drop: async () => {
      await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function importCsv(db: Db, file: string): { seconds: number; peakMb: number } {
  return timed(process.execPath, cli(["import", file, "--incident", INCIDENT, "--site", "shop"]), { DATABASE_URL: db.url, DATA_DIR: db.dataDir });
}

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

const CSV_COLUMNS = ["reference", "transaction_at", "name_kanji", "name_kana", "email", "phone", "postal_code", "card_brand", "card_last4"];

async function importFigures(engine: Engine, big: Db, file: string) {
  log(`${engine}: importing ${RECORDS.toLocaleString("en")} rows through the app's import (npm run cli -- import)…`);
  const app = importCsv(big, file);
  let baseline: { seconds: number; peakMb: number };
  if (engine === "sqlite") {
    log(`${engine}: the same file with sqlite3's .import into a plain table…`);
    const rawDb = path.join(DIR, "raw-import.db");
    rmSync(rawDb, { force: true });
    spawnSync("sqlite3", [rawDb, `CREATE TABLE raw (${CSV_COLUMNS.map((c) => `${c} TEXT`).join(", ")});`]);
    baseline = timed("sqlite3", [rawDb, ".mode csv", `.import --skip 1 ${file} raw`]);
    rmSync(rawDb, { force: true });
  } else {
    log(`${engine}: the same file with psql's \\copy into a plain table…`);
    await pgAdmin(async (c) => {
      await c.query("DROP TABLE IF EXISTS bench_raw_import");
      await c.query(`CREATE TABLE bench_raw_import (${CSV_COLUMNS.map((col) => `${col} text`).join(", ")})`);
    });
    baseline = timed("psql", [values.pg!, "-q", "-c", `\\copy bench_raw_import FROM '${file}' WITH (FORMAT csv, HEADER true)`]);
    await pgAdmin((c) => c.query("DROP TABLE bench_raw_import"));
  }
  figure(`${engine}.import.rate`, RECORDS / app.seconds, "rows/s", RECORDS / baseline.seconds, { rows: RECORDS });
  figure(`${engine}.import.peak_rss`, app.peakMb, "MB", baseline.peakMb);
}

/** Request bodies for lookups: affected customers of the imported list (by phone and name), and a share of strangers. */
function lookupBodies(count: number) {
  const customers = [...demoCustomers(Math.min(count, 200_000))];
  let i = 0;
  return () => {
    i++;
    if (i % 5 === 0) return { name: "該当 なし", phone: `080${String(10_000_000 + ((i * 7919) % 89_999_999)).padStart(8, "0")}` };
    const c = customers[(i * 104_729) % customers.length]!;
    return { name: c.nameKanji, phone: c.phone };
  };
}

async function lookupFigures(engine: Engine, big: Db, small: Db) {
  const tokens = (db: Db) => runNode(tsxScript("tests/bench/api-tokens.ts", ["--count", "200"]), { DATABASE_URL: db.url, DATA_DIR: db.dataDir }).trim().split("\n");
  const bigTokens = tokens(big);
  const smallTokens = tokens(small);
  const bodies = lookupBodies(RECORDS);
  let ip = 0;
  const nextIp = () => {
    ip++;
    return `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;
  };
  const apiLoad = (url: string, tokenList: string[], load: { seconds?: number; amount?: number; connections: number }) => {
    let n = 0;
    return runLoad({
      url,
      path: "/api/v1/lookups",
      ...load,
      contentType: "application/json",
      next: () => ({
        body: JSON.stringify({ incident: INCIDENT, ...bodies() }),
        headers: { authorization: `Bearer ${tokenList[n++ % tokenList.length]}` },
      }),
    });
  };
  const appEnv = (db: Db, extra: Record<string, string> = {}) => ({
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
    TRUST_PROXY: "true",
    LOG_LEVEL: "silent",
    SEED_DEMO: "false",
    ...extra,
  });
  const report = (label: string, r: LoadResult) =>
    log(`${label}: ${r.perSecond} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}, errors ${r.errors}, timeouts ${r.timeouts}`);
  const checked = (label: string, r: LoadResult) => {
    report(label, r);
    const bad = Object.entries(r.statuses).filter(([code]) => code !== "200");
    if (bad.length || r.errors || r.timeouts) throw new Error(`${label}: answers other than 200 (${JSON.stringify(r.statuses)}, errors ${r.errors}, timeouts ${r.timeouts}): the figure would not be a lookup's`);
    return r;
  };

  // The app, on 1M records: the API, then /check with and without its timing floor.
  log(`${engine}: lookups over HTTP on ${RECORDS.toLocaleString("en")} records, ${CONNECTIONS} concurrent clients, ${SECONDS} s each…`);
  let app = await startApp({ env: appEnv(big), logFile: path.join(big.dataDir, "app.log") });
  await apiLoad(app.url, bigTokens, { seconds: 3, connections: CONNECTIONS }); // warm-up
  const api = checked(`${engine} API`, await apiLoad(app.url, bigTokens, { seconds: SECONDS, connections: CONNECTIONS }));
  const checkPage = await fetch(`${app.url}/check`);
  const csrfCookie = (checkPage.headers.get("set-cookie") ?? "").split(";")[0]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(await checkPage.text())?.[1];
  if (!csrf) throw new Error("No CSRF token on /check");
  const checkLoad = (url: string) =>
    runLoad({
      url,
      path: "/check",
      seconds: SECONDS,
      connections: CONNECTIONS,
      contentType: "application/x-www-form-urlencoded",
      headers: { cookie: csrfCookie, origin: url },
      next: () => {
        const b = bodies();
        return { body: new URLSearchParams({ csrf, incident: INCIDENT, name: b.name, phone: b.phone }).toString(), headers: { "x-forwarded-for": nextIp() } };
      },
    });
  const check = checked(`${engine} /check`, await checkLoad(app.url));
  await app.stop();
  app = await startApp({ env: appEnv(big, { SELF_CHECK_FLOOR_MS: "0" }), logFile: path.join(big.dataDir, "app.log") });
  await checkLoad(app.url); // warm-up (and a fresh CSRF cookie is not needed: same secret)
  const checkNoFloor = checked(`${engine} /check without floor`, await checkLoad(app.url));
  // Latency on 1M records, one client at a time.
  const latencyBig = checked(`${engine} API 1 client, ${RECORDS} records`, await apiLoad(app.url, bigTokens, { amount: 2000, connections: 1 }));
  await app.stop();

  // The raw baseline on the same database.
  const port = await freePort();
  const baselineServer = spawn(process.execPath, tsxScript("tests/bench/baseline-server.ts", ["--port", String(port), "--database", big.url, "--incident", INCIDENT]), {
    cwd: ROOT,
    env: { ...process.env, ...PROOF_SECRETS },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    baselineServer.stdout!.on("data", (d: Buffer) => d.toString().includes("listening") && resolve());
    baselineServer.once("exit", (code) => reject(new Error(`baseline server exited (${code})`)));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await apiLoad(baseUrl, bigTokens, { seconds: 3, connections: CONNECTIONS });
  const base = checked(`${engine} baseline`, await apiLoad(baseUrl, bigTokens, { seconds: SECONDS, connections: CONNECTIONS }));
  baselineServer.kill("SIGTERM");

  figure(`${engine}.lookup_api.throughput`, api.perSecond, "req/s", base.perSecond, { connections: CONNECTIONS, records: RECORDS });
  figure(`${engine}.lookup_api.p50`, api.p50, "ms", base.p50);
  figure(`${engine}.lookup_api.p99`, api.p99, "ms", base.p99);
  figure(`${engine}.check.throughput`, check.perSecond, "req/s", base.perSecond, { floorMs: 350 });
  figure(`${engine}.check.p50`, check.p50, "ms", base.p50, { floorMs: 350 });
  figure(`${engine}.check.p99`, check.p99, "ms", base.p99, { floorMs: 350 });
  figure(`${engine}.check_without_floor.throughput`, checkNoFloor.perSecond, "req/s", base.perSecond, { floorMs: 0 });
  figure(`${engine}.check_without_floor.p50`, checkNoFloor.p50, "ms", base.p50, { floorMs: 0 });
  figure(`${engine}.check_without_floor.p99`, checkNoFloor.p99, "ms", base.p99, { floorMs: 0 });

  // The same single-client latency on the small list: the baseline of "does it grow with the list".
  log(`${engine}: single-client lookup latency on ${SMALL.toLocaleString("en")} records…`);
  app = await startApp({ env: appEnv(small), logFile: path.join(small.dataDir, "app.log") });
  await apiLoad(app.url, smallTokens, { amount: 300, connections: 1 });
  const latencySmall = checked(`${engine} API 1 client, ${SMALL} records`, await apiLoad(app.url, smallTokens, { amount: 2000, connections: 1 }));
  await app.stop();
  figure(`${engine}.lookup_api.p50_${RECORDS}_vs_${SMALL}`, latencyBig.p50, "ms", latencySmall.p50);
  figure(`${engine}.lookup_api.p99_${RECORDS}_vs_${SMALL}`, latencyBig.p99, "ms", latencySmall.p99);
}

function seedContacts(db: Db) {
  log(`Adding ${CONTACTS.toLocaleString("en")} contacts…`);
  runNode(tsxScript("tests/bench/seed-export-contacts.ts", ["--count", String(CONTACTS), "--slug", CONTACTS_INCIDENT]), { DATABASE_URL: db.url, DATA_DIR: db.dataDir });
}

function tableFigures(engine: Engine, db: Db) {
  log(`${engine}: the contacts table at ${CONTACTS.toLocaleString("en")} contacts (loader vs the same SQL, 30 runs each)…`);
  const output = runNode(tsxScript("tests/bench/contacts-page.ts", ["--incident", CONTACTS_INCIDENT, "--runs", "30"]), { DATABASE_URL: db.url, DATA_DIR: db.dataDir });
  for (const line of output.trim().split("\n")) {
    const c = JSON.parse(line) as { case: string; url: string; rows: number; total: number; app: { p50: number; p95: number }; sql: { p50: number; p95: number } };
    figure(`${engine}.contacts_table.${c.case}.p95`, c.app.p95, "ms", c.sql.p95, { url: c.url, rows: c.rows, matching: c.total, p50: c.app.p50, baselineP50: c.sql.p50 });
  }
}

const EXPORT_SQL_COLUMNS = `c."id", c."incidentId", c."channel", c."source", c."status", c."startedAt", c."endedAt", c."answeredAt", c."talkSeconds",
  c."holdSeconds", c."acwSeconds", c."withinHours", c."flaggedAfterHours", c."abandoned", c."agentId", c."identityVerified",
  c."affectedRecordId", c."callerName", c."callerContact", c."reference", c."outcome", c."escalatedTo", c."subject", c."notes",
  c."message", c."dueAt", c."closedAt", c."version"`;

async function exportFigures(engine: Engine, db: Db) {
  log(`${engine}: exporting ${CONTACTS.toLocaleString("en")} contacts as CSV (npm run cli -- export)…`);
  const file = path.join(db.dataDir, "contacts.csv");
  const app = timed(process.execPath, cli(["export", "contacts", "--format", "csv", "--incident", CONTACTS_INCIDENT, "--out", file]), {
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
  });
  const appBytes = statSync(file).size;
  rmSync(file, { force: true });
  const sql = (agg: string) =>
    `SELECT ${EXPORT_SQL_COLUMNS}, (SELECT ${agg} FROM "ContactCategory" cc WHERE cc."contactId" = c."id") AS categories
     FROM "Contact" c JOIN "Incident" i ON i."id" = c."incidentId" WHERE i."slug" = '${CONTACTS_INCIDENT}' ORDER BY c."startedAt", c."id"`;
  const baselineFile = path.join(db.dataDir, "baseline.csv");
  const baseline =
    engine === "sqlite"
      ? timed("sqlite3", [db.url.slice("file:".length), ".mode csv", ".headers on", `.output ${baselineFile}`, sql(`group_concat("category", ';')`)])
      : timed("psql", [db.url, "-q", "-c", `\\copy (${sql(`string_agg("category", ';')`).replace(/\s+/g, " ")}) TO '${baselineFile}' WITH (FORMAT csv, HEADER true)`]);
  const baselineBytes = statSync(baselineFile).size;
  rmSync(baselineFile, { force: true });
  figure(`${engine}.export_csv.rate`, CONTACTS / app.seconds, "rows/s", CONTACTS / baseline.seconds, { rows: CONTACTS, bytes: appBytes, baselineBytes });
  figure(`${engine}.export_csv.peak_rss`, app.peakMb, "MB", baseline.peakMb);
  // Most of the peak is garbage V8 has not collected yet (it grows its heap freely on a large
  // machine). The same export with a small heap shows what the export itself needs.
  const smallHeap = timed(process.execPath, ["--max-old-space-size=128", "--max-semi-space-size=2", ...cli(["export", "contacts", "--format", "csv", "--incident", CONTACTS_INCIDENT, "--out", file])], {
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
  });
  rmSync(file, { force: true });
  figure(`${engine}.export_csv_small_heap.rate`, CONTACTS / smallHeap.seconds, "rows/s", CONTACTS / baseline.seconds, { nodeOptions: "--max-old-space-size=128 --max-semi-space-size=2" });
  figure(`${engine}.export_csv_small_heap.peak_rss`, smallHeap.peakMb, "MB", baseline.peakMb, { nodeOptions: "--max-old-space-size=128 --max-semi-space-size=2" });
}

// ---------------------------------------------------------------------------------------------
// docs/benchmarks.md
// ---------------------------------------------------------------------------------------------

/** The issue's aims, by figure name: [test, words]. */
function aimOf(f: Figure): [boolean, string] | null {
  const n = f.name;
  if (/\.lookup_api\.throughput$|\.check(_without_floor)?\.throughput$/.test(n)) return [(f.ratio ?? 0) >= 0.5, "≥ 0.5 × baseline"];
  if (/\.lookup_api\.p99$|\.check(_without_floor)?\.p99$/.test(n)) return [f.value < 25, "< 25 ms"];
  if (/\.lookup_api\.p(50|99)_\d+_vs_\d+$/.test(n)) return [(f.ratio ?? Infinity) <= 1.3, "≤ 1.3 ×"];
  if (/\.import\.rate$/.test(n)) return [(f.ratio ?? 0) >= 0.3, "≥ 0.3 × baseline"];
  if (/\.(import|export_csv)\.peak_rss$/.test(n)) return [f.value < 300, "< 300 MB"];
  if (/\.contacts_table\..*\.p95$/.test(n)) return [f.value < 100, "< 100 ms"];
  return null;
}

function writeDoc(file: string, machine: string) {
  const text = readFileSync(file, "utf8");
  const start = "<!-- figures:start -->";
  const end = "<!-- figures:end -->";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} has no ${start} … ${end} block`);
  const num = (v: number | null) => (v === null ? "–" : v.toLocaleString("en"));
  const rows = figures.map((f) => {
    const aim = aimOf(f);
    return `| \`${f.name}\` | ${num(f.value)} ${f.unit} | ${num(f.baseline)} ${f.unit} | ${f.ratio ?? "–"} | ${aim ? `${aim[1]}: ${aim[0] ? "met" : "**not met**"}` : ""} |`;
  });
  const block = [
    start,
    "",
    `Run of ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine}; ${RECORDS.toLocaleString("en")} affected records, ${CONTACTS.toLocaleString("en")} contacts, ${CONNECTIONS} concurrent clients for ${SECONDS} s per HTTP figure.`,
    "",
    "| figure | value | baseline | ratio | aim |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    "<details><summary>The JSON lines as printed</summary>",
    "",
    "```json",
    ...figures.map((f) => JSON.stringify(f)),
    "```",
    "",
    "</details>",
    "",
    end,
  ].join("\n");
  writeFileSync(file, text.slice(0, from) + block + text.slice(to + end.length));
  log(`Figures written into ${path.relative(ROOT, file)}.`);
}

// ---------------------------------------------------------------------------------------------

const started = Date.now();
const sqliteCliVersion = spawnSync("sqlite3", ["--version"], { encoding: "utf8" }).stdout.split(" ")[0];
const sqliteAppVersion = (new Database(":memory:").prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
const pgVersion = ENGINES.includes("pg") ? await pgAdmin(async (c) => (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version) : null;
const machine =
  `${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, ` +
  `Node ${process.version}, SQLite ${sqliteAppVersion} (app) / ${sqliteCliVersion} (sqlite3 CLI)${pgVersion ? `, PostgreSQL ${pgVersion.split(" ")[0]}` : ""}`;
log(`Machine: ${machine}`);
ensureBuild();
const bigCsv = await csvFile(RECORDS);
const smallCsv = await csvFile(SMALL);
for (const engine of ENGINES) {
  const dbs: Db[] = [];
  try {
    if (ONLY.has("import") || ONLY.has("lookup")) {
      const big = await freshDemoDb(engine, "records");
      dbs.push(big);
      if (ONLY.has("import")) await importFigures(engine, big, bigCsv);
      else importCsv(big, bigCsv);
      if (ONLY.has("lookup")) {
        const small = await freshDemoDb(engine, "small");
        dbs.push(small);
        importCsv(small, smallCsv);
        await lookupFigures(engine, big, small);
      }
    }
    if (ONLY.has("table") || ONLY.has("export")) {
      const contactsDb = await freshDemoDb(engine, "contacts");
      dbs.push(contactsDb);
      seedContacts(contactsDb);
      if (ONLY.has("table")) tableFigures(engine, contactsDb);
      if (ONLY.has("export")) await exportFigures(engine, contactsDb);
    }
  } finally {
    for (const db of dbs) await db.drop();
  }
}
// The PostgreSQL template is rebuilt by each run: a template left behind would miss later migrations.
if (ENGINES.includes("pg")) await pgAdmin((c) => c.query("DROP DATABASE IF EXISTS madoguchi_bench_template WITH (FORCE)"));
if (values.doc) writeDoc(path.resolve(values.doc), machine);
writeFileSync(path.join(DIR, "last-run.jsonl"), figures.map((f) => JSON.stringify(f)).join("\n") + "\n");
log(`Done in ${((Date.now() - started) / 60_000).toFixed(1)} min; figures also in ${path.relative(ROOT, path.join(DIR, "last-run.jsonl"))}.`);
