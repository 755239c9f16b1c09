import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import {
  CARD_SAMPLES,
  CODE_SAMPLES,
  createAffectedRecord,
  createContactIncident,
  expectNoCardData,
} from "../../tests/contact-fixtures";
import { createTestUser } from "../../tests/factories";
import type { ContactInput } from "~/domain/contact-rules";
import { prisma } from "~/utils/db.server";
import {
  answerContact,
  callIdForStorage,
  closeContact,
  ContactInputError,
  ContactVersionConflictError,
  correctContact,
  createContact,
  getContactWithVersions,
  listQueue,
  recordCallEvent,
  takeContact,
} from "./contact.server";

const jst = (local: string) => new Date(`${local}+09:00`);

function input(incident: string, change: Partial<ContactInput> = {}): ContactInput {
  return {
    incident,
    channel: "phone_in",
    startedAt: jst("2026-07-21T10:30:00"),
    endedAt: jst("2026-07-21T10:36:00"),
    talkSeconds: 300,
    holdSeconds: 15,
    acwSeconds: 45,
    callerName: "山田 太郎",
    callerContact: "090-1234-5678",
    reference: null,
    identityVerified: false,
    affectedRecordId: null,
    categories: ["affected_check"],
    outcome: "resolved_first_contact",
    escalatedTo: null,
    notes: "確認済み",
    subject: null,
    message: null,
    ...change,
  };
}

async function agent() {
  const user = await createTestUser({ role: "agent" });
  return { user, actor: { type: "user" as const, id: user.id, label: user.email } };
}

async function storedRow(id: string) {
  const row = await prisma.contact.findUniqueOrThrow({ where: { id } });
  const versions = await prisma.contactVersion.findMany({ where: { contactId: id } });
  return JSON.stringify({ row, versions });
}

describe("createContact", () => {
  it("stores the contact with categories, version 1 and an audit entry", async () => {
    const incident = await createContactIncident();
    const { user, actor } = await agent();
    const { contact, redaction } = await createContact({
      input: input(incident.slug, { categories: ["reissue_fee", "affected_check"] }),
      source: "agent",
      agentId: user.id,
      actor,
    });
    expect(redaction).toEqual({ cardNumbers: 0, securityCodes: 0 });
    expect(contact.categories).toEqual(["affected_check", "reissue_fee"]);
    expect(contact.handleSeconds).toBe(360);
    expect(contact.withinHours).toBe(true);
    expect(contact.flaggedAfterHours).toBe(false);
    expect(contact.version).toBe(1);
    expect(contact.agent?.id).toBe(user.id);
    const versions = await prisma.contactVersion.findMany({ where: { contactId: contact.id } });
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, editedById: user.id, reason: "@created" });
    expect(JSON.parse(versions[0]!.data)).toMatchObject({ notes: "確認済み", categories: ["affected_check", "reissue_fee"] });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "contact.create", entityId: contact.id } });
    expect(audit.actorId).toBe(user.id);
    expect(audit.details).not.toContain("山田");
  });

  it.each(CARD_SAMPLES)("redacts a card number ($label) in every free-text field before storing", async ({ text, secret }) => {
    const incident = await createContactIncident();
    const { user, actor } = await agent();
    const { contact, redaction } = await createContact({
      input: input(incident.slug, { notes: text, callerName: `名前 ${text}`, callerContact: text, reference: text }),
      source: "agent",
      agentId: user.id,
      actor,
    });
    expect(redaction.cardNumbers).toBe(4);
    expect(contact.notes).toContain(`[CARD ****${secret.slice(-4)}]`);
    expectNoCardData(await storedRow(contact.id), [secret]);
    const audit = await prisma.auditLog.findMany({ where: { entityId: contact.id } });
    expectNoCardData(JSON.stringify(audit), [secret]);
  });

  it.each(CODE_SAMPLES)("redacts a security code next to its keyword ($label)", async ({ text, secret }) => {
    const incident = await createContactIncident();
    const { user, actor } = await agent();
    const { contact, redaction } = await createContact({
      input: input(incident.slug, { notes: text }),
      source: "agent",
      agentId: user.id,
      actor,
    });
    expect(redaction.securityCodes).toBe(1);
    expect(contact.notes).toContain("[CVV]");
    const row = await prisma.contact.findUniqueOrThrow({ where: { id: contact.id }, select: { notes: true } });
    const version = await prisma.contactVersion.findFirstOrThrow({ where: { contactId: contact.id }, select: { data: true } });
    expectNoCardData(row.notes ?? "", [secret]);
    expectNoCardData(JSON.parse(version.data).notes as string, [secret]);
  });

  it("flags agent-logged contacts outside hours, but not web inquiries", async () => {
    const incident = await createContactIncident();
    const { user, actor } = await agent();
    const late = await createContact({
      input: input(incident.slug, { startedAt: jst("2026-07-20T11:00:00"), endedAt: jst("2026-07-20T11:05:00") }), // 海の日
      source: "agent",
      agentId: user.id,
      actor,
    });
    expect(late.contact).toMatchObject({ withinHours: false, flaggedAfterHours: true });
    const web = await createContact({
      input: input(incident.slug, {
        channel: "web",
        startedAt: jst("2026-07-17T22:00:00"),
        endedAt: null,
        talkSeconds: null,
        holdSeconds: null,
        acwSeconds: null,
        message: "?",
      }),
      source: "web",
      status: "open",
      actor: { type: "public" },
    });
    expect(web.contact).toMatchObject({ withinHours: false, flaggedAfterHours: false });
    // Friday 22:00 before 海の日: due from Tuesday 10:00 plus 480 business minutes.
    expect(web.contact.dueAt).toBe(jst("2026-07-21T18:00:00").toISOString());
  });

  it("links an affected record only with verified identity and only of the same incident", async () => {
    const incident = await createContactIncident();
    const other = await createContactIncident();
    const record = await createAffectedRecord({ incidentId: incident.id, siteId: incident.siteId });
    const foreign = await createAffectedRecord({ incidentId: other.id, siteId: other.siteId });
    const { user, actor } = await agent();
    const linked = await createContact({
      input: input(incident.slug, { identityVerified: true, affectedRecordId: record.id }),
      source: "agent",
      agentId: user.id,
      actor,
    });
    expect(linked.contact.affectedRecordId).toBe(record.id);
    await expect(
      createContact({
        input: input(incident.slug, { identityVerified: false, affectedRecordId: record.id }),
        source: "agent",
        agentId: user.id,
        actor,
      }),
    ).rejects.toBeInstanceOf(ContactInputError);
    await expect(
      createContact({
        input: input(incident.slug, { identityVerified: true, affectedRecordId: foreign.id }),
        source: "agent",
        agentId: user.id,
        actor,
      }),
    ).rejects.toMatchObject({ field: "affectedRecordId" });
    await expect(
      createContact({ input: input("no-such-incident"), source: "agent", agentId: user.id, actor }),
    ).rejects.toMatchObject({ field: "incident" });
  });
});

describe("correctContact: history is never edited", () => {
  it("writes a new version, keeps every older one unchanged, and updates the current fields", async () => {
    const incident = await createContactIncident();
    const { user, actor } = await agent();
    const supervisor = await createTestUser({ role: "supervisor" });
    const { contact } = await createContact({ input: input(incident.slug), source: "agent", agentId: user.id, actor });
    const v1 = await prisma.contactVersion.findFirstOrThrow({ where: { contactId: contact.id, version: 1 } });

    const second = await correctContact({
      id: contact.id,
      expectedVersion: 1,
      input: input(incident.slug, {
        outcome: "escalated",
        escalatedTo: "fraud",
        notes: "不正利用の申告あり 4111-1111-1111-1111",
        categories: ["fraud_charge"],
      }),
      reason: "エスカレーション先の記入漏れ CVV 321",
      editor: user,
    });
    expect(second.contact.version).toBe(2);
    expect(second.contact).toMatchObject({ outcome: "escalated", escalatedTo: "fraud", categories: ["fraud_charge"] });
    expect(second.redaction).toEqual({ cardNumbers: 1, securityCodes: 1 });

    const third = await correctContact({
      id: contact.id,
      expectedVersion: 2,
      input: input(incident.slug, { notes: "訂正2" }),
      reason: "再訂正",
      editor: supervisor,
    });
    expect(third.contact.version).toBe(3);

    const versions = await prisma.contactVersion.findMany({ where: { contactId: contact.id }, orderBy: { version: "asc" } });
    expect(versions.map((v) => [v.version, v.editedById])).toEqual([
      [1, user.id],
      [2, user.id],
      [3, supervisor.id],
    ]);
    expect(versions[0]).toEqual(v1); // untouched
    expect(JSON.parse(versions[1]!.data)).toMatchObject({ outcome: "escalated", notes: "不正利用の申告あり [CARD ****1111]" });
    expect(versions[1]!.reason).toBe("エスカレーション先の記入漏れ CVV [CVV]");
    expect(JSON.parse(versions[2]!.data)).toMatchObject({ notes: "訂正2" });
    expectNoCardData(JSON.stringify(versions), ["4111111111111111"]);
    expect(await prisma.auditLog.count({ where: { action: "contact.correct", entityId: contact.id } })).toBe(2);
  });

  it("refuses a correction made on a stale version instead of overwriting", async () => {
    const incident = await createContactIncident();
    const { user, actor } = await agent();
    const { contact } = await createContact({ input: input(incident.slug), source: "agent", agentId: user.id, actor });
    await correctContact({
      id: contact.id,
      expectedVersion: 1,
      input: input(incident.slug, { notes: "A" }),
      reason: "A",
      editor: user,
    });
    await expect(
      correctContact({
        id: contact.id,
        expectedVersion: 1,
        input: input(incident.slug, { notes: "B" }),
        reason: "B",
        editor: user,
      }),
    ).rejects.toBeInstanceOf(ContactVersionConflictError);
    const row = await prisma.contact.findUniqueOrThrow({ where: { id: contact.id } });
    expect(row).toMatchObject({ notes: "A", version: 2 });
    expect(await prisma.contactVersion.count({ where: { contactId: contact.id } })).toBe(2);
  });

  it("reads a contact with all its versions and audits the view", async () => {
    const incident = await createContactIncident();
    const { user, actor } = await agent();
    const { contact } = await createContact({ input: input(incident.slug), source: "agent", agentId: user.id, actor });
    await correctContact({
      id: contact.id,
      expectedVersion: 1,
      input: input(incident.slug, { notes: "直し" }),
      reason: "誤記",
      editor: user,
    });
    const detail = await getContactWithVersions({ id: contact.id, actor });
    expect(detail?.versions.map((v) => [v.version, v.reason, v.editedBy?.id])).toEqual([
      [1, "@created", user.id],
      [2, "誤記", user.id],
    ]);
    expect(detail?.notes).toBe("直し");
    expect(await prisma.auditLog.count({ where: { action: "contact.view", entityId: contact.id } })).toBe(1);
    expect(await getContactWithVersions({ id: "nope", actor })).toBeNull();
  });

  it("has no code path that updates or deletes a contact version", () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        if (name === "generated" || name === "node_modules") return [];
        return statSync(full).isDirectory() ? walk(full) : /\.(ts|tsx)$/.test(name) && !name.includes(".test.") ? [full] : [];
      });
    // The single exception: the retention purge blanks expired personal text in snapshots (docs/operations.md "Retention").
    const retentionPurge = path.resolve("app/models/retention.server.ts");
    const offenders = walk(path.resolve("app")).filter((f) =>
      f !== retentionPurge &&
      /contactVersion\.(update|updateMany|delete|deleteMany|upsert)\b|(UPDATE|DELETE FROM)\s+"?ContactVersion"?/i.test(
        readFileSync(f, "utf8"),
      ),
    );
    expect(offenders).toEqual([]);
  });
});

describe("the queue: take, answer, close", () => {
  async function webInquiry(slug: string, receivedAt: Date, message = "問い合わせ") {
    return createContact({
      input: input(slug, {
        channel: "web",
        startedAt: receivedAt,
        endedAt: null,
        talkSeconds: null,
        holdSeconds: null,
        acwSeconds: null,
        outcome: null,
        categories: [],
        notes: null,
        message,
      }),
      source: "web",
      status: "open",
      actor: { type: "public" },
    });
  }

  it("lists open inquiries earliest due first and marks overdue ones", async () => {
    const incident = await createContactIncident();
    const { user } = await agent();
    const later = await webInquiry(incident.slug, jst("2026-07-22T12:00:00"));
    const earlier = await webInquiry(incident.slug, jst("2026-07-17T22:00:00"));
    const queue = await listQueue({ incidentId: incident.id, userId: user.id, now: jst("2026-07-22T09:00:00") });
    expect(queue.rows.map((r) => r.id)).toEqual([earlier.contact.id, later.contact.id]);
    expect(queue.rows.map((r) => r.overdue)).toEqual([true, false]);
    expect(queue.overdue).toBe(1);
  });

  it("take → answer (reply recorded as its own contact) → close, each a new version", async () => {
    const incident = await createContactIncident();
    const { user } = await agent();
    const { contact } = await webInquiry(incident.slug, jst("2026-07-21T11:00:00"));
    const taken = await takeContact({ id: contact.id, user });
    expect(taken).toMatchObject({ status: "in_progress", version: 2 });
    expect(taken.agent?.id).toBe(user.id);

    const reply = await answerContact({
      id: contact.id,
      user,
      channel: "email_out",
      text: "ご連絡ありがとうございます。カード 4111 1111 1111 1111 は不要です",
    });
    expect(reply.contact).toMatchObject({ channel: "email_out", replyToId: contact.id, status: "closed" });
    expect(reply.redaction.cardNumbers).toBe(1);
    expectNoCardData(await storedRow(reply.contact.id), ["4111111111111111"]);

    const closed = await closeContact({
      id: contact.id,
      user,
      outcome: "resolved_first_contact",
      escalatedTo: null,
      categories: ["affected_check"],
      notes: "回答済み",
    });
    expect(closed.contact).toMatchObject({
      status: "closed",
      outcome: "resolved_first_contact",
      version: 3,
      categories: ["affected_check"],
      notes: "回答済み",
    });
    const queue = await listQueue({ incidentId: incident.id, userId: user.id });
    expect(queue.rows).toHaveLength(0);
    const reasons = (await prisma.contactVersion.findMany({ where: { contactId: contact.id }, orderBy: { version: "asc" } })).map(
      (v) => v.reason,
    );
    expect(reasons).toEqual(["@created", "@take", "@close"]);
  });
});

describe("recordCallEvent (PBX)", () => {
  const event = (callId: string, state: "ringing" | "answered" | "hangup", at: string) => ({
    callId,
    direction: "in" as const,
    from: "090-1234-5678",
    to: "03-4405-8455",
    state,
    timestamp: jst(`2026-07-21T${at}`),
  });
  const actor = { type: "system" as const, label: "test" };

  it("creates the phone contact from the number dialled and stores the caller normalised", async () => {
    const incident = await createContactIncident({ phone: "03-9999-0001" });
    const result = await recordCallEvent({
      event: { ...event("pbx-1", "ringing", "10:00:00"), to: "0399990001" },
      incidentSlug: null,
      actor,
    });
    expect(result.created).toBe(true);
    expect(result.contact).toMatchObject({
      channel: "phone_in",
      source: "pbx",
      status: "open",
      callerContact: "+819012345678",
      callId: "pbx-1",
    });
    expect(result.contact.incident.id).toBe(incident.id);
  });

  it("ringing → answered → hangup; repeats change nothing", async () => {
    const incident = await createContactIncident({ phone: "03-9999-0002" });
    const e = (state: "ringing" | "answered" | "hangup", at: string) => ({ ...event("pbx-2", state, at), to: "03-9999-0002" });
    await recordCallEvent({ event: e("ringing", "10:00:00"), incidentSlug: null, actor });
    await recordCallEvent({ event: e("answered", "10:00:10"), incidentSlug: null, actor });
    const done = await recordCallEvent({ event: e("hangup", "10:04:10"), incidentSlug: null, actor });
    expect(done.contact).toMatchObject({
      talkSeconds: 240,
      abandoned: false,
      answeredAt: jst("2026-07-21T10:00:10").toISOString(),
      dueAt: null,
    });
    const again = await recordCallEvent({ event: e("answered", "10:00:10"), incidentSlug: null, actor });
    expect(again.changed).toBe(false);
    expect(await prisma.contact.count({ where: { incidentId: incident.id } })).toBe(1);
    expect(await prisma.contactVersion.count({ where: { contact: { callId: "pbx-2" } } })).toBe(3);
  });

  it("ringing → hangup is abandoned with a callback due time; a late answer undoes it", async () => {
    const incident = await createContactIncident({ phone: "03-9999-0003" });
    const e = (state: "ringing" | "answered" | "hangup", at: string) => ({ ...event("pbx-3", state, at), to: "03-9999-0003" });
    await recordCallEvent({ event: e("ringing", "17:30:00"), incidentSlug: null, actor });
    const hung = await recordCallEvent({ event: e("hangup", "17:30:40"), incidentSlug: null, actor });
    expect(hung.contact).toMatchObject({ abandoned: true, talkSeconds: null });
    expect(hung.contact.dueAt).toBe(jst("2026-07-22T17:30:40").toISOString()); // 480 business minutes later
    const { user } = await agent();
    expect((await listQueue({ incidentId: incident.id, userId: user.id })).rows.map((r) => r.abandoned)).toEqual([true]);
    const late = await recordCallEvent({ event: e("answered", "17:30:05"), incidentSlug: null, actor });
    expect(late.contact).toMatchObject({ abandoned: false, talkSeconds: 35, dueAt: null });
  });

  it("a call id holding a card number is stored as a keyed hash; its events still meet on one contact", async () => {
    const incident = await createContactIncident({ phone: "03-9999-0004" });
    const e = (state: "ringing" | "hangup", at: string) => ({
      ...event("pbx 4111-1111-1111-1111", state, at),
      to: "03-9999-0004",
    });
    const first = await recordCallEvent({ event: e("ringing", "10:00:00"), incidentSlug: null, actor });
    const second = await recordCallEvent({ event: e("hangup", "10:00:30"), incidentSlug: null, actor });
    expect(first.contact.callId).toMatch(/^hmac:[0-9a-f]{64}$/);
    expect(second).toMatchObject({ created: false, contact: { id: first.contact.id, callId: first.contact.callId } });
    expect(await prisma.contact.count({ where: { incidentId: incident.id } })).toBe(1);
    expect(callIdForStorage("pbx-2026-000123")).toBe("pbx-2026-000123");
  });
});
