/**
 * /staff/contacts/ID: one contact with its whole version history (agents and up; every view is
 * audited as contact.view). The "correct" form saves a new version with a required reason;
 * nothing is overwritten, and a correction made on a stale screen is refused (409).
 */
import { redirect } from "@remix-run/node";
import { viewAffectedRecord } from "~/models/lookup.server";
import { listWaiversForContact } from "~/models/waiver.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ContactForm } from "~/components/contact-form";
import type { ContactFormActionData } from "~/components/contact-form";
import {
  ContactCorrectionMetaSchema,
  fieldErrors,
  formatMinutesSeconds,
  formatTokyoLocalDateTime,
  formToObject,
} from "~/domain/contact-rules";
import {
  ContactInputError,
  ContactNotFoundError,
  ContactVersionConflictError,
  correctContact,
  getContactWithVersions,
} from "~/models/contact.server";
import type { ContactVersionView } from "~/models/contact.server";
import { userActor } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { contactFormError, parseContactForm } from "~/utils/contact-form.server";
import { readForm } from "~/utils/csrf.server";
import { formatTokyoDateTime, pick } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Contact | Madoguchi" }];

const IdSchema = z.string().regex(/^[a-z0-9]{8,40}$/);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "agent");
  const id = IdSchema.safeParse(params.id);
  const actor = userActor(user);
  const contact = id.success ? await getContactWithVersions({ id: id.data, actor, request }) : null;
  if (!contact) throw new Response("Not Found", { status: 404 });
  const [record, waivers] = await Promise.all([
    contact.affectedRecordId ? viewAffectedRecord({ recordId: contact.affectedRecordId, actor, request }) : null,
    listWaiversForContact({ contactId: contact.id, affectedRecordId: contact.affectedRecordId ?? null }),
  ]);
  return { contact, record, waivers };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "agent");
  const form = await readForm(request);
  const id = IdSchema.safeParse(params.id);
  if (!id.success) throw new Response("Not Found", { status: 404 });
  const meta = ContactCorrectionMetaSchema.safeParse(formToObject(form));
  const parsed = parseContactForm(form);
  if (!meta.success || !parsed.ok) {
    return contactFormError(request, form, {
      ...(parsed.ok ? {} : parsed.errors),
      ...(meta.success ? {} : fieldErrors(meta.error)),
    });
  }
  try {
    const { contact, redaction } = await correctContact({
      id: id.data,
      expectedVersion: meta.data.expectedVersion,
      input: parsed.input,
      reason: meta.data.reason,
      editor: user,
      request,
    });
    const search = new URLSearchParams({ corrected: String(contact.version) });
    if (redaction.cardNumbers > 0) search.set("cards", String(redaction.cardNumbers));
    if (redaction.securityCodes > 0) search.set("codes", String(redaction.securityCodes));
    return redirect(`/staff/contacts/${contact.id}?${search.toString()}`);
  } catch (error) {
    if (error instanceof ContactVersionConflictError) {
      return contactFormError(request, form, { _form: "conflict" }, { status: 409, params: { version: error.currentVersion } });
    }
    if (error instanceof ContactNotFoundError) throw new Response("Not Found", { status: 404 });
    if (error instanceof ContactInputError) return contactFormError(request, form, { [error.field]: error.code });
    throw error;
  }
}

type Contact = Awaited<ReturnType<typeof loader>>["contact"];

const DATE_FIELDS = new Set(["startedAt", "endedAt", "dueAt", "answeredAt", "closedAt"]);
const SECONDS_FIELDS = new Set(["talkSeconds", "holdSeconds", "acwSeconds"]);
const SHOWN_FIELDS = [
  "status",
  "channel",
  "startedAt",
  "endedAt",
  "talkSeconds",
  "holdSeconds",
  "acwSeconds",
  "agentId",
  "identityVerified",
  "affectedRecordId",
  "callerName",
  "callerContact",
  "reference",
  "categories",
  "outcome",
  "escalatedTo",
  "notes",
  "dueAt",
  "answeredAt",
  "abandoned",
  "closedAt",
] as const;

function formatValue(t: TFunction<"contacts">, lng: string, field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (DATE_FIELDS.has(field) && typeof value === "string") return formatTokyoDateTime(value, lng);
  if (SECONDS_FIELDS.has(field) && typeof value === "number") return formatMinutesSeconds(value);
  if (typeof value === "boolean") return value ? "✓" : "—";
  if (field === "categories" && Array.isArray(value))
    return value.map((c) => t(`category.${c}` as "category.other")).join(lng === "en" ? ", " : "、") || "—";
  if (field === "channel") return t(`channel.${String(value)}` as "channel.web");
  if (field === "status") return t(`status.${String(value)}` as "status.open");
  if (field === "outcome") return t(`outcome.${String(value)}` as "outcome.escalated");
  if (field === "escalatedTo") return t(`escalation.${String(value)}` as "escalation.fraud");
  return String(value);
}

/** The fields a version changed compared with the one before it. */
function changesOf(version: ContactVersionView, previous: ContactVersionView | undefined): string[] {
  if (!previous) return [];
  return SHOWN_FIELDS.filter((f) => JSON.stringify(version.data[f] ?? null) !== JSON.stringify(previous.data[f] ?? null));
}

function reasonText(t: TFunction<"contacts">, reason: string | null): string {
  if (!reason) return "—";
  if (reason.startsWith("@")) return t(`versionReason.${reason}` as "versionReason.@created", { defaultValue: reason });
  return reason;
}

function correctionDefaults(c: Contact) {
  return {
    channel: c.channel,
    startedAt: formatTokyoLocalDateTime(new Date(c.startedAt)),
    endedAt: c.endedAt ? formatTokyoLocalDateTime(new Date(c.endedAt)) : "",
    talk: formatMinutesSeconds(c.talkSeconds),
    hold: formatMinutesSeconds(c.holdSeconds),
    acw: formatMinutesSeconds(c.acwSeconds),
    callerName: c.callerName ?? "",
    callerContact: c.callerContact ?? "",
    reference: c.reference ?? "",
    identityVerified: c.identityVerified,
    affectedRecordId: c.affectedRecordId ?? undefined,
    categories: c.categories,
    outcome: c.outcome ?? "",
    escalatedTo: c.escalatedTo ?? "",
    notes: c.notes ?? "",
  };
}

export default function ContactDetailPage() {
  const { contact: c, record, waivers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ContactFormActionData | undefined;
  const { t, i18n } = useTranslation("contacts");
  const { t: tw } = useTranslation("waivers");
  const lng = i18n.language;
  const [params] = useSearchParams();
  const corrected = Number(params.get("corrected") ?? 0);
  const cards = Number(params.get("cards") ?? 0);
  const codes = Number(params.get("codes") ?? 0);
  const row = (label: string, value: React.ReactNode) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <>
      <p>
        <Link to="/staff/queue">{t("detail.back")}</Link>
      </p>
      <h1>{t("detail.title", { ref: c.ref })}</h1>
      {corrected > 0 ? (
        <div className="notice success" role="status" data-testid="contact-corrected">
          <p>{t("detail.corrected", { version: corrected })}</p>
          {cards > 0 ? <p>{t("form.redactedCards", { count: cards })}</p> : null}
          {codes > 0 ? <p>{t("form.redactedCodes", { count: codes })}</p> : null}
        </div>
      ) : null}
      <p>
        <span className="badge">{t(`status.${c.status}`)}</span> <span className="badge">{t(`channel.${c.channel}`)}</span>{" "}
        <span className="badge">{t(`source.${c.source}`)}</span>{" "}
        {c.withinHours ? (
          <span className="badge ok">{t("detail.withinHours")}</span>
        ) : (
          <span className="badge warn">{t("detail.outsideHours")}</span>
        )}{" "}
        {c.flaggedAfterHours ? <span className="badge danger">{t("detail.flagged")}</span> : null}{" "}
        {c.abandoned ? <span className="badge danger">{t("detail.abandoned")}</span> : null}
      </p>

      {record ? (
        <section className="card" data-testid="contact-record">
          <h2>{t("detail.recordTitle")}</h2>
          <dl className="contact-fields">
            {row(t("form.callerName"), [record.nameKanji, record.nameKana].filter(Boolean).join(" / ") || "—")}
            {row(t("detail.recordSite"), pick(lng, record.site.nameJa, record.site.nameEn))}
            {row(t("detail.recordTransaction"), record.transactionDate ?? "—")}
            {row(t("detail.recordVerdict"), t(`detail.verdict.${record.verdict}`))}
            {row(t("detail.recordCard"), [record.cardBrand, record.cardLast4].filter(Boolean).join(" ") || "—")}
          </dl>
        </section>
      ) : null}
      <section className="card" data-testid="contact-waivers">
        <h2>{t("detail.waiversTitle")}</h2>
        {waivers.length === 0 ? (
          <p className="muted">{t("detail.noWaivers")}</p>
        ) : (
          <ul>
            {waivers.map((w) => (
              <li key={w.id}>
                <strong>{w.reference}</strong> · {pick(lng, w.cardCompany.nameJa, w.cardCompany.nameEn)} · {w.cardLast4} ·{" "}
                <span className="badge">{tw(`statuses.${w.status as "submitted"}`)}</span> · {formatTokyoDateTime(w.createdAt, lng)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card">
        <h2>{t("detail.fields", { version: c.version })}</h2>
        <dl className="contact-fields">
          {row(t("form.incident"), pick(lng, c.incident.titleJa, c.incident.titleEn))}
          {row(t("form.startedAt"), formatTokyoDateTime(c.startedAt, lng))}
          {row(t("form.endedAt"), c.endedAt ? formatTokyoDateTime(c.endedAt, lng) : "—")}
          {c.talkSeconds !== null || c.holdSeconds !== null || c.acwSeconds !== null
            ? row(
                t("detail.handleTime"),
                `${formatMinutesSeconds(c.handleSeconds)} (${t("form.talk")} ${formatMinutesSeconds(c.talkSeconds) || "—"} / ${t("form.hold")} ${formatMinutesSeconds(c.holdSeconds) || "—"} / ${t("form.acw")} ${formatMinutesSeconds(c.acwSeconds) || "—"})`,
              )
            : null}
          {c.answeredAt ? row(t("detail.answeredAt"), formatTokyoDateTime(c.answeredAt, lng)) : null}
          {c.dueAt ? row(t("detail.dueAt"), formatTokyoDateTime(c.dueAt, lng)) : null}
          {c.callId ? row(t("detail.callId"), c.callId) : null}
          {row(t("detail.agent"), c.agent?.name ?? t("detail.nobody"))}
          {row(t("form.callerName"), c.callerName ?? "—")}
          {row(t("form.callerContact"), c.callerContact ?? "—")}
          {row(t("form.reference"), c.reference ?? "—")}
          {row(
            t("field.identityVerified"),
            c.identityVerified
              ? `${t("detail.verified")}${c.affectedRecordId ? ` (${t("detail.linkedRecord")}: ${c.affectedRecordId})` : ""}`
              : t("detail.notVerified"),
          )}
          {row(t("category.label"), formatValue(t, lng, "categories", c.categories))}
          {row(t("outcome.label"), formatValue(t, lng, "outcome", c.outcome))}
          {c.escalatedTo ? row(t("escalation.label"), formatValue(t, lng, "escalatedTo", c.escalatedTo)) : null}
          {c.subject ? row(t("detail.subject"), c.subject) : null}
        </dl>
        {c.message ? (
          <>
            <h3>{t("detail.message")}</h3>
            <p className="preserve-lines" data-testid="contact-message">
              {c.message}
            </p>
          </>
        ) : null}
        {c.attachments.length > 0 ? (
          <div className="notice warn">
            <p>{t("detail.attachmentsRefused", { count: c.attachments.length })}</p>
            <ul>
              {c.attachments.map((a, i) => (
                <li key={i}>
                  {a.name || "—"} ({a.type || "?"}, {a.size} B)
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <h3>{t("form.notes")}</h3>
        <p className="preserve-lines" data-testid="contact-notes">
          {c.notes ?? "—"}
        </p>
        {c.replyToId ? (
          <p>
            {t("detail.replyTo")}: <Link to={`/staff/contacts/${c.replyToId}`}>{c.replyToId.slice(-8).toUpperCase()}</Link>
          </p>
        ) : null}
      </section>

      {c.replies.length > 0 || c.source !== "agent" ? (
        <section className="card">
          <h2>{t("detail.replies")}</h2>
          {c.replies.length === 0 ? <p className="muted">{t("detail.noReplies")}</p> : null}
          {c.replies.map((r) => (
            <div key={r.id} className="reply">
              <p className="muted">
                {formatTokyoDateTime(r.startedAt, lng)} · {t(`channel.${r.channel}`)} · {r.agent?.name ?? "—"} ·{" "}
                <Link to={`/staff/contacts/${r.id}`}>{r.ref}</Link>
              </p>
              <p className="preserve-lines">{r.message}</p>
            </div>
          ))}
        </section>
      ) : null}

      <section className="card">
        <h2>{t("detail.versions")}</h2>
        <div className="table-wrap">
          <table data-testid="contact-versions">
            <thead>
              <tr>
                <th>{t("detail.version")}</th>
                <th>{t("detail.editedAt")}</th>
                <th>{t("detail.editedBy")}</th>
                <th>{t("detail.reason")}</th>
                <th>{t("detail.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {c.versions.map((v, i) => {
                const changes = changesOf(v, c.versions[i - 1]);
                const previous = c.versions[i - 1];
                return (
                  <tr key={v.version}>
                    <td>{v.version}</td>
                    <td>{formatTokyoDateTime(v.editedAt, lng)}</td>
                    <td>{v.editedBy?.name ?? t("detail.system")}</td>
                    <td>{reasonText(t, v.reason)}</td>
                    <td>
                      {i === 0 ? (
                        t("detail.initial")
                      ) : (
                        <ul className="change-list">
                          {changes.map((f) => (
                            <li key={f}>
                              {t(`field.${f}` as "field.notes")}: {formatValue(t, lng, f, previous?.data[f])} →{" "}
                              {formatValue(t, lng, f, v.data[f])}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" id="correct">
        <h2>{t("detail.correct")}</h2>
        <p className="muted">{t("detail.correctIntro")}</p>
        <ContactForm
          key={`${c.id}-${c.version}`}
          incident={{ slug: c.incident.slug, title: pick(lng, c.incident.titleJa, c.incident.titleEn) }}
          defaults={correctionDefaults(c)}
          result={result ?? null}
          action={`/staff/contacts/${c.id}`}
          mode="correct"
          expectedVersion={c.version}
          autoFocus={false}
          idPrefix="correct"
        />
      </section>
    </>
  );
}
