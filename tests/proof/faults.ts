/**
 * Fault proof (issue 6, point 3): the app under kill -9 and with its database gone, on 127.0.0.1
 * only; stops by itself.
 *
 *   npm run proof:faults                        all faults on SQLite
 *   npm run proof:faults -- --pg                import and waiver faults on PostgreSQL, and the
 *                                               outage through a TCP proxy (scratch databases,
 *                                               dropped at the end)
 *   npm run proof:faults -- --fault import|waivers|outage|all
 *
 * import   kill -9 of a large import half-way, from the command line and inside the web server;
 *          the database stays sound, the job can be continued, and ends with every row exactly
 *          once (tests/proof/faults/import-fault.ts).
 * waivers  kill -9 of the server while supervisors put thousands of checked waiver requests into
 *          batches and mark them sent, again and again; no request in two batches, no half-made
 *          batch, every batch's file matches it, and finishing the work puts each request in a
 *          file exactly once (tests/proof/faults/waiver-fault.ts).
 * outage   the database goes away while the app runs: /healthz answers 503 within seconds, pages
 *          answer a translated 503 error page without hanging, and the app recovers by itself
 *          once the database is back (tests/proof/faults/outage-fault.ts).
 *
 * Options for trying things out: --rows N (import size, default 100,000), --waivers N (default
 * 3,000), --kills N (kill cycles of the waiver fault, default 6).
 * Prints what it did and found, writes tests/.reports/faults-<engine>.json, exits 1 on a failed check.
 */
import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { cleanUpOnExit, ensureBuild, ROOT, out, writeReport } from "./harness";
import { stopEverything } from "./faults/common";
import type { FaultRecord } from "./faults/common";
import { ScratchDatabases } from "./scratch-databases";
import { runImportFault } from "./faults/import-fault";
import { runOutageFault } from "./faults/outage-fault";
import { runWaiverFault } from "./faults/waiver-fault";

const { values: args } = parseArgs({
  options: {
    pg: { type: "boolean", default: false },
    fault: { type: "string", default: "all" },
    rows: { type: "string", default: "100000" },
    waivers: { type: "string", default: "3000" },
    kills: { type: "string", default: "6" },
  },
});

const FAULTS = ["import", "waivers", "outage"] as const;
const wanted = args.fault === "all" ? [...FAULTS] : FAULTS.filter((f) => f === args.fault);
if (wanted.length === 0) {
  out(`Unknown --fault ${args.fault}: use import, waivers, outage or all.`);
  process.exit(2);
}
const positive = (name: string, value: string, min = 1) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    out(`--${name} must be a whole number of at least ${min}, not ${value}`);
    process.exit(2);
  }
  return n;
};
const options = {
  rows: positive("rows", args.rows, 20_000),
  waivers: positive("waivers", args.waivers, 100),
  kills: positive("kills", args.kills),
};

const engine = args.pg ? "postgresql" : "sqlite";
const tempDir = path.join(ROOT, "tests", ".tmp", `faults-${engine}-${process.pid}`);
const databases = new ScratchDatabases(engine, tempDir, "faults");
/** Undo steps of the faults themselves (a proxy to close, a file system to unmount). */
const undo: (() => Promise<void> | void)[] = [];

const cleanUp = cleanUpOnExit(async () => {
  await stopEverything();
  for (const step of undo.reverse())
    await Promise.resolve(step()).catch((e: unknown) => out(`Clean-up step failed: ${String(e)}`));
  await databases.dropAll();
  rmSync(tempDir, { recursive: true, force: true });
});

const started = Date.now();
out(`Fault proof on ${engine}, faults: ${wanted.join(", ")}. ${os.cpus().length} CPUs, Node ${process.version}.`);
mkdirSync(tempDir, { recursive: true });
const records: FaultRecord[] = [];
let crashed: unknown = null;
try {
  // Our own build folder: another script rebuilding .cache/proof-build at the same time cannot break ours.
  const buildDir = ensureBuild(path.join(ROOT, ".cache", "proof-faults-build"));
  for (const fault of wanted) {
    if (fault === "import") records.push(await runImportFault({ engine, databases, tempDir, rows: options.rows, buildDir }));
    if (fault === "waivers")
      records.push(
        await runWaiverFault({ engine, databases, tempDir, waivers: options.waivers, kills: options.kills, buildDir }),
      );
    if (fault === "outage") records.push(await runOutageFault({ engine, databases, tempDir, buildDir, undo }));
    await stopEverything();
  }
} catch (error) {
  crashed = error;
} finally {
  await cleanUp();
}

const failed = records.reduce((n, r) => n + r.checks.filter((c) => !c.ok).length, 0);
writeReport(`faults-${engine}`, started, {
  engine,
  machine: { cpus: os.cpus().length, node: process.version },
  options,
  faults: records,
  crashed,
  failed,
});
for (const r of records) {
  const bad = r.checks.filter((c) => !c.ok);
  out(
    `  ${r.fault}: ${bad.length === 0 ? "passed" : `${bad.length} failed: ${bad.map((c) => c.name).join("; ")}`} (${r.seconds} s)`,
  );
}
if (crashed) {
  out(`The run stopped with an error: ${crashed instanceof Error ? (crashed.stack ?? crashed.message) : String(crashed)}`);
  process.exit(1);
}
out(failed === 0 ? "All checks passed." : `${failed} check(s) failed.`);
process.exit(failed === 0 ? 0 : 1);
