import { data } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";
import { LanguageSwitch } from "~/components/language-switch";
import { STAFF_NAV } from "~/components/staff-nav";
import { hasRole } from "~/domain/roles";
import { listIncidentChoices } from "~/models/incident.server";
import { requireUser } from "~/utils/auth.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { pick } from "~/utils/format";

/** The frame of every staff page: navigation for the user's role, the current incident, language, logout. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "agent");
  const incidents = await listIncidentChoices();
  const current = await getCurrentIncidentSlug(request, incidents);
  return data({
    user: { name: user.name, role: user.role, mustChangePassword: user.mustChangePassword },
    incidents,
    currentIncident: current,
  });
}

export default function StaffLayout() {
  const { user, incidents, currentIncident } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const role = user.role;
  const links = STAFF_NAV.filter((l) => hasRole(role, l.role)).map((l) => ({
    to: l.to,
    label: t(`nav.${l.label}` as "nav.desk"),
  }));
  const roleLabel = role === "admin" ? t("roles.admin") : role === "supervisor" ? t("roles.supervisor") : t("roles.agent");
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <header className="topbar">
        <a className="brand" href="/staff">
          {t("appName")}
        </a>
        <nav aria-label={t("nav.mainMenu")}>
          <ul>
            {links.map((l) => (
              <li key={l.to}>
                <NavLink to={l.to}>{l.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <span className="spacer" />
        {incidents.length > 0 ? (
          <Form method="post" action="/staff/incident" className="inline-form">
            <CsrfField />
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <label htmlFor="incident-select" className="visually-hidden">
              {t("staff.incident")}
            </label>
            <select id="incident-select" name="incident" defaultValue={currentIncident ?? undefined}>
              {incidents.map((i) => (
                <option key={i.slug} value={i.slug}>
                  {pick(i18n.language, i.titleJa, i.titleEn)}
                </option>
              ))}
            </select>
            <button type="submit" className="secondary">
              {t("staff.chooseIncident")}
            </button>
          </Form>
        ) : (
          <span>{t("staff.noIncident")}</span>
        )}
        <LanguageSwitch />
        <NavLink to="/staff/account">{t("staff.loggedInAs", { name: user.name, role: roleLabel })}</NavLink>
        <Form method="post" action="/logout" className="inline-form">
          <CsrfField />
          <button type="submit" className="link-button">
            {t("nav.logout")}
          </button>
        </Form>
      </header>
      <main id="main" className="page">
        {user.mustChangePassword && !location.pathname.startsWith("/staff/account") ? (
          <p className="notice warn">{t("account.mustChange")}</p>
        ) : null}
        <Outlet />
      </main>
    </>
  );
}
