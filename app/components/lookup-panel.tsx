/**
 * The agents' affected-customer lookup: the form and the ranked results.
 * - <LookupPanel/> is self-contained (useFetcher against /staff/lookup), for embedding in the
 *   agent desk: `<LookupPanel incident="cou-2017" />` (incident optional: the staff member's
 *   current incident otherwise).
 * - /staff/lookup renders <LookupForm/> in a normal GET form and <LookupResults/> from its loader.
 */
import { Form, Link, useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { LookupFact, LookupOutcome } from "~/domain/lookup-rules";
import type { AffectedRecordDetail, ApprovedScriptText, LookupCandidate } from "~/models/lookup.server";
import { formatCalendarDate, pick } from "~/utils/format";

export type LookupQueryValues = { name: string; phone: string; email: string; reference: string; last4: string };

/** What GET /staff/lookup returns (loader data): also what a fetcher gets. */
export type LookupPageData = {
  incident: { slug: string; titleJa: string; titleEn: string } | null;
  query: LookupQueryValues;
  /** A query was sent (any field present in the URL). */
  submitted: boolean;
  /** Sent, but no usable fact (blank, or only the last 4 digits). */
  needAFact: boolean;
  rateLimitedMinutes: number | null;
  result: {
    lookupId: number;
    outcome: LookupOutcome;
    unusable: ("name" | "phone" | "email" | "reference" | "last4")[];
    candidates: LookupCandidate[];
    best: LookupCandidate | null;
  } | null;
  unusable: ("name" | "phone" | "email" | "reference" | "last4")[];
  script: ApprovedScriptText | null;
  detail: AffectedRecordDetail | null;
  detailRequested: boolean;
};

const FACTS: LookupFact[] = ["name", "phone", "email", "reference"];
const STOLEN = ["name", "email", "phone", "card_number", "expiry", "security_code", "address"] as const;
type StolenKey = (typeof STOLEN)[number];

/** The five inputs. Enter in any field submits; the name field takes focus when `autoFocus`. */
export function LookupFields({ defaults, autoFocus = true, idPrefix = "lookup" }: { defaults: LookupQueryValues; autoFocus?: boolean; idPrefix?: string }) {
  const { t } = useTranslation("lookup");
  const field = (name: keyof LookupQueryValues, type: string, extra: Record<string, unknown> = {}) => (
    <div>
      <label htmlFor={`${idPrefix}-${name}`}>{t(`fields.${name}`)}</label>
      <input id={`${idPrefix}-${name}`} name={name} type={type} defaultValue={defaults[name]} autoComplete="off" spellCheck={false} {...extra} />
    </div>
  );
  return (
    <div className="lookup-fields">
      {field("name", "text", { maxLength: 100, autoFocus })}
      {field("phone", "tel", { maxLength: 40, inputMode: "tel" })}
      {field("email", "text", { maxLength: 254, inputMode: "email" })}
      {field("reference", "text", { maxLength: 64 })}
      <div>
        <label htmlFor={`${idPrefix}-last4`}>{t("fields.last4")}</label>
        <input
          id={`${idPrefix}-last4`}
          name="last4"
          type="text"
          inputMode="numeric"
          maxLength={8}
          defaultValue={defaults.last4}
          autoComplete="off"
          aria-describedby={`${idPrefix}-last4-help`}
        />
        <p className="muted small" id={`${idPrefix}-last4-help`}>
          {t("fields.last4Help")}
        </p>
      </div>
    </div>
  );
}

/** The lookup form and results, through a fetcher: for embedding in other staff pages. */
export function LookupPanel({ incident, onResult }: { incident?: string; onResult?: (data: LookupPageData) => void }) {
  const fetcher = useFetcher<LookupPageData>();
  // Tell the page (the agent desk) what the lookup found, to fill in the contact and waiver forms.
  useEffect(() => {
    if (fetcher.data && onResult) onResult(fetcher.data);
  }, [fetcher.data, onResult]);
  const { t } = useTranslation("lookup");
  const data = fetcher.data;
  return (
    <section className="lookup-panel" aria-labelledby="lookup-panel-title">
      <h2 id="lookup-panel-title">{t("title")}</h2>
      <fetcher.Form method="get" action="/staff/lookup" className="lookup-form">
        {incident ? <input type="hidden" name="incident" value={incident} /> : null}
        <LookupFields defaults={data?.query ?? EMPTY_QUERY} autoFocus={false} idPrefix="lookup-panel" />
        <div className="lookup-actions">
          <button type="submit">{fetcher.state === "loading" ? t("searching") : t("submit")}</button>
        </div>
      </fetcher.Form>
      {data ? <LookupResults data={data} /> : null}
    </section>
  );
}

export const EMPTY_QUERY: LookupQueryValues = { name: "", phone: "", email: "", reference: "", last4: "" };

/** The page form (full navigation, so the URL holds the query and Back works). */
export function LookupPageForm({ data, busy }: { data: LookupPageData; busy: boolean }) {
  const { t } = useTranslation("lookup");
  return (
    <Form method="get" className="lookup-form" key={JSON.stringify(data.query)}>
      {/* The incident travels with the query, so a bookmarked or shared lookup means the same thing. */}
      {data.incident ? <input type="hidden" name="incident" value={data.incident.slug} /> : null}
      <LookupFields defaults={data.query} />
      <div className="lookup-actions">
        <button type="submit">{busy ? t("searching") : t("submit")}</button>
        <Link to={data.incident ? `/staff/lookup?incident=${encodeURIComponent(data.incident.slug)}` : "/staff/lookup"} className="button secondary">
          {t("clear")}
        </Link>
      </div>
    </Form>
  );
}

function StolenItems({ items }: { items: string[] }) {
  const { t, i18n } = useTranslation();
  return <>{items.map((item) => ((STOLEN as readonly string[]).includes(item) ? t(`stolen.${item as StolenKey}`) : item)).join(i18n.language === "en" ? ", " : "、")}</>;
}

function Hit({ on, children }: { on: boolean; children: ReactNode }) {
  return on ? <mark className="lookup-hit">{children}</mark> : <>{children}</>;
}

/** Verdict, script, best match and the ranked candidates. */
export function LookupResults({ data }: { data: LookupPageData }) {
  const { t, i18n } = useTranslation("lookup");
  const lng = i18n.language;
  const unusable = data.result?.unusable ?? data.unusable;
  return (
    <div className="lookup-results" data-testid="lookup-results">
      {data.rateLimitedMinutes !== null ? (
        <p className="notice error" role="alert">
          {t("rateLimited", { minutes: data.rateLimitedMinutes })}
        </p>
      ) : null}
      {unusable.length > 0 ? (
        <ul className="notice warn" role="status">
          {unusable.map((f) => (
            <li key={f}>
              {t(`fields.${f}`)}: {t(`unusable.${f}`)}
            </li>
          ))}
        </ul>
      ) : null}
      {data.needAFact ? (
        <p className="notice warn" role="status">
          {t("needAFact")}
        </p>
      ) : null}
      {data.detailRequested ? <RecordDetail detail={data.detail} /> : null}
      {data.result ? <Verdict data={data} /> : null}
      {data.result ? (
        <section aria-labelledby="lookup-candidates-title">
          <h3 id="lookup-candidates-title">{t("candidates")}</h3>
          {data.result.candidates.length === 0 ? (
            <p>{t("noCandidates")}</p>
          ) : (
            <div className="table-wrap">
              <table className="lookup-candidates">
                <thead>
                  <tr>
                    <th>{t("rank")}</th>
                    <th>{t("matched")}</th>
                    <th>{t("columns.name")}</th>
                    <th>{t("columns.contact")}</th>
                    <th>{t("columns.reference")}</th>
                    <th>{t("columns.card")}</th>
                    <th>{t("columns.site")}</th>
                    <th>{t("columns.verdict")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.result.candidates.map((c) => {
                    const hit = (f: LookupFact) => c.matchedFields.includes(f);
                    return (
                      <tr key={c.recordId} className={c.verified ? "lookup-verified" : undefined} data-testid="lookup-candidate">
                        <td>{c.rank}</td>
                        <td>
                          <span className={c.verified ? "badge ok" : "badge warn"}>{c.verified ? t("verified") : t("unverified")}</span>
                          <ul className="lookup-facts">
                            {FACTS.map((f) => (
                              <li key={f} className={hit(f) ? "lookup-fact on" : "lookup-fact"}>
                                {hit(f) ? "✓ " : "– "}
                                {t(`factNames.${f}`)}
                              </li>
                            ))}
                          </ul>
                          {c.last4Matched ? <span className="muted small">{t("last4Matched")}</span> : null}
                        </td>
                        <td>
                          <Hit on={hit("name")}>{c.display.nameKanji ?? ""}</Hit>
                          {c.display.nameKana ? (
                            <div className="muted">
                              <Hit on={hit("name")}>{c.display.nameKana}</Hit>
                            </div>
                          ) : null}
                        </td>
                        <td>
                          {c.display.phone ? (
                            <div>
                              <Hit on={hit("phone")}>{c.display.phone}</Hit>
                            </div>
                          ) : null}
                          {c.display.email ? (
                            <div>
                              <Hit on={hit("email")}>{c.display.email}</Hit>
                            </div>
                          ) : null}
                        </td>
                        <td>
                          <Hit on={hit("reference")}>{c.display.reference ?? ""}</Hit>
                        </td>
                        <td>
                          {c.display.cardBrand ? <div>{c.display.cardBrand}</div> : null}
                          <Hit on={c.last4Matched}>{c.display.cardLast4 ?? ""}</Hit>
                        </td>
                        <td>
                          {c.site ? (
                            <>
                              <div>{pick(lng, c.site.nameJa, c.site.nameEn)}</div>
                              {c.transactionDate ? (
                                <div className="muted small">
                                  {t("columns.transactionDate")}: {formatCalendarDate(c.transactionDate, lng)}
                                </div>
                              ) : null}
                            </>
                          ) : (
                            <span className="muted small">{t("withheld")}</span>
                          )}
                        </td>
                        <td>
                          {c.verdict ? <span className={`badge ${c.verdict === "affected" ? "danger" : c.verdict === "not_affected" ? "ok" : "warn"}`}>{t(`verdict.${c.verdict}`)}</span> : null}
                          {c.verified ? (
                            <div>
                              <Link to={`/staff/lookup?record=${encodeURIComponent(c.recordId)}`} className="small">
                                {t("showDetail")}
                              </Link>
                            </div>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </div>
  );
}

function Verdict({ data }: { data: LookupPageData }) {
  const { t, i18n } = useTranslation("lookup");
  const lng = i18n.language;
  const result = data.result!;
  const best = result.best;
  const script = data.script;
  return (
    <section className={`lookup-verdict lookup-verdict-${result.outcome}`} aria-live="polite" data-testid="lookup-verdict" data-outcome={result.outcome}>
      <p className="muted small">{t("verdictLabel")}</p>
      <p className="lookup-verdict-words">{t(`verdict.${result.outcome}`)}</p>
      <p>{t(`verdictHelp.${result.outcome}`)}</p>
      {best?.site && (result.outcome === "affected" || result.outcome === "not_affected" || result.outcome === "undetermined") ? (
        <dl className="lookup-facts-list">
          <dt>{t("columns.site")}</dt>
          <dd data-testid="lookup-site">{pick(lng, best.site.nameJa, best.site.nameEn)}</dd>
          <dt>{t("columns.window")}</dt>
          <dd>
            {(best.window ? [best.window] : best.site.windows)
              .map((w) => `${formatCalendarDate(w.startDate, lng)} – ${formatCalendarDate(w.endDate, lng)}`)
              .join(", ")}
          </dd>
          <dt>{t("columns.transactionDate")}</dt>
          <dd>{best.transactionDate ? formatCalendarDate(best.transactionDate, lng) : t("dateUnknown")}</dd>
          <dt>{t("columns.stolenItems")}</dt>
          <dd>
            <StolenItems items={best.site.stolenItems} />
          </dd>
        </dl>
      ) : null}
      <div className="lookup-script">
        <h3>{t("script")}</h3>
        {script ? (
          <>
            <p className="lookup-script-title">{pick(lng, script.titleJa, script.titleEn)}</p>
            {pick(lng, script.bodyJa, script.bodyEn)
              .split(/\n{2,}/)
              .map((para, i) => (
                <p key={i} className="lookup-script-body">
                  {para}
                </p>
              ))}
            {pick(lng, script.mustNotSayJa, script.mustNotSayEn) ? (
              <div className="notice warn">
                <strong>{t("mustNotSay")}</strong>
                <p className="lookup-script-body">{pick(lng, script.mustNotSayJa, script.mustNotSayEn)}</p>
              </div>
            ) : null}
          </>
        ) : (
          <p className="notice warn">{t("scriptMissing")}</p>
        )}
      </div>
      <p className="muted small">{t("lookupNumber", { id: result.lookupId })}</p>
    </section>
  );
}

function RecordDetail({ detail }: { detail: AffectedRecordDetail | null }) {
  const { t, i18n } = useTranslation("lookup");
  const lng = i18n.language;
  if (!detail) return <p className="notice warn">{t("detailNotFound")}</p>;
  return (
    <section className="card" data-testid="lookup-detail">
      <h3>{t("detailTitle")}</h3>
      <dl className="lookup-facts-list">
        <dt>{t("columns.name")}</dt>
        <dd>
          {detail.nameKanji ?? ""} {detail.nameKana ? <span className="muted">{detail.nameKana}</span> : null}
        </dd>
        <dt>{t("columns.contact")}</dt>
        <dd>{[detail.phone, detail.email].filter(Boolean).join(" / ")}</dd>
        <dt>{t("columns.reference")}</dt>
        <dd>{detail.reference ?? ""}</dd>
        <dt>{t("detail.postalCode")}</dt>
        <dd>{detail.postalCode ?? ""}</dd>
        <dt>{t("detail.cardBrand")}</dt>
        <dd>
          {detail.cardBrand ?? ""} {detail.cardLast4 ?? ""}
        </dd>
        <dt>{t("columns.site")}</dt>
        <dd>{pick(lng, detail.site.nameJa, detail.site.nameEn)}</dd>
        <dt>{t("columns.window")}</dt>
        <dd>{detail.site.windows.map((w) => `${formatCalendarDate(w.startDate, lng)} – ${formatCalendarDate(w.endDate, lng)}`).join(", ")}</dd>
        <dt>{t("detail.transactionAt")}</dt>
        <dd>{detail.transactionDate ? `${formatCalendarDate(detail.transactionDate, lng)} ${detail.transactionTime ?? ""}` : t("dateUnknown")}</dd>
        <dt>{t("columns.stolenItems")}</dt>
        <dd>
          <StolenItems items={detail.site.stolenItems} />
        </dd>
        <dt>{t("columns.verdict")}</dt>
        <dd>{t(`verdict.${detail.verdict}`)}</dd>
      </dl>
      <p>
        <Link to="/staff/lookup">{t("closeDetail")}</Link>
      </p>
    </section>
  );
}
