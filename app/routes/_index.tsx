import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PublicShell } from "~/components/public-shell";
import { HotlineCard } from "~/components/hotline-card";
import { IncidentActions } from "~/components/faq-waiver-links";
import { listActiveIncidents } from "~/models/incident.server";
import { getHotlineStatus } from "~/models/hours.server";
import { formatCalendarDate, pick } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "お問い合わせ窓口 | Inquiry desk" }];

export async function loader(_: LoaderFunctionArgs) {
  const incidents = await listActiveIncidents();
  const now = new Date();
  return {
    incidents: await Promise.all(
      incidents.map(async (incident) => ({
        ...incident,
        hotlines: await Promise.all(
          incident.hotlines.map(async (h) => ({
            ...h,
            status: h.kind === "phone" ? await getHotlineStatus({ hotline: h, incidentId: incident.id, at: now }) : null,
          })),
        ),
      })),
    ),
  };
}

export default function PublicHome() {
  const { incidents } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <PublicShell>
      <div className="page">
        <h1>{t("public.homeTitle")}</h1>
        <p>{t("public.homeIntro")}</p>
        <p className="notice warn">{t("public.neverAskCard")}</p>
        <h2>{t("public.incidentsHeading")}</h2>
        {incidents.map((incident) => (
          <section key={incident.id} className="card" aria-labelledby={`incident-${incident.slug}`}>
            <h3 id={`incident-${incident.slug}`}>
              <Link to={`/i/${incident.slug}`}>{pick(lng, incident.titleJa, incident.titleEn)}</Link>
            </h3>
            <p className="muted">
              {pick(lng, incident.companyJa, incident.companyEn)} · {t("public.noticeDate")}:{" "}
              {formatCalendarDate(incident.noticeDate, lng)}
            </p>
            <p>{pick(lng, incident.summaryJa, incident.summaryEn)}</p>
            <div className="grid">
              {incident.hotlines.map((h) => (
                <HotlineCard key={h.id} hotline={h} />
              ))}
            </div>
            <IncidentActions slug={incident.slug} />
            <p>
              <Link to={`/i/${incident.slug}`}>{t("public.readNotice")}</Link>
            </p>
          </section>
        ))}
      </div>
    </PublicShell>
  );
}
