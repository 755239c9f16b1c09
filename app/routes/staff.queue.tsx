/**
 * /staff/queue: the inquiry queue of the current incident (agents and up). Open web-form and
 * email inquiries and PBX-logged calls (abandoned ones need a callback), earliest due first;
 * overdue ones stand out. Take (assign to me, in progress), record an answer (starting from an
 * approved FAQ text, as an email_out/phone_out contact linked to the inquiry), close (outcome,
 * categories, notes). Every change is a new contact version.
 *
 * URL state, parsed leniently: filter=all|waiting|mine, page=N, ref=SHORTREF (find),
 * answer=ID / close=ID (open that panel), script=KEY:ja|en (prefill the answer without JS),
 * done=take|answer|close&doneRef=REF&cards=N (the flash after a change).
 */
import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import {
  CONTACT_CATEGORIES,
  CONTACT_OUTCOMES,
  ESCALATION_TARGETS,
  fieldErrors,
  formToObject,
  parseShortContactRef,
  shortContactRef,
  TEXT_LIMITS,
} from "~/domain/contact-rules";
import type { ContactErrorCode } from "~/domain/contact-rules";
import { fillPlaceholders } from "~/domain/script-rules";
import {
  answerContact,
  closeContact,
  ContactNotFoundError,
  ContactVersionConflictError,
  findContactsByRef,
  listQueue,
  takeContact,
  viewContact,
} from "~/models/contact.server";
import type { ContactView } from "~/models/contact.server";
import { findIncidentBySlug, listIncidentChoices } from "~/models/incident.server";
import { listCurrentScripts, loadPlaceholderValues } from "~/models/script.server";
import { userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { echoValues, translateErrors } from "~/utils/contact-form.server";
import { readForm } from "~/utils/csrf.server";
import { getCurrentIncidentSlug } from "~/utils/current-incident.server";
import { formatTokyoDateTime, pick } from "~/utils/format";
import { safeRedirectPath } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Queue | Madoguchi" }];

const Id = z.string().regex(/^[a-z0-9]{8,40}$/);
const QuerySchema = z.object({
  filter: z.enum(["all", "waiting", "mine"]).catch("all"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  ref: z.string().max(40).optional().catch(undefined),
  answer: Id.optional().catch(undefined),
  close: Id.optional().catch(undefined),
  script: z.string().max(120).optional().catch(undefined),
  done: z.enum(["take", "answer", "close"]).optional().catch(undefined),
  doneRef: z
    .string()
    .regex(/^[A-Z0-9]{8}$/)
    .optional()
    .catch(undefined),
  cards: z.coerce.number().int().min(0).max(99).catch(0),
});

export type ReplyTemplate = { value: string; label: string; text: string };

/** Approved FAQ texts of the incident in both languages, placeholders filled; none when there are none. */
async function replyTemplates(incidentId: string): Promise<ReplyTemplate[]> {
  try {
    const [scripts, values] = await Promise.all([
      listCurrentScripts({ incidentId, kind: "faq" }),
      loadPlaceholderValues({ incidentId }),
    ]);
    return scripts.flatMap((s) => [
      { value: `${s.key}:ja`, label: `${s.current.titleJa}（日本語）`, text: fillPlaceholders(s.current.bodyJa, values.ja) },
      { value: `${s.key}:en`, label: `${s.current.titleEn} (English)`, text: fillPlaceholders(s.current.bodyEn, values.en) },
    ]);
  } catch {
    return []; // no script tables or unreadable rows: answer without a template
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "agent");
  const url = new URL(request.url);
  const query = QuerySchema.parse(Object.fromEntries(url.searchParams));
  const slug = await getCurrentIncidentSlug(request, await listIncidentChoices());
  const incident = slug ? await findIncidentBySlug(slug) : null;
  if (!incident)
    return { incident: null, query, queue: null, found: [], panel: null, templates: [], now: new Date().toISOString() };

  const now = new Date();
  const queue = await listQueue({ incidentId: incident.id, userId: user.id, filter: query.filter, page: query.page, now });
  const short = query.ref ? parseShortContactRef(query.ref) : null;
  const found = short
    ? (await findContactsByRef({ incidentId: incident.id, ref: short })).map((c) => ({
        id: c.id,
        ref: c.ref,
        status: c.status,
        channel: c.channel,
      }))
    : [];

  const panelId = query.answer ?? query.close ?? null;
  let panel: { kind: "answer" | "close"; contact: ContactView } | null = null;
  if (panelId) {
    const contact = await viewContact({ id: panelId, actor: userActor(user), request });
    if (contact && contact.incident.id === incident.id) panel = { kind: query.answer ? "answer" : "close", contact };
  }
  const templates = panel?.kind === "answer" ? await replyTemplates(incident.id) : [];
  return {
    incident: { slug: incident.slug, titleJa: incident.titleJa, titleEn: incident.titleEn },
    query,
    queue,
    found,
    panel,
    templates,
    now: now.toISOString(),
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("take"), contactId: Id }),
  z.object({
    intent: z.literal("answer"),
    contactId: Id,
    channel: z.enum(["email_out", "phone_out"], { error: "required" }),
    text: z.string().trim().min(1, { error: "required" }).max(TEXT_LIMITS.message, { error: "tooLong" }),
  }),
  z
    .object({
      intent: z.literal("close"),
      contactId: Id,
      outcome: z.enum(CONTACT_OUTCOMES, { error: "required" }),
      escalatedTo: z.union([z.literal(""), z.enum(ESCALATION_TARGETS, { error: "invalid" })]).optional(),
      categories: z.array(z.enum(CONTACT_CATEGORIES, { error: "invalid" })).default([]),
      notes: z.string().max(TEXT_LIMITS.notes, { error: "tooLong" }).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.outcome === "escalated" && !v.escalatedTo)
        ctx.addIssue({ code: "custom", path: ["escalatedTo"], message: "escalationNeedsTarget" });
    }),
]);

export type QueueActionData = { errors: Record<string, string>; values: Record<string, string | string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "agent");
  const form = await readForm(request);
  const back = safeRedirectPath(form.get("back"), "/staff/queue");
  const backUrl = new URL(back.startsWith("/staff/queue") ? back : "/staff/queue", "http://local");
  const fail = async (
    errors: Record<string, ContactErrorCode | "conflict" | "notFound">,
    status = 400,
    params: Record<string, unknown> = {},
  ) =>
    data<QueueActionData>(
      { errors: await translateErrors(request, errors, params), values: echoValues(form).values },
      { status },
    );

  const parsed = ActionSchema.safeParse(formToObject(form));
  if (!parsed.success) return fail(fieldErrors(parsed.error));
  const input = parsed.data;
  const flash = (done: string, ref: string, cards = 0) => {
    for (const key of ["answer", "close", "script", "done", "doneRef", "cards"]) backUrl.searchParams.delete(key);
    backUrl.searchParams.set("done", done);
    backUrl.searchParams.set("doneRef", ref);
    if (cards > 0) backUrl.searchParams.set("cards", String(cards));
    return redirect(`${backUrl.pathname}${backUrl.search}`);
  };
  try {
    switch (input.intent) {
      case "take": {
        const contact = await takeContact({ id: input.contactId, user, request });
        return flash("take", contact.ref);
      }
      case "answer": {
        const { redaction } = await answerContact({
          id: input.contactId,
          user,
          channel: input.channel,
          text: input.text,
          request,
        });
        return flash("answer", shortContactRef(input.contactId), redaction.cardNumbers + redaction.securityCodes);
      }
      case "close": {
        const { contact, redaction } = await closeContact({
          id: input.contactId,
          user,
          outcome: input.outcome,
          escalatedTo: input.outcome === "escalated" && input.escalatedTo ? input.escalatedTo : null,
          categories: input.categories,
          notes: input.notes?.trim() ? input.notes : null,
          request,
        });
        return flash("close", contact.ref, redaction.cardNumbers + redaction.securityCodes);
      }
    }
  } catch (error) {
    if (error instanceof ContactNotFoundError) return fail({ _form: "notFound" }, 404);
    if (error instanceof ContactVersionConflictError) return fail({ _form: "conflict" }, 409, { version: error.currentVersion });
    throw error;
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function queueLink(query: LoaderData["query"], change: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  const merged: Record<string, string | number | undefined> = {
    filter: query.filter === "all" ? undefined : query.filter,
    page: query.page > 1 ? query.page : undefined,
    ...change,
  };
  for (const [key, value] of Object.entries(merged)) if (value !== undefined && value !== "") params.set(key, String(value));
  const search = params.toString();
  return `/staff/queue${search ? `?${search}` : ""}`;
}

export default function QueuePage() {
  const { incident, query, queue, found, panel, templates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as QueueActionData | undefined;
  const { t, i18n } = useTranslation("contacts");
  const lng = i18n.language;
  const location = useLocation();
  const back = `${location.pathname}${location.search}`;

  if (!incident || !queue) {
    return (
      <>
        <h1>{t("queue.title")}</h1>
        <p>{t("queue.noIncident")}</p>
      </>
    );
  }
  const flashKey = query.done === "take" ? "queue.taken" : query.done === "answer" ? "queue.answered" : "queue.closed";
  return (
    <>
      <h1>{t("queue.title")}</h1>
      <p className="muted">
        {pick(lng, incident.titleJa, incident.titleEn)} · {t("queue.intro")}
      </p>
      {query.done && query.doneRef ? (
        <div className="notice success" role="status" data-testid="queue-flash">
          <p>{t(flashKey, { ref: query.doneRef })}</p>
          {query.cards > 0 ? <p>{t("form.redactedCards", { count: query.cards })}</p> : null}
        </div>
      ) : null}
      {actionData?.errors._form ? (
        <p className="notice error" role="alert">
          {actionData.errors._form}
        </p>
      ) : null}

      <div className="queue-tools">
        <Form method="get" className="inline-form">
          <label htmlFor="queue-filter">{t("queue.filter")}</label>
          <select id="queue-filter" name="filter" defaultValue={query.filter}>
            <option value="all">{t("queue.filterAll")}</option>
            <option value="waiting">{t("queue.filterWaiting")}</option>
            <option value="mine">{t("queue.filterMine")}</option>
          </select>
          <button type="submit" className="secondary">
            {t("queue.show")}
          </button>
        </Form>
        <Form method="get" className="inline-form">
          <label htmlFor="queue-ref">{t("queue.findRef")}</label>
          <input
            id="queue-ref"
            name="ref"
            type="search"
            size={10}
            maxLength={20}
            defaultValue={query.ref ?? ""}
            autoComplete="off"
          />
          <button type="submit" className="secondary">
            {t("queue.find")}
          </button>
        </Form>
        <span>
          {t("queue.total", { count: queue.total })}
          {queue.overdue > 0 ? (
            <>
              {" · "}
              <span className="badge danger">{t("queue.overdueCount", { count: queue.overdue })}</span>
            </>
          ) : null}
        </span>
      </div>

      {found.length > 0 ? (
        <ul className="card">
          {found.map((f) => (
            <li key={f.id}>
              <Link to={`/staff/contacts/${f.id}`}>{f.ref}</Link> · {t(`channel.${f.channel}`)} · {t(`status.${f.status}`)}
            </li>
          ))}
        </ul>
      ) : null}

      {panel ? <QueuePanel panel={panel} templates={templates} back={back} actionData={actionData} query={query} /> : null}

      {queue.rows.length === 0 ? (
        <p className="card" data-testid="queue-empty">
          {t("queue.empty")}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="queue-table" data-testid="queue-table">
            <thead>
              <tr>
                <th>{t("queue.ref")}</th>
                <th>{t("queue.due")}</th>
                <th>{t("queue.received")}</th>
                <th>{t("queue.from")}</th>
                <th>{t("queue.content")}</th>
                <th>{t("queue.state")}</th>
                <th>{t("queue.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {queue.rows.map((r) => (
                <tr key={r.id} className={r.overdue ? "overdue" : undefined} data-testid="queue-row" data-ref={r.ref}>
                  <td>
                    <Link to={`/staff/contacts/${r.id}`}>{r.ref}</Link>
                    <br />
                    <span className="badge">{t(`channel.${r.channel}`)}</span>
                  </td>
                  <td>
                    {r.dueAt ? formatTokyoDateTime(r.dueAt, lng) : <span className="muted">{t("queue.noDue")}</span>}
                    {r.overdue ? (
                      <>
                        <br />
                        <span className="badge danger" data-testid="overdue-badge">
                          {t("queue.overdue")}
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td>{formatTokyoDateTime(r.startedAt, lng)}</td>
                  <td>
                    {r.callerName ?? "—"}
                    <br />
                    <span className="muted small">{r.callerContact ?? ""}</span>
                  </td>
                  <td className="queue-content">
                    {r.source === "pbx" ? (
                      <span className={`badge ${r.abandoned ? "danger" : "warn"}`}>
                        {r.abandoned ? t("queue.abandonedCall") : t("queue.callToComplete")}
                      </span>
                    ) : null}
                    {r.subject ? <strong>{r.subject}</strong> : null}
                    {r.excerpt ? <span className="preserve-lines"> {r.excerpt}</span> : null}
                    {r.attachments > 0 ? (
                      <span className="muted small"> ({t("queue.attachments", { count: r.attachments })})</span>
                    ) : null}
                  </td>
                  <td>
                    {t(`status.${r.status}`)}
                    {r.agent ? (
                      <>
                        <br />
                        <span className="muted small">{r.agent.name}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="queue-actions">
                    <Form method="post" className="inline-form">
                      <CsrfField />
                      <input type="hidden" name="intent" value="take" />
                      <input type="hidden" name="contactId" value={r.id} />
                      <input type="hidden" name="back" value={back} />
                      <button type="submit" className="secondary" aria-label={`${t("queue.take")} ${r.ref}`}>
                        {t("queue.take")}
                      </button>
                    </Form>{" "}
                    <Link
                      className="button secondary"
                      to={queueLink(query, { answer: r.id })}
                      aria-label={`${t("queue.answer")} ${r.ref}`}
                    >
                      {t("queue.answer")}
                    </Link>{" "}
                    <Link
                      className="button secondary"
                      to={queueLink(query, { close: r.id })}
                      aria-label={`${t("queue.close")} ${r.ref}`}
                    >
                      {t("queue.close")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {queue.pageCount > 1 ? (
        <nav className="pager" aria-label={t("queue.page", { page: queue.page, pages: queue.pageCount })}>
          {queue.page > 1 ? <Link to={queueLink(query, { page: queue.page - 1 })}>{t("queue.prev")}</Link> : null}{" "}
          <span>{t("queue.page", { page: queue.page, pages: queue.pageCount })}</span>{" "}
          {queue.page < queue.pageCount ? <Link to={queueLink(query, { page: queue.page + 1 })}>{t("queue.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

function QueuePanel({
  panel,
  templates,
  back,
  actionData,
  query,
}: {
  panel: NonNullable<LoaderData["panel"]>;
  templates: ReplyTemplate[];
  back: string;
  actionData: QueueActionData | undefined;
  query: LoaderData["query"];
}) {
  const { t, i18n } = useTranslation("contacts");
  const lng = i18n.language;
  const navigation = useNavigation();
  const c = panel.contact;
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const chosen = templates.find((tpl) => tpl.value === query.script);
  const [text, setText] = useState<string>(typeof values.text === "string" ? values.text : (chosen?.text ?? ""));
  const [outcome, setOutcome] = useState<string>(typeof values.outcome === "string" ? values.outcome : "");
  const cancel = queueLink(query, { answer: undefined, close: undefined, script: undefined });
  const defaultChannel = c.callerContact?.includes("@") ? "email_out" : "phone_out";
  const err = (name: string) =>
    errors[name] ? (
      <p className="field-error" id={`queue-${name}-error`}>
        {errors[name]}
      </p>
    ) : null;

  return (
    <section className="card queue-panel" data-testid={`queue-panel-${panel.kind}`}>
      <h2>{t(panel.kind === "answer" ? "queue.answerTitle" : "queue.closeTitle", { ref: c.ref })}</h2>
      <div className="queue-original">
        <p className="muted">
          {t("queue.original")}: {formatTokyoDateTime(c.startedAt, lng)} · {t(`channel.${c.channel}`)} · {c.callerName ?? "—"}{" "}
          {c.callerContact ? `<${c.callerContact}>` : ""}
        </p>
        {c.subject ? (
          <p>
            <strong>{c.subject}</strong>
          </p>
        ) : null}
        {c.message ? (
          <p className="preserve-lines" data-testid="queue-original-message">
            {c.message}
          </p>
        ) : null}
      </div>
      {panel.kind === "answer" ? (
        <>
          {templates.length > 0 ? (
            <Form method="get" className="inline-form queue-script">
              <input type="hidden" name="answer" value={c.id} />
              {query.filter !== "all" ? <input type="hidden" name="filter" value={query.filter} /> : null}
              <label htmlFor="queue-script">{t("queue.script")}</label>
              <select
                id="queue-script"
                name="script"
                defaultValue={chosen?.value ?? ""}
                onChange={(e) => {
                  const tpl = templates.find((x) => x.value === e.target.value);
                  if (tpl) setText(tpl.text);
                }}
              >
                <option value="">{t("queue.scriptNone")}</option>
                {templates.map((tpl) => (
                  <option key={tpl.value} value={tpl.value}>
                    {tpl.label}
                  </option>
                ))}
              </select>
              <button type="submit" className="secondary">
                {t("queue.useScript")}
              </button>
            </Form>
          ) : (
            <p className="muted small">{t("queue.noScripts")}</p>
          )}
          <Form method="post" className="stack">
            <CsrfField />
            <input type="hidden" name="intent" value="answer" />
            <input type="hidden" name="contactId" value={c.id} />
            <input type="hidden" name="back" value={back} />
            <div>
              <label htmlFor="queue-channel">{t("queue.replyChannel")}</label>
              <select
                id="queue-channel"
                name="channel"
                defaultValue={typeof values.channel === "string" ? values.channel : defaultChannel}
              >
                <option value="email_out">{t("channel.email_out")}</option>
                <option value="phone_out">{t("channel.phone_out")}</option>
              </select>
              {err("channel")}
            </div>
            <div>
              <label htmlFor="queue-text">{t("queue.replyText")}</label>
              <textarea
                id="queue-text"
                name="text"
                rows={10}
                value={text}
                onChange={(e) => setText(e.target.value)}
                aria-describedby="queue-text-hint"
                aria-invalid={errors.text ? true : undefined}
                autoFocus
              />
              <p className="muted small" id="queue-text-hint">
                {t("queue.replyHint")}
              </p>
              {err("text")}
            </div>
            <div>
              <button type="submit" disabled={navigation.state === "submitting"}>
                {t("queue.saveAnswer")}
              </button>{" "}
              <Link to={cancel}>{t("queue.cancel")}</Link>
            </div>
          </Form>
        </>
      ) : (
        <Form method="post" className="stack">
          <CsrfField />
          <input type="hidden" name="intent" value="close" />
          <input type="hidden" name="contactId" value={c.id} />
          <input type="hidden" name="back" value={back} />
          <div>
            <label htmlFor="queue-outcome">{t("outcome.label")}</label>
            <select
              id="queue-outcome"
              name="outcome"
              value={outcome}
              onChange={(e) => setOutcome(e.target.value)}
              autoFocus
              aria-invalid={errors.outcome ? true : undefined}
            >
              <option value="">{t("outcome.none")}</option>
              {CONTACT_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`outcome.${o}`)}
                </option>
              ))}
            </select>
            {err("outcome")}
          </div>
          <div>
            <label htmlFor="queue-escalatedTo">{t("escalation.label")}</label>
            <select
              id="queue-escalatedTo"
              name="escalatedTo"
              defaultValue={typeof values.escalatedTo === "string" ? values.escalatedTo : ""}
            >
              <option value="">{t("escalation.none")}</option>
              {ESCALATION_TARGETS.map((e) => (
                <option key={e} value={e}>
                  {t(`escalation.${e}`)}
                </option>
              ))}
            </select>
            {err("escalatedTo")}
          </div>
          <fieldset>
            <legend>{t("category.label")}</legend>
            <div className="category-grid">
              {CONTACT_CATEGORIES.map((cat) => {
                const checked = Array.isArray(values.categories)
                  ? values.categories.includes(cat)
                  : values.categories === cat || (!actionData && c.categories.includes(cat));
                return (
                  <label key={cat} className="checkbox-label">
                    <input type="checkbox" name="categories" value={cat} defaultChecked={checked} /> {t(`category.${cat}`)}
                  </label>
                );
              })}
            </div>
            {err("categories")}
          </fieldset>
          <div>
            <label htmlFor="queue-notes">{t("queue.closeNotes")}</label>
            <textarea
              id="queue-notes"
              name="notes"
              rows={3}
              defaultValue={typeof values.notes === "string" ? values.notes : ""}
            />
            <p className="muted small">{t("form.notesHint")}</p>
            {err("notes")}
          </div>
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("queue.saveClose")}
            </button>{" "}
            <Link to={cancel}>{t("queue.cancel")}</Link>
          </div>
        </Form>
      )}
    </section>
  );
}
