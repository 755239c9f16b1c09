/**
 * /staff/imports: the import jobs so far, and the upload of a new CSV file (supervisors).
 * The upload is streamed to DATA_DIR/imports/<jobId>.csv (never held in memory), checked for
 * card data at once (refused and deleted if it holds any), and the supervisor continues on the
 * job's page to map the columns and start the import.
 */
import { data, redirect, unstable_parseMultipartFormData } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, UploadHandler } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { ImportStatusBadge } from "~/components/import-status-badge";
import { IMPORT_ENCODINGS, proposeMapping, toStoredMapping } from "~/domain/import-rules";
import { listIncidentChoices } from "~/models/incident.server";
import {
  createImportJob,
  deleteUploadedFile,
  findSite,
  inspectImportFile,
  listImportJobs,
  listImportTargets,
  newImportJobId,
  refuseImportJob,
  saveUpload,
  UploadTooLargeError,
} from "~/models/import.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { CSRF_FIELD, readForm, requireCsrf } from "~/utils/csrf.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { formatTokyoDateTime, pick } from "~/utils/format";
import { getLocale, i18nServer } from "~/utils/i18n.server";

const PageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "supervisor");
  const page = PageSchema.parse(new URL(request.url).searchParams.get("page") ?? 1);
  const [list, targets, choices] = await Promise.all([listImportJobs({ page }), listImportTargets(), listIncidentChoices()]);
  const current = await getCurrentIncidentSlug(request, choices);
  const defaultSiteId = targets.find((i) => i.slug === current)?.sites[0]?.id ?? targets[0]?.sites[0]?.id ?? null;
  return {
    page: list.page,
    pages: list.pages,
    jobs: list.jobs.map((j) => ({
      id: j.id,
      fileName: j.fileName,
      incident: j.incident,
      site: j.site,
      status: j.status,
      percent: j.percent,
      rowsImported: j.rowsImported,
      rowsDuplicate: j.rowsDuplicate,
      rowsInvalid: j.rowsInvalid,
      createdAt: j.createdAt,
      createdByName: j.createdByName,
      cli: j.createdById === null,
    })),
    targets,
    defaultSiteId,
  };
}

const UploadFieldsSchema = z.object({
  site: z.string().min(1).max(64),
  encoding: z.enum(["auto", ...IMPORT_ENCODINGS]),
});

type ActionResult = {
  errors: Partial<Record<"file" | "site" | "encoding", string>>;
  values: { site: string; encoding: string };
};

/**
 * The file's name as the user's computer has it: browsers send line breaks and quotes in it as
 * %0A, %0D and %22 (HTML's multipart/form-data rules). Undone, so the name is redacted like any
 * text (a card number split over two lines is still one).
 */
function uploadedFileName(name: string): string {
  return name.replace(/%0D|%0A|%22/gi, (code) => ({ "%0D": "\r", "%0A": "\n", "%22": '"' })[code.toUpperCase()] ?? code);
}

/** Text fields of the upload form are short; anything longer is not from our form. */
const MAX_FIELD_BYTES = 4096;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const t = await i18nServer.getFixedT(await getLocale(request), "imports");
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    await readForm(request);
    return data<ActionResult>(
      { errors: { file: t("formErrors.file") }, values: { site: "", encoding: "auto" } },
      { status: 400 },
    );
  }

  const jobId = newImportJobId();
  const state: { csrfChecked: boolean; upload: { filePath: string; size: number; sha256: string; fileName: string } | null } = {
    csrfChecked: false,
    upload: null,
  };
  const fields: Record<string, string> = {};
  // Streams the file part to disk. The CSRF field comes first in the form, so a forged post is
  // refused before a single byte of its file is written.
  const handler: UploadHandler = async ({ name, filename, data: body }) => {
    if (name === "file" && filename !== undefined) {
      if (!state.csrfChecked) {
        const token = new FormData();
        token.set(CSRF_FIELD, fields[CSRF_FIELD] ?? "");
        await requireCsrf(request, token);
        state.csrfChecked = true;
      }
      if (state.upload || filename === "") {
        for await (const chunk of body) void chunk; // no file chosen, or a second file: skip it
        return null;
      }
      const saved = await saveUpload(jobId, body);
      state.upload = { ...saved, fileName: uploadedFileName(filename) };
      return null;
    }
    const decoder = new TextDecoder();
    let text = "";
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > MAX_FIELD_BYTES) throw new Response("Bad Request", { status: 400 });
      text += decoder.decode(chunk, { stream: true });
    }
    fields[name] = text + decoder.decode();
    return fields[name];
  };

  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (state.upload) await deleteUploadedFile(state.upload.filePath);
    if (error instanceof UploadTooLargeError) {
      return data<ActionResult>(
        { errors: { file: t("formErrors.tooLarge") }, values: { site: fields.site ?? "", encoding: fields.encoding ?? "auto" } },
        { status: 413 },
      );
    }
    throw error;
  }
  if (!state.csrfChecked) await requireCsrf(request, form);

  const upload = state.upload;
  const values = { site: fields.site ?? "", encoding: fields.encoding ?? "auto" };
  const fail = async (errors: ActionResult["errors"]) => {
    if (upload) await deleteUploadedFile(upload.filePath);
    return data<ActionResult>({ errors, values }, { status: 400 });
  };
  const parsed = UploadFieldsSchema.safeParse(values);
  if (!parsed.success) {
    const errors: ActionResult["errors"] = {};
    for (const issue of parsed.error.issues) {
      if (issue.path[0] === "site") errors.site = t("formErrors.site");
      if (issue.path[0] === "encoding") errors.encoding = t("formErrors.encoding");
    }
    return fail(errors);
  }
  const site = await findSite(parsed.data.site);
  if (!site) return fail({ site: t("formErrors.site") });
  if (!upload) return fail({ file: t("formErrors.file") });
  if (upload.size === 0) return fail({ file: t("formErrors.emptyFile") });
  const inspection = await inspectImportFile({
    filePath: upload.filePath,
    encoding: parsed.data.encoding === "auto" ? undefined : parsed.data.encoding,
  });
  if (!inspection) return fail({ file: t("formErrors.emptyFile") });

  await createImportJob({
    id: jobId,
    incidentId: site.incidentId,
    siteId: site.id,
    fileName: upload.fileName,
    filePath: upload.filePath,
    fileHash: upload.sha256,
    totalBytes: upload.size,
    encoding: inspection.encoding,
    // A refused file's column names are not kept: a header can itself be a card number.
    mapping: inspection.refusal ? {} : toStoredMapping(inspection.columns, proposeMapping(inspection.rawHeaders)),
    createdById: user.id,
  });
  await recordAudit({
    actor: userActor(user),
    action: "import.upload",
    entityType: "import",
    entityId: jobId,
    request,
    details: {
      incidentId: site.incidentId,
      siteId: site.id,
      bytes: upload.size,
      fileHash: upload.sha256,
      encoding: inspection.encoding,
    },
  });
  if (inspection.refusal) await refuseImportJob({ id: jobId, refusal: inspection.refusal, actor: userActor(user) });
  return redirect(`/staff/imports/${jobId}`);
}

export default function ImportsIndex() {
  const { jobs, targets, defaultSiteId, page, pages } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("imports");
  const lng = i18n.language;
  const number = (n: number) => n.toLocaleString(lng === "en" ? "en-GB" : "ja-JP");
  const hasSites = targets.some((i) => i.sites.length > 0);
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <p className="notice warn">{t("cardWarning")}</p>

      <h2>{t("upload.heading")}</h2>
      {hasSites ? (
        <Form method="post" encType="multipart/form-data" className="stack" data-testid="import-upload">
          {/* The CSRF field must come before the file: the server checks it before writing the file. */}
          <CsrfField />
          <div>
            <label htmlFor="import-site">{t("upload.site")}</label>
            <select
              id="import-site"
              name="site"
              defaultValue={result?.values.site || defaultSiteId || undefined}
              aria-invalid={result?.errors.site ? true : undefined}
            >
              {targets.map((incident) => (
                <optgroup key={incident.id} label={pick(lng, incident.titleJa, incident.titleEn)}>
                  {incident.sites.map((s) => (
                    <option key={s.id} value={s.id}>
                      {pick(lng, s.nameJa, s.nameEn)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            {result?.errors.site ? <p className="field-error">{result.errors.site}</p> : null}
          </div>
          <div>
            <label htmlFor="upload-encoding">{t("upload.encoding")}</label>
            <select id="upload-encoding" name="encoding" defaultValue={result?.values.encoding ?? "auto"}>
              <option value="auto">{t("encodings.auto")}</option>
              <option value="utf-8">{t("encodings.utf-8")}</option>
              <option value="cp932">{t("encodings.cp932")}</option>
              <option value="utf-16le">{t("encodings.utf-16le")}</option>
            </select>
            {result?.errors.encoding ? <p className="field-error">{result.errors.encoding}</p> : null}
          </div>
          <div>
            <label htmlFor="import-file">{t("upload.file")}</label>
            <input
              id="import-file"
              name="file"
              type="file"
              accept=".csv,.tsv,.txt,text/csv"
              required
              aria-describedby="import-file-help"
              aria-invalid={result?.errors.file ? true : undefined}
            />
            <p className="muted" id="import-file-help">
              {t("upload.fileHelp")}
            </p>
            {result?.errors.file ? (
              <p className="field-error" role="alert">
                {result.errors.file}
              </p>
            ) : null}
          </div>
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("upload.submit")}
            </button>
          </div>
        </Form>
      ) : (
        <p className="notice">{t("upload.noSites")}</p>
      )}

      <h2>{t("list.heading")}</h2>
      {jobs.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="import-jobs">
            <thead>
              <tr>
                <th>{t("list.file")}</th>
                <th>{t("list.target")}</th>
                <th>{t("list.status")}</th>
                <th>{t("list.progress")}</th>
                <th>{t("list.rows")}</th>
                <th>{t("list.createdAt")}</th>
                <th>{t("list.createdBy")}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td>
                    <Link to={`/staff/imports/${j.id}`}>{j.fileName}</Link>
                  </td>
                  <td>
                    {pick(lng, j.incident.titleJa, j.incident.titleEn)} / {pick(lng, j.site.nameJa, j.site.nameEn)}
                  </td>
                  <td>
                    <ImportStatusBadge status={j.status} />
                  </td>
                  <td>{t("progress.percent", { percent: j.percent })}</td>
                  <td>
                    {number(j.rowsImported)} / {number(j.rowsDuplicate)} / {number(j.rowsInvalid)}
                  </td>
                  <td>{formatTokyoDateTime(j.createdAt, lng)}</td>
                  <td>{j.cli ? t("list.cli") : (j.createdByName ?? "")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav className="inline-form" aria-label={t("list.heading")}>
          {page > 1 ? <Link to={`?page=${page - 1}`}>{t("list.previous")}</Link> : null}
          <span>{t("list.page", { page, pages })}</span>
          {page < pages ? <Link to={`?page=${page + 1}`}>{t("list.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
