/**
 * `npm run cli -- purge [--dry-run]`: deletes or anonymises what has outlived its retention period
 * (app/models/retention.server.ts; periods at /staff/admin/retention, docs/operations.md).
 * --dry-run only counts. Meant for a daily cron job; safe to run again at any time.
 */
import { userInfo } from "node:os";
import { parseArgs } from "node:util";

export async function purgeCommand(args: string[], out: (line: string) => void): Promise<void> {
  const { values } = parseArgs({ args, options: { "dry-run": { type: "boolean", default: false } }, strict: true });
  const dryRun = values["dry-run"] === true;
  const { purgeExpired } = await import("~/models/retention.server");
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    // no user name in this environment
  }
  const started = Date.now();
  const report = await purgeExpired({
    dryRun,
    actor: { type: "system", label: `cli:${user}` },
    onProgress: (kind, done) => {
      if (done % 10_000 === 0) out(`  ${kind}: ${done.toLocaleString("en")}…`);
    },
  });
  const s = report.settings;
  const c = report.counts;
  out(dryRun ? "Dry run: nothing was changed. Would purge:" : "Purged:");
  out(
    `  contact notes and caller details older than ${s.contactText} days (before ${report.cutoffs.contactText}): ${c.contactText} contacts blanked`,
  );
  out(`  lookups older than ${s.lookups} days: ${c.lookups} deleted`);
  out(`  waiver request contact details, ${s.waiverContacts} days after the decision: ${c.waiverContacts} blanked`);
  out(
    `  affected records, ${s.affectedRecords} days after the incident closed` +
      (report.cutoffs.affectedIncidents.length
        ? ` (${report.cutoffs.affectedIncidents.join(", ")})`
        : " (no closed incident is due)") +
      `: ${c.affectedRecords} anonymised`,
  );
  out(
    s.auditLogPurge
      ? `  audit log entries older than ${s.auditLog} days: ${c.auditLog} deleted`
      : "  audit log: kept (purging it is switched off in the retention settings)",
  );
  out(
    `${dryRun ? "Counted" : "Done"} in ${((Date.now() - started) / 1000).toFixed(1)} s.${dryRun ? "" : " Recorded in the audit log (retention.purge)."}`,
  );
}
