/**
 * POST /api/v1/lookups: is this caller affected? For IVR/CTI integrations (docs/api.md).
 * Bearer token with the "lookups" scope; JSON body validated strictly; answers
 * {"outcome":"affected"|"not_found"|"needs_verification","matches":[...]} where matches are given
 * only for records verified by two independent facts and inside an exposure window, and never hold
 * contact data (the last 4 card digits at most). Every call is a Lookup row + lookup.api audit entry.
 * No cookies are read, so there is no CSRF token: the bearer token is the credential.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { normaliseEmail, normaliseLast4, normalisePhone } from "~/domain/normalise";
import { requireApiToken } from "~/models/api-token.server";
import { findIncidentBySlug } from "~/models/incident.server";
import { lookupAffected, recordRefusedLookup } from "~/models/lookup.server";
import { hitRateLimit, tooManyRequests } from "~/utils/rate-limit.server";

/** Per token: an IVR at full load makes a few lookups a second. */
export const API_LOOKUP_RATE_LIMIT = { limit: 600, windowSeconds: 60 };
const MAX_BODY_BYTES = 8 * 1024;

export const LookupRequestSchema = z
  .strictObject({
    incident: z.string().trim().min(1).max(100),
    name: z.string().trim().min(1).max(100).optional(),
    phone: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .refine((v) => normalisePhone(v) !== null, "not a valid phone number")
      .optional(),
    email: z
      .string()
      .trim()
      .min(1)
      .max(254)
      .refine((v) => normaliseEmail(v) !== null, "not a valid email address")
      .optional(),
    reference: z.string().trim().min(1).max(64).optional(),
    last4: z
      .string()
      .trim()
      .refine((v) => /^\d{4}$/.test(v.normalize("NFKC")) && normaliseLast4(v) !== null, "must be exactly 4 digits")
      .optional(),
  })
  .refine((b) => b.name !== undefined || b.phone !== undefined || b.email !== undefined || b.reference !== undefined, {
    message: "give at least one of name, phone, email, reference",
    path: [],
  });

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

function invalid(issues: { path: (string | number)[]; message: string }[]): Response {
  return json(400, { error: "invalid_request", issues });
}

/** The body as text, or null when it is longer than `max` bytes (read no further than that). */
async function readBody(request: Request, max: number): Promise<string | null> {
  if (!request.body) return "";
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
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

export async function loader() {
  return json(405, { error: "method_not_allowed" }, { Allow: "POST" });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json(405, { error: "method_not_allowed" }, { Allow: "POST" });

  let caller;
  try {
    caller = await requireApiToken(request, "lookups");
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }

  const hit = await hitRateLimit({ key: `api-token:${caller.id}`, ...API_LOOKUP_RATE_LIMIT });
  if (!hit.allowed) {
    await recordRefusedLookup({ incidentId: null, query: {}, channel: "api", actor: caller.actor, request, reason: "token" });
    return tooManyRequests(hit.retryAfterSeconds);
  }

  const contentType = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (contentType !== "application/json") return invalid([{ path: [], message: "Content-Type must be application/json" }]);
  const text = await readBody(request, MAX_BODY_BYTES);
  if (text === null) return invalid([{ path: [], message: `body must be at most ${MAX_BODY_BYTES} bytes` }]);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return invalid([{ path: [], message: "malformed JSON" }]);
  }
  const parsed = LookupRequestSchema.safeParse(body);
  if (!parsed.success) {
    return invalid(parsed.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === "number" ? p : String(p))), message: issue.message })));
  }

  const incident = await findIncidentBySlug(parsed.data.incident);
  if (!incident || !incident.active) return json(404, { error: "not_found", message: "no such incident" });

  const { incident: _slug, ...query } = parsed.data;
  const result = await lookupAffected({ incidentId: incident.id, query, channel: "api", actor: caller.actor, request });
  const matches =
    result.apiOutcome === "affected"
      ? result.candidates
          .filter((c) => c.verdict === "affected" && c.site)
          .map((c) => ({
            site: c.site!.slug,
            siteName: { ja: c.site!.nameJa, en: c.site!.nameEn },
            window: c.window ? { start: c.window.startDate, end: c.window.endDate } : null,
            stolenItems: c.site!.stolenItems,
            matchedFields: c.matchedFields,
            cardLast4: c.cardLast4,
          }))
      : [];
  return json(200, { outcome: result.apiOutcome, matches, lookupId: result.lookupId });
}
