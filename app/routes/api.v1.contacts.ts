/**
 * POST /api/v1/contacts: log a contact from a CTI or another system (docs/api.md).
 * Bearer token with the "contacts" scope; JSON body checked by ContactCreateSchema (unknown
 * fields refused); free text redacted before it is stored. Answers 201 with the stored contact
 * (id, redacted notes, withinBusinessHours, ...) plus `redaction` counts, 400
 * {"error":"invalid_request","issues":[...]}, 404 {"error":"unknown_incident"}, 413 for a body
 * over 64 KB. No cookies are read, so there is no CSRF token: the bearer token is the credential.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { ContactCreateSchema } from "~/domain/contact-rules";
import { ContactInputError, createContact, findActiveStaffIdByEmail, toApiContact } from "~/models/contact.server";
import { invalidRequest, json, readApiJson } from "~/utils/json-api.server";

/** Per token: a CTI logging every call of a busy desk stays far below this. */
export const API_CONTACTS_RATE_LIMIT = { limit: 600, windowSeconds: 60 };
const MAX_BODY_BYTES = 64 * 1024;

export async function loader() {
  return json(405, { error: "method_not_allowed" }, { Allow: "POST" });
}

export async function action({ request }: ActionFunctionArgs) {
  const read = await readApiJson({
    request,
    scope: "contacts",
    rateLimit: { key: "api-contacts", ...API_CONTACTS_RATE_LIMIT },
    maxBytes: MAX_BODY_BYTES,
    schema: ContactCreateSchema,
  });
  if (read instanceof Response) return read;
  const { caller } = read;
  const { agentEmail, status, ...input } = read.data;
  const agentId = agentEmail ? await findActiveStaffIdByEmail(agentEmail) : null;
  if (agentEmail && !agentId)
    return invalidRequest([{ path: "agentEmail", code: "invalid", message: "no active staff account with this email" }]);

  try {
    const { contact, redaction } = await createContact({ input, source: "api", agentId, status, actor: caller.actor, request });
    return json(201, { ...toApiContact(contact), redaction }, { Location: `/api/v1/contacts/${contact.id}` });
  } catch (error) {
    if (error instanceof ContactInputError) {
      if (error.field === "incident") return json(404, { error: "unknown_incident" });
      return invalidRequest([
        {
          path: error.field,
          code: error.code,
          message: error.code === "invalid" ? "no such affected record in this incident" : "needs identityVerified",
        },
      ]);
    }
    throw error;
  }
}
