/** Japanese: the shared server-driven table (components/data-table): sorting, paging, columns. */
const table = {
  sortBy: "{{column}}で並べ替え",
  sortedAscending: "昇順",
  sortedDescending: "降順",
  sortAscendingHint: "{{column}}の昇順に並べ替える",
  sortDescendingHint: "{{column}}の降順に並べ替える",
  rowsSummary: "{{total}}件中 {{from}}〜{{to}}件目",
  rowsNone: "0件",
  pageOf: "{{page}} / {{pageCount}} ページ",
  pager: "ページ送り",
  first: "最初",
  previous: "前へ",
  next: "次へ",
  last: "最後",
  perPage: "表示件数",
  perPageOption: "{{count}}件",
  show: "表示",
  columns: "表示する列",
  columnsApply: "列を適用",
  empty: "該当するデータはありません。",
  emptyFiltered: "条件に一致するデータはありません。",
  clearFilters: "絞り込みを解除",
  loading: "読み込み中…",
};

export default table;
