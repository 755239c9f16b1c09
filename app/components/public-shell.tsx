import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "./language-switch";

/** The frame of every public page: the desk's name, the language switch, a footer. */
export function PublicShell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <header className="public-header">
        <div className="inner">
          <Link to="/" className="brand">
            {t("appName")}
          </Link>
          <span className="muted">{t("appTagline")}</span>
          <span className="spacer" />
          <LanguageSwitch />
        </div>
      </header>
      <main id="main">{children}</main>
      <footer className="public-footer">
        <p>{t("public.neverAskCard")}</p>
        <p>
          {t("public.footer")} <Link to="/login">{t("public.staffLogin")}</Link>
        </p>
      </footer>
    </>
  );
}
