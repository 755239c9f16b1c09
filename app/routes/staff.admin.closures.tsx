import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { holidayDataCoversYear, holidayName, tokyoDate } from "~/domain/business-hours";
import { isCalendarDate } from "~/domain/incident-form";
import type { FormValues } from "~/domain/incident-form";
import { createClosureDay, deleteClosureDay, listClosureDays } from "~/models/closure-day.server";
import { listHotlinesWithoutYearEndClosure, listIncidentScopes } from "~/models/incident-admin.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formatCalendarDate, pick } from "~/utils/format";
import { formValues } from "~/utils/form-values";
import { getLocale, i18nServer } from "~/utils/i18n.server";

/** Every national holiday of a year on the Japanese calendar, from the same data the calendar uses. */
function holidaysOf(year: number): { date: string; name: string }[] {
  const out: { date: string; name: string }[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000) {
    const date = new Date(ms).toISOString().slice(0, 10);
    const name = holidayName(date);
    if (name) out.push({ date, name });
  }
  return out;
}

/** Weekday of a 'YYYY-MM-DD' date (0 = Sunday), independent of the server's time zone. */
function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "admin");
  const today = tokyoDate(new Date());
  const year = Number(today.slice(0, 4));
  const [closures, scopes, yearEndOff] = await Promise.all([
    listClosureDays(),
    listIncidentScopes(),
    listHotlinesWithoutYearEndClosure(),
  ]);
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    saved: saved === "created" || saved === "deleted" ? saved : null,
    today,
    closures: closures.map((c) => {
      const holiday = holidayName(c.date);
      const day = weekdayOf(c.date);
      return { ...c, holiday, weekend: day === 0 || day === 6 };
    }),
    scopes,
    yearEndOff,
    holidays: [year, year + 1].map((y) => ({ year: y, covered: holidayDataCoversYear(y), days: holidaysOf(y) })),
  };
}

const CreateSchema = z.object({
  date: z.string().trim().refine(isCalendarDate, { error: "date" }),
  reason: z.string().trim().min(1, { error: "reason" }).max(200, { error: "reason" }),
  scope: z.string().min(1, { error: "scope" }).max(64, { error: "scope" }),
});
const DeleteSchema = z.object({ id: z.string().min(1).max(64) });

type ClosureErrors = Partial<Record<"date" | "reason" | "scope" | "form", string>>;
type ActionResult = { intent: "create" | "delete"; values: FormValues; errors: ClosureErrors };

/** Admins only: supervisors may edit incidents but not the company calendar. */
export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "admin");
  const form = await readForm(request);
  const values = formValues(form);
  const t = await i18nServer.getFixedT(await getLocale(request), "incidents");

  if (values.intent === "delete") {
    const parsed = DeleteSchema.safeParse(values);
    const deleted = parsed.success ? await deleteClosureDay({ id: parsed.data.id }) : null;
    if (!deleted) {
      return data<ActionResult>({ intent: "delete", values, errors: { form: t("closures.errors.notFound") } }, { status: 400 });
    }
    await recordAudit({
      actor: userActor(admin),
      action: "closure.delete",
      entityType: "closure_day",
      entityId: deleted.id,
      request,
      details: { date: deleted.date, incidentId: deleted.incidentId },
    });
    return redirect("/staff/admin/closures?saved=deleted");
  }

  const parsed = CreateSchema.safeParse(values);
  if (!parsed.success) {
    const errors: ClosureErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "date") errors.date ??= t("closures.errors.date");
      if (field === "reason") errors.reason ??= t("closures.errors.reason");
      if (field === "scope") errors.scope ??= t("closures.errors.scope");
    }
    return data<ActionResult>({ intent: "create", values, errors }, { status: 400 });
  }
  const incidentId = parsed.data.scope === "all" ? null : parsed.data.scope;
  const created = await createClosureDay({ date: parsed.data.date, reason: parsed.data.reason, incidentId });
  if (!created.ok) {
    const field = created.error === "unknownIncident" ? "scope" : "date";
    return data<ActionResult>(
      { intent: "create", values, errors: { [field]: t(`closures.errors.${created.error}`) } },
      { status: 400 },
    );
  }
  await recordAudit({
    actor: userActor(admin),
    action: "closure.create",
    entityType: "closure_day",
    entityId: created.id,
    request,
    details: { date: parsed.data.date, incidentId, fields: ["date", "reason", "incidentId"] },
  });
  return redirect("/staff/admin/closures?saved=created");
}

export default function ClosureDays() {
  const { saved, today, closures, scopes, yearEndOff, holidays } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("incidents");
  const { t: tc } = useTranslation();
  const lng = i18n.language;
  const createErrors = result?.intent === "create" ? result.errors : {};
  const createValues = result?.intent === "create" ? result.values : {};
  const value = (name: string) => (typeof createValues[name] === "string" ? (createValues[name] as string) : "");
  return (
    <>
      <p>
        <Link to="/staff/admin">{tc("nav.admin")}</Link>
      </p>
      <h1>{t("closures.title")}</h1>
      <p>{t("closures.intro")}</p>
      {saved ? (
        <p className="notice success" role="status">
          {saved === "created" ? t("closures.created") : t("closures.deleted")}
        </p>
      ) : null}
      {result?.errors.form ? (
        <p className="notice error" role="alert">
          {result.errors.form}
        </p>
      ) : null}

      {closures.length === 0 ? (
        <p>{t("closures.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="closure-list">
            <thead>
              <tr>
                <th scope="col">{t("closures.date")}</th>
                <th scope="col">{t("closures.reason")}</th>
                <th scope="col">{t("closures.scope")}</th>
                <th scope="col">{t("closures.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {closures.map((c) => (
                <tr key={c.id} data-date={c.date}>
                  <td>
                    {formatCalendarDate(c.date, lng)}{" "}
                    {c.date < today ? <span className="badge">{t("closures.past")}</span> : null}
                    {c.holiday ? <p className="muted">{t("closures.isHoliday", { name: c.holiday })}</p> : null}
                    {!c.holiday && c.weekend ? <p className="muted">{t("closures.isWeekend")}</p> : null}
                  </td>
                  <td>{c.reason}</td>
                  <td>{c.incident ? pick(lng, c.incident.titleJa, c.incident.titleEn) : t("closures.scopeAll")}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <CsrfField />
                      <input type="hidden" name="id" value={c.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="delete"
                        className="secondary"
                        disabled={navigation.state === "submitting"}
                      >
                        {t("closures.delete")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t("closures.add")}</h2>
      <Form method="post" className="stack" noValidate key={closures.length}>
        <CsrfField />
        <div>
          <label htmlFor="closure-date">{t("closures.date")}</label>
          <input
            id="closure-date"
            name="date"
            type="date"
            required
            defaultValue={value("date")}
            aria-invalid={createErrors.date ? true : undefined}
            aria-describedby={createErrors.date ? "closure-date-error" : undefined}
          />
          {createErrors.date ? (
            <p className="field-error" id="closure-date-error">
              {createErrors.date}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor="closure-reason">{t("closures.reason")}</label>
          <input
            id="closure-reason"
            name="reason"
            type="text"
            required
            maxLength={200}
            defaultValue={value("reason")}
            aria-invalid={createErrors.reason ? true : undefined}
            aria-describedby={createErrors.reason ? "closure-reason-error" : undefined}
          />
          {createErrors.reason ? (
            <p className="field-error" id="closure-reason-error">
              {createErrors.reason}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor="closure-scope">{t("closures.scope")}</label>
          <select
            id="closure-scope"
            name="scope"
            defaultValue={value("scope") || "all"}
            aria-invalid={createErrors.scope ? true : undefined}
          >
            <option value="all">{t("closures.scopeAll")}</option>
            {scopes.map((s) => (
              <option key={s.id} value={s.id}>
                {pick(lng, s.titleJa, s.titleEn)} ({s.slug})
              </option>
            ))}
          </select>
          {createErrors.scope ? <p className="field-error">{createErrors.scope}</p> : null}
        </div>
        <div>
          <button type="submit" name="intent" value="create" disabled={navigation.state === "submitting"}>
            {t("closures.add")}
          </button>
        </div>
      </Form>

      <h2>{t("closures.yearEndTitle")}</h2>
      <p>{t("closures.yearEndRule")}</p>
      <p>
        {yearEndOff.length === 0
          ? t("closures.yearEndAllOn")
          : t("closures.yearEndOff", {
              list: yearEndOff
                .map((h) => `${pick(lng, h.labelJa, h.labelEn)} ${h.address} (${h.incident.slug})`)
                .join(lng === "en" ? ", " : "、"),
            })}
      </p>

      {holidays.map((y) => (
        <section key={y.year} className="card" data-testid={`holidays-${y.year}`}>
          <h2>{t("closures.holidaysTitle", { year: y.year })}</h2>
          {!y.covered ? (
            <p className="notice warn" role="status">
              {tc("admin.holidayDataMissing", { year: y.year })}
            </p>
          ) : null}
          {y.days.length === 0 ? (
            <p>{t("closures.holidaysMissing", { year: y.year })}</p>
          ) : (
            <>
              <p className="muted">{t("closures.holidaysIntro")}</p>
              <ul className="holiday-list">
                {y.days.map((d) => (
                  <li key={d.date}>
                    <time dateTime={d.date}>{formatCalendarDate(d.date, lng)}</time> {d.name}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ))}
    </>
  );
}
