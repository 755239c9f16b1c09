import type { FieldErrors } from "~/domain/incident-form";
import { getLocale, i18nServer } from "./i18n.server";

/** Turns the message keys of ~/domain/incident-form into messages in the request's language. */
export async function incidentErrorTranslator(request: Request) {
  const t = await i18nServer.getFixedT(await getLocale(request), "incidents");
  return (errors: FieldErrors): Record<string, string> =>
    Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(`errors.${key}`)]));
}
