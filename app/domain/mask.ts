/**
 * Showing personal data only as much as an agent needs to recognise it ("is this the address you
 * registered?") without reading it out. Confirming that someone is affected is itself a
 * disclosure, so screens, exports and self-check answers show masked values. Every function
 * accepts messy raw input and never returns more than its documented part of it; when the input
 * cannot be read, the result is fully masked rather than an error.
 */
import { normaliseEmail, normaliseLast4, normaliseReference } from "./normalise";

/**
 * "taro.yamada@example.jp" → "t***@example.jp": the first character of the local part, then ***;
 * the domain is shown (lower-cased) because it rarely identifies a person and helps recognition.
 * Anything that is not an email address gives "***".
 */
export function maskEmail(email: string): string {
  const normalised = normaliseEmail(email);
  if (!normalised) return "***";
  const at = normalised.display.lastIndexOf("@");
  const first = Array.from(normalised.display.slice(0, at))[0] ?? "";
  return `${first}***${normalised.display.slice(at)}`;
}

/**
 * "+81312345678" or "03-1234-5678" → "***-****-5678": the last 4 digits only (ASCII or full-width
 * input). With 4 digits or fewer nothing is shown ("***-****-****"): the last 4 would be all of it.
 */
export function maskPhone(phone: string): string {
  const digits = phone.normalize("NFKC").replace(/\D/g, "");
  return `***-****-${digits.length > 4 ? digits.slice(-4) : "****"}`;
}

/**
 * "1234" → "**** **** **** 1234" (PCI DSS 3.4.1 allows the last 4). Anything that is not exactly
 * 4 digits (a full card number pasted by mistake, empty) gives "**** **** **** ****".
 */
export function maskCardLast4(last4: string): string {
  return `**** **** **** ${normaliseLast4(last4) ?? "****"}`;
}

/**
 * "ORD-2017-000123" → "****0123": the last 4 characters of the normalised reference (upper-case,
 * no spaces or dashes). References of 4 characters or fewer give "****".
 */
export function maskReference(reference: string): string {
  const normalised = normaliseReference(reference);
  return `****${normalised.length > 4 ? normalised.slice(-4) : ""}`;
}
