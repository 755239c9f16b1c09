/**
 * The supervisor dashboard's charts (recharts). Each chart sits in a <figure> with its heading,
 * the chart, an accessible table of the same figures (details/summary; also what a browser
 * without JavaScript shows, since recharts draws on the client) and the formula in words.
 * Colours are SVG attributes (no inline <style>).
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, Tooltip, XAxis, YAxis } from "recharts";
import type { DayPoint, HourPoint } from "~/models/dashboard.server";

export const CHART_COLOURS = {
  within: "#0b5cad",
  outside: "#d9822b",
  staffed: "#dcefe2",
  staffedLine: "#1d7a3a",
  talk: "#0b5cad",
  hold: "#8e6bbf",
  acw: "#3a9e8f",
  bar: "#0b5cad",
  statuses: ["#9aa5b1", "#0b5cad", "#d9822b", "#1d7a3a", "#b3261e"],
} as const;

/** A chart with its heading, the same figures as a table, and the formula. */
export function ChartFigure({
  id,
  title,
  children,
  table,
  formula,
}: {
  id: string;
  title: string;
  children: ReactNode;
  table: ReactNode;
  formula?: ReactNode;
}) {
  const { t } = useTranslation("review");
  return (
    <figure className="card chart-figure" aria-labelledby={`${id}-title`} id={id}>
      <h3 id={`${id}-title`}>{title}</h3>
      <div className="chart-box" aria-hidden="true">
        {children}
      </div>
      <details className="chart-table">
        <summary>{t("dashboard.showTable")}</summary>
        <div className="table-wrap">{table}</div>
      </details>
      {formula ? <figcaption className="formula">{formula}</figcaption> : null}
    </figure>
  );
}

const CHART_STYLE = { width: "100%", height: 280 };

/** Contacts per JST hour, stacked within / outside hours, staffed hours shaded. */
export function HourlyChart({ points, hasHours }: { points: HourPoint[]; hasHours: boolean }) {
  const { t } = useTranslation("review");
  const data = points.map((p, i) => ({ i, within: p.withinHours, outside: p.outsideHours }));
  const label = (i: number) => {
    const p = points[i];
    if (!p) return "";
    return p.hour === 0
      ? `${Number(p.date.slice(5, 7))}/${Number(p.date.slice(8, 10))}`
      : t("dashboard.hourTick", { hour: p.hour });
  };
  // Contiguous staffed spans, shaded behind the bars.
  const spans: [number, number][] = [];
  if (hasHours) {
    points.forEach((p, i) => {
      if (!p.openMinutes) return;
      const last = spans[spans.length - 1];
      if (last && last[1] === i - 1) last[1] = i;
      else spans.push([i, i]);
    });
  }
  return (
    <BarChart
      responsive
      width={960}
      height={280}
      style={CHART_STYLE}
      data={data}
      barCategoryGap={1}
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
    >
      <CartesianGrid vertical={false} strokeDasharray="3 3" />
      {spans.map(([a, b]) => (
        <ReferenceArea
          key={a}
          x1={a - 0.5}
          x2={b + 0.5}
          xAxisId="n"
          fill={CHART_COLOURS.staffed}
          fillOpacity={1}
          ifOverflow="hidden"
        />
      ))}
      <XAxis dataKey="i" tickFormatter={label} interval={points.length > 48 ? 5 : 1} tick={{ fontSize: 11 }} />
      <XAxis xAxisId="n" type="number" dataKey="i" domain={[-0.5, points.length - 0.5]} hide />
      <YAxis allowDecimals={false} width={44} />
      <Tooltip labelFormatter={(i) => labelOfHour(points[Number(i)])} />
      <Legend />
      <Bar dataKey="within" stackId="c" name={t("dashboard.withinHours")} fill={CHART_COLOURS.within} isAnimationActive={false} />
      <Bar
        dataKey="outside"
        stackId="c"
        name={t("dashboard.outsideHours")}
        fill={CHART_COLOURS.outside}
        isAnimationActive={false}
      />
    </BarChart>
  );
}

function labelOfHour(p: HourPoint | undefined): string {
  if (!p) return "";
  const hh = String(p.hour).padStart(2, "0");
  return `${p.date} ${hh}:00–${hh}:59`;
}

export function HourlyTable({ points, hasHours }: { points: HourPoint[]; hasHours: boolean }) {
  const { t } = useTranslation("review");
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("dashboard.hour")}</th>
          <th scope="col" className="numeric">
            {t("dashboard.contacts")}
          </th>
          <th scope="col" className="numeric">
            {t("dashboard.withinHours")}
          </th>
          <th scope="col" className="numeric">
            {t("dashboard.outsideHours")}
          </th>
          {hasHours ? (
            <th scope="col" className="numeric">
              {t("dashboard.staffedMinutes")}
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {points.map((p) => (
          <tr key={p.start}>
            <th scope="row">{labelOfHour(p)}</th>
            <td className="numeric">{p.total}</td>
            <td className="numeric">{p.withinHours}</td>
            <td className="numeric">{p.outsideHours}</td>
            {hasHours ? <td className="numeric">{p.openMinutes ?? "—"}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Contacts per JST day, stacked within / outside hours, with the staffed hours of the day as a line. */
export function DailyChart({ points, hasHours }: { points: DayPoint[]; hasHours: boolean }) {
  const { t } = useTranslation("review");
  const data = points.map((p) => ({
    date: p.date.slice(5),
    within: p.withinHours,
    outside: p.outsideHours,
    staffed: p.staffedHours,
  }));
  return (
    <ComposedChart
      responsive
      width={960}
      height={280}
      style={CHART_STYLE}
      data={data}
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
    >
      <CartesianGrid vertical={false} strokeDasharray="3 3" />
      <XAxis dataKey="date" tick={{ fontSize: 11 }} />
      <YAxis yAxisId="contacts" allowDecimals={false} width={52} />
      {hasHours ? <YAxis yAxisId="hours" orientation="right" width={36} domain={[0, 24]} /> : null}
      <Tooltip />
      <Legend />
      <Bar
        yAxisId="contacts"
        dataKey="within"
        stackId="c"
        name={t("dashboard.withinHours")}
        fill={CHART_COLOURS.within}
        isAnimationActive={false}
      />
      <Bar
        yAxisId="contacts"
        dataKey="outside"
        stackId="c"
        name={t("dashboard.outsideHours")}
        fill={CHART_COLOURS.outside}
        isAnimationActive={false}
      />
      {hasHours ? (
        <Line
          yAxisId="hours"
          dataKey="staffed"
          type="stepAfter"
          name={t("dashboard.staffedHours")}
          stroke={CHART_COLOURS.staffedLine}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      ) : null}
    </ComposedChart>
  );
}

export function DailyTable({ points, hasHours }: { points: DayPoint[]; hasHours: boolean }) {
  const { t } = useTranslation("review");
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("dashboard.day")}</th>
          <th scope="col" className="numeric">
            {t("dashboard.contacts")}
          </th>
          <th scope="col" className="numeric">
            {t("dashboard.withinHours")}
          </th>
          <th scope="col" className="numeric">
            {t("dashboard.outsideHours")}
          </th>
          {hasHours ? (
            <th scope="col" className="numeric">
              {t("dashboard.staffedHours")}
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {points.map((p) => (
          <tr key={p.date}>
            <th scope="row">{p.date}</th>
            <td className="numeric">{p.total}</td>
            <td className="numeric">{p.withinHours}</td>
            <td className="numeric">{p.outsideHours}</td>
            {hasHours ? <td className="numeric">{p.staffedHours ?? "—"}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Horizontal bars: one per label (channels, categories). */
export function CountBarChart({ rows, name }: { rows: { label: string; count: number }[]; name: string }) {
  const height = Math.max(120, rows.length * 30 + 40);
  return (
    <BarChart
      responsive
      layout="vertical"
      width={960}
      height={height}
      style={{ width: "100%", height }}
      data={rows}
      margin={{ top: 4, right: 16, bottom: 0, left: 0 }}
    >
      <CartesianGrid horizontal={false} strokeDasharray="3 3" />
      <XAxis type="number" allowDecimals={false} />
      <YAxis type="category" dataKey="label" width={170} tick={{ fontSize: 12 }} />
      <Tooltip />
      <Bar dataKey="count" name={name} fill={CHART_COLOURS.bar} isAnimationActive={false} />
    </BarChart>
  );
}

export function CountTable({
  rows,
  labelHeader,
  countHeader,
}: {
  rows: { label: string; count: number }[];
  labelHeader: string;
  countHeader: string;
}) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{labelHeader}</th>
          <th scope="col" className="numeric">
            {countHeader}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td className="numeric">{r.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One stacked bar: average talk + hold + ACW = AHT (seconds). */
export function HandleTimeChart({ split }: { split: { talk: number; hold: number; acw: number } }) {
  const { t } = useTranslation("review");
  const data = [
    { label: t("dashboard.ahtShort"), talk: Math.round(split.talk), hold: Math.round(split.hold), acw: Math.round(split.acw) },
  ];
  return (
    <BarChart
      responsive
      layout="vertical"
      width={960}
      height={110}
      style={{ width: "100%", height: 110 }}
      data={data}
      margin={{ top: 4, right: 16, bottom: 0, left: 0 }}
    >
      <XAxis type="number" unit={t("dashboard.secondsUnit")} />
      <YAxis type="category" dataKey="label" width={48} />
      <Tooltip />
      <Legend />
      <Bar dataKey="talk" stackId="h" name={t("dashboard.talk")} fill={CHART_COLOURS.talk} isAnimationActive={false} />
      <Bar dataKey="hold" stackId="h" name={t("dashboard.hold")} fill={CHART_COLOURS.hold} isAnimationActive={false} />
      <Bar dataKey="acw" stackId="h" name={t("dashboard.acw")} fill={CHART_COLOURS.acw} isAnimationActive={false} />
    </BarChart>
  );
}

/** Waiver requests per card company, one segment per status. */
export function WaiverChart({
  companies,
  statuses,
  statusLabel,
}: {
  companies: { label: string; counts: Record<string, number> }[];
  statuses: string[];
  statusLabel: (status: string) => string;
}) {
  const data = companies.map((c) => ({ label: c.label, ...c.counts }));
  const height = Math.max(140, companies.length * 34 + 60);
  return (
    <BarChart
      responsive
      layout="vertical"
      width={960}
      height={height}
      style={{ width: "100%", height }}
      data={data}
      margin={{ top: 4, right: 16, bottom: 0, left: 0 }}
    >
      <CartesianGrid horizontal={false} strokeDasharray="3 3" />
      <XAxis type="number" allowDecimals={false} />
      <YAxis type="category" dataKey="label" width={170} tick={{ fontSize: 12 }} />
      <Tooltip />
      <Legend />
      {statuses.map((s, i) => (
        <Bar
          key={s}
          dataKey={s}
          stackId="w"
          name={statusLabel(s)}
          fill={CHART_COLOURS.statuses[i % CHART_COLOURS.statuses.length]}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}
