/**
 * Reading the agent's contact form (new contact, correction, embedded on the desk) on the
 * server: zod validation with translated messages, and the values to send back on a 400 so
 * nothing typed is lost. Free text in the echo goes through redactFreeText: a card number
 * typed by mistake is not sent back to the screen (nor kept anywhere).
 */
import { data } from "@remix-run/node";
import type { ContactFormActionData, ContactFormValues } from "~/components/contact-form";
import { contactFormSchema, fieldErrors, formToObject } from "~/domain/contact-rules";
import type { ContactErrorCode, ContactInput } from "~/domain/contact-rules";
import { redactFreeText } from "~/domain/redact";
import { i18nServer, getLocale } from "./i18n.server";

const ECHO_FREE_TEXT = new Set([
  "callerName",
  "callerContact",
  "reference",
  "notes",
  "reason",
  "text",
  "message",
  "name",
  "reach",
]);
const NEVER_ECHO = new Set(["csrf", "website"]);

/** The form's values to re-render after an error; free text redacted. */
export function echoValues(
  form: FormData,
  arrays: readonly string[] = ["categories"],
): { values: ContactFormValues; redacted: boolean } {
  let redacted = false;
  const values: ContactFormValues = {};
  for (const [key, raw] of Object.entries(formToObject(form, arrays))) {
    if (NEVER_ECHO.has(key)) continue;
    if (typeof raw === "string" && ECHO_FREE_TEXT.has(key)) {
      const result = redactFreeText(raw);
      redacted ||= result.cardNumbers + result.securityCodes > 0;
      values[key] = result.text;
    } else if (typeof raw === "string" || Array.isArray(raw)) {
      values[key] = raw as string | string[];
    }
  }
  return { values, redacted };
}

export async function contactsT(request: Request) {
  return i18nServer.getFixedT(await getLocale(request), "contacts");
}

/** {field: code} → {field: translated message}. */
export async function translateErrors(
  request: Request,
  errors: Record<string, ContactErrorCode | "conflict" | "notFound">,
  params: Record<string, unknown> = {},
) {
  const t = await contactsT(request);
  const out: Record<string, string> = {};
  for (const [field, code] of Object.entries(errors)) out[field] = t(`errors.${code}`, params) as string;
  return out;
}

/** A 400 answer for the contact form: translated errors and the echoed values. */
export async function contactFormError(
  request: Request,
  form: FormData,
  errors: Record<string, ContactErrorCode | "conflict" | "notFound">,
  { status = 400, params = {} }: { status?: number; params?: Record<string, unknown> } = {},
) {
  const { values, redacted } = echoValues(form);
  const body: ContactFormActionData = { errors: await translateErrors(request, errors, params), values, redactedEcho: redacted };
  return data(body, { status });
}

/** Parses the contact form; `errors` are codes per field when it does not validate. */
export function parseContactForm(
  form: FormData,
  now = new Date(),
): { ok: true; input: ContactInput } | { ok: false; errors: Record<string, ContactErrorCode> } {
  const result = contactFormSchema(now).safeParse(formToObject(form));
  if (!result.success) return { ok: false, errors: fieldErrors(result.error) };
  return { ok: true, input: result.data };
}
