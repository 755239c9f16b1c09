/** The shared server-driven table; see data-table.tsx. */
export { DataTable, DataTablePager, HiddenStateFields, useTableFormSubmit } from "./data-table";
export type { AnyTableDefinition, AnyTableState, DataTableProps } from "./data-table";
