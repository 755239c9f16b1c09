/**
 * Rules for "is this person affected?". Pure: no I/O, no Remix, no Prisma.
 *
 * - Facts: name, phone, email and order/reservation number are independent facts; the last four
 *   digits of a card are supporting evidence only (callers read them off any card, and many
 *   people share them), so they never count towards verification.
 * - Identity is verified only when at least two independent facts match one record.
 * - A transaction is inside an exposure window when its date in Japan (JST, whatever the server's
 *   time zone) falls on or between the window's first and last day ('YYYY-MM-DD', inclusive).
 * - What each channel may be told: agents get the full verdict; the API gets
 *   affected / not_found / needs_verification; the public self-check gets exactly three answers
 *   (affected / not found / cannot confirm), mapped so that it is not an enumeration oracle
 *   (see {@link publicOutcomeFor} and docs/decisions/006-self-check-outcomes.md).
 */
import { tokyoDate } from "./business-hours";

export const LOOKUP_FACTS = ["name", "phone", "email", "reference"] as const;
export type LookupFact = (typeof LOOKUP_FACTS)[number];

export const LOOKUP_CHANNELS = ["agent", "self-check", "api"] as const;
export type LookupChannel = (typeof LOOKUP_CHANNELS)[number];

/** Facts that must match one record before anything about it is disclosed. */
export const FACTS_TO_VERIFY = 2;

/**
 * The verdict for the desk (agents see it as is):
 * - affected: verified, and a transaction of a verified record is inside its site's window;
 * - not_affected: verified, but every verified record's transaction is outside the windows;
 * - undetermined: verified, none inside, and at least one verified record has no transaction date
 *   (a shop export without dates cannot be judged: a person has to look);
 * - needs_verification: records match, but none by two independent facts;
 * - not_found: no record matches any fact.
 */
export const LOOKUP_OUTCOMES = ["affected", "not_affected", "undetermined", "needs_verification", "not_found"] as const;
export type LookupOutcome = (typeof LOOKUP_OUTCOMES)[number];

/** What the IVR/CTI API answers. */
export type ApiOutcome = "affected" | "not_found" | "needs_verification";

/** The three answers of the public self-check. */
/** The self-check's honeypot field: hidden from people, tempting to bots (a filled one is refused). */
export const SELF_CHECK_HONEYPOT_FIELD = "website";

export const PUBLIC_OUTCOMES = ["affected", "not_found", "uncertain"] as const;
export type PublicOutcome = (typeof PUBLIC_OUTCOMES)[number];

export type CalendarWindow = { startDate: string; endDate: string };

/** The window (JST calendar days, inclusive) that holds the instant, or null. */
export function windowContaining<W extends CalendarWindow>(instant: Date, windows: readonly W[]): W | null {
  const day = tokyoDate(instant);
  return windows.find((w) => w.startDate <= day && day <= w.endDate) ?? null;
}

export function isInsideWindows(instant: Date, windows: readonly CalendarWindow[]): boolean {
  return windowContaining(instant, windows) !== null;
}

export type CandidateKeys = {
  nameKey: string | null;
  kanaKey: string | null;
  emailKey: string | null;
  phoneKey: string | null;
  referenceKey: string | null;
  cardLast4: string | null;
};

export type QueryKeys = {
  /** HMACs a name may have (as typed, and converted from romaji); matched against both name columns. */
  nameKeys: readonly string[];
  emailKey: string | null;
  phoneKey: string | null;
  referenceKey: string | null;
  last4: string | null;
};

export type FactMatch = { matchedFields: LookupFact[]; last4Matched: boolean };

/** Which independent facts of the query a record matches, in LOOKUP_FACTS order. */
export function matchFacts(record: CandidateKeys, query: QueryKeys): FactMatch {
  const matched: LookupFact[] = [];
  const nameHit =
    query.nameKeys.length > 0 &&
    ((record.nameKey !== null && query.nameKeys.includes(record.nameKey)) || (record.kanaKey !== null && query.nameKeys.includes(record.kanaKey)));
  if (nameHit) matched.push("name");
  if (query.phoneKey && record.phoneKey === query.phoneKey) matched.push("phone");
  if (query.emailKey && record.emailKey === query.emailKey) matched.push("email");
  if (query.referenceKey && record.referenceKey === query.referenceKey) matched.push("reference");
  return { matchedFields: matched, last4Matched: query.last4 !== null && record.cardLast4 === query.last4 };
}

export function isVerified(match: FactMatch): boolean {
  return match.matchedFields.length >= FACTS_TO_VERIFY;
}

/**
 * Best first: more independent facts; then a matching last 4 (supporting evidence breaks ties);
 * then a transaction inside a window before one outside; then the later transaction; then id, so
 * the order is stable.
 */
export function compareCandidates(
  a: FactMatch & { id: string; inside: boolean | null; transactionAt: Date | null },
  b: FactMatch & { id: string; inside: boolean | null; transactionAt: Date | null },
): number {
  return (
    b.matchedFields.length - a.matchedFields.length ||
    Number(b.last4Matched) - Number(a.last4Matched) ||
    Number(b.inside === true) - Number(a.inside === true) ||
    (b.transactionAt?.getTime() ?? 0) - (a.transactionAt?.getTime() ?? 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The verdict from the ranked candidates: `inside` is null when a record has no transaction date. */
export function decideOutcome(candidates: readonly (FactMatch & { inside: boolean | null })[]): LookupOutcome {
  if (candidates.length === 0) return "not_found";
  const verified = candidates.filter(isVerified);
  if (verified.length === 0) return "needs_verification";
  if (verified.some((c) => c.inside === true)) return "affected";
  if (verified.some((c) => c.inside === null)) return "undetermined";
  return "not_affected";
}

/**
 * The API's three outcomes. Verified-but-outside is "not_found" (not on the affected list for this
 * incident); undetermined needs a person, so it is "needs_verification".
 */
export function apiOutcomeFor(outcome: LookupOutcome): ApiOutcome {
  switch (outcome) {
    case "affected":
      return "affected";
    case "undetermined":
    case "needs_verification":
      return "needs_verification";
    case "not_affected":
    case "not_found":
      return "not_found";
  }
}

/** Which kinds of facts the incident's affected list holds at all (not per person). */
export type ListCoverage = { records: boolean } & Record<LookupFact, boolean>;

/**
 * The public self-check's answer. Confirming that someone is affected is a disclosure, and the
 * difference between the two negative answers must not tell a stranger anything about the list:
 *
 * - "affected": two independent facts match one record whose transaction is inside a window.
 * - "uncertain" (cannot confirm, call the hotline): decided WITHOUT looking at any person's record,
 *   from what the caller typed and what kinds of data the incident's list holds: fewer than two of
 *   the facts given can be checked against this list (the list is not loaded yet, or it holds no
 *   email addresses / phone numbers, as forensic lists of card data often do). It is also given
 *   when two facts match a record that has no transaction date, which only someone who already
 *   knows two facts of that person can reach.
 * - "not_found": everything else, INCLUDING a record matching only one fact (needs_verification)
 *   and a verified record outside the windows (not_affected). Saying "cannot confirm" for a
 *   one-fact match would tell anyone who types a stranger's email with any name that the email is
 *   on the list: the enumeration oracle DOMAIN.md forbids.
 */
export function publicOutcomeFor({
  outcome,
  given,
  coverage,
}: {
  outcome: LookupOutcome;
  given: readonly LookupFact[];
  coverage: ListCoverage;
}): PublicOutcome {
  const checkable = given.filter((fact) => coverage.records && coverage[fact]);
  if (checkable.length < FACTS_TO_VERIFY) return "uncertain";
  if (outcome === "affected") return "affected";
  if (outcome === "undetermined") return "uncertain";
  return "not_found";
}

/**
 * A name an agent may see for a record the caller did not name: the first character, then ＊＊.
 * (When the caller said the name and it matched, agents see it in full.)
 */
export function maskName(name: string): string {
  const compact = name.normalize("NFKC").trim();
  const first = Array.from(compact)[0];
  return first ? `${first}＊＊` : "＊＊";
}

// ---------------------------------------------------------------------------------------
// Equal-size answers for the self-check
// ---------------------------------------------------------------------------------------

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
const encoder = new TextEncoder();

/** Bytes a text takes in server-rendered HTML (React escapes & < > " '), UTF-8. */
export function htmlTextBytes(text: string): number {
  return encoder.encode(text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch)).length;
}

/**
 * Padding that makes each variant's text as long in HTML bytes as the longest variant: the answer
 * for one variant is `texts[variant]` plus `paddingFor(...)[variant]` ASCII characters, so two
 * answers rendered with the same markup have the same length whichever variant was chosen.
 */
export function paddingFor<K extends string>(texts: Record<K, readonly string[]>): Record<K, number> {
  const sizes = Object.fromEntries(
    (Object.keys(texts) as K[]).map((k) => [k, texts[k].reduce((sum, t) => sum + htmlTextBytes(t), 0)]),
  ) as Record<K, number>;
  const longest = Math.max(...Object.values<number>(sizes));
  return Object.fromEntries((Object.keys(texts) as K[]).map((k) => [k, longest - sizes[k]])) as Record<K, number>;
}
