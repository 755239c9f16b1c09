import {
  CARD_SAMPLES,
  CODE_SAMPLES,
  createAffectedRecord,
  createContactIncident,
  expectNoCardData,
} from "../../tests/contact-fixtures";
import { createTestUser } from "../../tests/factories";
import { createApiToken, revokeApiToken } from "~/models/api-token.server";
import type { ApiScope } from "~/models/api-token.server";
import { userActor } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { CLIENT_IP_HEADER } from "~/utils/request.server";
import { action as postCall } from "./api.v1.calls";
import { action as postContact } from "./api.v1.contacts";
import { loader as getContact } from "./api.v1.contacts.$id";

let incident: Awaited<ReturnType<typeof createContactIncident>>;
let admin: Awaited<ReturnType<typeof createTestUser>>;
let contactsToken: string;
let callsToken: string;

async function newToken(scopes: ApiScope[], name = "CTI") {
  return createApiToken({ name, scopes, createdById: admin.id, actor: userActor(admin) });
}

beforeAll(async () => {
  incident = await createContactIncident({ phone: "03-4405-8455" });
  admin = await createTestUser({ role: "admin" });
  contactsToken = (await newToken(["contacts"])).token;
  callsToken = (await newToken(["calls"], "PBX")).token;
});

function request(
  path: string,
  {
    method = "POST",
    body,
    token = contactsToken,
    contentType = "application/json",
  }: { method?: string; body?: unknown; token?: string | null; contentType?: string | null } = {},
) {
  const headers: Record<string, string> = { [CLIENT_IP_HEADER]: "10.0.0.9" };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (contentType !== null && body !== undefined) headers["Content-Type"] = contentType;
  return new Request(`http://localhost${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function read(response: Response) {
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}

const createContact = (body: unknown, options: Parameters<typeof request>[1] = {}) =>
  postContact({ request: request("/api/v1/contacts", { body, ...options }), params: {}, context: {} }).then(read);
const fetchContact = (id: string, token: string | null = contactsToken) =>
  getContact({ request: request(`/api/v1/contacts/${id}`, { method: "GET", token }), params: { id }, context: {} }).then(read);
const sendCall = (body: unknown, token: string | null = callsToken) =>
  postCall({ request: request("/api/v1/calls", { body, token }), params: {}, context: {} }).then(read);

const valid = () => ({
  incident: incident.slug,
  channel: "phone_in",
  startedAt: "2026-07-21T10:00:00+09:00",
  endedAt: "2026-07-21T10:07:00+09:00",
  talkSeconds: 330,
  holdSeconds: 30,
  acwSeconds: 60,
  callerName: "佐藤 花子",
  categories: ["reissue_fee"],
  outcome: "resolved_first_contact",
  notes: "再発行手数料について説明",
});

describe("POST /api/v1/contacts", () => {
  it("201: the stored contact with id, redacted notes and withinBusinessHours; Location; audited as the token", async () => {
    const { status, json, headers } = await createContact({
      ...valid(),
      notes: "カード 4111-1111-1111-1111 CVV 123 を読み上げた",
    });
    expect(status).toBe(201);
    expect(headers.get("Location")).toBe(`/api/v1/contacts/${String(json.id)}`);
    expect(json).toMatchObject({
      incident: incident.slug,
      channel: "phone_in",
      source: "api",
      status: "closed",
      withinBusinessHours: true,
      flaggedAfterHours: false,
      handleSeconds: 420,
      categories: ["reissue_fee"],
      notes: "カード [CARD ****1111] CVV [CVV] を読み上げた",
      redaction: { cardNumbers: 1, securityCodes: 1 },
    });
    const row = await prisma.contact.findUniqueOrThrow({ where: { id: String(json.id) } });
    expectNoCardData(row.notes ?? "", ["4111111111111111", "123"]);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "contact.create", entityId: String(json.id) } });
    expect(audit.actorType).toBe("token");
  });

  it.each([...CARD_SAMPLES, ...CODE_SAMPLES])("redacts $label in API notes", async ({ text, secret }) => {
    const { status, json } = await createContact({ ...valid(), notes: text });
    expect(status).toBe(201);
    const row = await prisma.contact.findUniqueOrThrow({ where: { id: String(json.id) }, select: { notes: true } });
    expectNoCardData(row.notes ?? "", [secret]);
    expectNoCardData(String(json.notes), [secret]);
  });

  it("flags a contact logged outside hours (Saturday) and records the agent by email", async () => {
    const agent = await createTestUser({ role: "agent" });
    const { status, json } = await createContact({
      ...valid(),
      startedAt: "2026-07-18T11:00:00+09:00",
      endedAt: "2026-07-18T11:05:00+09:00",
      agentEmail: agent.email,
    });
    expect(status).toBe(201);
    expect(json).toMatchObject({ withinBusinessHours: false, flaggedAfterHours: true, agent: { id: agent.id } });
  });

  it("links a verified affected record", async () => {
    const record = await createAffectedRecord({ incidentId: incident.id, siteId: incident.siteId });
    const { status, json } = await createContact({ ...valid(), identityVerified: true, affectedRecordId: record.id });
    expect(status).toBe(201);
    expect(json.affectedRecordId).toBe(record.id);
  });

  it.each([
    ["an unknown channel", { channel: "fax" }, "channel"],
    ["an end before the start", { endedAt: "2026-07-21T09:00:00+09:00" }, "endedAt"],
    ["escalated without a target", { outcome: "escalated" }, "escalatedTo"],
    ["a record without verified identity", { affectedRecordId: "abcdefgh12345678" }, "affectedRecordId"],
    ["an unknown field", { note: "typo" }, ""],
    ["an unknown agent", { agentEmail: "nobody@example.jp" }, "agentEmail"],
    ["a missing start", { startedAt: undefined }, "startedAt"],
  ])("400 for %s", async (_label, change, path) => {
    const { status, json } = await createContact({ ...valid(), ...change });
    expect(status).toBe(400);
    expect(json.error).toBe("invalid_request");
    expect((json.issues as { path: string }[]).map((i) => i.path)).toContain(path);
  });

  it("400 for malformed JSON and for another Content-Type; 413 for a huge body", async () => {
    expect((await createContact("{not json")).status).toBe(400);
    expect((await createContact(valid(), { contentType: "text/plain" })).status).toBe(400);
    expect((await createContact({ ...valid(), notes: "x".repeat(70_000) })).status).toBe(413);
  });

  it("400 for a record of another incident, 404 for an unknown incident", async () => {
    const other = await createContactIncident({ phone: "03-1111-2222" });
    const foreign = await createAffectedRecord({ incidentId: other.id, siteId: other.siteId });
    const a = await createContact({ ...valid(), identityVerified: true, affectedRecordId: foreign.id });
    expect(a.status).toBe(400);
    const b = await createContact({ ...valid(), incident: "no-such-incident" });
    expect(b).toMatchObject({ status: 404, json: { error: "unknown_incident" } });
  });

  it("401 without or with a revoked token, 403 with a token lacking the contacts scope", async () => {
    const before = await prisma.contact.count();
    expect((await createContact(valid(), { token: null })).status).toBe(401);
    expect((await createContact(valid(), { token: "mdg_wrong" })).status).toBe(401);
    const revoked = await newToken(["contacts"], "old");
    await revokeApiToken({ id: revoked.id, actor: userActor(admin) });
    expect((await createContact(valid(), { token: revoked.token })).status).toBe(401);
    const { status, json } = await createContact(valid(), { token: callsToken });
    expect(status).toBe(403);
    expect(json.error).toBe("insufficient_scope");
    expect(await prisma.contact.count()).toBe(before);
  });
});

describe("GET /api/v1/contacts/ID", () => {
  it("200 with the contact, audited; 404 for an unknown id; 401/403", async () => {
    const created = await createContact(valid());
    const id = String(created.json.id);
    const { status, json } = await fetchContact(id);
    expect(status).toBe(200);
    expect(json).toMatchObject({ id, notes: "再発行手数料について説明", withinBusinessHours: true, version: 1 });
    expect(await prisma.auditLog.count({ where: { action: "contact.view", entityId: id, actorType: "token" } })).toBe(1);
    expect(await fetchContact("doesnotexist00000000")).toMatchObject({ status: 404, json: { error: "not_found" } });
    expect(await fetchContact("../../etc")).toMatchObject({ status: 404 });
    expect((await fetchContact(id, null)).status).toBe(401);
    expect((await fetchContact(id, callsToken)).status).toBe(403);
  });
});

describe("POST /api/v1/calls", () => {
  const event = (callId: string, state: string, at: string, extra: Record<string, unknown> = {}) => ({
    callId,
    direction: "in",
    from: "090-1234-5678",
    to: "03-4405-8455",
    state,
    timestamp: `2026-07-21T${at}+09:00`,
    ...extra,
  });

  it("ringing → answered → hangup: 201 then 200s; talk time; repeated events are idempotent", async () => {
    const ring = await sendCall(event("call-A", "ringing", "11:00:00"));
    expect(ring.status).toBe(201);
    expect(ring.json).toMatchObject({
      channel: "phone_in",
      source: "pbx",
      status: "open",
      callerContact: "+819012345678",
      abandoned: false,
      created: true,
    });
    const answer = await sendCall(event("call-A", "answered", "11:00:08"));
    expect(answer.status).toBe(200);
    const hang = await sendCall(event("call-A", "hangup", "11:06:08"));
    expect(hang.json).toMatchObject({ talkSeconds: 360, abandoned: false, endedAt: "2026-07-21T02:06:08.000Z", changed: true });
    const again = await sendCall(event("call-A", "hangup", "11:06:08"));
    expect(again).toMatchObject({ status: 200, json: { changed: false, version: hang.json.version } });
    const ringAgain = await sendCall(event("call-A", "ringing", "11:00:00"));
    expect(ringAgain.json.changed).toBe(false);
    expect(await prisma.contact.count({ where: { callId: "call-A" } })).toBe(1);
  });

  it("ringing → hangup: abandoned, waiting for a callback with a due time", async () => {
    await sendCall(event("call-B", "ringing", "12:00:00"));
    const hang = await sendCall(event("call-B", "hangup", "12:00:25"));
    expect(hang.json).toMatchObject({ abandoned: true, talkSeconds: null, answeredAt: null, status: "open" });
    expect(hang.json.dueAt).toBe("2026-07-22T03:00:25.000Z"); // 480 business minutes later: 12:00:25 JST the next day
  });

  it("events out of order end in the same state as in order", async () => {
    await sendCall(event("call-C", "hangup", "13:05:00"));
    await sendCall(event("call-C", "answered", "13:00:10"));
    const last = await sendCall(event("call-C", "ringing", "13:00:00"));
    expect(last.json).toMatchObject({ startedAt: "2026-07-21T04:00:00.000Z", talkSeconds: 290, abandoned: false });
  });

  it("an outbound call: the customer is the number dialled", async () => {
    const { json } = await sendCall(
      event("call-D", "ringing", "14:00:00", { direction: "out", from: "03-4405-8455", to: "0312345678" }),
    );
    expect(json).toMatchObject({ channel: "phone_out", callerContact: "+81312345678" });
  });

  it("400 for a bad event, 404 when no incident has the number, 401/403", async () => {
    const bad = await sendCall(event("call-E", "ringing", "14:00:00", { state: "dialing" }));
    expect(bad.status).toBe(400);
    expect((bad.json.issues as { path: string }[]).map((i) => i.path)).toContain("state");
    expect((await sendCall(event("call-E", "ringing", "14:00:00", { timestamp: "tomorrow" }))).status).toBe(400);
    expect((await sendCall(event("call-E", "ringing", "14:00:00", { to: "0120-000-000" }))).status).toBe(404);
    expect((await sendCall(event("call-E", "ringing", "14:00:00", { to: "0120-000-000", incident: incident.slug }))).status).toBe(
      201,
    );
    expect((await sendCall(event("call-F", "ringing", "14:00:00"), null)).status).toBe(401);
    expect((await sendCall(event("call-F", "ringing", "14:00:00"), contactsToken)).status).toBe(403);
  });
});
