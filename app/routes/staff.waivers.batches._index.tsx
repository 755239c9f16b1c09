/**
 * /staff/waivers/batches (supervisors): the checked (verified) waiver requests of the current
 * incident that are in no batch yet, per card company, each with a form to put the chosen ones
 * into a new batch (atomic: app/models/waiver-batch.server.ts); and the batches already made.
 */
import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { listIncidentChoices } from "~/models/incident.server";
import {
  CANDIDATES_SHOWN,
  MAX_BATCH_REQUESTS,
  createWaiverBatch,
  listBatchCandidates,
  listWaiverBatches,
} from "~/models/waiver-batch.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { formatTokyoDateTime, pick } from "~/utils/format";
import { getLocale, i18nServer } from "~/utils/i18n.server";

export const meta: MetaFunction = () => [{ title: "Waiver batches | Madoguchi" }];

async function currentIncident(request: Request) {
  const incidents = await listIncidentChoices();
  const slug = await getCurrentIncidentSlug(request, incidents);
  return incidents.find((i) => i.slug === slug) ?? null;
}

const PageQuery = z.coerce.number().int().min(1).max(100_000).catch(1);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const incident = await currentIncident(request);
  const page = PageQuery.parse(new URL(request.url).searchParams.get("page") ?? undefined);
  const [candidates, batches] = incident
    ? await Promise.all([listBatchCandidates({ incidentId: incident.id }), listWaiverBatches({ incidentId: incident.id, page })])
    : [[], { rows: [], total: 0 }];
  await recordAudit({
    actor: userActor(user),
    action: "waiver_batch.list",
    entityType: "waiver_batch",
    request,
    details: {
      incidentId: incident?.id ?? null,
      candidates: candidates.reduce((n, g) => n + g.requests.length, 0),
      batches: batches.rows.length,
    },
  });
  return {
    incident: incident ? { titleJa: incident.titleJa, titleEn: incident.titleEn } : null,
    candidates: candidates.map((g) => ({
      cardCompany: g.cardCompany,
      total: g.total,
      requests: g.requests.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    })),
    batches: batches.rows.map((b) => ({
      id: b.id,
      createdAt: b.createdAt.toISOString(),
      sentAt: b.sentAt?.toISOString() ?? null,
      cardCompany: b.cardCompany,
      requests: b.requests,
      counts: b.counts,
      displayStatus: b.displayStatus,
    })),
    total: batches.total,
    page,
    shown: CANDIDATES_SHOWN,
  };
}

const CreateSchema = z.object({
  cardCompanyId: z.string().trim().min(1).max(64),
  request: z.array(z.string().trim().min(1).max(64)).max(MAX_BATCH_REQUESTS * 2),
});

type ActionResult = { errors: { form: string }; cardCompanyId?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const form = await readForm(request);
  const t = await i18nServer.getFixedT(await getLocale(request), "batches");
  const parsed = CreateSchema.safeParse({ cardCompanyId: form.get("cardCompanyId"), request: form.getAll("request") });
  if (!parsed.success) return data<ActionResult>({ errors: { form: t("errors.empty") } }, { status: 400 });
  const incident = await currentIncident(request);
  if (!incident) return data<ActionResult>({ errors: { form: t("errors.notFound") } }, { status: 400 });
  const result = await createWaiverBatch({
    incidentId: incident.id,
    cardCompanyId: parsed.data.cardCompanyId,
    requestIds: parsed.data.request,
    byUserId: user.id,
    actor: userActor(user),
    request,
  });
  if (!result.ok) {
    const message =
      result.problem === "empty"
        ? t("errors.empty")
        : result.problem === "too-many"
          ? t("errors.tooMany", { max: MAX_BATCH_REQUESTS })
          : result.problem === "conflict"
            ? t("errors.conflict")
            : t("errors.cardCompanyUnknown");
    return data<ActionResult>(
      { errors: { form: message }, cardCompanyId: parsed.data.cardCompanyId },
      { status: result.problem === "conflict" ? 409 : 400 },
    );
  }
  return redirect(`/staff/waivers/batches/${result.id}?done=created&count=${result.requests}`);
}

export default function WaiverBatches() {
  const { incident, candidates, batches, total, page, shown } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("batches");
  const { t: tw } = useTranslation("waivers");
  const lng = i18n.language;
  const pages = Math.max(1, Math.ceil(total / 50));
  return (
    <>
      <p>
        <Link to="/staff/waivers">{t("backToList")}</Link>
      </p>
      <h1>{t("title")}</h1>
      {incident ? <p className="muted">{pick(lng, incident.titleJa, incident.titleEn)}</p> : null}
      <p>{t("intro")}</p>
      {result?.errors.form ? (
        <p className="notice error" role="alert" data-testid="batch-error">
          {result.errors.form}
        </p>
      ) : null}

      <h2>{t("candidates.title")}</h2>
      {candidates.length === 0 ? <p className="muted">{t("candidates.none")}</p> : null}
      {candidates.map((group) => (
        <section key={group.cardCompany.id} className="card batch-candidates" data-card-company={group.cardCompany.code}>
          <h3>
            {pick(lng, group.cardCompany.nameJa, group.cardCompany.nameEn)}{" "}
            <span className="badge">{t("candidates.count", { count: group.total })}</span>
          </h3>
          {group.total > group.requests.length ? (
            <p className="notice warn">{t("candidates.more", { count: group.total - group.requests.length, shown })}</p>
          ) : null}
          <Form method="post" className="stack">
            <CsrfField />
            <input type="hidden" name="cardCompanyId" value={group.cardCompany.id} />
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("candidates.select")}</th>
                    <th scope="col">{t("detail.reference")}</th>
                    <th scope="col">{t("detail.name")}</th>
                    <th scope="col">{t("detail.card")}</th>
                    <th scope="col">{t("detail.requestDate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {group.requests.map((r) => (
                    <tr key={r.id} data-reference={r.reference}>
                      <td>
                        <input
                          type="checkbox"
                          name="request"
                          value={r.id}
                          defaultChecked
                          aria-label={`${t("candidates.select")} ${r.reference}`}
                        />
                      </td>
                      <td>
                        <code>{r.reference}</code>
                      </td>
                      <td>{r.contactName}</td>
                      <td>
                        {r.cardBrand ?? ""} ****{r.cardLast4}
                      </td>
                      <td>{formatTokyoDateTime(r.createdAt, lng)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <span>
              <button type="submit" data-testid={`create-batch-${group.cardCompany.code}`}>
                {t("candidates.create")}
              </button>
            </span>
          </Form>
        </section>
      ))}

      <h2>{t("list.title")}</h2>
      {batches.length === 0 ? (
        <p className="muted">{t("list.none")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="batch-list">
            <thead>
              <tr>
                <th scope="col">{t("list.created")}</th>
                <th scope="col">{t("list.cardCompany")}</th>
                <th scope="col">{t("list.requests")}</th>
                <th scope="col">{t("list.status")}</th>
                <th scope="col">{t("list.sentAt")}</th>
                <th scope="col">{t("list.progress")}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id} data-batch={b.id}>
                  <td>
                    <Link to={`/staff/waivers/batches/${b.id}`}>{formatTokyoDateTime(b.createdAt, lng)}</Link>
                  </td>
                  <td>{pick(lng, b.cardCompany.nameJa, b.cardCompany.nameEn)}</td>
                  <td>{b.requests}</td>
                  <td>
                    <span className={`badge batch-status-${b.displayStatus}`}>{t(`statuses.${b.displayStatus}`)}</span>
                  </td>
                  <td>{b.sentAt ? formatTokyoDateTime(b.sentAt, lng) : ""}</td>
                  <td>
                    {b.displayStatus === "draft"
                      ? ""
                      : t("list.progressText", {
                          confirmed: b.counts.confirmed,
                          rejected: b.counts.rejected,
                          sent: b.counts.sent,
                        })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav className="inline-form" aria-label={tw("list.pages")}>
          {page > 1 ? <Link to={`?page=${page - 1}`}>{tw("list.prev")}</Link> : null}
          <span>{tw("list.pageOf", { page, pages })}</span>
          {page < pages ? <Link to={`?page=${page + 1}`}>{tw("list.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
