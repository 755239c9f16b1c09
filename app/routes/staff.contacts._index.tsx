/**
 * /staff/contacts: every contact of the incident, for supervisors and admins. Filtered, sorted
 * and paged in the database (app/models/contact-list.server.ts); the whole state is in the URL
 * (app/utils/contact-table.ts), read leniently: a bad parameter falls back to its default, never
 * a 500. Each row opens /staff/contacts/ID (versions, linked record, waiver requests).
 *
 * Saved views: a supervisor saves the current filters, sort, page size and columns under a name
 * (replacing a view of the same name), applies one with a link, deletes one. Forms carry the
 * CSRF token (readForm); saving and deleting are audited (view.save / view.delete).
 */
import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { DataTable, HiddenStateFields, useTableFormSubmit } from "~/components/data-table";
import { ExportLinks } from "~/components/export-links";
import { CONTACT_CATEGORIES, CONTACT_CHANNELS, CONTACT_OUTCOMES, formatMinutesSeconds } from "~/domain/contact-rules";
import { listAgentChoices, listContacts } from "~/models/contact-list.server";
import type { ContactListRow } from "~/models/contact-list.server";
import { listIncidentChoices } from "~/models/incident.server";
import { deleteSavedView, listSavedViews, MAX_SAVED_VIEWS, saveView, VIEW_NAME_MAX } from "~/models/saved-view.server";
import { userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { CONTACT_COLUMN_SORT, contactTable } from "~/utils/contact-table";
import type { ContactColumn, ContactTableState } from "~/utils/contact-table";
import { readForm } from "~/utils/csrf.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { formatTokyoDateTime, pick } from "~/utils/format";
import { getLocale, i18nServer } from "~/utils/i18n.server";

export const meta: MetaFunction = () => [{ title: "Contacts | Madoguchi" }];

const NOTICES = ["viewSaved", "viewReplaced", "viewDeleted"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const url = new URL(request.url);
  const parsed = contactTable.parse(url.searchParams);
  const incidents = await listIncidentChoices();
  const current = await getCurrentIncidentSlug(request, incidents);

  // incident=all: every incident; a slug of an active incident: that one; else the current incident.
  const asked = parsed.filters.incident;
  const all = asked === "all" || (!asked && !current);
  const chosen = all ? null : (incidents.find((i) => i.slug === asked) ?? incidents.find((i) => i.slug === current) ?? null);
  const state: ContactTableState = {
    ...parsed,
    filters: { ...parsed.filters, incident: asked === "all" ? "all" : chosen && chosen.slug === asked ? asked : undefined },
  };

  const [page, agents, views] = await Promise.all([
    listContacts({ state, incidentId: chosen?.id ?? null }),
    listAgentChoices(),
    listSavedViews({ userId: user.id, table: contactTable.id }),
  ]);
  const notice = NOTICES.find((n) => n === url.searchParams.get("notice")) ?? null;
  return {
    state: { ...state, page: page.page },
    incidents: incidents.map((i) => ({ slug: i.slug, titleJa: i.titleJa, titleEn: i.titleEn })),
    incidentShown: chosen ? chosen.slug : "all",
    rows: page.rows,
    total: page.total,
    agents,
    views: views.map((v) => ({
      id: v.id,
      name: v.name,
      search: contactTable.toSearch(contactTable.apply(contactTable.parse(v.query), { columns: v.columns as ContactColumn[] })),
    })),
    notice,
    now: new Date().toISOString(),
  };
}

const ViewNameSchema = z
  .string({ error: "required" })
  .transform((v) => v.normalize("NFKC").trim().replace(/\s+/g, " "))
  .pipe(z.string().min(1, { error: "required" }).max(VIEW_NAME_MAX, { error: "tooLong" }));

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save-view"), name: ViewNameSchema, query: z.string().max(4000).default("") }),
  z.object({ intent: z.literal("delete-view"), viewId: z.string().regex(/^[a-z0-9]{8,40}$/, { error: "invalid" }) }),
]);

export type ContactsActionData = { errors: Record<string, string>; values: { name: string } };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "supervisor");
  const form = await readForm(request);
  const t = await i18nServer.getFixedT(await getLocale(request), "review");
  const raw = {
    intent: form.get("intent"),
    name: form.get("name") ?? "",
    query: form.get("query") ?? "",
    viewId: form.get("viewId") ?? "",
  };
  const parsed = ActionSchema.safeParse(raw);
  const name = typeof raw.name === "string" ? raw.name : "";
  const back = contactTable.parse(typeof raw.query === "string" ? raw.query : "");
  const backTo = (notice: string) => {
    const search = contactTable.toSearchParams({ ...back, page: 1 });
    search.set("notice", notice);
    return `/staff/contacts?${search.toString().replace(/%2C/gi, ",")}`;
  };
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "_form");
      const code = issue.message === "tooLong" ? "tooLong" : issue.message === "required" ? "required" : "invalid";
      errors[field] ??= t(`views.errors.${code}`, { max: VIEW_NAME_MAX });
    }
    return data<ContactsActionData>({ errors, values: { name } }, { status: 400 });
  }
  if (parsed.data.intent === "save-view") {
    // Stored canonical, without the page (a view opens on page 1) and with its columns apart.
    const state = contactTable.parse(parsed.data.query);
    const query = contactTable.toSearch({ ...state, page: 1, columns: [...contactTable.defaults.columns] }).replace(/^\?/, "");
    const result = await saveView({
      userId: user.id,
      table: contactTable.id,
      name: parsed.data.name,
      query,
      columns: state.columns,
      actor: userActor(user),
      request,
    });
    if (!result.ok) {
      return data<ContactsActionData>(
        { errors: { name: t("views.errors.tooMany", { max: MAX_SAVED_VIEWS }) }, values: { name } },
        { status: 400 },
      );
    }
    return redirect(backTo(result.replaced ? "viewReplaced" : "viewSaved"));
  }
  const deleted = await deleteSavedView({ id: parsed.data.viewId, userId: user.id, actor: userActor(user), request });
  if (!deleted) throw new Response("Not Found", { status: 404 });
  return redirect(backTo("viewDeleted"));
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

const column = createColumnHelper<ContactListRow>();

function useColumns(now: string) {
  const { t, i18n } = useTranslation("review");
  const { t: tc } = useTranslation("contacts");
  const lng = i18n.language;
  return useMemo(() => {
    const label = (c: ContactColumn) => t(`contacts.columns.${c}`);
    const sortMeta = (c: ContactColumn) => ({ label: label(c), sortKey: CONTACT_COLUMN_SORT[c] });
    const dash = "—";
    return [
      column.accessor("startedAt", {
        id: "started",
        meta: { ...sortMeta("started"), sortFirst: "desc" as const },
        cell: (info) => (
          <Link to={`/staff/contacts/${info.row.original.id}`} className="contact-row-link">
            {formatTokyoDateTime(info.getValue(), lng)}
          </Link>
        ),
      }),
      column.accessor("incident", {
        id: "incident",
        meta: sortMeta("incident"),
        cell: (info) => {
          const i = info.getValue();
          return i ? pick(lng, i.titleJa, i.titleEn) : dash;
        },
      }),
      column.accessor("channel", {
        id: "channel",
        meta: sortMeta("channel"),
        cell: (info) => (info.getValue() ? tc(`channel.${info.getValue()}` as "channel.web") : dash),
      }),
      column.accessor("agentName", {
        id: "agent",
        meta: sortMeta("agent"),
        cell: (info) => info.getValue() ?? <span className="muted">{t("contacts.noAgent")}</span>,
      }),
      column.accessor("categories", {
        id: "categories",
        meta: sortMeta("categories"),
        cell: (info) =>
          (info.getValue() ?? []).map((c) => tc(`category.${c}` as "category.other")).join(lng === "en" ? ", " : "、") || dash,
      }),
      column.accessor("outcome", {
        id: "outcome",
        meta: sortMeta("outcome"),
        cell: (info) => {
          const outcome = info.getValue();
          if (!outcome) return <span className="muted">{t("contacts.noOutcome")}</span>;
          const target = info.row.original.escalatedTo;
          return (
            <>
              {tc(`outcome.${outcome}` as "outcome.escalated")}
              {target ? <span className="muted small"> ({tc(`escalation.${target}` as "escalation.fraud")})</span> : null}
            </>
          );
        },
      }),
      column.accessor("withinHours", {
        id: "hours",
        meta: sortMeta("hours"),
        cell: (info) => {
          const row = info.row.original;
          if (row.withinHours) return t("contacts.withinHours");
          return (
            <>
              <span className="badge warn">{t("contacts.outsideHours")}</span>
              {row.flaggedAfterHours ? <span className="badge danger">{t("contacts.flagged")}</span> : null}
            </>
          );
        },
      }),
      column.accessor("affected", {
        id: "affected",
        meta: sortMeta("affected"),
        cell: (info) =>
          info.getValue() ? (
            <span className="badge danger">{t("contacts.affectedYes")}</span>
          ) : info.row.original.linkedNotAffected ? (
            <span className="muted small">{t("contacts.linkedNotAffected")}</span>
          ) : (
            dash
          ),
      }),
      column.accessor("callerName", {
        id: "caller",
        meta: sortMeta("caller"),
        cell: (info) => {
          const row = info.row.original;
          if (!row.callerName && !row.callerContact) return dash;
          return (
            <>
              {row.callerName ?? ""}
              {row.callerContact ? <span className="muted small caller-contact">{row.callerContact}</span> : null}
            </>
          );
        },
      }),
      column.accessor("notesExcerpt", {
        id: "notes",
        meta: sortMeta("notes"),
        cell: (info) => <span className="notes-excerpt">{info.getValue() ?? ""}</span>,
      }),
      column.accessor("talkSeconds", {
        id: "duration",
        meta: { ...sortMeta("duration"), sortFirst: "desc" as const, numeric: true },
        cell: (info) => {
          const row = info.row.original;
          if (row.talkSeconds == null && row.handleSeconds == null) return dash;
          return (
            <>
              {row.talkSeconds != null ? formatMinutesSeconds(row.talkSeconds) : dash}
              {row.handleSeconds != null ? (
                <span className="muted small">
                  {" "}
                  {t("contacts.handleTime", { time: formatMinutesSeconds(row.handleSeconds) })}
                </span>
              ) : null}
            </>
          );
        },
      }),
      column.accessor("dueAt", {
        id: "due",
        meta: sortMeta("due"),
        cell: (info) => {
          const due = info.getValue();
          if (!due) return dash;
          const overdue = info.row.original.status !== "closed" && due < now;
          return (
            <>
              {formatTokyoDateTime(due, lng)}
              {overdue ? <span className="badge danger">{t("contacts.overdue")}</span> : null}
            </>
          );
        },
      }),
      column.accessor("status", {
        id: "status",
        meta: sortMeta("status"),
        cell: (info) => (info.getValue() ? tc(`status.${info.getValue()}` as "status.open") : dash),
      }),
    ];
  }, [t, tc, lng, now]);
}

function Filters({ d }: { d: LoaderData }) {
  const { t, i18n } = useTranslation("review");
  const { t: tc } = useTranslation("contacts");
  const lng = i18n.language;
  const f = d.state.filters;
  const filterNames = contactTable.filterNames;
  const onSubmit = useTableFormSubmit(contactTable);
  return (
    // Keyed by the state: after a client-side navigation (a sort link, "clear filters") the inputs show the new URL's values.
    <Form
      key={contactTable.toSearch(d.state)}
      method="get"
      className="card table-filters"
      aria-labelledby="contacts-filters-title"
      onSubmit={onSubmit}
    >
      <h2 id="contacts-filters-title" className="visually-hidden">
        {t("contacts.filters")}
      </h2>
      <HiddenStateFields definition={contactTable} state={d.state} omit={[...filterNames, "page"]} />
      <div className="table-filter-grid">
        <div>
          <label htmlFor="f-incident">{t("contacts.filter.incident")}</label>
          <select id="f-incident" name="incident" defaultValue={d.incidentShown}>
            {d.incidents.map((i) => (
              <option key={i.slug} value={i.slug}>
                {pick(lng, i.titleJa, i.titleEn)}
              </option>
            ))}
            <option value="all">{t("contacts.filter.allIncidents")}</option>
          </select>
        </div>
        <div>
          <label htmlFor="f-from">{t("contacts.filter.from")}</label>
          <input id="f-from" type="date" name="from" defaultValue={f.from ?? ""} />
        </div>
        <div>
          <label htmlFor="f-to">{t("contacts.filter.to")}</label>
          <input id="f-to" type="date" name="to" defaultValue={f.to ?? ""} />
        </div>
        <div>
          <label htmlFor="f-channel">{tc("channel.label")}</label>
          <select id="f-channel" name="channel" defaultValue={f.channel ?? ""}>
            <option value="">{t("contacts.filter.any")}</option>
            {CONTACT_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {tc(`channel.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-agent">{t("contacts.filter.agent")}</label>
          <select id="f-agent" name="agent" defaultValue={f.agent ?? ""}>
            <option value="">{t("contacts.filter.any")}</option>
            <option value="none">{t("contacts.noAgent")}</option>
            {d.agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.disabled ? t("contacts.filter.disabledAgent", { name: a.name }) : a.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-category">{tc("category.label")}</label>
          <select id="f-category" name="category" defaultValue={f.category ?? ""}>
            <option value="">{t("contacts.filter.any")}</option>
            {CONTACT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {tc(`category.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-outcome">{tc("outcome.label")}</label>
          <select id="f-outcome" name="outcome" defaultValue={f.outcome ?? ""}>
            <option value="">{t("contacts.filter.any")}</option>
            {CONTACT_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {tc(`outcome.${o}`)}
              </option>
            ))}
            <option value="none">{t("contacts.noOutcome")}</option>
          </select>
        </div>
        <div>
          <label htmlFor="f-hours">{t("contacts.filter.hours")}</label>
          <select id="f-hours" name="hours" defaultValue={f.hours ?? ""}>
            <option value="">{t("contacts.filter.any")}</option>
            <option value="within">{t("contacts.withinHours")}</option>
            <option value="outside">{t("contacts.outsideHours")}</option>
          </select>
        </div>
        <div>
          <label htmlFor="f-affected">{t("contacts.filter.affected")}</label>
          <select id="f-affected" name="affected" defaultValue={f.affected ?? ""}>
            <option value="">{t("contacts.filter.any")}</option>
            <option value="yes">{t("contacts.filter.affectedYes")}</option>
            <option value="no">{t("contacts.filter.affectedNo")}</option>
          </select>
        </div>
        <div className="table-filter-wide">
          <label htmlFor="f-q">{t("contacts.filter.q")}</label>
          <input id="f-q" type="search" name="q" defaultValue={f.q ?? ""} maxLength={100} />
        </div>
      </div>
      <p className="muted small">{t("contacts.filter.affectedHelp")}</p>
      <div className="form-actions">
        <button type="submit">{t("contacts.filter.apply")}</button>
        <Link
          className="button secondary"
          to={`/staff/contacts${contactTable.toSearch({ ...d.state, filters: contactTable.defaults.filters, page: 1 })}`}
        >
          {t("contacts.filter.clear")}
        </Link>
      </div>
    </Form>
  );
}

function SavedViews({ d }: { d: LoaderData }) {
  const { t } = useTranslation("review");
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save-view";
  const query = contactTable.toSearch(d.state).replace(/^\?/, "");
  const nameError = actionData?.errors?.name;
  return (
    <section className="card saved-views" aria-labelledby="saved-views-title">
      <h2 id="saved-views-title">{t("views.title")}</h2>
      {d.views.length === 0 ? (
        <p className="muted">{t("views.none")}</p>
      ) : (
        <ul className="saved-view-list">
          {d.views.map((v) => (
            <li key={v.id}>
              <Link to={`/staff/contacts${v.search}`} aria-current={location.search === v.search || undefined}>
                {v.name}
              </Link>
              <Form method="post" className="inline-form">
                <CsrfField />
                <input type="hidden" name="intent" value="delete-view" />
                <input type="hidden" name="viewId" value={v.id} />
                <input type="hidden" name="query" value={query} />
                <button type="submit" className="link-button" aria-label={t("views.deleteNamed", { name: v.name })}>
                  {t("views.delete")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" className="inline-form saved-view-form" key={d.views.map((v) => v.id).join(",")}>
        <CsrfField />
        <input type="hidden" name="intent" value="save-view" />
        <input type="hidden" name="query" value={query} />
        <label htmlFor="view-name">{t("views.name")}</label>
        <input
          id="view-name"
          type="text"
          name="name"
          maxLength={VIEW_NAME_MAX}
          defaultValue={actionData?.values?.name ?? ""}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? "view-name-error" : "view-name-help"}
        />
        <button type="submit" className="secondary" disabled={saving}>
          {t("views.save")}
        </button>
      </Form>
      {nameError ? (
        <p id="view-name-error" className="field-error">
          {nameError}
        </p>
      ) : (
        <p id="view-name-help" className="muted small">
          {t("views.help")}
        </p>
      )}
    </section>
  );
}

export default function ContactsTable() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("review");
  const columns = useColumns(d.now);
  return (
    <>
      <h1>{t("contacts.title")}</h1>
      <p>{t("contacts.intro")}</p>
      {d.notice ? (
        <p className="notice success" role="status">
          {t(`views.notice.${d.notice}`)}
        </p>
      ) : null}
      <Filters d={d} />
      <DataTable
        definition={contactTable}
        state={d.state}
        columns={columns}
        rows={d.rows}
        total={d.total}
        caption={t("contacts.caption")}
        getRowId={(r) => r.id}
        rowHref={(r) => `/staff/contacts/${r.id}`}
        toolbar={<ExportLinks kind="contacts" search={contactTable.toSearch(d.state)} extra={{ incident: d.incidentShown }} />}
      />
      <SavedViews d={d} />
      <p className="muted small">{t("contacts.searchHelp")}</p>
    </>
  );
}
