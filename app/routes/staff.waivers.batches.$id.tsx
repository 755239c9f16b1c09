/**
 * /staff/waivers/batches/:id (supervisors): one batch to a card company. Download its file (CSV or
 * Excel, layout in docs/waiver-batch-format.md), mark it sent, take a request out while it is a
 * draft, and record the card company's answer per request or by uploading their answer file.
 * Every change goes through app/models/waiver-batch.server.ts (transition rules, events, audit).
 */
import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { batchFileBaseName, parseBatchAnswerRecords } from "~/domain/waiver-batch-format";
import type { BatchAnswerError } from "~/domain/waiver-batch-format";
import { REJECT_REASON_MAX } from "~/domain/waiver-rules";
import {
  applyBatchAnswers,
  getWaiverBatch,
  markBatchSent,
  recordBatchAnswer,
  removeFromBatch,
} from "~/models/waiver-batch.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { readCsvRecords } from "~/utils/csv-read.server";
import { compactTokyoDay } from "~/utils/export-filters";
import { formatTokyoDateTime, pick } from "~/utils/format";
import { getLocale, i18nServer } from "~/utils/i18n.server";

export const meta: MetaFunction = () => [{ title: "Waiver batch | Madoguchi" }];

/** Largest answer file accepted (a few thousand rows are well under 1 MB). */
export const MAX_ANSWER_FILE_MB = 5;

const IdSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const id = IdSchema.safeParse(params.id);
  const batch = id.success ? await getWaiverBatch({ id: id.data }) : null;
  if (!batch) throw new Response("Not Found", { status: 404 });
  await recordAudit({
    actor: userActor(user),
    action: "waiver_batch.view",
    entityType: "waiver_batch",
    entityId: batch.id,
    request,
  });
  const fileBase = batchFileBaseName({
    cardCompanyCode: batch.cardCompany.code,
    incidentSlug: batch.incident?.slug ?? "incident",
    createdDay: compactTokyoDay(batch.createdAt),
    batchId: batch.id,
  });
  return {
    batch: {
      id: batch.id,
      status: batch.status,
      displayStatus: batch.displayStatus,
      createdAt: batch.createdAt.toISOString(),
      sentAt: batch.sentAt?.toISOString() ?? null,
      cardCompany: batch.cardCompany,
      incident: batch.incident,
      counts: batch.counts,
      requests: batch.requests.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() })),
    },
    fileBase,
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("send") }),
  z.object({ intent: z.literal("remove"), requestId: IdSchema }),
  z.object({
    intent: z.literal("answer"),
    requestId: IdSchema,
    result: z.enum(["confirmed", "rejected"]),
    reason: z
      .string()
      .max(REJECT_REASON_MAX * 2)
      .optional(),
  }),
  z.object({ intent: z.literal("upload") }),
]);

type LineError = { line: number; text: string };
type ActionResult = {
  errors: { form?: string; reason?: string; lines?: LineError[] };
  requestId?: string;
  reason?: string;
};

function problemText(t: Awaited<ReturnType<typeof i18nServer.getFixedT<"batches">>>, e: BatchAnswerError): LineError {
  return { line: e.line, text: t(`errors.problem.${e.problem}`, { value: e.value ?? "" }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const id = IdSchema.safeParse(params.id);
  if (!id.success) throw new Response("Not Found", { status: 404 });
  const t = await i18nServer.getFixedT(await getLocale(request), "batches");
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_ANSWER_FILE_MB * 1024 * 1024) {
    return data<ActionResult>({ errors: { form: t("errors.fileTooLarge", { max: MAX_ANSWER_FILE_MB }) } }, { status: 413 });
  }
  const form = await readForm(request);
  const parsed = ActionSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")));
  if (!parsed.success) return data<ActionResult>({ errors: { form: t("errors.notAllowed") } }, { status: 400 });
  const actor = userActor(user);
  const base = `/staff/waivers/batches/${id.data}`;
  const input = parsed.data;

  if (input.intent === "send") {
    const result = await markBatchSent({ id: id.data, byUserId: user.id, actor, request });
    if (!result.ok) {
      if (result.problem === "not-found") throw new Response("Not Found", { status: 404 });
      return data<ActionResult>(
        { errors: { form: t(result.problem === "empty" ? "errors.nothingToSend" : "errors.notDraft") } },
        { status: 409 },
      );
    }
    return redirect(`${base}?done=sent&count=${result.sent}`);
  }

  if (input.intent === "remove") {
    const result = await removeFromBatch({ batchId: id.data, requestId: input.requestId, actor, request });
    if (!result.ok)
      return data<ActionResult>(
        { errors: { form: t(result.problem === "not-draft" ? "errors.notDraft" : "errors.notFound") } },
        { status: 409 },
      );
    return redirect(`${base}?done=removed`);
  }

  if (input.intent === "answer") {
    const result = await recordBatchAnswer({
      batchId: id.data,
      requestId: input.requestId,
      result: input.result,
      reason: input.reason,
      byUserId: user.id,
      actor,
      request,
    });
    if (!result.ok) {
      if (result.problem === "reason-required") {
        return data<ActionResult>(
          {
            errors: { reason: t("errors.reasonRequired", { max: REJECT_REASON_MAX }) },
            requestId: input.requestId,
            reason: input.reason ?? "",
          },
          { status: 400 },
        );
      }
      const key =
        result.problem === "not-sent"
          ? "errors.notSent"
          : result.problem === "conflict"
            ? "errors.conflict"
            : result.problem === "not-allowed"
              ? "errors.notAllowed"
              : "errors.notFound";
      return data<ActionResult>(
        { errors: { form: t(key) }, requestId: input.requestId, reason: input.reason ?? "" },
        { status: result.problem === "conflict" ? 409 : 400 },
      );
    }
    return redirect(`${base}?done=answered`);
  }

  // upload
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0)
    return data<ActionResult>({ errors: { form: t("errors.file") } }, { status: 400 });
  if (file.size > MAX_ANSWER_FILE_MB * 1024 * 1024) {
    return data<ActionResult>({ errors: { form: t("errors.fileTooLarge", { max: MAX_ANSWER_FILE_MB }) } }, { status: 413 });
  }
  const read = readCsvRecords(new Uint8Array(await file.arrayBuffer()));
  if (!read.ok)
    return data<ActionResult>({ errors: { form: t("errors.fileUnreadable", { detail: read.detail }) } }, { status: 400 });
  const answers = parseBatchAnswerRecords(read.records);
  if (!answers.ok) {
    return data<ActionResult>(
      { errors: { form: t(answers.problem === "empty" ? "errors.fileEmpty" : "errors.fileNoHeader") } },
      { status: 400 },
    );
  }
  const applied = await applyBatchAnswers({
    batchId: id.data,
    answers: answers.answers,
    fileErrors: answers.errors,
    byUserId: user.id,
    actor,
    request,
  });
  if (!applied.ok) {
    return data<ActionResult>(
      { errors: { form: t("errors.rows"), lines: applied.errors.map((e) => problemText(t, e)) } },
      { status: 400 },
    );
  }
  const params2 = new URLSearchParams({
    done: "uploaded",
    applied: String(applied.applied),
    unchanged: String(applied.unchanged),
  });
  if (applied.conflicts.length) params2.set("conflicts", applied.conflicts.map((c) => c.line).join(","));
  return redirect(`${base}?${params2.toString()}`);
}

const DONE = ["created", "sent", "answered", "removed", "uploaded"] as const;

export default function WaiverBatchPage() {
  const { batch, fileBase } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("batches");
  const { t: tw } = useTranslation("waivers");
  const lng = i18n.language;
  const done = DONE.find((d) => d === params.get("done"));
  const doneText =
    done === "created" || done === "sent"
      ? t(`done.${done}`, { count: Number(params.get("count") ?? 0) })
      : done === "uploaded"
        ? t("done.uploaded", { applied: Number(params.get("applied") ?? 0), unchanged: Number(params.get("unchanged") ?? 0) })
        : done
          ? t(`done.${done}`)
          : null;
  const conflicts = params.get("conflicts");
  const answerable = batch.status !== "draft";
  return (
    <>
      <p>
        <Link to="/staff/waivers/batches">{t("backToBatches")}</Link>
      </p>
      <h1>{t("detail.title", { company: pick(lng, batch.cardCompany.nameJa, batch.cardCompany.nameEn) })}</h1>
      {doneText ? (
        <p className="notice success" role="status" data-testid="batch-done">
          {doneText}
        </p>
      ) : null}
      {conflicts ? <p className="notice warn">{t("done.conflicts", { lines: conflicts })}</p> : null}
      {result?.errors.form ? (
        <div className="notice error" role="alert" data-testid="batch-error">
          <p>{result.errors.form}</p>
          {result.errors.lines?.length ? (
            <ul data-testid="batch-line-errors">
              {result.errors.lines.map((l) => (
                <li key={`${l.line}-${l.text}`}>
                  {t("errors.line", { line: l.line })}: {l.text}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <dl className="batch-facts">
        <dt>{t("detail.status")}</dt>
        <dd>
          <span
            className={`badge batch-status-${batch.displayStatus}`}
            data-status={batch.displayStatus}
            data-testid="batch-status"
          >
            {t(`statuses.${batch.displayStatus}`)}
          </span>
        </dd>
        <dt>{t("detail.cardCompanyCode")}</dt>
        <dd>
          <code>{batch.cardCompany.code}</code>
        </dd>
        <dt>{t("detail.requester")}</dt>
        <dd>{batch.incident ? pick(lng, batch.incident.companyJa, batch.incident.companyEn) : ""}</dd>
        <dt>{t("detail.created")}</dt>
        <dd>{formatTokyoDateTime(batch.createdAt, lng)}</dd>
        {batch.sentAt ? (
          <>
            <dt>{t("detail.sentAt")}</dt>
            <dd>{formatTokyoDateTime(batch.sentAt, lng)}</dd>
          </>
        ) : null}
      </dl>

      <section className="card">
        <h2>{t("detail.download")}</h2>
        <p className="inline-form">
          <a href={`/staff/waivers/batches/${batch.id}/${fileBase}.csv`} download data-testid="batch-csv">
            {t("detail.downloadCsv")}
          </a>
          <a href={`/staff/waivers/batches/${batch.id}/${fileBase}.xlsx`} download data-testid="batch-xlsx">
            {t("detail.downloadXlsx")}
          </a>
        </p>
        <p className="muted">{t("detail.formatDoc")}</p>
        {batch.status === "draft" ? (
          <Form method="post" className="stack">
            <CsrfField />
            <p>{t("detail.markSentHelp")}</p>
            <span>
              <button type="submit" name="intent" value="send" data-testid="batch-send">
                {t("detail.markSent")}
              </button>
            </span>
          </Form>
        ) : null}
      </section>

      <h2>{t("detail.requests")}</h2>
      <div className="table-wrap">
        <table data-testid="batch-requests">
          <thead>
            <tr>
              <th scope="col">{t("detail.reference")}</th>
              <th scope="col">{t("detail.name")}</th>
              <th scope="col">{t("detail.card")}</th>
              <th scope="col">{t("detail.requestDate")}</th>
              <th scope="col">{t("detail.requestStatus")}</th>
              <th scope="col">{answerable ? t("detail.answer") : ""}</th>
            </tr>
          </thead>
          <tbody>
            {batch.requests.map((r) => (
              <tr key={r.id} data-reference={r.reference}>
                <td>
                  <code>{r.reference}</code>
                </td>
                <td>{r.contactName}</td>
                <td>
                  {r.cardBrand ?? ""} ****{r.cardLast4}
                </td>
                <td>{formatTokyoDateTime(r.createdAt, lng)}</td>
                <td>
                  <span className={`badge waiver-status-${r.status}`} data-status={r.status}>
                    {tw(`statuses.${r.status as "sent"}`)}
                  </span>
                  {r.rejectReason ? <p className="muted">{r.rejectReason}</p> : null}
                </td>
                <td>
                  {batch.status === "draft" ? (
                    <Form method="post" className="inline-form">
                      <CsrfField />
                      <input type="hidden" name="requestId" value={r.id} />
                      <button type="submit" name="intent" value="remove" className="secondary">
                        {t("detail.remove")}
                      </button>
                    </Form>
                  ) : r.status === "sent" ? (
                    <div className="stack">
                      <Form method="post" className="inline-form">
                        <CsrfField />
                        <input type="hidden" name="intent" value="answer" />
                        <input type="hidden" name="requestId" value={r.id} />
                        <button type="submit" name="result" value="confirmed" data-testid={`confirm-${r.reference}`}>
                          {t("detail.confirm")}
                        </button>
                      </Form>
                      <Form method="post" className="stack batch-reject">
                        <CsrfField />
                        <input type="hidden" name="intent" value="answer" />
                        <input type="hidden" name="requestId" value={r.id} />
                        <label htmlFor={`reason-${r.id}`}>{t("detail.reason")}</label>
                        <input
                          id={`reason-${r.id}`}
                          name="reason"
                          type="text"
                          maxLength={REJECT_REASON_MAX}
                          defaultValue={result?.requestId === r.id ? (result.reason ?? "") : ""}
                          aria-invalid={result?.requestId === r.id && result.errors.reason ? true : undefined}
                        />
                        {result?.requestId === r.id && result.errors.reason ? (
                          <p className="field-error">{result.errors.reason}</p>
                        ) : null}
                        <span>
                          <button type="submit" name="result" value="rejected" className="danger">
                            {t("detail.reject")}
                          </button>
                        </span>
                      </Form>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {answerable ? (
        <section className="card batch-answers">
          <h2>{t("detail.answersTitle")}</h2>
          <p>{t("detail.answersHelp")}</p>
          <Form method="post" encType="multipart/form-data" className="stack" data-testid="batch-upload">
            <CsrfField />
            <label htmlFor="answer-file">{t("detail.file")}</label>
            <input id="answer-file" name="file" type="file" accept=".csv,text/csv" required />
            <span>
              <button type="submit" name="intent" value="upload">
                {t("detail.upload")}
              </button>
            </span>
          </Form>
        </section>
      ) : null}
    </>
  );
}
