import { redirect } from "@remix-run/node";
import type { ActionFunctionArgs } from "@remix-run/node";
import { recordAudit, userActor } from "~/utils/audit.server";
import { readForm } from "~/utils/csrf.server";
import { destroySession, getSessionUser } from "~/utils/session.server";

/** Logging out is a POST (with CSRF token) so a link on another site cannot log staff out. */
export async function action({ request }: ActionFunctionArgs) {
  await readForm(request);
  const user = await getSessionUser(request);
  const cookie = await destroySession(request);
  if (user) await recordAudit({ actor: userActor(user), action: "auth.logout", request });
  return redirect("/login?loggedOut=1", { headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  return redirect("/login");
}
