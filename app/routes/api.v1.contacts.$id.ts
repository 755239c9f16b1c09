/**
 * GET /api/v1/contacts/ID: one contact as stored (docs/api.md). Bearer token with the
 * "contacts" scope; 404 {"error":"not_found"} for an unknown id. Every read is audited
 * (contact.view, actor = the token).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiToken } from "~/models/api-token.server";
import { findContact, toApiContact } from "~/models/contact.server";
import { recordAudit } from "~/utils/audit.server";
import { json, orResponse } from "~/utils/json-api.server";
import { hitRateLimit, tooManyRequests } from "~/utils/rate-limit.server";

/** Shares the per-token counter of POST /api/v1/contacts. */
const API_CONTACTS_RATE_LIMIT = { limit: 600, windowSeconds: 60 };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await orResponse(() => requireApiToken(request, "contacts"));
  if (caller instanceof Response) return caller;
  const hit = await hitRateLimit({ key: `api-contacts:${caller.id}`, ...API_CONTACTS_RATE_LIMIT });
  if (!hit.allowed) return tooManyRequests(hit.retryAfterSeconds);

  const id = params.id ?? "";
  const contact = /^[a-z0-9]{8,40}$/.test(id) ? await findContact({ id }) : null;
  if (!contact) return json(404, { error: "not_found" });
  await recordAudit({ actor: caller.actor, action: "contact.view", entityType: "contact", entityId: contact.id, request });
  return json(200, toApiContact(contact));
}

export async function action() {
  return json(405, { error: "method_not_allowed" }, { Allow: "GET" });
}
