/**
 * /inquiry: the public inquiry form (no login; works without JavaScript and on a phone).
 * Name, how to reach them (email or phone), the message and an optional order number become an
 * open "web" contact in the inquiry queue with a due time: the next opening plus the line's
 * response target in business minutes. After hours it is answered from the next business day.
 *
 * - CSRF token (readForm) and a honeypot field; rate limits per IP and per email/phone (HMAC keys),
 *   429 with the minutes to wait;
 * - the message (and every other field) is redacted before it is stored; when something was
 *   removed the confirmation says so and that card numbers are never needed;
 * - after sending: redirect to /inquiry?done=ID, which shows the reference and the due time only.
 */
import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { PublicShell } from "~/components/public-shell";
import { fieldErrors, InquiryFormSchema } from "~/domain/contact-rules";
import { normaliseEmail, normalisePhone } from "~/domain/normalise";
import { ContactInputError, createContact, findInquiryConfirmation } from "~/models/contact.server";
import { listIncidentChoices } from "~/models/incident.server";
import { echoValues } from "~/utils/contact-form.server";
import { hmacLookupKey } from "~/utils/crypto.server";
import { readForm } from "~/utils/csrf.server";
import { formatTokyoDateTime, pick } from "~/utils/format";
import { getLocale, i18nServer } from "~/utils/i18n.server";
import { hitRateLimit } from "~/utils/rate-limit.server";
import { getClientIp } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "お問い合わせ | Inquiry" }];

/** Per client IP: a family or an office sending a few is fine; a script is not. */
export const INQUIRY_IP_LIMIT = { limit: 10, windowSeconds: 3600 };
/** Per email address or phone number (HMAC of the normalised value). */
export const INQUIRY_CONTACT_LIMIT = { limit: 3, windowSeconds: 3600 };
export const HONEYPOT_FIELD = "website";

const DoneSchema = z.string().regex(/^[a-z0-9]{8,40}$/);

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const incidents = (await listIncidentChoices()).map(({ slug, titleJa, titleEn }) => ({ slug, titleJa, titleEn }));
  const done = DoneSchema.safeParse(url.searchParams.get("done"));
  const confirmation = done.success ? await findInquiryConfirmation({ id: done.data }) : null;
  const wanted = url.searchParams.get("incident");
  const selected = incidents.some((i) => i.slug === wanted) ? wanted! : incidents.length === 1 ? incidents[0]!.slug : "";
  return { incidents, selected, confirmation, removed: url.searchParams.get("removed") === "1" };
}

type Field = "incident" | "name" | "reach" | "message" | "reference" | "_form";
export type InquiryActionData = {
  values: Record<string, string | string[]>;
  errors: Partial<Record<Field, string>>;
  retryMinutes?: number;
};

/** The customer's email (display form) or phone (E.164), or null when it is neither. */
function normaliseReach(value: string): { kind: "email" | "phone"; value: string; key: string } | null {
  if (value.includes("@")) {
    const email = normaliseEmail(value);
    return email ? { kind: "email", value: email.display, key: email.key } : null;
  }
  const phone = normalisePhone(value);
  return phone ? { kind: "phone", value: phone, key: phone } : null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const t = await i18nServer.getFixedT(await getLocale(request), "contacts");
  const { values } = echoValues(form);
  const fail = (
    errors: InquiryActionData["errors"],
    status = 400,
    extra: Partial<InquiryActionData> = {},
    headers: Record<string, string> = {},
  ) => data<InquiryActionData>({ values, errors, ...extra }, { status, headers: { "Cache-Control": "no-store", ...headers } });

  // A filled honeypot is a bot: nothing is stored, and the answer does not say why.
  const honeypot = form.get(HONEYPOT_FIELD);
  if (typeof honeypot === "string" && honeypot !== "") return fail({ _form: t("inquiry.refused") });

  const ipHit = await hitRateLimit({ key: `inquiry-ip:${hmacLookupKey("ip", getClientIp(request))}`, ...INQUIRY_IP_LIMIT });
  if (!ipHit.allowed) {
    const minutes = Math.ceil(ipHit.retryAfterSeconds / 60);
    return fail(
      { _form: t("inquiry.rateLimited", { minutes }) },
      429,
      { retryMinutes: minutes },
      { "Retry-After": String(ipHit.retryAfterSeconds) },
    );
  }

  const parsed = InquiryFormSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")));
  const errors: InquiryActionData["errors"] = {};
  if (!parsed.success) {
    for (const [field, code] of Object.entries(fieldErrors(parsed.error))) errors[field as Field] = t(`errors.${code}`);
  }
  const reach = parsed.success ? normaliseReach(parsed.data.reach) : null;
  if (parsed.success && !reach) errors.reach = t("inquiry.reachInvalid");
  if (!parsed.success || !reach) return fail({ _form: t("inquiry.fixErrors"), ...errors });

  const idHit = await hitRateLimit({
    key: `inquiry-id:${hmacLookupKey(`inquiry-${reach.kind}`, reach.key)}`,
    ...INQUIRY_CONTACT_LIMIT,
  });
  if (!idHit.allowed) {
    const minutes = Math.ceil(idHit.retryAfterSeconds / 60);
    return fail(
      { _form: t("inquiry.rateLimited", { minutes }) },
      429,
      { retryMinutes: minutes },
      { "Retry-After": String(idHit.retryAfterSeconds) },
    );
  }

  const incidents = await listIncidentChoices();
  if (!incidents.some((i) => i.slug === parsed.data.incident))
    return fail({ _form: t("inquiry.fixErrors"), incident: t("errors.incident") });
  try {
    const now = new Date();
    const { contact, redaction } = await createContact({
      input: {
        incident: parsed.data.incident,
        channel: "web",
        startedAt: now,
        endedAt: null,
        talkSeconds: null,
        holdSeconds: null,
        acwSeconds: null,
        callerName: parsed.data.name,
        callerContact: reach.value,
        reference: parsed.data.reference || null,
        identityVerified: false,
        affectedRecordId: null,
        categories: [],
        outcome: null,
        escalatedTo: null,
        notes: null,
        subject: null,
        message: parsed.data.message,
      },
      source: "web",
      status: "open",
      withDueTime: true,
      actor: { type: "public" },
      request,
    });
    const removed = redaction.cardNumbers + redaction.securityCodes > 0;
    return redirect(`/inquiry?done=${contact.id}${removed ? "&removed=1" : ""}`);
  } catch (error) {
    if (error instanceof ContactInputError) return fail({ _form: t("inquiry.fixErrors"), incident: t("errors.incident") });
    throw error;
  }
}

export default function InquiryPage() {
  const { incidents, selected, confirmation, removed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as InquiryActionData | undefined;
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("contacts");
  const lng = i18n.language;

  if (confirmation) {
    return (
      <PublicShell>
        <div className="page narrow" data-testid="inquiry-confirmation">
          <h1>{t("inquiry.sentTitle")}</h1>
          <p>{t("inquiry.sentThanks")}</p>
          <div className="card">
            <p className="inquiry-ref" data-testid="inquiry-ref">
              {t("inquiry.sentRef", { ref: confirmation.ref })}
            </p>
            <p data-testid="inquiry-due">
              {confirmation.dueAt
                ? t("inquiry.sentDue", { due: formatTokyoDateTime(confirmation.dueAt, lng) })
                : t("inquiry.sentNoDue")}
            </p>
            <p className="muted">{pick(lng, confirmation.incident.titleJa, confirmation.incident.titleEn)}</p>
            <p className="muted">{t("inquiry.keepRef")}</p>
          </div>
          {removed ? (
            <p className="notice warn" data-testid="inquiry-removed">
              {t("inquiry.removedCard")}
            </p>
          ) : null}
          <p>
            <Link to={`/inquiry?incident=${encodeURIComponent(confirmation.incident.slug)}`}>{t("inquiry.another")}</Link>
          </p>
        </div>
      </PublicShell>
    );
  }

  const values = result?.values ?? {};
  const errors = result?.errors ?? {};
  const value = (name: string, fallback = "") => {
    const v = values[name];
    return typeof v === "string" ? v : fallback;
  };
  const invalid = (name: Field) =>
    errors[name] ? { "aria-invalid": true as const, "aria-describedby": `inquiry-${name}-error` } : {};
  const fieldError = (name: Field) =>
    errors[name] ? (
      <p className="field-error" id={`inquiry-${name}-error`}>
        {errors[name]}
      </p>
    ) : null;

  return (
    <PublicShell>
      <div className="page narrow">
        <h1>{t("inquiry.title")}</h1>
        <p>{t("inquiry.intro")}</p>
        <p className="notice warn">{t("inquiry.neverCard")}</p>
        {errors._form ? (
          <p className={`notice ${result?.retryMinutes ? "warn" : "error"}`} role="alert" data-testid="inquiry-error">
            {errors._form}
          </p>
        ) : null}
        <Form method="post" className="stack inquiry-form" noValidate>
          <CsrfField />
          <div>
            <label htmlFor="inquiry-incident">{t("inquiry.incident")}</label>
            <select
              id="inquiry-incident"
              name="incident"
              defaultValue={value("incident", selected)}
              required
              {...invalid("incident")}
            >
              {incidents.length !== 1 ? <option value="" /> : null}
              {incidents.map((i) => (
                <option key={i.slug} value={i.slug}>
                  {pick(lng, i.titleJa, i.titleEn)}
                </option>
              ))}
            </select>
            {fieldError("incident")}
          </div>
          <div>
            <label htmlFor="inquiry-name">{t("inquiry.name")}</label>
            <input
              id="inquiry-name"
              name="name"
              type="text"
              autoComplete="name"
              maxLength={200}
              required
              defaultValue={value("name")}
              {...invalid("name")}
            />
            {fieldError("name")}
          </div>
          <div>
            <label htmlFor="inquiry-reach">{t("inquiry.reach")}</label>
            <input
              id="inquiry-reach"
              name="reach"
              type="text"
              autoComplete="email"
              maxLength={254}
              required
              defaultValue={value("reach")}
              aria-describedby={errors.reach ? "inquiry-reach-error" : "inquiry-reach-hint"}
              aria-invalid={errors.reach ? true : undefined}
            />
            <p className="muted small" id="inquiry-reach-hint">
              {t("inquiry.reachHint")}
            </p>
            {fieldError("reach")}
          </div>
          <div>
            <label htmlFor="inquiry-message">{t("inquiry.message")}</label>
            <textarea
              id="inquiry-message"
              name="message"
              rows={7}
              maxLength={4000}
              required
              defaultValue={value("message")}
              {...invalid("message")}
            />
            {fieldError("message")}
          </div>
          <div>
            <label htmlFor="inquiry-reference">
              {t("inquiry.reference")} <span className="muted small">({t("inquiry.optional")})</span>
            </label>
            <input
              id="inquiry-reference"
              name="reference"
              type="text"
              autoComplete="off"
              maxLength={100}
              defaultValue={value("reference")}
              {...invalid("reference")}
            />
            {fieldError("reference")}
          </div>
          <div className="hp-field" aria-hidden="true">
            <label htmlFor="inquiry-website">{t("inquiry.honeypot")}</label>
            <input id="inquiry-website" name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
          </div>
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("inquiry.submit")}
            </button>
          </div>
        </Form>
      </div>
    </PublicShell>
  );
}
