/**
 * What can be exported, in which formats, by whom, and the filters each export takes from the URL:
 * the same query string as the table it is started from, parsed by the same code:
 * - contacts: the contacts table's definition (app/utils/contact-table.ts), incl. "incident";
 * - audit:    the audit log browser's definition (app/utils/audit-table.ts);
 * - lookups and waiver requests (no shared table yet): the lenient parsers of table-query.ts,
 *   with the waiver list's names (status, company) for waiver requests.
 * Bad values are dropped (the export is then wider, never a 500), exactly as the tables do; page,
 * page size, sort and columns are ignored: an export is every matching row, in time order. Pure.
 */
import { LOOKUP_CHANNELS, LOOKUP_OUTCOMES } from "~/domain/lookup-rules";
import type { Role } from "~/domain/roles";
import { WAIVER_STATUSES } from "~/domain/waiver-rules";
import { auditTable } from "./audit-table";
import type { AuditFilters } from "./audit-table";
import { contactTable } from "./contact-table";
import type { ContactFilters } from "./contact-table";
import { defineTable, lenient } from "./table-query";

export const EXPORT_KINDS = ["contacts", "lookups", "waivers", "audit"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The role each export needs: the audit log is for admins only. */
export const EXPORT_ROLE: Record<ExportKind, Role> = {
  contacts: "supervisor",
  lookups: "supervisor",
  waivers: "supervisor",
  audit: "admin",
};

export function isExportKind(value: unknown): value is ExportKind {
  return typeof value === "string" && (EXPORT_KINDS as readonly string[]).includes(value);
}

/** "contacts.csv" → { kind, format }; anything else → null (a 404). */
export function parseExportFileName(file: string): { kind: ExportKind; format: ExportFormat } | null {
  const m = /^([a-z]+)\.(csv|xlsx)$/.exec(file);
  if (!m || !isExportKind(m[1])) return null;
  return { kind: m[1], format: m[2] as ExportFormat };
}

// ---------------------------------------------------------------------------------------
// Japan time, as exports write it
// ---------------------------------------------------------------------------------------

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** "2017-09-20 12:34:56" on the Japanese clock: how exports write instants (Excel reads it as a date). */
export function formatTokyoTimestamp(instant: Date): string {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** "2017-09-20" on the Japanese calendar. */
export function formatTokyoDay(instant: Date): string {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** "20170920" on the Japanese calendar, for file names. */
export function compactTokyoDay(instant: Date): string {
  return formatTokyoDay(instant).replace(/-/g, "");
}

// ---------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------

/** Lookups: no table on screen yet; these are the parameters the export understands. */
export const lookupExportTable = defineTable({
  id: "lookups",
  filters: {
    incident: lenient.slug(100),
    from: lenient.date(),
    to: lenient.date(),
    channel: lenient.oneOf(LOOKUP_CHANNELS),
    outcome: lenient.oneOf([...LOOKUP_OUTCOMES, "rate_limited"]),
  },
  refine: (f) => (f.from && f.to && f.from > f.to ? { ...f, from: f.to, to: f.from } : f),
  sorts: { at: (dir) => [{ id: dir }] },
  defaultSort: { key: "at", dir: "asc" },
  tieBreaker: [],
  columns: ["at"],
  defaultColumns: ["at"],
});

/** Waiver requests: the waiver list's own parameters (status, company = card company id), plus dates and batch. */
export const waiverExportTable = defineTable({
  id: "waivers",
  filters: {
    incident: lenient.slug(100),
    from: lenient.date(),
    to: lenient.date(),
    status: lenient.oneOf(WAIVER_STATUSES),
    company: lenient.slug(64),
    batch: lenient.slug(64),
  },
  refine: (f) => (f.from && f.to && f.from > f.to ? { ...f, from: f.to, to: f.from } : f),
  sorts: { createdAt: (dir) => [{ createdAt: dir }] },
  defaultSort: { key: "createdAt", dir: "asc" },
  tieBreaker: [],
  columns: ["createdAt"],
  defaultColumns: ["createdAt"],
});

export type LookupExportFilter = ReturnType<typeof lookupExportTable.parse>["filters"];
export type WaiverExportFilter = ReturnType<typeof waiverExportTable.parse>["filters"];
export type ContactExportFilter = ContactFilters;
export type AuditFilter = AuditFilters;

export type ExportFilterFor = {
  contacts: ContactExportFilter;
  lookups: LookupExportFilter;
  waivers: WaiverExportFilter;
  audit: AuditFilter;
};

const TABLES = { contacts: contactTable, lookups: lookupExportTable, waivers: waiverExportTable, audit: auditTable } as const;

/** The URL parameters each export reads. */
export const FILTER_KEYS: { [K in ExportKind]: readonly string[] } = {
  contacts: contactTable.filterNames,
  lookups: lookupExportTable.filterNames,
  waivers: waiverExportTable.filterNames,
  audit: auditTable.filterNames,
};

/** Reads a kind's filter from a query string; other keys (page, sort, cols...) are ignored, bad values dropped. */
export function parseExportFilter<K extends ExportKind>(kind: K, params: URLSearchParams): ExportFilterFor[K] {
  return TABLES[kind].parse(params).filters as ExportFilterFor[K];
}

/** Only the keys that are set: what goes into the audit entry. */
export function compactFilter(filter: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) if (typeof value === "string" && value !== "") out[key] = value;
  return out;
}
