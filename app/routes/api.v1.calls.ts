/**
 * POST /api/v1/calls: call events from the PBX (docs/api.md). Bearer token with the "calls"
 * scope. Body {callId, direction in|out, from, to, state ringing|answered|hangup, timestamp
 * ISO-8601, incident?}. Creates the phone contact of the call on the first event seen (201)
 * and updates it on later ones (200); repeated and out-of-order events are idempotent. The
 * incident is the one whose phone line has the number dialled (in) or dialled from (out);
 * `incident` (slug) in the body or ?incident= overrides. A call that rings and hangs up
 * unanswered is recorded abandoned and waits in the inquiry queue for a callback.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { CallEventSchema } from "~/domain/contact-rules";
import { requireApiToken } from "~/models/api-token.server";
import { ContactInputError, recordCallEvent, toApiContact } from "~/models/contact.server";
import { apiIssues, invalidRequest, json, mediaType, orResponse, readBodyBytes } from "~/utils/json-api.server";
import { hitRateLimit, tooManyRequests } from "~/utils/rate-limit.server";

/** Per token: three events per call, a busy desk's PBX stays far below this. */
export const API_CALLS_RATE_LIMIT = { limit: 1200, windowSeconds: 60 };
const MAX_BODY_BYTES = 8 * 1024;

export async function loader() {
  return json(405, { error: "method_not_allowed" }, { Allow: "POST" });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json(405, { error: "method_not_allowed" }, { Allow: "POST" });
  const caller = await orResponse(() => requireApiToken(request, "calls"));
  if (caller instanceof Response) return caller;
  const hit = await hitRateLimit({ key: `api-calls:${caller.id}`, ...API_CALLS_RATE_LIMIT });
  if (!hit.allowed) return tooManyRequests(hit.retryAfterSeconds);

  if (mediaType(request) !== "application/json") {
    return invalidRequest([{ path: "", code: "invalid", message: "Content-Type must be application/json" }]);
  }
  const bytes = await readBodyBytes(request, MAX_BODY_BYTES);
  if (bytes === null) return json(413, { error: "payload_too_large", maxBytes: MAX_BODY_BYTES });
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return invalidRequest([{ path: "", code: "invalid", message: "malformed JSON" }]);
  }
  const parsed = CallEventSchema.safeParse(body);
  if (!parsed.success) return invalidRequest(apiIssues(parsed.error));

  const slug = parsed.data.incident ?? new URL(request.url).searchParams.get("incident") ?? null;
  try {
    const result = await recordCallEvent({ event: parsed.data, incidentSlug: slug, actor: caller.actor, request });
    return json(result.created ? 201 : 200, {
      ...toApiContact(result.contact),
      created: result.created,
      changed: result.changed,
    });
  } catch (error) {
    if (error instanceof ContactInputError) return json(404, { error: "unknown_incident" });
    throw error;
  }
}
