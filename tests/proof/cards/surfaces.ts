/**
 * The inputs the card-number proof fuzzes, one function each, all through the running app over
 * HTTP (or its command line, for the CLI inputs). Every function sends every format of
 * tests/proof/cards/generate.ts through every free-text field of its input, a fresh number per
 * field and format, and records each answer against the status the input should give:
 *
 * - free text that is stored (notes, messages, names, reasons, email bodies...): accepted, the
 *   card data redacted before it is stored (302 after a form, 201 from the API);
 * - identity facts that are only matched, never stored (/check, lookups, the waiver identity):
 *   answered as usual (200, or the same "cannot confirm" 400), only keyed hashes kept;
 * - fields that must hold something else (a phone number, the last 4 digits): refused with 400;
 * - CSV imports: the file is refused and deleted (the job fails; nothing of the file is kept).
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { decode } from "turbo-stream";
import { demoCustomers } from "../../e2e/demo-customers";
import { csvCell, DEMO_CSV_HEADERS, demoCsvLine, demoCustomers as importCustomers } from "../../import-csv";
import { PROOF_SECRETS, ROOT } from "../harness";
import type { Format } from "./generate";
import { Browser } from "./http";
import type { Sent } from "./http";
import { buildEmail, EMAIL_ENCODINGS, iso2022jp } from "./mime";
import type { FuzzRun } from "./fuzz-run";
import { eachLimit } from "./fuzz-run";

export type Context = {
  run: FuzzRun;
  url: string;
  agent: Browser;
  supervisor: Browser;
  admin: Browser;
  /** API token with every scope. */
  token: string;
  /** Tokens for inbound email, used in turn (each may send 300 messages a minute). */
  emailTokens: string[];
  /** Folder for files the proof writes (CSV, emails) outside the app's DATA_DIR. */
  workDir: string;
  /** Environment for the command line (DATABASE_URL, DATA_DIR). */
  cliEnv: Record<string, string>;
  /** Where command-line output is appended (scanned like the app's log). */
  cliLog: (text: string) => void;
  /** Command-line runs so far. */
  cliRuns: { count: number };
  concurrency: number;
};

const SHOP = "cou-2017";
/** The start of the message a script or incident form shows for a card number (Japanese pages). */
const CARD_REFUSED = "カード番号は保存できません";
const COOCOM = "coocom-2015";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/**
 * `npm run cli -- …` with standard input; its output goes to the CLI log. Asynchronous on
 * purpose: a blocking spawnSync would stop this process from noticing that the app closed an
 * idle keep-alive connection, and the next request would fail on the dead socket.
 */
export async function cli(ctx: Context, args: string[], input?: Buffer | string): Promise<{ status: number; output: string }> {
  ctx.cliRuns.count += 1;
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "app/cli/main.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...PROOF_SECRETS, LOG_LEVEL: "info", NODE_ENV: "production", ...ctx.cliEnv },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  child.stdin.end(input ?? "");
  const status = await new Promise<number>((resolve) => child.once("close", (code) => resolve(code ?? -1)));
  ctx.cliLog(`$ cli ${args.join(" ")}\n${output}\n`);
  return { status, output };
}

const param = (location: string | null, key: string) => (location ? new URL(location, "http://x").searchParams.get(key) : null);

/**
 * A route loader's data, as the browser fetches it: the app uses Remix single fetch, where
 * GET /path.data answers every matched loader in turbo-stream format (the package Remix itself
 * decodes it with). `path` may carry a query string.
 */
async function loaderData<T>(browser: Browser, pathAndQuery: string, routeId: string): Promise<T> {
  const url = new URL(pathAndQuery, "http://x");
  url.searchParams.set("_routes", routeId);
  const res = await browser.get(`${url.pathname}.data${url.search}`);
  if (res.status !== 200) throw new Error(`GET ${url.pathname}.data: ${res.status} ${res.body.slice(0, 200)}`);
  const decoded = await decode(new Response(res.body).body!);
  await decoded.done;
  const route = (decoded.value as Record<string, { data?: T; error?: unknown }>)[routeId];
  if (!route || !("data" in route)) throw new Error(`GET ${url.pathname}.data: no data for ${routeId}`);
  return route.data as T;
}

function isoNow(offsetSeconds = 0): string {
  return new Date(Date.now() + offsetSeconds * 1000).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Staff contact log: the agent's form, corrections, the inquiry queue
// ---------------------------------------------------------------------------------------------

export async function staffContactForm(ctx: Context): Promise<string[]> {
  const { run, agent } = ctx;
  const input = "staff contact form (/staff/contacts/new)";
  const correction = "staff contact correction (/staff/contacts/:id)";
  run.describe(input, "accepted (302), card data redacted before storing");
  run.describe(correction, "accepted (302), card data redacted before storing");
  const ids: string[] = [];
  const fields = (f: Format, name: string) => ({
    incident: SHOP,
    channel: "phone_in",
    startedAt: "",
    endedAt: "",
    talk: "3:00",
    hold: "",
    acw: "",
    callerName: run.short(name, "callerName", f, "山田"),
    callerContact: run.short(name, "callerContact", f, "携帯"),
    reference: run.short(name, "reference", f, "注文"),
    notes: run.note(name, "notes", f),
    outcome: "resolved_first_contact",
    escalatedTo: "",
    categories: "other",
  });
  await eachLimit(run.formats, ctx.concurrency, async (f) => {
    const sent = run.record(
      input,
      f.name,
      await agent.post("/staff/contacts/new", { ...fields(f, input), redirectTo: "/staff/contacts/new" }),
      [302],
    ) as Sent;
    const id = param(sent.location, "logged");
    if (!id) return run.fail(input, `${f.name}: no contact id in the redirect`);
    ids.push(id);
    run.record(
      correction,
      f.name,
      await agent.post(`/staff/contacts/${id}`, {
        ...fields(f, correction),
        intent: "correct",
        expectedVersion: "1",
        reason: run.note(correction, "reason", f),
      }),
      [302],
    );
  });
  return ids;
}

export async function inquiryQueue(ctx: Context, contactIds: readonly string[]): Promise<void> {
  const { run, agent } = ctx;
  const answer = "inquiry queue answer (/staff/queue)";
  const close = "inquiry queue close (/staff/queue)";
  run.describe(answer, "accepted (302), the answer text redacted before storing");
  run.describe(close, "accepted (302), the notes redacted before storing");
  await eachLimit(run.formats, ctx.concurrency, async (f, i) => {
    const contactId = contactIds[i % contactIds.length];
    if (!contactId) return run.fail(answer, "no queued inquiry to answer");
    run.record(
      answer,
      f.name,
      await agent.post("/staff/queue", { intent: "answer", contactId, channel: "email_out", text: run.note(answer, "text", f) }),
      [302],
    );
    run.record(
      close,
      f.name,
      await agent.post("/staff/queue", {
        intent: "close",
        contactId,
        outcome: "resolved_first_contact",
        escalatedTo: "",
        categories: "other",
        notes: run.note(close, "notes", f),
      }),
      [302],
    );
  });
}

// ---------------------------------------------------------------------------------------------
// JSON API: contacts, calls, lookups
// ---------------------------------------------------------------------------------------------

export async function contactsApi(ctx: Context): Promise<void> {
  const { run, agent, token } = ctx;
  const input = "POST /api/v1/contacts";
  run.describe(
    input,
    "accepted (201), every string field redacted before storing; an agentEmail or incident holding a card number is refused (400/404)",
  );
  await eachLimit(run.formats, ctx.concurrency, async (f) => {
    run.record(
      input,
      f.name,
      await agent.api("/api/v1/contacts", token, {
        incident: SHOP,
        channel: "email_in",
        startedAt: isoNow(-60),
        status: "open",
        callerName: run.short(input, "callerName", f, "山田"),
        callerContact: run.short(input, "callerContact", f, "連絡先"),
        reference: run.short(input, "reference", f, "注文"),
        notes: run.note(input, "notes", f),
        subject: run.short(input, "subject", f, "件名"),
        message: run.note(input, "message", f),
      }),
      [201],
    );
  });
  for (const f of run.formats.filter((x) => x.emailSafe)) {
    run.record(
      input,
      `agentEmail ${f.name}`,
      await agent.api("/api/v1/contacts", token, {
        incident: SHOP,
        channel: "phone_in",
        startedAt: isoNow(-60),
        agentEmail: run.email(input, "agentEmail", f, ""),
      }),
      [400],
    );
  }
  run.record(
    input,
    "incident slug",
    await agent.api("/api/v1/contacts", token, {
      incident: run.card(input, "incident", run.formats[0]!),
      channel: "phone_in",
      startedAt: isoNow(-60),
    }),
    [400, 404],
  );
}

export async function callsApi(ctx: Context): Promise<void> {
  const { run, agent, token } = ctx;
  const input = "POST /api/v1/calls";
  run.describe(input, "accepted (201, then 200 for the next event); caller number and call id kept without card data");
  await eachLimit(run.formats, ctx.concurrency, async (f) => {
    const callId = `pbx-${run.card(input, "callId", f)}`;
    const event = {
      callId,
      direction: "in",
      from: run.card(input, "from", f).slice(0, 64),
      to: run.card(input, "to", f).slice(0, 64),
      state: "ringing",
      timestamp: isoNow(-30),
      incident: SHOP,
    };
    run.record(input, `${f.name} ringing`, await agent.api("/api/v1/calls", token, event), [201]);
    run.record(
      input,
      `${f.name} hangup`,
      await agent.api("/api/v1/calls", token, { ...event, state: "hangup", timestamp: isoNow(-5) }),
      [200],
    );
  });
}

export async function lookupsApi(ctx: Context): Promise<void> {
  const { run, agent, token } = ctx;
  const input = "POST /api/v1/lookups";
  run.describe(
    input,
    "answered (200); only keyed hashes of the query are stored; a phone field holding a card number is refused (400)",
  );
  await eachLimit(run.formats, ctx.concurrency, async (f) => {
    const body: Record<string, string> = {
      incident: SHOP,
      name: run.short(input, "name", f, "山田"),
      reference: run.short(input, "reference", f, "注文", false),
    };
    if (f.emailSafe) body.email = run.email(input, "email", f, "");
    run.record(input, f.name, await agent.api("/api/v1/lookups", token, body), [200]);
    run.record(
      input,
      `phone ${f.name}`,
      await agent.api("/api/v1/lookups", token, { incident: SHOP, phone: run.card(input, "phone", f) }),
      [400],
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Public forms: inquiry, self-check, waiver request and status, login
// ---------------------------------------------------------------------------------------------

export async function inquiryForm(ctx: Context): Promise<string[]> {
  const { run } = ctx;
  const input = "public inquiry form (/inquiry)";
  run.describe(input, "accepted (302), every field redacted before storing; a card number as the only contact is refused (400)");
  const ids: string[] = [];
  await eachLimit(run.formats, ctx.concurrency, async (f, i) => {
    const visitor = new Browser(ctx.url);
    const sent = run.record(
      input,
      f.name,
      await visitor.post("/inquiry", {
        incident: SHOP,
        name: run.short(input, "name", f, "山田"),
        reach: run.email(input, "reach", f, `inquiry-${i}@example.jp`),
        message: run.note(input, "message", f),
        reference: run.short(input, "reference", f, "注文"),
        website: "",
      }),
      [302],
    ) as Sent;
    const id = param(sent.location, "done");
    if (id) ids.push(id);
    else run.fail(input, `${f.name}: no inquiry id in the redirect`);
    if (i % 8 === 0) {
      run.record(
        input,
        `reach ${f.name}`,
        await new Browser(ctx.url).post("/inquiry", {
          incident: SHOP,
          name: "山田",
          reach: run.card(input, "reach", f),
          message: "お問い合わせ",
          reference: "",
          website: "",
        }),
        [400],
      );
    }
  });
  return ids;
}

export async function selfCheck(ctx: Context): Promise<void> {
  const { run } = ctx;
  const input = "public self-check (/check)";
  run.describe(
    input,
    "answered (200, cannot confirm); only keyed hashes stored; a phone field holding a card number is refused (400)",
  );
  await eachLimit(run.formats, ctx.concurrency, async (f, i) => {
    run.record(
      input,
      f.name,
      await new Browser(ctx.url).post("/check", {
        incident: SHOP,
        name: run.short(input, "name", f, "山田"),
        email: run.email(input, "email", f, ""),
        // A different number each time: the self-check limits requests per phone number too.
        phone: `03-5${String(i).padStart(3, "0")}-1234`,
        reference: run.short(input, "reference", f, "注文", false),
      }),
      [200],
    );
    run.record(
      input,
      `phone ${f.name}`,
      await new Browser(ctx.url).post("/check", {
        incident: SHOP,
        name: "山田",
        email: "",
        phone: run.card(input, "phone", f),
        reference: "",
      }),
      [400],
    );
  });
}

async function cardCompanyId(browser: Browser, page: string): Promise<string> {
  const html = (await browser.get(page)).body;
  const select = /name="cardCompanyId"[\s\S]*?<\/select>/.exec(html)?.[0] ?? "";
  const id = [...select.matchAll(/<option[^>]*value="([^"]+)"/g)].map((m) => m[1]!).find((v) => v !== "");
  if (!id) throw new Error(`No card company on ${page}`);
  return id;
}

export async function publicWaiverForm(ctx: Context): Promise<void> {
  const { run } = ctx;
  const input = "public waiver request (/waivers/new)";
  run.describe(
    input,
    "a verified request is accepted (302) with card data kept out of the stored contact fields; a name holding a card number cannot be verified (400); a card number as last 4 is refused (400)",
  );
  const page = `/waivers/new?incident=${COOCOM}`;
  const companyId = await cardCompanyId(new Browser(ctx.url), page);
  const customers = demoCustomers(COOCOM, "rentacar", run.formats.length * 2);
  await eachLimit(run.formats, ctx.concurrency, async (f, i) => {
    const a = customers[i * 2]!;
    const b = customers[i * 2 + 1]!;
    const base = { cardCompanyId: companyId, cardBrand: "", last4: "", consent: "yes", website: "", reference: "" };
    // Card data in the identity fields: no record matches, nothing but hashes is kept.
    run.record(
      input,
      `name ${f.name}`,
      await new Browser(ctx.url).post(page, {
        ...base,
        name: `${a.nameKanji} ${run.card(input, "name", f)}`,
        email: "",
        phone: a.phone,
      }),
      [400],
    );
    // A verified request: the card data rides in the contact email (valid addresses only) and is
    // refused as last 4.
    const email = run.email(input, "email", f, "");
    run.record(
      input,
      `verified ${f.name}`,
      await new Browser(ctx.url).post(page, { ...base, name: b.nameKanji, email, phone: b.phone }),
      [302],
    );
    run.record(
      input,
      `last4 ${f.name}`,
      await new Browser(ctx.url).post(page, {
        ...base,
        name: a.nameKanji,
        email: "",
        phone: a.phone,
        last4: run.card(input, "last4", f),
      }),
      [400],
    );
  });
}

export async function waiverStatusForm(ctx: Context): Promise<void> {
  const { run } = ctx;
  const input = "public waiver status (/waivers/status)";
  run.describe(input, "refused (400 invalid reference, 404 not found); nothing stored but keyed hashes");
  await eachLimit(run.formats, ctx.concurrency, async (f) => {
    run.record(
      input,
      f.name,
      await new Browser(ctx.url).post("/waivers/status", {
        reference: run.card(input, "reference", f).slice(0, 40),
        contact: run.short(input, "contact", f, "連絡先"),
      }),
      [400, 404],
    );
  });
}

export async function loginForm(ctx: Context): Promise<void> {
  const { run } = ctx;
  const input = "staff login (/login)";
  run.describe(input, "refused (400); the audit keeps a keyed hash of the email only");
  await eachLimit(run.formats, ctx.concurrency, async (f) => {
    run.record(
      input,
      f.name,
      await new Browser(ctx.url).post("/login", {
        email: run.short(input, "email", f, "staff"),
        password: run.card(input, "password", f),
        redirectTo: "",
      }),
      [400, 401],
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Staff lookups and waiver requests, rejection reasons, batches and their answer files
// ---------------------------------------------------------------------------------------------

type LookupData = { result: { best: { recordId: string; verdict: string | null } | null } | null };

export async function staffLookup(ctx: Context): Promise<void> {
  const { run, agent } = ctx;
  const input = "staff lookup (/staff/lookup, GET form)";
  run.describe(input, "answered (200); the query is in the URL, the request log keeps the path only; hashes stored");
  await eachLimit(run.formats, ctx.concurrency, async (f) => {
    const q = new URLSearchParams({
      incident: SHOP,
      name: run.short(input, "name", f, "山田"),
      reference: run.short(input, "reference", f, "注文", false),
    });
    run.record(input, f.name, await agent.get(`/staff/lookup?${q.toString()}`), [200]);
  });
}

export type StaffWaiver = { reference: string; format: Format; cardCompanyId: string };

export async function staffWaiverForm(ctx: Context): Promise<StaffWaiver[]> {
  const { run, agent } = ctx;
  const input = "staff waiver request (/staff/waivers/new)";
  run.describe(
    input,
    "accepted (302) after the agent's lookup verified the record; contact name and email kept without card data",
  );
  const customers = demoCustomers(SHOP, "shop", run.formats.length * 2);
  const companyPage = async () => {
    const c = customers[0]!;
    const q = new URLSearchParams({ incident: SHOP, name: c.nameKanji, phone: c.phone });
    const data = await loaderData<LookupData>(agent, `/staff/lookup?${q.toString()}`, "routes/staff.lookup");
    return `/staff/waivers/new?record=${data.result?.best?.recordId ?? ""}`;
  };
  const companyId = await cardCompanyId(agent, await companyPage());
  const created: StaffWaiver[] = [];
  const jobs = customers.map((c, i) => ({ c, f: run.formats[i % run.formats.length]! }));
  await eachLimit(jobs, ctx.concurrency, async ({ c, f }) => {
    const q = new URLSearchParams({ incident: SHOP, name: c.nameKanji, phone: c.phone });
    const data = await loaderData<LookupData>(agent, `/staff/lookup?${q.toString()}`, "routes/staff.lookup");
    const recordId = data.result?.best?.verdict === "affected" ? data.result.best.recordId : null;
    if (!recordId) return run.fail(input, `${f.name}: demo customer ${c.reference} was not verified by the agent lookup`);
    const sent = run.record(
      input,
      f.name,
      await agent.post(`/staff/waivers/new?record=${encodeURIComponent(recordId)}`, {
        intent: "create",
        cardCompanyId: companyId,
        cardBrand: "",
        last4: "",
        contactName: run.short(input, "contactName", f, c.nameKanji),
        contactEmail: run.email(input, "contactEmail", f, ""),
        contactPhone: c.phone,
        source: "agent",
        consent: "yes",
      }),
      [302],
    ) as Sent;
    const reference = param(sent.location, "created");
    if (reference) created.push({ reference, format: f, cardCompanyId: companyId });
    else run.fail(input, `${f.name}: no waiver reference in the redirect`);
  });
  return created;
}

type WaiverList = { rows: { id: string; reference: string; status: string }[] };

/** Half the staff requests are rejected with a reason; the other half go through a batch and come back rejected in an answer file. */
export async function waiverReviewAndBatch(ctx: Context, requests: readonly StaffWaiver[]): Promise<string | null> {
  const { run, supervisor } = ctx;
  const reject = "waiver rejection reason (/staff/waivers)";
  const batchInput = "waiver batch answer file (/staff/waivers/batches/:id)";
  run.describe(reject, "accepted (302), the reason kept without card data");
  run.describe(batchInput, "accepted (302), each rejection reason kept without card data");
  run.record(
    reject,
    "choose incident",
    await supervisor.post("/staff/incident", { incident: SHOP, redirectTo: "/staff/waivers" }),
    [302],
  );
  const list = await loaderData<WaiverList>(
    supervisor,
    "/staff/waivers?status=submitted&perPage=100",
    "routes/staff.waivers._index",
  );
  const more = await loaderData<WaiverList>(
    supervisor,
    "/staff/waivers?status=submitted&perPage=100&page=2",
    "routes/staff.waivers._index",
  );
  const idOf = new Map([...list.rows, ...more.rows].map((r) => [r.reference, r.id]));
  const byFormat = new Map<string, StaffWaiver[]>();
  for (const r of requests) byFormat.set(r.format.name, [...(byFormat.get(r.format.name) ?? []), r]);
  const toReject: { id: string; format: Format }[] = [];
  const toBatch: { id: string; reference: string; format: Format }[] = [];
  for (const [, rs] of byFormat) {
    const [first, second] = rs;
    if (first && idOf.has(first.reference)) toReject.push({ id: idOf.get(first.reference)!, format: first.format });
    if (second && idOf.has(second.reference))
      toBatch.push({ id: idOf.get(second.reference)!, reference: second.reference, format: second.format });
  }
  if (toReject.length < run.formats.length || toBatch.length < run.formats.length)
    run.fail(
      reject,
      `only ${toReject.length} + ${toBatch.length} of ${run.formats.length} + ${run.formats.length} staff waiver requests found in the list`,
    );
  await eachLimit(toReject, ctx.concurrency, async ({ id, format }) => {
    run.record(
      reject,
      format.name,
      await supervisor.post("/staff/waivers", { id, to: "rejected", reason: run.note(reject, "reason", format) }),
      [302],
    );
  });
  await eachLimit(toBatch, ctx.concurrency, async ({ id, format }) => {
    run.record(batchInput, `verify ${format.name}`, await supervisor.post("/staff/waivers", { id, to: "verified" }), [302]);
  });
  const companyId = requests[0]?.cardCompanyId ?? "";
  const created = run.record(
    batchInput,
    "create batch",
    await supervisor.post("/staff/waivers/batches", { cardCompanyId: companyId, request: toBatch.map((r) => r.id) }),
    [302],
  ) as Sent;
  const batchPath = created.location ? new URL(created.location, "http://x").pathname : null;
  if (!batchPath) {
    run.fail(batchInput, "no batch id in the redirect");
    return null;
  }
  run.record(batchInput, "send", await supervisor.post(batchPath, { intent: "send" }), [302]);
  const lines = ["依頼番号,回答,理由"];
  for (const r of toBatch) lines.push([r.reference, "否認", run.note(batchInput, "理由", r.format)].map(csvCell).join(","));
  run.record(
    batchInput,
    "upload answers",
    await supervisor.post(
      batchPath,
      { intent: "upload" },
      { file: { name: "answers.csv", type: "text/csv", data: Buffer.from(lines.join("\r\n") + "\r\n", "utf8") } },
    ),
    [302],
  );
  return batchPath;
}

// ---------------------------------------------------------------------------------------------
// Inbound email: the API and the command line
// ---------------------------------------------------------------------------------------------

function emailText(run: FuzzRun, input: string, field: string, f: Format): string {
  return `お世話になっております。\n${run.note(input, field, f)}\n請求について確認をお願いします。\n山田`;
}

export async function inboundEmailApi(ctx: Context): Promise<string[]> {
  const { run, agent, emailTokens } = ctx;
  const input = "POST /api/v1/inbound-email";
  run.describe(
    input,
    "accepted (201); subject, sender name, body (any encoding) and attachment names redacted; attachments never stored",
  );
  const ids: string[] = [];
  const jobs = run.formats.flatMap((f) => EMAIL_ENCODINGS.map((encoding) => ({ f, encoding })));
  let n = 0;
  let skipped = 0;
  await eachLimit(jobs, ctx.concurrency, async ({ f, encoding }) => {
    n += 1;
    const token = emailTokens[n % emailTokens.length]!;
    // ISO-2022-JP has no code for some characters (most rare dashes, half-width kana): skipped.
    if (encoding === "iso-2022-jp" && !iso2022jp(f.render("4111111111111111", [4, 4, 4, 4]))) return;
    const raw = buildEmail({
      fromName: run.short(input, `From name (${encoding})`, f, "山田", false),
      fromAddress: run.email(input, `From address (${encoding})`, f, `sender-${n}@example.jp`),
      to: "someone@example.jp",
      subject: run.short(input, `Subject (${encoding})`, f, "カードについて"),
      text: emailText(run, input, `body (${encoding})`, f),
      messageId: `card-proof-${n}-${Date.now()}@example.jp`,
      encoding,
    });
    if (!raw) {
      skipped += 1; // a code sentence in half-width kana has no ISO-2022-JP code either
      return;
    }
    const sent = run.record(
      input,
      `${f.name} ${encoding}`,
      await agent.api(`/api/v1/inbound-email?incident=${COOCOM}`, token, raw, "message/rfc822"),
      [201],
    );
    try {
      ids.push((JSON.parse(sent.body) as { id: string }).id);
    } catch {
      // recorded above as unexpected
    }
  });
  if (skipped > 0)
    run.describe(
      input,
      `${run.inputs.get(input)?.behaviour ?? ""} (${skipped} ISO-2022-JP messages not sent: a character without a JIS code)`,
    );
  const token = emailTokens[0]!;
  // An attachment (its name and content hold card data) and a message longer than every limit,
  // with a card number across each cut: subject 300, sender name 200, body 20,000 characters.
  const f = run.formats[0]!;
  const withAttachment = buildEmail({
    fromName: "山田",
    fromAddress: "attach@example.jp",
    to: "someone@example.jp",
    subject: "添付",
    text: emailText(run, input, "body (attachment mail)", f),
    messageId: `card-proof-attachment-${Date.now()}@example.jp`,
    encoding: "8bit",
    attachment: {
      name: `カード ${run.card(input, "attachment name", f)}.txt`,
      content: run.note(input, "attachment content", f),
    },
  })!;
  run.record(
    input,
    "attachment",
    await agent.api(`/api/v1/inbound-email?incident=${COOCOM}`, token, withAttachment, "message/rfc822"),
    [201],
  );
  // The cut keeps limit - 1 characters and an ellipsis: all but the last digit would survive a cut
  // made before the redaction (plain format: one character per digit).
  const across = (limit: number, field: string) => {
    const card = run.card(input, `${field} across the ${limit}-character cut`, f);
    return `${"あ".repeat(limit - card.length)}${card} 以上`;
  };
  const long = buildEmail({
    fromName: across(200, "From name"),
    fromAddress: "long@example.jp",
    to: "someone@example.jp",
    subject: across(300, "Subject"),
    text: across(20_000, "body"),
    messageId: `card-proof-long-${Date.now()}@example.jp`,
    encoding: "8bit",
  })!;
  run.record(
    input,
    "over the limits",
    await agent.api(`/api/v1/inbound-email?incident=${COOCOM}`, token, long, "message/rfc822"),
    [201],
  );
  return ids;
}

export async function emailReceiveCli(ctx: Context): Promise<void> {
  const { run } = ctx;
  const input = "email receive (command line)";
  run.describe(input, "logged (exit 0), text redacted before storing");
  for (const encoding of ["8bit", "base64"] as const) {
    const text = run.formats.map((f) => emailText(run, input, `body (${encoding})`, f)).join("\n\n--\n\n");
    const raw = buildEmail({
      fromName: "山田",
      fromAddress: "cli@example.jp",
      to: "inquiry@coo.ne.jp",
      subject: run.short(input, `Subject (${encoding})`, run.formats[1]!, "カード"),
      text,
      messageId: `card-proof-cli-${encoding}-${Date.now()}@example.jp`,
      encoding,
    })!;
    const result = await cli(ctx, ["email", "receive", "--incident", COOCOM], raw);
    run.record(input, encoding, { status: result.status, body: result.output }, [0]);
  }
}

// ---------------------------------------------------------------------------------------------
// CSV imports: the staff upload and the command line
// ---------------------------------------------------------------------------------------------

const CSV_HEADERS = [...DEMO_CSV_HEADERS, "住所", "備考"];
const CARD_COLUMNS = ["氏名", "住所", "備考", "注文番号", "フリガナ"];

/** The file in `encoding`; in UTF-8 when Shift_JIS (CP932) has no code for one of its characters. */
function csvBytes(lines: string[], encoding: "utf-8" | "utf-8-bom" | "cp932" | "utf-16le"): Buffer {
  const text = lines.join("\r\n") + "\r\n";
  if (encoding === "cp932") {
    const sjis = iconv.encode(text.replace(/\u2212/g, "\uFF0D"), "cp932");
    return iconv.decode(sjis, "cp932") === text.replace(/\u2212/g, "\uFF0D") ? sjis : Buffer.from(text, "utf8");
  }
  if (encoding === "utf-16le") return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  return Buffer.from((encoding === "utf-8-bom" ? "\uFEFF" : "") + text, "utf8");
}

/** Lines of a CSV file: the header, `clean` demo rows, then one row with a card number in `column`. */
function csvWithCard(run: FuzzRun, input: string, f: Format, column: string, clean: number): string[] {
  const lines = [CSV_HEADERS.join(",")];
  for (const c of importCustomers(clean, 7)) lines.push(`${demoCsvLine(c)},東京都千代田区,`);
  const row = demoCsvLine([...importCustomers(clean + 1, 7)][clean]!).split(",");
  const cells = [...row, "東京都千代田区", ""];
  const at = CSV_HEADERS.indexOf(column);
  cells[at] = csvCell(`${column === "注文番号" ? "" : "メモ "}${run.card(input, column, f)}`);
  lines.push(cells.join(","));
  return lines;
}

const ENCODINGS = ["utf-8", "utf-8-bom", "cp932", "utf-16le"] as const;
const RUN_FORMATS = [
  "plain",
  "spaced",
  "dash U+2010",
  "dash U+30FC",
  "dash U+10EAD",
  "full-width",
  "mixed width spaced",
  "line break \\r\\n",
  "glued to expiry",
];

type ImportJobData = { job: { status: string; message: { code: string } | null } };

/**
 * The job once it has left `waiting` statuses: after an upload (refused at once) nothing is
 * awaited; after a start, "pending" and "running".
 */
async function waitForImport(
  browser: Browser,
  jobPath: string,
  waiting: readonly string[] = [],
): Promise<ImportJobData["job"] | null> {
  for (let i = 0; i < 300; i += 1) {
    const data = await loaderData<ImportJobData>(browser, jobPath, "routes/staff.imports.$id");
    if (!waiting.includes(data.job.status)) return data.job;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

export async function csvImportUpload(ctx: Context): Promise<void> {
  const { run, supervisor } = ctx;
  const input = "CSV import upload (/staff/imports)";
  const runInput = "CSV import run, card after the first 1,000 rows (/staff/imports/:id)";
  run.describe(
    input,
    "refused: the job fails at once and the uploaded file is deleted (302 to the job page); the file name is kept without card data",
  );
  run.describe(runInput, "refused during the run: the job fails, the open batch is dropped, the file is deleted");
  const sites = await loaderData<{ targets: { slug: string; sites: { id: string; slug: string }[] }[] }>(
    supervisor,
    "/staff/imports",
    "routes/staff.imports._index",
  );
  const siteId = sites.targets.find((t) => t.slug === SHOP)?.sites[0]?.id;
  if (!siteId) return run.fail(input, "no site to import into");
  // A card number in the first rows (the sample every upload is checked with), one file per format.
  await eachLimit(run.formats, ctx.concurrency, async (f, i) => {
    const encoding = ENCODINGS[i % ENCODINGS.length]!;
    const lines = csvWithCard(run, input, f, CARD_COLUMNS[i % CARD_COLUMNS.length]!, 3);
    const fileName = `顧客リスト ${run.card(input, "file name", f)}.csv`;
    const sent = run.record(
      input,
      `${f.name} ${encoding}`,
      await supervisor.post(
        "/staff/imports",
        { site: siteId, encoding: "auto" },
        { file: { name: fileName, type: "text/csv", data: csvBytes(lines, encoding) } },
      ),
      [302],
    ) as Sent;
    if (!sent.location) return;
    const job = await waitForImport(supervisor, new URL(sent.location, "http://x").pathname);
    if (job?.status !== "failed") run.fail(input, `${f.name} ${encoding}: the job is ${job?.status ?? "unknown"}, not refused`);
  });
  // A header that is a card number, and security codes in mapped cells (those rows are refused).
  const header = [...CSV_HEADERS.slice(0, -1), run.card(input, "header", run.formats[0]!)];
  const headerSent = run.record(
    input,
    "card number as a header",
    await supervisor.post(
      "/staff/imports",
      { site: siteId, encoding: "auto" },
      {
        file: {
          name: "header.csv",
          type: "text/csv",
          data: csvBytes([header.join(","), `${demoCsvLine([...importCustomers(1, 8)][0]!)},住所,`], "utf-8"),
        },
      },
    ),
    [302],
  ) as Sent;
  if (headerSent.location) {
    const job = await waitForImport(supervisor, new URL(headerSent.location, "http://x").pathname);
    if (job?.status !== "failed") run.fail(input, `card number as a header: the job is ${job?.status ?? "unknown"}, not refused`);
  }
  // A card number after the sample: found while importing. The row check uses the same finder
  // as the sample check above (every format); a spread of formats keeps this step short.
  const spread = run.formats.filter((f) => RUN_FORMATS.includes(f.name));
  await eachLimit(spread, 1, async (f, i) => {
    const lines = csvWithCard(run, runInput, f, CARD_COLUMNS[i % CARD_COLUMNS.length]!, 1_001);
    const sent = run.record(
      runInput,
      `upload ${f.name}`,
      await supervisor.post(
        "/staff/imports",
        { site: siteId, encoding: "auto" },
        { file: { name: "affected.csv", type: "text/csv", data: csvBytes(lines, "utf-8") } },
      ),
      [302],
    ) as Sent;
    if (!sent.location) return;
    const jobPath = new URL(sent.location, "http://x").pathname;
    const targets = [
      "reference",
      "transactionAt",
      "nameKanji",
      "nameKana",
      "email",
      "phone",
      "postalCode",
      "cardBrand",
      "cardLast4",
      "ignore",
      "ignore",
    ];
    const map = Object.fromEntries(targets.map((t, k) => [`map.${k}`, t]));
    run.record(
      runInput,
      `start ${f.name}`,
      await supervisor.post(jobPath, { intent: "start", encoding: "utf-8", ...map }),
      [302],
    );
    const job = await waitForImport(supervisor, jobPath, ["pending", "running"]);
    if (job?.status !== "failed" || job.message?.code !== "card_number_in_row")
      run.fail(
        runInput,
        `${f.name}: the job ended ${job?.status ?? "unknown"} (${job?.message?.code ?? "-"}), not refused for the card number`,
      );
  });
}

export async function csvImportCli(ctx: Context): Promise<void> {
  const { run } = ctx;
  const input = "import (command line)";
  run.describe(input, "refused (exit 1), nothing of the file stored");
  const dir = path.join(ctx.workDir, "import-cli");
  mkdirSync(dir, { recursive: true });
  for (const [i, clean] of [3, 1_001].entries()) {
    const f = run.formats[(i * 7) % run.formats.length]!;
    const file = path.join(dir, `cli-${i}.csv`);
    writeFileSync(file, csvBytes(csvWithCard(run, input, f, "氏名", clean), "utf-8"));
    const result = await cli(ctx, ["import", file, "--incident", SHOP, "--site", "shop"]);
    run.record(input, `${f.name}, card after ${clean} rows`, { status: result.status, body: result.output }, [1]);
  }
}

// ---------------------------------------------------------------------------------------------
// Texts supervisors and admins type: scripts, closure days, tokens, accounts, saved views
// ---------------------------------------------------------------------------------------------

export async function scriptEditor(ctx: Context): Promise<void> {
  const { run, supervisor } = ctx;
  const input = "script/FAQ editor (/staff/scripts/:id)";
  run.describe(
    input,
    "refused (400): a script must not hold a card number (approved texts are refused, not redacted silently; security codes are not checked in scripts)",
  );
  await supervisor.post("/staff/incident", { incident: SHOP, redirectTo: "/staff/scripts" });
  const list = await loaderData<{ rows: { id: string; kind: string; latestVersion: number }[] }>(
    supervisor,
    "/staff/scripts",
    "routes/staff.scripts._index",
  );
  const faq = list.rows.find((r) => r.kind === "faq");
  if (!faq) return run.fail(input, "no FAQ script to edit");
  for (const f of run.formats) {
    const sent = run.record(
      input,
      f.name,
      await supervisor.post(`/staff/scripts/${faq.id}`, {
        intent: "save",
        status: "draft",
        baseVersion: String(faq.latestVersion),
        titleJa: run.short(input, "titleJa", f, "よくある質問", false),
        titleEn: run.short(input, "titleEn", f, "FAQ", false),
        bodyJa: `カード番号 ${run.card(input, "bodyJa", f)} の件`,
        bodyEn: `Card ${run.card(input, "bodyEn", f)} please`,
        mustNotSayJa: `番号 ${run.card(input, "mustNotSayJa", f)}`,
        mustNotSayEn: `number ${run.card(input, "mustNotSayEn", f)}`,
      }),
      [400],
    );
    if (sent.status === 400 && !sent.body.includes(CARD_REFUSED))
      run.fail(input, `${f.name}: refused, but not for the card number`);
  }
}

export async function adminTexts(ctx: Context): Promise<void> {
  const { run, admin, supervisor } = ctx;
  const closures = "closure day reason (/staff/admin/closures)";
  const tokens = "API token name (/staff/admin/tokens)";
  const users = "staff account name (/staff/admin/users)";
  const views = "saved view name and search (/staff/contacts)";
  run.describe(closures, "accepted (302), the reason kept without card data");
  run.describe(tokens, "accepted (200), the name kept without card data");
  run.describe(users, "accepted (200), the name kept without card data");
  run.describe(views, "accepted (302), the name and the saved search kept without card data");
  await eachLimit(run.formats, ctx.concurrency, async (f, i) => {
    const day = new Date(Date.UTC(2031, 0, 6) + i * 86_400_000).toISOString().slice(0, 10);
    run.record(
      closures,
      f.name,
      await admin.post("/staff/admin/closures", {
        intent: "create",
        date: day,
        reason: run.short(closures, "reason", f, "臨時休業"),
        scope: "all",
      }),
      [302],
    );
    run.record(
      tokens,
      f.name,
      await admin.post("/staff/admin/tokens", {
        intent: "create",
        name: run.short(tokens, "name", f, "IVR", false),
        scopes: "lookups",
      }),
      [200],
    );
    run.record(
      users,
      f.name,
      await admin.post("/staff/admin/users", {
        intent: "create",
        name: run.short(users, "name", f, "応対", false),
        email: `card-proof-${i}@example.jp`,
        role: "agent",
      }),
      [200],
    );
    // At most 50 saved views per person and table: half the formats each for the supervisor and the admin.
    const who = i % 2 === 0 ? supervisor : admin;
    const query = new URLSearchParams({ q: run.card(views, "search (q)", f), channel: "phone_in" }).toString();
    run.record(
      views,
      f.name,
      await who.post("/staff/contacts", { intent: "save-view", name: run.short(views, "name", f, "表示", false), query }),
      [302],
    );
  });
}

export async function incidentForm(ctx: Context): Promise<void> {
  const { run, supervisor } = ctx;
  const input = "new incident form (/staff/incidents/new)";
  run.describe(
    input,
    "refused (400): incident, site and window texts are published notices; a card number is refused, not redacted silently (one field at a time, the fields in turn)",
  );
  const clean: Record<string, string> = {
    companyJa: "会社",
    companyEn: "Company",
    titleJa: "件名",
    titleEn: "Title",
    summaryJa: "概要",
    summaryEn: "Summary",
    noticeDate: "2026-01-05",
    discoveredOn: "",
    maxAffected: "",
    "reportedTo.0.authority": "警察",
    "reportedTo.0.authorityEn": "Police",
    "reportedTo.0.date": "2026-01-06",
    "reportedTo.0.noteJa": "備考",
    "reportedTo.0.noteEn": "Note",
    siteSlug: "shop",
    nameJa: "サイト",
    nameEn: "Site",
    url: "",
    stolenItems: "card_number",
    startDate: "2025-01-01",
    endDate: "2025-02-01",
    note: "期間",
  };
  const textFields = Object.keys(clean).filter((k) => !/Date|date|discoveredOn|maxAffected|url|stolenItems|siteSlug/.test(k));
  await eachLimit(run.formats, ctx.concurrency, async (f, i) => {
    const field = textFields[i % textFields.length]!;
    const sent = run.record(
      input,
      `${field} ${f.name}`,
      await supervisor.post("/staff/incidents/new", {
        ...clean,
        slug: `card-proof-${i}`,
        [field]: `${clean[field]} ${run.card(input, field, f)}`,
      }),
      [400],
    );
    if (sent.status === 400 && !sent.body.includes(CARD_REFUSED))
      run.fail(input, `${field} ${f.name}: refused, but not for the card number`);
  });
}
