/**
 * Small helpers for the JSON API routes of the contact log (contacts, calls, inbound email):
 * JSON answers that are never cached, a body reader with a hard size limit, and zod issues in
 * the documented `{"error":"invalid_request","issues":[{path, code, message}]}` shape.
 */
import type { z } from "zod";
import type { ApiScope } from "~/domain/api-scopes";
import { CONTACT_ERROR_CODES } from "~/domain/contact-rules";
import enContacts from "~/locales/en/contacts";
import { requireApiToken } from "~/models/api-token.server";
import { hitRateLimit, tooManyRequests } from "~/utils/rate-limit.server";

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

export type ApiIssue = { path: string; code: string; message: string };

export function invalidRequest(issues: ApiIssue[]): Response {
  return json(400, { error: "invalid_request", issues });
}

/** zod issues for API clients: the dotted path, our error code, and an English message. */
export function apiIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => {
    const known = (CONTACT_ERROR_CODES as readonly string[]).includes(issue.message);
    const code = known ? issue.message : issue.code === "unrecognized_keys" ? "unknown_field" : "invalid";
    const message = known
      ? enContacts.errors[issue.message as keyof typeof enContacts.errors]
      : issue.code === "unrecognized_keys"
        ? `unknown field(s): ${(issue as { keys?: string[] }).keys?.join(", ") ?? ""}`
        : issue.message;
    return { path: issue.path.map(String).join("."), code, message };
  });
}

/** The request body as bytes, or null when it is longer than `max` bytes (reads no further). */
export async function readBodyBytes(request: Request, max: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > max) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** The media type of the request, lower-case, without parameters ("application/json"). */
export function mediaType(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Runs requireApiToken-style guards that throw Responses, returning the Response instead. */
export async function orResponse<T>(run: () => Promise<T>): Promise<T | Response> {
  try {
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/**
 * The common start of a JSON API action: POST only, a bearer token with `scope`, the token's
 * rate limit, a JSON content type, a bounded body, and zod validation. Returns the caller and
 * the parsed body, or the error Response to send as it is.
 */
export async function readApiJson<S extends z.ZodType>({
  request,
  scope,
  rateLimit,
  maxBytes,
  schema,
}: {
  request: Request;
  scope: ApiScope;
  rateLimit: { key: string; limit: number; windowSeconds: number };
  maxBytes: number;
  schema: S;
}): Promise<Response | { caller: ApiCaller; data: z.infer<S> }> {
  if (request.method !== "POST") return json(405, { error: "method_not_allowed" }, { Allow: "POST" });
  const caller = await orResponse(() => requireApiToken(request, scope));
  if (caller instanceof Response) return caller;
  const hit = await hitRateLimit({ key: `${rateLimit.key}:${caller.id}`, limit: rateLimit.limit, windowSeconds: rateLimit.windowSeconds });
  if (!hit.allowed) return tooManyRequests(hit.retryAfterSeconds);
  if (mediaType(request) !== "application/json") {
    return invalidRequest([{ path: "", code: "invalid", message: "Content-Type must be application/json" }]);
  }
  const bytes = await readBodyBytes(request, maxBytes);
  if (bytes === null) return json(413, { error: "payload_too_large", maxBytes });
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return invalidRequest([{ path: "", code: "invalid", message: "malformed JSON" }]);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return invalidRequest(apiIssues(parsed.error));
  return { caller, data: parsed.data };
}

type ApiCaller = Awaited<ReturnType<typeof requireApiToken>>;
