/**
 * Staff sessions, stored in the database so logout and expiry are enforced on
 * the server. The cookie holds a random token (signed, httpOnly, SameSite=Lax,
 * Secure in production); the table holds only the token's SHA-256, so a copy of
 * the database cannot be used to log in. See docs/decisions/003-sessions-and-csrf.md.
 */
import { createCookie } from "@remix-run/node";
import { prisma } from "./db.server";
import { getEnv } from "./env.server";
import { randomToken, sha256Hex } from "./crypto.server";

let cookie: ReturnType<typeof createCookie> | undefined;

function sessionCookie() {
  const env = getEnv();
  cookie ??= createCookie("madoguchi_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.NODE_ENV === "production",
    path: "/",
    secrets: [env.SESSION_SECRET],
  });
  return cookie;
}

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: string;
  locale: string;
  mustChangePassword: boolean;
  sessionId: string;
};

async function readToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 32 ? value : null;
}

/** Creates a session and returns the Set-Cookie header value. */
export async function createSession({ userId, ip }: { userId: string; ip: string }): Promise<string> {
  const env = getEnv();
  const token = randomToken();
  const now = new Date();
  await prisma.session.create({
    data: {
      id: sha256Hex(token),
      userId,
      ip,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + env.SESSION_HOURS * 3600_000),
    },
  });
  return sessionCookie().serialize(token, { maxAge: env.SESSION_HOURS * 3600 });
}

/**
 * The logged-in staff member, or null. Expired, idle or disabled sessions are
 * deleted on sight. lastSeenAt is refreshed at most once a minute.
 */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  // Several loaders (and the language detector) ask during one request: look it up once.
  let pending = perRequest.get(request);
  if (!pending) {
    pending = loadSessionUser(request);
    perRequest.set(request, pending);
  }
  return pending;
}

const perRequest = new WeakMap<Request, Promise<SessionUser | null>>();

async function loadSessionUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const id = sha256Hex(token);
  const session = await prisma.session.findUnique({
    where: { id },
    select: {
      id: true,
      expiresAt: true,
      lastSeenAt: true,
      user: { select: { id: true, email: true, name: true, role: true, locale: true, disabled: true, mustChangePassword: true } },
    },
  });
  if (!session) return null;
  const now = Date.now();
  const idleLimit = getEnv().SESSION_IDLE_MINUTES * 60_000;
  if (session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() > idleLimit || session.user.disabled) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  if (now - session.lastSeenAt.getTime() > 60_000) {
    await prisma.session.updateMany({ where: { id }, data: { lastSeenAt: new Date(now) } });
  }
  const { disabled: _disabled, ...user } = session.user;
  return { ...user, sessionId: session.id };
}

/** Deletes the session on the server and returns a Set-Cookie header that clears the cookie. */
export async function destroySession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token) await prisma.session.deleteMany({ where: { id: sha256Hex(token) } });
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** Logs a user out everywhere (after a password reset or when the account is disabled). */
export async function destroyUserSessions(userId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { userId } });
}
