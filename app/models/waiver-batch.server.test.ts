/**
 * Waiver batches on a real database: candidates per card company, atomic creation (two
 * supervisors at once cannot put a request in two batches), the file for the card company,
 * marking sent (statuses, events, audit, what the customer sees), and the card company's answers
 * one by one and by uploading their file (bad rows by line, UTF-8 or Shift_JIS).
 */
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { createTestUser, getRequest, settle, staffCookies } from "../../tests/factories";
import { createLookupIncident } from "../../tests/lookup-fixtures";
import type { TestIncident } from "../../tests/lookup-fixtures";
import { cardCompanies } from "../../prisma/seed/card-companies";
import { action as batchAction } from "~/routes/staff.waivers.batches.$id";
import { loader as batchFileLoader } from "~/routes/staff.waivers.batches.$id_.$file";
import { action as batchesAction } from "~/routes/staff.waivers.batches._index";
import { userActor } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { CLIENT_IP_HEADER } from "~/utils/request.server";
import { changeWaiverStatus, createWaiverRequest, findWaiverStatus, listCardCompanies } from "./waiver.server";
import {
  applyBatchAnswers,
  batchFileContent,
  createWaiverBatch,
  getWaiverBatch,
  listBatchCandidates,
  listWaiverBatches,
  markBatchSent,
  recordBatchAnswer,
  removeFromBatch,
} from "./waiver-batch.server";

let incident: TestIncident;
let other: TestIncident;
let jcb: string;
let smcc: string;
let supervisor: Awaited<ReturnType<typeof createTestUser>>;
let session: { cookie: string; csrf: string };
const actor = () => userActor(supervisor);
let n = 0;

beforeAll(async () => {
  incident = await createLookupIncident({ slug: "batch-model" });
  other = await createLookupIncident({ slug: "batch-other" });
  for (const [position, c] of cardCompanies.entries()) await prisma.cardCompany.create({ data: { ...c, position } });
  const companies = await listCardCompanies();
  jcb = companies.find((c) => c.code === "jcb")!.id;
  smcc = companies.find((c) => c.code === "smcc")!.id;
  supervisor = await createTestUser({ role: "supervisor" });
  session = await staffCookies(supervisor.id);
});

/** A request for a fresh affected record, moved to `status` (default verified) through the waiver model. */
async function request({
  company = jcb,
  on = incident,
  name = "山田 太郎",
  status = "verified",
}: { company?: string; on?: TestIncident; name?: string; status?: string } = {}) {
  n += 1;
  const record = await prisma.affectedRecord.create({
    data: {
      incidentId: on.id,
      siteId: on.siteId,
      nameKanji: name,
      cardLast4: String(1000 + n),
      cardBrand: "JCB",
      rowKey: `batch-test-${n}`,
    },
    select: { id: true },
  });
  const created = await createWaiverRequest(
    {
      affectedRecordId: record.id,
      cardCompanyId: company,
      cardBrand: "JCB",
      last4: "",
      contactName: name,
      contactEmail: `c${n}@example.jp`,
      consent: true,
      source: "agent",
    },
    { actor: actor() },
  );
  if (!created.ok) throw new Error(JSON.stringify(created));
  if (status !== "submitted") {
    const changed = await changeWaiverStatus({
      id: created.id,
      to: status,
      reason: status === "rejected" ? "テスト" : undefined,
      byUserId: supervisor.id,
      actor: actor(),
    });
    if (!changed.ok) throw new Error(JSON.stringify(changed));
  }
  return created;
}

function withIncident(cookie: string, slug: string) {
  return `${cookie}; staff_incident=${encodeURIComponent(Buffer.from(JSON.stringify(slug)).toString("base64"))}`;
}

describe("candidates", () => {
  it("are the verified requests in no batch, per card company, of this incident only", async () => {
    const a = await request();
    const b = await request({ company: smcc });
    await request({ status: "submitted" });
    await request({ on: other });
    const groups = await listBatchCandidates({ incidentId: incident.id });
    const byCode = Object.fromEntries(groups.map((g) => [g.cardCompany.code, g.requests.map((r) => r.id)]));
    expect(byCode.jcb).toContain(a.id);
    expect(byCode.smcc).toEqual([b.id]);
    expect(Object.values(byCode).flat()).toHaveLength(groups.reduce((s, g) => s + g.total, 0));
  });
});

describe("creating a batch", () => {
  it("puts the chosen requests of one card company into a new draft batch, audited", async () => {
    await prisma.waiverRequest.updateMany({
      where: { status: "verified", batchId: null },
      data: { status: "rejected", openKey: null, rejectReason: "clean slate" },
    });
    const r1 = await request();
    const r2 = await request({ name: "佐藤 花子" });
    const result = await createWaiverBatch({
      incidentId: incident.id,
      cardCompanyId: jcb,
      requestIds: [r1.id, r2.id],
      byUserId: supervisor.id,
      actor: actor(),
    });
    if (!result.ok) throw new Error(result.problem);
    const batch = await getWaiverBatch({ id: result.id });
    expect(batch).toMatchObject({
      status: "draft",
      displayStatus: "draft",
      incidentId: incident.id,
      cardCompany: { code: "jcb" },
    });
    expect(batch!.requests.map((r) => r.id).sort()).toEqual([r1.id, r2.id].sort());
    expect(await listBatchCandidates({ incidentId: incident.id })).toEqual([]);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "waiver_batch.create", entityId: result.id } });
    expect(JSON.parse(audit.details!)).toEqual({ incidentId: incident.id, cardCompanyId: jcb, requests: 2 });
    expect(audit.details).not.toContain("山田");
  });

  it("is atomic: two supervisors creating a batch for the same requests at once get one batch between them", async () => {
    const ids = [(await request()).id, (await request()).id, (await request()).id];
    const batchesBefore = await prisma.waiverBatch.count();
    const other = await createTestUser({ role: "supervisor" });
    const results = await Promise.all([
      createWaiverBatch({
        incidentId: incident.id,
        cardCompanyId: jcb,
        requestIds: ids,
        byUserId: supervisor.id,
        actor: actor(),
      }),
      createWaiverBatch({
        incidentId: incident.id,
        cardCompanyId: jcb,
        requestIds: [...ids].reverse(),
        byUserId: other.id,
        actor: userActor(other),
      }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, problem: "conflict" }]);
    expect(await prisma.waiverBatch.count()).toBe(batchesBefore + 1);
    const rows = await prisma.waiverRequest.findMany({ where: { id: { in: ids } }, select: { batchId: true } });
    expect(new Set(rows.map((r) => r.batchId)).size).toBe(1);
    expect(rows[0]!.batchId).toBe((results.find((r) => r.ok) as { id: string }).id);
  });

  it("takes nothing when one chosen request is no longer available (other company, not verified, already batched)", async () => {
    const ok = await request();
    const smccOne = await request({ company: smcc });
    const submitted = await request({ status: "submitted" });
    const before = await prisma.waiverBatch.count();
    for (const wrong of [smccOne.id, submitted.id, "no-such-id"]) {
      const result = await createWaiverBatch({
        incidentId: incident.id,
        cardCompanyId: jcb,
        requestIds: [ok.id, wrong],
        byUserId: supervisor.id,
        actor: actor(),
      });
      expect(result).toEqual({ ok: false, problem: "conflict" });
    }
    expect(await prisma.waiverBatch.count()).toBe(before);
    expect((await prisma.waiverRequest.findUniqueOrThrow({ where: { id: ok.id } })).batchId).toBeNull();
    expect(
      await createWaiverBatch({ incidentId: incident.id, cardCompanyId: jcb, requestIds: [], byUserId: null, actor: actor() }),
    ).toEqual({ ok: false, problem: "empty" });
    // Another incident's request cannot be pulled into this incident's batch.
    const foreign = await request({ on: other });
    expect(
      await createWaiverBatch({
        incidentId: incident.id,
        cardCompanyId: jcb,
        requestIds: [foreign.id],
        byUserId: null,
        actor: actor(),
      }),
    ).toEqual({
      ok: false,
      problem: "conflict",
    });
  });

  it("through the page: a supervisor's form post creates the batch for the current incident", async () => {
    const r = await request({ company: smcc });
    const body = new URLSearchParams({ csrf: session.csrf, cardCompanyId: smcc });
    body.append("request", r.id);
    const post = new Request("http://localhost/staff/waivers/batches", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: withIncident(session.cookie, incident.slug),
        [CLIENT_IP_HEADER]: "127.0.0.1",
      },
      body: body.toString(),
    });
    const { response } = await settle(() => batchesAction({ request: post, params: {}, context: {} }));
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toMatch(/^\/staff\/waivers\/batches\/[a-z0-9]+\?done=created&count=1$/);
    const again = await settle(() =>
      batchesAction({
        request: new Request(post.url, { method: "POST", headers: post.headers, body: body.toString() }),
        params: {},
        context: {},
      }),
    );
    expect(again.response?.status).toBe(409);
  });
});

describe("a batch from file to answers", () => {
  let batchId: string;
  let first: { id: string; reference: string };
  let second: { id: string; reference: string };
  let third: { id: string; reference: string };

  beforeAll(async () => {
    first = await request({ name: "山田 太郎" });
    second = await request({ name: "佐藤 花子" });
    third = await request({ name: "鈴木 一郎" });
    const result = await createWaiverBatch({
      incidentId: incident.id,
      cardCompanyId: jcb,
      requestIds: [first.id, second.id, third.id],
      byUserId: supervisor.id,
      actor: actor(),
    });
    if (!result.ok) throw new Error(result.problem);
    batchId = result.id;
  });

  it("the CSV for the card company: BOM, header, the requests with names, our company and the card company code", async () => {
    const { response } = await settle(() =>
      batchFileLoader({
        request: getRequest(`/staff/waivers/batches/${batchId}/x.csv`, { cookie: session.cookie }),
        params: { id: batchId, file: "x.csv" },
        context: {},
      }),
    );
    expect(response?.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="waiver-batch_jcb_batch-model_\d{8}_[a-z0-9]{8}\.csv"$/,
    );
    const bytes = new Uint8Array(await response!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // TextDecoder drops the BOM itself.
    const lines = new TextDecoder().decode(bytes).split("\r\n");
    expect(lines[0]).toBe('"依頼番号","氏名","カード下4桁","カードブランド","依頼日","カード会社コード","依頼元","回答","理由"');
    expect(lines.slice(1, 4).map((l) => l.split(",")[1])).toEqual(['"山田 太郎"', '"佐藤 花子"', '"鈴木 一郎"']);
    expect(lines[1]).toContain(`"${first.reference}"`);
    expect(lines[1]).toContain('"jcb","テスト株式会社","",""');
    expect(await prisma.auditLog.count({ where: { action: "waiver_batch.download", entityId: batchId } })).toBe(1);
  });

  it("the same as Excel, read back", async () => {
    const { response } = await settle(() =>
      batchFileLoader({
        request: getRequest(`/staff/waivers/batches/${batchId}/x.xlsx`, { cookie: session.cookie }),
        params: { id: batchId, file: "x.xlsx" },
        context: {},
      }),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response!.arrayBuffer()) as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe("氏名");
    expect(sheet.getRow(2).getCell(2).value).toBe("山田 太郎");
    expect(sheet.getRow(2).getCell(3).value).toMatch(/^\d{4}$/);
    expect(sheet.rowCount).toBe(4);
  });

  it("answers are refused before the batch was sent", async () => {
    expect(
      await recordBatchAnswer({ batchId, requestId: first.id, result: "confirmed", byUserId: supervisor.id, actor: actor() }),
    ).toEqual({ ok: false, problem: "not-sent" });
  });

  it("a request can be taken out of a draft", async () => {
    const extra = await request();
    const other = await createWaiverBatch({
      incidentId: incident.id,
      cardCompanyId: jcb,
      requestIds: [extra.id],
      byUserId: null,
      actor: actor(),
    });
    if (!other.ok) throw new Error(other.problem);
    expect(await removeFromBatch({ batchId: other.id, requestId: extra.id, actor: actor() })).toEqual({ ok: true });
    expect((await prisma.waiverRequest.findUniqueOrThrow({ where: { id: extra.id } })).batchId).toBeNull();
    expect(await removeFromBatch({ batchId: other.id, requestId: extra.id, actor: actor() })).toEqual({
      ok: false,
      problem: "not-found",
    });
  });

  it("marking it sent moves every request verified → sent with an event and an audit entry, once; the customer sees it", async () => {
    const result = await markBatchSent({ id: batchId, byUserId: supervisor.id, actor: actor() });
    expect(result).toEqual({ ok: true, sent: 3 });
    const batch = await getWaiverBatch({ id: batchId });
    expect(batch).toMatchObject({ status: "sent", displayStatus: "sent", counts: { sent: 3 } });
    expect(batch!.sentAt).toBeInstanceOf(Date);
    const events = await prisma.waiverEvent.findMany({ where: { requestId: first.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.status)).toEqual(["submitted", "verified", "sent"]);
    expect(
      await prisma.auditLog.count({
        where: {
          action: "waiver.status_change",
          entityId: { in: [first.id, second.id, third.id] },
          details: { contains: '"to":"sent"' },
        },
      }),
    ).toBe(3);
    expect(await prisma.auditLog.count({ where: { action: "waiver_batch.send", entityId: batchId } })).toBe(1);
    expect(await markBatchSent({ id: batchId, byUserId: supervisor.id, actor: actor() })).toEqual({
      ok: false,
      problem: "not-draft",
    });
    expect(await findWaiverStatus({ reference: first.reference, contact: "nobody@example.jp" })).toBeNull();
    const row = await prisma.waiverRequest.findUniqueOrThrow({ where: { id: first.id }, select: { contactEmail: true } });
    expect((await findWaiverStatus({ reference: first.reference, contact: row.contactEmail! }))?.status).toBe("sent");
  });

  it("one answer at a time: confirmed, and a rejection needs a reason", async () => {
    expect(
      await recordBatchAnswer({ batchId, requestId: first.id, result: "confirmed", byUserId: supervisor.id, actor: actor() }),
    ).toEqual({ ok: true });
    const confirmed = await prisma.waiverRequest.findUniqueOrThrow({ where: { id: first.id } });
    expect(confirmed).toMatchObject({ status: "confirmed", openKey: null });
    expect(
      await recordBatchAnswer({
        batchId,
        requestId: second.id,
        result: "rejected",
        reason: "  ",
        byUserId: supervisor.id,
        actor: actor(),
      }),
    ).toEqual({
      ok: false,
      problem: "reason-required",
    });
    expect(
      await recordBatchAnswer({
        batchId: "another",
        requestId: second.id,
        result: "confirmed",
        byUserId: supervisor.id,
        actor: actor(),
      }),
    ).toEqual({
      ok: false,
      problem: "not-in-batch",
    });
  });

  async function upload(content: Uint8Array<ArrayBuffer>) {
    const form = new FormData();
    form.set("csrf", session.csrf);
    form.set("intent", "upload");
    form.set("file", new File([content], "answer.csv", { type: "text/csv" }));
    const post = new Request(`http://localhost/staff/waivers/batches/${batchId}`, {
      method: "POST",
      headers: { Cookie: session.cookie, [CLIENT_IP_HEADER]: "127.0.0.1" },
      body: form,
    });
    return settle(() => batchAction({ request: post, params: { id: batchId }, context: {} }));
  }

  it("an uploaded answer file with bad rows records nothing and names each bad line", async () => {
    const csv = [
      "依頼番号,氏名,回答,理由",
      `${second.reference},佐藤 花子,否認,`,
      `${third.reference},鈴木 一郎,承認,`,
      "W-ZZZZZZZZ,誰か,承認,",
      `${first.reference},山田 太郎,否認,会員ではない`,
      "garbage,,maybe,",
    ].join("\r\n");
    const { response, data } = await upload(new TextEncoder().encode(csv));
    expect(response?.status).toBe(400);
    const lines = (data as { errors: { lines: { line: number; text: string }[] } }).errors.lines;
    expect(lines.map((l) => l.line)).toEqual([2, 4, 5, 6]);
    expect(lines[0]!.text).toContain("理由");
    expect(lines[1]!.text).toContain("W-ZZZZZZZZ");
    expect(lines[2]!.text).toContain("別の回答");
    expect((await prisma.waiverRequest.findUniqueOrThrow({ where: { id: third.id } })).status).toBe("sent");
  });

  it("a good answer file in Shift_JIS (as Excel saves it) records each answer; uploading it again changes nothing", async () => {
    const csv = [
      "依頼番号,氏名,カード下4桁,カードブランド,依頼日,カード会社コード,依頼元,回答,理由",
      `${first.reference},山田 太郎,1001,JCB,2018-02-01,jcb,テスト株式会社,承認,`,
      `${second.reference},佐藤 花子,1002,JCB,2018-02-01,jcb,テスト株式会社,否認,ご本人確認ができませんでした`,
      `${third.reference},鈴木 一郎,1003,JCB,2018-02-01,jcb,テスト株式会社,免除,`,
    ].join("\r\n");
    const { response } = await upload(new Uint8Array(iconv.encode(csv, "cp932")));
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toBe(`/staff/waivers/batches/${batchId}?done=uploaded&applied=2&unchanged=1`);
    const rows = await prisma.waiverRequest.findMany({
      where: { batchId },
      select: { id: true, status: true, rejectReason: true },
    });
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[second.id]).toMatchObject({ status: "rejected", rejectReason: "ご本人確認ができませんでした" });
    expect(byId[third.id]).toMatchObject({ status: "confirmed" });
    const batch = await getWaiverBatch({ id: batchId });
    expect(batch).toMatchObject({
      status: "answered",
      displayStatus: "answered",
      counts: { confirmed: 2, rejected: 1, sent: 0 },
    });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "waiver_batch.answers_upload", entityId: batchId } });
    expect(JSON.parse(audit.details!)).toEqual({ applied: 2, unchanged: 1, conflicts: 0, confirmed: 1, rejected: 1 });
    const again = await upload(new Uint8Array(iconv.encode(csv, "cp932")));
    expect(again.response?.headers.get("Location")).toBe(`/staff/waivers/batches/${batchId}?done=uploaded&applied=0&unchanged=3`);
  });

  it("after sending, the file still lists what went out, and the list shows the answers", async () => {
    const content = await batchFileContent({ id: batchId, actor: actor(), format: "csv" });
    expect(content!.rows.map((r) => r.reference).sort()).toEqual([first.reference, second.reference, third.reference].sort());
    const { rows } = await listWaiverBatches({ incidentId: incident.id });
    expect(rows.find((r) => r.id === batchId)).toMatchObject({
      requests: 3,
      displayStatus: "answered",
      counts: { confirmed: 2, rejected: 1 },
    });
  });

  it("a file without the needed headers is refused as a whole", async () => {
    const result = await applyBatchAnswers({
      batchId,
      answers: [],
      fileErrors: [{ line: 3, problem: "result", value: "x" }],
      byUserId: null,
      actor: actor(),
    });
    expect(result).toEqual({ ok: false, errors: [{ line: 3, problem: "result", value: "x" }] });
    const { response, data } = await upload(new TextEncoder().encode("番号,結論\r\nW-ABCDEFGH,承認"));
    expect(response?.status).toBe(400);
    expect((data as { errors: { form: string } }).errors.form).toContain("依頼番号");
  });
});
