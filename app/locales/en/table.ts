import type { Translation } from "../types";
import type ja from "../ja/table";

/** English: the shared server-driven table. Must have exactly the keys of ja/table.ts. */
const table: Translation<typeof ja> = {
  sortBy: "Sort by {{column}}",
  sortedAscending: "ascending",
  sortedDescending: "descending",
  sortAscendingHint: "Sort by {{column}}, ascending",
  sortDescendingHint: "Sort by {{column}}, descending",
  rowsSummary: "Rows {{from}}–{{to}} of {{total}}",
  rowsNone: "No rows",
  pageOf: "Page {{page}} of {{pageCount}}",
  pager: "Pages",
  first: "First",
  previous: "Previous",
  next: "Next",
  last: "Last",
  perPage: "Rows per page",
  perPageOption: "{{count}}",
  show: "Show",
  columns: "Columns",
  columnsApply: "Apply columns",
  empty: "Nothing to show.",
  emptyFiltered: "Nothing matches these filters.",
  clearFilters: "Clear filters",
  loading: "Loading…",
};

export default table;
