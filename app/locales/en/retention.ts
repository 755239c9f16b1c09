import type ja from "../ja/retention";
import type { Translation } from "../types";

/** English: retention periods (admins). */
const retention: Translation<typeof ja> = {
  title: "Retention periods",
  intro:
    "How long each kind of data is kept. Data past its period is deleted or anonymised by the command npm run cli -- purge, run daily, and the counts are recorded in the audit log. Nothing can be deleted from this page directly.",
  periods: "Periods (days)",
  kinds: {
    contactText: "Contact notes, messages, caller names and contact details (from the contact)",
    lookups: "Lookups (from the lookup)",
    waiverContacts: "Names and contact details on waiver requests (from the final decision)",
    affectedRecords: "Affected lists (from the day the incident's desk closed; anonymised)",
    auditLog: "Audit log (from the entry)",
  },
  help: {
    contactText:
      "When this expires, notes, messages, subjects, caller names, contact details, order numbers and attachment names are blanked, in the history too. Counts, times, categories and other statistics stay.",
    affectedRecords:
      "Names, contact details, order numbers, last 4 digits and their matching keys (HMACs) are removed; transaction date and brand stay for statistics. Only incidents whose closing day is set below.",
    auditLog:
      "The audit log is kept unless deleting is switched on; then entries older than this are deleted (never less than 365 days).",
  },
  auditLogPurge: "Delete audit log entries older than their period (default: never delete)",
  days: "{{count}} days",
  save: "Save",
  saved: "Saved.",
  unchanged: "Nothing changed.",
  errors: {
    number: "Enter a whole number of days.",
    min: "At least {{min}} days.",
    max: "At most {{max}} days.",
  },
  incidents: {
    title: "When each incident's desk closed",
    help: "Once a closing day is set, the incident's affected list is anonymised when the period above has passed since. Empty means still open.",
    incident: "Incident",
    closedOn: "Desk closed on",
    anonymised: "Anonymised",
    save: "Set",
    open: "Open",
    invalidDate: "Enter the date as YYYY-MM-DD.",
  },
  preview: {
    title: "What the next purge would do",
    button: "Count now (changes nothing)",
    contactText: "Contacts (blanked)",
    lookups: "Lookups (deleted)",
    waiverContacts: "Waiver contact details (blanked)",
    affectedRecords: "Affected records (anonymised)",
    auditLog: "Audit log entries (deleted)",
    auditLogOff: "switched off",
  },
};

export default retention;
