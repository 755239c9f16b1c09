import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import iconv from "iconv-lite";
import { CARD_SAMPLES, createContactIncident, expectNoCardData } from "../../tests/contact-fixtures";
import { createTestUser } from "../../tests/factories";
import { createApiToken } from "~/models/api-token.server";
import type { ApiScope } from "~/models/api-token.server";
import { parseInboundEmail, receiveInboundEmail } from "~/models/inbound-email.server";
import { userActor } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { applyMigrations } from "~/utils/migrate.server";
import { CLIENT_IP_HEADER } from "~/utils/request.server";
import { action } from "./api.v1.inbound-email";

/**
 * ISO-2022-JP as Japanese mail clients send it: ASCII as is, JIS X 0208 characters between
 * ESC $ B and ESC ( B (made here from EUC-JP, which holds the same characters with the high bit set).
 */
function iso2022jp(text: string): Buffer {
  const out: number[] = [];
  let jis = false;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      if (jis) out.push(0x1b, 0x28, 0x42);
      jis = false;
      out.push(ch.charCodeAt(0));
    } else {
      if (!jis) out.push(0x1b, 0x24, 0x42);
      jis = true;
      for (const b of iconv.encode(ch, "euc-jp")) out.push(b & 0x7f);
    }
  }
  if (jis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

const encodedWord = (text: string) => `=?ISO-2022-JP?B?${iso2022jp(text).toString("base64")}?=`;

function japaneseMessage({ to, messageId, body }: { to: string; messageId: string; body: string }): Buffer {
  const headers = [
    `From: ${encodedWord("山田 太郎")} <Taro.Yamada@Example.JP>`,
    `To: ${encodedWord("お問い合わせ窓口")} <${to}>`,
    `Subject: ${encodedWord("カード再発行の手数料について")}`,
    `Message-ID: <${messageId}>`,
    "Date: Fri, 17 Jul 2026 22:00:00 +0900",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=ISO-2022-JP",
    "Content-Transfer-Encoding: 7bit",
  ].join("\r\n");
  return Buffer.concat([Buffer.from(`${headers}\r\n\r\n`, "ascii"), iso2022jp(body.replace(/\n/g, "\r\n")), Buffer.from("\r\n")]);
}

const PDF_BYTES = Buffer.from("%PDF-1.4 secret statement 4111111111111111 CVV 123 %%EOF");

function multipartMessage({ to, messageId }: { to: string; messageId: string }): string {
  return [
    "From: Hanako Sato <hanako@example.jp>",
    `To: ${to}`,
    "Subject: Statement attached",
    `Message-ID: <${messageId}>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="XYZ"',
    "",
    "--XYZ",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "Please see my card statement attached. My card is 5555 5555 5555 4444.",
    "--XYZ",
    'Content-Type: application/pdf; name="=?UTF-8?B?44Kr44O844OJ5piO57SwLnBkZg==?="',
    'Content-Disposition: attachment; filename="=?UTF-8?B?44Kr44O844OJ5piO57SwLnBkZg==?="',
    "Content-Transfer-Encoding: base64",
    "",
    PDF_BYTES.toString("base64"),
    "--XYZ",
    "Content-Type: image/png",
    'Content-Disposition: attachment; filename="photo.png"',
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from("not really a png").toString("base64"),
    "--XYZ--",
    "",
  ].join("\r\n");
}

let incident: Awaited<ReturnType<typeof createContactIncident>>;
let admin: Awaited<ReturnType<typeof createTestUser>>;
let token: string;

async function newToken(scopes: ApiScope[], name = "mail") {
  return createApiToken({ name, scopes, createdById: admin.id, actor: userActor(admin) });
}

beforeAll(async () => {
  incident = await createContactIncident({ phone: "03-4405-8455", email: "inquiry@coo.ne.jp" });
  await createContactIncident({ phone: "0120-100-734", email: "other@example.jp" });
  admin = await createTestUser({ role: "admin" });
  token = (await newToken(["contacts"])).token;
});

async function post(body: Buffer | string, { query = "", contentType = "message/rfc822", auth = token as string | null } = {}) {
  const headers: Record<string, string> = { [CLIENT_IP_HEADER]: "10.0.0.25", "Content-Type": contentType };
  if (auth) headers.Authorization = `Bearer ${auth}`;
  const response = await action({
    request: new Request(`http://localhost/api/v1/inbound-email${query}`, {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : new Uint8Array(body),
    }),
    params: {},
    context: {},
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("POST /api/v1/inbound-email", () => {
  it("logs an ISO-2022-JP Japanese email as an open email_in contact of the incident its To address belongs to", async () => {
    const raw = japaneseMessage({
      to: "inquiry@coo.ne.jp",
      messageId: "jp-1@example.jp",
      body: "再発行の手数料はかかりますか。\nカード番号は４１１１　１１１１　１１１１　１１１１です。\nセキュリティコードは１２３です。",
    });
    const { status, json } = await post(raw);
    expect(status).toBe(201);
    expect(json).toMatchObject({
      incident: incident.slug,
      channel: "email_in",
      source: "email",
      status: "open",
      callerName: "山田 太郎",
      callerContact: "Taro.Yamada@example.jp",
      subject: "カード再発行の手数料について",
      duplicate: false,
      attachmentsRefused: 0,
      redaction: { cardNumbers: 1, securityCodes: 1 },
    });
    expect(String(json.message)).toContain("再発行の手数料はかかりますか。");
    expect(String(json.message)).toContain("[CARD ****1111]");
    expect(json.dueAt).toEqual(expect.any(String));
    const row = await prisma.contact.findUniqueOrThrow({ where: { id: String(json.id) } });
    expectNoCardData(row.message ?? "", ["4111111111111111", "123"]);
  });

  it("refuses attachments: not stored, only counted with names and types and a note; body text redacted", async () => {
    const { status, json } = await post(multipartMessage({ to: "inquiry@coo.ne.jp", messageId: "mp-1@example.jp" }), {
      contentType: "text/plain",
    });
    expect(status).toBe(201);
    expect(json.attachmentsRefused).toBe(2);
    expect(json.attachments).toEqual([
      { name: "カード明細.pdf", type: "application/pdf", size: PDF_BYTES.byteLength },
      { name: "photo.png", type: "image/png", size: 16 },
    ]);
    expect(String(json.notes)).toMatch(/添付ファイル 2 件.*2 attachment\(s\) refused/);
    const stored = JSON.stringify({
      row: await prisma.contact.findUniqueOrThrow({ where: { id: String(json.id) } }),
      versions: await prisma.contactVersion.findMany({ where: { contactId: String(json.id) } }),
    });
    expect(stored).not.toContain("secret statement");
    expect(stored).not.toContain(PDF_BYTES.toString("base64").slice(0, 20));
    expectNoCardData(stored, ["5555555555554444", "4111111111111111"]);
  });

  it("a retried delivery (same Message-ID) returns the contact already logged", async () => {
    const raw = japaneseMessage({ to: "inquiry@coo.ne.jp", messageId: "dup-1@example.jp", body: "二重送信テスト" });
    const first = await post(raw);
    const second = await post(raw);
    expect(first.status).toBe(201);
    expect(second).toMatchObject({ status: 200, json: { id: first.json.id, duplicate: true } });
    expect(await prisma.contact.count({ where: { message: "二重送信テスト" } })).toBe(1);
  });

  it("decodes Shift_JIS too", async () => {
    const raw = Buffer.concat([
      Buffer.from(
        [
          "From: a@example.jp",
          "To: inquiry@coo.ne.jp",
          "Subject: sjis",
          "Content-Type: text/plain; charset=Shift_JIS",
          "",
          "",
        ].join("\r\n"),
        "ascii",
      ),
      iconv.encode("公表が遅れた理由を教えてください", "shift_jis"),
    ]);
    const { status, json } = await post(raw);
    expect(status).toBe(201);
    expect(json.message).toBe("公表が遅れた理由を教えてください");
  });

  it("uses ?incident= when no email line is among the recipients; 404 when neither gives an incident", async () => {
    const raw = multipartMessage({ to: "someone@elsewhere.example", messageId: "fb-1@example.jp" });
    expect(await post(raw)).toMatchObject({ status: 404, json: { error: "unknown_incident" } });
    const withSlug = await post(raw, { query: `?incident=${incident.slug}` });
    expect(withSlug).toMatchObject({ status: 201, json: { incident: incident.slug } });
  });

  it("413 over 2 MB, 415 for another Content-Type, 422 for an empty body, 401 and 403", async () => {
    expect((await post(Buffer.alloc(2 * 1024 * 1024 + 1, 0x61))).status).toBe(413);
    expect((await post("x", { contentType: "application/json" })).status).toBe(415);
    expect(await post("")).toMatchObject({ status: 422 });
    expect((await post("x", { auth: null })).status).toBe(401);
    const calls = await newToken(["calls"], "pbx");
    expect((await post("x", { auth: calls.token })).status).toBe(403);
  });
});

describe("receiveInboundEmail", () => {
  it.each(CARD_SAMPLES)("redacts $label in the email body and subject", async ({ text, secret }) => {
    const raw = [
      "From: x@example.jp",
      "To: inquiry@coo.ne.jp",
      `Subject: =?UTF-8?B?${Buffer.from(text).toString("base64")}?=`,
      "Content-Type: text/plain; charset=UTF-8",
      "",
      text,
      "",
    ].join("\r\n");
    const { contact } = await receiveInboundEmail({ raw, actor: { type: "system" } });
    const row = await prisma.contact.findUniqueOrThrow({ where: { id: contact.id }, select: { subject: true, message: true } });
    expectNoCardData(JSON.stringify(row), [secret]);
  });

  it("an email received at 22:00 JST on Friday before 海の日 is due from Tuesday's opening plus the target", async () => {
    const raw = japaneseMessage({ to: "inquiry@coo.ne.jp", messageId: "due-1@example.jp", body: "期限のテスト" });
    const { contact } = await receiveInboundEmail({
      raw,
      receivedAt: new Date("2026-07-17T22:00:00+09:00"),
      actor: { type: "system" },
    });
    expect(contact.dueAt).toBe(new Date("2026-07-21T18:00:00+09:00").toISOString());
  });

  it("parses HTML-only mail to text", async () => {
    const parsed = await parseInboundEmail(
      [
        "From: x@example.jp",
        "To: inquiry@coo.ne.jp",
        "Content-Type: text/html; charset=UTF-8",
        "",
        "<p>こんにちは<br>質問です</p><script>alert(1)</script>",
      ].join("\r\n"),
    );
    expect(parsed.text).toBe("こんにちは\n質問です");
  });

  it("decodes numeric character references of HTML mail, so a card number written with them is redacted", async () => {
    const raw = [
      "From: x@example.jp",
      "To: inquiry@coo.ne.jp",
      "Content-Type: text/html; charset=UTF-8",
      "",
      "<p>&#x756a;&#21495; 4111&#x2010;1111&#8208;1111&#x2010;1111 &#xFF14;&#xFF11;</p>",
      "",
    ].join("\r\n");
    expect((await parseInboundEmail(raw)).text).toBe("番号 4111‐1111‐1111‐1111 ４１");
    const { contact, redaction } = await receiveInboundEmail({ raw, actor: { type: "system" } });
    expect(redaction.cardNumbers).toBe(1);
    const row = await prisma.contact.findUniqueOrThrow({ where: { id: contact.id }, select: { message: true } });
    expectNoCardData(JSON.stringify(row), ["4111111111111111"]);
  });

  it("redacts before cutting a text over its limit: no start of a card number is kept at the cut", async () => {
    // 15 of the 16 digits would survive a cut made first, too few to be recognised as a card.
    const across = (limit: number) => `${"あ".repeat(limit - 16)}4111 1111 1111 1111 以上`;
    const raw = [
      `From: =?UTF-8?B?${Buffer.from(across(200)).toString("base64")}?= <x@example.jp>`,
      "To: inquiry@coo.ne.jp",
      `Subject: =?UTF-8?B?${Buffer.from(across(300)).toString("base64")}?=`,
      "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from(across(20_000)).toString("base64"),
      "",
    ].join("\r\n");
    const { contact, redaction } = await receiveInboundEmail({ raw, actor: { type: "system" } });
    expect(redaction.cardNumbers).toBe(3);
    const row = await prisma.contact.findUniqueOrThrow({
      where: { id: contact.id },
      select: { callerName: true, subject: true, message: true },
    });
    expect(JSON.stringify(row)).not.toMatch(/4111/);
    expect(Array.from(row.subject ?? "")).toHaveLength(300);
  });
});

describe("npm run cli -- email receive", () => {
  /**
   * The CLI runs in its own process, so it gets its own migrated database in the OS temp folder
   * (not this file's copy under tests/.tmp, which a concurrent test run may remove), with one
   * incident written directly with SQL.
   */
  let cliDbUrl: string;
  let cliDb: Database.Database;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "madoguchi-cli-email-"));
    cliDbUrl = `file:${path.join(dir, "cli.db")}`;
    await applyMigrations({ databaseUrl: cliDbUrl });
    cliDb = new Database(path.join(dir, "cli.db"));
    cliDb
      .prepare(
        `INSERT INTO "Incident" (id, slug, companyJa, companyEn, titleJa, titleEn, summaryJa, summaryEn, noticeDate, active, createdAt, updatedAt) VALUES ('inc1', 'cli-case', 'c', 'c', 't', 't', 's', 's', '2015-09-18', 1, 0, 0)`,
      )
      .run();
    cliDb
      .prepare(
        `INSERT INTO "Hotline" (id, incidentId, kind, labelJa, labelEn, address, isMain, weeklyHours, yearEndClosure, responseTargetMinutes) VALUES ('h1', 'inc1', 'email', 'm', 'm', 'cli@coo.ne.jp', 1, ?, 1, 480)`,
      )
      .run(
        JSON.stringify({
          mon: [["10:00", "18:00"]],
          tue: [["10:00", "18:00"]],
          wed: [["10:00", "18:00"]],
          thu: [["10:00", "18:00"]],
          fri: [["10:00", "18:00"]],
        }),
      );
  }, 120_000);
  afterAll(() => {
    cliDb?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const runCli = (args: string[], input: Buffer) =>
    spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "app/cli/main.ts", "email", "receive", ...args], {
      input,
      env: { ...process.env, DATABASE_URL: cliDbUrl },
      encoding: "utf8",
      timeout: 60_000,
    });

  it("logs a message piped on standard input: by its To address, or with --incident", () => {
    const byAddress = runCli([], japaneseMessage({ to: "cli@coo.ne.jp", messageId: "cli-0@example.jp", body: "宛先で振り分け" }));
    expect(byAddress.stderr).toBe("");
    expect(byAddress.status).toBe(0);
    expect(byAddress.stdout).toMatch(/Logged email as contact [a-z0-9]+ \(reference [A-Z0-9]{8}, incident cli-case, due 20/);

    const bySlug = runCli(
      ["--incident", "cli-case"],
      japaneseMessage({
        to: "nobody@elsewhere.example",
        messageId: "cli-1@example.jp",
        body: "CLIからの受信テスト 4111 1111 1111 1111",
      }),
    );
    expect(bySlug.status).toBe(0);
    expect(bySlug.stdout).toMatch(/Redacted before storing: 1 card number/);
    const row = cliDb
      .prepare(`SELECT channel, status, message FROM "Contact" WHERE message LIKE 'CLIからの受信テスト%'`)
      .get() as { channel: string; status: string; message: string };
    expect(row).toEqual({ channel: "email_in", status: "open", message: "CLIからの受信テスト [CARD ****1111]" });

    const again = runCli(
      ["--incident", "cli-case"],
      japaneseMessage({
        to: "nobody@elsewhere.example",
        messageId: "cli-1@example.jp",
        body: "CLIからの受信テスト 4111 1111 1111 1111",
      }),
    );
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^Already logged/);
  }, 120_000);

  it("exits 1 with a message when no incident can be found", () => {
    const result = runCli([], japaneseMessage({ to: "nobody@elsewhere.example", messageId: "cli-2@example.jp", body: "x" }));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/No incident/);
  }, 90_000);
});
