import { redirect } from "@remix-run/node";
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { setUserLocale } from "~/models/user.server";
import { readForm } from "~/utils/csrf.server";
import { localeCookie } from "~/utils/i18n.server";
import { safeRedirectPath } from "~/utils/request.server";
import { getSessionUser } from "~/utils/session.server";

const LanguageSchema = z.object({ lng: z.enum(["ja", "en"]), redirectTo: z.string().max(2048).optional() });

/** The language switch: saved on the account for staff, in a cookie for everyone. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = LanguageSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new Response("Unsupported language", { status: 400 });
  const user = await getSessionUser(request);
  if (user) await setUserLocale({ user, locale: parsed.data.lng, request });
  return redirect(safeRedirectPath(parsed.data.redirectTo, "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.lng) },
  });
}

export async function loader() {
  return redirect("/");
}
