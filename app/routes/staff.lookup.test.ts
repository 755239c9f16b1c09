import { createTestUser, getRequest, settle, staffCookies } from "../../tests/factories";
import { createLookupIncident } from "../../tests/lookup-fixtures";
import type { TestIncident } from "../../tests/lookup-fixtures";
import type { LookupPageData } from "~/components/lookup-panel";
import { prisma } from "~/utils/db.server";
import { AGENT_LOOKUP_LIMIT, loader, shouldRevalidate } from "./staff.lookup";

let incident: TestIncident;
let agent: { id: string; cookie: string };

beforeAll(async () => {
  incident = await createLookupIncident({ slug: "lookup-test" });
  const user = await createTestUser({ role: "agent" });
  agent = { id: user.id, cookie: (await staffCookies(user.id)).cookie };
});

async function load(search: string, cookie = agent.cookie) {
  return settle(() => loader({ request: getRequest(`/staff/lookup${search}`, { cookie }), params: {}, context: {} }));
}

const qs = (fields: Record<string, string>) => "?" + new URLSearchParams(fields).toString();

describe("GET /staff/lookup", () => {
  it("sends anonymous visitors to the login page", async () => {
    const { response } = await load(qs({ name: "山田 太郎" }), "");
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("shows the empty form without looking anything up", async () => {
    const before = await prisma.lookup.count();
    const { data } = await load("");
    expect(data).toMatchObject({ incident: { slug: "lookup-test" }, submitted: false, result: null });
    expect(await prisma.lookup.count()).toBe(before);
  });

  it("finds the caller from a half-width-kana name and full-width digits: verdict, site, script", async () => {
    const { data } = await load(qs({ name: "ﾔﾏﾀﾞ ﾀﾛｳ", phone: "０９０－１２３４－５６７８" }));
    const page = data as LookupPageData;
    expect(page.result?.outcome).toBe("affected");
    expect(page.result?.best).toMatchObject({ recordId: incident.records.taro, matchedFields: ["name", "phone"], site: { nameJa: "テストショップ" } });
    expect(page.result?.candidates).toHaveLength(2);
    expect(page.script).toMatchObject({ key: "call.affected", bodyJa: "0120-000-000 までお電話ください。" });
    // Nothing unmasked but the name the caller said.
    const json = JSON.stringify(page.result);
    for (const raw of ["Taro.Yamada", "090-1234-5678", "TS-00000001"]) expect(json).not.toContain(raw);
  });

  it.each<[Record<string, string>, string, string]>([
    [{ name: "山田 太郎" }, "needs_verification", "call.cannot-verify"],
    [{ name: "山田 花子", phone: "03-1111-2222" }, "not_affected", "call.not-affected"],
    [{ name: "鈴木 花子", phone: "03-9999-0000" }, "not_found", "call.not-affected"],
  ])("%j → %s with script %s", async (fields, outcome, script) => {
    const page = (await load(qs(fields))).data as LookupPageData;
    expect(page.result?.outcome).toBe(outcome);
    expect(page.script?.key).toBe(script);
  });

  it("asks for a fact when only the last 4 digits (or nothing usable) were given, and does not look up", async () => {
    const before = await prisma.lookup.count();
    const page = (await load(qs({ name: "", last4: "4242", phone: "12" }))).data as LookupPageData;
    expect(page).toMatchObject({ submitted: true, needAFact: true, result: null, unusable: ["phone"] });
    expect(await prisma.lookup.count()).toBe(before);
  });

  it("ignores over-long parameters instead of failing", async () => {
    const page = (await load(qs({ name: "あ".repeat(500), phone: "090-1234-5678" }))).data as LookupPageData;
    expect(page.query.name).toBe("");
    expect(page.result?.outcome).toBe("needs_verification");
  });

  it("shows one record's detail and audits it as record.view", async () => {
    const page = (await load(qs({ record: incident.records.taro }))).data as LookupPageData;
    expect(page.detail).toMatchObject({ recordId: incident.records.taro, verdict: "affected", phone: "***-****-5678" });
    expect(await prisma.auditLog.count({ where: { action: "record.view", entityId: incident.records.taro, actorId: agent.id } })).toBe(1);
    const missing = (await load(qs({ record: "nope" }))).data as LookupPageData;
    expect(missing).toMatchObject({ detailRequested: true, detail: null });
  });

  it("stops a staff member at the hourly limit with 429", async () => {
    const user = await createTestUser({ role: "agent" });
    const cookie = (await staffCookies(user.id)).cookie;
    await prisma.rateLimit.create({ data: { key: `lookup-user:${user.id}`, windowStart: new Date(), count: AGENT_LOOKUP_LIMIT.limit } });
    const { response, data } = await load(qs({ name: "山田 太郎", phone: "090-1234-5678" }), cookie);
    expect(response?.status).toBe(429);
    expect(response?.headers.get("Retry-After")).toBeTruthy();
    expect((data as LookupPageData).rateLimitedMinutes).toBe(60);
    expect((data as LookupPageData).result).toBeNull();
  });
});

describe("shouldRevalidate", () => {
  const args = (formAction?: string, formMethod?: string) =>
    ({
      formAction,
      formMethod,
      defaultShouldRevalidate: true,
      currentUrl: new URL("http://x/staff/lookup?name=a"),
      nextUrl: new URL("http://x/staff/lookup?name=a"),
    }) as Parameters<typeof shouldRevalidate>[0];
  it("does not repeat an audited lookup after an unrelated action", () => {
    expect(shouldRevalidate(args("/staff/contacts/new", "POST"))).toBe(false);
  });
  it("repeats it after the incident was switched, on navigation, and on the lookup form's own GET submission", () => {
    expect(shouldRevalidate(args("/staff/incident", "POST"))).toBe(true);
    expect(shouldRevalidate(args(undefined))).toBe(true);
    expect(shouldRevalidate(args("/staff/lookup", "GET"))).toBe(true);
    expect(shouldRevalidate(args("/staff/lookup", "get"))).toBe(true);
  });
});
