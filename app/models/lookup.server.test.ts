import { createTestUser, getRequest } from "../../tests/factories";
import { createLookupIncident, createSparseIncident, PEOPLE, rawIdentifierStrings } from "../../tests/lookup-fixtures";
import type { TestIncident } from "../../tests/lookup-fixtures";
import { userActor } from "~/utils/audit.server";
import { hmacLookupKey } from "~/utils/crypto.server";
import { prisma } from "~/utils/db.server";
import type { LookupQuery } from "./lookup.server";
import { CANDIDATES_PER_KEY, findApprovedScriptTexts, lookupAffected, prepareLookupQuery, recordRefusedLookup, viewAffectedRecord } from "./lookup.server";

let incident: TestIncident;
let agent: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  incident = await createLookupIncident();
  agent = await createTestUser({ role: "agent" });
});

const request = () => getRequest("/staff/lookup", { ip: "203.0.113.7" });
const asAgent = (query: LookupQuery) => lookupAffected({ incidentId: incident.id, query, channel: "agent", actor: userActor(agent), request: request() });

describe("finding a caller from what they say", () => {
  it.each<[string, LookupQuery, string, string[]]>([
    ["half-width kana name + full-width phone", { name: "ﾔﾏﾀﾞ ﾀﾛｳ", phone: "０９０１２３４５６７８" }, "taro", ["name", "phone"]],
    ["romaji name + phone with other dashes", { name: "yamada tarou", phone: "090−1234−5678" }, "taro", ["name", "phone"]],
    ["Hepburn romaji with capitals + email in other case", { name: "YAMADA Taroh", email: "taro.yamada@example.jp" }, "taro", ["name", "email"]],
    ["kanji without space + +81 phone", { name: "山田太郎", phone: "+81 90-1234-5678" }, "taro", ["name", "phone"]],
    ["hiragana name + reference in full width", { name: "やまだ　たろう", reference: "ｔｓ－００００００01" }, "taro", ["name", "reference"]],
    ["half-width kana stored, katakana asked", { name: "サトウ イチロウ", phone: "08022223333" }, "ichiro", ["name", "phone"]],
    ["email + reference, no name", { email: "ICHIRO@EXAMPLE.COM", reference: "ts-00000003" }, "ichiro", ["email", "reference"]],
  ])("%s", async (_label, query, who, fields) => {
    const result = await asAgent(query);
    expect(result.outcome).toBe("affected");
    expect(result.best?.recordId).toBe(incident.records[who as keyof typeof PEOPLE]);
    expect(result.best?.matchedFields).toEqual(fields);
    expect(result.best?.verified).toBe(true);
    expect(result.candidates[0]?.recordId).toBe(incident.records[who as keyof typeof PEOPLE]);
    expect(result.candidates[0]?.rank).toBe(1);
  });

  it("ranks the caller above a namesake that matches the name only, and tells the agent what matched", async () => {
    const result = await asAgent({ name: "ﾔﾏﾀﾞ ﾀﾛｳ", phone: "０９０１２３４５６７８", last4: "4242" });
    expect(result.candidates.map((c) => c.recordId)).toEqual([incident.records.taro, incident.records.namesake]);
    const [caller, namesake] = result.candidates;
    expect(caller).toMatchObject({ matchedFields: ["name", "phone"], last4Matched: true, verified: true, verdict: "affected" });
    // The namesake shares the card's last 4, but last 4 is supporting evidence only.
    expect(namesake).toMatchObject({ matchedFields: ["name"], last4Matched: true, verified: false, verdict: null, site: null, window: null, cardLast4: null });
  });

  it("shows agents masked values, the site, the window and the stolen items of a verified record", async () => {
    const result = await asAgent({ name: "山田 太郎", phone: "090-1234-5678" });
    const best = result.best!;
    expect(best.display).toEqual({
      nameKanji: "山田 太郎",
      nameKana: "ヤマダ タロウ",
      email: "T***@example.jp",
      phone: "***-****-5678",
      reference: "****0001",
      cardBrand: "VISA",
      cardLast4: "**** **** **** 4242",
    });
    expect(best.site).toMatchObject({ slug: "shop", nameJa: "テストショップ", stolenItems: ["name", "card_number", "expiry", "security_code"] });
    expect(best.window).toEqual({ startDate: "2017-08-05", endDate: "2017-09-15" });
    expect(best.transactionDate).toBe("2017-09-15");
  });

  it("masks the name of a record the caller did not name", async () => {
    const result = await asAgent({ phone: "090-1234-5678", email: "taro.yamada@example.jp" });
    expect(result.outcome).toBe("affected");
    expect(result.best?.display.nameKanji).toBe("山＊＊");
    expect(result.best?.display.nameKana).toBe("ヤ＊＊");
  });
});

describe("the two-fact rule and the verdicts", () => {
  it.each<[string, LookupQuery, string]>([
    ["name only", { name: "山田 太郎" }, "needs_verification"],
    ["phone only", { phone: "090-1234-5678" }, "needs_verification"],
    ["name + last 4 (last 4 never verifies)", { name: "山田 太郎", last4: "4242" }, "needs_verification"],
    ["name of one person, phone of another", { name: "山田 花子", phone: "090-1234-5678" }, "needs_verification"],
    ["verified, transaction 00:00 JST the day after the window", { name: "山田 花子", phone: "03-1111-2222" }, "not_affected"],
    ["verified, transaction 00:00 JST on the first day", { name: "佐藤 一郎", email: "ichiro@example.com" }, "affected"],
    ["verified, no transaction date", { name: "佐藤 次郎", phone: "070-3333-4444" }, "undetermined"],
    ["nobody", { name: "鈴木 一郎", phone: "090-0000-1111" }, "not_found"],
  ])("%s → %s", async (_label, query, outcome) => {
    expect((await asAgent(query)).outcome).toBe(outcome);
  });

  it("reports values it could not use", async () => {
    const result = await asAgent({ name: "山田 太郎", phone: "03-1234-567", email: "not-an-email", last4: "42" });
    expect(result.unusable).toEqual(["phone", "email", "last4"]);
    expect(result.given).toEqual(["name"]);
  });

  it("caps the rows read per key", async () => {
    const site = incident.siteId;
    const { buildAffectedRecordRow, insertAffectedRecordRows } = await import("./affected-record.server");
    const many = Array.from({ length: CANDIDATES_PER_KEY + 10 }, (_, i) =>
      buildAffectedRecordRow({ incidentId: incident.id, siteId: site, input: { nameKanji: "田中 実", reference: `CAP-${i}`, transactionAt: PEOPLE.taro.transactionAt } }),
    );
    await insertAffectedRecordRows(many);
    const result = await asAgent({ name: "田中 実" });
    expect(result.outcome).toBe("needs_verification");
    expect(result.candidates.length).toBeLessThanOrEqual(10);
    const viaReference = await asAgent({ name: "田中 実", reference: `CAP-${CANDIDATES_PER_KEY + 5}` });
    expect(viaReference.outcome).toBe("affected");
  });
});

describe("what the self-check and the API are told", () => {
  const publicLookup = (incidentId: string, query: LookupQuery) =>
    lookupAffected({ incidentId, query, channel: "self-check", actor: { type: "public" }, request: request() });

  it("maps verdicts to the three public answers", async () => {
    expect((await publicLookup(incident.id, { name: "山田 太郎", email: "taro.yamada@example.jp" })).publicOutcome).toBe("affected");
    expect((await publicLookup(incident.id, { name: "山田 花子", email: "hanako@example.jp" })).publicOutcome).toBe("not_found");
    // One fact (the email) matches: the same answer as no match at all.
    expect((await publicLookup(incident.id, { name: "誰か 別人", email: "hanako@example.jp" })).publicOutcome).toBe("not_found");
    expect((await publicLookup(incident.id, { name: "誰か 別人", email: "nobody@example.jp" })).publicOutcome).toBe("not_found");
    expect((await publicLookup(incident.id, { name: "佐藤 次郎", phone: "070-3333-4444" })).publicOutcome).toBe("uncertain");
  });

  it("cannot confirm when the list cannot check two of the facts given", async () => {
    const empty = await createSparseIncident({ slug: "test-none", namesOnly: false });
    const namesOnly = await createSparseIncident({ slug: "names-only", namesOnly: true });
    expect((await publicLookup(empty.id, { name: "山田 太郎", email: "taro.yamada@example.jp" })).publicOutcome).toBe("uncertain");
    const names = await publicLookup(namesOnly.id, { name: "山田 太郎", email: "taro.yamada@example.jp" });
    expect(names.outcome).toBe("needs_verification");
    expect(names.publicOutcome).toBe("uncertain");
    expect((await publicLookup(namesOnly.id, { name: "鈴木 花子", email: "x@example.jp" })).publicOutcome).toBe("uncertain");
  });

  it("gives the API affected / not_found / needs_verification", async () => {
    expect((await asAgent({ name: "山田 花子", phone: "03-1111-2222" })).apiOutcome).toBe("not_found");
    expect((await asAgent({ name: "佐藤 次郎", phone: "070-3333-4444" })).apiOutcome).toBe("needs_verification");
  });
});

describe("every lookup is recorded, without raw identifiers", () => {
  it("writes a Lookup row and an audit entry with the HMACs used", async () => {
    const before = await prisma.lookup.count();
    const result = await asAgent({ name: "ﾔﾏﾀﾞ ﾀﾛｳ", phone: "０９０１２３４５６７８", email: "Taro.Yamada@example.jp", reference: "TS-00000001", last4: "4242" });
    expect(await prisma.lookup.count()).toBe(before + 1);
    const row = await prisma.lookup.findUniqueOrThrow({ where: { id: result.lookupId } });
    expect(row).toMatchObject({ channel: "agent", actorId: agent.id, incidentId: incident.id, outcome: "affected", recordId: incident.records.taro });
    expect(row.ipHash).toBe(hmacLookupKey("ip", "203.0.113.7"));
    const keys = JSON.parse(row.keyHashes) as Record<string, string>;
    expect(keys).toEqual({
      name: hmacLookupKey("name", "やまだたろう"),
      phone: hmacLookupKey("phone", "+819012345678"),
      email: hmacLookupKey("email", "taro.yamada@example.jp"),
      reference: hmacLookupKey("reference", "TS00000001"),
      last4: hmacLookupKey("last4", "4242"),
    });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "lookup.agent", entityId: String(result.lookupId) } });
    expect(audit).toMatchObject({ actorType: "user", actorId: agent.id, entityType: "lookup", ip: "203.0.113.7" });
    expect(JSON.parse(audit.details!)).toMatchObject({ outcome: "affected", keyHashes: keys, recordId: incident.records.taro, candidates: 2, verified: 1 });
  });

  it("stores the HMAC of the romaji-converted name too", async () => {
    const result = await asAgent({ name: "Yamada Tarou", phone: "090-1234-5678" });
    const row = await prisma.lookup.findUniqueOrThrow({ where: { id: result.lookupId } });
    expect(JSON.parse(row.keyHashes)).toMatchObject({ name: hmacLookupKey("name", "yamadatarou"), nameFromRomaji: hmacLookupKey("name", "やまだたろう") });
  });

  it("keeps the public's raw IP out of the audit log", async () => {
    const result = await lookupAffected({
      incidentId: incident.id,
      query: { name: "山田 太郎", email: "taro.yamada@example.jp" },
      channel: "self-check",
      actor: { type: "public" },
      request: request(),
    });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "lookup.self_check", entityId: String(result.lookupId) } });
    expect(audit.ip).toBeNull();
    expect(JSON.parse(audit.details!)).toMatchObject({ publicOutcome: "affected", ipHash: hmacLookupKey("ip", "203.0.113.7") });
  });

  it("records refused (rate-limited) lookups with keys only", async () => {
    await recordRefusedLookup({ incidentId: incident.id, query: { name: "山田 太郎", phone: "090-1234-5678" }, channel: "self-check", actor: { type: "public" }, request: request(), reason: "ip" });
    const row = await prisma.lookup.findFirstOrThrow({ where: { outcome: "rate_limited" }, orderBy: { id: "desc" } });
    expect(JSON.parse(row.keyHashes)).toEqual(prepareLookupQuery({ name: "山田 太郎", phone: "090-1234-5678" }).keyHashes);
  });

  it("audits viewing one record's detail as record.view", async () => {
    const detail = await viewAffectedRecord({ recordId: incident.records.taro, incidentId: incident.id, actor: userActor(agent), request: request() });
    expect(detail).toMatchObject({ verdict: "affected", transactionDate: "2017-09-15", transactionTime: "23:59", email: "T***@example.jp", cardLast4: "**** **** **** 4242" });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "record.view", entityId: incident.records.taro } });
    expect(audit.actorId).toBe(agent.id);
    expect(await viewAffectedRecord({ recordId: incident.records.taro, incidentId: "another", actor: userActor(agent), request: request() })).toBeNull();
  });

  it("has not written any raw identifier into Lookup or AuditLog rows (checked last)", async () => {
    const lookups = JSON.stringify(await prisma.lookup.findMany());
    const audits = JSON.stringify(await prisma.auditLog.findMany());
    expect(lookups.length).toBeGreaterThan(100);
    const needles = [...rawIdentifierStrings(), "ﾔﾏﾀﾞ", "０９０", "やまだたろう", "+819012345678", "taro.yamada@example.jp", "Yamada"];
    for (const needle of needles) {
      expect(lookups, needle).not.toContain(needle);
      expect(audits, needle).not.toContain(needle);
    }
  });
});

describe("approved scripts", () => {
  it("reads the newest approved version, with placeholders filled, and tolerates missing keys", async () => {
    const script = await prisma.script.findFirstOrThrow({ where: { incidentId: incident.id, key: "call.affected" }, select: { id: true } });
    await prisma.scriptVersion.create({ data: { scriptId: script.id, version: 2, titleJa: "下書き", titleEn: "Draft", bodyJa: "下書き", bodyEn: "Draft", status: "draft" } });
    const texts = await findApprovedScriptTexts({ incidentId: incident.id, keys: ["call.affected", "call.no-such-thing"] });
    expect(Object.keys(texts)).toEqual(["call.affected"]);
    expect(texts["call.affected"]).toMatchObject({ version: 1, bodyJa: "0120-000-000 までお電話ください。", bodyEn: "Call 0120-000-000." });
  });
});
