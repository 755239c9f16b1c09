import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IncidentOverviewCards } from "~/components/incident-overview";
import { holidayDataCoversYear } from "~/domain/business-hours";
import { listIncidentChoices } from "~/models/incident.server";
import { getIncidentOverview } from "~/models/staff-home.server";
import { requireUser } from "~/utils/auth.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "admin");
  const slug = await getCurrentIncidentSlug(request, await listIncidentChoices());
  const nextYear = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Tokyo", year: "numeric" }).format(new Date())) + 1;
  return {
    overview: slug ? await getIncidentOverview({ slug }) : null,
    holidayWarningYear: holidayDataCoversYear(nextYear) ? null : nextYear,
  };
}

export default function AdminHome() {
  const { overview, holidayWarningYear } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("home.adminTitle")}</h1>
      <p>{t("home.adminIntro")}</p>
      {holidayWarningYear ? (
        <p className="notice warn" role="status" data-testid="holiday-warning">
          {t("admin.holidayDataMissing", { year: holidayWarningYear })}
        </p>
      ) : null}
      <ul>
        <li>
          <Link to="/staff/admin/users">{t("nav.users")}</Link>
        </li>
        <li>
          <Link to="/staff/admin/tokens">{t("nav.apiTokens")}</Link>
        </li>
        <li>
          <Link to="/staff/admin/closures">{t("nav.closures")}</Link>
        </li>
        <li>
          <Link to="/staff/admin/retention">{t("nav.retention")}</Link>
        </li>
      </ul>
      {overview ? <IncidentOverviewCards overview={overview} /> : null}
    </>
  );
}
