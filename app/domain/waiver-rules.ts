/**
 * Card reissue-fee waiver requests: the life of a request, its reference number, and the rule
 * "one open request per affected record and card". Pure: no I/O.
 *
 *   submitted ──▶ verified ──▶ sent ──▶ confirmed
 *       │            │          │
 *       └────────────┴──────────┴──▶ rejected (with a reason)
 *
 * - submitted: the customer (self-check), an agent (during a call) or the email team asked.
 * - verified:  a supervisor checked the request against the affected record.
 * - sent:      it went to the card company in a batch (WaiverBatch).
 * - confirmed: the card company answered that the fee is waived. Final.
 * - rejected:  refused, with a reason the customer can be told. Final; a new request may follow.
 */
import { normaliseLast4 } from "./normalise";

export const WAIVER_STATUSES = ["submitted", "verified", "sent", "confirmed", "rejected"] as const;
export type WaiverStatus = (typeof WAIVER_STATUSES)[number];

export const WAIVER_SOURCES = ["self-check", "agent", "email"] as const;
export type WaiverSource = (typeof WAIVER_SOURCES)[number];

/** Card brands a customer can name (optional on the request). */
export const CARD_BRANDS = ["VISA", "Mastercard", "JCB", "American Express", "Diners Club", "other"] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

const TRANSITIONS: Record<WaiverStatus, readonly WaiverStatus[]> = {
  submitted: ["verified", "rejected"],
  verified: ["sent", "rejected"],
  sent: ["confirmed", "rejected"],
  confirmed: [],
  rejected: [],
};

export function isWaiverStatus(value: unknown): value is WaiverStatus {
  return typeof value === "string" && (WAIVER_STATUSES as readonly string[]).includes(value);
}

export function isWaiverSource(value: unknown): value is WaiverSource {
  return typeof value === "string" && (WAIVER_SOURCES as readonly string[]).includes(value);
}

/** The statuses a request in `from` may move to. Unknown statuses may move nowhere. */
export function nextWaiverStatuses(from: string): readonly WaiverStatus[] {
  return isWaiverStatus(from) ? TRANSITIONS[from] : [];
}

export function canTransition(from: string, to: string): boolean {
  return isWaiverStatus(to) && nextWaiverStatuses(from).includes(to);
}

/** "sent" is set by the batch to the card company (a later feature), not by hand. */
export function manualNextStatuses(from: string): WaiverStatus[] {
  return nextWaiverStatuses(from).filter((s) => s !== "sent");
}

/** Open = still being worked on; at most one open request per affected record and card. */
export function isOpenStatus(status: string): boolean {
  return status !== "confirmed" && status !== "rejected";
}

/** The value of the unique openKey column while a request is open; null once it is final. */
export function openKeyFor({
  affectedRecordId,
  last4,
  status,
}: {
  affectedRecordId: string;
  last4: string;
  status: string;
}): string | null {
  return isOpenStatus(status) ? `${affectedRecordId}:${last4}` : null;
}

export const REJECT_REASON_MAX = 500;

/** A rejection needs a reason (trimmed, 1-500 characters); other moves take none. */
export function transitionProblem({
  from,
  to,
  reason,
}: {
  from: string;
  to: string;
  reason?: string | null;
}): "not-allowed" | "reason-required" | null {
  if (!canTransition(from, to)) return "not-allowed";
  if (to === "rejected") {
    const r = (reason ?? "").trim();
    if (r.length === 0 || r.length > REJECT_REASON_MAX) return "reason-required";
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Reference numbers
// ---------------------------------------------------------------------------------------

/**
 * 32 characters without look-alikes: no 0/O and no 1/I, so a number read out on the phone or
 * copied from a letter cannot be mistaken. 256 % 32 = 0, so random bytes map without bias.
 */
export const REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const ALPHABET = REFERENCE_ALPHABET;
export const WAIVER_REFERENCE_PREFIX = "W-";
export const WAIVER_REFERENCE_LENGTH = 8;

/** Builds "W-" + 8 characters from 8 random bytes (the caller supplies the randomness). */
export function waiverReferenceFromBytes(bytes: Uint8Array): string {
  if (bytes.length < WAIVER_REFERENCE_LENGTH) throw new RangeError(`Need ${WAIVER_REFERENCE_LENGTH} random bytes`);
  let out = WAIVER_REFERENCE_PREFIX;
  for (let i = 0; i < WAIVER_REFERENCE_LENGTH; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

const REFERENCE_RE = new RegExp(`^W-[${ALPHABET}]{${WAIVER_REFERENCE_LENGTH}}$`);

/**
 * What a customer types, as the stored reference, or null: full-width characters, lower case,
 * spaces and any dash are forgiven, and the "W-" may be left out.
 */
export function normaliseWaiverReference(input: string): string | null {
  const upper = input.normalize("NFKC").toUpperCase().trim();
  let body = upper.replace(SEPARATORS, "");
  // "W-..." / "W ..." typed with its prefix; "W..." without a separator only when it is one character too long.
  if (/^W[\s\u2010-\u2015\u2212\u30FC\uFF0D-]/.test(upper)) body = body.slice(1);
  else if (body.length === WAIVER_REFERENCE_LENGTH + 1 && body.startsWith("W")) body = body.slice(1);
  const candidate = `${WAIVER_REFERENCE_PREFIX}${body}`;
  return REFERENCE_RE.test(candidate) ? candidate : null;
}

const SEPARATORS = /[\s\u2010-\u2015\u2212\u30FC\uFF0D-]/g;

// ---------------------------------------------------------------------------------------
// Which card
// ---------------------------------------------------------------------------------------

export type Last4Decision = { ok: true; last4: string } | { ok: false; problem: "required" | "invalid" | "mismatch" };

/**
 * The last 4 digits a request is for. The desk never needs to ask for them: when the affected
 * record holds them they are taken from there, and a value the customer typed must equal them.
 * When the record has none, the customer's value is required.
 */
export function decideLast4({
  given,
  recordLast4,
}: {
  given: string | null | undefined;
  recordLast4: string | null | undefined;
}): Last4Decision {
  const typed = given != null && given.trim() !== "" ? given : null;
  const normalised = typed === null ? null : normaliseLast4(typed);
  if (typed !== null && normalised === null) return { ok: false, problem: "invalid" };
  const onRecord = recordLast4 ? normaliseLast4(recordLast4) : null;
  if (onRecord) {
    if (normalised !== null && normalised !== onRecord) return { ok: false, problem: "mismatch" };
    return { ok: true, last4: onRecord };
  }
  if (normalised === null) return { ok: false, problem: "required" };
  return { ok: true, last4: normalised };
}
