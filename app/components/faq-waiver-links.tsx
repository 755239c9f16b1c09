import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * What a customer can do about one incident, as plain links (no JavaScript needed):
 * check whether they are affected, read the FAQ, send an inquiry, ask for the
 * reissue-fee waiver, follow a waiver request.
 */
export function IncidentActions({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const incident = encodeURIComponent(slug);
  return (
    <nav className="incident-actions" aria-label={t("public.actionsLabel")}>
      <Link to={`/check?incident=${incident}`} className="button">
        {t("public.actions.check")}
      </Link>
      <Link to={`/faq?incident=${incident}`} className="button secondary">
        {t("public.actions.faq")}
      </Link>
      <Link to={`/inquiry?incident=${incident}`} className="button secondary">
        {t("public.actions.inquiry")}
      </Link>
      <Link to={`/waivers/new?incident=${incident}`} className="button secondary">
        {t("public.actions.waiver")}
      </Link>
      <Link to="/waivers/status">{t("public.actions.waiverStatus")}</Link>
    </nav>
  );
}

/** Where a customer who already asked for a waiver follows it (reference number plus email or phone). */
export function WaiverStatusLink() {
  const { t } = useTranslation("waivers");
  return (
    <p className="public-links">
      <Link to="/waivers/status">{t("public.alreadyRequested")}</Link>
    </p>
  );
}
