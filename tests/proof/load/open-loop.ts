/**
 * An open-loop load generator: request i is due at start + i / rate, whether or not earlier ones
 * were answered (a closed loop would slow down with the server and hide its queueing). With
 * `burst`, the first `burst` requests all leave at the start together. A request that this process
 * could not send within LATE_MS of its time is counted as late.
 */
import { readFileSync } from "node:fs";
import type { Answer } from "./http";

export const LATE_MS = 10;

export type Sent = { index: number; answer: Answer; lateMs: number; sentAt: number };

export type OpenLoopResult = {
  sent: Sent[];
  /** From the first request's time to the last request leaving. */
  sendSeconds: number;
  /** From the first request's time to the last answer. */
  totalSeconds: number;
  late: number;
  worstLateMs: number;
  /** Share of all CPU time of this machine that was busy during the run (from /proc/stat). */
  machineBusy: number | null;
  /** CPU seconds the generator itself used. */
  generatorCpuSeconds: number;
};

function cpuTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function openLoop({
  count,
  rate,
  burst = 0,
  send,
}: {
  count: number;
  rate: number;
  burst?: number;
  send: (index: number) => Promise<Answer>;
}): Promise<OpenLoopResult> {
  const intervalMs = 1000 / rate;
  const cpuBefore = cpuTicks();
  const generatorBefore = process.cpuUsage();
  const start = performance.now() + 50;
  const dueOf = (i: number) => start + Math.max(0, i - Math.max(0, burst - 1)) * intervalMs;
  const pending: Promise<Sent>[] = [];
  let late = 0;
  let worstLateMs = 0;
  let lastSent = start;
  for (let next = 0; next < count;) {
    const now = performance.now();
    const due = dueOf(next);
    if (now < due) {
      await sleep(Math.max(1, Math.floor(due - now)));
      continue;
    }
    // Send everything that is due by now.
    while (next < count && dueOf(next) <= now) {
      const index = next++;
      const lateMs = now - dueOf(index);
      if (lateMs > LATE_MS) late++;
      worstLateMs = Math.max(worstLateMs, lateMs);
      pending.push(send(index).then((answer) => ({ index, answer, lateMs, sentAt: now })));
    }
    lastSent = now;
  }
  const sendSeconds = (lastSent - start) / 1000;
  const sent = await Promise.all(pending);
  const totalSeconds = (performance.now() - start) / 1000;
  const cpuAfter = cpuTicks();
  const generator = process.cpuUsage(generatorBefore);
  return {
    sent,
    sendSeconds,
    totalSeconds,
    late,
    worstLateMs: Math.round(worstLateMs),
    machineBusy:
      cpuBefore && cpuAfter
        ? Math.round(((cpuAfter.busy - cpuBefore.busy) / Math.max(1, cpuAfter.total - cpuBefore.total)) * 100) / 100
        : null,
    generatorCpuSeconds: Math.round(((generator.user + generator.system) / 1e6) * 10) / 10,
  };
}
