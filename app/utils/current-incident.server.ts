/** The incident a staff member is working on, remembered in a cookie per browser. */
import { createCookie } from "@remix-run/node";

export const incidentCookie = createCookie("staff_incident", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 30 * 24 * 3600 });

/** The chosen incident if it still exists, else the first active one, else null. */
export async function getCurrentIncidentSlug(request: Request, choices: { slug: string }[]): Promise<string | null> {
  const chosen: unknown = await incidentCookie.parse(request.headers.get("Cookie"));
  if (typeof chosen === "string" && choices.some((c) => c.slug === chosen)) return chosen;
  return choices[0]?.slug ?? null;
}
