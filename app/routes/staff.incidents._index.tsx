import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listIncidentsForAdmin } from "~/models/incident-admin.server";
import { requireUser } from "~/utils/auth.server";
import { formatCalendarDate, pick } from "~/utils/format";

/**
 * Every incident, active or hidden, for supervisors and admins. A handful of rows at most (one per
 * breach the company has had), so there is no paging or sorting in the URL here.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "supervisor");
  return { incidents: await listIncidentsForAdmin() };
}

export default function IncidentList() {
  const { incidents } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("incidents");
  const lng = i18n.language;
  const nf = new Intl.NumberFormat(lng === "en" ? "en-GB" : "ja-JP");
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <p>
        <Link className="button" to="/staff/incidents/new">
          {t("newIncident")}
        </Link>
      </p>
      {incidents.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="incident-list">
            <thead>
              <tr>
                <th scope="col">{t("list.slug")}</th>
                <th scope="col">{t("list.title")}</th>
                <th scope="col">{t("list.company")}</th>
                <th scope="col">{t("list.noticeDate")}</th>
                <th scope="col">{t("list.active")}</th>
                <th scope="col">{t("list.affected")}</th>
                <th scope="col">{t("list.sites")}</th>
              </tr>
            </thead>
            <tbody>
              {incidents.map((i) => (
                <tr key={i.id} data-slug={i.slug}>
                  <td>
                    <Link to={`/staff/incidents/${i.slug}`} aria-label={`${t("list.edit")}: ${i.slug}`}>
                      <code>{i.slug}</code>
                    </Link>
                  </td>
                  <td>{pick(lng, i.titleJa, i.titleEn)}</td>
                  <td>{pick(lng, i.companyJa, i.companyEn)}</td>
                  <td>{formatCalendarDate(i.noticeDate, lng)}</td>
                  <td>
                    {i.active ? (
                      <span className="badge ok">{t("list.activeYes")}</span>
                    ) : (
                      <span className="badge warn">{t("list.activeNo")}</span>
                    )}
                  </td>
                  <td className="numeric">{nf.format(i.affectedRecords)}</td>
                  <td>
                    {i.sites.length === 0
                      ? t("list.none")
                      : i.sites.map((s) => pick(lng, s.nameJa, s.nameEn)).join(lng === "en" ? ", " : "、")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
