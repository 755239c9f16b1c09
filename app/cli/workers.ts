/**
 * `npm start` with WEB_CONCURRENCY above 1: this process (after building, migrating and seeding)
 * starts that many app processes, which share the port (node:cluster hands each new connection to
 * one of them in turn). Each keeps its own database connection; sessions, rate limits and the
 * audit trail are in the database, so it does not matter which one answers.
 *
 * A process that dies is replaced (after a pause that grows if it keeps dying at once). SIGTERM
 * or SIGINT stops them all gracefully (each finishes the requests it has, app/server.ts) and then
 * this process exits.
 */
import cluster from "node:cluster";
import type { Worker } from "node:cluster";

/** A process that dies sooner than this after starting is "crashing at start": wait longer before the next. */
const QUICK_DEATH_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;

export function superviseWorkers(count: number, out: (line: string) => void): void {
  let stopping = false;
  let restartDelay = 250;
  const startedAt = new Map<number, number>();

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };

  cluster.on("exit", (worker: Worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    restartDelay = lived < QUICK_DEATH_MS ? Math.min(restartDelay * 2, MAX_RESTART_DELAY_MS) : 250;
    out(
      JSON.stringify({
        time: new Date().toISOString(),
        level: "warn",
        msg: "app process ended; starting another",
        pid: worker.process.pid,
        code,
        signal,
        restartInMs: restartDelay,
      }),
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, restartDelay);
  });

  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) process.exit(0);
    // SIGTERM to each (after Ctrl-C they have had SIGINT from the terminal too, and stop at once).
    for (const worker of workers) worker.process.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  out(JSON.stringify({ time: new Date().toISOString(), level: "info", msg: `starting ${count} app processes`, pid: process.pid }));
  for (let i = 0; i < count; i++) fork();
}
