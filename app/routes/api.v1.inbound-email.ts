/**
 * POST /api/v1/inbound-email: one raw RFC 5322 message, as a mail server pipe or an inbound-mail
 * webhook delivers it (docs/api.md). Bearer token with the "contacts" scope.
 * Content-Type message/rfc822 or text/plain; at most 2 MB (413 beyond). The To address chooses
 * the incident by its email hotline; ?incident=SLUG is the fallback. Attachments are refused:
 * not stored, only counted and their names and types recorded. Answers 201 with the new open
 * email_in contact (due time included), 200 with the same contact when the Message-ID was
 * already received, 404 {"error":"unknown_incident"}, 415 for another Content-Type,
 * 422 {"error":"unreadable_message"}.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiToken } from "~/models/api-token.server";
import { toApiContact } from "~/models/contact.server";
import { MAX_EMAIL_BYTES, receiveInboundEmail, UnknownIncidentError, UnreadableEmailError } from "~/models/inbound-email.server";
import { json, mediaType, orResponse, readBodyBytes } from "~/utils/json-api.server";
import { hitRateLimit, tooManyRequests } from "~/utils/rate-limit.server";

const ACCEPTED_TYPES = new Set(["message/rfc822", "text/plain"]);
export const API_EMAIL_RATE_LIMIT = { limit: 300, windowSeconds: 60 };

export async function loader() {
  return json(405, { error: "method_not_allowed" }, { Allow: "POST" });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json(405, { error: "method_not_allowed" }, { Allow: "POST" });
  const caller = await orResponse(() => requireApiToken(request, "contacts"));
  if (caller instanceof Response) return caller;
  const hit = await hitRateLimit({ key: `api-email:${caller.id}`, ...API_EMAIL_RATE_LIMIT });
  if (!hit.allowed) return tooManyRequests(hit.retryAfterSeconds);

  if (!ACCEPTED_TYPES.has(mediaType(request))) {
    return json(415, { error: "unsupported_media_type", accepted: [...ACCEPTED_TYPES] });
  }
  const raw = await readBodyBytes(request, MAX_EMAIL_BYTES);
  if (raw === null) return json(413, { error: "payload_too_large", maxBytes: MAX_EMAIL_BYTES });
  if (raw.byteLength === 0) return json(422, { error: "unreadable_message", message: "empty body" });

  const incident = new URL(request.url).searchParams.get("incident");
  try {
    const result = await receiveInboundEmail({
      raw,
      incidentSlug: incident && incident.length <= 100 ? incident : null,
      actor: caller.actor,
      request,
    });
    return json(result.duplicate ? 200 : 201, {
      ...toApiContact(result.contact),
      duplicate: result.duplicate,
      attachmentsRefused: result.attachmentsRefused,
      redaction: result.redaction,
    });
  } catch (error) {
    if (error instanceof UnknownIncidentError) return json(404, { error: "unknown_incident" });
    if (error instanceof UnreadableEmailError) return json(422, { error: "unreadable_message" });
    throw error;
  }
}
