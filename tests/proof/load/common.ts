/** What both load scenarios share: pass/fail checks, latency figures and reading the app's log. */
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, out, percentile } from "../harness";
import type { Engine } from "../scratch-databases";

export type Check = { name: string; ok: boolean; detail: string };

/** The checks of one scenario, printed as they are made. */
export class Checks {
  readonly list: Check[] = [];

  add(name: string, ok: boolean, detail: string): boolean {
    this.list.push({ name, ok, detail });
    out(`  ${ok ? "PASS" : "FAIL"}  ${name}: ${detail}`);
    return ok;
  }

  get failed(): number {
    return this.list.filter((c) => !c.ok).length;
  }
}

export type Latency = { count: number; p50: number; p95: number; p99: number; max: number; mean: number };

export function latency(ms: number[]): Latency {
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    count: ms.length,
    p50: round(percentile(ms, 50)),
    p95: round(percentile(ms, 95)),
    p99: round(percentile(ms, 99)),
    max: round(ms.reduce((a, b) => Math.max(a, b), 0)),
    mean: round(ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length)),
  };
}

export const formatLatency = (l: Latency) =>
  `p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms (${l.count} answers)`;

/** Signs of trouble under concurrency, per engine, as they would show in the app's output. */
const TROUBLE: Record<Engine | "both", RegExp[]> = {
  sqlite: [/SQLITE_BUSY/, /database is locked/i, /SQLITE_LOCKED/],
  postgresql: [
    /deadlock detected/i,
    /could not serialize/i,
    /serialization failure/i,
    /too many clients/i,
    /remaining connection slots/i,
    /timeout exceeded when trying to connect/i,
    /Connection terminated/i,
    /database connection lost/,
    /ECONNRESET|ECONNREFUSED/,
  ],
  // Prisma's own codes: transaction conflict or deadlock (P2034), transaction timed out (P2028),
  // connection closed (P1017), no connection from the pool in time (P2024).
  // And the app's own line when it answered 503 because the database could not be used.
  both: [
    /P2034/,
    /P2028/,
    /P1017/,
    /P2024/,
    /Transaction already closed/i,
    /Unable to start a transaction/i,
    /database unavailable/,
  ],
};

export type LogScan = {
  lines: number;
  requestLines: number;
  /** Request lines with a status of 500 or more, by status. */
  serverErrors: Record<string, number>;
  /** Pattern source → how many lines matched. */
  trouble: Record<string, number>;
  /** Lines the app logged at level "error" or "warn" (the first few are kept). */
  errorLines: number;
  examples: string[];
};

/** Reads the app's whole log file (one JSON line per request, plus start-up text). */
export function scanAppLog(file: string, engine: Engine): LogScan {
  const patterns = [...TROUBLE[engine], ...TROUBLE.both];
  const scan: LogScan = { lines: 0, requestLines: 0, serverErrors: {}, trouble: {}, errorLines: 0, examples: [] };
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    scan.lines++;
    for (const pattern of patterns) {
      if (pattern.test(line)) scan.trouble[pattern.source] = (scan.trouble[pattern.source] ?? 0) + 1;
    }
    type Entry = { msg?: unknown; status?: unknown; level?: unknown };
    let entry: Entry | null = null;
    try {
      entry = JSON.parse(line) as Entry;
    } catch {
      // start-up text, not a log entry
    }
    if (entry?.msg === "request") {
      scan.requestLines++;
      if (typeof entry.status === "number" && entry.status >= 500)
        scan.serverErrors[entry.status] = (scan.serverErrors[entry.status] ?? 0) + 1;
    } else if (entry?.level === "error" || entry?.level === "warn") {
      scan.errorLines++;
      if (scan.examples.length < 5) scan.examples.push(line.slice(0, 600));
    }
  }
  return scan;
}

function checkAppLog(checks: Checks, scan: LogScan, engine: Engine) {
  const troubleTotal = Object.values(scan.trouble).reduce((a, b) => a + b, 0);
  checks.add(
    engine === "sqlite"
      ? "no SQLITE_BUSY / 'database is locked' in the app log"
      : "no deadlock, serialization or connection errors in the app log",
    troubleTotal === 0,
    troubleTotal === 0 ? `${scan.lines} log lines read` : JSON.stringify(scan.trouble),
  );
  const errors5xx = Object.values(scan.serverErrors).reduce((a, b) => a + b, 0);
  checks.add(
    "no 5xx in the app's request log",
    errors5xx === 0,
    errors5xx === 0 ? `${scan.requestLines} requests logged` : JSON.stringify(scan.serverErrors),
  );
  checks.add(
    "no error or warning logged by the app",
    scan.errorLines === 0,
    scan.errorLines === 0 ? "none" : `${scan.errorLines}, e.g. ${scan.examples.join(" | ")}`,
  );
}

/** Running apps to stop if the script is interrupted (Ctrl+C) before its own clean-up runs. */
export const runningApps = new Set<{ kill9: () => Promise<void> }>();

/**
 * The checks every scenario makes on the app's log. When any check of the scenario failed, the log
 * is kept as tests/.reports/load-<engine>-<scenario>-app.log (the temp folder is removed at the end).
 */
export function finishScenario(
  checks: Checks,
  { logFile, engine, scenario }: { logFile: string; engine: Engine; scenario: string },
) {
  checkAppLog(checks, scanAppLog(logFile, engine), engine);
  if (checks.failed === 0) return;
  const kept = path.join(ROOT, "tests", ".reports", `load-${engine}-${scenario}-app.log`);
  mkdirSync(path.dirname(kept), { recursive: true });
  copyFileSync(logFile, kept);
  out(`  The app's log is kept in ${path.relative(ROOT, kept)}.`);
}
