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
import { ContactInputError, recordCallEvent, toApiContact } from "~/models/contact.server";
import { json, readApiJson } from "~/utils/json-api.server";

/** Per token: three events per call, a busy desk's PBX stays far below this. */
export const API_CALLS_RATE_LIMIT = { limit: 1200, windowSeconds: 60 };
const MAX_BODY_BYTES = 8 * 1024;

export async function loader() {
  return json(405, { error: "method_not_allowed" }, { Allow: "POST" });
}

export async function action({ request }: ActionFunctionArgs) {
  const read = await readApiJson({
    request,
    scope: "calls",
    rateLimit: { key: "api-calls", ...API_CALLS_RATE_LIMIT },
    maxBytes: MAX_BODY_BYTES,
    schema: CallEventSchema,
  });
  if (read instanceof Response) return read;
  const { caller, data: event } = read;

  const slug = event.incident ?? new URL(request.url).searchParams.get("incident") ?? null;
  try {
    const result = await recordCallEvent({ event, incidentSlug: slug, actor: caller.actor, request });
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
