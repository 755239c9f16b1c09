/**
 * Small helpers for the JSON API routes of the contact log (contacts, calls, inbound email):
 * JSON answers that are never cached, a body reader with a hard size limit, and zod issues in
 * the documented `{"error":"invalid_request","issues":[{path, code, message}]}` shape.
 */
import type { z } from "zod";
import { CONTACT_ERROR_CODES } from "~/domain/contact-rules";
import enContacts from "~/locales/en/contacts";

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
