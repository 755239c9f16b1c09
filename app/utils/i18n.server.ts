/**
 * Chooses each request's language and gives server code a translation function.
 * Order: the logged-in user's saved setting, then the `lng` cookie set by the
 * language switch, then the browser's Accept-Language, then Japanese.
 */
import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { fallbackLng, i18nConfig, isLocale, supportedLngs } from "~/i18n";
import type { Locale } from "~/i18n";
import { isDatabaseUnavailable } from "./db-errors.server";
import { getSessionUser } from "./session.server";

export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 365 * 24 * 3600,
});

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLngs],
    fallbackLanguage: fallbackLng,
    cookie: localeCookie,
    order: ["custom", "cookie", "header"],
    async findLocale(request) {
      // While the database is unavailable the error page still comes in the cookie's or browser's language.
      const user = await getSessionUser(request).catch((error: unknown) => {
        if (isDatabaseUnavailable(error)) return null;
        throw error;
      });
      return user && isLocale(user.locale) ? user.locale : null;
    },
  },
  i18next: { ...i18nConfig },
});

export async function getLocale(request: Request): Promise<Locale> {
  const locale = await i18nServer.getLocale(request);
  return isLocale(locale) ? locale : fallbackLng;
}

export async function getT(request: Request) {
  return i18nServer.getFixedT(await getLocale(request), "common");
}
