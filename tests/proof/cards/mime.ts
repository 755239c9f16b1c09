/**
 * Raw RFC 5322 messages for the card-number proof, in the encodings mail really arrives in: UTF-8
 * 8bit, quoted-printable, base64, HTML-only (literal characters, or every non-ASCII character as a
 * numeric character reference, as some mailers write it), and ISO-2022-JP (the traditional
 * Japanese mail encoding). Subject and sender name are RFC 2047 encoded words.
 */
import iconv from "iconv-lite";

export const EMAIL_ENCODINGS = ["8bit", "quoted-printable", "base64", "html", "html-entities", "iso-2022-jp"] as const;
export type EmailEncoding = (typeof EMAIL_ENCODINGS)[number];

const CRLF = "\r\n";

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join(CRLF);
}

/** Quoted-printable (RFC 2045) of UTF-8 text; line breaks in the text stay hard line breaks. */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let encoded = "";
    const bytes = Buffer.from(line, "utf8");
    bytes.forEach((b, i) => {
      const last = i === bytes.length - 1;
      encoded +=
        (b >= 33 && b <= 126 && b !== 61) || (b === 32 && !last)
          ? String.fromCharCode(b)
          : `=${b.toString(16).toUpperCase().padStart(2, "0")}`;
    });
    // Soft line breaks: at most 76 characters a line, never inside an =XX.
    let rest = encoded;
    while (rest.length > 75) {
      let cut = 75;
      if (rest[cut - 1] === "=") cut -= 1;
      else if (rest[cut - 2] === "=") cut -= 2;
      out.push(`${rest.slice(0, cut)}=`);
      rest = rest.slice(cut);
    }
    out.push(rest);
  }
  return out.join(CRLF);
}

/** ISO-2022-JP bytes of the text, or null when a character has no JIS X 0208 code. */
export function iso2022jp(text: string): Buffer | null {
  const bytes: number[] = [];
  let jis = false;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      if (jis) bytes.push(0x1b, 0x28, 0x42);
      jis = false;
      bytes.push(ch.charCodeAt(0));
      continue;
    }
    const euc = iconv.encode(ch, "euc-jp");
    if (euc.length !== 2 || euc[0]! < 0xa1 || euc[1]! < 0xa1 || iconv.decode(euc, "euc-jp") !== ch) return null;
    if (!jis) bytes.push(0x1b, 0x24, 0x42);
    jis = true;
    bytes.push(euc[0]! & 0x7f, euc[1]! & 0x7f);
  }
  if (jis) bytes.push(0x1b, 0x28, 0x42);
  return Buffer.from(bytes);
}

/** An RFC 2047 header value: encoded words of at most ~40 source characters each. */
export function encodedWords(text: string, charset: "UTF-8" | "ISO-2022-JP" = "UTF-8"): string {
  const chars = [...text];
  const words: string[] = [];
  for (let i = 0; i < chars.length; i += 20) {
    const piece = chars.slice(i, i + 20).join("");
    const bytes = charset === "UTF-8" ? Buffer.from(piece, "utf8") : (iso2022jp(piece) ?? Buffer.from(piece, "utf8"));
    words.push(`=?${charset}?B?${bytes.toString("base64")}?=`);
  }
  return words.join(`${CRLF} `);
}

function htmlOf(text: string, entities: boolean): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const body = entities
    ? [...escaped].map((ch) => (ch.codePointAt(0)! > 0x7e ? `&#x${ch.codePointAt(0)!.toString(16)};` : ch)).join("")
    : escaped;
  return `<html><body><p>${body.replace(/\r?\n/g, "<br>")}</p></body></html>`;
}

export type EmailParts = {
  fromName: string;
  fromAddress: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  encoding: EmailEncoding;
  attachment?: { name: string; content: string };
};

/** The whole message as bytes; null when the text cannot be written in the encoding (ISO-2022-JP). */
export function buildEmail(parts: EmailParts): Buffer | null {
  const jis = parts.encoding === "iso-2022-jp";
  const jisBody = jis ? iso2022jp(parts.text.replace(/\r?\n/g, CRLF)) : null;
  if (jis && (!jisBody || !iso2022jp(parts.subject) || !iso2022jp(parts.fromName))) return null;
  const headers = [
    `From: ${encodedWords(parts.fromName, jis ? "ISO-2022-JP" : "UTF-8")} <${parts.fromAddress}>`,
    `To: ${parts.to}`,
    `Subject: ${encodedWords(parts.subject, jis ? "ISO-2022-JP" : "UTF-8")}`,
    `Message-ID: <${parts.messageId}>`,
    "Date: Sat, 21 Nov 2026 10:00:00 +0900",
    "MIME-Version: 1.0",
  ];
  let bodyHeaders: string[];
  let body: Buffer;
  switch (parts.encoding) {
    case "8bit":
      bodyHeaders = ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit"];
      body = Buffer.from(parts.text.replace(/\r?\n/g, CRLF), "utf8");
      break;
    case "quoted-printable":
      bodyHeaders = ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"];
      body = Buffer.from(quotedPrintable(parts.text), "ascii");
      break;
    case "base64":
      bodyHeaders = ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64"];
      body = Buffer.from(wrap(Buffer.from(parts.text, "utf8").toString("base64"), 76), "ascii");
      break;
    case "html":
    case "html-entities":
      bodyHeaders = ["Content-Type: text/html; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"];
      body = Buffer.from(quotedPrintable(htmlOf(parts.text, parts.encoding === "html-entities")), "ascii");
      break;
    case "iso-2022-jp":
      bodyHeaders = ["Content-Type: text/plain; charset=ISO-2022-JP", "Content-Transfer-Encoding: 7bit"];
      body = jisBody!;
      break;
  }
  if (!parts.attachment) {
    return Buffer.concat([Buffer.from([...headers, ...bodyHeaders].join(CRLF) + CRLF + CRLF, "utf8"), body, Buffer.from(CRLF)]);
  }
  const boundary = "=_card_proof_boundary";
  return Buffer.concat([
    Buffer.from([...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`].join(CRLF) + CRLF + CRLF, "utf8"),
    Buffer.from(`--${boundary}${CRLF}${bodyHeaders.join(CRLF)}${CRLF}${CRLF}`, "utf8"),
    body,
    Buffer.from(
      `${CRLF}--${boundary}${CRLF}` +
        `Content-Type: text/plain; charset=UTF-8; name="${encodedWords(parts.attachment.name)}"${CRLF}` +
        `Content-Disposition: attachment; filename="${encodedWords(parts.attachment.name)}"${CRLF}` +
        `Content-Transfer-Encoding: base64${CRLF}${CRLF}` +
        `${wrap(Buffer.from(parts.attachment.content, "utf8").toString("base64"), 76)}${CRLF}--${boundary}--${CRLF}`,
      "utf8",
    ),
  ]);
}
