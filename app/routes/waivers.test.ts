/**
 * Waiver requests through their routes: the public form and status page, the agent's form and the
 * supervisor list. Real SQLite and Requests; the test list of tests/lookup-fixtures.ts.
 */
import { anonymousCookies, createTestUser, formRequest, getRequest, settle, staffCookies } from "../../tests/factories";
import { createLookupIncident, PEOPLE, rawIdentifierStrings } from "../../tests/lookup-fixtures";
import type { TestIncident } from "../../tests/lookup-fixtures";
import { cardCompanies } from "../../prisma/seed/card-companies";
import { prisma } from "~/utils/db.server";
import { action as staffNewAction, loader as staffNewLoader } from "./staff.waivers.new";
import { action as listAction, loader as listLoader } from "./staff.waivers._index";
import { action as newAction, loader as newLoader, WAIVER_FORM_ID_LIMIT, WAIVER_FORM_IP_LIMIT } from "./waivers.new";
import { action as statusAction, WAIVER_STATUS_IP_LIMIT, WAIVER_STATUS_REFERENCE_LIMIT } from "./waivers.status";

let incident: TestIncident;
let jcb: string;
let cookies: { cookie: string; csrf: string };
let ipCounter = 0;
const nextIp = () => `203.0.113.${++ipCounter}`;

beforeAll(async () => {
  incident = await createLookupIncident({ slug: "waiver-shop" });
  for (const [position, c] of cardCompanies.entries()) await prisma.cardCompany.create({ data: { ...c, position } });
  jcb = (await prisma.cardCompany.findUniqueOrThrow({ where: { code: "jcb" } })).id;
  cookies = await anonymousCookies();
});

type NewResult = { errors: Record<string, string>; values: Record<string, unknown>; existingReference?: string };

function submitForm(
  fields: Record<string, string>,
  { ip = nextIp(), csrf = true, slug = "waiver-shop" }: { ip?: string; csrf?: boolean; slug?: string } = {},
) {
  const body: Record<string, string> = {
    name: PEOPLE.taro.nameKanji,
    email: PEOPLE.taro.email,
    phone: "",
    reference: "",
    cardCompanyId: jcb,
    cardBrand: "VISA",
    last4: "",
    consent: "yes",
    website: "",
    ...fields,
  };
  if (csrf) body.csrf = cookies.csrf;
  const request = formRequest(`/waivers/new?incident=${slug}`, body, { cookie: cookies.cookie, ip });
  return settle(() => newAction({ request, params: {}, context: {} }));
}

function lookStatus(reference: string, contact: string, ip = nextIp()) {
  const request = formRequest("/waivers/status", { reference, contact, csrf: cookies.csrf }, { cookie: cookies.cookie, ip });
  return settle(() => statusAction({ request, params: {}, context: {} }));
}

describe("public waiver form", () => {
  let reference: string;

  it("shows the form with the card companies for the incident, 404 for an unknown one", async () => {
    const { data } = await settle(() =>
      newLoader({ request: getRequest("/waivers/new?incident=waiver-shop"), params: {}, context: {} }),
    );
    const d = data as Awaited<ReturnType<typeof newLoader>>;
    expect(d.incident?.slug).toBe("waiver-shop");
    expect(d.companies.map((c) => c.code)).toContain("jcb");
    expect(d.hotline?.number).toBe("0120-000-000");
    const { response } = await settle(() =>
      newLoader({ request: getRequest("/waivers/new?incident=nope"), params: {}, context: {} }),
    );
    expect(response?.status).toBe(404);
  });

  it("accepts a verified affected customer and redirects to the reference number", async () => {
    const { response } = await submitForm({ phone: PEOPLE.taro.phone });
    expect(response?.status).toBe(302);
    const location = response!.headers.get("Location")!;
    expect(location).toMatch(/^\/waivers\/new\?incident=waiver-shop&submitted=W-[23456789A-HJ-NP-Z]{8}$/);
    reference = decodeURIComponent(location.split("submitted=")[1]!);
    const row = await prisma.waiverRequest.findUniqueOrThrow({ where: { reference } });
    expect(row).toMatchObject({
      affectedRecordId: incident.records.taro,
      status: "submitted",
      source: "self-check",
      cardLast4: "4242",
    });
    const { data } = await settle(() => newLoader({ request: getRequest(location), params: {}, context: {} }));
    expect((data as { submitted: string }).submitted).toBe(reference);
    // The lookup behind it is recorded like a self-check, without raw identifiers.
    const audits = await prisma.auditLog.findMany({ where: { action: { in: ["lookup.self_check", "waiver.create"] } } });
    expect(audits.map((a) => a.action).sort()).toEqual(["lookup.self_check", "waiver.create"]);
    for (const raw of rawIdentifierStrings()) expect(JSON.stringify(audits)).not.toContain(raw);
  });

  it("refuses a second request for the same card with the existing reference (409)", async () => {
    const { response, data } = await submitForm({ email: "", phone: PEOPLE.taro.phone, reference: PEOPLE.taro.reference });
    expect(response?.status).toBe(409);
    const d = data as NewResult;
    expect(d.existingReference).toBe(reference);
    expect(d.errors.form).toContain(reference);
  });

  it.each([
    ["no consent", { consent: "" }, "consent"],
    ["no email and no phone", { email: "", phone: "" }, "email"],
    ["an email that is not one", { email: "taro@" }, "email"],
    ["a phone that is not one", { email: "", phone: "12" }, "phone"],
    ["no card company", { cardCompanyId: "" }, "cardCompanyId"],
    ["an unknown card company", { cardCompanyId: "nope" }, "cardCompanyId"],
    ["a brand not on the list", { cardBrand: "Discover" }, "cardBrand"],
    ["a whole card number as last 4", { last4: "4242 4242 4242 4242" }, "last4"],
    ["no name", { name: " " }, "name"],
  ])("answers 400 for %s and keeps what was typed", async (_label, fields, field) => {
    const before = await prisma.waiverRequest.count();
    const { response, data } = await submitForm({ phone: "090-1234-5678", reference: "TS-00000001", ...fields });
    expect(response?.status).toBe(400);
    const d = data as NewResult;
    expect(Object.keys(d.errors)).toEqual([field]);
    expect(d.errors[field]).toBeTruthy();
    expect(d.values).toMatchObject({
      phone: "090-1234-5678",
      reference: "TS-00000001",
      ...Object.fromEntries(Object.entries(fields).filter(([k]) => k !== "consent")),
    });
    expect(await prisma.waiverRequest.count()).toBe(before);
  });

  it("gives one and the same 'cannot confirm' answer whether the person is unknown, only one fact matches, or is outside the window", async () => {
    const unknown = await submitForm({ name: "存在 しない", email: "nobody@example.jp" });
    const oneFact = await submitForm({ name: "別人 です", email: PEOPLE.ichiro.email });
    const outside = await submitForm({ name: PEOPLE.hanako.nameKanji, email: PEOPLE.hanako.email });
    for (const r of [unknown, oneFact, outside]) expect(r.response?.status).toBe(400);
    const form = (r: typeof unknown) => (r.data as NewResult).errors;
    expect(form(unknown)).toEqual(form(oneFact));
    expect(form(unknown)).toEqual(form(outside));
    expect(Object.keys(form(unknown))).toEqual(["form"]);
    expect(
      await prisma.waiverRequest.count({
        where: { affectedRecordId: { in: [incident.records.ichiro, incident.records.hanako] } },
      }),
    ).toBe(0);
  });

  it("says so when the typed last 4 digits are not the record's (only after identity is verified)", async () => {
    const { response, data } = await submitForm({ name: PEOPLE.ichiro.nameKanji, email: PEOPLE.ichiro.email, last4: "9999" });
    expect(response?.status).toBe(400);
    expect(Object.keys((data as NewResult).errors)).toEqual(["last4"]);
    expect((data as NewResult).values.last4).toBe("9999");
  });

  it("refuses a filled honeypot without creating anything", async () => {
    const before = await prisma.waiverRequest.count();
    const { response } = await submitForm({
      name: PEOPLE.ichiro.nameKanji,
      email: PEOPLE.ichiro.email,
      website: "http://spam.example",
    });
    expect(response?.status).toBe(400);
    expect(await prisma.waiverRequest.count()).toBe(before);
  });

  it("refuses a post without the CSRF token", async () => {
    const { response } = await submitForm({}, { csrf: false });
    expect(response?.status).toBe(403);
  });

  it("rate-limits per IP with 429 and Retry-After", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < WAIVER_FORM_IP_LIMIT.limit; i++) {
      const { response } = await submitForm({ name: `別人${i}`, email: `x${i}@example.jp` }, { ip });
      expect(response?.status).toBe(400);
    }
    const { response, data } = await submitForm({ name: PEOPLE.ichiro.nameKanji, email: PEOPLE.ichiro.email }, { ip });
    expect(response?.status).toBe(429);
    expect(Number(response?.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((data as NewResult).values.email).toBe(PEOPLE.ichiro.email);
    expect(await prisma.waiverRequest.count({ where: { affectedRecordId: incident.records.ichiro } })).toBe(0);
  });

  it("rate-limits per email address across IPs", async () => {
    for (let i = 0; i < WAIVER_FORM_ID_LIMIT.limit; i++) {
      const { response } = await submitForm({ name: `別人${i}`, email: "target@example.jp" });
      expect(response?.status).toBe(400);
    }
    const { response } = await submitForm({ name: "別人", email: "TARGET@example.jp" });
    expect(response?.status).toBe(429);
  });
});

describe("public status lookup", () => {
  let reference: string;
  beforeAll(async () => {
    reference = (await prisma.waiverRequest.findFirstOrThrow({ where: { affectedRecordId: incident.records.taro } })).reference;
  });

  it("shows the status and its dates for the reference plus the email or phone given", async () => {
    for (const contact of [PEOPLE.taro.email.toLowerCase(), "09012345678"]) {
      const { response, data } = await lookStatus(reference.replace("W-", "w "), contact);
      expect(response?.status ?? 200).toBe(200);
      const d = data as { found: true; status: { reference: string; status: string; events: { status: string; at: string }[] } };
      expect(d.found).toBe(true);
      expect(d.status.reference).toBe(reference);
      expect(d.status.status).toBe("submitted");
      expect(d.status.events).toHaveLength(1);
    }
  });

  it("answers a wrong reference and a wrong contact the same way", async () => {
    const wrongContact = await lookStatus(reference, "someone.else@example.jp");
    const wrongReference = await lookStatus("W-ZZZZ2222", PEOPLE.taro.email);
    const malformed = await lookStatus("12345", PEOPLE.taro.email);
    for (const r of [wrongContact, wrongReference, malformed]) expect(r.response?.status).toBe(404);
    const shape = (r: typeof wrongContact) => {
      const d = r.data as { found: boolean; errors: unknown };
      return { found: d.found, errors: d.errors };
    };
    expect(shape(wrongContact)).toEqual(shape(wrongReference));
    expect(shape(wrongContact)).toEqual(shape(malformed));
  });

  it("answers 400 with the values kept when a field is empty", async () => {
    const { response, data } = await lookStatus(reference, " ");
    expect(response?.status).toBe(400);
    expect((data as { values: { reference: string } }).values.reference).toBe(reference);
  });

  it("rate-limits per reference number (guessing contacts) and per IP", async () => {
    for (let i = 0; i < WAIVER_STATUS_REFERENCE_LIMIT.limit; i++)
      expect((await lookStatus("W-YYYY3333", `guess${i}@example.jp`)).response?.status).toBe(404);
    const limited = await lookStatus("w-yyyy3333", PEOPLE.taro.email);
    expect(limited.response?.status).toBe(429);
    expect(limited.response?.headers.get("Retry-After")).toBeTruthy();

    const ip = "192.0.2.99";
    for (let i = 0; i < WAIVER_STATUS_IP_LIMIT.limit; i++)
      await lookStatus(`W-${"ABCDEFGHJKMNPQRSTUVWXYZ"[i]}2345678`, "x@example.jp", ip);
    expect((await lookStatus(reference, PEOPLE.taro.email, ip)).response?.status).toBe(429);
  });
});

describe("supervisor list", () => {
  let sup: { cookie: string; csrf: string };
  let agt: { cookie: string; csrf: string };
  let id: string;
  beforeAll(async () => {
    sup = await staffCookies((await createTestUser({ role: "supervisor" })).id);
    agt = await staffCookies((await createTestUser({ role: "agent" })).id);
    id = (await prisma.waiverRequest.findFirstOrThrow({ where: { affectedRecordId: incident.records.taro } })).id;
  });
  const post = (fields: Record<string, string>, who = sup) =>
    settle(() =>
      listAction({
        request: formRequest("/staff/waivers", { csrf: who.csrf, ...fields }, { cookie: who.cookie }),
        params: {},
        context: {},
      }),
    );
  const list = (search: string, who = sup) =>
    settle(() => listLoader({ request: getRequest(`/staff/waivers${search}`, { cookie: who.cookie }), params: {}, context: {} }));

  it("is for supervisors only", async () => {
    expect((await list("", agt)).response?.status).toBe(403);
    expect((await post({ id, to: "verified" }, agt)).response?.status).toBe(403);
  });

  it("lists requests with masked contact details, filters leniently", async () => {
    const { data } = await list("?status=submitted&page=abc&perPage=7&company=%3Cx%3E");
    const d = data as Awaited<ReturnType<typeof listLoader>>;
    expect(d.filter).toMatchObject({ status: "submitted", page: 1, perPage: 50, company: "" });
    const row = d.rows.find((r) => r.id === id)!;
    expect(row.contactEmail).toBe("T***@example.jp");
    expect(row.last4).toBe("**** **** **** 4242");
    expect(row.next).toEqual(["verified", "rejected"]);
  });

  it("refuses an invalid move and a rejection without a reason", async () => {
    expect((await post({ id, to: "confirmed" })).response?.status).toBe(400);
    expect((await post({ id, to: "sent" })).response?.status).toBe(400);
    const { response, data } = await post({ id, to: "rejected", reason: "" });
    expect(response?.status).toBe(400);
    expect((data as { errors: { reason?: string } }).errors.reason).toBeTruthy();
    expect((await prisma.waiverRequest.findUniqueOrThrow({ where: { id } })).status).toBe("submitted");
  });

  it("verifies a request, and the customer sees it", async () => {
    const { response } = await post({ id, to: "verified", redirectTo: "/staff/waivers?status=submitted" });
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toBe("/staff/waivers?status=submitted&done=verified");
    const reference = (await prisma.waiverRequest.findUniqueOrThrow({ where: { id } })).reference;
    const { data } = await lookStatus(reference, PEOPLE.taro.phone);
    expect((data as { status: { status: string; events: unknown[] } }).status).toMatchObject({ status: "verified" });
    expect((data as { status: { events: unknown[] } }).status.events).toHaveLength(2);
  });
});

describe("agent path", () => {
  let agent: Awaited<ReturnType<typeof createTestUser>>;
  let agt: { cookie: string; csrf: string };
  const url = () => `/staff/waivers/new?record=${incident.records.ichiro}`;
  beforeAll(async () => {
    agent = await createTestUser({ role: "agent" });
    agt = await staffCookies(agent.id);
  });
  const post = (fields: Record<string, string>) =>
    settle(() =>
      staffNewAction({
        request: formRequest(url(), { csrf: agt.csrf, ...fields }, { cookie: agt.cookie }),
        params: {},
        context: {},
      }),
    );
  const create = (over: Record<string, string> = {}) =>
    post({
      intent: "create",
      cardCompanyId: jcb,
      cardBrand: "",
      last4: "",
      contactName: "佐藤 一郎",
      contactEmail: "",
      contactPhone: "080-2222-3333",
      source: "agent",
      consent: "yes",
      ...over,
    });

  it("without a fresh verified lookup of this record: no form, and creating is refused", async () => {
    const { data } = await settle(() =>
      staffNewLoader({ request: getRequest(url(), { cookie: agt.cookie }), params: {}, context: {} }),
    );
    expect(data).toMatchObject({ fresh: false, card: null, companies: [] });
    expect((await create()).response?.status).toBe(403);
    expect(await prisma.waiverRequest.count({ where: { affectedRecordId: incident.records.ichiro } })).toBe(0);
  });

  it("a lookup that does not verify this record does not open the form", async () => {
    const { response } = await post({
      intent: "verify",
      name: PEOPLE.ichiro.nameKanji,
      phone: "",
      email: "wrong@example.jp",
      reference: "",
    });
    expect(response?.status).toBe(400);
    expect((await create()).response?.status).toBe(403);
  });

  it("after verifying two facts, takes the request with the card digits from the record", async () => {
    const verified = await post({
      intent: "verify",
      name: "ｻﾄｳ ｲﾁﾛｳ",
      phone: "０８０２２２２３３３３",
      email: "",
      reference: "",
    });
    expect(verified.response?.status).toBe(302);
    const { data } = await settle(() =>
      staffNewLoader({ request: getRequest(url(), { cookie: agt.cookie }), params: {}, context: {} }),
    );
    expect(data).toMatchObject({ fresh: true, card: { brand: "Mastercard", last4: "**** **** **** 3333" } });

    const missing = await create({ consent: "" });
    expect(missing.response?.status).toBe(400);
    expect((missing.data as { values: Record<string, string> }).values.contactPhone).toBe("080-2222-3333");

    const { response } = await create();
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toMatch(/&created=W-[23456789A-HJ-NP-Z]{8}$/);
    const row = await prisma.waiverRequest.findFirstOrThrow({ where: { affectedRecordId: incident.records.ichiro } });
    expect(row).toMatchObject({ source: "agent", cardLast4: "3333", status: "submitted" });
    const event = await prisma.waiverEvent.findFirstOrThrow({ where: { requestId: row.id } });
    expect(event.byUserId).toBe(agent.id);

    const again = await create({ source: "email" });
    expect(again.response?.status).toBe(409);
    expect((again.data as { existingReference: string }).existingReference).toBe(row.reference);
  });

  it("404 for an unknown record", async () => {
    const { response } = await settle(() =>
      staffNewLoader({ request: getRequest("/staff/waivers/new?record=nope", { cookie: agt.cookie }), params: {}, context: {} }),
    );
    expect(response?.status).toBe(404);
  });
});
