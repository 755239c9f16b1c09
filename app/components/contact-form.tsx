/**
 * The agent's contact form: log a call, email, web inquiry or letter in seconds, keyboard only.
 *
 * Embeddable: <ContactForm incident={{ slug, title }} /> posts through its own fetcher to
 * /staff/contacts/new (the route's action), so on the agent desk errors show in place next to
 * the lookup and the script, and a successful save redirects to `redirectTo` with a flash in
 * the URL (?logged=ID&cards=N&codes=N) that <ContactLoggedNotice/> shows. Without JavaScript it
 * is a normal form post; /staff/contacts/new then re-renders it with `result` (errors + values).
 *
 * Keyboard: the channel is focused first; Tab walks the fields in reading order; in the category
 * list the keys 1-9 toggle the categories; Ctrl+Enter in the notes saves; Alt+S (accesskey) saves.
 */
import { Link, useFetcher, useSearchParams } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/components/csrf-field";
import {
  CONTACT_CATEGORIES,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  ESCALATION_TARGETS,
  isPhoneChannel,
  shortContactRef,
} from "~/domain/contact-rules";
import type { ContactChannel } from "~/domain/contact-rules";

/** Raw form values as typed (checkbox lists as arrays): what a 400 answer sends back. */
export type ContactFormValues = Record<string, string | string[]>;

/** What the contact actions answer with status 400 (and a fetcher receives). */
export type ContactFormActionData = {
  /** Field name → translated message; "_form" for the form as a whole. */
  errors: Record<string, string>;
  values: ContactFormValues;
  /** Card data was removed from the echoed values. */
  redactedEcho: boolean;
};

export type ContactFormDefaults = {
  channel?: ContactChannel;
  /** datetime-local value in Japan time; default: when the form was rendered (the loader passes it). */
  startedAt?: string;
  endedAt?: string;
  talk?: string;
  hold?: string;
  acw?: string;
  callerName?: string;
  callerContact?: string;
  reference?: string;
  /** Identity verified by the lookup (name plus a fact we hold). */
  identityVerified?: boolean;
  /** Affected record found by the lookup; sent only together with identityVerified. */
  affectedRecordId?: string;
  categories?: string[];
  outcome?: string;
  escalatedTo?: string;
  notes?: string;
};

export type ContactFormProps = {
  /** The incident the contact belongs to (the staff member's current incident). */
  incident: { slug: string; title: string };
  defaults?: ContactFormDefaults;
  /** The route's action data after a no-JS post (errors and the values to re-render). */
  result?: ContactFormActionData | null;
  /** Where the form posts. Default /staff/contacts/new. */
  action?: string;
  /** Where to go after saving (same-site path). Default: /staff/contacts/new. */
  redirectTo?: string;
  autoFocus?: boolean;
  /** Prefix for element ids, when two forms share a page. */
  idPrefix?: string;
  /** "correct": a correction of an existing contact (reason required, saved as a new version). */
  mode?: "create" | "correct";
  /** For corrections: the version shown to the agent. */
  expectedVersion?: number;
};

const CATEGORY_KEYS = "123456789";

/** The URL a successful save redirects to: `path` plus the flash the notice reads. */
export function loggedFlashUrl(
  path: string,
  { id, cardNumbers, securityCodes }: { id: string; cardNumbers: number; securityCodes: number },
): string {
  const url = new URL(path, "http://local");
  for (const key of ["logged", "cards", "codes"]) url.searchParams.delete(key);
  url.searchParams.set("logged", id);
  if (cardNumbers > 0) url.searchParams.set("cards", String(cardNumbers));
  if (securityCodes > 0) url.searchParams.set("codes", String(securityCodes));
  return `${url.pathname}${url.search}`;
}

/** "Logged (reference X)" plus the redaction notice, from the flash in the URL; nothing without one. */
export function ContactLoggedNotice() {
  const { t } = useTranslation("contacts");
  const [params] = useSearchParams();
  const id = params.get("logged");
  if (!id || !/^[a-z0-9]{8,40}$/.test(id)) return null;
  const count = (name: string) => Math.min(99, Math.max(0, Number.parseInt(params.get(name) ?? "0", 10) || 0));
  const cards = count("cards");
  const codes = count("codes");
  return (
    <div className="notice success" role="status" data-testid="contact-logged">
      <p>
        {t("form.logged", { ref: shortContactRef(id) })} <Link to={`/staff/contacts/${id}`}>{t("form.openLogged")}</Link>
      </p>
      {cards > 0 ? <p data-testid="redacted-cards">{t("form.redactedCards", { count: cards })}</p> : null}
      {codes > 0 ? <p data-testid="redacted-codes">{t("form.redactedCodes", { count: codes })}</p> : null}
    </div>
  );
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function asText(value: string | string[] | undefined, fallback = ""): string {
  if (value === undefined) return fallback;
  return Array.isArray(value) ? (value[0] ?? fallback) : value;
}

export function ContactForm({
  incident,
  defaults = {},
  result,
  action = "/staff/contacts/new",
  redirectTo,
  autoFocus = true,
  idPrefix = "contact",
  mode = "create",
  expectedVersion,
}: ContactFormProps) {
  const { t } = useTranslation("contacts");
  const fetcher = useFetcher<ContactFormActionData>();
  const data = fetcher.data ?? result ?? null;
  const errors = data?.errors ?? {};
  const formRef = useRef<HTMLFormElement>(null);

  // After an answer with errors, re-mount the fields with the values the server echoed
  // (card data removed) and focus the first field in error.
  const generation = useMemo(() => (data ? Math.random().toString(36).slice(2) : "initial"), [data]);
  const values: ContactFormValues = data?.values ?? {};
  const text = (name: keyof ContactFormDefaults & string) => asText(values[name], data ? "" : String(defaults[name] ?? ""));
  const initialChannel = (asText(values.channel, defaults.channel ?? "phone_in") || "phone_in") as ContactChannel;
  const initialOutcome = asText(values.outcome, defaults.outcome ?? "");
  const [channel, setChannel] = useState<string>(initialChannel);
  const [outcome, setOutcome] = useState<string>(initialOutcome);
  // Without JavaScript every field shows; once hydrated, fields that do not apply are hidden
  // and disabled (so they are not sent).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    setChannel(initialChannel);
    setOutcome(initialOutcome);
    if (!data) return;
    const first = Object.keys(data.errors).find((k) => k !== "_form");
    const target = first
      ? formRef.current?.querySelector<HTMLElement>(`[name="${first === "talkSeconds" ? "talk" : first}"]`)
      : null;
    target?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when a new answer arrives
  }, [generation]);

  const checkedCategories = data ? asList(values.categories) : (defaults.categories ?? []);
  const verified = data ? ["1", "on", "true"].includes(asText(values.identityVerified)) : Boolean(defaults.identityVerified);
  const recordId = data ? asText(values.affectedRecordId) : (defaults.affectedRecordId ?? "");
  const showPhoneTimes = !hydrated || isPhoneChannel(channel);
  const showEscalation = !hydrated || outcome === "escalated";
  const id = (name: string) => `${idPrefix}-${name}`;
  const errorOf = (...names: string[]) => names.map((n) => errors[n]).find(Boolean);
  const describe = (name: string, ...errorNames: string[]) => {
    const err = errorOf(name, ...errorNames);
    return err ? { "aria-invalid": true as const, "aria-describedby": id(`${name}-error`) } : {};
  };
  const fieldError = (name: string, ...errorNames: string[]) => {
    const err = errorOf(name, ...errorNames);
    return err ? (
      <p className="field-error" id={id(`${name}-error`)}>
        {err}
      </p>
    ) : null;
  };

  function onCategoryKey(event: KeyboardEvent<HTMLFieldSetElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const index = CATEGORY_KEYS.indexOf(event.key);
    if (index < 0) return;
    const box = event.currentTarget.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')[index];
    if (!box) return;
    event.preventDefault();
    box.click();
    box.focus();
  }

  function onNotesKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  }

  const submitting = fetcher.state !== "idle";
  return (
    <fetcher.Form
      method="post"
      action={action}
      className="contact-form"
      ref={formRef}
      key={generation}
      noValidate
      data-testid="contact-form"
    >
      <CsrfField />
      <input type="hidden" name="incident" value={incident.slug} />
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      {mode === "correct" ? (
        <>
          <input type="hidden" name="intent" value="correct" />
          <input type="hidden" name="expectedVersion" value={expectedVersion ?? 1} />
        </>
      ) : null}
      {recordId ? <input type="hidden" name="affectedRecordId" value={recordId} /> : null}

      {Object.keys(errors).length > 0 ? (
        <p className="notice error" role="alert">
          {errors._form ?? t("form.fixErrors")}
        </p>
      ) : null}
      {data?.redactedEcho ? <p className="notice warn">{t("form.redactedEcho")}</p> : null}

      <p className="muted">
        {t("form.incident")}: <strong>{incident.title}</strong>
      </p>

      <fieldset>
        <legend>{t("form.callSection")}</legend>
        <div className="contact-form-row">
          <div>
            <label htmlFor={id("channel")}>{t("channel.label")}</label>
            <select
              id={id("channel")}
              name="channel"
              value={channel}
              onChange={(e) => setChannel(e.target.value)}
              autoFocus={autoFocus}
              {...describe("channel")}
            >
              {CONTACT_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}`)}
                </option>
              ))}
            </select>
            {fieldError("channel")}
          </div>
        </div>
        <div className="contact-form-row" hidden={!showPhoneTimes} data-testid="phone-times">
          {(
            [
              ["talk", "talkSeconds"],
              ["hold", "holdSeconds"],
              ["acw", "acwSeconds"],
            ] as const
          ).map(([name, field]) => (
            <div key={name}>
              <label htmlFor={id(name)}>
                {t(`form.${name}`)} <span className="muted small">(m:ss)</span>
              </label>
              <input
                id={id(name)}
                name={name}
                type="text"
                className="duration-input"
                placeholder="0:00"
                autoComplete="off"
                defaultValue={text(name)}
                disabled={!showPhoneTimes}
                {...describe(name, field)}
              />
              {fieldError(name, field)}
            </div>
          ))}
          <p className="muted small">{t("form.phoneTimesHint")}</p>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("form.callerSection")}</legend>
        <div className="contact-form-row">
          <div>
            <label htmlFor={id("callerName")}>{t("form.callerName")}</label>
            <input
              id={id("callerName")}
              name="callerName"
              type="text"
              autoComplete="off"
              maxLength={200}
              defaultValue={text("callerName")}
              {...describe("callerName")}
            />
            {fieldError("callerName")}
          </div>
          <div>
            <label htmlFor={id("callerContact")}>{t("form.callerContact")}</label>
            <input
              id={id("callerContact")}
              name="callerContact"
              type="text"
              autoComplete="off"
              maxLength={254}
              defaultValue={text("callerContact")}
              {...describe("callerContact")}
            />
            {fieldError("callerContact")}
          </div>
          <div>
            <label htmlFor={id("reference")}>{t("form.reference")}</label>
            <input
              id={id("reference")}
              name="reference"
              type="text"
              autoComplete="off"
              maxLength={100}
              defaultValue={text("reference")}
              {...describe("reference")}
            />
            {fieldError("reference")}
          </div>
        </div>
        <label className="checkbox-label">
          <input type="checkbox" name="identityVerified" value="1" defaultChecked={verified} /> {t("form.identityVerified")}
        </label>
        {recordId ? <p className="muted small">{t("form.linkedRecord")}</p> : null}
        {fieldError("affectedRecordId", "identityVerified")}
      </fieldset>

      <fieldset
        onKeyDown={onCategoryKey}
        aria-describedby={id("categories-hint")}
        {...(errorOf("categories") ? { "aria-invalid": true } : {})}
      >
        <legend>{t("category.label")}</legend>
        <p className="muted small" id={id("categories-hint")}>
          {t("form.categoriesHint")}
        </p>
        <div className="category-grid">
          {CONTACT_CATEGORIES.map((c, i) => (
            <label key={c} className="checkbox-label">
              <input type="checkbox" name="categories" value={c} defaultChecked={checkedCategories.includes(c)} />{" "}
              <kbd>{CATEGORY_KEYS[i]}</kbd> {t(`category.${c}`)}
            </label>
          ))}
        </div>
        {fieldError("categories")}
      </fieldset>

      <div className="contact-form-row">
        <div>
          <label htmlFor={id("outcome")}>{t("outcome.label")}</label>
          <select
            id={id("outcome")}
            name="outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
            {...describe("outcome")}
          >
            <option value="">{t("outcome.none")}</option>
            {CONTACT_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`outcome.${o}`)}
              </option>
            ))}
          </select>
          {fieldError("outcome")}
        </div>
        <div hidden={!showEscalation}>
          <label htmlFor={id("escalatedTo")}>{t("escalation.label")}</label>
          <select
            id={id("escalatedTo")}
            name="escalatedTo"
            defaultValue={text("escalatedTo")}
            disabled={!showEscalation}
            {...describe("escalatedTo")}
          >
            <option value="">{t("escalation.none")}</option>
            {ESCALATION_TARGETS.map((e) => (
              <option key={e} value={e}>
                {t(`escalation.${e}`)}
              </option>
            ))}
          </select>
          {fieldError("escalatedTo")}
        </div>
      </div>

      <div>
        <label htmlFor={id("notes")}>{t("form.notes")}</label>
        <textarea
          id={id("notes")}
          name="notes"
          rows={4}
          maxLength={10_000}
          defaultValue={text("notes")}
          onKeyDown={onNotesKey}
          aria-describedby={errorOf("notes") ? id("notes-error") : id("notes-hint")}
          aria-invalid={errorOf("notes") ? true : undefined}
        />
        <p className="muted small" id={id("notes-hint")}>
          {t("form.notesHint")}
        </p>
        {fieldError("notes")}
      </div>

      <fieldset>
        <legend>{t("form.timesSection")}</legend>
        <div className="contact-form-row">
          <div>
            <label htmlFor={id("startedAt")}>{t("form.startedAt")}</label>
            <input
              id={id("startedAt")}
              name="startedAt"
              type="datetime-local"
              step={60}
              defaultValue={text("startedAt")}
              {...describe("startedAt")}
            />
            {fieldError("startedAt")}
          </div>
          <div>
            <label htmlFor={id("endedAt")}>{t("form.endedAt")}</label>
            <input
              id={id("endedAt")}
              name="endedAt"
              type="datetime-local"
              step={60}
              defaultValue={text("endedAt")}
              aria-describedby={errorOf("endedAt") ? id("endedAt-error") : id("endedAt-hint")}
              aria-invalid={errorOf("endedAt") ? true : undefined}
            />
            <p className="muted small" id={id("endedAt-hint")}>
              {t("form.endedAtHint")}
            </p>
            {fieldError("endedAt")}
          </div>
        </div>
      </fieldset>

      {mode === "correct" ? (
        <div>
          <label htmlFor={id("reason")}>{t("form.reason")}</label>
          <input
            id={id("reason")}
            name="reason"
            type="text"
            maxLength={1000}
            required
            defaultValue={asText(values.reason)}
            {...describe("reason")}
          />
          {fieldError("reason", "expectedVersion")}
        </div>
      ) : null}

      <div className="contact-form-actions">
        <button type="submit" accessKey="s" disabled={submitting} aria-keyshortcuts="Alt+S">
          {submitting ? t("form.saving") : mode === "correct" ? t("form.saveCorrection") : t("form.save")}
        </button>{" "}
        <span className="muted small">{t("form.saveHint")}</span>
      </div>
    </fetcher.Form>
  );
}
