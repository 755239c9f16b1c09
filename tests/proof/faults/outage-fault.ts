/**
 * Fault 3: the database goes away while the app runs, and comes back.
 *
 * PostgreSQL (--pg): the app reaches the server through a TCP proxy in this script.
 * - cut: every open connection is reset and new ones are refused (the database host is down);
 * - stall: nothing gets through and nothing is closed (a network dropping packets silently);
 * each followed by a restore. The app runs with DATABASE_STATEMENT_TIMEOUT_MS=5000, so a silent
 * connection is given up after 10 s (statement timeout + 5 s; with the default 30 s: 35 s).
 *
 * SQLite: an embedded database has no server or network to lose. Its connection is a file opened
 * once at start-up, and POSIX checks permissions only when a file is opened: making the folder
 * unreadable or the file read-only does nothing to a running app (and root ignores permissions
 * anyway); a file deleted or replaced under it goes unnoticed until the next start. What does reach
 * a running app is its storage:
 * - disk full: the database lives on a small tmpfs mounted for the run, which is then filled up;
 *   writes fail with SQLITE_FULL, reads go on; then the filler is deleted;
 * - locked: another process holds the write lock for longer than the app's 10 s busy timeout.
 *
 * Each time: /healthz must say 503 within a few seconds (except for the lock, where the database
 * is reachable and healthz rightly stays 200), pages must answer a translated 503 page with no stack
 * trace instead of hanging, and the app must recover by itself without a restart.
 */
import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import enCommon from "~/locales/en/common";
import jaCommon from "~/locales/ja/common";
import { startApp } from "../harness";
import type { RunningApp } from "../harness";
import { FaultRecord, secondsSince, sleep, track, waitFor } from "./common";
import type { Engine } from "./common";
import { PG_HOST, PG_PORT } from "../scratch-databases";
import type { ScratchDatabases } from "../scratch-databases";
import { AGENT, Browser, NO_ANSWER, SUPERVISOR } from "./http";
import type { Answer } from "./http";
import { TcpProxy } from "./tcp-proxy";

/** /healthz must change within this many seconds. */
const HEALTH_WITHIN_S = 5;
/** The app must be healthy again this many seconds after the database is back. */
const RECOVERY_WITHIN_S = 10;

const TITLES = { ja: jaCommon.errors.databaseTitle, en: enCommon.errors.databaseTitle };
const STACK_TRACE = /\bat [^<\n]+:\d+:\d+|PrismaClient|node_modules|Invalid `prisma|SqliteError|Error: /;

type Visitors = { staff: Browser; ja: Browser; en: Browser };

let inquiries = 0;
function inquiry(browser: Browser, timeoutMs: number): Promise<Answer> {
  inquiries += 1;
  return browser.post(
    "/inquiry",
    {
      incident: "cou-2017",
      name: "障害 試験",
      reach: `fault-${process.pid}-${inquiries}@example.com`,
      message: "The fault proof sends this.",
      reference: "",
    },
    timeoutMs,
  );
}

async function visitors(app: RunningApp): Promise<Visitors> {
  const staff = new Browser(app.url, "en");
  if (!(await staff.login(SUPERVISOR.email, SUPERVISOR.password))) throw new Error("The supervisor could not log in");
  const ja = new Browser(app.url, "ja");
  const en = new Browser(app.url, "en");
  await ja.get("/inquiry");
  await en.get("/inquiry");
  return { staff, ja, en };
}

async function healthStatus(app: RunningApp): Promise<{ status: number; body: string }> {
  const answer = await new Browser(app.url).get("/healthz", 10_000);
  return { status: answer.status, body: answer.body };
}

/** Seconds until /healthz answers `status`, or null if it does not within the limit. */
async function secondsUntilHealth(
  record: FaultRecord,
  app: RunningApp,
  status: number,
  limitS: number,
  label: string,
): Promise<number | null> {
  const started = Date.now();
  let last = { status: 0, body: "" };
  const seen = await waitFor(
    async () => {
      last = await healthStatus(app);
      return last.status === status;
    },
    limitS * 1000,
    250,
  );
  const seconds = seen ? secondsSince(started) : null;
  record.check(
    `${label}: /healthz answers ${status} within ${limitS} s`,
    seen === true,
    seen ? `after ${seconds!.toFixed(1)} s: ${last.body}` : `still ${last.status}: ${last.body}`,
  );
  return seconds;
}

/** An answer that is the app's translated "database unavailable" page, 503, without internals. */
function checkErrorPage(record: FaultRecord, label: string, answer: Answer, language: "ja" | "en", limitS: number): void {
  const translated = answer.body.includes(TITLES[language]);
  const clean = !STACK_TRACE.test(answer.body);
  record.check(
    `${label}: 503 with the ${language} message "${TITLES[language]}", no stack trace, within ${limitS} s`,
    answer.status === 503 && translated && clean && answer.ms < limitS * 1000,
    `${answer.status === NO_ANSWER ? `no answer (${answer.error})` : answer.status} after ${(answer.ms / 1000).toFixed(1)} s${translated ? "" : ", message missing"}${clean ? "" : ", internals shown"}`,
  );
}

/** While the database is gone: public and staff pages, reads and writes, both languages. */
async function checkPagesDuringOutage(
  record: FaultRecord,
  v: Visitors,
  label: string,
  limitS: number,
  { readsWork = false } = {},
) {
  const timeout = (limitS + 30) * 1000;
  const pages = await Promise.all([
    v.ja.get("/check", timeout),
    v.en.get("/check", timeout),
    v.staff.get("/staff/contacts", timeout),
    inquiry(v.ja, timeout),
    inquiry(v.en, timeout),
    new Browser(v.en.baseUrl, "ja").login(AGENT.email, AGENT.password),
  ]);
  const [checkJa, checkEn, contacts, inquiryJa, inquiryEn, login] = pages;
  if (readsWork) {
    // Reads do not need the disk to grow; a page that also stores something (an audit entry) cannot work.
    const reads: [string, Answer, "ja" | "en"][] = [
      ["public /check (ja)", checkJa, "ja"],
      ["public /check (en)", checkEn, "en"],
      ["staff /staff/contacts (logged in, en)", contacts, "en"],
    ];
    for (const [page, answer, language] of reads) {
      if (answer.status === 200)
        record.check(`${label}: ${page} still works (a read)`, true, `200 after ${(answer.ms / 1000).toFixed(1)} s`);
      else checkErrorPage(record, `${label}: ${page}`, answer, language, limitS);
    }
  } else {
    checkErrorPage(record, `${label}: public /check (ja)`, checkJa, "ja", limitS);
    checkErrorPage(record, `${label}: public /check (en)`, checkEn, "en", limitS);
    checkErrorPage(record, `${label}: staff /staff/contacts (logged in, en)`, contacts, "en", limitS);
  }
  checkErrorPage(record, `${label}: public POST /inquiry (ja)`, inquiryJa, "ja", limitS);
  checkErrorPage(record, `${label}: public POST /inquiry (en)`, inquiryEn, "en", limitS);
  record.check(`${label}: a staff login is refused (it cannot be stored)`, login === false);
}

/** After the database is back, without a restart: the app works again. */
async function checkRecovered(record: FaultRecord, app: RunningApp, v: Visitors, label: string): Promise<void> {
  const contacts = await v.staff.get("/staff/contacts", 30_000);
  const check = await v.ja.get("/check", 30_000);
  const sent = await inquiry(v.ja, 30_000);
  const login = await new Browser(app.url, "ja").login(AGENT.email, AGENT.password);
  record.check(
    `${label}: pages work again without a restart (staff contacts 200, public /check 200, POST /inquiry stored, a fresh login works)`,
    contacts.status === 200 && check.status === 200 && sent.status === 302 && (sent.location ?? "").includes("done=") && login,
    `contacts ${contacts.status}, check ${check.status}, inquiry ${sent.status} ${sent.location ?? ""}, login ${login ? "ok" : "refused"}`,
  );
  record.check(
    `${label}: the app process is the same one (it was never restarted)`,
    app.child.exitCode === null && app.child.signalCode === null,
  );
}

/** A GET on a connection of its own (a kept-alive one may be closed by a server that stood still). */
function getOnNewConnection(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 30_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? NO_ANSWER, ms: performance.now() - started }));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve({ status: NO_ANSWER, ms: performance.now() - started }));
  });
}

// ---------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------

async function postgresOutage(
  record: FaultRecord,
  databases: ScratchDatabases,
  tempDir: string,
  buildDir: string,
  undo: (() => Promise<void> | void)[],
) {
  const db = await databases.create("outage");
  const proxy = new TcpProxy({ host: PG_HOST, port: PG_PORT });
  const port = await proxy.listen();
  undo.push(() => proxy.close());
  const url = db.env.DATABASE_URL.replace(`${PG_HOST}:${PG_PORT}`, `127.0.0.1:${port}`);
  const app = track(
    await startApp({
      env: { ...db.env, DATABASE_URL: url, DATABASE_STATEMENT_TIMEOUT_MS: "5000" },
      logFile: path.join(tempDir, "app-outage.log"),
      buildDir,
    }),
  );
  record.step(
    `app started with DATABASE_URL through a TCP proxy on 127.0.0.1:${port} → ${PG_HOST}:${PG_PORT}, DATABASE_STATEMENT_TIMEOUT_MS=5000`,
  );
  const v = await visitors(app);
  const figures: Record<string, unknown> = {};

  await proxy.cut();
  record.step("cut: every connection through the proxy reset, new ones refused");
  figures.cutHealth503AfterS = await secondsUntilHealth(record, app, 503, HEALTH_WITHIN_S, "cut");
  await checkPagesDuringOutage(record, v, "cut", HEALTH_WITHIN_S);
  const accepted = proxy.accepted;
  await proxy.restore();
  record.step("restore: the proxy listens again");
  figures.cutRecoveredAfterS = await secondsUntilHealth(record, app, 200, RECOVERY_WITHIN_S, "after the cut");
  await checkRecovered(record, app, v, "after the cut");
  figures.newConnectionsAfterRestore = proxy.accepted - accepted;

  proxy.stall();
  record.step("stall: the proxy stops passing data and answers no new connection, closing nothing");
  figures.stallHealth503AfterS = await secondsUntilHealth(record, app, 503, HEALTH_WITHIN_S, "stall");
  // A query already sent on a pooled connection waits for the client's query timeout (5 s + 5 s).
  await checkPagesDuringOutage(record, v, "stall", 15);
  await proxy.restore();
  record.step("restore: the proxy passes data again (the stuck connections are reset)");
  figures.stallRecoveredAfterS = await secondsUntilHealth(record, app, 200, RECOVERY_WITHIN_S, "after the stall");
  await checkRecovered(record, app, v, "after the stall");
  record.figure("postgresql", figures);
  await app.stop();
}

// ---------------------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------------------

/** Fills the file system holding `dir` to the last byte; returns the filler's size. */
function fillDisk(file: string): number {
  const fd = openSync(file, "w");
  let written = 0;
  try {
    for (const size of [1 << 20, 1 << 12, 1 << 9]) {
      const chunk = Buffer.alloc(size, 0x55);
      for (;;) {
        try {
          written += writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "ENOSPC") break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

async function sqliteOutage(
  record: FaultRecord,
  databases: ScratchDatabases,
  tempDir: string,
  buildDir: string,
  undo: (() => Promise<void> | void)[],
) {
  // A small file system of our own for the database, so that filling it touches nothing else.
  const disk = path.join(tempDir, "outage");
  mkdirSync(disk, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=160m,mode=0755", "tmpfs", disk], { stdio: "pipe" });
  } catch (error) {
    record.note(
      `could not mount a tmpfs for the disk-full case (needs root with CAP_SYS_ADMIN): ${String(error).split("\n")[0]}; disk-full case skipped`,
    );
    return sqliteLock(record, databases, tempDir, buildDir, null);
  }
  undo.push(() => {
    execFileSync("umount", [disk]);
  });
  const db = await databases.create("outage");
  record.step(`database and DATA_DIR on a 160 MiB tmpfs mounted at ${path.relative(process.cwd(), disk)}`);
  const app = track(await startApp({ env: db.env, logFile: path.join(tempDir, "app-outage.log"), buildDir }));
  const v = await visitors(app);
  const figures: Record<string, unknown> = {};

  const filler = path.join(disk, "filler.bin");
  const filled = fillDisk(filler);
  record.step(`disk full: a filler file took the last ${(filled / 1024 / 1024).toFixed(1)} MiB of the file system`);
  figures.fullHealth503AfterS = await secondsUntilHealth(record, app, 503, HEALTH_WITHIN_S, "disk full");
  await checkPagesDuringOutage(record, v, "disk full", HEALTH_WITHIN_S, { readsWork: true });
  rmSync(filler);
  record.step("space again: the filler file deleted");
  figures.fullRecoveredAfterS = await secondsUntilHealth(record, app, 200, RECOVERY_WITHIN_S, "after the disk full");
  await checkRecovered(record, app, v, "after the disk full");
  record.figure("sqliteDiskFull", figures);
  await sqliteLock(record, databases, tempDir, buildDir, { app, v, file: db.name });
  await app.stop();
}

/** Another process holds the write lock longer than the app's busy timeout (10 s). */
async function sqliteLock(
  record: FaultRecord,
  databases: ScratchDatabases,
  tempDir: string,
  buildDir: string,
  running: { app: RunningApp; v: Visitors; file: string } | null,
) {
  let app = running?.app;
  let v = running?.v;
  let file = running?.file;
  if (!app || !v || !file) {
    const db = await databases.create("outage-lock");
    app = track(await startApp({ env: db.env, logFile: path.join(tempDir, "app-outage.log"), buildDir }));
    v = await visitors(app);
    file = db.name;
  }
  const other = new Database(file, { fileMustExist: true });
  other.exec("BEGIN IMMEDIATE");
  record.step("locked: another process holds the database's write lock (BEGIN IMMEDIATE) until the app has given up");
  try {
    const health = await healthStatus(app);
    record.check("locked: /healthz stays 200 (the database is reachable, reads work)", health.status === 200, health.body);
    // The app waits up to its busy timeout (10 s) for the lock, then gives up. better-sqlite3 waits
    // synchronously, so meanwhile the whole server stands still: a health check sent during the
    // wait (on a new connection) measures that.
    const posting = inquiry(v.ja, 30_000);
    await sleep(200);
    const frozen = await getOnNewConnection(`${app.url}/healthz`);
    const ja = await posting;
    checkErrorPage(record, "locked: public POST /inquiry (ja)", ja, "ja", 15);
    checkErrorPage(record, "locked: public POST /inquiry (en)", await inquiry(v.en, 30_000), "en", 15);
    record.figure("sqliteLock", { healthzDuringWaitMs: Math.round(frozen.ms), healthzDuringWaitStatus: frozen.status });
    record.note(
      `while a write waits for the lock the whole server stands still: /healthz sent meanwhile answered ${frozen.status} after ${(frozen.ms / 1000).toFixed(1)} s`,
    );
  } finally {
    other.exec("ROLLBACK");
    other.close();
  }
  record.step("lock released");
  await checkRecovered(record, app, v, "after the lock");
  if (!running) await app.stop();
}

export async function runOutageFault({
  engine,
  databases,
  tempDir,
  buildDir,
  undo,
}: {
  engine: Engine;
  databases: ScratchDatabases;
  tempDir: string;
  buildDir: string;
  undo: (() => Promise<void> | void)[];
}): Promise<FaultRecord> {
  const record = new FaultRecord("outage", engine);
  try {
    if (engine === "postgresql") await postgresOutage(record, databases, tempDir, buildDir, undo);
    else await sqliteOutage(record, databases, tempDir, buildDir, undo);
  } catch (error) {
    record.check("the outage fault ran to its end", false, error instanceof Error ? error.message : String(error));
  }
  return record.finish();
}
