import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { vi } from "vitest";
import { proposeMapping, toStoredMapping } from "~/domain/import-rules";
import { prisma } from "~/utils/db.server";
import { cp932Safe, DEMO_CSV_HEADERS, demoCsvText, writeDemoCsv } from "../../tests/import-csv";
import {
  createImportJob,
  getImportJob,
  hashFile,
  importsDir,
  inspectImportFile,
  listImportJobs,
  listImportRowErrors,
  refuseImportJob,
  runImportJob,
  processStateFromStat,
} from "./import.server";
import type { ImportJobView } from "./import.server";

// Own database and DATA_DIR (uploads go under DATA_DIR/imports), before any module reads the environment.
const isolated = vi.hoisted(async () => {
  const { isolateImportTestDatabase } = await import("../../tests/import-test-db");
  return isolateImportTestDatabase("import-model");
});

const actor = { type: "system" as const, label: "test" };
const tmp = mkdtempSync(path.join(os.tmpdir(), "madoguchi-import-"));

let incidentId: string;
let siteId: string;

beforeAll(async () => {
  const incident = await prisma.incident.create({
    data: {
      slug: "cou-2017",
      companyJa: "ケイズファクトリー",
      companyEn: "K's Factory",
      titleJa: "C.O.U.",
      titleEn: "C.O.U.",
      summaryJa: "-",
      summaryEn: "-",
      noticeDate: "2018-01-16",
    },
    select: { id: true },
  });
  incidentId = incident.id;
  const site = await prisma.site.create({
    data: {
      incidentId,
      slug: "shop",
      nameJa: "ショップ",
      nameEn: "Shop",
      stolenItems: "[]",
      windows: { create: [{ startDate: "2017-08-05", endDate: "2017-09-15" }] },
    },
    select: { id: true },
  });
  siteId = site.id;
});

let fileCounter = 0;
/** A file in the uploads folder (owned: the import may delete it) or elsewhere (a CLI user's file: never deleted). */
function filePath(owned: boolean, ext = "csv") {
  fileCounter += 1;
  const dir = owned ? importsDir() : tmp;
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `f${fileCounter}.${ext}`);
}

async function newJob(file: string, { encoding }: { encoding?: "utf-8" | "cp932" } = {}) {
  const inspection = (await inspectImportFile({ filePath: file, encoding }))!;
  const { sha256, size } = await hashFile(file);
  const job = await createImportJob({
    incidentId,
    siteId,
    fileName: path.basename(file),
    filePath: file,
    fileHash: sha256,
    totalBytes: size,
    encoding: inspection.encoding,
    mapping: toStoredMapping(inspection.columns, proposeMapping(inspection.rawHeaders)),
    createdById: null,
  });
  return { jobId: job.id, inspection };
}

async function recordsOf(jobId: string) {
  return prisma.affectedRecord.count({ where: { importId: jobId } });
}

async function totalRecords() {
  return prisma.affectedRecord.count({ where: { incidentId } });
}

describe("importing a Shift_JIS file with bad rows, twice", () => {
  const rows = 3_000;
  const bad = [
    "COU-99999991,2017/02/30 10:00,山田 太郎,ヤマダ タロウ,taro@example.jp,090-1234-5678,100-0001,VISA,1234", // impossible date
    "COU-99999992,2017/08/10 10:00,山田 次郎,ヤマダ ジロウ,jiro@,090-1234-5679,100-0001,VISA,1234", // bad email
    "COU-99999993,2017/08/10 10:00,山田 三郎", // too few columns
    ",2017/08/10 10:00,,,,,100-0001,VISA,1234", // nobody
  ];
  let file: string;
  let first: ImportJobView;

  beforeAll(async () => {
    file = filePath(false);
    writeFileSync(file, iconv.encode(cp932Safe(demoCsvText(rows, { seed: "sjis", extraLines: bad })), "cp932"));
  });

  it("detects CP932, keeps the good rows and reports the bad ones by line", async () => {
    const { jobId, inspection } = await newJob(file);
    expect(inspection.encoding).toBe("cp932");
    expect(inspection.rawHeaders).toEqual(DEMO_CSV_HEADERS);
    const result = await runImportJob({ jobId, actor, batchRows: 500 });
    expect(result.ok).toBe(true);
    first = result.job!;
    expect(first).toMatchObject({
      status: "done",
      rowsRead: rows + 4,
      rowsImported: rows,
      rowsDuplicate: 0,
      rowsInvalid: 4,
      percent: 100,
    });
    expect(first.bytesRead).toBe(first.totalBytes);
    expect(await recordsOf(jobId)).toBe(rows);
    // Header is line 1, so the bad rows are lines rows+2 .. rows+5.
    expect(await listImportRowErrors(jobId)).toEqual([
      { line: rows + 2, reason: "invalid:transactionAt" },
      { line: rows + 3, reason: "invalid:email" },
      { line: rows + 4, reason: "column_count:9:3" },
      { line: rows + 5, reason: "no_identity" },
    ]);
    // A user's own file (given to the CLI) is never deleted.
    expect(existsSync(file)).toBe(true);
  });

  it("stores the names decoded from Shift_JIS, with lookup keys", async () => {
    const sample = await prisma.affectedRecord.findFirstOrThrow({
      where: { importId: first.id },
      orderBy: { reference: "asc" },
      select: { nameKanji: true, nameKey: true, phoneKey: true, rowKey: true },
    });
    expect(sample.nameKanji).toMatch(/^[\p{Script=Han}\s\u3000]+$/u);
    expect(sample.nameKey).toMatch(/^[0-9a-f]{64}$/);
    expect(sample.phoneKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it("adds nothing when the same file is imported again, and counts the duplicates", async () => {
    const before = await totalRecords();
    const { jobId } = await newJob(file);
    const result = await runImportJob({ jobId, actor, batchRows: 700 });
    expect(result.job).toMatchObject({ status: "done", rowsImported: 0, rowsDuplicate: rows, rowsInvalid: 4 });
    expect(await totalRecords()).toBe(before);
  });

  it("audits start and finish with counts and no raw values", async () => {
    const finish = await prisma.auditLog.findFirstOrThrow({
      where: { action: "import.finish", entityId: first.id },
      select: { details: true },
    });
    expect(JSON.parse(finish.details!)).toMatchObject({
      rowsRead: rows + 4,
      rowsImported: rows,
      rowsDuplicate: 0,
      rowsInvalid: 4,
    });
    expect(await prisma.auditLog.count({ where: { action: "import.start", entityId: first.id } })).toBe(1);
    const all = (await prisma.auditLog.findMany({ where: { entityType: "import" }, select: { details: true } }))
      .map((a) => a.details)
      .join("\n");
    expect(all).not.toMatch(/example\.(jp|com|co\.jp|ne\.jp)|COU-|山田/);
  });
});

describe("an interrupted import", () => {
  it("leaves whole batches only, and a resume completes it with the exact row count and no duplicates", async () => {
    const rows = 2_500;
    const file = filePath(true);
    await writeDemoCsv({ path: file, count: rows, seed: "interrupt", bom: true });
    const { jobId } = await newJob(file);

    // The process "dies" right after its third batch has been committed.
    const crashed = await runImportJob({
      jobId,
      actor,
      batchRows: 400,
      hooks: {
        afterCommit: ({ batch }) => {
          if (batch === 3) throw new Error("simulated crash");
        },
      },
    });
    expect(crashed.ok).toBe(false);
    const stopped = (await getImportJob(jobId))!;
    expect(stopped).toMatchObject({
      status: "failed",
      resumable: true,
      rowsRead: 1_200,
      rowsImported: 1_200,
      lastCommittedLine: 1_201,
    });
    expect(await recordsOf(jobId)).toBe(1_200);
    expect(existsSync(file)).toBe(true); // kept for the resume

    const resumed = await runImportJob({ jobId, actor, batchRows: 400 });
    expect(resumed.ok).toBe(true);
    expect(resumed.job).toMatchObject({
      status: "done",
      rowsRead: rows,
      rowsImported: rows,
      rowsDuplicate: 0,
      rowsInvalid: 0,
      lastCommittedLine: rows + 1,
    });
    expect(await recordsOf(jobId)).toBe(rows);
    // An uploaded file is deleted once the import is done.
    expect(existsSync(file)).toBe(false);
    expect(resumed.job!.fileKept).toBe(false);
  });

  it("shows a job left running by a dead process as interrupted, and resumes it", async () => {
    const file = filePath(false);
    writeFileSync(file, demoCsvText(50, { seed: "dead" }));
    const { jobId } = await newJob(file);
    // What a killed process leaves: status running, its host:pid, no process of that pid.
    await prisma.importJob.update({
      where: { id: jobId },
      data: { status: "running", runnerId: `${os.hostname()}:999999999`, heartbeatAt: new Date() },
    });
    const listed = await listImportJobs();
    expect(listed.jobs.find((j) => j.id === jobId)).toMatchObject({ status: "interrupted", resumable: true });
    const resumed = await runImportJob({ jobId, actor });
    expect(resumed.job).toMatchObject({ status: "done", rowsImported: 50 });
  });

  it("treats a running job on another host without a heartbeat for two minutes as interrupted", async () => {
    const file = filePath(false);
    writeFileSync(file, demoCsvText(5, { seed: "stale" }));
    const { jobId } = await newJob(file);
    await prisma.importJob.update({
      where: { id: jobId },
      data: { status: "running", runnerId: "other-host:1", heartbeatAt: new Date(Date.now() - 60_000) },
    });
    expect((await getImportJob(jobId))!.status).toBe("running");
    await prisma.importJob.update({ where: { id: jobId }, data: { heartbeatAt: new Date(Date.now() - 180_000) } });
    expect((await getImportJob(jobId))!.status).toBe("interrupted");
  });

  it("does not let a second runner take a running job", async () => {
    const file = filePath(false);
    writeFileSync(file, demoCsvText(5, { seed: "busy" }));
    const { jobId } = await newJob(file);
    await prisma.importJob.update({
      where: { id: jobId },
      data: { status: "running", runnerId: "other-host:1", heartbeatAt: new Date() },
    });
    const result = await runImportJob({ jobId, actor });
    expect(result).toMatchObject({ ok: false, message: { code: "not_claimable" } });
    expect(await recordsOf(jobId)).toBe(0);
  });
});

describe("card data", () => {
  const refusedCases = [
    [
      "a card-number column",
      ["注文番号", "氏名", "カード番号"],
      ["COU-1", "山田 太郎", "4111111111111111"],
      { code: "card_number_header", column: "カード番号" },
    ],
    [
      "a security-code column",
      ["注文番号", "氏名", "セキュリティコード"],
      ["COU-1", "山田 太郎", "123"],
      { code: "security_code_header", column: "セキュリティコード" },
    ],
    [
      "card numbers under another name",
      ["注文番号", "氏名", "memo"],
      ["COU-1", "山田 太郎", "5500 0000 0000 0004"],
      { code: "card_number_values", column: "memo" },
    ],
  ] as const;

  it.each(refusedCases)(
    "refuses %s before anything is stored, names the column, and deletes the upload",
    async (_label, header, row, refusal) => {
      const file = filePath(true);
      writeFileSync(file, `${header.join(",")}\n${row.join(",")}\n`);
      const { jobId, inspection } = await newJob(file);
      expect(inspection.refusal).toEqual(refusal);
      await refuseImportJob({ id: jobId, refusal: inspection.refusal!, actor });
      const job = (await getImportJob(jobId))!;
      expect(job).toMatchObject({ status: "failed", resumable: false, fileKept: false, message: { code: "refused", refusal } });
      expect(existsSync(file)).toBe(false);
      expect(await recordsOf(jobId)).toBe(0);
    },
  );

  it.each(refusedCases)("refuses %s again when the stream starts", async (_label, header, row, refusal) => {
    const file = filePath(true);
    writeFileSync(file, `氏名,電話番号\n山田 太郎,090-1234-5678\n`);
    const { jobId } = await newJob(file);
    // The file changes after it was checked (or the check was skipped): the run checks again.
    writeFileSync(file, `${header.join(",")}\n${row.join(",")}\n`);
    await prisma.importJob.update({ where: { id: jobId }, data: { totalBytes: (await hashFile(file)).size } });
    const result = await runImportJob({ jobId, actor });
    expect(result).toMatchObject({ ok: false, message: { code: "refused", refusal } });
    expect(existsSync(file)).toBe(false);
    expect(await recordsOf(jobId)).toBe(0);
  });

  it("stops at a row holding a card number: the open batch is rolled back, the file deleted, the number never stored", async () => {
    const rows = 2_600;
    const file = filePath(true);
    const cardNumber = "4111111111111111";
    // Line 2,502 (data row 2,501) has a card number in the phone column, after the sampled first 1,000 rows.
    const lines = demoCsvText(rows, { seed: "card" }).split("\r\n");
    const cells = lines[2_501]!.split(",");
    cells[5] = cardNumber;
    lines[2_501] = cells.join(",");
    writeFileSync(file, lines.join("\r\n"));
    const { jobId } = await newJob(file);
    const result = await runImportJob({ jobId, actor, batchRows: 1_000 });
    expect(result).toMatchObject({ ok: false, message: { code: "card_number_in_row", line: 2_502, column: "電話番号" } });
    const job = (await getImportJob(jobId))!;
    // Batches of 1,000: lines 2-1,001 and 1,002-2,001 were committed; 2,002-2,501 were rolled back.
    expect(job).toMatchObject({
      status: "failed",
      resumable: false,
      fileKept: false,
      rowsImported: 2_000,
      lastCommittedLine: 2_001,
    });
    expect(await recordsOf(jobId)).toBe(2_000);
    expect(existsSync(file)).toBe(false);
    const stored = JSON.stringify([
      await prisma.importJob.findMany(),
      await prisma.importRowError.findMany(),
      await prisma.auditLog.findMany(),
      await prisma.affectedRecord.findMany({ where: { importId: jobId }, select: { phone: true, email: true, reference: true } }),
    ]);
    expect(stored).not.toContain(cardNumber);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "import.fail", entityId: jobId },
      select: { details: true },
    });
    expect(JSON.parse(audit.details!)).toMatchObject({ reason: "card_number_in_row", line: 2_502, column: "電話番号" });
  });
});

describe("row errors", () => {
  it("stores the first 10,000 and counts the rest", async () => {
    const file = filePath(false);
    const lines = ["氏名,電話番号"];
    for (let i = 0; i < 10_050; i += 1) lines.push(`山田${i}`); // one column too few
    lines.push("山田 太郎,090-1234-5678");
    writeFileSync(file, lines.join("\n") + "\n");
    const { jobId } = await newJob(file);
    const result = await runImportJob({ jobId, actor });
    expect(result.job).toMatchObject({
      status: "done",
      rowsInvalid: 10_050,
      rowsImported: 1,
      errorsStored: 10_000,
      errorsNotStored: 50,
    });
    const errors = await listImportRowErrors(jobId);
    expect(errors).toHaveLength(10_000);
    expect(errors[0]).toEqual({ line: 2, reason: "column_count:2:1" });
  });

  it("reports a record that cannot be parsed as CSV and goes on", async () => {
    const file = filePath(false);
    writeFileSync(
      file,
      ["氏名,電話番号", "山田 一子,090-3333-4444", '"佐藤 "花子",03-3333-4444', "鈴木 一郎,080-3333-4444", '"田中,090-0000'].join(
        "\n",
      ),
    );
    const { jobId } = await newJob(file);
    const result = await runImportJob({ jobId, actor });
    expect(await listImportRowErrors(jobId)).toEqual([{ line: 5, reason: "csv_syntax" }]);
    expect(result.job).toMatchObject({ status: "done", rowsImported: 3 });
    expect(await listImportRowErrors(jobId)).toEqual([{ line: 5, reason: "csv_syntax" }]);
  });

  it("reads a file with multi-line cells and blank lines with the right line numbers", async () => {
    const file = filePath(false);
    writeFileSync(
      file,
      ["氏名,備考,電話番号", '山田 花子,"一行目', '二行目",090-2222-3333', "", "佐藤 花子,,bad-phone"].join("\r\n"),
    );
    const { jobId } = await newJob(file);
    const result = await runImportJob({ jobId, actor });
    expect(await listImportRowErrors(jobId)).toEqual([{ line: 5, reason: "invalid:phone" }]);
    expect(result.job).toMatchObject({ rowsImported: 1, rowsInvalid: 1 });
    expect(await listImportRowErrors(jobId)).toEqual([{ line: 5, reason: "invalid:phone" }]);
  });
});

afterAll(async () => {
  // Nothing is left in the uploads folder by finished, refused or aborted imports.
  const left = existsSync(importsDir()) ? readdirSync(importsDir()) : [];
  expect(left).toEqual([]);
  rmSync(tmp, { recursive: true, force: true });
  rmSync(await isolated, { recursive: true, force: true });
});

describe("processStateFromStat: a killed but unreaped import process counts as dead", () => {
  it.each([
    ["4242 (node) S 1 4242 4242 0 -1 4194560", "S"],
    ["4242 (node) Z 1 4242 4242 0 -1 4194560", "Z"],
    ["4242 (tsx (import) x) Z 1 0 0", "Z"],
    ["4242 (node) R 1", "R"],
    ["garbage", null],
    ["", null],
  ])("%s → %s", (text, state) => {
    expect(processStateFromStat(text)).toBe(state);
  });
});
