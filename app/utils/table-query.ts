/**
 * URL state of the server-driven tables (contacts, exports, audit log): one definition per table
 * says which filters, sort keys and columns it has; `parse` reads a URL's search params leniently
 * (a bad value falls back to its default: `page=-1`, `perPage=100000`, `sort=nope.asc`,
 * `from=2026-99-99` never throw, so a hand-edited or stale link never gives a 500) and
 * `toSearch` writes the state back as ONE canonical query string (fixed key order, defaults left
 * out), so equal states have equal URLs and saved views compare by string.
 *
 *   ?incident=cou-2017&channel=phone_in&from=2017-09-20&to=2017-09-20&q=返金&sort=agent.asc&perPage=100&page=2&cols=started,channel
 *
 * Sort keys go through a whitelist: each key maps to a Prisma `orderBy` list, and `orderBy(state)`
 * appends the table's tie-breaker so paging is stable when many rows share a value.
 *
 * Pure: no I/O, usable by loaders, actions, exports and the browser.
 */
import { z } from "zod";

export type SortDir = "asc" | "desc";
export type Sort<K extends string = string> = { key: K; dir: SortDir };

/** Page sizes offered by every table; anything else in the URL falls back to the table's default. */
export const PER_PAGE_OPTIONS = [25, 50, 100, 200] as const;
/** Pages beyond this are refused (fallback: page 1); the loader also clamps to the last page. */
export const MAX_PAGE = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Lenient single-value parsers: every one outputs `string | undefined` and never fails
// ---------------------------------------------------------------------------------------------

/** A filter's parser: reads the raw URL value (or undefined) and gives a canonical string or undefined. */
export type FilterSchema<T extends string = string> = z.ZodType<T | undefined, unknown>;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date 'YYYY-MM-DD' between 1970 and 2999 (2026-02-30 and 2026-99-99 are not). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < 1970 || year > 2999) return false;
  const ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === value;
}

function nfkcTrim(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.normalize("NFKC").trim();
  return text === "" ? undefined : text;
}

export const lenient = {
  /** One of a fixed list of values (after NFKC and trim); anything else is "no filter". */
  oneOf<const T extends string>(values: readonly T[]): FilterSchema<T> {
    return z.unknown().transform((v) => {
      const text = nfkcTrim(v);
      return text !== undefined && (values as readonly string[]).includes(text) ? (text as T) : undefined;
    });
  },
  /** A JST calendar date 'YYYY-MM-DD' (full-width digits accepted); an impossible date is "no filter". */
  date(): FilterSchema {
    return z.unknown().transform((v) => {
      const text = nfkcTrim(v);
      return text !== undefined && isCalendarDate(text) ? text : undefined;
    });
  },
  /** Free text (search): NFKC, trimmed, inner runs of spaces collapsed, cut to `max` characters. */
  text(max = 100): FilterSchema {
    return z.unknown().transform((v) => {
      const text = nfkcTrim(v)?.replace(/\s+/g, " ");
      return text === undefined ? undefined : Array.from(text).slice(0, max).join("");
    });
  },
  /** A slug or id: lower-case letters, digits, '-' and '_', at most `max` characters. */
  slug(max = 100): FilterSchema {
    return z.unknown().transform((v) => {
      const text = nfkcTrim(v);
      return text !== undefined && text.length <= max && /^[a-z0-9][a-z0-9_-]*$/.test(text) ? text : undefined;
    });
  },
};

// ---------------------------------------------------------------------------------------------
// JST calendar days → UTC instants
// ---------------------------------------------------------------------------------------------

const JST_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** 00:00 JST of a calendar date 'YYYY-MM-DD', as a UTC instant (2017-09-20 → 2017-09-19T15:00:00Z). */
export function tokyoDayStart(ymd: string): Date {
  const [y, m, d] = ymd.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - JST_OFFSET_MS);
}

/** The calendar date `days` after (or before) 'YYYY-MM-DD'. */
export function addCalendarDays(ymd: string, days: number): string {
  const [y, m, d] = ymd.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (to - from; 0 for the same day). */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((tokyoDayStart(to).getTime() - tokyoDayStart(from).getTime()) / DAY_MS);
}

/**
 * A range of JST calendar days, both ends inclusive, as a half-open UTC interval for a query:
 * `{ gte: 00:00 JST of from, lt: 00:00 JST of the day after to }`. Either end may be missing.
 */
export function tokyoDayRange({ from, to }: { from?: string; to?: string }): { gte?: Date; lt?: Date } {
  return {
    ...(from ? { gte: tokyoDayStart(from) } : {}),
    ...(to ? { lt: tokyoDayStart(addCalendarDays(to, 1)) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Table definitions
// ---------------------------------------------------------------------------------------------

export type TableSpec<F extends Record<string, FilterSchema>, K extends string, C extends string, O> = {
  /** Stable name (SavedView.table, element ids): "contacts", "audit". */
  id: string;
  /** URL parameter → lenient parser, in the order they are written to the URL. */
  filters: F;
  /** Runs after the single-value parsers: fix combinations (swap a reversed date range...). */
  refine?: (filters: { [P in keyof F]: z.output<F[P]> }) => { [P in keyof F]: z.output<F[P]> };
  /** The whitelist: sort key → Prisma orderBy entries for that direction. */
  sorts: Record<K, (dir: SortDir) => O[]>;
  defaultSort: Sort<NoInfer<K>>;
  /** Appended to every orderBy so rows sharing a sort value page stably (e.g. `{ id: "desc" }`). */
  tieBreaker: readonly O[];
  /** Every column id, in display order. */
  columns: readonly C[];
  /** Visible when the URL says nothing. */
  defaultColumns: readonly NoInfer<C>[];
  /** Always visible (the column that links to the row, say). */
  requiredColumns?: readonly NoInfer<C>[];
  perPageOptions?: readonly number[];
  defaultPerPage?: number;
};

export type TableState<F extends Record<string, FilterSchema>, K extends string, C extends string> = {
  filters: { [P in keyof F]: z.output<F[P]> };
  sort: Sort<K>;
  page: number;
  perPage: number;
  /** Visible columns, in display order. */
  columns: C[];
};

/** What a change to the state may touch; changing filters, sort or page size goes back to page 1. */
export type TablePatch<F extends Record<string, FilterSchema>, K extends string, C extends string> = {
  filters?: Partial<{ [P in keyof F]: z.output<F[P]> | undefined }>;
  sort?: Sort<K>;
  page?: number;
  perPage?: number;
  columns?: C[];
};

/** Anything `parse` accepts: a URLSearchParams, a query string ("?a=b" or "a=b"), or a URL. */
export type SearchInput = URLSearchParams | string | URL;

function toParams(input: SearchInput): URLSearchParams {
  if (input instanceof URLSearchParams) return input;
  if (input instanceof URL) return input.searchParams;
  return new URLSearchParams(input.startsWith("?") ? input.slice(1) : input);
}

/** Reserved parameter names; a table's filters may not use them. */
const RESERVED = new Set(["page", "perPage", "sort", "cols"]);

export type TableDefinition<F extends Record<string, FilterSchema>, K extends string, C extends string, O> = {
  readonly id: string;
  readonly filterNames: readonly (keyof F & string)[];
  readonly sortKeys: readonly K[];
  readonly columns: readonly C[];
  readonly requiredColumns: readonly C[];
  readonly perPageOptions: readonly number[];
  readonly defaults: TableState<F, K, C>;
  /** The zod schema of the whole state; `parse` is `schema.parse(...)` over the URL's values. It never fails. */
  readonly schema: z.ZodType<TableState<F, K, C>, unknown>;
  parse(input: SearchInput): TableState<F, K, C>;
  /** Canonical URLSearchParams: filters in spec order, then sort, perPage, page, cols; defaults omitted. */
  toSearchParams(state: TableState<F, K, C>): URLSearchParams;
  /** "" or "?..." (canonical). */
  toSearch(state: TableState<F, K, C>): string;
  /** A new state with the patch applied (page 1 unless the patch sets a page or only changes columns). */
  apply(state: TableState<F, K, C>, patch: TablePatch<F, K, C>): TableState<F, K, C>;
  /** `toSearch(apply(state, patch))`. */
  href(state: TableState<F, K, C>, patch: TablePatch<F, K, C>): string;
  /** The Prisma orderBy list of the state's sort, with the tie-breaker appended. */
  orderBy(state: Pick<TableState<F, K, C>, "sort">): O[];
  /** Whether a string is one of the sort keys. */
  isSortKey(value: string): value is K;
  /** Whether any filter is set (for "clear filters" and the empty-state text). */
  hasFilters(state: TableState<F, K, C>): boolean;
};

export function defineTable<const F extends Record<string, FilterSchema>, const K extends string, const C extends string, O>(
  spec: TableSpec<F, K, C, O>,
): TableDefinition<F, K, C, O> {
  const filterNames = Object.keys(spec.filters) as (keyof F & string)[];
  for (const name of filterNames) if (RESERVED.has(name)) throw new Error(`Filter name ${name} is reserved`);
  const sortKeys = Object.keys(spec.sorts) as K[];
  const perPageOptions = spec.perPageOptions ?? PER_PAGE_OPTIONS;
  const defaultPerPage = spec.defaultPerPage ?? 50;
  if (!perPageOptions.includes(defaultPerPage)) throw new Error("defaultPerPage must be one of perPageOptions");
  const required = spec.requiredColumns ?? [];
  type Filters = { [P in keyof F]: z.output<F[P]> };
  type State = TableState<F, K, C>;

  const normaliseColumns = (list: readonly string[]): C[] => {
    const wanted = new Set([...list, ...required]);
    return spec.columns.filter((c) => wanted.has(c));
  };
  const defaultColumns = normaliseColumns(spec.defaultColumns);
  const sameColumns = (a: readonly C[], b: readonly C[]) => a.length === b.length && a.every((c, i) => c === b[i]);

  const sortSchema = z.unknown().transform((v): Sort<K> => {
    const text = typeof v === "string" ? v.normalize("NFKC").trim() : "";
    const dot = text.lastIndexOf(".");
    const key = dot > 0 ? text.slice(0, dot) : text;
    const dir = dot > 0 ? text.slice(dot + 1) : "";
    if ((sortKeys as string[]).includes(key) && (dir === "asc" || dir === "desc")) return { key: key as K, dir };
    return { ...spec.defaultSort };
  });
  const pageSchema = z.coerce.number().int().min(1).max(MAX_PAGE).catch(1);
  const perPageSchema = z.coerce
    .number()
    .int()
    .refine((n) => perPageOptions.includes(n))
    .catch(defaultPerPage);
  const columnsSchema = z.unknown().transform((v): C[] => {
    if (typeof v !== "string" || v.trim() === "") return defaultColumns;
    const listed = v
      .split(",")
      .map((c) => c.trim())
      .filter((c) => (spec.columns as readonly string[]).includes(c));
    const columns = normaliseColumns(listed);
    // Only required columns left (nothing the user asked for exists): the default set.
    return listed.length === 0 ? defaultColumns : columns;
  });
  const filtersSchema = z.object(spec.filters).transform((f) => {
    const filters = f as unknown as Filters;
    return spec.refine ? spec.refine(filters) : filters;
  });

  const schema = z
    .object({
      filters: filtersSchema,
      sort: sortSchema,
      page: pageSchema,
      perPage: perPageSchema,
      columns: columnsSchema,
    })
    .transform((s) => s as State) as unknown as z.ZodType<State, unknown>;

  function parse(input: SearchInput): State {
    const params = toParams(input);
    const raw: Record<string, string | undefined> = {};
    for (const name of filterNames) raw[name] = params.get(name) ?? undefined;
    const cols = params.getAll("cols").join(",");
    const result = schema.safeParse({
      filters: raw,
      sort: params.get("sort") ?? undefined,
      page: params.get("page") ?? undefined,
      perPage: params.get("perPage") ?? undefined,
      columns: cols === "" ? undefined : cols,
    });
    // Every field has a fallback; this branch is a guard against a future parser that throws.
    return result.success ? result.data : defaults;
  }

  const defaults: State = {
    filters: parseFiltersOnly({}),
    sort: { ...spec.defaultSort },
    page: 1,
    perPage: defaultPerPage,
    columns: defaultColumns,
  };

  function parseFiltersOnly(raw: Record<string, string | undefined>): Filters {
    const result = filtersSchema.safeParse(raw);
    if (result.success) return result.data;
    return Object.fromEntries(filterNames.map((n) => [n, undefined])) as Filters;
  }

  function toSearchParams(state: State): URLSearchParams {
    const params = new URLSearchParams();
    for (const name of filterNames) {
      const value = state.filters[name];
      if (typeof value === "string" && value !== "") params.set(name, value);
    }
    if (state.sort.key !== spec.defaultSort.key || state.sort.dir !== spec.defaultSort.dir) {
      params.set("sort", `${state.sort.key}.${state.sort.dir}`);
    }
    if (state.perPage !== defaultPerPage) params.set("perPage", String(state.perPage));
    if (state.page > 1) params.set("page", String(state.page));
    const columns = normaliseColumns(state.columns);
    if (!sameColumns(columns, defaultColumns)) params.set("cols", columns.join(","));
    return params;
  }

  function toSearch(state: State): string {
    // Commas (the column list) are legal in a query string: keep them readable.
    const text = toSearchParams(state).toString().replace(/%2C/gi, ",");
    return text ? `?${text}` : "";
  }

  function apply(state: State, patch: TablePatch<F, K, C>): State {
    const resetsPage = patch.filters !== undefined || patch.sort !== undefined || patch.perPage !== undefined;
    const filters = patch.filters
      ? (parseFiltersOnly({ ...stringsOf(state.filters), ...stringsOf(patch.filters) }) as Filters)
      : state.filters;
    return {
      filters,
      sort: patch.sort ?? state.sort,
      perPage: patch.perPage !== undefined && perPageOptions.includes(patch.perPage) ? patch.perPage : state.perPage,
      page: patch.page !== undefined ? Math.max(1, Math.min(MAX_PAGE, Math.trunc(patch.page))) : resetsPage ? 1 : state.page,
      columns: patch.columns ? normaliseColumns(patch.columns) : state.columns,
    };
  }

  function stringsOf(values: Partial<Record<string, unknown>>): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(values)) out[k] = typeof v === "string" ? v : undefined;
    return out;
  }

  return {
    id: spec.id,
    filterNames,
    sortKeys,
    columns: spec.columns,
    requiredColumns: required,
    perPageOptions,
    defaults,
    schema,
    parse,
    toSearchParams,
    toSearch,
    apply,
    href: (state, patch) => toSearch(apply(state, patch)),
    orderBy: (state) => [...spec.sorts[state.sort.key](state.sort.dir), ...spec.tieBreaker],
    isSortKey: (value: string): value is K => (sortKeys as string[]).includes(value),
    hasFilters: (state) => filterNames.some((n) => state.filters[n] !== undefined),
  };
}

/** The state type of a definition: `TableStateOf<typeof contactTable>`. */
export type TableStateOf<D> = D extends TableDefinition<infer F, infer K, infer C, infer _O> ? TableState<F, K, C> : never;
