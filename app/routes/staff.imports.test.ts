import { existsSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import iconv from "iconv-lite";
import { vi } from "vitest";
import { getImportJob, importsDir, waitForImport } from "~/models/import.server";
import { prisma } from "~/utils/db.server";
import { CLIENT_IP_HEADER } from "~/utils/request.server";
import { createTestUser, formRequest, getRequest, settle, staffCookies } from "../../tests/factories";
import { cp932Safe, demoCsvText } from "../../tests/import-csv";
import { action as jobAction, loader as jobLoader } from "./staff.imports.$id";
import { loader as errorsLoader } from "./staff.imports.$id.errors[.csv]";
import { action as uploadAction, loader as listLoader } from "./staff.imports._index";

const isolated = vi.hoisted(async () => {
  const { isolateImportTestDatabase } = await import("../../tests/import-test-db");
  return isolateImportTestDatabase("import-routes");
});

let siteId: string;

beforeAll(async () => {
  const incident = await prisma.incident.create({
    data: {
      slug: "coocom-2015",
      companyJa: "クーコム",
      companyEn: "Coocom",
      titleJa: "クーコム",
      titleEn: "Coocom",
      summaryJa: "-",
      summaryEn: "-",
      noticeDate: "2015-09-18",
    },
    select: { id: true },
  });
  siteId = (
    await prisma.site.create({
      data: { incidentId: incident.id, slug: "rentacar", nameJa: "レンタカー", nameEn: "Rental cars", stolenItems: "[]" },
      select: { id: true },
    })
  ).id;
});

afterAll(async () => {
  rmSync(await isolated, { recursive: true, force: true });
});

async function supervisor() {
  const user = await createTestUser({ role: "supervisor" });
  return { user, ...(await staffCookies(user.id)) };
}

function uploadRequest({
  cookie,
  csrf,
  file,
  name = "affected.csv",
  site = siteId,
  encoding = "auto",
}: {
  cookie: string;
  csrf?: string;
  file: Uint8Array;
  name?: string;
  site?: string;
  encoding?: string;
}) {
  const form = new FormData();
  if (csrf !== undefined) form.append("csrf", csrf);
  form.append("site", site);
  form.append("encoding", encoding);
  form.append("file", new Blob([new Uint8Array(file)]), name);
  return new Request("http://localhost/staff/imports", {
    method: "POST",
    body: form,
    headers: { Cookie: cookie, [CLIENT_IP_HEADER]: "127.0.0.1" },
  });
}

const args = (request: Request, id?: string) => ({ request, params: id ? { id } : {}, context: {} });

function uploadsLeft(): string[] {
  return existsSync(importsDir()) ? readdirSync(importsDir()) : [];
}

describe("/staff/imports", () => {
  it("is for supervisors and above: an agent gets 403 everywhere", async () => {
    const agent = await createTestUser({ role: "agent" });
    const { cookie, csrf } = await staffCookies(agent.id);
    expect((await settle(() => listLoader(args(getRequest("/staff/imports", { cookie }))))).response?.status).toBe(403);
    const upload = await settle(() => uploadAction(args(uploadRequest({ cookie, csrf, file: Buffer.from("a,b\n") }))));
    expect(upload.response?.status).toBe(403);
    expect((await settle(() => jobLoader(args(getRequest("/staff/imports/x", { cookie }), "x")))).response?.status).toBe(403);
    expect(
      (await settle(() => jobAction(args(formRequest("/staff/imports/x", { csrf, intent: "start" }, { cookie }), "x")))).response
        ?.status,
    ).toBe(403);
    expect(
      (await settle(() => errorsLoader(args(getRequest("/staff/imports/x/errors.csv", { cookie }), "x")))).response?.status,
    ).toBe(403);
    expect(uploadsLeft()).toEqual([]);
  });

  it("refuses an upload without the CSRF token before writing the file", async () => {
    const { cookie } = await supervisor();
    const result = await settle(() => uploadAction(args(uploadRequest({ cookie, file: Buffer.from(demoCsvText(5)) }))));
    expect(result.response?.status).toBe(403);
    expect(uploadsLeft()).toEqual([]);
    expect(await prisma.importJob.count()).toBe(0);
  });

  it("uploads Shift_JIS, proposes a mapping, previews, imports in the background and reports bad rows", async () => {
    const { user, cookie, csrf } = await supervisor();
    const rows = 300;
    const text = demoCsvText(rows, {
      seed: "route",
      extraLines: ["COU-99999999,2017/13/01 10:00,山田 太郎,ヤマダ タロウ,taro@example.jp,090-1234-5678,100-0001,VISA,1234"],
    });
    const uploaded = await settle(() =>
      uploadAction(args(uploadRequest({ cookie, csrf, file: iconv.encode(cp932Safe(text), "cp932"), name: "顧客一覧.csv" }))),
    );
    expect(uploaded.response?.status).toBe(302);
    const jobId = uploaded.response!.headers.get("Location")!.split("/").pop()!;
    expect(uploadsLeft()).toEqual([`${jobId}.csv`]);

    const pending = await settle(() => jobLoader(args(getRequest(`/staff/imports/${jobId}`, { cookie }), jobId)));
    const page = pending.data as Awaited<ReturnType<typeof jobLoader>>;
    expect(page.job).toMatchObject({ status: "pending", fileName: "顧客一覧.csv", encoding: "cp932", createdById: user.id });
    expect(JSON.stringify(page.job)).not.toContain(importsDir()); // the server path stays on the server
    expect(page.setup?.detectedEncoding).toBe("cp932");
    expect(page.setup?.targets).toEqual([
      "reference",
      "transactionAt",
      "nameKanji",
      "nameKana",
      "email",
      "phone",
      "postalCode",
      "cardBrand",
      "cardLast4",
    ]);
    expect(page.setup?.preview).toHaveLength(10);
    expect(page.setup?.preview[0]).toMatchObject({ line: 2, ok: true, alreadyImported: false });
    expect(await prisma.auditLog.count({ where: { action: "import.preview", entityId: jobId } })).toBe(1);

    const fields = Object.fromEntries(page.setup!.targets.map((target, i) => [`map.${i}`, target]));
    const started = await settle(() =>
      jobAction(
        args(formRequest(`/staff/imports/${jobId}`, { csrf, intent: "start", encoding: "cp932", ...fields }, { cookie }), jobId),
      ),
    );
    expect(started.response?.status).toBe(302);
    const run = await waitForImport(jobId);
    expect(run?.ok).toBe(true);

    const done = (await settle(() => jobLoader(args(getRequest(`/staff/imports/${jobId}`, { cookie }), jobId)))).data as Awaited<
      ReturnType<typeof jobLoader>
    >;
    expect(done.job).toMatchObject({
      status: "done",
      percent: 100,
      rowsRead: rows + 1,
      rowsImported: rows,
      rowsDuplicate: 0,
      rowsInvalid: 1,
    });
    expect(done.errors).toEqual([{ line: rows + 2, reason: "invalid:transactionAt" }]);
    expect(uploadsLeft()).toEqual([]); // deleted once imported

    const csv = await settle(() =>
      errorsLoader(
        args(getRequest(`/staff/imports/${jobId}/errors.csv`, { cookie, headers: { "Accept-Language": "ja" } }), jobId),
      ),
    );
    const bytes = Buffer.from(await csv.response!.arrayBuffer());
    expect(csv.response!.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])); // BOM, for Excel
    expect(bytes.subarray(3).toString("utf8")).toBe(`行,理由\r\n${rows + 2},取引日時の形式が正しくありません\r\n`);
    const actions = (
      await prisma.auditLog.findMany({ where: { entityId: jobId }, orderBy: { id: "asc" }, select: { action: true } })
    ).map((a) => a.action);
    expect(actions).toEqual(["import.upload", "import.preview", "import.start", "import.finish", "export.import_errors"]);
  });

  it("refuses an upload with a card-number column, names it, and deletes the file", async () => {
    const { cookie, csrf } = await supervisor();
    const file = Buffer.from("予約番号,氏名,card_number\nR-1,山田 太郎,4111111111111111\n");
    const uploaded = await settle(() => uploadAction(args(uploadRequest({ cookie, csrf, file }))));
    const jobId = uploaded.response!.headers.get("Location")!.split("/").pop()!;
    const job = (await getImportJob(jobId))!;
    expect(job).toMatchObject({
      status: "failed",
      resumable: false,
      message: { code: "refused", refusal: { code: "card_number_header", column: "card_number" } },
    });
    expect(uploadsLeft()).toEqual([]);
    expect(await prisma.affectedRecord.count({ where: { importId: jobId } })).toBe(0);
    // The page names the column in the user's language.
    const ja = await settle(() =>
      jobLoader(args(getRequest(`/staff/imports/${jobId}`, { cookie, headers: { "Accept-Language": "ja" } }), jobId)),
    );
    expect((ja.data as Awaited<ReturnType<typeof jobLoader>>).job.message).toMatchObject({ refusal: { column: "card_number" } });
    // Starting it anyway is refused.
    const start = await settle(() =>
      jobAction(
        args(
          formRequest(`/staff/imports/${jobId}`, { csrf, intent: "start", encoding: "utf-8", "map.0": "reference" }, { cookie }),
          jobId,
        ),
      ),
    );
    expect(start.response?.status).toBe(400);
  });

  it("keeps neither a card number in the file name nor a refused file's column names", async () => {
    const { cookie, csrf } = await supervisor();
    const file = Buffer.from("予約番号,氏名,4111 1111 1111 1111\nR-1,山田 太郎,x\n");
    const name = "顧客 5555-5555\n5555-4444.csv"; // the browser sends the line break as %0A
    const uploaded = await settle(() => uploadAction(args(uploadRequest({ cookie, csrf, file, name }))));
    const jobId = uploaded.response!.headers.get("Location")!.split("/").pop()!;
    const row = await prisma.importJob.findUniqueOrThrow({
      where: { id: jobId },
      select: { fileName: true, mapping: true, message: true },
    });
    expect(row).toMatchObject({ fileName: "顧客 [CARD ****4444].csv", mapping: "{}" });
    expect(JSON.stringify(row)).not.toMatch(/4111|5555/);
    expect(uploadsLeft()).toEqual([]);
  });

  it("refuses a security-code column the same way", async () => {
    const { cookie, csrf } = await supervisor();
    const uploaded = await settle(() =>
      uploadAction(args(uploadRequest({ cookie, csrf, file: Buffer.from("氏名,電話番号,CVV\n山田 太郎,090-1234-5678,123\n") }))),
    );
    const jobId = uploaded.response!.headers.get("Location")!.split("/").pop()!;
    expect((await getImportJob(jobId))!.message).toEqual({
      code: "refused",
      refusal: { code: "security_code_header", column: "CVV" },
    });
    expect(uploadsLeft()).toEqual([]);
  });

  it("answers 400 with the reason when the mapping names nobody, and keeps the choices", async () => {
    const { user, cookie, csrf } = await supervisor();
    await prisma.user.update({ where: { id: user.id }, data: { locale: "en" } });
    const uploaded = await settle(() =>
      uploadAction(args(uploadRequest({ cookie, csrf, file: Buffer.from("氏名,電話番号\n山田 太郎,090-1234-5678\n") }))),
    );
    const jobId = uploaded.response!.headers.get("Location")!.split("/").pop()!;
    const result = await settle(() =>
      jobAction(
        args(
          formRequest(
            `/staff/imports/${jobId}`,
            { csrf, intent: "start", encoding: "utf-8", "map.0": "ignore", "map.1": "postalCode" },
            { cookie },
          ),
          jobId,
        ),
      ),
    );
    expect(result.response?.status).toBe(400);
    expect(result.data).toEqual({
      errors: { form: "Please assign a column to the name, email address, phone number or order number." },
    });
    expect((await getImportJob(jobId))!.mapping).toEqual({ 氏名: "ignore", 電話番号: "postalCode" });
    expect((await getImportJob(jobId))!.status).toBe("pending");
    // Discarding it removes the job and its file.
    const discarded = await settle(() =>
      jobAction(args(formRequest(`/staff/imports/${jobId}`, { csrf, intent: "discard" }, { cookie }), jobId)),
    );
    expect(discarded.response?.headers.get("Location")).toBe("/staff/imports");
    expect(await getImportJob(jobId)).toBeNull();
    expect(uploadsLeft()).toEqual([]);
  });

  it("continues an interrupted import from the page", async () => {
    const { cookie, csrf } = await supervisor();
    const uploaded = await settle(() =>
      uploadAction(args(uploadRequest({ cookie, csrf, file: Buffer.from(demoCsvText(30, { seed: "resume-page" })) }))),
    );
    const jobId = uploaded.response!.headers.get("Location")!.split("/").pop()!;
    // As a server that died mid-import leaves it.
    await prisma.importJob.update({
      where: { id: jobId },
      data: { status: "running", runnerId: `${os.hostname()}:999999999`, heartbeatAt: new Date() },
    });
    const list = (await settle(() => listLoader(args(getRequest("/staff/imports", { cookie }))))).data as Awaited<
      ReturnType<typeof listLoader>
    >;
    expect(list.jobs.find((j) => j.id === jobId)?.status).toBe("interrupted");
    const resumed = await settle(() =>
      jobAction(args(formRequest(`/staff/imports/${jobId}`, { csrf, intent: "resume" }, { cookie }), jobId)),
    );
    expect(resumed.response?.status).toBe(302);
    expect((await waitForImport(jobId))?.job).toMatchObject({ status: "done", rowsImported: 30 });
  });

  it("answers 404 for an unknown job", async () => {
    const { cookie } = await supervisor();
    expect((await settle(() => jobLoader(args(getRequest("/staff/imports/nope", { cookie }), "nope")))).response?.status).toBe(
      404,
    );
    expect(
      (await settle(() => errorsLoader(args(getRequest("/staff/imports/nope/errors.csv", { cookie }), "nope")))).response?.status,
    ).toBe(404);
  });
});
