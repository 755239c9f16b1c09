import { data } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { PublicShell } from "~/components/public-shell";
import { normaliseWaiverReference } from "~/domain/waiver-rules";
import { findWaiverStatus } from "~/models/waiver.server";
import type { WaiverStatusView } from "~/models/waiver.server";
import { recordAudit } from "~/utils/audit.server";
import { hmacLookupKey } from "~/utils/crypto.server";
import { readForm } from "~/utils/csrf.server";
import { formatTokyoDateTime, pick } from "~/utils/format";
import { getLocale, i18nServer } from "~/utils/i18n.server";
import { hitRateLimit } from "~/utils/rate-limit.server";
import { getClientIp } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Waiver request status | Madoguchi" }];

/** Per IP: 20 look-ups in 15 minutes; per reference number: 5 in 15 minutes (so a reference cannot be paired with guessed contacts). */
export const WAIVER_STATUS_IP_LIMIT = { limit: 20, windowSeconds: 15 * 60 };
export const WAIVER_STATUS_REFERENCE_LIMIT = { limit: 5, windowSeconds: 15 * 60 };

/**
 * The customer follows their waiver request: reference number plus the email address or phone
 * number given in the request. A wrong reference and a wrong contact get the same answer.
 * POST, so the contact is never in a URL (logs, history); works without JavaScript.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return { reference: normaliseWaiverReference(url.searchParams.get("reference") ?? "") ?? "" };
}

const FormSchema = z.object({
  reference: z.string().trim().min(1).max(40),
  contact: z.string().trim().min(1).max(254),
});

type ActionResult =
  | { found: true; status: WaiverStatusView; values: { reference: string; contact: string } }
  | {
      found: false;
      errors: Partial<Record<"reference" | "contact" | "form", string>>;
      values: { reference: string; contact: string };
    };

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const t = await i18nServer.getFixedT(await getLocale(request), "waivers");
  const values = {
    reference: typeof form.get("reference") === "string" ? (form.get("reference") as string) : "",
    contact: typeof form.get("contact") === "string" ? (form.get("contact") as string) : "",
  };
  const ipHit = await hitRateLimit({
    key: `waiver-status-ip:${hmacLookupKey("ratelimit-waiver", getClientIp(request))}`,
    ...WAIVER_STATUS_IP_LIMIT,
  });
  if (!ipHit.allowed) {
    return data<ActionResult>(
      { found: false, errors: { form: t("public.rateLimited", { minutes: Math.ceil(ipHit.retryAfterSeconds / 60) }) }, values },
      { status: 429, headers: { "Retry-After": String(ipHit.retryAfterSeconds) } },
    );
  }
  const parsed = FormSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Partial<Record<"reference" | "contact", string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "reference" || field === "contact")
        errors[field] = values[field].trim()
          ? t("validation.tooLong", { max: field === "reference" ? 40 : 254 })
          : t("validation.required");
    }
    return data<ActionResult>({ found: false, errors, values }, { status: 400 });
  }
  const normalised = normaliseWaiverReference(parsed.data.reference);
  const referenceKey = hmacLookupKey(
    "ratelimit-waiver",
    `reference:${normalised ?? parsed.data.reference.normalize("NFKC").toUpperCase()}`,
  );
  const refHit = await hitRateLimit({ key: `waiver-status-ref:${referenceKey}`, ...WAIVER_STATUS_REFERENCE_LIMIT });
  if (!refHit.allowed) {
    return data<ActionResult>(
      { found: false, errors: { form: t("public.rateLimited", { minutes: Math.ceil(refHit.retryAfterSeconds / 60) }) }, values },
      { status: 429, headers: { "Retry-After": String(refHit.retryAfterSeconds) } },
    );
  }
  const status = await findWaiverStatus({ reference: parsed.data.reference, contact: parsed.data.contact });
  await recordAudit({
    actor: { type: "public" },
    action: "waiver.status_lookup",
    entityType: "waiver",
    details: { found: status !== null, referenceKey, ipHash: hmacLookupKey("ip", getClientIp(request)) },
  });
  if (!status) {
    return data<ActionResult>({ found: false, errors: { form: t("status.notFound") }, values }, { status: 404 });
  }
  return data<ActionResult>({ found: true, status, values });
}

export default function WaiverStatusPage() {
  const { reference } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("waivers");
  const lng = i18n.language;
  const errors = result && !result.found ? result.errors : undefined;
  return (
    <PublicShell>
      <div className="page narrow">
        <h1>{t("status.title")}</h1>
        <p>{t("status.intro")}</p>
        {result?.found ? (
          <section className="card" data-testid="waiver-status" aria-live="polite">
            <h2>
              {t("status.reference")}: <span className="waiver-reference">{result.status.reference}</span>
            </h2>
            <p>
              {t("status.current")}:{" "}
              <strong className={`badge waiver-status-${result.status.status}`} data-status={result.status.status}>
                {t(`statuses.${result.status.status}`)}
              </strong>
            </p>
            <p className="muted">{t(`statusHelp.${result.status.status}`)}</p>
            {result.status.rejectReason ? (
              <p>
                {t("status.reason")}: {result.status.rejectReason}
              </p>
            ) : null}
            <p>
              {t("status.cardCompany")}: {pick(lng, result.status.cardCompany.nameJa, result.status.cardCompany.nameEn)}
            </p>
            <h3>{t("status.history")}</h3>
            <ol className="waiver-history">
              {result.status.events.map((e, i) => (
                <li key={i}>
                  {formatTokyoDateTime(e.at, lng)}: {t(`statuses.${e.status}`)}
                </li>
              ))}
            </ol>
          </section>
        ) : null}
        {errors?.form ? (
          <p className="notice error" role="alert" data-testid="waiver-status-error">
            {errors.form}
          </p>
        ) : null}
        <Form method="post" className="stack">
          <CsrfField />
          <div>
            <label htmlFor="reference">{t("fields.waiverReference")}</label>
            <input
              id="reference"
              name="reference"
              type="text"
              autoComplete="off"
              maxLength={40}
              required
              defaultValue={result?.values.reference ?? reference}
              aria-invalid={errors?.reference ? true : undefined}
              aria-describedby={errors?.reference ? "reference-error" : undefined}
            />
            {errors?.reference ? (
              <p className="field-error" id="reference-error">
                {errors.reference}
              </p>
            ) : null}
          </div>
          <div>
            <label htmlFor="contact">{t("fields.contact")}</label>
            <input
              id="contact"
              name="contact"
              type="text"
              autoComplete="email"
              maxLength={254}
              required
              defaultValue={result?.values.contact ?? ""}
              aria-invalid={errors?.contact ? true : undefined}
              aria-describedby={errors?.contact ? "contact-error" : undefined}
            />
            {errors?.contact ? (
              <p className="field-error" id="contact-error">
                {errors.contact}
              </p>
            ) : null}
          </div>
          <p>
            <button type="submit">{t("status.submit")}</button>
          </p>
        </Form>
      </div>
    </PublicShell>
  );
}
