import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "./csrf-field";

/** A one-click switch to the other language; works without JavaScript. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const other = i18n.language === "en" ? "ja" : "en";
  return (
    <Form method="post" action="/set-language" className="inline-form">
      <CsrfField />
      <input type="hidden" name="lng" value={other} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" className="link-button" lang={other} aria-label={`${t("language.label")}: ${t("language.switchTo")}`}>
        {t("language.switchTo")}
      </button>
    </Form>
  );
}
