/**
 * Shared by the benchmark, load, fault and card-number scripts (tests/bench, tests/proof): builds the
 * app once, prepares demo databases from a template, and starts the app exactly as `npm start` does
 * (`tsx app/cli/main.ts start`) on a free loopback port, with its log kept in a file.
 *
 * Nothing here is a test; the scripts that use it print what they did and found.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { newestMtime } from "../../app/cli/source-mtime";
import { freePort } from "../free-port";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const REMIX = path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js");

/** Fixed secrets: a database seeded with one lookup key can only be searched with the same key. */
export const PROOF_SECRETS = {
  SESSION_SECRET: "proof-session-secret-0123456789abcdef0123456789",
  LOOKUP_HMAC_KEY: "proof-lookup-hmac-key-0123456789abcdef0123456789",
};

export const out = (line: string) => process.stdout.write(line + "\n");

export { freePort };

/**
 * Makes `cleanUp` run once, also when the script is stopped with Ctrl+C or SIGTERM (then it exits
 * 130 afterwards). Returns the function to call at the end of a normal run.
 */
export function cleanUpOnExit(cleanUp: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  const once = () => (running ??= cleanUp());
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      out(`\n${signal}: stopping the app and removing the scratch data…`);
      void once().finally(() => process.exit(130));
    });
  }
  return once;
}

/**
 * Writes a proof script's report to tests/.reports/<name>.json (with when it started, how long it
 * took and whether it passed) and says where; returns the seconds taken.
 */
export function writeReport(name: string, started: number, report: Record<string, unknown> & { crashed: unknown; failed: number }): number {
  const { crashed, failed, ...rest } = report;
  const seconds = Math.round((Date.now() - started) / 1000);
  const file = path.join(ROOT, "tests", ".reports", `${name}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  const body = {
    ...rest,
    at: new Date(started).toISOString(),
    seconds,
    crashed: crashed ? String(crashed instanceof Error ? crashed.stack : crashed) : null,
    passed: !crashed && failed === 0,
  };
  writeFileSync(file, JSON.stringify(body, null, 2) + "\n");
  out(`\nReport: ${path.relative(ROOT, file)}. Took ${seconds} s.`);
  return seconds;
}

/** The production build the scripts serve, under .cache/ (git-ignored); rebuilt when app/ is newer. */
export function ensureBuild(buildDir = path.join(ROOT, ".cache", "proof-build")): string {
  const index = path.join(buildDir, "index.js");
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(path.join(ROOT, "app"))) return buildDir;
  process.stderr.write(`Building the app into ${path.relative(ROOT, buildDir)} (remix build)…\n`);
  const result = spawnSync(process.execPath, [REMIX, "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, BUILD_DIR: buildDir, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("remix build failed");
  return buildDir;
}

/** Runs the command line (`npm run cli -- …`) against a database; throws with its output on failure. */
export function runCli(args: string[], env: Record<string, string>): string {
  const result = spawnSync(process.execPath, [TSX, "app/cli/main.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...PROOF_SECRETS, LOG_LEVEL: "silent", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`cli ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * Starts the command line without waiting for it (to watch its output, or to kill it half-way).
 * Stop it with killTree(child.pid): tsx runs the command in a second process.
 */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [TSX, "app/cli/main.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...PROOF_SECRETS, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * A migrated SQLite database with the demo data (two incidents, 24,643 affected customers, demo
 * logins), copied from a template made once under .cache/ (seeding takes 25-45 s; copying, none).
 */
export function demoSqliteDatabase(file: string): string {
  const template = path.join(ROOT, ".cache", "proof-template", "demo.db");
  const stamp = path.join(ROOT, ".cache", "proof-template", "migrations.txt");
  const migrations = readdirSync(path.join(ROOT, "prisma", "migrations")).sort().join("\n");
  const fresh = existsSync(template) && existsSync(stamp) && readFileSync(stamp, "utf8") === migrations;
  if (!fresh) {
    mkdirSync(path.dirname(template), { recursive: true });
    for (const suffix of ["", "-wal", "-shm"]) if (existsSync(template + suffix)) rmSync(template + suffix);
    out("Preparing the demo database template (migrate + demo data, once)…");
    const env = { DATABASE_URL: `file:${template}`, DATA_DIR: path.dirname(template) };
    runCli(["db", "migrate"], env);
    runCli(["db", "seed"], env);
    // One self-contained file: fold the write-ahead log back in before copying.
    const db = new Database(template);
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    writeFileSync(stamp, migrations);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(template, file);
  return file;
}

export type RunningApp = {
  url: string;
  port: number;
  child: ChildProcess;
  logFile: string;
  /** Everything the app printed so far (stdout and stderr). */
  output: () => string;
  /** SIGTERM, then wait for the process to exit. */
  stop: () => Promise<void>;
  /** SIGKILL (kill -9) to the app and the tsx process that started it, then wait for them to exit. */
  kill9: () => Promise<void>;
};

/**
 * Starts the app as `npm start` does, on a free loopback port, and waits for /healthz. `env` adds
 * to or overrides the defaults (DATABASE_URL is required). Its output goes to `logFile` too.
 */
export async function startApp({
  env,
  logFile,
  buildDir = ensureBuild(),
  healthTimeoutMs = 240_000,
}: {
  env: Record<string, string> & { DATABASE_URL: string; DATA_DIR: string };
  logFile: string;
  buildDir?: string;
  healthTimeoutMs?: number;
}): Promise<RunningApp> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: "a" });
  let text = "";
  const child = spawn(process.execPath, [TSX, "app/cli/main.ts", "start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      SEED_DEMO: "true",
      LOG_LEVEL: "info",
      ...PROOF_SECRETS,
      BUILD_DIR: buildDir,
      ...env,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (d: Buffer) => {
    log.write(d);
    if (text.length < 4_000_000) text += d.toString();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => log.end());
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + healthTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The app exited during start-up:\n${text.slice(-4000)}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      killTree(child.pid!);
      throw new Error(`The app did not become healthy within ${healthTimeoutMs / 1000} s:\n${text.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const finish = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      // tsx runs the app in a child process of its own: SIGTERM is passed on to it, SIGKILL is not.
      if (signal === "SIGKILL") killTree(child.pid!);
      else child.kill(signal);
    }
    await exited;
  };
  return { url, port, child, logFile, output: () => text, stop: () => finish("SIGTERM"), kill9: () => finish("SIGKILL") };
}

/** A process and all its descendants, parents first (Linux: /proc/<pid>/task/<tid>/children). */
export function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) pids.push(...childProcesses(pids[i]!));
  return pids;
}

/** The processes a process started (its direct children); none once it has gone. */
export function childProcesses(pid: number): number[] {
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // already gone
  }
  const children: number[] = [];
  for (const task of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(/\s+/)) if (c) children.push(Number(c));
    } catch {
      // the thread ended meanwhile
    }
  }
  return children;
}

/**
 * kill -9 of a process and everything it started, deepest first. Needed for anything run with
 * tsx: its CLI starts the script in a second node process and cannot pass SIGKILL on to it.
 */
export function killTree(pid: number): void {
  for (const p of processTree(pid).reverse()) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Percentile (0-100) of a list of numbers, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
