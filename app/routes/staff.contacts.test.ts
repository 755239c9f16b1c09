/** The agent's contact form (/staff/contacts/new) and the contact detail page with corrections (/staff/contacts/ID). */
import { CARD_SAMPLES, createAffectedRecord, createContactIncident, expectNoCardData } from "../../tests/contact-fixtures";
import { createTestUser, formRequest, getRequest, settle, staffCookies } from "../../tests/factories";
import { prisma } from "~/utils/db.server";
import { action as detailAction, loader as detailLoader } from "./staff.contacts.$id";
import { action as newAction, loader as newLoader } from "./staff.contacts.new";

let incident: Awaited<ReturnType<typeof createContactIncident>>;
let agent: Awaited<ReturnType<typeof createTestUser>>;
let session: { cookie: string; csrf: string };

beforeAll(async () => {
  incident = await createContactIncident();
  agent = await createTestUser({ role: "agent" });
  session = await staffCookies(agent.id);
});

/** The staff member's current incident is remembered in a cookie. */
const withIncident = (cookie: string) =>
  `${cookie}; staff_incident=${encodeURIComponent(Buffer.from(JSON.stringify(incident.slug)).toString("base64"))}`;

function fields(change: Record<string, string> = {}) {
  return {
    csrf: session.csrf,
    incident: incident.slug,
    channel: "phone_in",
    startedAt: "2026-07-21T10:30",
    endedAt: "2026-07-21T10:37",
    talk: "5:30",
    hold: "0:30",
    acw: "1:00",
    callerName: "山田 太郎",
    callerContact: "090-1234-5678",
    reference: "",
    outcome: "resolved_first_contact",
    escalatedTo: "",
    notes: "対象者であることを案内",
    ...change,
  };
}

function post(path: string, body: Record<string, string>, categories: string[] = []) {
  const request = formRequest(path, body, { cookie: session.cookie });
  if (categories.length === 0) return request;
  // formRequest takes one value per name; checkboxes repeat the name.
  const params = new URLSearchParams(body);
  for (const c of categories) params.append("categories", c);
  return new Request(request.url, { method: "POST", headers: request.headers, body: params.toString() });
}

const create = (body: Record<string, string>, categories?: string[]) =>
  settle(() => newAction({ request: post("/staff/contacts/new", body, categories), params: {}, context: {} }));

describe("/staff/contacts/new", () => {
  it("the loader needs a login and gives the current incident and now as the start", async () => {
    const anonymous = await settle(() => newLoader({ request: getRequest("/staff/contacts/new"), params: {}, context: {} }));
    expect(anonymous.response?.status).toBe(302);
    const { data } = await settle(() =>
      newLoader({
        request: getRequest("/staff/contacts/new?identityVerified=1&affectedRecordId=abcdefgh1234", {
          cookie: withIncident(session.cookie),
        }),
        params: {},
        context: {},
      }),
    );
    expect(data).toMatchObject({
      incident: { slug: incident.slug },
      defaults: {
        identityVerified: true,
        affectedRecordId: "abcdefgh1234",
        startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/),
      },
    });
  });

  it("saves with the categories and times, and redirects with the flash", async () => {
    const { response } = await create(fields(), ["late_notice", "affected_check"]);
    expect(response?.status).toBe(302);
    const location = new URL(response!.headers.get("Location")!, "http://localhost");
    expect(location.pathname).toBe("/staff/contacts/new");
    const id = location.searchParams.get("logged")!;
    expect(location.searchParams.get("cards")).toBeNull();
    const contact = await prisma.contact.findUniqueOrThrow({ where: { id }, include: { categories: true } });
    expect(contact).toMatchObject({
      channel: "phone_in",
      source: "agent",
      agentId: agent.id,
      talkSeconds: 330,
      holdSeconds: 30,
      acwSeconds: 60,
      withinHours: true,
    });
    expect(contact.startedAt.toISOString()).toBe("2026-07-21T01:30:00.000Z");
    expect(contact.categories.map((c) => c.category).sort()).toEqual(["affected_check", "late_notice"]);
  });

  it.each(CARD_SAMPLES)("redacts a card number ($label) in the notes and says so in the flash", async ({ text, secret }) => {
    const { response } = await create(fields({ notes: text }));
    const location = new URL(response!.headers.get("Location")!, "http://localhost");
    expect(location.searchParams.get("cards")).toBe("1");
    const row = await prisma.contact.findUniqueOrThrow({ where: { id: location.searchParams.get("logged")! } });
    expectNoCardData(JSON.stringify(row), [secret]);
  });

  it("goes back to redirectTo (the desk) with the flash, but only on this site", async () => {
    const desk = await create(fields({ redirectTo: "/staff/desk?tab=call" }));
    expect(desk.response?.headers.get("Location")).toMatch(/^\/staff\/desk\?tab=call&logged=[a-z0-9]+$/);
    const evil = await create(fields({ redirectTo: "//evil.example/" }));
    expect(evil.response?.headers.get("Location")).toMatch(/^\/staff\/contacts\/new\?logged=/);
  });

  it("400 with translated messages and every typed value kept (card data removed from the echo)", async () => {
    const before = await prisma.contact.count();
    const { response, data } = await create(
      fields({ talk: "five minutes", outcome: "escalated", notes: "4111 1111 1111 1111 と言われた", callerName: "佐藤" }),
      ["fraud_charge"],
    );
    expect(response?.status).toBe(400);
    const body = data as { errors: Record<string, string>; values: Record<string, string | string[]>; redactedEcho: boolean };
    expect(body.errors.talk).toBe("分:秒 の形式で入力してください（例 3:05）。");
    expect(body.errors.escalatedTo).toBe("エスカレーション先を選んでください。");
    expect(body.values).toMatchObject({
      callerName: "佐藤",
      talk: "five minutes",
      outcome: "escalated",
      categories: ["fraud_charge"],
      notes: "[CARD ****1111] と言われた",
    });
    expect(body.values.csrf).toBeUndefined();
    expect(body.redactedEcho).toBe(true);
    expect(await prisma.contact.count()).toBe(before);
  });

  it("400 when linking an affected record without verified identity; saves the link when verified", async () => {
    const record = await createAffectedRecord({ incidentId: incident.id, siteId: incident.siteId });
    const refused = await create(fields({ affectedRecordId: record.id }));
    expect(refused.response?.status).toBe(400);
    const saved = await create(fields({ affectedRecordId: record.id, identityVerified: "1" }));
    const id = new URL(saved.response!.headers.get("Location")!, "http://localhost").searchParams.get("logged")!;
    expect((await prisma.contact.findUniqueOrThrow({ where: { id } })).affectedRecordId).toBe(record.id);
  });

  it("refuses a post without the CSRF token", async () => {
    const { response } = await create({ ...fields(), csrf: "" });
    expect(response?.status).toBe(403);
  });
});

describe("/staff/contacts/ID", () => {
  async function logged(notes = "最初のメモ") {
    const { response } = await create(fields({ notes }), ["reissue_fee"]);
    return new URL(response!.headers.get("Location")!, "http://localhost").searchParams.get("logged")!;
  }
  const correct = (id: string, change: Record<string, string>, categories: string[] = []) =>
    settle(() =>
      detailAction({
        request: post(
          `/staff/contacts/${id}`,
          { ...fields(), intent: "correct", expectedVersion: "1", reason: "誤記の訂正", ...change },
          categories,
        ),
        params: { id },
        context: {},
      }),
    );

  it("shows the contact with its versions and audits the view; 404 for an unknown id", async () => {
    const id = await logged();
    const { data } = await settle(() =>
      detailLoader({ request: getRequest(`/staff/contacts/${id}`, { cookie: session.cookie }), params: { id }, context: {} }),
    );
    expect(data).toMatchObject({
      contact: { id, notes: "最初のメモ", version: 1, versions: [{ version: 1, reason: "@created" }] },
    });
    expect(await prisma.auditLog.count({ where: { action: "contact.view", entityId: id, actorId: agent.id } })).toBe(1);
    const missing = await settle(() =>
      detailLoader({
        request: getRequest("/staff/contacts/nosuchcontact0000", { cookie: session.cookie }),
        params: { id: "nosuchcontact0000" },
        context: {},
      }),
    );
    expect(missing.response?.status).toBe(404);
  });

  it("a correction is a new version; the old one stays; the reason is required; a card number in it is redacted", async () => {
    const id = await logged();
    const noReason = await correct(id, { reason: "" });
    expect(noReason.response?.status).toBe(400);
    expect((noReason.data as { errors: Record<string, string> }).errors.reason).toBe("入力してください。");

    const { response } = await correct(id, { notes: "訂正後 5555-5555-5555-4444", outcome: "callback_needed" }, [
      "reissue_fee",
      "fraud_charge",
    ]);
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toBe(`/staff/contacts/${id}?corrected=2&cards=1`);
    const versions = await prisma.contactVersion.findMany({ where: { contactId: id }, orderBy: { version: "asc" } });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(JSON.parse(versions[0]!.data)).toMatchObject({
      notes: "最初のメモ",
      outcome: "resolved_first_contact",
      categories: ["reissue_fee"],
    });
    expect(JSON.parse(versions[1]!.data)).toMatchObject({
      notes: "訂正後 [CARD ****4444]",
      outcome: "callback_needed",
      categories: ["reissue_fee", "fraud_charge"],
    });
    expect(versions[1]).toMatchObject({ reason: "誤記の訂正", editedById: agent.id });
    expectNoCardData(JSON.stringify(versions), ["5555555555554444"]);
  });

  it("409 for a correction made on a stale version: nothing is overwritten", async () => {
    const id = await logged();
    expect((await correct(id, { notes: "A" })).response?.status).toBe(302);
    const stale = await correct(id, { notes: "B" });
    expect(stale.response?.status).toBe(409);
    expect((stale.data as { errors: Record<string, string> }).errors._form).toMatch(/第2版/);
    expect((await prisma.contact.findUniqueOrThrow({ where: { id } })).notes).toBe("A");
  });

  it("needs a login for the page and the correction", async () => {
    const id = await logged();
    const page = await settle(() => detailLoader({ request: getRequest(`/staff/contacts/${id}`), params: { id }, context: {} }));
    expect(page.response?.status).toBe(302);
    const request = formRequest(`/staff/contacts/${id}`, { ...fields(), reason: "x", expectedVersion: "1" });
    const post = await settle(() => detailAction({ request, params: { id }, context: {} }));
    expect(post.response?.status).toBe(302);
    expect(post.response?.headers.get("Location")).toMatch(/^\/login/);
  });
});
