import type ja from "../ja/audit";
import type { Translation } from "../types";

/** English: the audit log browser (admins). */
const audit: Translation<typeof ja> = {
  title: "Audit log",
  intro:
    "Who did what, when and from where (views of affected records, lookups, exports, script changes, waiver decisions, logins and logouts, account and token changes, ...). Entries cannot be changed or deleted in the app. Entries older than their retention period are removed only if an admin has switched that on in the retention settings.",
  caption: "Audit log (newest first)",
  filter: {
    title: "Filters",
    from: "From",
    to: "To",
    actor: "Actor (email etc., starts with)",
    action: "Action (starts with, e.g. export.)",
    entityType: "Entity type",
    entityId: "Entity ID",
    ip: "IP address (starts with)",
    apply: "Filter",
    clear: "Clear filters",
  },
  columns: {
    at: "Time",
    actor: "Actor",
    action: "Action",
    entity: "Entity",
    ip: "IP address",
    details: "Details",
  },
  actorTypes: { user: "Staff", token: "API token", public: "Public (web)", system: "System" },
};

export default audit;
