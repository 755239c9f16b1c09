import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { PublicShell } from "~/components/public-shell";
import { homePathFor, isRole } from "~/domain/roles";
import { verifyLogin } from "~/models/user.server";
import { recordAudit } from "~/utils/audit.server";
import { hmacLookupKey } from "~/utils/crypto.server";
import { readForm } from "~/utils/csrf.server";
import { getEnv } from "~/utils/env.server";
import { getT } from "~/utils/i18n.server";
import { clearRateLimit, hitRateLimit, peekRateLimit } from "~/utils/rate-limit.server";
import { getClientIp, safeRedirectPath } from "~/utils/request.server";
import { createSession, getSessionUser } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Login | Madoguchi" }];

const LoginSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
  redirectTo: z.string().max(2048).optional(),
});

/** Per IP: LOGIN_ATTEMPTS_PER_IP (20) attempts in 15 minutes. Per account: 5 failures in 15 minutes. */
const ipLimit = () => ({ limit: getEnv().LOGIN_ATTEMPTS_PER_IP, windowSeconds: 15 * 60 });
const ACCOUNT_LIMIT = { limit: 5, windowSeconds: 15 * 60 };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user && isRole(user.role)) throw redirect(homePathFor(user.role));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const t = await getT(request);
  const parsed = LoginSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return data({ error: t("login.invalid") }, { status: 400 });
  }
  const ip = getClientIp(request);
  const emailKey = hmacLookupKey("staff-email", parsed.data.email.normalize("NFKC").trim().toLowerCase());
  const accountKey = `login-account:${emailKey}`;

  const ipHit = await hitRateLimit({ key: `login-ip:${hmacLookupKey("ip", ip)}`, ...ipLimit() });
  const accountState = await peekRateLimit({ key: accountKey, ...ACCOUNT_LIMIT });
  if (!ipHit.allowed || !accountState.allowed) {
    const retry = Math.max(ipHit.allowed ? 0 : ipHit.retryAfterSeconds, accountState.allowed ? 0 : accountState.retryAfterSeconds);
    await recordAudit({ actor: { type: "public" }, action: "auth.login_throttled", request, details: { emailKey } });
    return data(
      { error: t("login.throttled", { minutes: Math.ceil(retry / 60) }) },
      { status: 429, headers: { "Retry-After": String(retry) } },
    );
  }

  const user = await verifyLogin(parsed.data);
  if (!user || !isRole(user.role)) {
    await hitRateLimit({ key: accountKey, ...ACCOUNT_LIMIT });
    await recordAudit({ actor: { type: "public" }, action: "auth.login_failed", request, details: { emailKey } });
    return data({ error: t("login.invalid") }, { status: 400 });
  }
  await clearRateLimit(accountKey);
  const cookie = await createSession({ userId: user.id, ip });
  await recordAudit({ actor: { type: "user", id: user.id, label: user.email }, action: "auth.login", request });
  const target = user.mustChangePassword
    ? "/staff/account?first=1"
    : safeRedirectPath(parsed.data.redirectTo, homePathFor(user.role));
  return redirect(target, { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const error = actionData && "error" in actionData ? actionData.error : null;
  return (
    <PublicShell>
      <div className="page narrow">
        <h1>{t("login.title")}</h1>
        {params.get("loggedOut") ? <p className="notice success">{t("login.loggedOut")}</p> : null}
        {error ? (
          <p className="notice error" role="alert">
            {error}
          </p>
        ) : null}
        <Form method="post" className="stack">
          <CsrfField />
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <div>
            <label htmlFor="email">{t("login.email")}</label>
            <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
          </div>
          <div>
            <label htmlFor="password">{t("login.password")}</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required />
          </div>
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("login.submit")}
            </button>
          </div>
        </Form>
      </div>
    </PublicShell>
  );
}
