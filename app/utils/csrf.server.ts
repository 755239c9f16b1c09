/**
 * CSRF protection for every form post: a signed double-submit token.
 * The root loader gives each browser a random token in an httpOnly cookie and
 * renders the same token into every form (<CsrfField/>); an action accepts a
 * post only when the form field equals the cookie. A cross-site page can make
 * the browser send the cookie but cannot read it to fill in the field.
 * The HTTP server adds a second check on the Origin header (app/server.ts).
 */
import { createCookie } from "@remix-run/node";
import { getEnv } from "./env.server";
import { randomToken, safeEqual } from "./crypto.server";

export const CSRF_FIELD = "csrf";

let cookie: ReturnType<typeof createCookie> | undefined;
function csrfCookie() {
  const env = getEnv();
  cookie ??= createCookie("madoguchi_csrf", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.NODE_ENV === "production",
    path: "/",
    secrets: [env.SESSION_SECRET],
  });
  return cookie;
}

async function readCsrfCookie(request: Request): Promise<string | null> {
  const value: unknown = await csrfCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 32 ? value : null;
}

/** The browser's token, creating one (with its Set-Cookie header) on the first visit. */
export async function getCsrfToken(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const existing = await readCsrfCookie(request);
  if (existing) return { token: existing, setCookie: null };
  const token = randomToken();
  return { token, setCookie: await csrfCookie().serialize(token) };
}

export class CsrfError extends Response {
  constructor() {
    super("The form has expired or was sent from another site. Reload the page and try again.", {
      status: 403,
      statusText: "CSRF check failed",
    });
  }
}

/** Throws a 403 unless the form's token matches the browser's cookie. */
export async function requireCsrf(request: Request, form: FormData): Promise<void> {
  const cookieToken = await readCsrfCookie(request);
  const field = form.get(CSRF_FIELD);
  if (!cookieToken || typeof field !== "string" || !safeEqual(cookieToken, field)) {
    throw new CsrfError();
  }
}

/** Reads a url-encoded or multipart form and checks its CSRF token. Use this in every action. */
export async function readForm(request: Request): Promise<FormData> {
  const form = await request.formData();
  await requireCsrf(request, form);
  return form;
}
