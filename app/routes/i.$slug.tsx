import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { IncidentActions } from "~/components/faq-waiver-links";
import { HotlineCard } from "~/components/hotline-card";
import { PublicShell } from "~/components/public-shell";
import { findIncidentBySlug } from "~/models/incident.server";
import { getHotlineStatus } from "~/models/hours.server";
import { formatCalendarDate, pick } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.incident.titleJa} | ${data.incident.companyJa}` : "Madoguchi" },
];

const StolenItems = z.array(z.string()).catch([]);

/** The public notice of one incident: what happened, which sites and periods, what was stolen, how to reach the desk. */
export async function loader({ params }: LoaderFunctionArgs) {
  const slug = z.string().max(100).safeParse(params.slug);
  const incident = slug.success ? await findIncidentBySlug(slug.data) : null;
  if (!incident || !incident.active) throw new Response("Not Found", { status: 404 });
  const now = new Date();
  return {
    incident: {
      ...incident,
      sites: incident.sites.map((s) => ({ ...s, stolenItems: StolenItems.parse(JSON.parse(s.stolenItems)) })),
      hotlines: await Promise.all(
        incident.hotlines.map(async (h) => ({
          ...h,
          status: h.kind === "phone" ? await getHotlineStatus({ hotline: h, incidentId: incident.id, at: now }) : null,
        })),
      ),
    },
  };
}

export default function IncidentNotice() {
  const { incident } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <PublicShell>
      <div className="page">
        <p className="muted">
          {pick(lng, incident.companyJa, incident.companyEn)} · {t("public.noticeDate")}: {formatCalendarDate(incident.noticeDate, lng)}
        </p>
        <h1>{pick(lng, incident.titleJa, incident.titleEn)}</h1>
        <p className="notice warn">{t("public.neverAskCard")}</p>
        <IncidentActions slug={incident.slug} />
        <div className="card">
          {pick(lng, incident.summaryJa, incident.summaryEn)
            .split(/\n{2,}/)
            .map((para, i) => (
              <p key={i}>{para}</p>
            ))}
        </div>
        {incident.sites.map((site) => (
          <section key={site.id} className="card">
            <h2>{pick(lng, site.nameJa, site.nameEn)}</h2>
            <p>
              <strong>{t("public.windows")}:</strong>{" "}
              {site.windows
                .map((w) => `${formatCalendarDate(w.startDate, lng)} – ${formatCalendarDate(w.endDate, lng)}`)
                .join(", ")}
            </p>
            <p>
              <strong>{t("public.stolenItems")}:</strong>{" "}
              {site.stolenItems.map((item) => (item in STOLEN_KEYS ? t(`stolen.${item as StolenKey}`) : item)).join(lng === "en" ? ", " : "、")}
            </p>
          </section>
        ))}
        <section className="card">
          <div className="grid">
            {incident.hotlines.map((h) => (
              <HotlineCard key={h.id} hotline={h} />
            ))}
          </div>
        </section>
      </div>
    </PublicShell>
  );
}

const STOLEN_KEYS = { name: 1, email: 1, phone: 1, card_number: 1, expiry: 1, security_code: 1, address: 1 } as const;
type StolenKey = keyof typeof STOLEN_KEYS;
