/**
 * Waiver batches and exports in a real browser, against the demo database:
 * - three demo customers ask for the reissue fee to be waived on the public form (two name JCB,
 *   one 三井住友カード); a supervisor checks (verifies) them on the request list;
 * - the supervisor creates a batch for JCB with exactly those two requests, downloads its CSV (BOM,
 *   the header, a Japanese name), marks the batch sent and records "confirmed" for one request;
 *   the customer then sees "confirmed" on the status page, the other request shows "sent";
 * - the supervisor exports the contacts table as CSV from the export menu of the contacts page.
 *
 * Customers are regenerated exactly as prisma/seed.ts generates the demo list (as
 * scripts-waivers.e2e.ts does); this file takes customers 60-62 of the C.O.U. shop, which no
 * other browser test uses.
 */
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoCustomer } from "~/domain/demo-data";
import { normalisePhone } from "~/domain/normalise";
import { DEMO_USERS } from "../../prisma/seed";
import { demoCustomers } from "./demo-customers";
import { launchBrowser, login, newPage } from "./browser";

const demo = (role: "admin" | "supervisor" | "agent") => DEMO_USERS.find((u) => u.role === role)!;

function demoCustomer(incidentSlug: string, siteSlug: string, index: number): DemoCustomer {
  return demoCustomers(incidentSlug, siteSlug, index + 1)[index]!;
}

type Asker = { customer: DemoCustomer; company: string; typedName: string; typedPhone: string; reference: string };

function asker(index: number, company: string): Asker {
  const customer = demoCustomer("cou-2017", "shop", index);
  const national = "0" + normalisePhone(customer.phone)!.slice(3);
  return {
    customer,
    company,
    typedName: customer.nameKanji.replace(/\u3000/g, " "),
    typedPhone: `${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`,
    reference: "",
  };
}

const JCB = "JCB（ジェーシービー）";
const askers = [asker(60, JCB), asker(61, JCB), asker(62, "三井住友カード")];
const [first, second, third] = askers as [Asker, Asker, Asker];

let browser: Browser;
let supervisor: { page: Page; close: () => Promise<void>; errors: string[] };

beforeAll(async () => {
  browser = await launchBrowser();
  const { context, page, errors } = await newPage(browser, "ja");
  await login(page, demo("supervisor").email, demo("supervisor").password);
  await page.goto("/staff/waivers");
  await page.selectOption("#incident-select", "cou-2017");
  await Promise.all([
    page.waitForURL(/\/staff\/waivers$/),
    page.locator("header form:has(#incident-select) button[type=submit]").click(),
  ]);
  supervisor = { page, errors, close: () => context.close() };
});
afterAll(async () => {
  await supervisor?.close();
  await browser?.close();
});

async function customerStatus(page: Page, a: Asker): Promise<string> {
  await page.goto(`/waivers/status?reference=${encodeURIComponent(a.reference)}`);
  await page.fill("#contact", a.typedPhone);
  await page.click("form button[type=submit]:not(.link-button)");
  await page.locator("[data-testid=waiver-status] [data-status]").waitFor();
  return (await page.getAttribute("[data-testid=waiver-status] [data-status]", "data-status")) ?? "";
}

describe("a waiver batch to one card company", () => {
  it("three customers ask on the public form", async () => {
    const { context, page, errors } = await newPage(browser, "ja");
    for (const a of askers) {
      await page.goto("/waivers/new?incident=cou-2017");
      await page.fill("#name", a.typedName);
      await page.fill("#phone", a.typedPhone);
      await page.selectOption("#cardCompanyId", { label: a.company });
      await page.check("input[name=consent]");
      await Promise.all([page.waitForURL(/submitted=W-/), page.click("form.waiver-form button[type=submit]")]);
      a.reference = (await page.textContent("[data-testid=waiver-reference]"))!.trim();
      expect(a.reference).toMatch(/^W-[23456789A-HJ-NP-Z]{8}$/);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a supervisor checks them, then creates a batch for JCB with exactly the two JCB requests", async () => {
    const page = supervisor.page;
    for (const a of askers) {
      await page.goto("/staff/waivers?status=submitted");
      const row = page.locator(`tr[data-reference='${a.reference}']`);
      await Promise.all([page.waitForURL(/done=verified/), row.locator("button[name=to][value=verified]").click()]);
    }
    // The request list offers its own export, with its filters.
    await page.goto("/staff/waivers?status=verified&page=1");
    expect(await page.getAttribute("[data-testid=export-waivers] a[data-format=xlsx]", "href")).toBe("/staff/exports/waivers.xlsx?status=verified");
    await Promise.all([page.waitForURL(/\/staff\/waivers\/batches$/), page.click("[data-testid=waiver-batches-link]")]);
    const jcb = page.locator("section[data-card-company=jcb]");
    const smcc = page.locator("section[data-card-company=smcc]");
    // The URL changes before the new page has rendered: wait for what it must show.
    await jcb.locator(`tr[data-reference='${first.reference}']`).waitFor();
    expect(await jcb.locator(`tr[data-reference='${second.reference}']`).count()).toBe(1);
    expect(await smcc.locator(`tr[data-reference='${third.reference}']`).count()).toBe(1);
    // Only our two requests go into this batch (other browser tests may have left checked JCB requests).
    const boxes = jcb.locator("input[type=checkbox][name=request]");
    for (let i = 0; i < (await boxes.count()); i++) {
      const box = boxes.nth(i);
      const reference = await box.locator("xpath=ancestor::tr").getAttribute("data-reference");
      if (reference !== first.reference && reference !== second.reference) await box.uncheck();
    }
    await Promise.all([
      page.waitForURL(/\/staff\/waivers\/batches\/[a-z0-9]+\?done=created&count=2$/),
      page.click("[data-testid=create-batch-jcb]"),
    ]);
    await page.locator("[data-testid=batch-requests]").waitFor();
    const refs = await page
      .locator("[data-testid=batch-requests] tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-reference")));
    expect(refs.sort()).toEqual([first.reference, second.reference].sort());
    expect(await page.getAttribute("[data-testid=batch-status]", "data-status")).toBe("draft");
  });

  it("downloads the CSV for the card company: BOM, the documented header, the customers' Japanese names", async () => {
    const page = supervisor.page;
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=batch-csv]")]);
    expect(download.suggestedFilename()).toMatch(/^waiver-batch_jcb_cou-2017_\d{8}_[a-z0-9]{8}\.csv$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    const lines = text.split("\r\n");
    expect(lines[0]).toBe('"依頼番号","氏名","カード下4桁","カードブランド","依頼日","カード会社コード","依頼元","回答","理由"');
    expect(text).toContain(`"${first.reference}","${first.typedName.normalize("NFKC")}"`);
    expect(text).toContain(`"${second.typedName.normalize("NFKC")}"`);
    expect(text).toContain('"jcb","有限会社ケイズファクトリー"');
    expect(text).not.toContain(third.reference);
  });

  it("marks it sent and records the card company's 'confirmed' for one request; the customer sees it", async () => {
    const page = supervisor.page;
    await Promise.all([page.waitForURL(/done=sent&count=2$/), page.click("[data-testid=batch-send]")]);
    await page.locator("[data-testid=batch-status][data-status=sent]").waitFor();
    expect(await page.getAttribute("[data-testid=batch-status]", "data-status")).toBe("sent");
    await Promise.all([page.waitForURL(/done=answered$/), page.click(`[data-testid='confirm-${first.reference}']`)]);
    await page.locator(`tr[data-reference='${first.reference}'] [data-status=confirmed]`).waitFor();
    expect(await page.getAttribute(`tr[data-reference='${first.reference}'] [data-status]`, "data-status")).toBe("confirmed");
    expect(await page.getAttribute(`tr[data-reference='${second.reference}'] [data-status]`, "data-status")).toBe("sent");
    expect(supervisor.errors).toEqual([]);

    const { context, page: customerPage, errors } = await newPage(browser, "ja");
    expect(await customerStatus(customerPage, first)).toBe("confirmed");
    expect(await customerStatus(customerPage, second)).toBe("sent");
    expect(await customerStatus(customerPage, third)).toBe("verified");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("exporting the contacts table", () => {
  it("a supervisor downloads the contacts as CSV for Excel", async () => {
    const page = supervisor.page;
    await page.goto("/staff/contacts?incident=all");
    const menu = page.locator("[data-testid=export-contacts]");
    await menu.locator("summary").click();
    const link = menu.locator("a[data-format=csv]");
    expect(await link.getAttribute("href")).toContain("incident=all");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^madoguchi-contacts-\d{8}-\d{6}\.csv$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const header = bytes.toString("utf8").slice(1).split("\r\n")[0]!;
    expect(header).toContain('"開始日時"');
    expect(header).toContain('"応対メモ"');
    expect(supervisor.errors).toEqual([]);
  });
});

describe("the audit log and retention pages (admin)", () => {
  it("an admin finds the batch's entries in the audit log and counts what a purge would do", async () => {
    const { context, page, errors } = await newPage(browser, "ja");
    await login(page, demo("admin").email, demo("admin").password);
    await page.goto("/staff/audit");
    await page.fill("#f-action", "waiver_batch.");
    await Promise.all([page.waitForURL(/action=waiver_batch\./), page.click(".audit-filter button[type=submit]")]);
    await page.locator("[data-table=audit] tbody tr code", { hasText: "waiver_batch.send" }).first().waitFor();
    const actions = await page.locator("[data-table=audit] tbody tr td:nth-child(3)").allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a.startsWith("waiver_batch."))).toBe(true);
    // The export menu carries the filter.
    expect(await page.getAttribute("[data-testid=export-audit] a[data-format=csv]", "href")).toBe(
      "/staff/exports/audit.csv?action=waiver_batch.",
    );
    await page.goto("/staff/admin/retention");
    await Promise.all([page.waitForURL(/preview=1/), page.click("form:has(input[name=preview]) button")]);
    await page.locator("[data-testid=retention-preview]").waitFor();
    expect(await page.textContent("[data-testid=retention-preview]")).toContain("削除しない設定です");
    expect(errors).toEqual([]);
    await context.close();
  });
});
