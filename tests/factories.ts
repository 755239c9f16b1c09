/**
 * Helpers that build real data and real Requests for loader and action tests.
 * They go through the same model functions as the app; nothing is mocked.
 */
import type { Role } from "~/domain/roles";
import { createUser } from "~/models/user.server";
import { getCsrfToken } from "~/utils/csrf.server";
import { CLIENT_IP_HEADER } from "~/utils/request.server";
import { createSession } from "~/utils/session.server";

let counter = 0;

export async function createTestUser({ role = "agent" as Role, password = "correct horse battery staple" } = {}) {
  counter += 1;
  const email = `${role}${counter}-${Date.now()}@example.jp`;
  const user = await createUser({ email, name: `${role} ${counter}`, role, password, mustChangePassword: false });
  return { ...user, role, password };
}

/** "name=value" from a Set-Cookie header. */
export function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0]!;
}

/** Cookie header for a logged-in user plus a CSRF cookie, and the CSRF token to put in forms. */
export async function staffCookies(userId: string) {
  const session = cookiePair(await createSession({ userId, ip: "127.0.0.1" }));
  const csrf = await getCsrfToken(new Request("http://localhost/"));
  return { cookie: `${session}; ${cookiePair(csrf.setCookie!)}`, csrf: csrf.token };
}

export async function anonymousCookies() {
  const csrf = await getCsrfToken(new Request("http://localhost/"));
  return { cookie: cookiePair(csrf.setCookie!), csrf: csrf.token };
}

export function getRequest(path: string, { cookie, ip = "127.0.0.1", headers = {} }: { cookie?: string; ip?: string; headers?: Record<string, string> } = {}) {
  return new Request(`http://localhost${path}`, {
    headers: { ...(cookie ? { Cookie: cookie } : {}), [CLIENT_IP_HEADER]: ip, ...headers },
  });
}

export function formRequest(
  path: string,
  fields: Record<string, string>,
  { cookie, ip = "127.0.0.1", headers = {} }: { cookie?: string; ip?: string; headers?: Record<string, string> } = {},
) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(cookie ? { Cookie: cookie } : {}),
      [CLIENT_IP_HEADER]: ip,
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Runs a loader/action and returns the Response it returned or threw (redirects and errors are thrown Responses). */
export async function settle(run: () => Promise<unknown>): Promise<{ response?: Response; data?: unknown }> {
  try {
    const value = await run();
    if (value instanceof Response) return { response: value };
    // Remix's data() helper returns a DataWithResponseInit object.
    if (value && typeof value === "object" && "type" in value && (value as { type: string }).type === "DataWithResponseInit") {
      const d = value as unknown as { data: unknown; init: ResponseInit | null };
      return { data: d.data, response: new Response(null, d.init ?? undefined) };
    }
    return { data: value };
  } catch (thrown) {
    if (thrown instanceof Response) return { response: thrown };
    throw thrown;
  }
}
