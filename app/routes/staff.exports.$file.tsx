/**
 * /staff/exports/<kind>.<csv|xlsx>?<the table's filters>: a streamed download of every matching
 * row (app/utils/export.server.ts). Contacts, lookups and waiver requests for supervisors and
 * admins; the audit log for admins only. Unknown kinds or formats are 404 (after the role check,
 * so an agent learns nothing). Each export writes "export.<kind>" and "export.finish" audit entries.
 *
 * As on the pages, a URL without `incident` means the staff member's current incident (the top
 * bar's choice) and `incident=all` every incident; the audit log has no incident.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listIncidentChoices } from "~/models/incident.server";
import { userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { exportResponse, startExport } from "~/utils/export.server";
import { EXPORT_ROLE, parseExportFileName, parseExportFilter } from "~/utils/export-filters";
import type { ExportFilterFor, ExportKind } from "~/utils/export-filters";
import { getLocale } from "~/utils/i18n.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const target = parseExportFileName(params.file ?? "");
  const user = await requireUser(request, target ? EXPORT_ROLE[target.kind] : "supervisor");
  if (!target) throw new Response("Not Found", { status: 404 });
  const url = new URL(request.url);
  let filter: ExportFilterFor[ExportKind] = parseExportFilter(target.kind, url.searchParams);
  if (target.kind !== "audit" && !("incident" in filter && filter.incident)) {
    const current = await getCurrentIncidentSlug(request, await listIncidentChoices());
    filter = { ...filter, incident: current ?? "all" };
  }
  const started = await startExport({
    kind: target.kind,
    format: target.format,
    filter,
    actor: userActor(user),
    request,
    locale: await getLocale(request),
    waitForDrain: context?.waitForDrain,
    signal: request.signal,
  });
  return exportResponse(started);
}
