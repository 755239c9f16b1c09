/**
 * /staff/review: the supervisor home and dashboard (supervisors and admins). The overview cards
 * of the current incident first, then the dashboard for a range of JST days and an incident, both
 * in the URL (?from=2017-09-20&to=2017-09-20&incident=cou-2017; default the last 7 days and the
 * current incident; bad values fall back, see app/utils/dashboard-query.ts): contacts per hour
 * and per day against staffed hours, by channel and category, answer and abandonment rates, AHT
 * split, first-contact resolution, affected callers, and the waiver pipeline. Figures come from
 * app/models/dashboard.server.ts (aggregated in the database); each formula is stated on the page.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IncidentOverviewCards } from "~/components/incident-overview";
import {
  ChartFigure,
  CountBarChart,
  CountTable,
  DailyChart,
  DailyTable,
  HandleTimeChart,
  HourlyChart,
  HourlyTable,
  WaiverChart,
} from "~/components/review-charts";
import { formatMinutesSeconds } from "~/domain/contact-rules";
import { MAX_HOURLY_DAYS } from "~/domain/dashboard-figures";
import { getDashboard } from "~/models/dashboard.server";
import { listIncidentChoices } from "~/models/incident.server";
import { getIncidentOverview } from "~/models/staff-home.server";
import { requireUser } from "~/utils/auth.server";
import { contactTable } from "~/utils/contact-table";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { addCalendarDays } from "~/utils/table-query";
import { dashboardSearch, parseDashboardQuery, tokyoToday } from "~/utils/dashboard-query";
import { pick } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Supervisor | Madoguchi" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "supervisor");
  const now = new Date();
  const incidents = await listIncidentChoices();
  const current = await getCurrentIncidentSlug(request, incidents);
  const query = parseDashboardQuery(new URL(request.url).searchParams, now);
  const all = query.incident === "all" || (!query.incident && !current);
  const chosen = all
    ? null
    : (incidents.find((i) => i.slug === query.incident) ?? incidents.find((i) => i.slug === current) ?? null);
  const [overview, dashboard] = await Promise.all([
    current ? getIncidentOverview({ slug: current, now }) : null,
    getDashboard({ incidentId: chosen?.id ?? null, from: query.from, to: query.to }),
  ]);
  return {
    overview,
    dashboard,
    query: { from: query.from, to: query.to, incident: chosen ? chosen.slug : "all" },
    incidents: incidents.map((i) => ({ slug: i.slug, titleJa: i.titleJa, titleEn: i.titleEn })),
    today: tokyoToday(now),
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function usePercent() {
  const { i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language === "en" ? "en-GB" : "ja-JP", { style: "percent", maximumFractionDigits: 1 });
  return (v: number | null) => (v === null ? "—" : nf.format(v));
}

function useCount() {
  const { i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language === "en" ? "en-GB" : "ja-JP");
  return (v: number) => nf.format(v);
}

function RangeForm({ d }: { d: Data }) {
  const { t, i18n } = useTranslation("review");
  const lng = i18n.language;
  const quick = [
    { key: "today", from: d.today, to: d.today },
    { key: "last7", from: addCalendarDays(d.today, -6), to: d.today },
    { key: "last30", from: addCalendarDays(d.today, -29), to: d.today },
  ] as const;
  return (
    <Form method="get" className="card dashboard-filters" aria-label={t("dashboard.filters")} key={dashboardSearch(d.query)}>
      <div className="table-filter-grid">
        <div>
          <label htmlFor="d-from">{t("dashboard.from")}</label>
          <input id="d-from" type="date" name="from" defaultValue={d.query.from} required />
        </div>
        <div>
          <label htmlFor="d-to">{t("dashboard.to")}</label>
          <input id="d-to" type="date" name="to" defaultValue={d.query.to} required />
        </div>
        <div>
          <label htmlFor="d-incident">{t("dashboard.incident")}</label>
          <select id="d-incident" name="incident" defaultValue={d.query.incident}>
            {d.incidents.map((i) => (
              <option key={i.slug} value={i.slug}>
                {pick(lng, i.titleJa, i.titleEn)}
              </option>
            ))}
            <option value="all">{t("contacts.filter.allIncidents")}</option>
          </select>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit">{t("dashboard.show")}</button>
        {quick.map((q) => (
          <Link
            key={q.key}
            className="button secondary"
            to={dashboardSearch({ from: q.from, to: q.to, incident: d.query.incident })}
          >
            {t(`dashboard.quick.${q.key}`)}
          </Link>
        ))}
      </div>
      <p className="muted small">{t("dashboard.rangeHelp", { days: MAX_HOURLY_DAYS })}</p>
    </Form>
  );
}

function Stat({
  id,
  title,
  value,
  detail,
  formula,
}: {
  id: string;
  title: string;
  value: string;
  detail?: string;
  formula: string;
}) {
  return (
    <div className="card dashboard-stat" data-figure={id}>
      <h3>{title}</h3>
      <p className="stat" data-testid={`figure-${id}`}>
        {value}
      </p>
      {detail ? <p className="muted small">{detail}</p> : null}
      <p className="formula small">{formula}</p>
    </div>
  );
}

function Figures({ d }: { d: Data }) {
  const { t } = useTranslation("review");
  const pct = usePercent();
  const n = useCount();
  const x = d.dashboard;
  const contactsLink = (extra: Record<string, string>) =>
    `/staff/contacts${contactTable.toSearch(
      contactTable.apply(contactTable.defaults, { filters: { incident: d.query.incident, from: x.from, to: x.to, ...extra } }),
    )}`;
  return (
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">{t("dashboard.figures")}</h2>
      <div className="grid dashboard-figures">
        <Stat
          id="contacts"
          title={t("dashboard.contacts")}
          value={n(x.totals.contacts)}
          detail={t("dashboard.contactsDetail", { from: x.from, to: x.to })}
          formula={t("dashboard.formula.contacts")}
        />
        <Stat
          id="after-hours"
          title={t("dashboard.afterHours")}
          value={n(x.totals.afterHours)}
          detail={t("dashboard.afterHoursDetail", {
            share: pct(x.totals.contacts ? x.totals.afterHours / x.totals.contacts : null),
            flagged: n(x.totals.flaggedAfterHours),
          })}
          formula={t("dashboard.formula.afterHours")}
        />
        <Stat
          id="answer-rate"
          title={t("dashboard.answerRate")}
          value={pct(x.calls.answerRate)}
          detail={t("dashboard.answerDetail", {
            answered: n(x.calls.answered),
            offered: n(x.calls.answered + x.calls.abandoned),
          })}
          formula={t("dashboard.formula.answerRate")}
        />
        <Stat
          id="abandonment-rate"
          title={t("dashboard.abandonmentRate")}
          value={pct(x.calls.abandonmentRate)}
          detail={t("dashboard.abandonDetail", {
            abandoned: n(x.calls.abandoned),
            offered: n(x.calls.answered + x.calls.abandoned),
            unknown: n(x.calls.withoutPhoneSystemResult),
          })}
          formula={t("dashboard.formula.abandonmentRate")}
        />
        <Stat
          id="aht"
          title={t("dashboard.aht")}
          value={x.handleTime.split ? formatMinutesSeconds(x.handleTime.split.aht) : "—"}
          detail={
            x.handleTime.split
              ? t("dashboard.ahtDetail", {
                  talk: formatMinutesSeconds(x.handleTime.split.talk),
                  hold: formatMinutesSeconds(x.handleTime.split.hold),
                  acw: formatMinutesSeconds(x.handleTime.split.acw),
                  handled: n(x.handleTime.handled),
                })
              : undefined
          }
          formula={t("dashboard.formula.aht")}
        />
        <Stat
          id="fcr"
          title={t("dashboard.fcr")}
          value={pct(x.fcr.rate)}
          detail={t("dashboard.fcrDetail", { resolved: n(x.fcr.resolvedFirst), withOutcome: n(x.fcr.withOutcome) })}
          formula={t("dashboard.formula.fcr")}
        />
        <Stat
          id="affected"
          title={t("dashboard.affectedShare")}
          value={pct(x.affected.share)}
          detail={t("dashboard.affectedDetail", {
            affected: n(x.affected.affected),
            verified: n(x.affected.verified),
            people: n(x.affected.distinctRecords),
          })}
          formula={t("dashboard.formula.affected")}
        />
      </div>
      <p className="small">
        <Link to={contactsLink({ hours: "outside" })}>{t("dashboard.openAfterHours")}</Link>
        {" · "}
        <Link to={contactsLink({ affected: "yes" })}>{t("dashboard.openAffected")}</Link>
      </p>
    </section>
  );
}

export default function SupervisorHome() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { t: tr, i18n } = useTranslation("review");
  const { t: tc } = useTranslation("contacts");
  const { t: tw } = useTranslation("waivers");
  const lng = i18n.language;
  const x = d.dashboard;
  const count = useCount();
  const channelRows = x.byChannel.map((c) => ({
    label: tc(`channel.${c.channel}` as "channel.web", { defaultValue: c.channel }),
    count: c.count,
  }));
  const categoryRows = x.byCategory.map((c) => ({
    label: tc(`category.${c.category}` as "category.other", { defaultValue: c.category }),
    count: c.count,
  }));
  const statusLabel = (s: string) => tw(`statuses.${s}` as "statuses.sent", { defaultValue: s });
  const companies = x.waivers.byCompany.map((c) => ({ label: pick(lng, c.nameJa, c.nameEn), counts: c.counts, total: c.total }));
  return (
    <>
      <h1>{t("home.supervisorTitle")}</h1>
      <p>{t("home.supervisorIntro")}</p>
      {d.overview ? <IncidentOverviewCards overview={d.overview} /> : <p>{t("staff.noIncident")}</p>}
      <p>
        <Link to="/staff/contacts">{tr("dashboard.openContacts")}</Link>
      </p>

      <h2>{tr("dashboard.title")}</h2>
      <RangeForm d={d} />
      <Figures d={d} />

      <h2>{tr("dashboard.volume")}</h2>
      {!x.hasHours ? <p className="muted">{tr("dashboard.noHours")}</p> : null}
      {x.hourly ? (
        <ChartFigure
          id="chart-hourly"
          title={tr("dashboard.perHour")}
          table={<HourlyTable points={x.hourly} hasHours={x.hasHours} />}
          formula={tr("dashboard.formula.perHour")}
        >
          <HourlyChart points={x.hourly} hasHours={x.hasHours} />
        </ChartFigure>
      ) : (
        <p className="muted">{tr("dashboard.hourlyTooLong", { days: MAX_HOURLY_DAYS })}</p>
      )}
      <ChartFigure
        id="chart-daily"
        title={tr("dashboard.perDay")}
        table={<DailyTable points={x.daily} hasHours={x.hasHours} />}
        formula={tr("dashboard.formula.perDay")}
      >
        <DailyChart points={x.daily} hasHours={x.hasHours} />
      </ChartFigure>
      <div className="chart-pair">
        <ChartFigure
          id="chart-channel"
          title={tr("dashboard.byChannel")}
          table={<CountTable rows={channelRows} labelHeader={tc("channel.label")} countHeader={tr("dashboard.contacts")} />}
        >
          <CountBarChart rows={channelRows} name={tr("dashboard.contacts")} />
        </ChartFigure>
        <ChartFigure
          id="chart-category"
          title={tr("dashboard.byCategory")}
          table={<CountTable rows={categoryRows} labelHeader={tc("category.label")} countHeader={tr("dashboard.contacts")} />}
          formula={tr("dashboard.formula.byCategory", { uncategorised: count(x.uncategorised) })}
        >
          <CountBarChart rows={categoryRows} name={tr("dashboard.contacts")} />
        </ChartFigure>
      </div>

      <h2>{tr("dashboard.handling")}</h2>
      <ChartFigure
        id="chart-aht"
        title={tr("dashboard.ahtSplit")}
        table={
          <table>
            <thead>
              <tr>
                <th scope="col">{tr("dashboard.part")}</th>
                <th scope="col" className="numeric">
                  {tr("dashboard.average")}
                </th>
              </tr>
            </thead>
            <tbody>
              {(["talk", "hold", "acw", "aht"] as const).map((k) => (
                <tr key={k}>
                  <th scope="row">{tr(`dashboard.${k}`)}</th>
                  <td className="numeric">{x.handleTime.split ? formatMinutesSeconds(x.handleTime.split[k]) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
        formula={tr("dashboard.formula.aht")}
      >
        {x.handleTime.split ? <HandleTimeChart split={x.handleTime.split} /> : <p className="muted">{tr("dashboard.noData")}</p>}
      </ChartFigure>

      <h2>{tr("dashboard.waivers")}</h2>
      <ChartFigure
        id="chart-waivers"
        title={tr("dashboard.waiverPipeline")}
        table={
          <table>
            <thead>
              <tr>
                <th scope="col">{tr("dashboard.cardCompany")}</th>
                {x.waivers.statuses.map((s) => (
                  <th key={s} scope="col" className="numeric">
                    {statusLabel(s)}
                  </th>
                ))}
                <th scope="col" className="numeric">
                  {tr("dashboard.total")}
                </th>
              </tr>
            </thead>
            <tbody>
              {companies.map((c) => (
                <tr key={c.label}>
                  <th scope="row">{c.label}</th>
                  {x.waivers.statuses.map((s) => (
                    <td key={s} className="numeric">
                      {c.counts[s] ?? 0}
                    </td>
                  ))}
                  <td className="numeric">{c.total}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{tr("dashboard.total")}</th>
                {x.waivers.byStatus.map((s) => (
                  <td key={s.status} className="numeric">
                    {s.count}
                  </td>
                ))}
                <td className="numeric">{x.waivers.total}</td>
              </tr>
            </tbody>
          </table>
        }
        formula={tr("dashboard.formula.waivers")}
      >
        {companies.length > 0 ? (
          <WaiverChart companies={companies} statuses={x.waivers.statuses} statusLabel={statusLabel} />
        ) : (
          <p className="muted">{tr("dashboard.noWaivers")}</p>
        )}
      </ChartFigure>
    </>
  );
}
