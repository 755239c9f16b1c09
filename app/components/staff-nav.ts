import type { Role } from "~/domain/roles";

/**
 * The staff navigation, in menu order. Each entry shows for its role and above.
 * `label` is a key of the "common" namespace under nav.*.
 * Add a line here when adding a staff page.
 */
export const STAFF_NAV: { to: string; label: string; role: Role }[] = [
  { to: "/staff/desk", label: "desk", role: "agent" },
  { to: "/staff/lookup", label: "lookup", role: "agent" },
  { to: "/staff/queue", label: "queue", role: "agent" },
  { to: "/staff/scripts", label: "scripts", role: "agent" },
  { to: "/staff/review", label: "review", role: "supervisor" },
  { to: "/staff/contacts", label: "contacts", role: "supervisor" },
  { to: "/staff/waivers", label: "waivers", role: "supervisor" },
  { to: "/staff/incidents", label: "incidents", role: "supervisor" },
  { to: "/staff/imports", label: "imports", role: "supervisor" },
  { to: "/staff/audit", label: "audit", role: "admin" },
  { to: "/staff/admin", label: "admin", role: "admin" },
];
