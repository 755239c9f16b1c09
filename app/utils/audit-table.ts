/**
 * The audit log browser's URL state (/staff/audit, and the audit log export): filters, sort,
 * columns. Pure; the rules are app/utils/table-query.ts's.
 *
 *   from, to    JST calendar days 'YYYY-MM-DD', both inclusive (a reversed range is swapped)
 *   actor       staff e-mail or token name, or its beginning ("admin@" finds admin@example.jp)
 *   action      an action or its beginning: "export." finds every export, "auth." logins and logouts
 *   entityType  exact: contact, record, lookup, waiver, waiver_batch, export, user, token, ...
 *   entityId    exact id
 *   ip          an address or its beginning ("10.0." finds a subnet)
 *   sort        at.desc (newest first, default) or at.asc
 */
import { defineTable, lenient } from "./table-query";
import type { FilterSchema, TableStateOf } from "./table-query";
import { z } from "zod";

/** Text typed as a prefix filter: NFKC, trimmed, at most `max` characters, no spaces inside. */
function prefixText(max: number): FilterSchema {
  return z.unknown().transform((v) => {
    if (typeof v !== "string") return undefined;
    const text = v.normalize("NFKC").trim();
    return text === "" || text.length > max || /\s/.test(text) ? undefined : text;
  });
}

export const AUDIT_COLUMNS = ["at", "actor", "action", "entity", "ip", "details"] as const;
export type AuditColumn = (typeof AUDIT_COLUMNS)[number];

/** The audit log's sort keys map to its autoincrement id: the same order as `at`, on the primary key. */
type OrderBy = { id: "asc" | "desc" };

export const auditTable = defineTable({
  id: "audit",
  filters: {
    from: lenient.date(),
    to: lenient.date(),
    actor: prefixText(200),
    action: prefixText(80),
    entityType: prefixText(40),
    entityId: prefixText(80),
    ip: prefixText(64),
  },
  refine: (f) => (f.from && f.to && f.from > f.to ? { ...f, from: f.to, to: f.from } : f),
  sorts: {
    at: (dir): OrderBy[] => [{ id: dir }],
  },
  defaultSort: { key: "at", dir: "desc" },
  tieBreaker: [],
  columns: AUDIT_COLUMNS,
  defaultColumns: AUDIT_COLUMNS,
  requiredColumns: ["at", "action"],
  defaultPerPage: 50,
});

export type AuditTableState = TableStateOf<typeof auditTable>;
export type AuditFilters = AuditTableState["filters"];
