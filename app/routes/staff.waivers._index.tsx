import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { WaiverBatchLink } from "~/components/waiver-batch-link";
import { maskCardLast4, maskEmail, maskPhone } from "~/domain/mask";
import { REJECT_REASON_MAX, WAIVER_STATUSES, manualNextStatuses } from "~/domain/waiver-rules";
import { listIncidentChoices } from "~/models/incident.server";
import { changeWaiverStatus, listCardCompanies, listWaiverRequests } from "~/models/waiver.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { formatTokyoDateTime, pick } from "~/utils/format";
import { getLocale, i18nServer } from "~/utils/i18n.server";

export const meta: MetaFunction = () => [{ title: "Fee waivers | Madoguchi" }];

/** URL state of the list; bad values fall back to defaults. */
const ListQuery = z.object({
  status: z.enum(WAIVER_STATUSES).optional().catch(undefined),
  company: z
    .string()
    .trim()
    .max(64)
    .regex(/^[A-Za-z0-9_-]*$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  perPage: z.coerce
    .number()
    .int()
    .refine((n) => [25, 50, 100].includes(n))
    .catch(50),
});

/**
 * Supervisors: every waiver request of the current incident, filtered by status and card
 * company; verify or reject each (with a reason). Sending to the card companies in batches
 * ("sent") and their answers ("confirmed") come with the batch feature.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const url = new URL(request.url);
  const query = ListQuery.parse({
    status: url.searchParams.get("status") || undefined,
    company: url.searchParams.get("company") || undefined,
    page: url.searchParams.get("page") ?? undefined,
    perPage: url.searchParams.get("perPage") ?? undefined,
  });
  const incidents = await listIncidentChoices();
  const slug = await getCurrentIncidentSlug(request, incidents);
  const incident = incidents.find((i) => i.slug === slug) ?? null;
  const companies = await listCardCompanies();
  const companyId = query.company && companies.some((c) => c.id === query.company) ? query.company : null;
  const { rows, total, counts } = await listWaiverRequests({
    incidentId: incident?.id ?? null,
    status: query.status ?? null,
    cardCompanyId: companyId,
    page: query.page,
    perPage: query.perPage,
  });
  await recordAudit({
    actor: userActor(user),
    action: "waiver.list",
    entityType: "waiver",
    request,
    details: { incidentId: incident?.id ?? null, status: query.status ?? null, cardCompanyId: companyId, shown: rows.length },
  });
  return {
    incident,
    companies,
    filter: { status: query.status ?? "", company: companyId ?? "", page: query.page, perPage: query.perPage },
    total,
    counts,
    rows: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      status: r.status,
      source: r.source,
      cardBrand: r.cardBrand,
      last4: maskCardLast4(r.cardLast4),
      contactName: r.contactName,
      contactEmail: r.contactEmail ? maskEmail(r.contactEmail) : null,
      contactPhone: r.contactPhone ? maskPhone(r.contactPhone) : null,
      rejectReason: r.rejectReason,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      cardCompany: r.cardCompany,
      next: manualNextStatuses(r.status),
    })),
  };
}

const ActionSchema = z.object({
  id: z.string().trim().min(1).max(64),
  to: z.enum(WAIVER_STATUSES),
  reason: z
    .string()
    .trim()
    .max(REJECT_REASON_MAX * 2)
    .optional(),
  redirectTo: z.string().max(2048).optional(),
});

type ActionResult = { errors: { form?: string; reason?: string }; id?: string; reason?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const form = await readForm(request);
  const t = await i18nServer.getFixedT(await getLocale(request), "waivers");
  const parsed = ActionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data<ActionResult>({ errors: { form: t("validation.invalidChoice") } }, { status: 400 });
  const { id, to, reason } = parsed.data;
  if (to === "sent") return data<ActionResult>({ errors: { form: t("list.sentByBatch") }, id }, { status: 400 });
  const result = await changeWaiverStatus({ id, to, reason, byUserId: user.id, actor: userActor(user), request });
  if (!result.ok) {
    const status = result.problem === "not-found" ? 404 : result.problem === "conflict" ? 409 : 400;
    const message =
      result.problem === "reason-required"
        ? t("list.reasonRequired", { max: REJECT_REASON_MAX })
        : result.problem === "conflict"
          ? t("list.conflict")
          : result.problem === "not-found"
            ? t("list.notFound")
            : t("list.notAllowed");
    return data<ActionResult>(
      { errors: result.problem === "reason-required" ? { reason: message } : { form: message }, id, reason: reason ?? "" },
      { status },
    );
  }
  const back = parsed.data.redirectTo?.startsWith("/staff/waivers") ? parsed.data.redirectTo : "/staff/waivers";
  const url = new URL(back, "http://localhost");
  url.searchParams.set("done", `${to}`);
  return redirect(`${url.pathname}?${url.searchParams.toString()}`);
}

export default function WaiverList() {
  const { incident, companies, filter, total, counts, rows } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("waivers");
  const [params] = useSearchParams();
  const lng = i18n.language;
  const done = params.get("done");
  const here = `/staff/waivers?${(() => {
    const p = new URLSearchParams(params);
    p.delete("done");
    return p.toString();
  })()}`;
  const pages = Math.max(1, Math.ceil(total / filter.perPage));
  const pageHref = (page: number) => {
    const p = new URLSearchParams(params);
    p.delete("done");
    p.set("page", String(page));
    return `/staff/waivers?${p.toString()}`;
  };
  return (
    <>
      <h1>{t("list.title")}</h1>
      {incident ? <p className="muted">{pick(lng, incident.titleJa, incident.titleEn)}</p> : null}
      <p>{t("list.intro")}</p>
      <WaiverBatchLink />
      {done && (WAIVER_STATUSES as readonly string[]).includes(done) ? (
        <p className="notice success" role="status">
          {t("list.done", { status: t(`statuses.${done as "verified"}`) })}
        </p>
      ) : null}
      {result?.errors.form ? (
        <p className="notice error" role="alert">
          {result.errors.form}
        </p>
      ) : null}
      <Form method="get" className="inline-form waiver-filter">
        <label htmlFor="f-status">{t("list.status")}</label>
        <select id="f-status" name="status" defaultValue={filter.status}>
          <option value="">{t("list.all")}</option>
          {WAIVER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`statuses.${s}`)} ({counts[s]})
            </option>
          ))}
        </select>
        <label htmlFor="f-company">{t("fields.cardCompany")}</label>
        <select id="f-company" name="company" defaultValue={filter.company}>
          <option value="">{t("list.all")}</option>
          {companies.map((c) => (
            <option key={c.id} value={c.id}>
              {pick(lng, c.nameJa, c.nameEn)}
            </option>
          ))}
        </select>
        <input type="hidden" name="perPage" value={filter.perPage} />
        <button type="submit" className="secondary">
          {t("list.filter")}
        </button>
      </Form>
      <p className="muted">{t("list.total", { count: total })}</p>
      <div className="table-wrap">
        <table data-testid="waiver-list">
          <thead>
            <tr>
              <th>{t("list.reference")}</th>
              <th>{t("list.created")}</th>
              <th>{t("list.status")}</th>
              <th>{t("fields.cardCompany")}</th>
              <th>{t("list.card")}</th>
              <th>{t("list.customer")}</th>
              <th>{t("fields.source")}</th>
              <th>{t("list.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={8}>{t("list.empty")}</td>
              </tr>
            ) : null}
            {rows.map((r) => (
              <tr key={r.id} data-reference={r.reference}>
                <td>
                  <code>{r.reference}</code>
                </td>
                <td>{formatTokyoDateTime(r.createdAt, lng)}</td>
                <td>
                  <span className={`badge waiver-status-${r.status}`} data-status={r.status}>
                    {t(`statuses.${r.status as "submitted"}`)}
                  </span>
                  {r.rejectReason ? <p className="muted">{r.rejectReason}</p> : null}
                </td>
                <td>{pick(lng, r.cardCompany.nameJa, r.cardCompany.nameEn)}</td>
                <td>
                  {r.cardBrand ?? ""} {r.last4}
                </td>
                <td>
                  {r.contactName}
                  <br />
                  <span className="muted">{[r.contactEmail, r.contactPhone].filter(Boolean).join(" / ")}</span>
                </td>
                <td>{t(`sources.${r.source as "agent"}`)}</td>
                <td>
                  {r.next
                    .filter((to) => to !== "rejected")
                    .map((to) => (
                      <Form key={to} method="post" className="inline-form">
                        <CsrfField />
                        <input type="hidden" name="id" value={r.id} />
                        <input type="hidden" name="redirectTo" value={here} />
                        <button type="submit" name="to" value={to}>
                          {t(`list.to.${to as "verified"}`)}
                        </button>
                      </Form>
                    ))}
                  {r.next.includes("rejected") ? (
                    <Form method="post" className="stack waiver-reject">
                      <CsrfField />
                      <input type="hidden" name="id" value={r.id} />
                      <input type="hidden" name="redirectTo" value={here} />
                      <input type="hidden" name="to" value="rejected" />
                      <div>
                        <label htmlFor={`reason-${r.id}`}>{t("list.reason")}</label>
                        <input
                          id={`reason-${r.id}`}
                          name="reason"
                          type="text"
                          maxLength={REJECT_REASON_MAX}
                          defaultValue={result?.id === r.id ? (result.reason ?? "") : ""}
                          aria-invalid={result?.id === r.id && result.errors.reason ? true : undefined}
                        />
                        {result?.id === r.id && result.errors.reason ? (
                          <p className="field-error">{result.errors.reason}</p>
                        ) : null}
                      </div>
                      <span>
                        <button type="submit" className="danger">
                          {t("list.to.rejected")}
                        </button>
                      </span>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav className="inline-form" aria-label={t("list.pages")}>
          {filter.page > 1 ? <Link to={pageHref(filter.page - 1)}>{t("list.prev")}</Link> : null}
          <span>{t("list.pageOf", { page: filter.page, pages })}</span>
          {filter.page < pages ? <Link to={pageHref(filter.page + 1)}>{t("list.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
