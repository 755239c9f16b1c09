/**
 * /staff/audit (admins only): browse and filter the audit log in the shared server-driven table,
 * newest first; export the filtered log as CSV or Excel (also admins only). Read-only: nothing on
 * this page (or anywhere in the app) changes or deletes an entry. Looking is itself audited.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { ExportLinks } from "~/components/export-links";
import { listAuditLog } from "~/models/audit-log.server";
import type { AuditLogRow } from "~/models/audit-log.server";
import { recordAudit, userActor } from "~/utils/audit.server";
import { auditTable } from "~/utils/audit-table";
import { requireUser } from "~/utils/auth.server";
import { filterForAudit } from "~/utils/export.server";
import { formatTokyoDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Audit log | Madoguchi" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "admin");
  const state = auditTable.parse(new URL(request.url).searchParams);
  const page = await listAuditLog({ state });
  await recordAudit({
    actor: userActor(user),
    action: "audit.view",
    entityType: "audit",
    request,
    details: { filter: filterForAudit(state.filters), page: page.page, total: page.total },
  });
  return { state: { ...state, page: page.page }, rows: page.rows, total: page.total };
}

function useColumns(): ColumnDef<AuditLogRow>[] {
  const { t, i18n } = useTranslation("audit");
  const lng = i18n.language;
  return useMemo<ColumnDef<AuditLogRow>[]>(
    () => [
      {
        id: "at",
        meta: { label: t("columns.at"), sortKey: "at", sortFirst: "desc" },
        cell: ({ row }) => <time dateTime={row.original.at}>{formatTokyoDateTime(row.original.at, lng)}</time>,
      },
      {
        id: "actor",
        meta: { label: t("columns.actor") },
        cell: ({ row }) => (
          <>
            {row.original.actorLabel ?? ""}
            <br />
            <span className="muted small">
              {t(`actorTypes.${row.original.actorType as "user"}`, { defaultValue: row.original.actorType })}
            </span>
          </>
        ),
      },
      { id: "action", meta: { label: t("columns.action") }, cell: ({ row }) => <code>{row.original.action}</code> },
      {
        id: "entity",
        meta: { label: t("columns.entity") },
        cell: ({ row }) =>
          row.original.entityType ? `${row.original.entityType}${row.original.entityId ? ` ${row.original.entityId}` : ""}` : "",
      },
      { id: "ip", meta: { label: t("columns.ip") }, cell: ({ row }) => row.original.ip ?? "" },
      {
        id: "details",
        meta: { label: t("columns.details") },
        cell: ({ row }) => (row.original.details ? <code className="audit-details">{row.original.details}</code> : ""),
      },
    ],
    [t, lng],
  );
}

export default function AuditLog() {
  const { state, rows, total } = useLoaderData<typeof loader>();
  const { t } = useTranslation("audit");
  const columns = useColumns();
  const f = state.filters;
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <Form method="get" className="card audit-filter" aria-label={t("filter.title")}>
        <div className="grid">
          <div>
            <label htmlFor="f-from">{t("filter.from")}</label>
            <input id="f-from" type="date" name="from" defaultValue={f.from ?? ""} />
          </div>
          <div>
            <label htmlFor="f-to">{t("filter.to")}</label>
            <input id="f-to" type="date" name="to" defaultValue={f.to ?? ""} />
          </div>
          <div>
            <label htmlFor="f-actor">{t("filter.actor")}</label>
            <input id="f-actor" type="text" name="actor" maxLength={200} defaultValue={f.actor ?? ""} />
          </div>
          <div>
            <label htmlFor="f-action">{t("filter.action")}</label>
            <input id="f-action" type="text" name="action" maxLength={80} defaultValue={f.action ?? ""} />
          </div>
          <div>
            <label htmlFor="f-entityType">{t("filter.entityType")}</label>
            <input id="f-entityType" type="text" name="entityType" maxLength={40} defaultValue={f.entityType ?? ""} />
          </div>
          <div>
            <label htmlFor="f-entityId">{t("filter.entityId")}</label>
            <input id="f-entityId" type="text" name="entityId" maxLength={80} defaultValue={f.entityId ?? ""} />
          </div>
          <div>
            <label htmlFor="f-ip">{t("filter.ip")}</label>
            <input id="f-ip" type="text" name="ip" maxLength={64} defaultValue={f.ip ?? ""} />
          </div>
        </div>
        {state.perPage !== auditTable.defaults.perPage ? (
          <input type="hidden" name="perPage" value={String(state.perPage)} />
        ) : null}
        <div className="form-actions">
          <button type="submit">{t("filter.apply")}</button>
          <Link className="button secondary" to="/staff/audit">
            {t("filter.clear")}
          </Link>
        </div>
      </Form>
      <DataTable
        definition={auditTable}
        state={state}
        columns={columns}
        rows={rows}
        total={total}
        caption={t("caption")}
        getRowId={(r) => String(r.id)}
        toolbar={<ExportLinks kind="audit" search={auditTable.toSearch(state)} />}
      />
    </>
  );
}
