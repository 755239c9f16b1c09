/**
 * Short answers for an address that floods the self-check.
 *
 * A person who goes over the self-check's per-address limit (SELF_CHECK_IP_LIMIT) sees the usual
 * /check page: their answers kept in the form, the wait, the hotline. A script that goes on
 * posting long after that (SELF_CHECK_FLOOD_AFTER tries in the window) gets the same decision
 * and the same records, but as a short page made here, before Remix: no route matching, no
 * loaders, no streamed page around it. Under a flood most posts are of this kind, and the full
 * page cost as much CPU as a real answer, so refusing them cheaply keeps the desk answering the
 * people who are not refused. app/server.ts calls it for POST /check only (not /check.data,
 * which has no page to render).
 *
 * The post counts a hit on the address first (so nothing is decided on a stale count), then is
 * read with the page's rules: the CSRF token is checked (403), an invalid form or a filled
 * honeypot is answered 400, and a valid one is refused 429 with Retry-After and recorded as a
 * refused lookup with its audit entry, as the page does. No timing floor: a refusal tells nothing
 * about anyone's record.
 */
import type { TFunction } from "i18next";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { RateLimitedNotice } from "~/components/check-hotlines";
import type { Locale } from "~/i18n";
import { recordRefusedLookup, selfCheckIpKey } from "~/models/lookup.server";
import { SELF_CHECK_IP_LIMIT } from "~/routes/check";
import styles from "~/styles/app.css";
import { CsrfError, readForm } from "./csrf.server";
import { getLocale, i18nInstance, i18nServer } from "./i18n.server";
import { hitRateLimitIfAtLeast } from "./rate-limit.server";
import { publicHotlines, readSelfCheckForm } from "./self-check.server";
import type { PublicHotline } from "./self-check.server";

/** From this many posts in one window of the per-address limit (twice the limit), the short answers. */
export const SELF_CHECK_FLOOD_AFTER = SELF_CHECK_IP_LIMIT.limit * 2;

/**
 * The short answer to a POST /check from a flooding address (see the top of this file), or null
 * for any other address: then nothing was counted and the body not read, and the page answers.
 * `headers` is the request without its body (to decide); `withBody()` makes the whole request,
 * called only once the address is known to flood.
 */
export async function answerSelfCheckFlood(headers: Request, withBody: () => Request): Promise<Response | null> {
  const hit = await hitRateLimitIfAtLeast({
    key: selfCheckIpKey(headers),
    atLeast: SELF_CHECK_FLOOD_AFTER,
    windowSeconds: SELF_CHECK_IP_LIMIT.windowSeconds,
  });
  if (!hit) return null;
  const request = withBody();
  const lng = await getLocale(request);
  const t = await i18nServer.getFixedT(lng, "check");
  let form: FormData;
  try {
    form = await readForm(request);
  } catch (error) {
    if (error instanceof CsrfError) return error;
    throw error;
  }
  const read = await readSelfCheckForm(form, t);
  if (!read.ok) {
    const messages = Object.values(read.errors).filter((m): m is string => typeof m === "string");
    return page(400, {}, await shortPage(lng, t, { kind: "invalid", messages }));
  }
  await recordRefusedLookup({
    incidentId: read.incident.id,
    query: read.query,
    channel: "self-check",
    actor: { type: "public" },
    request,
    reason: "ip",
  });
  const hotlines = await publicHotlines(read.incident, new Date());
  const minutes = Math.ceil(hit.retryAfterSeconds / 60);
  return page(429, { "Retry-After": String(hit.retryAfterSeconds) }, await shortPage(lng, t, { kind: "rate_limited", minutes, hotlines }));
}

type Short = { kind: "invalid"; messages: string[] } | { kind: "rate_limited"; minutes: number; hotlines: PublicHotline[] };

function page(status: number, headers: Record<string, string>, html: string): Response {
  return new Response(html, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

async function shortPage(lng: Locale, t: TFunction<"check">, short: Short): Promise<string> {
  const i18n = await i18nInstance(lng);
  const common = i18n.getFixedT(lng, "common");
  const body = renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <html lang={lng}>
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${short.kind === "rate_limited" ? t("rateLimited.title") : t("errors.title")} | ${common("appName")}`}</title>
          <link rel="stylesheet" href={styles} />
        </head>
        <body>
          <main id="main">
            <div className="page narrow check-page">
              <h1>{t("title")}</h1>
              {short.kind === "rate_limited" ? (
                <RateLimitedNotice minutes={short.minutes} hotlines={short.hotlines} />
              ) : (
                <section className="notice error" role="alert">
                  <p>{t("errors.title")}</p>
                  <ul>
                    {short.messages.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                </section>
              )}
              <p>
                <a href="/check">{t("checkAgain")}</a>
              </p>
            </div>
          </main>
        </body>
      </html>
    </I18nextProvider>,
  );
  return `<!DOCTYPE html>${body}`;
}
