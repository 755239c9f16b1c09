/**
 * /staff/imports/:id: one import job (supervisors).
 * - pending: choose the encoding and what each column holds, see the first rows as they will be
 *   stored, then start the import (it runs in the background of the server);
 * - running: a progress bar that updates every second (a page that refreshes itself without JS);
 * - finished: the counts, the invalid rows (downloadable), and "continue" for an interrupted or
 *   failed import.
 */
import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { ImportStatusBadge } from "~/components/import-status-badge";
import { describeImportMessage, describeRowReason, fieldLabel } from "~/components/import-text";
import {
  checkMapping,
  COLUMN_TARGETS,
  IMPORT_ENCODINGS,
  MAX_STORED_ROW_ERRORS,
  PREVIEW_ROWS,
  toStoredMapping,
} from "~/domain/import-rules";
import type { ColumnTarget } from "~/domain/import-rules";
import {
  discardPendingImport,
  getImportJob,
  importFilePath,
  inspectImportFile,
  listFirstImportRowErrors,
  previewImport,
  refuseImportJob,
  startImportInBackground,
  targetsFor,
  updateImportSetup,
} from "~/models/import.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formatTokyoDateTime, pick } from "~/utils/format";
import { getLocale, i18nServer } from "~/utils/i18n.server";

const IdSchema = z.string().min(1).max(64);
const SHOWN_ERRORS = 20;

async function loadJob(params: { id?: string }) {
  const id = IdSchema.safeParse(params.id);
  const job = id.success ? await getImportJob(id.data) : null;
  if (!job) throw new Response("Not Found", { status: 404 });
  return job;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const job = await loadJob(params);
  let setup = null;
  if (job.status === "pending") {
    const filePath = await importFilePath(job.id);
    const inspection = filePath ? await inspectImportFile({ filePath, encoding: job.encoding }).catch(() => null) : null;
    if (inspection) {
      const targets = targetsFor(inspection, job.mapping);
      const preview = inspection.refusal
        ? []
        : await previewImport({ inspection, targets, incidentId: job.incidentId, siteId: job.siteId });
      // The preview shows personal data from the file: audited like a view of records.
      await recordAudit({
        actor: userActor(user),
        action: "import.preview",
        entityType: "import",
        entityId: job.id,
        request,
        details: { rows: preview.length },
      });
      setup = {
        detectedEncoding: inspection.detectedEncoding,
        columns: inspection.columns,
        firstRow: inspection.sample[0]?.cells ?? [],
        targets,
        problem: checkMapping(targets),
        refusal: inspection.refusal,
        preview,
      };
    }
  }
  const errors = job.status === "pending" ? [] : await listFirstImportRowErrors(job.id, SHOWN_ERRORS);
  return { job, setup, errors };
}

type ActionResult = { errors: { form: string } };

const SetupSchema = z.object({
  encoding: z.enum(IMPORT_ENCODINGS),
  targets: z.array(z.enum(COLUMN_TARGETS)),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const form = await readForm(request);
  const t = await i18nServer.getFixedT(await getLocale(request), "imports");
  const job = await loadJob(params);
  const intent = form.get("intent");
  const self = `/staff/imports/${job.id}`;

  if (intent === "resume") {
    if (!job.resumable || !(await startImportInBackground({ jobId: job.id, actor: userActor(user) }))) {
      return data<ActionResult>({ errors: { form: t("formErrors.notStartable") } }, { status: 400 });
    }
    return redirect(self);
  }
  if (job.status !== "pending") return data<ActionResult>({ errors: { form: t("formErrors.notStartable") } }, { status: 400 });
  if (intent === "discard") {
    await discardPendingImport(job.id);
    return redirect("/staff/imports");
  }
  if (intent !== "preview" && intent !== "start")
    return data<ActionResult>({ errors: { form: t("formErrors.notStartable") } }, { status: 400 });

  const filePath = await importFilePath(job.id);
  const targetsSent = Array.from(form.keys())
    .filter((k) => /^map\.\d+$/.test(k))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))
    .map((k) => form.get(k));
  const parsed = SetupSchema.safeParse({ encoding: form.get("encoding"), targets: targetsSent });
  if (!parsed.success) return data<ActionResult>({ errors: { form: t("formErrors.encoding") } }, { status: 400 });
  const inspection = filePath ? await inspectImportFile({ filePath, encoding: parsed.data.encoding }).catch(() => null) : null;
  if (!inspection) return data<ActionResult>({ errors: { form: t("mapping.fileGone") } }, { status: 400 });
  if (inspection.refusal) {
    // Another encoding can reveal a card-number header: refuse and delete at once.
    await refuseImportJob({ id: job.id, refusal: inspection.refusal, actor: userActor(user) });
    return redirect(self);
  }
  // A new encoding can change the column names: start again from the proposal.
  const encodingChanged = parsed.data.encoding !== job.encoding;
  const targets: ColumnTarget[] =
    !encodingChanged && parsed.data.targets.length === inspection.columns.length
      ? parsed.data.targets
      : targetsFor(inspection, {});
  await updateImportSetup({ id: job.id, encoding: parsed.data.encoding, mapping: toStoredMapping(inspection.columns, targets) });

  if (intent === "start" && !encodingChanged) {
    const problem = checkMapping(targets);
    if (problem) {
      const message =
        problem.code === "duplicate_field"
          ? t("formErrors.duplicate_field", { field: fieldLabel(t, problem.field) })
          : t("formErrors.no_identity_field");
      return data<ActionResult>({ errors: { form: message } }, { status: 400 });
    }
    if (!(await startImportInBackground({ jobId: job.id, actor: userActor(user) }))) {
      return data<ActionResult>({ errors: { form: t("formErrors.notStartable") } }, { status: 400 });
    }
  }
  return redirect(self);
}

/** Revalidates the page every second while `active`. */
function usePolling(active: boolean) {
  const revalidator = useRevalidator();
  const ref = useRef(revalidator);
  ref.current = revalidator;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (ref.current.state === "idle") ref.current.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [active]);
}

export default function ImportJobPage() {
  const { job, setup, errors } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("imports");
  const lng = i18n.language;
  const number = (n: number) => n.toLocaleString(lng === "en" ? "en-GB" : "ja-JP");
  const running = job.status === "running";
  usePolling(running);
  const message = describeImportMessage(t, job.message, job.rowsImported);
  const busy = navigation.state !== "idle";

  return (
    <>
      {running ? (
        // Without JavaScript the page refreshes itself; with it, usePolling revalidates instead.
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      ) : null}
      <p>
        <Link to="/staff/imports">{t("job.back")}</Link>
      </p>
      <h1>{t("job.heading", { file: job.fileName })}</h1>
      <p>
        {t("job.target", {
          incident: pick(lng, job.incident.titleJa, job.incident.titleEn),
          site: pick(lng, job.site.nameJa, job.site.nameEn),
        })}{" "}
        <ImportStatusBadge status={job.status} />
      </p>
      <p className="muted">
        {t("job.size", { size: number(job.totalBytes) })} · {formatTokyoDateTime(job.createdAt, lng)}
      </p>
      {message ? (
        <p className={`notice ${job.status === "failed" ? "error" : "warn"}`} role="alert" data-testid="import-message">
          {message}
        </p>
      ) : null}
      {result?.errors.form ? (
        <p className="notice error" role="alert" data-testid="import-form-error">
          {result.errors.form}
        </p>
      ) : null}

      {job.status === "pending" && setup === null ? <p className="notice error">{t("mapping.fileGone")}</p> : null}
      {job.status === "pending" && setup !== null ? (
        <>
          <h2>{t("mapping.heading")}</h2>
          <p>{t("mapping.intro")}</p>
          <p className="muted">{t("mapping.multiHint")}</p>
          <Form method="post" className="import-mapping" data-testid="import-mapping">
            <CsrfField />
            <div>
              <label htmlFor="import-encoding">{t("mapping.encoding")}</label>
              <select id="import-encoding" name="encoding" defaultValue={job.encoding} key={job.encoding}>
                {IMPORT_ENCODINGS.map((e) => (
                  <option key={e} value={e}>
                    {t(`encodings.${e}`)}
                  </option>
                ))}
              </select>{" "}
              <span className="muted">{t("mapping.detected", { encoding: t(`encodings.${setup.detectedEncoding}`) })}</span>
            </div>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("mapping.column")}</th>
                    <th scope="col">{t("mapping.field")}</th>
                    <th scope="col">{t("mapping.example")}</th>
                  </tr>
                </thead>
                <tbody>
                  {setup.columns.map((column, i) => (
                    <tr key={`${job.encoding}-${column}`}>
                      <th scope="row">
                        <label htmlFor={`map-${i}`}>{column}</label>
                      </th>
                      <td>
                        <select id={`map-${i}`} name={`map.${i}`} defaultValue={setup.targets[i] ?? "ignore"}>
                          {COLUMN_TARGETS.map((target) => (
                            <option key={target} value={target}>
                              {fieldLabel(t, target)}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="import-example">{setup.firstRow[i] ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {setup.problem ? (
              <p className="field-error">
                {setup.problem.code === "duplicate_field"
                  ? t("formErrors.duplicate_field", { field: fieldLabel(t, setup.problem.field) })
                  : t("formErrors.no_identity_field")}
              </p>
            ) : null}
            <div className="inline-form">
              <button type="submit" name="intent" value="preview" className="secondary" disabled={busy}>
                {t("mapping.update")}
              </button>
              <button type="submit" name="intent" value="start" disabled={busy}>
                {t("mapping.start")}
              </button>
            </div>
          </Form>
          <Form method="post" className="inline-form">
            <CsrfField />
            <button type="submit" name="intent" value="discard" className="link-button">
              {t("mapping.discard")}
            </button>
          </Form>

          <h2>{t("preview.heading", { rows: PREVIEW_ROWS })}</h2>
          {setup.preview.length === 0 ? (
            <p>{t("preview.empty")}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="import-preview">
                <thead>
                  <tr>
                    <th scope="col">{t("preview.line")}</th>
                    <th scope="col">{t("preview.result")}</th>
                    <th scope="col">{t("fields.nameKanji")}</th>
                    <th scope="col">{t("fields.nameKana")}</th>
                    <th scope="col">{t("fields.email")}</th>
                    <th scope="col">{t("fields.phone")}</th>
                    <th scope="col">{t("fields.postalCode")}</th>
                    <th scope="col">{t("fields.reference")}</th>
                    <th scope="col">{t("fields.transactionAt")}</th>
                    <th scope="col">{t("fields.cardBrand")}</th>
                    <th scope="col">{t("fields.cardLast4")}</th>
                  </tr>
                </thead>
                <tbody>
                  {setup.preview.map((row) =>
                    row.ok ? (
                      <tr key={row.line}>
                        <td>{row.line}</td>
                        <td>
                          {row.alreadyImported ? (
                            <span className="badge warn">{t("preview.already")}</span>
                          ) : (
                            <span className="badge ok">{t("preview.ok")}</span>
                          )}
                        </td>
                        <td>{row.values.nameKanji}</td>
                        <td>{row.values.nameKana}</td>
                        <td>{row.values.email}</td>
                        <td>{row.values.phone}</td>
                        <td>{row.values.postalCode}</td>
                        <td>{row.values.reference}</td>
                        <td>{row.values.transactionAt ? formatTokyoDateTime(row.values.transactionAt, lng) : null}</td>
                        <td>{row.values.cardBrand}</td>
                        <td>{row.values.cardLast4}</td>
                      </tr>
                    ) : (
                      <tr key={row.line}>
                        <td>{row.line}</td>
                        <td colSpan={10}>
                          <span className="badge danger">
                            {t("preview.invalid", { reason: describeRowReason(t, row.reason) })}
                          </span>
                        </td>
                      </tr>
                    ),
                  )}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}

      {job.status !== "pending" ? (
        <>
          <h2 id="import-progress-label">{t("progress.heading")}</h2>
          <div className="import-progress">
            <progress
              value={job.percent}
              max={100}
              aria-labelledby="import-progress-label"
              aria-valuetext={t("progress.percent", { percent: job.percent })}
              data-testid="import-progress"
            >
              {t("progress.percent", { percent: job.percent })}
            </progress>
            <span aria-hidden="true">{t("progress.percent", { percent: job.percent })}</span>
          </div>
          <p role="status" aria-live="polite" data-testid="import-status">
            {running ? t("progress.running") : job.status === "done" ? t("progress.done") : null}
          </p>
          <dl className="import-counts" data-testid="import-counts">
            <div>
              <dt>{t("progress.rowsRead")}</dt>
              <dd data-testid="import-rows-read">{number(job.rowsRead)}</dd>
            </div>
            <div>
              <dt>{t("progress.imported")}</dt>
              <dd data-testid="import-rows-imported">{number(job.rowsImported)}</dd>
            </div>
            <div>
              <dt>{t("progress.duplicates")}</dt>
              <dd data-testid="import-rows-duplicate">{number(job.rowsDuplicate)}</dd>
            </div>
            <div>
              <dt>{t("progress.invalid")}</dt>
              <dd data-testid="import-rows-invalid">{number(job.rowsInvalid)}</dd>
            </div>
            <div>
              <dt>{t("progress.rate")}</dt>
              <dd>{t("progress.rateValue", { rate: number(job.rowsPerSecond) })}</dd>
            </div>
          </dl>
          <p className="muted">{t("progress.bytes", { read: number(job.bytesRead), total: number(job.totalBytes) })}</p>
          {running ? (
            <p>
              <Link to={`/staff/imports/${job.id}`}>{t("progress.refresh")}</Link>
            </p>
          ) : null}
          {job.resumable ? (
            <Form method="post" className="stack">
              <CsrfField />
              <p className="muted">{t("resume.help", { line: number(job.lastCommittedLine) })}</p>
              <div>
                <button type="submit" name="intent" value="resume" disabled={busy}>
                  {t("resume.button")}
                </button>
              </div>
            </Form>
          ) : null}

          <h2>{t("errors.heading")}</h2>
          {job.rowsInvalid === 0 ? (
            <p>{t("errors.none")}</p>
          ) : (
            <>
              {errors.length > 0 ? (
                <>
                  <p>
                    <a href={`/staff/imports/${job.id}/errors.csv`} download>
                      {t("errors.download")}
                    </a>
                  </p>
                  <div className="table-wrap">
                    <table data-testid="import-errors">
                      <thead>
                        <tr>
                          <th scope="col">{t("errors.line")}</th>
                          <th scope="col">{t("errors.reason")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {errors.map((e) => (
                          <tr key={e.line}>
                            <td>{e.line}</td>
                            <td>{describeRowReason(t, e.reason)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  {job.errorsStored > errors.length ? (
                    <p className="muted">{t("errors.first", { rows: errors.length })}</p>
                  ) : null}
                </>
              ) : null}
              {job.errorsNotStored > 0 ? (
                <p className="muted">
                  {t("errors.notStored", { rows: number(job.errorsNotStored), max: number(MAX_STORED_ROW_ERRORS) })}
                </p>
              ) : null}
            </>
          )}
        </>
      ) : null}
    </>
  );
}
