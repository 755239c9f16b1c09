/**
 * Guards that must hold for every route, checked on the source so a new route
 * cannot forget them:
 * - every staff route (staff.*) calls requireUser in its loader/action;
 * - every form action checks its CSRF token through readForm (API routes use bearer tokens instead);
 * - no code changes or deletes audit log entries.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const routesDir = path.resolve("app/routes");
const routeFiles = readdirSync(routesDir).filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."));

function source(file: string) {
  return readFileSync(path.join(routesDir, file), "utf8");
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    return statSync(full).isDirectory() ? walk(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

describe("route guards", () => {
  it("finds the route files", () => {
    expect(routeFiles.length).toBeGreaterThan(5);
  });

  it.each(routeFiles.filter((f) => f.startsWith("staff")))("%s checks the user's role", (file) => {
    const src = source(file);
    const hasHandlers = /export (async )?function (loader|action)/.test(src);
    expect(hasHandlers).toBe(true);
    const handlers = src.match(/export (async )?function (loader|action)/g)!.length;
    const guards = (src.match(/await requireUser\(request/g) ?? []).length;
    expect(guards).toBeGreaterThanOrEqual(handlers);
  });

  it.each(routeFiles.filter((f) => /export (async )?function action/.test(source(f)) && !f.startsWith("api.")))(
    "%s checks the CSRF token of its form",
    (file) => {
      expect(source(file)).toMatch(/readForm\(request|requireCsrf\(request/);
    },
  );

  it("has no code that updates or deletes audit log entries", () => {
    // The single exception: the retention purge (CLI only, off by default), docs/operations.md "Retention".
    const retentionPurge = path.resolve("app/models/retention.server.ts");
    const offenders = walk(path.resolve("app"))
      .filter((f) => !f.endsWith(".test.ts"))
      .filter((f) => f !== retentionPurge || /(UPDATE)\s+"?AuditLog"?|auditLog\.(update|updateMany|upsert)\b/i.test(readFileSync(f, "utf8")))
      .filter((f) => {
        const src = readFileSync(f, "utf8");
        return /auditLog\.(update|updateMany|delete|deleteMany|upsert)\b/.test(src) || /(UPDATE|DELETE FROM)\s+"?AuditLog"?/i.test(src);
      });
    expect(offenders).toEqual([]);
  });
});
