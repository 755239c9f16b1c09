/**
 * The contacts table's URL state (/staff/contacts, and the contacts export): filters, sort
 * whitelist → Prisma orderBy, columns. Pure; see app/utils/table-query.ts for the rules.
 *
 *   incident  slug of an incident, or "all"; missing = the staff member's current incident
 *   from, to  JST calendar days 'YYYY-MM-DD', both inclusive (a reversed range is swapped)
 *   channel   phone_in | phone_out | email_in | email_out | web | letter
 *   agent     a staff user id, or "none" (no agent: web forms, emails, PBX calls not yet taken)
 *   category  one ContactCategory
 *   outcome   resolved_first_contact | callback_needed | escalated | none (no outcome yet)
 *   hours     within | outside (Contact.withinHours: judged on the main phone line at the start)
 *   affected  yes | no (see contactAffectedWhere in app/models/contact-list.server.ts)
 *   q         words in the notes (case-insensitive for ASCII letters; see docs in the model)
 *   sort      startedAt | channel | agent | duration | due, each .asc or .desc (default startedAt.desc)
 */
import { CONTACT_CATEGORIES, CONTACT_CHANNELS, CONTACT_OUTCOMES } from "~/domain/contact-rules";
import type { Prisma } from "~/utils/db.server";
import { defineTable, lenient } from "./table-query";
import type { TableStateOf } from "./table-query";

export const CONTACT_COLUMNS = [
  "started",
  "incident",
  "channel",
  "agent",
  "categories",
  "outcome",
  "hours",
  "affected",
  "caller",
  "notes",
  "duration",
  "due",
  "status",
] as const;
export type ContactColumn = (typeof CONTACT_COLUMNS)[number];

/** Which sort key (if any) a column header sorts by. */
export const CONTACT_COLUMN_SORT: Partial<Record<ContactColumn, ContactSortKey>> = {
  started: "startedAt",
  channel: "channel",
  agent: "agent",
  duration: "duration",
  due: "due",
};

type OrderBy = Prisma.ContactOrderByWithRelationInput;

export const contactTable = defineTable({
  id: "contacts",
  filters: {
    incident: lenient.slug(100),
    from: lenient.date(),
    to: lenient.date(),
    channel: lenient.oneOf(CONTACT_CHANNELS),
    agent: lenient.slug(40),
    category: lenient.oneOf(CONTACT_CATEGORIES),
    outcome: lenient.oneOf([...CONTACT_OUTCOMES, "none"]),
    hours: lenient.oneOf(["within", "outside"]),
    affected: lenient.oneOf(["yes", "no"]),
    q: lenient.text(100),
  },
  refine: (f) => (f.from && f.to && f.from > f.to ? { ...f, from: f.to, to: f.from } : f),
  sorts: {
    startedAt: (dir): OrderBy[] => [{ startedAt: dir }],
    // Within a channel, time in the same direction: one scan of (incidentId, channel, startedAt) either way.
    channel: (dir): OrderBy[] => [{ channel: dir }, { startedAt: dir }],
    agent: (dir): OrderBy[] => [{ agent: { name: dir } }, { startedAt: "desc" }],
    // Talk time: handle time (talk + hold + ACW) is a sum Prisma cannot order by; see the report/README.
    duration: (dir): OrderBy[] => [{ talkSeconds: { sort: dir, nulls: "last" } }, { startedAt: "desc" }],
    due: (dir): OrderBy[] => [{ dueAt: { sort: dir, nulls: "last" } }, { startedAt: "desc" }],
  },
  defaultSort: { key: "startedAt", dir: "desc" },
  tieBreaker: [{ id: "desc" }],
  columns: CONTACT_COLUMNS,
  defaultColumns: ["started", "channel", "agent", "categories", "outcome", "hours", "affected", "caller", "notes"],
  requiredColumns: ["started"],
  defaultPerPage: 50,
});

export type ContactTableState = TableStateOf<typeof contactTable>;
export type ContactSortKey = ContactTableState["sort"]["key"];
export type ContactFilters = ContactTableState["filters"];
