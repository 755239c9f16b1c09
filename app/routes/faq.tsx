import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PublicShell } from "~/components/public-shell";
import { listActiveIncidents } from "~/models/incident.server";
import { loadPublicFaq } from "~/models/script.server";
import { pick } from "~/utils/format";
import { getLocale } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.incident ? `FAQ | ${data.incident.titleJa}` : "FAQ | Madoguchi" },
];

const SlugParam = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9-]+$/);

/**
 * The public FAQ of an incident (/faq?incident=slug): the current approved answers in the
 * visitor's language, placeholders filled, one anchor per question. Without a (known) incident
 * and with more than one active incident, the visitor chooses one.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const incidents = await listActiveIncidents();
  const wanted = SlugParam.safeParse(url.searchParams.get("incident") ?? "");
  const incident = wanted.success
    ? incidents.find((i) => i.slug === wanted.data)
    : incidents.length === 1
      ? incidents[0]
      : undefined;
  if (!incident) {
    if (wanted.success) throw new Response("Not Found", { status: 404 });
    return {
      incident: null,
      entries: [],
      choices: incidents.map((i) => ({ slug: i.slug, titleJa: i.titleJa, titleEn: i.titleEn })),
    };
  }
  const locale = await getLocale(request);
  return {
    incident: {
      slug: incident.slug,
      titleJa: incident.titleJa,
      titleEn: incident.titleEn,
      companyJa: incident.companyJa,
      companyEn: incident.companyEn,
    },
    entries: await loadPublicFaq({ incidentId: incident.id, locale }),
    choices: [],
  };
}

export default function Faq() {
  const { incident, entries, choices } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("scripts");
  const lng = i18n.language;
  return (
    <PublicShell>
      <div className="page faq">
        {!incident ? (
          <>
            <h1>{t("faq.title")}</h1>
            <p>{t("faq.choose")}</p>
            <ul>
              {choices.map((c) => (
                <li key={c.slug}>
                  <Link to={`/faq?incident=${encodeURIComponent(c.slug)}`}>{pick(lng, c.titleJa, c.titleEn)}</Link>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <>
            <p className="muted">{pick(lng, incident.companyJa, incident.companyEn)}</p>
            <h1>{t("faq.title")}</h1>
            <p>
              <Link to={`/i/${encodeURIComponent(incident.slug)}`}>{pick(lng, incident.titleJa, incident.titleEn)}</Link>
            </p>
            {entries.length === 0 ? (
              <p>{t("faq.empty")}</p>
            ) : (
              <>
                <nav aria-label={t("faq.contents")} className="card">
                  <h2>{t("faq.contents")}</h2>
                  <ol>
                    {entries.map((e) => (
                      <li key={e.key}>
                        <a href={`#${e.anchor}`}>{e.title}</a>
                      </li>
                    ))}
                  </ol>
                </nav>
                {entries.map((e) => (
                  <section key={e.key} id={e.anchor} className="card faq-entry">
                    <h2>
                      <a href={`#${e.anchor}`} className="faq-anchor">
                        {e.title}
                      </a>
                    </h2>
                    {e.body
                      .split(/\n{2,}/)
                      .filter((p) => p.trim() !== "")
                      .map((para, i) => (
                        <p key={i} className="pre-line">
                          {para}
                        </p>
                      ))}
                  </section>
                ))}
              </>
            )}
            <p>
              <Link to={`/waivers/new?incident=${encodeURIComponent(incident.slug)}`}>{t("faq.requestWaiver")}</Link>
              {" · "}
              <Link to="/waivers/status">{t("faq.waiverStatus")}</Link>
            </p>
          </>
        )}
      </div>
    </PublicShell>
  );
}
