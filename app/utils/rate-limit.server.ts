/**
 * Fixed-window rate limits kept in the database, so every app instance sees the
 * same counts (login throttling, public forms, the self-check).
 * Keys should hold no raw personal data: pass an HMAC for identifiers.
 */
import { prisma } from "./db.server";

export type RateLimitResult = { allowed: boolean; count: number; retryAfterSeconds: number };

export async function hitRateLimit({
  key,
  limit,
  windowSeconds,
  now = new Date(),
}: {
  key: string;
  limit: number;
  windowSeconds: number;
  now?: Date;
}): Promise<RateLimitResult> {
  const windowMs = windowSeconds * 1000;
  let row = await countHit(key, now);
  if (now.getTime() - row.windowStart.getTime() >= windowMs) {
    // The window has passed: start a new one with this hit. Only one of the hits racing here
    // can (the update matches the old window only); every other one counts itself in the new
    // window the winner started, so hits at the boundary are neither lost nor all allowed.
    const started = await prisma.rateLimit.updateMany({
      where: { key, windowStart: row.windowStart },
      data: { windowStart: now, count: 1 },
    });
    row = started.count === 1 ? { windowStart: now, count: 1 } : await countHit(key, now);
  }
  return { allowed: row.count <= limit, count: row.count, retryAfterSeconds: secondsLeft(row.windowStart, windowMs, now) };
}

/** One hit on the key: +1 in its window, or the first hit of a new row. */
function countHit(key: string, now: Date) {
  return prisma.rateLimit.upsert({
    where: { key },
    create: { key, windowStart: now, count: 1 },
    update: { count: { increment: 1 } },
    select: { windowStart: true, count: true },
  });
}

/** Whole seconds until the window that started at `windowStart` ends (at least 1), for Retry-After. */
function secondsLeft(windowStart: Date, windowMs: number, now: Date): number {
  return Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
}

/**
 * Counts a hit only on a key that already has at least `atLeast` hits in its current window (the
 * check and the count are one statement, so racing hits are counted exactly); null, and nothing
 * counted, on any other key.
 */
export async function hitRateLimitIfAtLeast({
  key,
  atLeast,
  windowSeconds,
  now = new Date(),
}: {
  key: string;
  atLeast: number;
  windowSeconds: number;
  now?: Date;
}): Promise<{ count: number; retryAfterSeconds: number } | null> {
  const windowMs = windowSeconds * 1000;
  const counted = await prisma.rateLimit.updateMany({
    where: { key, count: { gte: atLeast }, windowStart: { gt: new Date(now.getTime() - windowMs) } },
    data: { count: { increment: 1 } },
  });
  if (counted.count === 0) return null;
  const row = await prisma.rateLimit.findUnique({ where: { key }, select: { windowStart: true, count: true } });
  if (!row) return null;
  return { count: row.count, retryAfterSeconds: secondsLeft(row.windowStart, windowMs, now) };
}

/** Reads a counter without counting a hit. */
export async function peekRateLimit({
  key,
  limit,
  windowSeconds,
  now = new Date(),
}: {
  key: string;
  limit: number;
  windowSeconds: number;
  now?: Date;
}): Promise<RateLimitResult> {
  const row = await prisma.rateLimit.findUnique({ where: { key }, select: { windowStart: true, count: true } });
  const windowMs = windowSeconds * 1000;
  if (!row || now.getTime() - row.windowStart.getTime() >= windowMs) {
    return { allowed: true, count: 0, retryAfterSeconds: 0 };
  }
  return { allowed: row.count < limit, count: row.count, retryAfterSeconds: secondsLeft(row.windowStart, windowMs, now) };
}

export async function clearRateLimit(key: string): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key } });
}

/** A 429 response with Retry-After, for API routes. */
export function tooManyRequests(retryAfterSeconds: number, body: unknown = { error: "rate_limited", retryAfterSeconds }) {
  return new Response(JSON.stringify(body), {
    status: 429,
    headers: { "Content-Type": "application/json; charset=utf-8", "Retry-After": String(retryAfterSeconds) },
  });
}
