/**
 * A supervisor imports a Shift_JIS CSV in the browser: upload, column mapping, preview, the
 * progress bar to 100%, the counts. An agent is refused the page.
 */
import iconv from "iconv-lite";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../prisma/seed";
import { cp932Safe, demoCsvText } from "../import-csv";
import { baseUrl, launchBrowser, login, newPage } from "./browser";

const demo = (role: "admin" | "supervisor" | "agent") => DEMO_USERS.find((u) => u.role === role)!;
const ROWS = 300;

let browser: Browser;

/** A page with or without JavaScript (newPage always has it). */
async function pageWith(javaScriptEnabled: boolean) {
  if (javaScriptEnabled) return newPage(browser, "ja");
  const context = await browser.newContext({ baseURL: baseUrl(), locale: "ja-JP", javaScriptEnabled: false });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, errors };
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("importing the affected list", () => {
  it("lets a supervisor upload Shift_JIS, map the columns and watch the import reach 100%", async () => {
    const { context, page, errors } = await newPage(browser, "ja");
    await login(page, demo("supervisor").email, demo("supervisor").password);
    await page.goto("/staff/imports");
    expect(await page.textContent("main h1")).toBe("対象者データ取込");

    // A Shift_JIS file as Japanese Excel writes it, with one bad row at the end.
    const text = demoCsvText(ROWS, {
      seed: "e2e-import",
      extraLines: ["COU-E2E00001,2017/02/30 10:00,山田 太郎,ヤマダ タロウ,taro@example.jp,090-1234-5678,100-0001,VISA,1234"],
    });
    await page.setInputFiles("#import-file", {
      name: "顧客一覧_sjis.csv",
      mimeType: "text/csv",
      buffer: iconv.encode(cp932Safe(text), "cp932"),
    });
    await Promise.all([
      page.waitForURL(/\/staff\/imports\/[0-9a-f-]{36}$/),
      page.click("[data-testid=import-upload] button[type=submit]"),
    ]);

    await page.locator("[data-testid=import-mapping]").waitFor();
    // Detected as Shift_JIS; the headers were read correctly and mapped from their names.
    expect(await page.inputValue("#import-encoding")).toBe("cp932");
    expect(await page.textContent("[data-testid=import-mapping]")).toContain("フリガナ");
    expect(await page.inputValue("#map-0")).toBe("reference");
    expect(await page.inputValue("#map-4")).toBe("email");
    // Choose not to store the card brand, and see it in the preview.
    await page.selectOption("#map-7", "ignore");
    await Promise.all([page.waitForLoadState("networkidle"), page.click("button[value=preview]")]);
    expect(await page.inputValue("#map-7")).toBe("ignore");
    const preview = await page.textContent("[data-testid=import-preview]");
    expect(preview).toMatch(/\p{Script=Han}/u);
    expect(preview).not.toContain("Mastercard");

    await page.click("button[value=start]");
    const progress = page.locator("[data-testid=import-progress]");
    await progress.waitFor();
    expect(await progress.getAttribute("max")).toBe("100");
    expect(await progress.getAttribute("aria-labelledby")).toBe("import-progress-label");
    // The page polls the server; the bar reaches 100% without a reload.
    await page.waitForFunction(
      () => (document.querySelector("[data-testid=import-progress]") as HTMLProgressElement | null)?.value === 100,
      null,
      { timeout: 30_000 },
    );
    expect(await progress.getAttribute("aria-valuetext")).toBe("100%");
    await page.waitForFunction(() => document.querySelector("[data-testid=import-status]")?.textContent?.includes("完了"));
    const number = async (id: string) => Number((await page.textContent(`[data-testid=${id}]`))?.replace(/\D/g, ""));
    expect(await number("import-rows-read")).toBe(ROWS + 1);
    expect(await number("import-rows-imported")).toBe(ROWS);
    expect(await number("import-rows-duplicate")).toBe(0);
    expect(await number("import-rows-invalid")).toBe(1);
    expect(await page.textContent("[data-testid=import-errors]")).toContain("取引日時の形式が正しくありません");

    // The job is in the list.
    await page.goto("/staff/imports");
    expect(await page.textContent("[data-testid=import-jobs]")).toContain("顧客一覧_sjis.csv");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the bar moving on a larger file, with JavaScript and without it", async () => {
    for (const javaScriptEnabled of [true, false]) {
      const { context, page, errors } = await pageWith(javaScriptEnabled);
      await login(page, demo("supervisor").email, demo("supervisor").password);
      await page.goto("/staff/imports");
      const rows = 15_000;
      const text = demoCsvText(rows, { seed: `e2e-large-${javaScriptEnabled}` });
      await page.setInputFiles("#import-file", {
        name: "large.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("\uFEFF" + text, "utf8"),
      });
      await Promise.all([
        page.waitForURL(/\/staff\/imports\/[0-9a-f-]{36}$/),
        page.click("[data-testid=import-upload] button[type=submit]"),
      ]);
      await page.locator("[data-testid=import-mapping]").waitFor();
      expect(await page.inputValue("#import-encoding")).toBe("utf-8");
      await Promise.all([page.waitForURL(/\/staff\/imports\/[0-9a-f-]{36}$/), page.click("button[value=start]")]);
      const seen = new Set<number>();
      const deadline = Date.now() + 120_000;
      for (;;) {
        const value = await page
          .locator("[data-testid=import-progress]")
          .getAttribute("value")
          .catch(() => null);
        if (value !== null) seen.add(Number(value));
        if (value === "100" || Date.now() > deadline) break;
        if (!javaScriptEnabled && seen.size === 1) {
          // Without JavaScript the running page refreshes itself.
          expect(await page.content()).toMatch(/<noscript><meta http-equiv="refresh" content="2"\/?><\/noscript>/);
        }
        await page.waitForTimeout(200);
      }
      expect(seen.has(100)).toBe(true);
      expect([...seen].some((v) => v < 100)).toBe(true); // it was seen running
      await page.waitForFunction(() => document.querySelector("[data-testid=import-status]")?.textContent?.includes("完了"));
      expect(Number((await page.textContent("[data-testid=import-rows-imported]"))?.replace(/\D/g, ""))).toBe(rows);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("refuses the import pages to an agent", async () => {
    const { context, page } = await newPage(browser, "ja");
    await login(page, demo("agent").email, demo("agent").password);
    const res = await page.goto("/staff/imports");
    expect(res?.status()).toBe(403);
    expect(await page.textContent("h1")).toBe("アクセス権限がありません");
    // And there is no link to it in the agent's menu.
    await page.goto("/staff/desk");
    expect(await page.locator("header nav a[href='/staff/imports']").count()).toBe(0);
    await context.close();
  });
});
