import { createTestUser } from "../../tests/factories";
import { createLookupIncident, rawIdentifierStrings } from "../../tests/lookup-fixtures";
import type { TestIncident } from "../../tests/lookup-fixtures";
import { cardCompanies } from "../../prisma/seed/card-companies";
import { buildAffectedRecordRow, insertAffectedRecordRows } from "~/models/affected-record.server";
import { userActor } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import {
  changeWaiverStatus,
  createWaiverRequest,
  findWaiverStatus,
  listCardCompanies,
  listWaiverRequests,
} from "./waiver.server";
import type { CreateWaiverInput } from "./waiver.server";

let incident: TestIncident;
let jcb: string;
let smcc: string;
let supervisor: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  incident = await createLookupIncident({ slug: "waiver-model" });
  for (const [position, c] of cardCompanies.entries()) await prisma.cardCompany.create({ data: { ...c, position } });
  const companies = await listCardCompanies();
  jcb = companies.find((c) => c.code === "jcb")!.id;
  smcc = companies.find((c) => c.code === "smcc")!.id;
  supervisor = await createTestUser({ role: "supervisor" });
});

const input = (over: Partial<CreateWaiverInput> = {}): CreateWaiverInput => ({
  affectedRecordId: incident.records.taro,
  cardCompanyId: jcb,
  cardBrand: "VISA",
  last4: "",
  contactName: "山田 太郎",
  contactEmail: "Taro.Yamada@Example.JP",
  contactPhone: "090-1234-5678",
  consent: true,
  source: "self-check",
  ...over,
});
const publicActor = { actor: { type: "public" as const } };
const change = (id: string, to: string, reason?: string) =>
  changeWaiverStatus({ id, to, reason, byUserId: supervisor.id, actor: userActor(supervisor) });

describe("listCardCompanies", () => {
  it("lists the seeded issuers in order, 'other' last", async () => {
    const companies = await listCardCompanies();
    expect(companies.map((c) => c.code)).toEqual(cardCompanies.map((c) => c.code));
    expect(companies.at(-1)?.code).toBe("other");
  });
});

describe("createWaiverRequest", () => {
  it("creates a submitted request with a reference, the card digits from the record, consent time, an event and an audit entry", async () => {
    const now = new Date("2018-02-01T03:00:00Z");
    const result = await createWaiverRequest(input(), { ...publicActor, now });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.reference).toMatch(/^W-[23456789A-HJ-NP-Z]{8}$/);
    const row = await prisma.waiverRequest.findUniqueOrThrow({ where: { id: result.id }, include: { events: true } });
    expect(row).toMatchObject({
      status: "submitted",
      cardLast4: "4242",
      openKey: `${incident.records.taro}:4242`,
      source: "self-check",
      incidentId: incident.id,
      contactEmail: "Taro.Yamada@example.jp",
      consentAt: now,
    });
    expect(row.events.map((e) => e.status)).toEqual(["submitted"]);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "waiver.create", entityId: result.id } });
    for (const raw of rawIdentifierStrings()) expect(audit.details ?? "").not.toContain(raw);
  });

  it("refuses a second open request for the same record and card, naming the existing reference", async () => {
    const existing = await prisma.waiverRequest.findFirstOrThrow({
      where: { affectedRecordId: incident.records.taro, openKey: { not: null } },
    });
    const again = await createWaiverRequest(
      input({ cardCompanyId: smcc, source: "agent", contactEmail: "other@example.jp" }),
      publicActor,
    );
    expect(again).toEqual({ ok: false, problem: "duplicate", existingReference: existing.reference });
    expect(await prisma.waiverRequest.count({ where: { affectedRecordId: incident.records.taro } })).toBe(1);
  });

  it("lets the database decide between two requests sent at the same moment: exactly one gets in", async () => {
    const results = await Promise.all([
      createWaiverRequest(input({ affectedRecordId: incident.records.ichiro, contactEmail: "ichiro@example.com" }), publicActor),
      createWaiverRequest(input({ affectedRecordId: incident.records.ichiro, contactEmail: "ichiro@example.com" }), publicActor),
      createWaiverRequest(input({ affectedRecordId: incident.records.ichiro, contactEmail: "ichiro@example.com" }), publicActor),
    ]);
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(1);
    const reference = ok[0]!.ok ? ok[0]!.reference : "";
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, problem: "duplicate", existingReference: reference },
      { ok: false, problem: "duplicate", existingReference: reference },
    ]);
  });

  it("allows a new request once the open one was rejected", async () => {
    const open = await prisma.waiverRequest.findFirstOrThrow({
      where: { affectedRecordId: incident.records.ichiro, openKey: { not: null } },
    });
    expect(await change(open.id, "rejected", "カード会社が対象外と回答")).toMatchObject({ ok: true });
    expect((await prisma.waiverRequest.findUniqueOrThrow({ where: { id: open.id } })).openKey).toBeNull();
    const again = await createWaiverRequest(input({ affectedRecordId: incident.records.ichiro }), publicActor);
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.reference).not.toBe(open.reference);
  });

  it("checks the last 4 digits against the record", async () => {
    expect(await createWaiverRequest(input({ affectedRecordId: incident.records.namesake, last4: "9999" }), publicActor)).toEqual(
      { ok: false, problem: "last4-mismatch" },
    );
    expect(
      await createWaiverRequest(input({ affectedRecordId: incident.records.namesake, last4: "4111111111111111" }), publicActor),
    ).toEqual({ ok: false, problem: "last4-invalid" });
  });

  it("needs the last 4 digits when the record has none, and then one open request per card", async () => {
    await insertAffectedRecordRows([
      buildAffectedRecordRow({
        incidentId: incident.id,
        siteId: incident.siteId,
        input: { nameKanji: "鈴木 花", email: "hana@example.jp", transactionAt: new Date("2017-09-01T12:00:00+09:00") },
      }),
    ]);
    const record = await prisma.affectedRecord.findFirstOrThrow({ where: { incidentId: incident.id, email: "hana@example.jp" } });
    expect(await createWaiverRequest(input({ affectedRecordId: record.id, last4: "" }), publicActor)).toEqual({
      ok: false,
      problem: "last4-required",
    });
    expect((await createWaiverRequest(input({ affectedRecordId: record.id, last4: "１１１１" }), publicActor)).ok).toBe(true);
    expect((await createWaiverRequest(input({ affectedRecordId: record.id, last4: "2222" }), publicActor)).ok).toBe(true);
    expect(await createWaiverRequest(input({ affectedRecordId: record.id, last4: "1111" }), publicActor)).toMatchObject({
      ok: false,
      problem: "duplicate",
    });
  });

  it("refuses unknown records and card companies, and a request without any contact", async () => {
    expect(await createWaiverRequest(input({ affectedRecordId: "nope" }), publicActor)).toEqual({
      ok: false,
      problem: "record-not-found",
    });
    expect(
      await createWaiverRequest(input({ affectedRecordId: incident.records.jiro, cardCompanyId: "nope" }), publicActor),
    ).toEqual({ ok: false, problem: "card-company-unknown" });
    expect(
      await createWaiverRequest(
        input({ affectedRecordId: incident.records.jiro, contactEmail: "not an email", contactPhone: "" }),
        publicActor,
      ),
    ).toEqual({
      ok: false,
      problem: "contact-required",
    });
  });

  it("stores the contact name and email, and a rejection reason, with card data redacted", async () => {
    await insertAffectedRecordRows([
      buildAffectedRecordRow({
        incidentId: incident.id,
        siteId: incident.siteId,
        input: {
          nameKanji: "佐藤 次子",
          email: "tsugiko@example.jp",
          cardLast4: "4242",
          transactionAt: new Date("2017-09-02T12:00:00+09:00"),
        },
      }),
    ]);
    const record = await prisma.affectedRecord.findFirstOrThrow({
      where: { incidentId: incident.id, email: "tsugiko@example.jp" },
    });
    const created = await createWaiverRequest(
      input({
        affectedRecordId: record.id,
        contactName: "佐藤 ４１１１－１１１１－１１１１－１１１１ CVV 123",
        contactEmail: "s.4111111111111111@example.jp",
      }),
      publicActor,
    );
    if (!created.ok) throw new Error("setup");
    expect(await change(created.id, "rejected", "カード 5555 5555 5555 4444 の再発行済み")).toMatchObject({ ok: true });
    const row = await prisma.waiverRequest.findUniqueOrThrow({ where: { id: created.id }, include: { events: true } });
    expect(row).toMatchObject({
      contactName: "佐藤 [CARD ****1111] CVV [CVV]",
      contactEmail: "s.[CARD ****1111]@example.jp",
      rejectReason: "カード [CARD ****4444] の再発行済み",
    });
    expect(row.events.find((e) => e.status === "rejected")?.note).toBe("カード [CARD ****4444] の再発行済み");
  });
});

describe("changeWaiverStatus", () => {
  let id: string;
  beforeAll(async () => {
    const created = await createWaiverRequest(
      input({ affectedRecordId: incident.records.hanako, contactEmail: "hanako@example.jp", contactPhone: null }),
      publicActor,
    );
    if (!created.ok) throw new Error("setup");
    id = created.id;
  });

  it("refuses moves the rules do not allow, writing nothing", async () => {
    const events = await prisma.waiverEvent.count({ where: { requestId: id } });
    expect(await change(id, "confirmed")).toEqual({ ok: false, problem: "not-allowed" });
    expect(await change(id, "sent-ish")).toEqual({ ok: false, problem: "not-allowed" });
    expect(await change(id, "rejected", "  ")).toEqual({ ok: false, problem: "reason-required" });
    expect(await change("nope", "verified")).toEqual({ ok: false, problem: "not-found" });
    expect(await prisma.waiverEvent.count({ where: { requestId: id } })).toBe(events);
    expect((await prisma.waiverRequest.findUniqueOrThrow({ where: { id } })).status).toBe("submitted");
  });

  it("walks submitted → verified → sent → confirmed with an event and an audit entry each; confirmed frees the open key", async () => {
    for (const to of ["verified", "sent", "confirmed"]) expect(await change(id, to)).toMatchObject({ ok: true, to });
    const row = await prisma.waiverRequest.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { id: "asc" } } } });
    expect(row.status).toBe("confirmed");
    expect(row.openKey).toBeNull();
    expect(row.events.map((e) => [e.status, e.byUserId])).toEqual([
      ["submitted", null],
      ["verified", supervisor.id],
      ["sent", supervisor.id],
      ["confirmed", supervisor.id],
    ]);
    const audits = await prisma.auditLog.findMany({
      where: { action: "waiver.status_change", entityId: id },
      orderBy: { id: "asc" },
    });
    expect(audits.map((a) => JSON.parse(a.details!))).toEqual([
      { from: "submitted", to: "verified" },
      { from: "verified", to: "sent" },
      { from: "sent", to: "confirmed" },
    ]);
    expect(await change(id, "rejected", "遅すぎる")).toEqual({ ok: false, problem: "not-allowed" });
  });

  it("of two supervisors verifying at once, one wins and the other changes nothing", async () => {
    const created = await createWaiverRequest(
      input({ affectedRecordId: incident.records.jiro, cardCompanyId: smcc }),
      publicActor,
    );
    if (!created.ok) throw new Error("setup");
    const results = await Promise.all([change(created.id, "verified"), change(created.id, "verified")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, problem: expect.stringMatching(/^(conflict|not-allowed)$/) });
    expect(await prisma.waiverEvent.count({ where: { requestId: created.id, status: "verified" } })).toBe(1);
  });
});

describe("findWaiverStatus", () => {
  let reference: string;
  beforeAll(async () => {
    const row = await prisma.waiverRequest.findFirstOrThrow({ where: { affectedRecordId: incident.records.taro } });
    reference = row.reference;
  });

  it.each([
    ["the email as given", "Taro.Yamada@Example.JP"],
    ["the email in another case", "taro.yamada@example.jp"],
    ["the phone in another format", "０９０１２３４５６７８"],
    ["the phone as +81", "+81 90 1234 5678"],
  ])("finds the request with %s", async (_label, contact) => {
    const found = await findWaiverStatus({ reference: reference.toLowerCase(), contact });
    expect(found).toMatchObject({ reference, status: "submitted", rejectReason: null });
    expect(found?.events.map((e) => e.status)).toEqual(["submitted"]);
    expect(JSON.stringify(found)).not.toContain("4242");
    expect(JSON.stringify(found)).not.toContain("山田");
  });

  it("gives the same null for a wrong contact, a wrong reference and a malformed reference", async () => {
    expect(await findWaiverStatus({ reference, contact: "someone@example.jp" })).toBeNull();
    expect(await findWaiverStatus({ reference, contact: "090-0000-0000" })).toBeNull();
    expect(await findWaiverStatus({ reference: "W-ZZZZZZZZ", contact: "taro.yamada@example.jp" })).toBeNull();
    expect(await findWaiverStatus({ reference: "garbage", contact: "taro.yamada@example.jp" })).toBeNull();
  });

  it("shows the reason of a rejection", async () => {
    const rejected = await prisma.waiverRequest.findFirstOrThrow({
      where: { affectedRecordId: incident.records.ichiro, status: "rejected" },
    });
    const found = await findWaiverStatus({ reference: rejected.reference, contact: "ichiro@example.com" });
    expect(found).toMatchObject({ status: "rejected", rejectReason: "カード会社が対象外と回答" });
    expect(found?.events.map((e) => e.status)).toEqual(["submitted", "rejected"]);
  });
});

describe("listWaiverRequests", () => {
  it("filters by incident, status and card company, counts per status", async () => {
    const all = await listWaiverRequests({ incidentId: incident.id, page: 1, perPage: 50 });
    expect(all.total).toBeGreaterThanOrEqual(5);
    const rejected = await listWaiverRequests({ incidentId: incident.id, status: "rejected", page: 1, perPage: 50 });
    expect(rejected.rows.every((r) => r.status === "rejected")).toBe(true);
    expect(rejected.total).toBe(all.counts.rejected);
    const bySmcc = await listWaiverRequests({ incidentId: incident.id, cardCompanyId: smcc, page: 1, perPage: 50 });
    expect(bySmcc.rows.length).toBeGreaterThan(0);
    expect(bySmcc.rows.every((r) => r.cardCompany.id === smcc)).toBe(true);
    const page2 = await listWaiverRequests({ incidentId: incident.id, page: 2, perPage: 2 });
    expect(page2.rows).toHaveLength(2);
  });
});
