/**
 * The shared server-driven table (contacts, exports, audit log), built on TanStack Table v8 in
 * manual mode: the server filters, sorts, pages and counts; the browser only renders the page it
 * was sent. All state lives in the URL (app/utils/table-query.ts), so every control is a plain
 * link or GET form that works without JavaScript; with JavaScript the same links navigate
 * client-side (Remix <Link>/<Form>) and the selects and checkboxes apply on change.
 *
 * Usage (see app/routes/staff.contacts._index.tsx):
 *   <DataTable definition={contactTable} state={state} columns={columns} rows={rows} total={total}
 *              caption={t("...")} getRowId={(r) => r.id} rowHref={(r) => `/staff/contacts/${r.id}`} />
 * Column defs are TanStack ColumnDefs whose `id` is one of the definition's column ids, with
 * `meta: { label, sortKey?, sortFirst?, numeric? }`; `label` is the header and toggle text.
 */
import { Form, Link, useLocation, useNavigate, useNavigation } from "@remix-run/react";
import { flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import type { ColumnDef, RowData, SortingState, VisibilityState } from "@tanstack/react-table";
import type { FormEvent, MouseEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { SortDir, TableDefinition, TableState } from "~/utils/table-query";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Header and column-toggle text (translated). */
    label: string;
    /** Whitelisted sort key: the header becomes a sort link. */
    sortKey?: string;
    /** Direction of the first click on an unsorted header (default asc; desc suits dates and durations). */
    sortFirst?: SortDir;
    /** Right-aligned tabular figures. */
    numeric?: boolean;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTableDefinition = TableDefinition<any, string, string, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTableState = TableState<any, string, string>;

export type DataTableProps<Row> = {
  /** The table's URL-state definition (defineTable): builds every link. */
  definition: AnyTableDefinition;
  /** The state the server used (page already clamped to the last page). */
  state: AnyTableState;
  /** Column defs; each `id` must be one of definition.columns; hidden ones are left out by state.columns. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<Row, any>[];
  rows: Row[];
  /** Rows matching the filters, all pages. */
  total: number;
  /** Accessible name of the table (rendered as <caption>). */
  caption: string;
  getRowId: (row: Row) => string;
  /** Where a row leads: its first cell should hold a link there; with JS the whole row is clickable. */
  rowHref?: (row: Row) => string;
  /** Text when there are no rows (default: "Nothing to show" / "Nothing matches these filters"). */
  emptyMessage?: string;
  /** Show the column toggles (default true). */
  columnToggles?: boolean;
  /** Extra controls next to the page-size select (an export link, say). */
  toolbar?: ReactNode;
};

/** Hidden inputs carrying the state's URL parameters except `omit`, for GET forms that change the rest. */
export function HiddenStateFields({
  definition,
  state,
  omit,
}: {
  definition: AnyTableDefinition;
  state: AnyTableState;
  omit: readonly string[];
}) {
  const params = [...definition.toSearchParams(state).entries()].filter(([name]) => !omit.includes(name));
  return (
    <>
      {params.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/**
 * onSubmit for a table's GET forms (filters): with JavaScript, navigates to the canonical URL of
 * what the form holds (empty fields and defaults left out, page 1) instead of the browser's raw
 * `?a=&b=&c=x`. Without JavaScript the form submits as usual and the server reads it the same way.
 */
export function useTableFormSubmit(definition: AnyTableDefinition) {
  const navigate = useNavigate();
  const location = useLocation();
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) if (typeof value === "string") params.append(name, value);
    const state = definition.parse(params);
    navigate(pathWith(location.pathname, definition.toSearch({ ...state, page: 1 })));
  };
}

function pathWith(pathname: string, search: string): string {
  return `${pathname}${search}`;
}

export function DataTable<Row>({
  definition,
  state,
  columns,
  rows,
  total,
  caption,
  getRowId,
  rowHref,
  emptyMessage,
  columnToggles = true,
  toolbar,
}: DataTableProps<Row>) {
  const { t } = useTranslation("table");
  const location = useLocation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const busy = navigation.state === "loading" && navigation.location?.pathname === location.pathname;
  const href = (patch: Parameters<AnyTableDefinition["href"]>[1]) => pathWith(location.pathname, definition.href(state, patch));

  const visibility: VisibilityState = Object.fromEntries(columns.map((c) => [c.id ?? "", state.columns.includes(c.id ?? "")]));
  const sortColumn = columns.find((c) => c.meta?.sortKey === state.sort.key);
  const sorting: SortingState = sortColumn?.id ? [{ id: sortColumn.id, desc: state.sort.dir === "desc" }] : [];
  const pageCount = Math.max(1, Math.ceil(total / state.perPage));

  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => getRowId(row),
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableSortingRemoval: false,
    pageCount,
    rowCount: total,
    state: {
      columnVisibility: visibility,
      sorting,
      pagination: { pageIndex: state.page - 1, pageSize: state.perPage },
    },
    // State changes made through TanStack's API become URL changes; the server answers them.
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      const key = columns.find((c) => c.id === first?.id)?.meta?.sortKey;
      if (first && key) navigate(href({ sort: { key, dir: first.desc ? "desc" : "asc" } }));
    },
    onPaginationChange: (updater) => {
      const current = { pageIndex: state.page - 1, pageSize: state.perPage };
      const next = typeof updater === "function" ? updater(current) : updater;
      navigate(href(next.pageSize !== state.perPage ? { perPage: next.pageSize } : { page: next.pageIndex + 1 }));
    },
    onColumnVisibilityChange: (updater) => {
      const next = typeof updater === "function" ? updater(visibility) : updater;
      navigate(href({ columns: definition.columns.filter((c) => next[c]) }), { replace: true, preventScrollReset: true });
    },
  });

  const from = total === 0 ? 0 : (state.page - 1) * state.perPage + 1;
  const to = Math.min(total, state.page * state.perPage);
  const visibleCount = table.getVisibleLeafColumns().length;
  const filtered = definition.hasFilters(state);
  const clearHref = pathWith(location.pathname, definition.toSearch({ ...state, filters: definition.defaults.filters, page: 1 }));

  function onRowClick(event: MouseEvent<HTMLTableRowElement>, row: Row) {
    if (!rowHref || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const target = event.target as HTMLElement;
    if (target.closest("a, button, input, select, label, summary")) return;
    if (window.getSelection()?.toString()) return; // selecting text, not opening
    navigate(rowHref(row));
  }

  return (
    <div className="data-table" data-table={definition.id}>
      <div className="data-table-bar">
        <p className="data-table-summary" aria-live="polite">
          {total === 0
            ? t("rowsNone")
            : t("rowsSummary", { from: from.toLocaleString(), to: to.toLocaleString(), total: total.toLocaleString() })}
          {busy ? <span className="muted"> {t("loading")}</span> : null}
        </p>
        <span className="spacer" />
        {toolbar}
        {columnToggles ? (
          <details className="data-table-columns">
            <summary>{t("columns")}</summary>
            <Form method="get" action={location.pathname} preventScrollReset>
              <HiddenStateFields definition={definition} state={state} omit={["cols", "page"]} />
              <input type="hidden" name="page" value={String(state.page)} />
              <fieldset>
                <legend className="visually-hidden">{t("columns")}</legend>
                {table.getAllLeafColumns().map((column) => {
                  const required = definition.requiredColumns.includes(column.id);
                  return (
                    <label key={column.id} className="checkbox-label">
                      <input
                        type="checkbox"
                        name="cols"
                        value={column.id}
                        checked={column.getIsVisible()}
                        disabled={required}
                        onChange={column.getToggleVisibilityHandler()}
                      />
                      {column.columnDef.meta?.label ?? column.id}
                      {required ? <input type="hidden" name="cols" value={column.id} /> : null}
                    </label>
                  );
                })}
              </fieldset>
              <noscript>
                <button type="submit" className="secondary">
                  {t("columnsApply")}
                </button>
              </noscript>
            </Form>
          </details>
        ) : null}
        <Form method="get" action={location.pathname} className="inline-form data-table-per-page">
          <HiddenStateFields definition={definition} state={state} omit={["perPage", "page"]} />
          <label htmlFor={`${definition.id}-per-page`}>{t("perPage")}</label>
          <select
            id={`${definition.id}-per-page`}
            name="perPage"
            value={String(state.perPage)}
            onChange={(e) => table.setPageSize(Number(e.currentTarget.value))}
          >
            {definition.perPageOptions.map((n) => (
              <option key={n} value={String(n)}>
                {t("perPageOption", { count: n })}
              </option>
            ))}
          </select>
          <noscript>
            <button type="submit" className="secondary">
              {t("show")}
            </button>
          </noscript>
        </Form>
      </div>

      <div className="table-wrap" aria-busy={busy || undefined}>
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const meta = header.column.columnDef.meta;
                  const label = meta?.label ?? header.column.id;
                  const sortKey = meta?.sortKey;
                  const active = sortKey !== undefined && sortKey === state.sort.key;
                  const nextDir: SortDir = active ? (state.sort.dir === "asc" ? "desc" : "asc") : (meta?.sortFirst ?? "asc");
                  // meta.label is the header; a column def's own `header` is used only for columns without one.
                  const headerContent = meta?.label ?? flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={meta?.numeric ? "numeric" : undefined}
                      aria-sort={
                        sortKey ? (active ? (state.sort.dir === "asc" ? "ascending" : "descending") : "none") : undefined
                      }
                    >
                      {sortKey ? (
                        <Link
                          to={href({ sort: { key: sortKey, dir: nextDir } })}
                          className="sort-link"
                          preventScrollReset
                          title={t(nextDir === "asc" ? "sortAscendingHint" : "sortDescendingHint", { column: label })}
                        >
                          {header.isPlaceholder ? null : headerContent}
                          <span aria-hidden="true" className="sort-mark">
                            {active ? (state.sort.dir === "asc" ? " ▲" : " ▼") : " ↕"}
                          </span>
                          {active ? (
                            <span className="visually-hidden">
                              {" "}
                              ({t(state.sort.dir === "asc" ? "sortedAscending" : "sortedDescending")})
                            </span>
                          ) : null}
                        </Link>
                      ) : header.isPlaceholder ? null : (
                        headerContent
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={visibleCount} className="data-table-empty">
                  {emptyMessage ?? t(filtered ? "emptyFiltered" : "empty")}
                  {filtered ? (
                    <>
                      {" "}
                      <Link to={clearHref}>{t("clearFilters")}</Link>
                    </>
                  ) : null}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr
                  key={row.id}
                  className={rowHref ? "data-table-row-link" : undefined}
                  onClick={rowHref ? (e) => onRowClick(e, row.original) : undefined}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className={cell.column.columnDef.meta?.numeric ? "numeric" : undefined}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      <DataTablePager definition={definition} state={state} total={total} />
    </div>
  );
}

/** First / previous / "page P of Q" / next / last, as links (disabled ends are plain text). */
export function DataTablePager({
  definition,
  state,
  total,
}: {
  definition: AnyTableDefinition;
  state: AnyTableState;
  total: number;
}) {
  const { t } = useTranslation("table");
  const location = useLocation();
  const pageCount = Math.max(1, Math.ceil(total / state.perPage));
  const link = (page: number, label: string, rel?: string) => {
    const disabled = page < 1 || page > pageCount || page === state.page;
    return disabled ? (
      <span className="pager-link" aria-disabled="true">
        {label}
      </span>
    ) : (
      <Link className="pager-link" to={`${location.pathname}${definition.href(state, { page })}`} rel={rel}>
        {label}
      </Link>
    );
  };
  return (
    <nav className="data-table-pager" aria-label={t("pager")}>
      {link(1, t("first"))}
      {link(state.page - 1, t("previous"), "prev")}
      <span className="pager-page">
        {t("pageOf", { page: state.page.toLocaleString(), pageCount: pageCount.toLocaleString() })}
      </span>
      {link(state.page + 1, t("next"), "next")}
      {link(pageCount, t("last"))}
    </nav>
  );
}
