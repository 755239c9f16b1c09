/**
 * `npm run cli -- email receive [--incident SLUG] < message.eml`: log one raw email read from
 * standard input, for a mail server pipe (e.g. Postfix: `inquiry: "|/path/to/npm run cli -- email
 * receive --incident coocom-2015"`). Same rules as POST /api/v1/inbound-email: the To address
 * picks the incident (--incident is the fallback), attachments are refused, text is redacted,
 * a repeated Message-ID is not logged twice, at most 2 MB. Exit status 0 when logged (or already
 * logged), 1 otherwise, so the mail server can bounce or retry.
 */
import { parseArgs } from "node:util";

async function readStdin(max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.byteLength;
    if (size > max) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export async function emailReceiveCommand(args: string[], out: (line: string) => void): Promise<void> {
  const { values } = parseArgs({ args, options: { incident: { type: "string" } } });
  const { MAX_EMAIL_BYTES, receiveInboundEmail } = await import("~/models/inbound-email.server");
  const raw = await readStdin(MAX_EMAIL_BYTES);
  if (raw === null) throw new Error(`The message is larger than ${MAX_EMAIL_BYTES} bytes: not logged.`);
  if (raw.byteLength === 0)
    throw new Error("Usage: npm run cli -- email receive [--incident SLUG] < message.eml (the message on standard input)");
  const result = await receiveInboundEmail({
    raw: new Uint8Array(raw),
    incidentSlug: values.incident ?? null,
    actor: { type: "system", label: "cli email receive" },
  });
  const c = result.contact;
  out(
    result.duplicate
      ? `Already logged: contact ${c.id} (reference ${c.ref}).`
      : `Logged email as contact ${c.id} (reference ${c.ref}, incident ${c.incident.slug}, due ${c.dueAt ?? "-"}).`,
  );
  if (result.attachmentsRefused > 0) out(`Attachments refused (not stored): ${result.attachmentsRefused}.`);
  if (result.redaction.cardNumbers + result.redaction.securityCodes > 0) {
    out(
      `Redacted before storing: ${result.redaction.cardNumbers} card number(s), ${result.redaction.securityCodes} security code(s).`,
    );
  }
}
