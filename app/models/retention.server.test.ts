/**
 * Retention on a real database: the dry run counts and changes nothing; the real run blanks old
 * contacts (their history too), deletes old lookups, blanks decided waiver requests' contact
 * details, anonymises the affected list of a closed incident, keeps the audit log unless purging
 * it was switched on, and records what it did. The admin page saves periods (audited) and refuses
 * bad ones with messages.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { createTestUser, settle, staffCookies } from "../../tests/factories";
import { createLookupIncident } from "../../tests/lookup-fixtures";
import type { TestIncident } from "../../tests/lookup-fixtures";
import { cardCompanies } from "../../prisma/seed/card-companies";
import { purgeCommand } from "~/cli/purge-command";
import { RETENTION_DEFAULTS } from "~/domain/retention-rules";
import { action as retentionAction, loader as retentionLoader } from "~/routes/staff.admin.retention";
import { userActor } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { CLIENT_IP_HEADER } from "~/utils/request.server";
import { changeWaiverStatus, createWaiverRequest } from "./waiver.server";
import { getRetentionSettings, purgeExpired, saveRetentionSettings, setIncidentClosedOn } from "./retention.server";

const NOW = new Date("2026-06-01T00:00:00Z");
const DAY = 24 * 3600 * 1000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const system = { type: "system" as const, label: "test" };

let closed: TestIncident;
let open: TestIncident;
let admin: Awaited<ReturnType<typeof createTestUser>>;
const ids = {
  oldContact: "",
  newContact: "",
  oldWaiver: "",
  openWaiver: "",
  oldLookup: 0,
  newLookup: 0,
  oldAudit: 0,
  newAudit: 0,
};

async function contact(incidentId: string, startedAt: Date) {
  const row = await prisma.contact.create({
    data: {
      incidentId,
      channel: "email_in",
      startedAt,
      withinHours: true,
      callerName: "山田 太郎",
      callerContact: "taro@example.jp",
      reference: "TS-1",
      subject: "件名",
      notes: "山田様、再発行について",
      message: "本文",
      attachments: JSON.stringify([{ name: "明細.pdf", type: "application/pdf", size: 1 }]),
      outcome: "resolved_first_contact",
      categories: { create: [{ category: "reissue_fee" }] },
    },
    select: { id: true },
  });
  const snapshot = {
    channel: "email_in",
    callerName: "山田 太郎",
    callerContact: "taro@example.jp",
    reference: "TS-1",
    subject: "件名",
    notes: "山田様、再発行について",
    message: "本文",
    attachments: [{ name: "明細.pdf" }],
    categories: ["reissue_fee"],
  };
  await prisma.contactVersion.create({
    data: { contactId: row.id, version: 1, data: JSON.stringify(snapshot), reason: "@created" },
  });
  await prisma.contactVersion.create({
    data: { contactId: row.id, version: 2, data: JSON.stringify(snapshot), reason: "山田様の電話番号を訂正" },
  });
  return row.id;
}

async function waiver(on: TestIncident, record: string, final: boolean) {
  const created = await createWaiverRequest(
    {
      affectedRecordId: record,
      cardCompanyId: (await prisma.cardCompany.findFirstOrThrow({ where: { code: "jcb" } })).id,
      last4: "",
      contactName: "山田 太郎",
      contactEmail: "taro@example.jp",
      consent: true,
      source: "agent",
    },
    { actor: system },
  );
  if (!created.ok) throw new Error(JSON.stringify(created));
  if (final) {
    await changeWaiverStatus({ id: created.id, to: "rejected", reason: "対象外", byUserId: null, actor: system });
    await prisma.waiverRequest.update({ where: { id: created.id }, data: { updatedAt: ago(4 * 365) } });
  }
  return created.id;
}

beforeAll(async () => {
  for (const [position, c] of cardCompanies.entries()) await prisma.cardCompany.create({ data: { ...c, position } });
  closed = await createLookupIncident({ slug: "retention-closed" });
  open = await createLookupIncident({ slug: "retention-open" });
  admin = await createTestUser({ role: "admin" });
  ids.oldContact = await contact(open.id, ago(4 * 365));
  ids.newContact = await contact(open.id, ago(10));
  ids.oldWaiver = await waiver(open, open.records.taro, true);
  ids.openWaiver = await waiver(open, open.records.hanako, false);
  ids.oldLookup = (
    await prisma.lookup.create({ data: { at: ago(400), channel: "agent", keyHashes: "{}", outcome: "not_found" } })
  ).id;
  ids.newLookup = (
    await prisma.lookup.create({ data: { at: ago(20), channel: "agent", keyHashes: "{}", outcome: "not_found" } })
  ).id;
  ids.oldAudit = (await prisma.auditLog.create({ data: { at: ago(6 * 365), actorType: "system", action: "test.old" } })).id;
  ids.newAudit = (await prisma.auditLog.create({ data: { at: ago(30), actorType: "system", action: "test.new" } })).id;
  await setIncidentClosedOn({ incidentId: closed.id, closedOn: "2025-06-01", actor: userActor(admin) });
});

describe("purge", () => {
  it("a dry run counts what has expired and changes nothing", async () => {
    const auditBefore = await prisma.auditLog.count();
    const report = await purgeExpired({ dryRun: true, actor: system, now: NOW });
    expect(report.counts).toEqual({
      contactText: 1,
      lookups: 1,
      waiverContacts: 1,
      affectedRecords: 5,
      auditLog: 0,
      auditLogEnabled: false,
    });
    expect(report.cutoffs.affectedIncidents).toEqual(["retention-closed"]);
    expect((await prisma.contact.findUniqueOrThrow({ where: { id: ids.oldContact } })).notes).not.toBeNull();
    expect(await prisma.lookup.count({ where: { id: ids.oldLookup } })).toBe(1);
    expect(await prisma.auditLog.count()).toBe(auditBefore);
  });

  it("the real run deletes or anonymises exactly that, and records it", async () => {
    const report = await purgeExpired({ dryRun: false, actor: system, now: NOW, batchSize: 2 });
    expect(report.counts).toEqual({
      contactText: 1,
      lookups: 1,
      waiverContacts: 1,
      affectedRecords: 5,
      auditLog: 0,
      auditLogEnabled: false,
    });

    const old = await prisma.contact.findUniqueOrThrow({
      where: { id: ids.oldContact },
      include: { versions: { orderBy: { version: "asc" } }, categories: true },
    });
    expect(old).toMatchObject({
      callerName: null,
      callerContact: null,
      reference: null,
      subject: null,
      notes: null,
      message: null,
      attachments: null,
      channel: "email_in",
      outcome: "resolved_first_contact",
    });
    expect(old.purgedAt).toEqual(NOW);
    expect(old.categories.map((c) => c.category)).toEqual(["reissue_fee"]);
    for (const v of old.versions) {
      expect(v.data).not.toContain("山田");
      expect(v.data).not.toContain("明細");
      expect(JSON.parse(v.data)).toMatchObject({ notes: null, callerName: null, attachments: [], categories: ["reissue_fee"] });
    }
    expect(old.versions.map((v) => v.reason)).toEqual(["@created", null]);
    const recent = await prisma.contact.findUniqueOrThrow({ where: { id: ids.newContact }, include: { versions: true } });
    expect(recent.notes).toBe("山田様、再発行について");
    expect(recent.versions.every((v) => v.data.includes("山田"))).toBe(true);

    expect(await prisma.lookup.count({ where: { id: ids.oldLookup } })).toBe(0);
    expect(await prisma.lookup.count({ where: { id: ids.newLookup } })).toBe(1);

    expect(await prisma.waiverRequest.findUniqueOrThrow({ where: { id: ids.oldWaiver } })).toMatchObject({
      contactName: "",
      contactEmail: null,
      contactPhone: null,
      status: "rejected",
    });
    expect((await prisma.waiverRequest.findUniqueOrThrow({ where: { id: ids.openWaiver } })).contactName).toBe("山田 太郎");

    const records = await prisma.affectedRecord.findMany({ where: { incidentId: closed.id } });
    expect(records).toHaveLength(5);
    for (const r of records) {
      expect(r).toMatchObject({
        nameKanji: null,
        nameKana: null,
        email: null,
        phone: null,
        reference: null,
        cardLast4: null,
        nameKey: null,
        kanaKey: null,
        emailKey: null,
        phoneKey: null,
        referenceKey: null,
      });
      expect(r.rowKey).toBe(`anonymised:${r.id}`);
      expect(r.anonymisedAt).toEqual(NOW);
    }
    expect(records.some((r) => r.transactionAt !== null)).toBe(true);
    expect(await prisma.affectedRecord.count({ where: { incidentId: open.id, anonymisedAt: null } })).toBe(5);

    // The audit log is kept: purging it is off by default.
    expect(await prisma.auditLog.count({ where: { id: ids.oldAudit } })).toBe(1);
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { action: "retention.purge" }, orderBy: { id: "desc" } });
    expect(JSON.parse(entry.details!)).toMatchObject({
      counts: { contactText: 1, lookups: 1, waiverContacts: 1, affectedRecords: 5, auditLog: 0 },
      auditLogPurge: false,
      cutoffs: { affectedIncidents: ["retention-closed"] },
    });
  });

  it("running it again finds nothing left to do", async () => {
    const report = await purgeExpired({ dryRun: false, actor: system, now: NOW });
    expect(report.counts).toMatchObject({ contactText: 0, lookups: 0, waiverContacts: 0, affectedRecords: 0, auditLog: 0 });
  });

  it("deletes expired audit entries only once an admin switched it on, and says so in a new entry", async () => {
    await saveRetentionSettings({ settings: { ...RETENTION_DEFAULTS, auditLogPurge: true }, actor: userActor(admin) });
    const dry = await purgeExpired({ dryRun: true, actor: system, now: NOW });
    expect(dry.counts).toMatchObject({ auditLog: 1, auditLogEnabled: true });
    const report = await purgeExpired({ dryRun: false, actor: system, now: NOW });
    expect(report.counts.auditLog).toBe(1);
    expect(await prisma.auditLog.count({ where: { id: ids.oldAudit } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { id: ids.newAudit } })).toBe(1);
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { action: "retention.purge" }, orderBy: { id: "desc" } });
    expect(JSON.parse(entry.details!)).toMatchObject({ counts: { auditLog: 1 }, auditLogPurge: true });
    await saveRetentionSettings({ settings: RETENTION_DEFAULTS, actor: userActor(admin) });
  });

  it("the command line prints the counts (dry run)", async () => {
    const lines: string[] = [];
    await purgeCommand(["--dry-run"], (l) => lines.push(l));
    expect(lines[0]).toBe("Dry run: nothing was changed. Would purge:");
    expect(lines.join("\n")).toContain("audit log: kept");
  });
});

describe("the app cannot purge", () => {
  it("no route runs a real purge: pages may only count (dryRun: true); deleting is the command line's job", () => {
    const dir = path.resolve("app/routes");
    for (const file of readdirSync(dir).filter((f) => !f.includes(".test."))) {
      const src = readFileSync(path.join(dir, file), "utf8");
      const calls = src.match(/purgeExpired\(\{[^}]*\}/g) ?? [];
      for (const call of calls) expect(call, file).toContain("dryRun: true");
    }
  });
});

describe("the admin page", () => {
  async function post(fields: Record<string, string>) {
    const { cookie, csrf } = await staffCookies(admin.id);
    const request = new Request("http://localhost/staff/admin/retention", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, [CLIENT_IP_HEADER]: "127.0.0.1" },
      body: new URLSearchParams({ csrf, ...fields }).toString(),
    });
    return settle(() => retentionAction({ request, params: {}, context: {} }));
  }
  const periods = { contactText: "1095", lookups: "365", waiverContacts: "1095", affectedRecords: "180", auditLog: "1825" };

  it("saves the periods and audits what changed", async () => {
    const { response } = await post({ intent: "periods", ...periods, lookups: "180" });
    expect(response?.headers.get("Location")).toBe("/staff/admin/retention?saved=1");
    expect((await getRetentionSettings()).lookups).toBe(180);
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { action: "retention.update" }, orderBy: { id: "desc" } });
    expect(JSON.parse(entry.details!)).toEqual({ changes: { lookups: { from: 365, to: 180 } } });
    const same = await post({ intent: "periods", ...periods, lookups: "180" });
    expect(same.response?.headers.get("Location")).toBe("/staff/admin/retention?unchanged=1");
  });

  it("refuses bad periods with a message per field and keeps what was typed", async () => {
    const { response, data } = await post({ intent: "periods", ...periods, lookups: "7", auditLog: "100", contactText: "三年" });
    expect(response?.status).toBe(400);
    const d = data as { errors: Record<string, string>; values: Record<string, string> };
    expect(Object.keys(d.errors).sort()).toEqual(["auditLog", "contactText", "lookups"]);
    expect(d.errors.lookups).toContain("30");
    expect(d.values.contactText).toBe("三年");
    expect((await getRetentionSettings()).lookups).toBe(180);
  });

  it("sets the day an incident's desk closed, audited; a bad date is refused", async () => {
    const { response } = await post({ intent: "closed-on", incidentId: open.id, closedOn: "2026-05-01" });
    expect(response?.status).toBe(302);
    expect((await prisma.incident.findUniqueOrThrow({ where: { id: open.id } })).closedOn).toBe("2026-05-01");
    expect(await prisma.auditLog.count({ where: { action: "incident.closed_on", entityId: open.id } })).toBe(1);
    const bad = await post({ intent: "closed-on", incidentId: open.id, closedOn: "2026-02-30" });
    expect(bad.response?.status).toBe(400);
    await post({ intent: "closed-on", incidentId: open.id, closedOn: "" });
    expect((await prisma.incident.findUniqueOrThrow({ where: { id: open.id } })).closedOn).toBeNull();
  });

  it("shows a dry-run preview on request", async () => {
    const { cookie } = await staffCookies(admin.id);
    const { data } = await settle(() =>
      retentionLoader({
        request: new Request("http://localhost/staff/admin/retention?preview=1", { headers: { Cookie: cookie } }),
        params: {},
        context: {},
      }),
    );
    expect((data as { preview: { contactText: number } | null }).preview).toMatchObject({ contactText: 0 });
  });
});
