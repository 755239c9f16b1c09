/**
 * Answers that must not reveal, by how long they take, which branch the server took
 * (the public self-check: "not found" and "cannot confirm" must be in the same timing class).
 * The server waits until a floor after the request began, plus a little random jitter, so the
 * database work (which is done on every path anyway) does not show through.
 */
import { randomInt } from "node:crypto";

export function startTimer(): { elapsedMs: () => number } {
  const started = performance.now();
  return { elapsedMs: () => performance.now() - started };
}

/** Waits until at least `floorMs` + random(0..jitterMs) have passed since the timer started. */
export async function answerNoSoonerThan(timer: { elapsedMs: () => number }, { floorMs, jitterMs }: { floorMs: number; jitterMs: number }): Promise<void> {
  const target = floorMs + (jitterMs > 0 ? randomInt(0, jitterMs + 1) : 0);
  const wait = target - timer.elapsedMs();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
}
