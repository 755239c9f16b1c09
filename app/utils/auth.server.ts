/**
 * Who may see what. Every staff loader and action starts with requireUser.
 */
import { redirect } from "@remix-run/node";
import { hasRole } from "~/domain/roles";
import type { Role } from "~/domain/roles";
import { getSessionUser } from "./session.server";
import type { SessionUser } from "./session.server";

/**
 * The logged-in user with at least `role`. Not logged in: redirect to /login
 * (back to this page afterwards). Logged in without the role: 403, which the
 * error page explains.
 */
export async function requireUser(request: Request, role: Role = "agent"): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  if (!hasRole(user.role, role)) {
    throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  }
  return user;
}
