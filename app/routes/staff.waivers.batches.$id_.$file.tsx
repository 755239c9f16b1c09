/**
 * /staff/waivers/batches/:id/<name>.csv | .xlsx (supervisors): the file for the card company, in
 * the layout of docs/waiver-batch-format.md (app/domain/waiver-batch-format.ts). The name in the
 * URL is only for the browser; the extension chooses the format. Audited ("waiver_batch.download").
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { BATCH_HEADER, batchFileRows } from "~/domain/waiver-batch-format";
import { batchFileContent } from "~/models/waiver-batch.server";
import { userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { smallTableResponse } from "~/utils/export.server";

const Params = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  file: z
    .string()
    .max(200)
    .regex(/\.(csv|xlsx)$/),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const format = parsed.data.file.endsWith(".xlsx") ? "xlsx" : "csv";
  const content = await batchFileContent({ id: parsed.data.id, actor: userActor(user), request, format });
  if (!content) throw new Response("Not Found", { status: 404 });
  return smallTableResponse({
    format,
    baseName: content.baseName,
    sheetName: content.cardCompanyCode,
    header: BATCH_HEADER,
    rows: batchFileRows(content.rows, { cardCompanyCode: content.cardCompanyCode, requester: content.requester }),
  });
}
