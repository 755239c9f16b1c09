/**
 * Load proof (issue 6, point 3), on 127.0.0.1 only; stops by itself.
 *
 *   npm run proof:load                      both scenarios on SQLite
 *   npm run proof:load -- --pg              both on PostgreSQL (scratch databases, dropped at the end)
 *   npm run proof:load -- --scenario agents|check|api|all
 *
 * agents  50 agents log in and save 200 contacts each at the same time through the desk's form;
 *         the database must then hold every one exactly once with its audit entry, with no 5xx and
 *         no SQLITE_BUSY (tests/proof/load/agents.ts).
 * check   the public self-check /check under an open-loop flood of 500 requests/s for 30 s from
 *         many client addresses; the per-IP and per-identifier limits must hold exactly, with no
 *         5xx (tests/proof/load/check.ts).
 * api     the same rate for 10 s on POST /api/v1/lookups with one token; its per-token limit must
 *         hold exactly (tests/proof/load/check.ts).
 *
 * The app runs as `npm start` does, with --processes app processes (WEB_CONCURRENCY; default: one
 * per CPU core, as docs/operations.md advises).
 * Smaller runs for trying things out: --agents N --contacts-per-agent N --rate N --seconds N.
 * --check-via data posts /check as the page's script does (POST /check.data) instead of as a plain
 * form (the default, the heavier of the two: a full HTML page per answer).
 * Prints what it did and found, writes tests/.reports/load-<engine>.json, exits 1 on a failed check.
 */
import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { cleanUpOnExit, ROOT, out, writeReport } from "./harness";
import { runAgentsScenario } from "./load/agents";
import { runApiScenario, runCheckScenario } from "./load/check";
import type { CheckVia } from "./load/check";
import { runningApps } from "./load/common";
import { ScratchDatabases } from "./scratch-databases";

const { values: args } = parseArgs({
  options: {
    pg: { type: "boolean", default: false },
    scenario: { type: "string", default: "all" },
    agents: { type: "string", default: "50" },
    "contacts-per-agent": { type: "string", default: "200" },
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "30" },
    "check-via": { type: "string", default: "page" },
    processes: { type: "string", default: String(os.availableParallelism()) },
  },
});

const SCENARIOS = ["agents", "check", "api"] as const;
const wanted = args.scenario === "all" ? [...SCENARIOS] : SCENARIOS.filter((s) => s === args.scenario);
if (wanted.length === 0) {
  out(`Unknown --scenario ${args.scenario}: use agents, check, api or all.`);
  process.exit(2);
}
const positive = (name: string, value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    out(`--${name} must be a whole number above 0, not ${value}`);
    process.exit(2);
  }
  return n;
};
if (args["check-via"] !== "page" && args["check-via"] !== "data") {
  out(`--check-via must be page or data, not ${args["check-via"]}`);
  process.exit(2);
}
const via: CheckVia = args["check-via"] === "data" ? "data" : "page";
const options = {
  via,
  agents: positive("agents", args.agents),
  contactsPerAgent: positive("contacts-per-agent", args["contacts-per-agent"]),
  rate: positive("rate", args.rate),
  seconds: positive("seconds", args.seconds),
};

// startApp (tests/proof/harness.ts) passes this process's environment on to the app.
process.env.WEB_CONCURRENCY = String(positive("processes", args.processes));

const engine = args.pg ? "postgresql" : "sqlite";
const tempDir = path.join(ROOT, "tests", ".tmp", `load-${engine}-${process.pid}`);
const databases = new ScratchDatabases(engine, tempDir, "load");

const cleanUp = cleanUpOnExit(async () => {
  for (const app of runningApps) await app.kill9();
  await databases.dropAll();
  rmSync(tempDir, { recursive: true, force: true });
});

const started = Date.now();
const loadBefore = os.loadavg()[0]!;
out(
  `Load proof on ${engine}, scenarios: ${wanted.join(", ")}. ${os.cpus().length} CPUs, Node ${process.version}; load generator and app share this machine; the app runs as ${process.env.WEB_CONCURRENCY} process(es) (WEB_CONCURRENCY).`,
);
out(
  `Load average before the start: ${loadBefore.toFixed(2)}${loadBefore > 1 ? " (something else is running here: the figures will be lower than on a quiet machine)" : ""}.`,
);
mkdirSync(tempDir, { recursive: true });
const reports: unknown[] = [];
let failed = 0;
let crashed: unknown = null;
try {
  for (const scenario of wanted) {
    const report =
      scenario === "agents"
        ? await runAgentsScenario({ databases, tempDir, options })
        : scenario === "check"
          ? await runCheckScenario({ databases, tempDir, options })
          : await runApiScenario({ databases, tempDir, options });
    reports.push(report);
    failed += report.checks.filter((c) => !c.ok).length;
  }
} catch (error) {
  crashed = error;
} finally {
  await cleanUp();
}

writeReport(`load-${engine}`, started, {
  engine,
  machine: { cpus: os.cpus().length, node: process.version, loadAverageBefore: Math.round(loadBefore * 100) / 100 },
  options,
  scenarios: reports,
  crashed,
  failed,
});
if (crashed) {
  out(`The run stopped with an error: ${crashed instanceof Error ? (crashed.stack ?? crashed.message) : String(crashed)}`);
  process.exit(1);
}
out(failed === 0 ? "All checks passed." : `${failed} check(s) failed.`);
process.exit(failed === 0 ? 0 : 1);
