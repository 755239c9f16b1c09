import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { PublicShell } from "~/components/public-shell";
import { normaliseEmail, normaliseLast4, normalisePhone } from "~/domain/normalise";
import { CARD_BRANDS, normaliseWaiverReference } from "~/domain/waiver-rules";
import { listActiveIncidents } from "~/models/incident.server";
import { lookupAffected, recordRefusedLookup } from "~/models/lookup.server";
import { loadPlaceholderValues } from "~/models/script.server";
import { createWaiverRequest, listCardCompanies } from "~/models/waiver.server";
import { recordAudit } from "~/utils/audit.server";
import { hmacLookupKey } from "~/utils/crypto.server";
import { readForm } from "~/utils/csrf.server";
import { pick } from "~/utils/format";
import { getLocale, i18nServer } from "~/utils/i18n.server";
import { hitRateLimit } from "~/utils/rate-limit.server";
import { getClientIp } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Card reissue fee | Madoguchi" }];

/** Per IP: 10 requests an hour. Per email address or phone number: 5 an hour (as strict as the self-check: it answers the same question). */
export const WAIVER_FORM_IP_LIMIT = { limit: 10, windowSeconds: 3600 };
export const WAIVER_FORM_ID_LIMIT = { limit: 5, windowSeconds: 3600 };

const SlugParam = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9-]+$/);

async function incidentFor(slug: string | null) {
  const incidents = await listActiveIncidents();
  const wanted = SlugParam.safeParse(slug ?? "");
  const incident = wanted.success
    ? incidents.find((i) => i.slug === wanted.data)
    : incidents.length === 1
      ? incidents[0]
      : undefined;
  return { incidents, incident, asked: wanted.success };
}

/**
 * The public form to ask for the card reissue fee to be waived (/waivers/new?incident=slug).
 * The customer proves who they are as on /check (name plus email or phone, plus the order or
 * reservation number if they have it); the request is accepted only for a verified affected
 * record, and the answer for anyone else is the same "cannot confirm" whatever the reason.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { incidents, incident, asked } = await incidentFor(url.searchParams.get("incident"));
  if (!incident) {
    if (asked) throw new Response("Not Found", { status: 404 });
    return {
      incident: null,
      choices: incidents.map((i) => ({ slug: i.slug, titleJa: i.titleJa, titleEn: i.titleEn })),
      companies: [],
      submitted: null,
      hotline: null,
    };
  }
  const submitted = normaliseWaiverReference(url.searchParams.get("submitted") ?? "");
  const [companies, placeholders] = await Promise.all([listCardCompanies(), loadPlaceholderValues({ incidentId: incident.id })]);
  return {
    incident: { slug: incident.slug, titleJa: incident.titleJa, titleEn: incident.titleEn },
    choices: [],
    companies,
    submitted,
    hotline: { number: placeholders.ja.hotline, hoursJa: placeholders.ja.hours, hoursEn: placeholders.en.hours },
  };
}

type Field = "name" | "email" | "phone" | "reference" | "cardCompanyId" | "cardBrand" | "last4" | "consent";
type Values = Record<Exclude<Field, "consent">, string> & { consent: boolean };
type ActionResult = { errors: Partial<Record<Field | "form", string>>; values: Values; existingReference?: string };

const FormSchema = z.object({
  name: z.string().trim().min(1).max(100),
  email: z.string().trim().max(254),
  phone: z.string().trim().max(40),
  reference: z.string().trim().max(60),
  cardCompanyId: z.string().trim().min(1).max(64),
  cardBrand: z.union([z.literal(""), z.enum(CARD_BRANDS)]),
  last4: z.string().trim().max(20),
  consent: z.literal("yes"),
});

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const t = await i18nServer.getFixedT(await getLocale(request), "waivers");
  const url = new URL(request.url);
  const { incident } = await incidentFor(url.searchParams.get("incident"));
  if (!incident) throw new Response("Not Found", { status: 404 });

  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const values: Values = {
    name: str("name"),
    email: str("email"),
    phone: str("phone"),
    reference: str("reference"),
    cardCompanyId: str("cardCompanyId"),
    cardBrand: str("cardBrand"),
    last4: str("last4"),
    consent: str("consent") === "yes",
  };
  const lookupQuery = {
    name: values.name,
    email: values.email.trim() || null,
    phone: values.phone.trim() || null,
    reference: values.reference.trim() || null,
  };
  const fail = (errors: ActionResult["errors"], status = 400, headers?: HeadersInit) =>
    data<ActionResult>({ errors, values }, { status, headers });

  // Rate limit per IP before anything else is looked at.
  const ipHit = await hitRateLimit({
    key: `waiver-ip:${hmacLookupKey("ratelimit-waiver", getClientIp(request))}`,
    ...WAIVER_FORM_IP_LIMIT,
  });
  if (!ipHit.allowed) {
    await recordRefusedLookup({
      incidentId: incident.id,
      query: lookupQuery,
      channel: "self-check",
      actor: { type: "public" },
      request,
      reason: "ip",
    });
    return fail({ form: t("public.rateLimited", { minutes: Math.ceil(ipHit.retryAfterSeconds / 60) }) }, 429, {
      "Retry-After": String(ipHit.retryAfterSeconds),
    });
  }

  // A filled honeypot is a bot: refuse without saying why.
  if (str("website") !== "") {
    await recordAudit({ actor: { type: "public" }, action: "waiver.honeypot", details: { incidentId: incident.id } });
    return fail({ form: t("public.notAccepted") });
  }

  const errors: ActionResult["errors"] = {};
  const parsed = FormSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as Field;
      if (field === "name") errors.name = values.name.trim() ? t("validation.tooLong", { max: 100 }) : t("validation.required");
      else if (field === "cardCompanyId") errors.cardCompanyId = t("validation.chooseCompany");
      else if (field === "cardBrand") errors.cardBrand = t("validation.invalidChoice");
      else if (field === "consent") errors.consent = t("validation.consent");
      else if (field === "email" || field === "phone" || field === "reference" || field === "last4")
        errors[field] = t("validation.tooLong", { max: 60 });
    }
  }
  const email = values.email.trim();
  const phone = values.phone.trim();
  if (!email && !phone) errors.email = t("validation.contactRequired");
  if (email && !errors.email && !normaliseEmail(email)) errors.email = t("validation.email");
  if (phone && !errors.phone && !normalisePhone(phone)) errors.phone = t("validation.phone");
  if (values.last4.trim() && !errors.last4 && !normaliseLast4(values.last4)) errors.last4 = t("validation.last4");
  const companies = await listCardCompanies();
  if (values.cardCompanyId && !errors.cardCompanyId && !companies.some((c) => c.id === values.cardCompanyId))
    errors.cardCompanyId = t("validation.chooseCompany");
  if (Object.keys(errors).length) return fail(errors);

  // Rate limit per identifier (HMACs of the normalised email and phone).
  const idKeys = [
    email ? `waiver-id:${hmacLookupKey("ratelimit-waiver", `email:${normaliseEmail(email)!.key}`)}` : null,
    phone ? `waiver-id:${hmacLookupKey("ratelimit-waiver", `phone:${normalisePhone(phone)!}`)}` : null,
  ].filter((k): k is string => k !== null);
  for (const key of idKeys) {
    const hit = await hitRateLimit({ key, ...WAIVER_FORM_ID_LIMIT });
    if (!hit.allowed) {
      await recordRefusedLookup({
        incidentId: incident.id,
        query: lookupQuery,
        channel: "self-check",
        actor: { type: "public" },
        request,
        reason: "identifier",
      });
      return fail({ form: t("public.rateLimited", { minutes: Math.ceil(hit.retryAfterSeconds / 60) }) }, 429, {
        "Retry-After": String(hit.retryAfterSeconds),
      });
    }
  }

  // Identity, exactly as /check decides it: two independent facts of one affected record.
  const lookup = await lookupAffected({
    incidentId: incident.id,
    query: lookupQuery,
    channel: "self-check",
    actor: { type: "public" },
    request,
  });
  const recordId = lookup.publicOutcome === "affected" && lookup.best?.verdict === "affected" ? lookup.best.recordId : null;
  if (!recordId) return fail({ form: t("public.cannotConfirm") });

  const result = await createWaiverRequest(
    {
      affectedRecordId: recordId,
      cardCompanyId: values.cardCompanyId,
      cardBrand: values.cardBrand || null,
      last4: values.last4,
      contactName: values.name,
      contactEmail: email || null,
      contactPhone: phone || null,
      consent: true,
      source: "self-check",
    },
    { actor: { type: "public" }, request },
  );
  if (result.ok) {
    return redirect(
      `/waivers/new?incident=${encodeURIComponent(incident.slug)}&submitted=${encodeURIComponent(result.reference)}`,
    );
  }
  switch (result.problem) {
    case "duplicate":
      return data<ActionResult>(
        {
          errors: { form: t("public.duplicate", { reference: result.existingReference }) },
          values,
          existingReference: result.existingReference,
        },
        { status: 409 },
      );
    case "last4-mismatch":
      return fail({ last4: t("validation.last4Mismatch") });
    case "last4-required":
      return fail({ last4: t("validation.last4Required") });
    case "last4-invalid":
      return fail({ last4: t("validation.last4") });
    case "card-company-unknown":
      return fail({ cardCompanyId: t("validation.chooseCompany") });
    case "contact-required":
      return fail({ email: t("validation.contactRequired") });
    case "record-not-found":
      return fail({ form: t("public.cannotConfirm") });
  }
}

export default function WaiverRequestForm() {
  const { incident, choices, companies, submitted, hotline } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("waivers");
  const lng = i18n.language;
  const v = result?.values;
  const err = (f: Field) => result?.errors[f];
  const described = (f: Field) => (err(f) ? { "aria-invalid": true as const, "aria-describedby": `${f}-error` } : {});
  const errorText = (f: Field) =>
    err(f) ? (
      <p className="field-error" id={`${f}-error`}>
        {err(f)}
      </p>
    ) : null;

  if (!incident) {
    return (
      <PublicShell>
        <div className="page narrow">
          <h1>{t("public.title")}</h1>
          <p>{t("public.chooseIncident")}</p>
          <ul>
            {choices.map((c) => (
              <li key={c.slug}>
                <Link to={`/waivers/new?incident=${encodeURIComponent(c.slug)}`}>{pick(lng, c.titleJa, c.titleEn)}</Link>
              </li>
            ))}
          </ul>
        </div>
      </PublicShell>
    );
  }

  if (submitted) {
    return (
      <PublicShell>
        <div className="page narrow">
          <h1>{t("public.doneTitle")}</h1>
          <div className="notice success" role="status">
            <p>{t("public.doneBody")}</p>
            <p className="waiver-reference" data-testid="waiver-reference">
              {submitted}
            </p>
          </div>
          <p>{t("public.doneNext")}</p>
          <p>
            <Link to={`/waivers/status?reference=${encodeURIComponent(submitted)}`} className="button">
              {t("public.checkStatus")}
            </Link>
          </p>
        </div>
      </PublicShell>
    );
  }

  return (
    <PublicShell>
      <div className="page narrow">
        <p className="muted">{pick(lng, incident.titleJa, incident.titleEn)}</p>
        <h1>{t("public.title")}</h1>
        <p>{t("public.intro")}</p>
        <p className="notice warn">{t("public.noCardNumber")}</p>
        {result?.errors.form ? (
          <div className="notice error" role="alert" data-testid="waiver-form-error">
            <p>{result.errors.form}</p>
            {result.existingReference ? (
              <p>
                <Link to={`/waivers/status?reference=${encodeURIComponent(result.existingReference)}`}>
                  {t("public.checkStatus")}
                </Link>
              </p>
            ) : hotline?.number ? (
              <p>{t("public.callUs", { number: hotline.number, hours: pick(lng, hotline.hoursJa, hotline.hoursEn) })}</p>
            ) : null}
          </div>
        ) : null}
        <Form method="post" className="stack waiver-form" noValidate>
          <CsrfField />
          <div className="hp-field" aria-hidden="true">
            <label htmlFor="website">{t("public.honeypot")}</label>
            <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
          </div>
          <fieldset>
            <legend>{t("public.identityLegend")}</legend>
            <p className="muted">{t("public.identityHelp")}</p>
            <div>
              <label htmlFor="name">{t("fields.name")}</label>
              <input
                id="name"
                name="name"
                type="text"
                autoComplete="name"
                maxLength={100}
                required
                defaultValue={v?.name ?? ""}
                {...described("name")}
              />
              {errorText("name")}
            </div>
            <div>
              <label htmlFor="email">{t("fields.email")}</label>
              <input
                id="email"
                name="email"
                type="email"
                autoComplete="email"
                maxLength={254}
                defaultValue={v?.email ?? ""}
                {...described("email")}
              />
              {errorText("email")}
            </div>
            <div>
              <label htmlFor="phone">{t("fields.phone")}</label>
              <input
                id="phone"
                name="phone"
                type="tel"
                autoComplete="tel"
                maxLength={40}
                defaultValue={v?.phone ?? ""}
                {...described("phone")}
              />
              {errorText("phone")}
            </div>
            <div>
              <label htmlFor="reference">{t("fields.reference")}</label>
              <input
                id="reference"
                name="reference"
                type="text"
                maxLength={60}
                defaultValue={v?.reference ?? ""}
                {...described("reference")}
              />
              {errorText("reference")}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t("public.cardLegend")}</legend>
            <div>
              <label htmlFor="cardCompanyId">{t("fields.cardCompany")}</label>
              <select
                id="cardCompanyId"
                name="cardCompanyId"
                required
                defaultValue={v?.cardCompanyId ?? ""}
                {...described("cardCompanyId")}
              >
                <option value="">{t("fields.choose")}</option>
                {companies.map((c) => (
                  <option key={c.id} value={c.id}>
                    {pick(lng, c.nameJa, c.nameEn)}
                  </option>
                ))}
              </select>
              <p className="muted">{t("public.cardCompanyHelp")}</p>
              {errorText("cardCompanyId")}
            </div>
            <div>
              <label htmlFor="cardBrand">{t("fields.cardBrand")}</label>
              <select id="cardBrand" name="cardBrand" defaultValue={v?.cardBrand ?? ""} {...described("cardBrand")}>
                <option value="">{t("fields.unknownBrand")}</option>
                {CARD_BRANDS.map((b) => (
                  <option key={b} value={b}>
                    {b === "other" ? t("fields.otherBrand") : b}
                  </option>
                ))}
              </select>
              {errorText("cardBrand")}
            </div>
            <div>
              <label htmlFor="last4">{t("fields.last4Optional")}</label>
              <input
                id="last4"
                name="last4"
                type="text"
                inputMode="numeric"
                autoComplete="off"
                maxLength={20}
                defaultValue={v?.last4 ?? ""}
                {...described("last4")}
              />
              <p className="muted">{t("public.last4Help")}</p>
              {errorText("last4")}
            </div>
          </fieldset>
          <div>
            <label className="checkbox">
              <input type="checkbox" name="consent" value="yes" defaultChecked={v?.consent ?? false} {...described("consent")} />{" "}
              {t("public.consent")}
            </label>
            {errorText("consent")}
          </div>
          <p>
            <button type="submit">{t("public.submit")}</button>
          </p>
        </Form>
        <p>
          <Link to="/waivers/status">{t("public.alreadyRequested")}</Link>
        </p>
      </div>
    </PublicShell>
  );
}
