/**
 * /staff/imports/:id/errors.csv: the invalid rows of an import, by line number and reason
 * (supervisors). Reasons are in the user's language; no row values are in it (none are stored).
 * UTF-8 with a BOM, so Excel opens it with the Japanese intact.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { describeRowReason } from "~/components/import-text";
import { getImportJob, listImportRowErrors } from "~/models/import.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { getLocale, i18nServer } from "~/utils/i18n.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const id = z.string().min(1).max(64).safeParse(params.id);
  const job = id.success ? await getImportJob(id.data) : null;
  if (!job) throw new Response("Not Found", { status: 404 });
  const t = await i18nServer.getFixedT(await getLocale(request), "imports");
  const errors = await listImportRowErrors(job.id);
  const rows: string[][] = [
    [t("csv.line"), t("csv.reason")],
    ...errors.map((e) => [String(e.line), describeRowReason(t, e.reason)]),
  ];
  if (job.errorsNotStored > 0) rows.push(["", t("csv.more", { rows: job.errorsNotStored })]);
  await recordAudit({
    actor: userActor(user),
    action: "export.import_errors",
    entityType: "import",
    entityId: job.id,
    request,
    details: { rows: errors.length },
  });
  return new Response("\uFEFF" + stringify(rows, { record_delimiter: "\r\n" }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="import-${job.id}-errors.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
