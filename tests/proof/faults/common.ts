/**
 * What every fault script shares: the record of one fault's steps, checks and figures (printed as
 * they happen and kept for the JSON report), the processes to stop on the way out, and waiting.
 */
import type { RunningApp } from "../harness";
import { killTree, out } from "../harness";

import type { Engine } from "../scratch-databases";

export type { Engine };

export type Check = { name: string; ok: boolean; detail: string };

/** One fault on one engine: what was done, what was checked, and the figures measured. */
export class FaultRecord {
  readonly steps: string[] = [];
  readonly checks: Check[] = [];
  readonly notes: string[] = [];
  readonly figures: Record<string, unknown> = {};
  private readonly started = Date.now();
  seconds = 0;

  constructor(
    readonly fault: string,
    readonly engine: Engine,
  ) {
    out(`\n== ${fault} (${engine}) ==`);
  }

  /** Something the script did. */
  step(text: string): void {
    this.steps.push(text);
    out(`  - ${text}`);
  }

  /** Something the script found that is worth knowing but is not a pass/fail check. */
  note(text: string): void {
    this.notes.push(text);
    out(`  NOTE ${text}`);
  }

  check(name: string, ok: boolean, detail = ""): boolean {
    this.checks.push({ name, ok, detail });
    out(`  ${ok ? "PASS" : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
    return ok;
  }

  figure(key: string, value: unknown): void {
    this.figures[key] = value;
  }

  finish(): this {
    this.seconds = Math.round((Date.now() - this.started) / 100) / 10;
    const failed = this.checks.filter((c) => !c.ok).length;
    out(
      `  ${this.fault} (${this.engine}): ${this.checks.length - failed}/${this.checks.length} checks passed in ${this.seconds} s`,
    );
    return this;
  }

  toJSON() {
    return {
      fault: this.fault,
      engine: this.engine,
      seconds: this.seconds,
      passed: this.checks.every((c) => c.ok),
      steps: this.steps,
      checks: this.checks,
      notes: this.notes,
      figures: this.figures,
    };
  }
}

/** Apps and other child processes still running: all are killed on the way out, also after a failure. */
const running = new Set<{ stopNow: () => Promise<void> }>();

/** Keeps track of an app until it is stopped; returns the same app. */
export function track(app: RunningApp): RunningApp {
  const entry = { stopNow: () => app.kill9() };
  running.add(entry);
  void new Promise<void>((resolve) => app.child.once("exit", () => resolve())).then(() => running.delete(entry));
  return app;
}

/** Keeps track of a child process (and what it starts) until it exits. */
export function trackProcess(pid: number, exited: Promise<unknown>): void {
  const entry = {
    stopNow: async () => {
      killTree(pid);
      await exited;
    },
  };
  running.add(entry);
  void exited.then(() => running.delete(entry));
}

export async function stopEverything(): Promise<void> {
  for (const entry of [...running]) await entry.stopNow().catch(() => undefined);
  running.clear();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something other than undefined/false, or the time is up (then null). */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  everyMs = 250,
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) return null;
    await sleep(everyMs);
  }
}

export const number = (n: number) => n.toLocaleString("en");
export const secondsSince = (start: number) => Math.round((Date.now() - start) / 100) / 10;
