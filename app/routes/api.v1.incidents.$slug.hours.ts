/**
 * GET /api/v1/incidents/SLUG/hours?at=ISO-8601: is the incident's main phone line open at that
 * instant (default now), and when does it open next. Public, no token: the hours are printed in
 * the notice anyway. For IVRs ("we are closed; we open on Tuesday at 10:00"). See docs/api.md.
 *
 * nextOpening is never null merely because the line is open: while open it is the start of the
 * next period after the current one closes, so an IVR can say "open now; after that, from ...".
 * It is null only when the line has no opening within 400 days (no hours configured).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isOpenAt, nextOpening } from "~/domain/business-hours";
import { isValidSlug } from "~/domain/incident-form";
import { parseIsoInstant } from "~/domain/iso-instant";
import { findMainPhoneHotline, loadHoursConfig } from "~/models/hours.server";
import { hmacLookupKey } from "~/utils/crypto.server";
import { hitRateLimit, tooManyRequests } from "~/utils/rate-limit.server";
import { getClientIp } from "~/utils/request.server";

export const HOURS_API_RATE_LIMIT = { limit: 120, windowSeconds: 60 };

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ip = getClientIp(request);
  const hit = await hitRateLimit({ key: `hours-ip:${hmacLookupKey("ip", ip)}`, ...HOURS_API_RATE_LIMIT });
  if (!hit.allowed) return tooManyRequests(hit.retryAfterSeconds);

  const url = new URL(request.url);
  const atParam = url.searchParams.get("at");
  let at = new Date();
  if (atParam !== null) {
    const parsed = parseIsoInstant(atParam);
    if (!parsed) {
      return json(
        {
          error: "invalid_request",
          issues: [
            {
              path: ["at"],
              message: "at must be an ISO-8601 date or date-time, e.g. 2026-07-17T13:00:00Z or 2026-07-17T22:00:00+09:00",
            },
          ],
        },
        400,
      );
    }
    at = parsed;
  }

  const slug = params.slug ?? "";
  const found = isValidSlug(slug) ? await findMainPhoneHotline({ slug }) : null;
  if (!found) return json({ error: "not_found", message: "No active incident with this slug." }, 404);
  if (!found.hotline) return json({ error: "no_phone_hotline", message: "This incident has no phone hotline." }, 404);

  const config = await loadHoursConfig({ hotline: found.hotline, incidentId: found.incidentId });
  const next = nextOpening({ instant: at, config });
  return json({ open: isOpenAt({ instant: at, config }), nextOpening: next ? next.toISOString() : null, timeZone: "Asia/Tokyo" });
}
