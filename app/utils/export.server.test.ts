/**
 * Exports end to end on a real database: CSV bytes as Japanese Excel needs them, XLSX read back
 * with exceljs, a 50,000-contact export that streams with backpressure (the database is read
 * only as fast as the reader takes the bytes), the two audit entries, lookups reduced to HMAC
 * prefixes, and the belt-and-braces redaction.
 */
import { PassThrough } from "node:stream";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { createContactIncident } from "../../tests/contact-fixtures";
import { seedContacts } from "../../tests/bench/seed-export-contacts";
import { prisma } from "~/utils/db.server";
import { EXPORT_CHUNK } from "~/models/export-rows.server";
import { exportResponse, pendingSheetBytes, startExport } from "./export.server";
import type { StartExportInput } from "./export.server";
import type { ExportKind } from "./export-filters";

const actor = { type: "system" as const, label: "test" };

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(parts);
    parts.push(value);
  }
}

/** Filters as a test writes them: only the keys it sets (the parsers fill in the rest as undefined). */
function run<K extends ExportKind>(
  input: Omit<StartExportInput<K>, "actor" | "locale" | "filter"> & {
    locale?: "ja" | "en";
    filter: Partial<StartExportInput<K>["filter"]>;
  },
) {
  return startExport({ actor, locale: "ja", ...input } as StartExportInput<K>);
}

let small: { id: string; slug: string };
let big: { id: string; slug: string };
const BIG = 50_000;

beforeAll(async () => {
  small = await createContactIncident();
  big = await createContactIncident();
  // Small incident: the awkward texts a CSV writer must survive.
  const texts = [
    "山田様より、再発行手数料について。",
    'カンマ, と "引用符"',
    "1行目\n2行目",
    '=HYPERLINK("http://example.invalid","x")',
    "@SUM(A1)",
    "-1+2",
  ];
  for (const [i, notes] of texts.entries()) {
    await prisma.contact.create({
      data: {
        incidentId: small.id,
        channel: "phone_in",
        startedAt: new Date(Date.UTC(2017, 8, 20, 1, i)),
        withinHours: true,
        callerName: i === 0 ? "山田 太郎" : null,
        callerContact: i === 0 ? "+81312345678" : null,
        notes,
      },
    });
  }
  await seedContacts({ prisma, incidentId: big.id, count: BIG });
}, 120_000);

describe("CSV", () => {
  it("writes a BOM, CRLF, quoted fields, Japanese headers, and protects formulas", async () => {
    const exp = await run({ kind: "contacts", format: "csv", filter: { incident: small.slug } });
    const bytes = await readAll(exp.stream);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.split("\r\n")[0]).toContain('"開始日時"');
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = parse(text, { bom: true, record_delimiter: "\r\n" }) as string[][];
    const header = rows[0]!;
    const notes = header.indexOf("応対メモ");
    const started = header.indexOf("開始日時");
    const contact = header.indexOf("連絡先");
    expect(rows.length).toBe(7);
    expect(rows.slice(1).map((r) => r[notes])).toEqual([
      "山田様より、再発行手数料について。",
      'カンマ, と "引用符"',
      "1行目\n2行目",
      `'=HYPERLINK("http://example.invalid","x")`,
      "'@SUM(A1)",
      "'-1+2",
    ]);
    // Instants in Japan time; the phone number as stored (supervisors need it), protected from Excel's formula parser.
    expect(rows[1]![started]).toBe("2017-09-20 10:00:00");
    expect(rows[1]![contact]).toBe("'+81312345678");
    expect(exp.fileName).toMatch(/^madoguchi-contacts-\d{8}-\d{6}\.csv$/);
    expect(exp.contentType).toBe("text/csv; charset=utf-8");
  });

  it("English headers when asked", async () => {
    const exp = await run({ kind: "contacts", format: "csv", filter: { incident: small.slug }, locale: "en" });
    expect((await readAll(exp.stream)).toString("utf8")).toContain('"Started"');
  });
});

describe("50,000 contacts", () => {
  it("stream out completely, in keyset chunks, and write the start and finish audit entries", async () => {
    const before = await prisma.auditLog.count();
    const exp = await run({ kind: "contacts", format: "csv", filter: { incident: big.slug, from: "2017-09-01" } });
    const response = exportResponse(exp);
    expect(response.body).toBeInstanceOf(ReadableStream);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${exp.fileName}"`);
    const text = (await readAll(response.body!)).toString("utf8");
    const rows = parse(text, { bom: true, record_delimiter: "\r\n" }) as string[][];
    expect(rows.length).toBe(BIG + 1);
    // In time order; every id once.
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(BIG);
    const entries = await prisma.auditLog.findMany({
      where: { id: { gt: before }, entityId: exp.exportId },
      orderBy: { id: "asc" },
    });
    expect(entries.map((e) => e.action)).toEqual(["export.contacts", "export.finish"]);
    expect(JSON.parse(entries[0]!.details!)).toEqual({ format: "csv", filter: { incident: big.slug, from: "2017-09-01" } });
    expect(JSON.parse(entries[1]!.details!)).toEqual({ kind: "contacts", format: "csv", rows: BIG, outcome: "done" });
  }, 120_000);

  it("read the database only as fast as the reader takes the bytes (bounded memory)", async () => {
    let produced = 0;
    const exp = await run({ kind: "contacts", format: "csv", filter: { incident: big.slug }, onRows: (n) => (produced = n) });
    const reader = exp.stream.getReader();
    for (let i = 0; i < 4; i++) await reader.read(); // header + 3 chunks
    await new Promise((r) => setTimeout(r, 1_000));
    // The stream holds at most one chunk ahead of what was read: never the whole table.
    expect(produced).toBeGreaterThanOrEqual(3 * EXPORT_CHUNK);
    expect(produced).toBeLessThanOrEqual(4 * EXPORT_CHUNK);
    await reader.cancel();
    const finish = await prisma.auditLog.findFirstOrThrow({ where: { action: "export.finish", entityId: exp.exportId } });
    expect(JSON.parse(finish.details!)).toMatchObject({ outcome: "aborted" });
    expect(JSON.parse(finish.details!).rows).toBeLessThan(BIG);
  });

  it("stop reading when the client goes away", async () => {
    const controller = new AbortController();
    const exp = await run({ kind: "contacts", format: "csv", filter: { incident: big.slug }, signal: controller.signal });
    const reader = exp.stream.getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    let chunks = 0;
    while (!(await reader.read()).done) chunks += 1;
    expect(chunks).toBeLessThanOrEqual(2);
    const finish = await prisma.auditLog.findFirstOrThrow({ where: { action: "export.finish", entityId: exp.exportId } });
    expect(JSON.parse(finish.details!).outcome).toBe("aborted");
  });

  it("stop reading when the HTTP response says the client has gone (Remix does not abort the loader's signal)", async () => {
    for (const format of ["csv", "xlsx"] as const) {
      let calls = 0;
      const exp = await run({ kind: "contacts", format, filter: { incident: big.slug }, waitForDrain: async () => ++calls <= 2 });
      await readAll(exp.stream);
      const finish = await prisma.auditLog.findFirstOrThrow({ where: { action: "export.finish", entityId: exp.exportId } });
      expect(JSON.parse(finish.details!)).toMatchObject({ outcome: "aborted", rows: 2 * EXPORT_CHUNK });
    }
  }, 120_000);

  it("as XLSX too, with every row readable", async () => {
    const exp = await run({ kind: "contacts", format: "xlsx", filter: { incident: big.slug, to: "2017-09-20" } });
    const bytes = await readAll(exp.stream);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    // 2017-09-20 JST, one contact every 17 s from 00:00: 86400 / 17 rounded up.
    expect(sheet.rowCount - 1).toBe(Math.ceil(86_400 / 17));
    const finish = await prisma.auditLog.findFirstOrThrow({ where: { action: "export.finish", entityId: exp.exportId } });
    expect(JSON.parse(finish.details!)).toMatchObject({ rows: Math.ceil(86_400 / 17), outcome: "done", format: "xlsx" });
  }, 120_000);
});

describe("XLSX", () => {
  async function load(bytes: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    return workbook;
  }

  it("reads back with exceljs: Japanese headers and cells, line breaks, formulas as plain text", async () => {
    const exp = await run({ kind: "contacts", format: "xlsx", filter: { incident: small.slug } });
    const workbook = await load(await readAll(exp.stream));
    const sheet = workbook.getWorksheet("応対記録")!;
    expect(sheet).toBeDefined();
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain("応対メモ");
    const notes = header.indexOf("応対メモ") + 1;
    const name = header.indexOf("お名前") + 1;
    const talk = header.indexOf("通話秒数") + 1;
    expect(sheet.getRow(2).getCell(notes).value).toBe("山田様より、再発行手数料について。");
    expect(sheet.getRow(2).getCell(name).value).toBe("山田 太郎");
    expect(sheet.getRow(3).getCell(notes).value).toBe('カンマ, と "引用符"');
    expect(sheet.getRow(4).getCell(notes).value).toBe("1行目\n2行目");
    const formulaCell = sheet.getRow(5).getCell(notes);
    expect(formulaCell.value).toBe('=HYPERLINK("http://example.invalid","x")');
    expect(formulaCell.type).toBe(ExcelJS.ValueType.String);
    expect(formulaCell.formula).toBeUndefined();
    expect(sheet.getRow(2).getCell(talk).value).toBeNull();
    expect(exp.contentType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  });

  it("continues on a new sheet at the row limit (Excel's is 1,048,575 rows under the header)", async () => {
    const exp = await run({
      kind: "contacts",
      format: "xlsx",
      filter: { incident: big.slug, to: "2017-09-20" },
      maxRowsPerSheet: 2_000,
    });
    const workbook = await load(await readAll(exp.stream));
    const expected = Math.ceil(86_400 / 17);
    expect(workbook.worksheets.length).toBe(Math.ceil(expected / 2_000));
    expect(workbook.worksheets.map((s) => s.name)[1]).toBe("応対記録 (2)");
    expect(workbook.worksheets.reduce((n, s) => n + s.rowCount - 1, 0)).toBe(expected);
    expect(workbook.worksheets[1]!.getRow(1).getCell(1).value).toBe("応対ID");
  }, 120_000);

  it("sees how much sheet XML exceljs holds ahead of its compressor (the internals the backpressure relies on)", () => {
    const out = new PassThrough();
    out.resume();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const sheet = workbook.addWorksheet("x");
    for (let i = 0; i < 20_000; i++) sheet.addRow([`山田 ${i}`, i, "x".repeat(40)]).commit();
    expect(pendingSheetBytes(sheet)).toBeGreaterThan(0);
  });
});

describe("lookups", () => {
  it("export only HMAC prefixes and outcomes, never a whole key", async () => {
    const hmac = (c: string) => c.repeat(64);
    await prisma.lookup.create({
      data: {
        channel: "agent",
        incidentId: small.id,
        keyHashes: JSON.stringify({ name: hmac("a"), phone: hmac("b"), email: hmac("c"), last4: hmac("d") }),
        outcome: "affected",
        recordId: "rec-1",
        ipHash: hmac("e"),
      },
    });
    const exp = await run({ kind: "lookups", format: "csv", filter: { incident: small.slug } });
    const text = (await readAll(exp.stream)).toString("utf8");
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows.length).toBe(2);
    const row = Object.fromEntries(rows[0]!.map((h, i) => [h, rows[1]![i]]));
    expect(row).toMatchObject({
      結果: "affected",
      氏名キー: "a".repeat(12),
      電話番号キー: "b".repeat(12),
      メールキー: "c".repeat(12),
      下4桁キー: "d".repeat(12),
      IPキー: "e".repeat(12),
    });
    for (const c of "abcde") expect(text).not.toContain(c.repeat(13));
    expect(text).not.toContain("rec-1");
  });
});

describe("belt and braces", () => {
  it("redacts a card number that reached the database unredacted, and says so in the finish entry", async () => {
    const leaky = await createContactIncident();
    // As if a bug had stored text without redaction (the models never do).
    await prisma.contact.create({
      data: {
        incidentId: leaky.id,
        channel: "web",
        startedAt: new Date("2017-09-21T00:00:00Z"),
        withinHours: false,
        message: "カード 4111 1111 1111 1111 CVV 123",
      },
    });
    const exp = await run({ kind: "contacts", format: "csv", filter: { incident: leaky.slug } });
    const text = (await readAll(exp.stream)).toString("utf8");
    expect(text).not.toContain("4111 1111 1111 1111");
    expect(text).toContain("[CARD ****1111]");
    expect(text).toContain("[CVV]");
    const finish = await prisma.auditLog.findFirstOrThrow({ where: { action: "export.finish", entityId: exp.exportId } });
    expect(JSON.parse(finish.details!)).toMatchObject({ rows: 1, redactedCells: 1 });
  });

  it("puts a search text into the audit entry as an HMAC, never as typed", async () => {
    const exp = await run({ kind: "contacts", format: "csv", filter: { incident: small.slug, q: "山田" } });
    await readAll(exp.stream);
    const start = await prisma.auditLog.findFirstOrThrow({ where: { action: "export.contacts", entityId: exp.exportId } });
    expect(start.details).not.toContain("山田");
    expect(JSON.parse(start.details!).filter.qHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
