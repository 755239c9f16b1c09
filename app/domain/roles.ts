/**
 * Staff roles and what each may do. Roles are cumulative: a supervisor can do
 * everything an agent can, an admin everything a supervisor can.
 */
export const ROLES = ["agent", "supervisor", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is at least `required`. */
export function hasRole(role: string, required: Role): boolean {
  return isRole(role) && RANK[role] >= RANK[required];
}

/** The page each role lands on after login. */
export function homePathFor(role: Role): string {
  switch (role) {
    case "agent":
      return "/staff/desk";
    case "supervisor":
      return "/staff/review";
    case "admin":
      return "/staff/admin";
  }
}
