/**
 * /check: the public self-check. No login. Name plus email or phone (plus an order number if the
 * customer has one) answers exactly one of three things: affected, not found in the affected list,
 * or cannot confirm here (call the hotline). See docs/decisions/006-self-check-outcomes.md.
 *
 * Enumeration resistance (DOMAIN.md):
 * - which answer is given follows publicOutcomeFor (app/domain/lookup-rules.ts): a record that
 *   matches only one fact is "not found", never a distinguishable answer;
 * - "not found" and "cannot confirm" have the same status (200), the same markup and the same
 *   length (the shorter text is padded to the longer, see paddingFor), and the same timing class:
 *   the same database work on both paths, then an answer no sooner than selfCheckFloor() after
 *   the request began, plus jitter;
 * - rate limits per IP and per normalised identifier (429 + Retry-After, with the minutes to wait);
 * - CSRF token and a honeypot field; nothing we hold is shown back, only what the customer typed.
 */
import { data } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";
import { CheckHotlines, RateLimitedNotice } from "~/components/check-hotlines";
import { PublicShell } from "~/components/public-shell";
import { WaiverStatusLink } from "~/components/faq-waiver-links";
import { SELF_CHECK_HONEYPOT_FIELD, paddingFor } from "~/domain/lookup-rules";
import type { PublicOutcome } from "~/domain/lookup-rules";
import { listIncidentChoices } from "~/models/incident.server";
import { findApprovedScriptTexts, lookupAffected, recordRefusedLookup, selfCheckIdentifierKeys, selfCheckIpKey } from "~/models/lookup.server";
import { readForm } from "~/utils/csrf.server";
import { formatCalendarDate, pick } from "~/utils/format";
import { getEnv } from "~/utils/env.server";
import { getLocale, i18nServer } from "~/utils/i18n.server";
import { hitRateLimit } from "~/utils/rate-limit.server";
import { SelfCheckSlugSchema, publicHotlines, readSelfCheckForm } from "~/utils/self-check.server";
import type { PublicHotline, SelfCheckField, SelfCheckValues } from "~/utils/self-check.server";
import { answerNoSoonerThan, startTimer } from "~/utils/timing.server";

export const meta: MetaFunction = () => [{ title: "対象かどうかの確認 | Check whether you are affected" }];

/** Per client IP: a household or office checking a few people is fine; a script is not. */
export const SELF_CHECK_IP_LIMIT = { limit: 10, windowSeconds: 600 };
/** Per normalised email / phone (HMAC): the same identifier tried with many names is refused. */
export const SELF_CHECK_ID_LIMIT = { limit: 5, windowSeconds: 3600 };
/**
 * No answer before this (plus up to jitterMs), whatever path the server took (SELF_CHECK_FLOOR_MS,
 * default 350). 0 turns the floor and its jitter off (only for measuring the lookup's own time).
 */
export function selfCheckFloor(): { floorMs: number; jitterMs: number } {
  const floorMs = getEnv().SELF_CHECK_FLOOR_MS;
  return { floorMs, jitterMs: floorMs === 0 ? 0 : 50 };
}
/** The honeypot field: hidden from people, tempting to bots. */
export const HONEYPOT_FIELD = SELF_CHECK_HONEYPOT_FIELD;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const incidents = await listIncidentChoices();
  const wanted = SelfCheckSlugSchema.safeParse(url.searchParams.get("incident"));
  const selected = wanted.success && incidents.some((i) => i.slug === wanted.data) ? wanted.data : incidents.length === 1 ? incidents[0]!.slug : "";
  return { incidents: incidents.map(({ slug, titleJa, titleEn }) => ({ slug, titleJa, titleEn })), selected };
}

type Values = SelfCheckValues;
type Field = SelfCheckField;

export type CheckAnswer = {
  outcome: PublicOutcome;
  /** The slug only (for the waiver link): incident titles differ in length and are in the form anyway. */
  incident: { slug: string };
  hotlines: PublicHotline[];
  /** Only for "affected": where, when, which kinds of data (never the data itself). */
  affected: {
    sites: { slug: string; nameJa: string; nameEn: string; stolenItems: string[]; window: { startDate: string; endDate: string } | null }[];
    reissueFee: { ja: string; en: string } | null;
  } | null;
};

export type CheckActionData =
  | { kind: "invalid"; values: Values; errors: Partial<Record<Field, string>> }
  | { kind: "rate_limited"; values: Values; retryMinutes: number; hotlines: PublicHotline[] }
  | { kind: "answered"; values: Values; answer: CheckAnswer };

export async function action({ request }: ActionFunctionArgs) {
  const timer = startTimer();
  const form = await readForm(request);
  const t = await i18nServer.getFixedT(await getLocale(request), "check");
  const respond = async (body: CheckActionData, status = 200, headers: Record<string, string> = {}) => {
    await answerNoSoonerThan(timer, selfCheckFloor());
    return data(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
  };

  const read = await readSelfCheckForm(form, t);
  if (!read.ok) return respond({ kind: "invalid", values: read.values, errors: read.errors }, 400);
  const { values, incident, query } = read;
  const now = new Date();
  const refuse = async (reason: "ip" | "identifier", retryAfterSeconds: number) => {
    await recordRefusedLookup({ incidentId: incident.id, query, channel: "self-check", actor: { type: "public" }, request, reason });
    return respond(
      { kind: "rate_limited", values, retryMinutes: Math.ceil(retryAfterSeconds / 60), hotlines: await publicHotlines(incident, now) },
      429,
      { "Retry-After": String(retryAfterSeconds) },
    );
  };

  const ipHit = await hitRateLimit({ key: selfCheckIpKey(request), ...SELF_CHECK_IP_LIMIT });
  if (!ipHit.allowed) return refuse("ip", ipHit.retryAfterSeconds);
  for (const key of selfCheckIdentifierKeys(query)) {
    const hit = await hitRateLimit({ key, ...SELF_CHECK_ID_LIMIT });
    if (!hit.allowed) return refuse("identifier", hit.retryAfterSeconds);
  }

  // Every path below does the same work: the lookup, the hotlines, the fee text.
  const [result, hotlines, texts] = await Promise.all([
    lookupAffected({ incidentId: incident.id, query, channel: "self-check", actor: { type: "public" }, request }),
    publicHotlines(incident, now),
    findApprovedScriptTexts({ incidentId: incident.id, keys: ["faq.reissue-fee"] }),
  ]);
  const outcome = result.publicOutcome;
  let affected: CheckAnswer["affected"] = null;
  if (outcome === "affected") {
    const seen = new Set<string>();
    const sites: NonNullable<CheckAnswer["affected"]>["sites"] = [];
    for (const c of result.candidates) {
      if (c.verdict !== "affected" || !c.site || seen.has(c.site.id)) continue;
      seen.add(c.site.id);
      sites.push({ slug: c.site.slug, nameJa: c.site.nameJa, nameEn: c.site.nameEn, stolenItems: c.site.stolenItems, window: c.window });
    }
    const fee = texts["faq.reissue-fee"];
    affected = { sites, reissueFee: fee ? { ja: fee.bodyJa, en: fee.bodyEn } : null };
  }
  return respond({
    kind: "answered",
    values,
    answer: {
      outcome,
      incident: { slug: incident.slug },
      hotlines,
      affected,
    },
  });
}

const STOLEN = ["name", "email", "phone", "card_number", "expiry", "security_code", "address"] as const;
type StolenKey = (typeof STOLEN)[number];

export default function SelfCheck() {
  const { incidents, selected } = useLoaderData<typeof loader>();
  const result = useActionData<CheckActionData>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("check");
  const lng = i18n.language;
  const values: Values = result?.values ?? { incident: selected, name: "", email: "", phone: "", reference: "" };
  const errors = result?.kind === "invalid" ? result.errors : {};
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result && result.kind !== "invalid") resultRef.current?.focus();
  }, [result]);

  const errorId = (f: Field) => (errors[f] ? `check-${f}-error` : undefined);
  const fieldError = (f: Field) =>
    errors[f] ? (
      <p className="field-error" id={`check-${f}-error`}>
        {errors[f]}
      </p>
    ) : null;

  return (
    <PublicShell>
      <div className="page narrow check-page">
        <h1>{t("title")}</h1>
        {result && result.kind !== "invalid" ? (
          <div ref={resultRef} tabIndex={-1} className="check-result-wrap" id="result">
            {result.kind === "rate_limited" ? (
              <RateLimitedNotice minutes={result.retryMinutes} hotlines={result.hotlines} />
            ) : (
              <Answer answer={result.answer} />
            )}
          </div>
        ) : null}
        <p>{t("intro")}</p>
        <p className="notice warn">{t("neverCard")}</p>
        {errors.form ? (
          <p className="notice error" role="alert">
            {errors.form}
          </p>
        ) : Object.keys(errors).length > 0 ? (
          <p className="notice error" role="alert">
            {t("errors.title")}
          </p>
        ) : null}
        <Form method="post" className="stack check-form" noValidate>
          <CsrfField />
          <div>
            <label htmlFor="check-incident">{t("fields.incident")}</label>
            <select id="check-incident" name="incident" defaultValue={values.incident} required aria-invalid={errors.incident ? true : undefined} aria-describedby={errorId("incident")}>
              <option value="">{t("fields.chooseIncident")}</option>
              {incidents.map((i) => (
                <option key={i.slug} value={i.slug}>
                  {pick(lng, i.titleJa, i.titleEn)}
                </option>
              ))}
            </select>
            {fieldError("incident")}
          </div>
          <div>
            <label htmlFor="check-name">{t("fields.name")}</label>
            <input
              id="check-name"
              name="name"
              type="text"
              autoComplete="name"
              maxLength={100}
              required
              defaultValue={values.name}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={["check-name-help", errorId("name")].filter(Boolean).join(" ")}
            />
            <p className="muted small" id="check-name-help">
              {t("fields.nameHelp")}
            </p>
            {fieldError("name")}
          </div>
          <p className="muted small" id="check-contact-help">
            {t("fields.contactHelp")}
          </p>
          {fieldError("contact")}
          <div>
            <label htmlFor="check-email">{t("fields.email")}</label>
            <input
              id="check-email"
              name="email"
              type="email"
              autoComplete="email"
              inputMode="email"
              maxLength={254}
              defaultValue={values.email}
              aria-invalid={errors.email || errors.contact ? true : undefined}
              aria-describedby={["check-contact-help", errorId("email")].filter(Boolean).join(" ")}
            />
            {fieldError("email")}
          </div>
          <div>
            <label htmlFor="check-phone">{t("fields.phone")}</label>
            <input
              id="check-phone"
              name="phone"
              type="tel"
              autoComplete="tel"
              inputMode="tel"
              maxLength={40}
              defaultValue={values.phone}
              aria-invalid={errors.phone || errors.contact ? true : undefined}
              aria-describedby={["check-contact-help", errorId("phone")].filter(Boolean).join(" ")}
            />
            {fieldError("phone")}
          </div>
          <div>
            <label htmlFor="check-reference">{t("fields.reference")}</label>
            <input
              id="check-reference"
              name="reference"
              type="text"
              autoComplete="off"
              maxLength={64}
              defaultValue={values.reference}
              aria-invalid={errors.reference ? true : undefined}
              aria-describedby={errorId("reference")}
            />
            {fieldError("reference")}
          </div>
          <div className="hp-field" aria-hidden="true">
            <label htmlFor={`check-${HONEYPOT_FIELD}`}>{t("fields.honeypot")}</label>
            <input id={`check-${HONEYPOT_FIELD}`} name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
          </div>
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("submit")}
            </button>
          </div>
        </Form>
        <p className="muted small">{t("privacy")}</p>
        <WaiverStatusLink />
      </div>
    </PublicShell>
  );
}

/**
 * One answer. "not_found" and "uncertain" share one markup; their texts are padded to the same
 * HTML length, so the two answers differ in words only, not in size.
 */
export function Answer({ answer }: { answer: CheckAnswer }) {
  const { t, i18n } = useTranslation("check");
  const common = useTranslation().t;
  const lng = i18n.language;
  if (answer.outcome === "affected" && answer.affected) {
    const affected = answer.affected;
    return (
      <section className="card check-result check-result-affected" data-outcome="affected" role="status" aria-labelledby="check-result-title">
        <p className="muted small">{t("result.heading")}</p>
        <h2 id="check-result-title">{t("result.affected.title")}</h2>
        <p>{t("result.affected.lead")}</p>
        <h3>{t("result.affected.where")}</h3>
        <ul>
          {affected.sites.map((s) => (
            <li key={s.slug}>
              <strong>{pick(lng, s.nameJa, s.nameEn)}</strong>
              {s.window ? (
                <div>{t("result.affected.window", { start: formatCalendarDate(s.window.startDate, lng), end: formatCalendarDate(s.window.endDate, lng) })}</div>
              ) : null}
              <div>
                {t("result.affected.stolen", {
                  items: s.stolenItems.map((item) => ((STOLEN as readonly string[]).includes(item) ? common(`stolen.${item as StolenKey}`) : item)).join(lng === "en" ? ", " : "、"),
                })}
              </div>
            </li>
          ))}
        </ul>
        <h3>{t("result.affected.todo")}</h3>
        <ol>
          <li>{t("result.affected.watch")}</li>
          <li>{t("result.affected.issuer")}</li>
        </ol>
        <h3>{t("result.affected.fee")}</h3>
        {(affected.reissueFee ? pick(lng, affected.reissueFee.ja, affected.reissueFee.en) : t("result.affected.feeFallback")).split(/\n{2,}/).map((para, i) => (
          <p key={i}>{para}</p>
        ))}
        <p>
          <Link className="button" to={`/waivers/new?incident=${encodeURIComponent(answer.incident.slug)}`}>
            {t("result.affected.waiverLink")}
          </Link>
        </p>
        <p className="notice warn">{t("result.affected.phishing")}</p>
        <CheckHotlines hotlines={answer.hotlines} />
      </section>
    );
  }
  const outcome = answer.outcome === "uncertain" ? "uncertain" : "not_found";
  const texts = {
    not_found: [t("result.not_found.title"), t("result.not_found.body1"), t("result.not_found.body2"), t("result.not_found.body3")],
    uncertain: [t("result.uncertain.title"), t("result.uncertain.body1"), t("result.uncertain.body2"), t("result.uncertain.body3")],
  };
  const padding = paddingFor(texts)[outcome];
  const [title, body1, body2, body3] = texts[outcome];
  return (
    <section className="card check-result" data-outcome={outcome} role="status" aria-labelledby="check-result-title">
      <p className="muted small">{t("result.heading")}</p>
      <h2 id="check-result-title">{title}</h2>
      <p>{body1}</p>
      <p>{body2}</p>
      <p>{body3}</p>
      <p className="check-pad" hidden aria-hidden="true">
        {".".repeat(padding)}
      </p>
      <CheckHotlines hotlines={answer.hotlines} />
    </section>
  );
}
