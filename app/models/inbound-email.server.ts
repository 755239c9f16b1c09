/**
 * Inbound email: a raw RFC 5322 message (from a mail server pipe, a webhook, or the CLI) becomes
 * an open email_in contact in the inquiry queue, with a due time.
 *
 * - Parsed with postal-mime (decodes MIME, quoted-printable/base64, ISO-2022-JP, Shift_JIS).
 * - The incident is the one whose email hotline address is among the recipients (To, Cc,
 *   Delivered-To, X-Original-To); `incidentSlug` is the fallback.
 * - Attachments are refused: their content is never stored; only the count, names, types and
 *   sizes are recorded, with a note.
 * - Subject, text, sender name and attachment names are redacted before storing (and before a
 *   text over its limit is shortened).
 * - A mail server that retries delivers the same Message-ID again: the second delivery returns
 *   the contact already logged instead of a duplicate.
 */
import PostalMime from "postal-mime";
import type { Address, Email } from "postal-mime";
import { TEXT_LIMITS } from "~/domain/contact-rules";
import { normaliseEmail } from "~/domain/normalise";
import { redactFreeText } from "~/domain/redact";
import { createContact, findContact } from "~/models/contact.server";
import type { AttachmentInfo, ContactView, RedactionCounts } from "~/models/contact.server";
import type { AuditActor } from "~/utils/audit.server";
import { sha256Hex } from "~/utils/crypto.server";
import { prisma } from "~/utils/db.server";

/** Larger messages are refused (413): the desk takes text, not files. */
export const MAX_EMAIL_BYTES = 2 * 1024 * 1024;

export class UnknownIncidentError extends Error {
  constructor() {
    super("No incident has an email line among the recipients, and no incident was given.");
  }
}

export class UnreadableEmailError extends Error {}

export type ParsedInboundEmail = {
  fromAddress: string | null;
  fromName: string | null;
  recipients: string[];
  subject: string | null;
  text: string;
  messageId: string | null;
  attachments: AttachmentInfo[];
};

function mailboxes(addresses: readonly Address[] | Address | undefined): { name: string; address: string }[] {
  if (!addresses) return [];
  const list = Array.isArray(addresses) ? addresses : [addresses as Address];
  return list.flatMap((a) => (a.group ? a.group : a.address ? [{ name: a.name, address: a.address }] : []));
}

/** A numeric character reference's character, or the reference itself when it names none. */
function fromCodePoint(reference: string, codePoint: number): string {
  return codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff)
    ? String.fromCodePoint(codePoint)
    : reference;
}

/**
 * Plain text of an HTML body: good enough to read an inquiry (no markup is ever rendered).
 * Numeric character references are decoded (some mailers write every non-ASCII character as
 * "&#x2010;"): left as they are, they would hide a card number from the redaction.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h[1-6])>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&#(\d{1,7});/g, (ref, dec: string) => fromCodePoint(ref, Number(dec)))
    .replace(/&#x([0-9a-f]{1,6});/gi, (ref, hex: string) => fromCodePoint(ref, parseInt(hex, 16)))
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function attachmentSize(content: Email["attachments"][number]["content"]): number {
  if (typeof content === "string") return content.length;
  return content.byteLength;
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

/** Parses a raw message; throws UnreadableEmailError when it is not a message at all. */
export async function parseInboundEmail(raw: Uint8Array | string): Promise<ParsedInboundEmail> {
  let email: Email;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: "arraybuffer" });
  } catch (error) {
    throw new UnreadableEmailError(error instanceof Error ? error.message : String(error));
  }
  const from = mailboxes(email.from)[0] ?? null;
  const header = (key: string) => email.headers.filter((h) => h.key === key).map((h) => h.value);
  const recipients = [
    ...mailboxes(email.to).map((m) => m.address),
    ...mailboxes(email.cc).map((m) => m.address),
    ...(email.deliveredTo ? [email.deliveredTo] : []),
    ...header("x-original-to"),
    ...header("envelope-to"),
  ]
    .map((a) => a.trim().replace(/^<|>$/g, "").toLowerCase())
    .filter((a) => a.includes("@"));
  const text = email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : "";
  if (!from && !email.subject && text.trim() === "" && email.headers.length === 0) {
    throw new UnreadableEmailError("no headers and no body");
  }
  return {
    fromAddress: from?.address ?? null,
    fromName: from?.name?.trim() ? from.name.trim() : null,
    recipients: [...new Set(recipients)],
    subject: email.subject?.trim() ? email.subject.trim() : null,
    text: text.replace(/\r\n/g, "\n").trim(),
    messageId: email.messageId?.trim() ? email.messageId.trim() : null,
    attachments: email.attachments.map((a) => ({
      name: a.filename ?? "",
      type: a.mimeType,
      size: attachmentSize(a.content),
    })),
  };
}

/** The incident (and its email line) a message was sent to. */
async function resolveIncident(
  recipients: readonly string[],
  incidentSlug: string | null,
): Promise<{ slug: string; incidentId: string; hotlineId: string | null }> {
  if (recipients.length > 0) {
    const lines = await prisma.hotline.findMany({
      where: { kind: "email" },
      select: { id: true, address: true, incident: { select: { id: true, slug: true } } },
    });
    const matches = lines.filter((l) => recipients.includes(l.address.trim().toLowerCase()));
    const incidents = new Set(matches.map((m) => m.incident.id));
    if (incidents.size === 1) {
      const match = matches[0]!;
      return { slug: match.incident.slug, incidentId: match.incident.id, hotlineId: match.id };
    }
  }
  if (incidentSlug) {
    const incident = await prisma.incident.findUnique({
      where: { slug: incidentSlug },
      select: {
        id: true,
        slug: true,
        hotlines: { where: { kind: "email" }, orderBy: { isMain: "desc" }, take: 1, select: { id: true } },
      },
    });
    if (incident) return { slug: incident.slug, incidentId: incident.id, hotlineId: incident.hotlines[0]?.id ?? null };
  }
  throw new UnknownIncidentError();
}

/** The note recorded when attachments were refused (names and types only). */
function attachmentNote(attachments: readonly AttachmentInfo[]): string | null {
  if (attachments.length === 0) return null;
  const list = attachments.map((a) => `${a.name || "(no name)"} (${a.type || "?"}, ${a.size} B)`).join(", ");
  return `添付ファイル ${attachments.length} 件は受け付けていません（保存せず）/ ${attachments.length} attachment(s) refused, not stored: ${list}`;
}

export type ReceiveEmailResult = {
  contact: ContactView;
  redaction: RedactionCounts;
  duplicate: boolean;
  attachmentsRefused: number;
};

/** Logs one inbound email as an open email_in contact (see the module comment). */
export async function receiveInboundEmail({
  raw,
  incidentSlug = null,
  receivedAt = new Date(),
  actor,
  request,
}: {
  raw: Uint8Array | string;
  incidentSlug?: string | null;
  receivedAt?: Date;
  actor: AuditActor;
  request?: Request;
}): Promise<ReceiveEmailResult> {
  const email = await parseInboundEmail(raw);
  const target = await resolveIncident(email.recipients, incidentSlug);
  const messageKey = email.messageId ? `email:${sha256Hex(`${target.incidentId}\n${email.messageId}`)}` : null;
  if (messageKey) {
    const existing = await prisma.contact.findUnique({ where: { messageKey }, select: { id: true } });
    const contact = existing ? await findContact({ id: existing.id }) : null;
    if (contact)
      return {
        contact,
        redaction: { cardNumbers: 0, securityCodes: 0 },
        duplicate: true,
        attachmentsRefused: contact.attachments.length,
      };
  }
  try {
    return await logEmail({ email, target, messageKey, receivedAt, actor, request });
  } catch (error) {
    // The same message delivered twice at the same moment: the second finds the first.
    const unique = typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
    const existing =
      unique && messageKey ? await prisma.contact.findUnique({ where: { messageKey }, select: { id: true } }) : null;
    const contact = existing ? await findContact({ id: existing.id }) : null;
    if (contact)
      return {
        contact,
        redaction: { cardNumbers: 0, securityCodes: 0 },
        duplicate: true,
        attachmentsRefused: contact.attachments.length,
      };
    throw error;
  }
}

/**
 * Redacts, then shortens to `max` characters: cutting first could leave the start of a card
 * number at the end of the text, too short to be recognised and still too much to keep.
 */
function redactAndTruncate(text: string, max: number, counts: RedactionCounts): string {
  const redacted = redactFreeText(text);
  counts.cardNumbers += redacted.cardNumbers;
  counts.securityCodes += redacted.securityCodes;
  return truncate(redacted.text, max);
}

async function logEmail({
  email,
  target,
  messageKey,
  receivedAt,
  actor,
  request,
}: {
  email: ParsedInboundEmail;
  target: { slug: string; hotlineId: string | null };
  messageKey: string | null;
  receivedAt: Date;
  actor: AuditActor;
  request?: Request;
}): Promise<ReceiveEmailResult> {
  const sender = email.fromAddress ? (normaliseEmail(email.fromAddress)?.display ?? email.fromAddress) : null;
  const removed: RedactionCounts = { cardNumbers: 0, securityCodes: 0 };
  const { contact, redaction } = await createContact({
    input: {
      incident: target.slug,
      channel: "email_in",
      startedAt: receivedAt,
      endedAt: null,
      talkSeconds: null,
      holdSeconds: null,
      acwSeconds: null,
      callerName: email.fromName ? redactAndTruncate(email.fromName, TEXT_LIMITS.name, removed) : null,
      callerContact: sender ? redactAndTruncate(sender, TEXT_LIMITS.contact, removed) : null,
      reference: null,
      identityVerified: false,
      affectedRecordId: null,
      categories: [],
      outcome: null,
      escalatedTo: null,
      notes: attachmentNote(email.attachments),
      subject: email.subject ? redactAndTruncate(email.subject, TEXT_LIMITS.subject, removed) : null,
      message: redactAndTruncate(email.text, TEXT_LIMITS.message, removed) || null,
    },
    source: "email",
    status: "open",
    hotlineId: target.hotlineId,
    withDueTime: true,
    attachments: email.attachments,
    messageKey,
    actor,
    request,
  });
  // createContact redacts again (the attachment note, anything cut here): both passes count.
  return {
    contact,
    redaction: {
      cardNumbers: removed.cardNumbers + redaction.cardNumbers,
      securityCodes: removed.securityCodes + redaction.securityCodes,
    },
    duplicate: false,
    attachmentsRefused: email.attachments.length,
  };
}
