/**
 * The agent's card reissue-fee waiver request form: on /staff/waivers/new and,
 * through a fetcher, on the agent desk. The caller is never asked for card data:
 * the last 4 digits come from the affected record.
 */
import { Form, Link } from "@remix-run/react";
import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";
import { CARD_BRANDS } from "~/domain/waiver-rules";
import { pick } from "~/utils/format";

export type WaiverFieldName =
  | "name"
  | "phone"
  | "email"
  | "reference"
  | "cardCompanyId"
  | "cardBrand"
  | "last4"
  | "contactName"
  | "contactEmail"
  | "contactPhone"
  | "source"
  | "consent";

/** What GET /staff/waivers/new?record=ID returns. */
export type WaiverRequestData = {
  recordId: string;
  contactId: string | null;
  fresh: boolean;
  freshMinutes: number;
  created: string | null;
  companies: { id: string; nameJa: string; nameEn: string }[];
  open: { reference: string; status: string; last4: string }[];
  card: { brand: string | null; last4: string | null } | null;
};

export type WaiverRequestResult = {
  errors: Partial<Record<WaiverFieldName | "form", string>>;
  values: Record<string, string>;
  existingReference?: string;
  /** The new request's reference, when the form was sent from the desk (no redirect). */
  created?: string;
};

export type WaiverRequestPanelProps = {
  data: WaiverRequestData;
  result?: WaiverRequestResult | null;
  /** Form, or a fetcher's Form when embedded. */
  FormComponent?: ComponentType<React.ComponentProps<typeof Form>>;
  /** Where the form posts (default: the current URL). */
  action?: string;
  /** First values of the contact fields (e.g. what the caller said during the lookup). */
  defaults?: Record<string, string>;
  /** The page heading and the link back to the script; off when embedded. */
  standalone?: boolean;
};

export function WaiverRequestPanel({
  data,
  result,
  FormComponent = Form,
  action,
  defaults = {},
  standalone = true,
}: WaiverRequestPanelProps) {
  const { fresh, freshMinutes, companies, open, card } = data;
  const created = result?.created ?? data.created;
  const { t, i18n } = useTranslation("waivers");
  const lng = i18n.language;
  const v: Record<string, string> = result?.values ?? defaults;
  const err = (f: WaiverFieldName) => result?.errors[f];
  const input = (
    name: WaiverFieldName,
    type: "text" | "email" | "tel",
    label: string,
    max: number,
    extra: Record<string, unknown> = {},
  ) => (
    <div>
      <label htmlFor={`w-${name}`}>{label}</label>
      <input
        id={`w-${name}`}
        name={name}
        type={type}
        maxLength={max}
        defaultValue={v[name] ?? ""}
        aria-invalid={err(name) ? true : undefined}
        aria-describedby={err(name) ? `w-${name}-error` : undefined}
        {...extra}
      />
      {err(name) ? (
        <p className="field-error" id={`w-${name}-error`}>
          {err(name)}
        </p>
      ) : null}
    </div>
  );

  return (
    <>
      {standalone ? <h1>{t("agent.title")}</h1> : null}
      {created ? (
        <div className="notice success" role="status">
          <p>{t("agent.created")}</p>
          <p className="waiver-reference" data-testid="waiver-reference">
            {created}
          </p>
        </div>
      ) : null}
      {result?.errors.form ? (
        <p className="notice error" role="alert">
          {result.errors.form}
        </p>
      ) : null}
      {!fresh ? (
        <section className="card">
          <h2>{t("agent.verifyTitle")}</h2>
          <p>{t("agent.verifyFirst", { minutes: freshMinutes })}</p>
          <FormComponent method="post" action={action} className="stack">
            <CsrfField />
            <input type="hidden" name="intent" value="verify" />
            {input("name", "text", t("fields.name"), 100, { required: true })}
            {input("phone", "tel", t("fields.phone"), 40)}
            {input("email", "email", t("fields.email"), 254)}
            {input("reference", "text", t("fields.reference"), 60)}
            <p>
              <button type="submit">{t("agent.verify")}</button>
            </p>
          </FormComponent>
        </section>
      ) : (
        <section className="card">
          {open.length ? (
            <div className="notice warn">
              <p>{t("agent.openExists")}</p>
              <ul>
                {open.map((o) => (
                  <li key={o.reference}>
                    {o.reference} · {o.last4} · {t(`statuses.${o.status as "submitted"}`)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <p className="muted">{t("agent.noCardNumber")}</p>
          {card?.last4 ? (
            <p>
              {t("agent.cardOnRecord")}: {card.brand ?? ""} {card.last4}
            </p>
          ) : null}
          <FormComponent method="post" action={action} className="stack">
            <CsrfField />
            <input type="hidden" name="intent" value="create" />
            {standalone ? null : <input type="hidden" name="embedded" value="1" />}
            <div>
              <label htmlFor="w-cardCompanyId">{t("fields.cardCompany")}</label>
              <select
                id="w-cardCompanyId"
                name="cardCompanyId"
                required
                defaultValue={v.cardCompanyId ?? ""}
                aria-invalid={err("cardCompanyId") ? true : undefined}
              >
                <option value="">{t("fields.choose")}</option>
                {companies.map((c) => (
                  <option key={c.id} value={c.id}>
                    {pick(lng, c.nameJa, c.nameEn)}
                  </option>
                ))}
              </select>
              {err("cardCompanyId") ? <p className="field-error">{err("cardCompanyId")}</p> : null}
            </div>
            <div>
              <label htmlFor="w-cardBrand">{t("fields.cardBrand")}</label>
              <select
                id="w-cardBrand"
                name="cardBrand"
                defaultValue={v.cardBrand ?? (CARD_BRANDS as readonly string[]).find((b) => b === card?.brand) ?? ""}
              >
                <option value="">{t("fields.unknownBrand")}</option>
                {CARD_BRANDS.map((b) => (
                  <option key={b} value={b}>
                    {b === "other" ? t("fields.otherBrand") : b}
                  </option>
                ))}
              </select>
              {err("cardBrand") ? <p className="field-error">{err("cardBrand")}</p> : null}
            </div>
            {card?.last4 ? (
              <input type="hidden" name="last4" value="" />
            ) : (
              input("last4", "text", t("fields.last4"), 20, { inputMode: "numeric", autoComplete: "off" })
            )}
            {input("contactName", "text", t("fields.contactName"), 100, { required: true })}
            {input("contactEmail", "email", t("fields.email"), 254)}
            {input("contactPhone", "tel", t("fields.phone"), 40)}
            <div>
              <label htmlFor="w-source">{t("fields.source")}</label>
              <select id="w-source" name="source" defaultValue={v.source ?? "agent"}>
                <option value="agent">{t("sources.agent")}</option>
                <option value="email">{t("sources.email")}</option>
              </select>
            </div>
            <div>
              <label className="checkbox">
                <input
                  type="checkbox"
                  name="consent"
                  value="yes"
                  defaultChecked={v.consent === "yes"}
                  aria-invalid={err("consent") ? true : undefined}
                />{" "}
                {t("agent.consent")}
              </label>
              {err("consent") ? <p className="field-error">{err("consent")}</p> : null}
            </div>
            <p>
              <button type="submit">{t("agent.submit")}</button>
            </p>
          </FormComponent>
        </section>
      )}
      {standalone ? (
        <p>
          <Link to="/staff/scripts/call?step=call.waiver-take">{t("agent.backToScript")}</Link>
        </p>
      ) : null}
    </>
  );
}
