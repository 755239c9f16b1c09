import { useTranslation } from "react-i18next";
import type { IncidentOverview } from "~/models/staff-home.server";
import { formatTokyoDateTime, pick } from "~/utils/format";

/** Three figures every staff home page starts with. */
export function IncidentOverviewCards({ overview }: { overview: IncidentOverview }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const nf = new Intl.NumberFormat(lng === "en" ? "en-GB" : "ja-JP");
  return (
    <div className="grid">
      <div className="card">
        <h2>{t("home.affectedRecords")}</h2>
        <p className="stat" data-testid="affected-count">
          {nf.format(overview.affectedRecords)}
        </p>
        <p className="muted">{pick(lng, overview.titleJa, overview.titleEn)}</p>
      </div>
      <div className="card">
        <h2>{t("home.contactsToday")}</h2>
        <p className="stat">{nf.format(overview.contactsToday)}</p>
      </div>
      {overview.phone ? (
        <div className="card">
          <h2>{t("home.hotlineStatus")}</h2>
          <p className="stat">{overview.phone.open ? t("home.openNow") : t("home.closedNow")}</p>
          <p className="muted">
            {overview.phone.address} · {pick(lng, overview.phone.hoursJa, overview.phone.hoursEn)}
          </p>
          {!overview.phone.open && overview.phone.nextOpening ? (
            <p>{t("public.opensAt", { when: formatTokyoDateTime(overview.phone.nextOpening, lng) })}</p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
