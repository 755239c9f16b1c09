/**
 * Chooses each request's language and gives server code a translation function.
 * Order: the logged-in user's saved setting, then the `lng` cookie set by the
 * language switch, then the browser's Accept-Language, then Japanese.
 */
import { createCookie } from "@remix-run/node";
import { createInstance } from "i18next";
import type { i18n as I18n, Namespace } from "i18next";
import { initReactI18next } from "react-i18next";
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

const detector = new RemixI18Next({
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
});

/**
 * One ready i18next instance per language, made on first use and then shared by every request in
 * that language. Making one per request (what remix-i18next's getFixedT does) cost more CPU than
 * answering the self-check itself. Sharing is safe because nothing changes an instance after it is
 * made: no changeLanguage, no resources added at run time; a request in another language uses the
 * other instance, so one person's language never reaches another's page.
 */
const instances = new Map<Locale, Promise<I18n>>();

export function i18nInstance(lng: Locale): Promise<I18n> {
  let ready = instances.get(lng);
  if (!ready) {
    const instance = createInstance();
    ready = instance
      .use(initReactI18next)
      .init({ ...i18nConfig, lng })
      .then(() => instance);
    instances.set(lng, ready);
  }
  return ready;
}

export const i18nServer = {
  /** A translation function for one language and namespace (server code: actions, loaders, files). */
  async getFixedT<N extends Namespace>(lng: Locale, ns: N) {
    return (await i18nInstance(lng)).getFixedT(lng, ns);
  },
};

export async function getLocale(request: Request): Promise<Locale> {
  const locale = await detector.getLocale(request);
  return isLocale(locale) ? locale : fallbackLng;
}

export async function getT(request: Request) {
  return i18nServer.getFixedT(await getLocale(request), "common");
}
