import { data } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { changeOwnPassword, setUserLocale } from "~/models/user.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { getT, localeCookie } from "~/utils/i18n.server";

const LanguageSchema = z.object({ intent: z.literal("language"), locale: z.enum(["ja", "en"]) });
const PasswordSchema = z.object({
  intent: z.literal("password"),
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(12).max(1024),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "agent");
  return { locale: user.locale, mustChangePassword: user.mustChangePassword };
}

type Result = { ok?: string; error?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "agent");
  const form = await readForm(request);
  const values = Object.fromEntries(form);
  if (values.intent === "language") {
    const parsed = LanguageSchema.safeParse(values);
    if (!parsed.success) throw new Response("Unsupported language", { status: 400 });
    await setUserLocale({ user, locale: parsed.data.locale, request });
    const t = await getT(new Request(request.url, { headers: { "Accept-Language": parsed.data.locale } }));
    return data<Result>(
      { ok: t("account.saved") },
      { headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) } },
    );
  }
  const t = await getT(request);
  const parsed = PasswordSchema.safeParse(values);
  if (!parsed.success) return data<Result>({ error: t("validation.passwordTooShort") }, { status: 400 });
  const changed = await changeOwnPassword({ id: user.id, ...parsed.data });
  if (!changed) return data<Result>({ error: t("account.wrongPassword") }, { status: 400 });
  await recordAudit({ actor: userActor(user), action: "user.password_change", entityType: "user", entityId: user.id, request });
  return data<Result>({ ok: t("account.passwordChanged") });
}

export default function Account() {
  const { locale } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("account.title")}</h1>
      {result?.ok ? (
        <p className="notice success" role="status">
          {result.ok}
        </p>
      ) : null}
      {result?.error ? (
        <p className="notice error" role="alert">
          {result.error}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <CsrfField />
        <input type="hidden" name="intent" value="language" />
        <div>
          <label htmlFor="locale">{t("language.label")}</label>
          <p className="muted">{t("account.languageHelp")}</p>
          <select id="locale" name="locale" defaultValue={locale}>
            <option value="ja">{t("language.ja")}</option>
            <option value="en">{t("language.en")}</option>
          </select>
        </div>
        <div>
          <button type="submit">{t("account.save")}</button>
        </div>
      </Form>
      <h2>{t("account.changePassword")}</h2>
      <Form method="post" className="stack">
        <CsrfField />
        <input type="hidden" name="intent" value="password" />
        <div>
          <label htmlFor="currentPassword">{t("account.currentPassword")}</label>
          <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required />
        </div>
        <div>
          <label htmlFor="newPassword">{t("account.newPassword")}</label>
          <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" minLength={12} required />
        </div>
        <div>
          <button type="submit">{t("account.changePassword")}</button>
        </div>
      </Form>
    </>
  );
}
