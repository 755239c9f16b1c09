/**
 * Redaction of card data from free text before it is stored (PCI DSS 3.3.1.2: no security code
 * after authorisation, anywhere; 3.4.1: at most the last 4 digits of a card number shown).
 * Every free-text field (contact notes, web-form messages, email bodies) goes through
 * {@link redactFreeText} before it reaches the database, a log or an export.
 */
import { findCardNumbers, findSecurityCodes } from "./card-data";

/** What a redacted card number becomes: language-neutral, keeps the last 4 digits (ASCII). */
export function formatCardToken(last4: string): string {
  return `[CARD ****${last4}]`;
}

/** What a redacted security code becomes. */
export const SECURITY_CODE_TOKEN = "[CVV]";

/** Tokens left by an earlier redaction; their digits and the word CVV in them are not data. */
const EXISTING_TOKENS = /\[CARD \*{4}\d{4}\]|\[CVV\]/g;

export type RedactionResult = { text: string; cardNumbers: number; securityCodes: number };

/**
 * `text` with every card number replaced by `[CARD ****1234]` (its last 4 digits) and every
 * security code by `[CVV]`, plus how many of each were removed, so the UI can tell the agent.
 * Uses {@link findCardNumbers} and {@link findSecurityCodes}; a security code inside a card number
 * counts as part of the card number.
 *
 * Idempotent: tokens from an earlier pass are blanked out before searching, so neither the digits
 * in "[CARD ****1234]" nor the word in "[CVV]" can trigger a second redaction. (Tokens are at least
 * as long as a security code and longer than the 10-character keyword window, so replacing text
 * cannot bring a leftover digit run into reach of a keyword.)
 */
export function redactFreeText(text: string): RedactionResult {
  // Same length as `text`, so positions carry over; "#" is neither digit, separator nor letter.
  const searchable = text.replace(EXISTING_TOKENS, (token) => "#".repeat(token.length));
  const cards = findCardNumbers(searchable);
  const codes = findSecurityCodes(searchable).filter(
    (code) => !cards.some((card) => code.start < card.end && card.start < code.end),
  );
  const replacements = [
    ...cards.map((card) => ({ start: card.start, end: card.end, token: formatCardToken(card.digits.slice(-4)) })),
    ...codes.map((code) => ({ start: code.start, end: code.end, token: SECURITY_CODE_TOKEN })),
  ].sort((a, b) => a.start - b.start);

  let redacted = "";
  let position = 0;
  for (const { start, end, token } of replacements) {
    redacted += text.slice(position, start) + token;
    position = end;
  }
  redacted += text.slice(position);
  return { text: redacted, cardNumbers: cards.length, securityCodes: codes.length };
}
