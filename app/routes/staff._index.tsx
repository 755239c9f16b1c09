import { redirect } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { homePathFor, isRole } from "~/domain/roles";
import { requireUser } from "~/utils/auth.server";

/** /staff sends each role to its own home page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "agent");
  if (!isRole(user.role)) throw new Response("Forbidden", { status: 403 });
  throw redirect(homePathFor(user.role));
}
