import { useTranslation } from "react-i18next";
import { formatTokyoDateTime, pick } from "~/utils/format";

type Hotline = {
  kind: string;
  labelJa: string;
  labelEn: string;
  address: string;
  status: { open: boolean; nextOpening: string | null; hoursJa: string; hoursEn: string } | null;
};

/** A phone line with its hours and whether it is open right now, or an email address. */
export function HotlineCard({ hotline }: { hotline: Hotline }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (hotline.kind === "email") {
    return (
      <div>
        <h4>{t("public.email")}</h4>
        <p>
          <a href={`mailto:${hotline.address}`}>{hotline.address}</a>
        </p>
      </div>
    );
  }
  const status = hotline.status;
  return (
    <div>
      <h4>
        {t("public.hotline")} <span className="muted">({pick(lng, hotline.labelJa, hotline.labelEn)})</span>
      </h4>
      <p className="hotline-number">
        <a href={`tel:${hotline.address.replace(/[^\d+]/g, "")}`}>{hotline.address}</a>
      </p>
      {status ? (
        <>
          <p>
            {t("public.hours")}: {pick(lng, status.hoursJa, status.hoursEn)}
          </p>
          <p>
            {status.open ? (
              <span className="badge ok">{t("public.openNow")}</span>
            ) : status.nextOpening ? (
              <span className="badge warn">{t("public.opensAt", { when: formatTokyoDateTime(status.nextOpening, lng) })}</span>
            ) : (
              <span className="badge danger">{t("public.closedNoHours")}</span>
            )}
          </p>
        </>
      ) : null}
    </div>
  );
}
