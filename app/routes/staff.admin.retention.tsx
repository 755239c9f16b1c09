/**
 * /staff/admin/retention (admins only): the retention period of each kind of data, whether the
 * audit log may be purged at all (off by default), and the day each incident's desk closed (from
 * which its affected list is anonymised). A "count now" button shows what the next purge would
 * do (a dry run). Nothing is deleted from here: the purge runs from the command line.
 * Every change is audited (retention.update, incident.closed_on).
 */
import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import {
  AUDIT_LOG_MIN_DAYS,
  RETENTION_KINDS,
  RETENTION_MAX_DAYS,
  RETENTION_MIN_DAYS,
  RetentionFormSchema,
} from "~/domain/retention-rules";
import type { RetentionKind } from "~/domain/retention-rules";
import {
  getRetentionSettings,
  listIncidentRetention,
  purgeExpired,
  saveRetentionSettings,
  setIncidentClosedOn,
} from "~/models/retention.server";
import { userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { pick } from "~/utils/format";
import { getLocale, i18nServer } from "~/utils/i18n.server";
import { isCalendarDate } from "~/utils/table-query";

export const meta: MetaFunction = () => [{ title: "Retention | Madoguchi" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "admin");
  const preview = new URL(request.url).searchParams.get("preview") === "1";
  const [settings, incidents] = await Promise.all([getRetentionSettings(), listIncidentRetention()]);
  const report = preview ? await purgeExpired({ dryRun: true, actor: userActor(user) }) : null;
  return { settings, incidents, preview: report ? report.counts : null };
}

const ClosedOnSchema = z.object({
  incidentId: z.string().trim().min(1).max(64),
  closedOn: z
    .string()
    .transform((s) => s.normalize("NFKC").trim())
    .refine((s) => s === "" || isCalendarDate(s), { error: "date" }),
});

type ActionResult = {
  errors: Partial<Record<RetentionKind | "form" | "closedOn", string>>;
  values?: Record<string, string>;
  incidentId?: string;
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "admin");
  const form = await readForm(request);
  const t = await i18nServer.getFixedT(await getLocale(request), "retention");
  const intent = form.get("intent");
  if (intent === "closed-on") {
    const parsed = ClosedOnSchema.safeParse({ incidentId: form.get("incidentId"), closedOn: form.get("closedOn") ?? "" });
    if (!parsed.success) {
      return data<ActionResult>(
        {
          errors: { closedOn: t("incidents.invalidDate") },
          incidentId: String(form.get("incidentId") ?? ""),
          values: { closedOn: String(form.get("closedOn") ?? "") },
        },
        { status: 400 },
      );
    }
    const ok = await setIncidentClosedOn({
      incidentId: parsed.data.incidentId,
      closedOn: parsed.data.closedOn || null,
      actor: userActor(user),
      request,
    });
    if (!ok) throw new Response("Not Found", { status: 404 });
    return redirect("/staff/admin/retention?saved=1");
  }
  const raw = Object.fromEntries(RETENTION_KINDS.map((k) => [k, String(form.get(k) ?? "")]));
  const parsed = RetentionFormSchema.safeParse({ ...raw, auditLogPurge: form.get("auditLogPurge") ?? "" });
  if (!parsed.success) {
    const errors: ActionResult["errors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as RetentionKind;
      const min = field === "auditLog" ? AUDIT_LOG_MIN_DAYS : RETENTION_MIN_DAYS;
      errors[field] ??=
        issue.message === "min"
          ? t("errors.min", { min })
          : issue.message === "max"
            ? t("errors.max", { max: RETENTION_MAX_DAYS })
            : t("errors.number");
    }
    return data<ActionResult>(
      { errors, values: { ...raw, auditLogPurge: form.get("auditLogPurge") ? "on" : "" } },
      { status: 400 },
    );
  }
  const { changed } = await saveRetentionSettings({ settings: parsed.data, actor: userActor(user), request });
  return redirect(`/staff/admin/retention?${changed.length ? "saved=1" : "unchanged=1"}`);
}

export default function Retention() {
  const { settings, incidents, preview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("retention");
  const lng = i18n.language;
  const value = (k: RetentionKind) => result?.values?.[k] ?? String(settings[k]);
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      {params.get("saved") ? (
        <p className="notice success" role="status">
          {t("saved")}
        </p>
      ) : params.get("unchanged") ? (
        <p className="notice" role="status">
          {t("unchanged")}
        </p>
      ) : null}

      <Form method="post" className="card stack" data-testid="retention-form">
        <CsrfField />
        <h2>{t("periods")}</h2>
        {RETENTION_KINDS.map((k) => (
          <div key={k}>
            <label htmlFor={`r-${k}`}>{t(`kinds.${k}`)}</label>
            <input
              id={`r-${k}`}
              name={k}
              type="number"
              inputMode="numeric"
              min={k === "auditLog" ? AUDIT_LOG_MIN_DAYS : RETENTION_MIN_DAYS}
              max={RETENTION_MAX_DAYS}
              defaultValue={value(k)}
              aria-invalid={result?.errors[k] ? true : undefined}
              aria-describedby={result?.errors[k] ? `r-${k}-error` : undefined}
            />
            {result?.errors[k] ? (
              <p id={`r-${k}-error`} className="field-error">
                {result.errors[k]}
              </p>
            ) : null}
            {k === "contactText" || k === "affectedRecords" || k === "auditLog" ? (
              <p className="muted small">{t(`help.${k}`)}</p>
            ) : null}
          </div>
        ))}
        <label className="checkbox-label">
          <input
            type="checkbox"
            name="auditLogPurge"
            defaultChecked={result?.values ? result.values.auditLogPurge === "on" : settings.auditLogPurge}
          />
          {t("auditLogPurge")}
        </label>
        <span>
          <button type="submit" name="intent" value="periods">
            {t("save")}
          </button>
        </span>
      </Form>

      <section className="card retention-incidents">
        <h2>{t("incidents.title")}</h2>
        <p>{t("incidents.help")}</p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("incidents.incident")}</th>
                <th scope="col">{t("incidents.closedOn")}</th>
                <th scope="col">{t("incidents.anonymised")}</th>
              </tr>
            </thead>
            <tbody>
              {incidents.map((i) => (
                <tr key={i.id}>
                  <td>{pick(lng, i.titleJa, i.titleEn)}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <CsrfField />
                      <input type="hidden" name="incidentId" value={i.id} />
                      <label htmlFor={`closed-${i.id}`} className="visually-hidden">
                        {t("incidents.closedOn")}
                      </label>
                      <input
                        id={`closed-${i.id}`}
                        type="date"
                        name="closedOn"
                        defaultValue={result?.incidentId === i.id ? (result.values?.closedOn ?? "") : (i.closedOn ?? "")}
                        aria-invalid={result?.incidentId === i.id && result.errors.closedOn ? true : undefined}
                      />
                      <button type="submit" name="intent" value="closed-on" className="secondary">
                        {t("incidents.save")}
                      </button>
                    </Form>
                    {result?.incidentId === i.id && result.errors.closedOn ? (
                      <p className="field-error">{result.errors.closedOn}</p>
                    ) : null}
                    {!i.closedOn ? <span className="muted small">{t("incidents.open")}</span> : null}
                  </td>
                  <td>{i.anonymised.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card">
        <h2>{t("preview.title")}</h2>
        <Form method="get">
          <input type="hidden" name="preview" value="1" />
          <button type="submit" className="secondary">
            {t("preview.button")}
          </button>
        </Form>
        {preview ? (
          <dl className="retention-preview" data-testid="retention-preview">
            {RETENTION_KINDS.map((k) => (
              <div key={k}>
                <dt>{t(`preview.${k}`)}</dt>
                <dd>{k === "auditLog" && !preview.auditLogEnabled ? t("preview.auditLogOff") : preview[k].toLocaleString()}</dd>
              </div>
            ))}
          </dl>
        ) : null}
      </section>
    </>
  );
}
