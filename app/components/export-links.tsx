/**
 * The "Export" menu a table places next to itself: CSV (for Excel) and Excel (.xlsx) links to
 * /staff/exports/<kind>.<format> carrying the table's current URL state (its filters), without
 * the paging and sorting keys, which an export ignores (it is every matching row, in time order).
 * Plain links with `download`: the browser streams the file to disk, no JavaScript needed.
 */
import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ExportKind } from "~/utils/export-filters";

/** Table state that says how rows are shown, not which rows: left out of export links. */
const VIEW_ONLY_KEYS = ["page", "perPage", "pageSize", "size", "sort", "cols", "columns", "view", "done"];

export function exportHref(kind: ExportKind, format: "csv" | "xlsx", search: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(search);
  for (const key of VIEW_ONLY_KEYS) params.delete(key);
  for (const [key, value] of Object.entries(extra)) if (!params.has(key) && value) params.set(key, value);
  const query = params.toString();
  return `/staff/exports/${kind}.${format}${query ? `?${query}` : ""}`;
}

export function ExportLinks({
  kind,
  search,
  extra,
}: {
  kind: ExportKind;
  /** The query string to carry; default: the current page's. */
  search?: string;
  /** Filters the page applies without putting them in its URL (e.g. the current incident). */
  extra?: Record<string, string>;
}) {
  const { t } = useTranslation("exports");
  const location = useLocation();
  const query = search ?? location.search;
  return (
    <details className="export-menu" data-testid={`export-${kind}`}>
      <summary>{t("menu.label")}</summary>
      <ul>
        <li>
          <a href={exportHref(kind, "csv", query, extra)} download data-format="csv">
            {t("menu.csv")}
          </a>
        </li>
        <li>
          <a href={exportHref(kind, "xlsx", query, extra)} download data-format="xlsx">
            {t("menu.xlsx")}
          </a>
        </li>
      </ul>
      <p className="muted">{t("menu.hint")}</p>
    </details>
  );
}
