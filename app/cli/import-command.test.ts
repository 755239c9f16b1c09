/**
 * The import from the command line, as a real child process: killed with SIGKILL half-way, then
 * run again to finish. Slow-ish (five tsx start-ups, 16,000 rows three times), so one file.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { vi } from "vitest";
import { createImportJob, getImportJob, hashFile } from "~/models/import.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { cp932Safe, demoCsvText, writeDemoCsv } from "../../tests/import-csv";

const isolated = vi.hoisted(async () => {
  const { isolateImportTestDatabase } = await import("../../tests/import-test-db");
  return isolateImportTestDatabase("import-cli");
});

const ROWS = 16_000;
const tmp = mkdtempSync(path.join(os.tmpdir(), "madoguchi-cli-import-"));
let incidentId: string;

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
  await prisma.site.create({ data: { incidentId, slug: "shop", nameJa: "ショップ", nameEn: "Shop", stolenItems: "[]" } });
});

afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  rmSync(await isolated, { recursive: true, force: true });
});

function cli(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
} {
  const env = getEnv();
  // `node --import tsx`, not the tsx CLI: that one runs the script in a second process, which a
  // SIGKILL of the first would leave running.
  const child = spawn(process.execPath, ["--import", "tsx", "app/cli/main.ts", "import", ...args], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      DATABASE_URL: env.DATABASE_URL,
      DATA_DIR: env.DATA_DIR,
      SESSION_SECRET: env.SESSION_SECRET,
      LOOKUP_HMAC_KEY: env.LOOKUP_HMAC_KEY, // the same key: row keys must match between runs
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

async function waitFor<T>(check: () => Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("npm run cli -- import", () => {
  it("survives SIGKILL half-way: no half-written batch, and running it again completes it exactly", async () => {
    const file = path.join(tmp, "affected.csv");
    await writeDemoCsv({ path: file, count: ROWS, seed: "cli" });
    const args = [file, "--incident", "cou-2017", "--site", "shop"];

    const first = cli(args);
    // Kill it once at least two batches (2 x 2,000 rows) are committed.
    const job = await waitFor(() =>
      prisma.importJob.findFirst({ where: { fileName: "affected.csv", lastCommittedLine: { gt: 4_000 } }, select: { id: true } }),
    );
    first.child.kill("SIGKILL");
    const killed = await first.done;
    expect(killed.signal).toBe("SIGKILL");

    // Shown as interrupted: its process is gone.
    const interrupted = (await getImportJob(job.id))!;
    expect(interrupted.status).toBe("interrupted");
    expect(interrupted.resumable).toBe(true);
    // Whole batches only: every committed row is there, nothing of the batch in flight.
    const committed = await prisma.affectedRecord.count({ where: { importId: job.id } });
    expect(committed).toBe(interrupted.rowsImported);
    expect(committed % 2_000).toBe(0);
    expect(interrupted.lastCommittedLine).toBe(committed + 1);
    expect(committed).toBeLessThan(ROWS);

    // The same command again continues that job.
    const second = await cli(args).done;
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Continuing the unfinished import ${job.id}`);
    expect(second.stdout).toMatch(/Done: rows 16,000, imported 16,000, duplicates 0, invalid 0 .* rows\/s\./);
    expect(await prisma.affectedRecord.count({ where: { incidentId } })).toBe(ROWS);
    expect(await getImportJob(job.id)).toMatchObject({ status: "done", rowsRead: ROWS, rowsImported: ROWS, rowsDuplicate: 0 });

    // And once more: a new import of the same file adds nothing.
    const third = await cli(args).done;
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/Done: rows 16,000, imported 0, duplicates 16,000, invalid 0/);
    expect(await prisma.affectedRecord.count({ where: { incidentId } })).toBe(ROWS);
  }, 180_000);

  it("imports Shift_JIS with a mapping given on the command line, resumes by job id, and refuses a card-number column by name", async () => {
    const sjis = path.join(tmp, "sjis.csv");
    writeFileSync(sjis, iconv.encode(cp932Safe(demoCsvText(20, { seed: "cli-sjis" })), "cp932"));
    const mapped = await cli([
      sjis,
      "--incident",
      "cou-2017",
      "--site",
      "shop",
      "--encoding",
      "cp932",
      "--map",
      "カードブランド=ignore,#9=ignore",
    ]).done;
    expect(mapped.stderr).toBe("");
    expect(mapped.stdout).toContain("Encoding cp932");
    expect(mapped.stdout).toContain("カードブランド=ignore");
    expect(mapped.stdout).toMatch(/imported 20,/);
    const stored = await prisma.affectedRecord.findMany({
      where: { incident: { slug: "cou-2017" }, nameKanji: { not: null }, cardBrand: null },
      select: { cardLast4: true },
    });
    expect(stored.length).toBeGreaterThanOrEqual(20);

    // --resume JOBID continues a given job (here one a dead server left running).
    const other = path.join(tmp, "other.csv");
    writeFileSync(other, demoCsvText(12, { seed: "cli-resume" }));
    const { sha256, size } = await hashFile(other);
    const site = await prisma.site.findFirstOrThrow({ where: { slug: "shop" }, select: { id: true } });
    const pendingJob = await createImportJob({
      incidentId,
      siteId: site.id,
      fileName: "other.csv",
      filePath: other,
      fileHash: sha256,
      totalBytes: size,
      encoding: "utf-8",
      createdById: null,
    });
    await prisma.importJob.update({
      where: { id: pendingJob.id },
      data: { status: "running", runnerId: `${os.hostname()}:999999999`, heartbeatAt: new Date() },
    });
    const resumed = await cli(["--resume", pendingJob.id]).done;
    expect(resumed.stderr).toBe("");
    expect(resumed.stdout).toContain(`Continuing import ${pendingJob.id} after line 0.`);
    expect(resumed.stdout).toMatch(/Done: rows 12, imported 12,/);

    const card = path.join(tmp, "card.csv");
    writeFileSync(card, "注文番号,氏名,クレジットカード番号\nCOU-1,山田 太郎,4111111111111111\n");
    const before = await prisma.affectedRecord.count();
    const refused = await cli([card, "--incident", "cou-2017", "--site", "shop"]).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('column "クレジットカード番号" is a card number column');
    expect(refused.stderr + refused.stdout).not.toContain("4111111111111111");
    expect(await prisma.affectedRecord.count()).toBe(before);
  }, 120_000);
});
