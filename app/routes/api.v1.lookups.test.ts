import { createTestUser } from "../../tests/factories";
import { createLookupIncident, PEOPLE } from "../../tests/lookup-fixtures";
import type { TestIncident } from "../../tests/lookup-fixtures";
import { createApiToken, revokeApiToken } from "~/models/api-token.server";
import type { ApiScope } from "~/models/api-token.server";
import { userActor } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { CLIENT_IP_HEADER } from "~/utils/request.server";
import { action, API_LOOKUP_RATE_LIMIT, loader } from "./api.v1.lookups";

let incident: TestIncident;
let admin: Awaited<ReturnType<typeof createTestUser>>;
let lookupsToken: string;

async function newToken(scopes: ApiScope[], name = "IVR") {
  return createApiToken({ name, scopes, createdById: admin.id, actor: userActor(admin) });
}

beforeAll(async () => {
  incident = await createLookupIncident({ slug: "cou-test" });
  admin = await createTestUser({ role: "admin" });
  lookupsToken = (await newToken(["lookups"])).token;
});

function post(body: unknown, { token = lookupsToken, contentType = "application/json" }: { token?: string | null; contentType?: string | null } = {}) {
  const headers: Record<string, string> = { [CLIENT_IP_HEADER]: "10.0.0.5" };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (contentType !== null) headers["Content-Type"] = contentType;
  return new Request("http://localhost/api/v1/lookups", {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function call(request: Request) {
  const response = await action({ request, params: {}, context: {} });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}

describe("POST /api/v1/lookups: 200", () => {
  it("affected: matches with site, window, stolen items, matched fields and last 4; no contact data", async () => {
    const { status, json, headers } = await call(post({ incident: "cou-test", name: "ﾔﾏﾀﾞ ﾀﾛｳ", phone: "０９０１２３４５６７８" }));
    expect(status).toBe(200);
    expect(headers.get("Content-Type")).toContain("application/json");
    expect(json).toEqual({
      outcome: "affected",
      matches: [
        {
          site: "shop",
          siteName: { ja: "テストショップ", en: "Test shop" },
          window: { start: "2017-08-05", end: "2017-09-15" },
          stolenItems: ["name", "card_number", "expiry", "security_code"],
          matchedFields: ["name", "phone"],
          cardLast4: "4242",
        },
      ],
      lookupId: expect.any(Number),
    });
    const text = JSON.stringify(json);
    for (const held of [PEOPLE.taro.email, "example.jp", "5678", PEOPLE.taro.reference, "山田"]) expect(text).not.toContain(held);
  });

  it.each<[string, Record<string, string>, string]>([
    ["verified, outside the window", { name: "山田 花子", phone: "03-1111-2222" }, "not_found"],
    ["nobody", { name: "鈴木 花子", email: "nobody@example.jp" }, "not_found"],
    ["one fact", { phone: "090-1234-5678" }, "needs_verification"],
    ["name + last 4: last 4 never verifies", { name: "山田 太郎", last4: "4242" }, "needs_verification"],
    ["verified, no date", { name: "佐藤 次郎", phone: "070-3333-4444" }, "needs_verification"],
  ])("%s → %s with no matches", async (_label, fields, outcome) => {
    const { status, json } = await call(post({ incident: "cou-test", ...fields }));
    expect(status).toBe(200);
    expect(json).toEqual({ outcome, matches: [], lookupId: expect.any(Number) });
  });

  it("records the lookup with the token as the actor", async () => {
    const { json } = await call(post({ incident: "cou-test", email: "ichiro@example.com", reference: "TS-00000003" }));
    const row = await prisma.lookup.findUniqueOrThrow({ where: { id: json.lookupId as number } });
    expect(row).toMatchObject({ channel: "api", outcome: "affected", recordId: incident.records.ichiro });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "lookup.api", entityId: String(row.id) } });
    expect(audit).toMatchObject({ actorType: "token", actorId: row.actorId, actorLabel: "IVR" });
    expect(audit.details).not.toContain("ichiro");
  });
});

describe("POST /api/v1/lookups: 400 invalid_request", () => {
  it.each<[string, string | object, string | null, { path: string[] }[]]>([
    ["malformed JSON", '{"incident": "cou-test", "name": ', "application/json", [{ path: [] }]],
    ["wrong content type", { incident: "cou-test", name: "山田 太郎" }, "text/plain", [{ path: [] }]],
    ["form content type", "incident=cou-test&name=x", "application/x-www-form-urlencoded", [{ path: [] }]],
    ["no content type", { incident: "cou-test", name: "山田 太郎" }, null, [{ path: [] }]],
    ["unknown key", { incident: "cou-test", name: "山田 太郎", cardNumber: "4111111111111111" }, "application/json", [{ path: [] }]],
    ["no fact at all", { incident: "cou-test" }, "application/json", [{ path: [] }]],
    ["only last 4", { incident: "cou-test", last4: "4242" }, "application/json", [{ path: [] }]],
    ["no incident", { name: "山田 太郎" }, "application/json", [{ path: ["incident"] }]],
    ["not a phone number", { incident: "cou-test", phone: "03-1234-567" }, "application/json", [{ path: ["phone"] }]],
    ["not an email", { incident: "cou-test", email: "nope" }, "application/json", [{ path: ["email"] }]],
    ["last 4 that is a card number", { incident: "cou-test", name: "x", last4: "4111111111111111" }, "application/json", [{ path: ["last4"] }]],
    ["a number where a string belongs", { incident: "cou-test", phone: 9012345678 }, "application/json", [{ path: ["phone"] }]],
    ["an array body", [], "application/json", [{ path: [] }]],
    ["name too long", { incident: "cou-test", name: "あ".repeat(101) }, "application/json", [{ path: ["name"] }]],
  ])("%s", async (_label, body, contentType, issues) => {
    const { status, json } = await call(post(body, { contentType }));
    expect(status).toBe(400);
    expect(json.error).toBe("invalid_request");
    expect(json.issues).toEqual(issues.map((i) => ({ path: i.path, message: expect.any(String) })));
  });

  it("refuses a body over 8 KB", async () => {
    const { status, json } = await call(post({ incident: "cou-test", name: "x".repeat(9000) }));
    expect(status).toBe(400);
    expect(json.issues).toEqual([{ path: [], message: expect.stringContaining("8192") }]);
  });
});

describe("POST /api/v1/lookups: 401, 403, 404, 405, 429", () => {
  it.each<[string, string | null]>([
    ["no Authorization header", null],
    ["a wrong token", "mdg_not-a-real-token-at-all-0000000000000000000"],
    ["an empty bearer", ""],
  ])("401 for %s", async (_label, token) => {
    const { status, json, headers } = await call(post({ incident: "cou-test", name: "山田 太郎" }, { token }));
    expect(status).toBe(401);
    expect(json).toEqual({ error: "unauthorized" });
    expect(headers.get("WWW-Authenticate")).toContain("Bearer");
  });

  it("401 for a revoked token, and the attempt is audited", async () => {
    const created = await newToken(["lookups"], "old IVR");
    expect((await call(post({ incident: "cou-test", name: "山田 太郎" }, { token: created.token }))).status).toBe(200);
    await revokeApiToken({ id: created.id, actor: userActor(admin) });
    const { status, json } = await call(post({ incident: "cou-test", name: "山田 太郎" }, { token: created.token }));
    expect(status).toBe(401);
    expect(json).toEqual({ error: "unauthorized" });
    expect(await prisma.auditLog.count({ where: { action: "token.rejected", entityId: created.id } })).toBe(1);
  });

  it("401 comes before 400: a bad body with no token is still unauthorized", async () => {
    expect((await call(post("{", { token: null }))).status).toBe(401);
  });

  it("403 for a token without the lookups scope", async () => {
    const created = await newToken(["calls", "contacts"], "CTI");
    const { status, json } = await call(post({ incident: "cou-test", name: "山田 太郎" }, { token: created.token }));
    expect(status).toBe(403);
    expect(json).toMatchObject({ error: "insufficient_scope" });
  });

  it("404 for an unknown incident", async () => {
    const { status, json } = await call(post({ incident: "no-such-incident", name: "山田 太郎" }));
    expect(status).toBe(404);
    expect(json).toEqual({ error: "not_found", message: "no such incident" });
  });

  it("405 for GET", async () => {
    const response = await loader();
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
    expect(await response.json()).toEqual({ error: "method_not_allowed" });
  });

  it("429 with Retry-After when the token's per-minute limit is used up", async () => {
    const created = await newToken(["lookups"], "busy IVR");
    await prisma.rateLimit.create({ data: { key: `api-token:${created.id}`, windowStart: new Date(), count: API_LOOKUP_RATE_LIMIT.limit } });
    const { status, headers, json } = await call(post({ incident: "cou-test", name: "山田 太郎" }, { token: created.token }));
    expect(status).toBe(429);
    expect(Number(headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(json).toMatchObject({ error: "rate_limited" });
  });
});
