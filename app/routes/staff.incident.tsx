import { redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { incidentCookie } from "~/utils/current-incident.server";
import { safeRedirectPath } from "~/utils/request.server";

const Schema = z.object({ incident: z.string().min(1).max(100), redirectTo: z.string().max(2048).optional() });

/** Switches the incident the staff member is working on. */
export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, "agent");
  const form = await readForm(request);
  const parsed = Schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  return redirect(safeRedirectPath(parsed.data.redirectTo, "/staff"), {
    headers: { "Set-Cookie": await incidentCookie.serialize(parsed.data.incident) },
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "agent");
  return redirect("/staff");
}
