import { createInstance } from "i18next";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
// Only to give <Link> a router outside Remix (a dependency of @remix-run/react).
import { StaticRouter } from "react-router-dom/server";
import { anonymousCookies, formRequest, getRequest, settle } from "../../tests/factories";
import { createLookupIncident, createSparseIncident, FEE_TEXT_JA, PEOPLE } from "../../tests/lookup-fixtures";
import { i18nConfig } from "~/i18n";
import { selfCheckIdentifierKeys, selfCheckIpKey } from "~/models/lookup.server";
import { prisma } from "~/utils/db.server";
import { hitRateLimit } from "~/utils/rate-limit.server";
import type { CheckActionData, CheckAnswer } from "./check";
import { action, Answer, HONEYPOT_FIELD, loader, selfCheckFloor, SELF_CHECK_ID_LIMIT, SELF_CHECK_IP_LIMIT } from "./check";

let cookies: { cookie: string; csrf: string };
let ipCounter = 0;
/** A fresh client IP per request unless a test wants the same one: the per-IP limit is tested on its own. */
const nextIp = () => `198.51.100.${++ipCounter}`;

beforeAll(async () => {
  await createLookupIncident({ slug: "test-shop" });
  await createSparseIncident({ slug: "test-none", namesOnly: false });
  cookies = await anonymousCookies();
});

type Fields = { incident?: string; name?: string; email?: string; phone?: string; reference?: string; [HONEYPOT_FIELD]?: string };

async function submit(fields: Fields, { ip = nextIp(), csrf = true }: { ip?: string; csrf?: boolean } = {}) {
  const body: Record<string, string> = { incident: "test-shop", name: "", email: "", phone: "", reference: "", [HONEYPOT_FIELD]: "", ...fields };
  if (csrf) body.csrf = cookies.csrf;
  const request = formRequest("/check", body, { cookie: cookies.cookie, ip });
  const started = performance.now();
  const result = await settle(() => action({ request, params: {}, context: {} }));
  return { ...result, ms: performance.now() - started, body: result.data as CheckActionData | undefined };
}

function answerOf(body: CheckActionData | undefined): CheckAnswer {
  if (body?.kind !== "answered") throw new Error(`not answered: ${JSON.stringify(body)}`);
  return body.answer;
}

async function renderAnswer(answer: CheckAnswer, lng: "ja" | "en"): Promise<string> {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng });
  return renderToStaticMarkup(createElement(StaticRouter, { location: "/check" }, createElement(I18nextProvider, { i18n }, createElement(Answer, { answer }))));
}

describe("GET /check", () => {
  it.each([
    ["?incident=test-shop", "test-shop"],
    ["?incident=no-such-incident", ""],
    ["", ""],
  ])("%s selects %j", async (search, selected) => {
    const { data } = await settle(() => loader({ request: getRequest(`/check${search}`), params: {}, context: {} }));
    expect(data).toMatchObject({ selected });
    expect((data as { incidents: { slug: string }[] }).incidents.map((i) => i.slug).sort()).toEqual(["test-none", "test-shop"]);
  });
});

describe("POST /check: the three answers", () => {
  it("affected: where, when, what kinds of data, what to do, the waiver link; nothing we hold is shown back", async () => {
    const { response, body } = await submit({ name: "ﾔﾏﾀﾞ ﾀﾛｳ", email: "taro.yamada@example.jp" });
    expect(response?.status).toBe(200);
    const answer = answerOf(body);
    expect(answer.outcome).toBe("affected");
    expect(answer.affected).toEqual({
      sites: [
        { slug: "shop", nameJa: "テストショップ", nameEn: "Test shop", stolenItems: ["name", "card_number", "expiry", "security_code"], window: { startDate: "2017-08-05", endDate: "2017-09-15" } },
      ],
      reissueFee: { ja: FEE_TEXT_JA, en: "There is no reissue fee (test)." },
    });
    expect(answer.hotlines[0]).toMatchObject({ address: "0120-000-000" });
    const json = JSON.stringify(body);
    for (const held of ["***", PEOPLE.taro.cardLast4, PEOPLE.taro.phone, "5678", PEOPLE.taro.reference, PEOPLE.taro.nameKanji, "VISA"]) {
      expect(json, held).not.toContain(held);
    }
    const html = await renderAnswer(answer, "ja");
    expect(html).toContain("/waivers/new?incident=test-shop");
    expect(html).toContain(FEE_TEXT_JA);
    expect(html).not.toContain("4242");
  });

  it.each<[string, Fields, string]>([
    ["not found: nobody", { name: "鈴木 花子", email: "nobody@example.jp" }, "not_found"],
    ["not found: one fact (an email on the list) with another name", { name: "鈴木 花子", email: "hanako@example.jp" }, "not_found"],
    ["not found: verified, outside the window", { name: "山田 花子", phone: "03-1111-2222" }, "not_found"],
    ["cannot confirm: verified, no transaction date", { name: "佐藤 次郎", phone: "070-3333-4444" }, "uncertain"],
    ["cannot confirm: the list is not loaded yet", { incident: "test-none", name: "山田 太郎", email: "taro.yamada@example.jp" }, "uncertain"],
  ])("%s", async (_label, fields, outcome) => {
    const { response, body } = await submit(fields);
    expect(response?.status).toBe(200);
    const answer = answerOf(body);
    expect(answer.outcome).toBe(outcome);
    expect(answer.affected).toBeNull();
    expect(answer.hotlines[0]?.status).toMatchObject({ hoursJa: expect.any(String), open: expect.any(Boolean) });
  });
});

describe("POST /check: not found and cannot confirm are indistinguishable but for their words", () => {
  // Same-length inputs on purpose: the customer's own input is echoed back, so it must not differ here.
  const notFound: Fields = { name: "佐藤 次郎", phone: "070-3333-4445" }; // the name matches one record: one fact
  const cannotConfirm: Fields = { name: "佐藤 次郎", phone: "070-3333-4444" }; // verified, no transaction date
  const notLoaded: Fields = { incident: "test-none", name: "佐藤 次郎", phone: "070-3333-4444" };

  it("same status, same data size, same rendered size, same timing floor", async () => {
    const a = await submit(notFound);
    const b = await submit(cannotConfirm);
    const c = await submit(notLoaded);
    expect([answerOf(a.body).outcome, answerOf(b.body).outcome, answerOf(c.body).outcome]).toEqual(["not_found", "uncertain", "uncertain"]);
    expect([a.response?.status, b.response?.status, c.response?.status]).toEqual([200, 200, 200]);
    expect(a.response?.headers.get("Cache-Control")).toBe(b.response?.headers.get("Cache-Control"));
    // The data a JavaScript client receives: the same length.
    const size = (x: typeof a) => JSON.stringify({ ...x.body, values: { ...x.body!.values, phone: "", incident: "" } }).length;
    expect(size(a)).toBe(size(b));
    expect(size(b)).toBe(size(c));
    // The markup a browser without JavaScript receives: the same length in both languages.
    for (const lng of ["ja", "en"] as const) {
      const [htmlA, htmlB] = [await renderAnswer(answerOf(a.body), lng), await renderAnswer(answerOf(b.body), lng)];
      expect(htmlA).not.toBe(htmlB);
      // Bytes are what goes over the wire (UTF-8).
      expect(Buffer.byteLength(htmlA)).toBe(Buffer.byteLength(htmlB));
    }
    // Timing: no answer before the floor (350 ms by default), whichever branch was taken.
    expect(selfCheckFloor()).toEqual({ floorMs: 350, jitterMs: 50 });
    for (const x of [a, b, c]) expect(x.ms).toBeGreaterThanOrEqual(selfCheckFloor().floorMs - 1);
  });

  it("answers affected no sooner than the floor either", async () => {
    const x = await submit({ name: "佐藤 一郎", email: "ichiro@example.com" });
    expect(answerOf(x.body).outcome).toBe("affected");
    expect(x.ms).toBeGreaterThanOrEqual(selfCheckFloor().floorMs - 1);
  });
});

describe("POST /check: rate limits", () => {
  it("refuses the 11th check from one IP in 10 minutes with 429, Retry-After and the minutes to wait", async () => {
    const ip = "192.0.2.10";
    const probe = formRequest("/check", {}, { ip });
    for (let i = 0; i < SELF_CHECK_IP_LIMIT.limit; i++) await hitRateLimit({ key: selfCheckIpKey(probe), ...SELF_CHECK_IP_LIMIT });
    const before = await prisma.lookup.count({ where: { outcome: "rate_limited" } });
    const { response, body } = await submit({ name: "山田 太郎", email: "taro.yamada@example.jp" }, { ip });
    expect(response?.status).toBe(429);
    const retryAfter = Number(response?.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(body).toMatchObject({ kind: "rate_limited", retryMinutes: 10, values: { name: "山田 太郎", email: "taro.yamada@example.jp" } });
    expect(await prisma.lookup.count({ where: { outcome: "rate_limited" } })).toBe(before + 1);
  });

  it("refuses the 6th check of one email in an hour, from any IP", async () => {
    for (let i = 0; i < SELF_CHECK_ID_LIMIT.limit; i++) {
      for (const key of selfCheckIdentifierKeys({ email: "Limit.Me@example.jp" })) await hitRateLimit({ key, ...SELF_CHECK_ID_LIMIT });
    }
    // The identifier is normalised: other case and full width are the same identifier.
    const { response, body } = await submit({ name: "山田 太郎", email: "ＬＩＭＩＴ．ＭＥ＠example.jp" });
    expect(response?.status).toBe(429);
    expect(Number(response?.headers.get("Retry-After"))).toBeGreaterThan(3000);
    expect(body).toMatchObject({ kind: "rate_limited", retryMinutes: 60 });
  });

  it("counts checks: the limit really trips after 10", async () => {
    const ip = "192.0.2.20";
    const statuses: number[] = [];
    for (let i = 0; i < SELF_CHECK_IP_LIMIT.limit + 1; i++) {
      statuses.push((await submit({ name: "鈴木 花子", email: `count${i}@example.jp` }, { ip })).response!.status);
    }
    expect(statuses).toEqual([...Array<number>(SELF_CHECK_IP_LIMIT.limit).fill(200), 429]);
  });
});

describe("POST /check: CSRF, honeypot, validation", () => {
  it("refuses a post without the CSRF token (403)", async () => {
    const { response } = await submit({ name: "山田 太郎", email: "taro.yamada@example.jp" }, { csrf: false });
    expect(response?.status).toBe(403);
  });

  it("refuses a filled honeypot without looking anything up", async () => {
    const before = await prisma.lookup.count();
    const { response, body } = await submit({ name: "山田 太郎", email: "taro.yamada@example.jp", [HONEYPOT_FIELD]: "http://spam.example" });
    expect(response?.status).toBe(400);
    expect(body).toMatchObject({ kind: "invalid", errors: { form: expect.any(String) } });
    expect(await prisma.lookup.count()).toBe(before);
  });

  it.each<[string, Fields, string[]]>([
    ["no name", { email: "a@example.jp" }, ["name"]],
    ["neither email nor phone", { name: "山田 太郎" }, ["contact"]],
    ["not an email", { name: "山田 太郎", email: "taro at example" }, ["email"]],
    ["not a phone number", { name: "山田 太郎", phone: "03-1234-567" }, ["phone"]],
    ["no incident", { incident: "", name: "山田 太郎", email: "a@example.jp" }, ["incident"]],
    ["unknown incident", { incident: "nope", name: "山田 太郎", email: "a@example.jp" }, ["incident"]],
    ["name too long", { name: "あ".repeat(101), email: "a@example.jp" }, ["name"]],
  ])("400 for %s, keeping what was typed", async (_label, fields, errorFields) => {
    const before = await prisma.lookup.count();
    const { response, body } = await submit(fields);
    expect(response?.status).toBe(400);
    if (body?.kind !== "invalid") throw new Error("expected errors");
    expect(Object.keys(body.errors).sort()).toEqual(errorFields.sort());
    expect(body.values.name).toBe(fields.name ?? "");
    expect(body.values.email).toBe(fields.email ?? "");
    expect(await prisma.lookup.count()).toBe(before);
  });
});

describe("what /check stores", () => {
  it("holds no raw identifier or raw IP in Lookup or AuditLog rows", async () => {
    const lookups = JSON.stringify(await prisma.lookup.findMany({ where: { channel: "self-check" } }));
    const audits = JSON.stringify(await prisma.auditLog.findMany());
    expect(lookups).toContain("keyHashes");
    for (const needle of ["山田", "佐藤", "鈴木", "ﾔﾏﾀﾞ", "taro.yamada", "hanako@", "070-3333", "03-1111", "198.51.100.", "192.0.2."]) {
      expect(lookups, needle).not.toContain(needle);
      expect(audits, needle).not.toContain(needle);
    }
  });
});
