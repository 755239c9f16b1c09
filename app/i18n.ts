/** i18next settings shared by the server and the browser. */
import { namespaces, resources } from "./locales";

export const supportedLngs = ["ja", "en"] as const;
export type Locale = (typeof supportedLngs)[number];
export const fallbackLng: Locale = "ja";

export function isLocale(value: unknown): value is Locale {
  return value === "ja" || value === "en";
}

export const i18nConfig = {
  supportedLngs: [...supportedLngs],
  fallbackLng,
  defaultNS: "common",
  ns: namespaces,
  resources,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
} as const;

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: (typeof resources)["ja"];
  }
}
