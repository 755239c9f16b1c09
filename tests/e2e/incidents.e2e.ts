/**
 * A supervisor sets up a new incident in the browser: the incident with its first site and
 * window, then a phone hotline with hours, edits the window, and the public page shows it all
 * with "open now" or "opens at". Also the same kind of edits with JavaScript switched off.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../prisma/seed";
import { baseUrl, launchBrowser, login, newPage } from "./browser";

const supervisor = DEMO_USERS.find((u) => u.role === "supervisor")!;
const slug = `e2e-${Date.now().toString(36)}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Clicks a submit button and waits for the confirmation the page shows after the redirect. */
async function submit(page: Page, selector: string, saved: string) {
  await page.click(selector);
  await page.locator("[data-testid=saved]", { hasText: saved }).waitFor();
}

describe("setting up an incident", () => {
  it("creates an incident with a site, window and phone hotline, edits the window, and shows it publicly", async () => {
    const { context, page, errors } = await newPage(browser, "ja");
    await login(page, supervisor.email, supervisor.password);

    // The menu leads to the incidents; the demo cases are listed.
    await Promise.all([page.waitForURL(/\/staff\/incidents$/), page.click("header nav a[href='/staff/incidents']")]);
    await page.locator("main h1", { hasText: /^事案$/ }).waitFor();
    expect(await page.locator("[data-testid=incident-list] tr[data-slug='coocom-2015']").count()).toBe(1);

    // New incident with its first site and window.
    await Promise.all([page.waitForURL(/\/staff\/incidents\/new$/), page.click("a[href='/staff/incidents/new']")]);
    await page.locator("#new-slug").waitFor();
    await page.fill("#new-slug", slug);
    await page.fill("#new-companyJa", "株式会社E2Eテスト");
    await page.fill("#new-companyEn", "E2E Test KK");
    await page.fill("#new-titleJa", "E2Eショップへの不正アクセス");
    await page.fill("#new-titleEn", "Unauthorised access to the E2E shop");
    await page.fill("#new-summaryJa", "E2Eショップのカード情報が流出した可能性があります。");
    await page.fill("#new-summaryEn", "Card data of the E2E shop may have been stolen.");
    await page.fill("#new-noticeDate", "2026-07-01");
    await page.fill("#new-maxAffected", "1,234");
    await page.fill("#new-reportedTo-0-authority", "個人情報保護委員会");
    await page.fill("#new-reportedTo-0-date", "2026-06-20");
    await page.check("#new-active");
    await page.fill("#new-site-siteSlug", "shop");
    await page.fill("#new-site-nameJa", "E2Eショップ");
    await page.fill("#new-site-nameEn", "E2E shop");
    for (const item of ["name", "card_number", "expiry", "security_code"]) await page.check(`#new-site-stolen-${item}`);
    await page.fill("#new-window-startDate", "2026-01-10");
    await page.fill("#new-window-endDate", "2026-04-30");
    await submit(page, "form.incident-form button[type=submit]", "事案を登録しました");
    expect(new URL(page.url()).pathname).toBe(`/staff/incidents/${slug}`);
    expect(await page.textContent("[data-testid=incident-slug]")).toBe(slug);

    // A phone hotline, weekdays 10:00-18:00 with a lunch break on Wednesdays, typed with full-width digits on Friday.
    await page.fill("#add-hotline-address", "03-1234-5678");
    await page.fill("#add-hotline-labelJa", "E2Eお問い合わせ窓口");
    await page.fill("#add-hotline-labelEn", "E2E inquiry line");
    for (const day of ["mon", "tue", "thu"]) await page.fill(`#add-hotline-hours-${day}-0`, "10:00-18:00");
    await page.fill("#add-hotline-hours-wed-0", "10:00-12:00");
    await page.fill("#add-hotline-hours-wed-1", "13:00-18:00");
    await page.fill("#add-hotline-hours-fri-0", "１０：００〜１８：００");
    expect(await page.isChecked("#add-hotline-isMain")).toBe(true);
    await submit(page, "#add-hotline button[value='hotline.create']", "窓口を追加しました");
    const hotline = page.locator("[data-testid=hotline]");
    expect(await hotline.count()).toBe(1);
    expect(await hotline.locator("input[name='hours.fri.0']").inputValue()).toBe("10:00-18:00");
    expect(await hotline.locator("input[name='hours.wed.1']").inputValue()).toBe("13:00-18:00");

    // A mistake in the grid is refused with the day named, and the typed value stays.
    await hotline.locator("input[name='hours.tue.0']").fill("18:00-10:00");
    await Promise.all([
      page.waitForSelector("[data-testid=hotline] .field-error"),
      hotline.locator("button[value='hotline.update']").click(),
    ]);
    expect(await hotline.locator(".field-error").first().textContent()).toContain("終了時刻は開始時刻より後");
    expect(await hotline.locator("input[name='hours.tue.0']").inputValue()).toBe("18:00-10:00");
    await hotline.locator("input[name='hours.tue.0']").fill("10:00-18:00");
    await submit(page, "[data-testid=hotline] button[value='hotline.update']", "変更はありませんでした");

    // It is in the list.
    await page.goto("/staff/incidents");
    const row = page.locator(`[data-testid=incident-list] tr[data-slug='${slug}']`);
    await row.waitFor();
    expect(await row.textContent()).toContain("E2Eショップへの不正アクセス");
    expect(await row.textContent()).toContain("E2Eショップ");
    expect(await row.textContent()).toContain("公開中");

    // Edit the window: extend it to the end of May.
    await Promise.all([
      page.waitForURL(new RegExp(`/staff/incidents/${slug}$`)),
      row.locator(`a[href='/staff/incidents/${slug}']`).click(),
    ]);
    const windowRow = page.locator("[data-testid=window]");
    await windowRow.first().waitFor();
    expect(await windowRow.count()).toBe(1);
    await windowRow.locator("input[name=endDate]").fill("2026-05-31");
    await submit(page, "[data-testid=window] button[value='window.update']", "期間を保存しました");
    expect(await page.locator("[data-testid=window] .window-summary").textContent()).toBe("2026年1月10日 – 2026年5月31日");

    // The public page shows the incident, the edited window and the line with "open now" or "opens at",
    // whichever the hours API says for this moment.
    const hours = (await (await fetch(`${baseUrl()}/api/v1/incidents/${slug}/hours`)).json()) as {
      open: boolean;
      nextOpening: string;
    };
    const pub = await context.newPage();
    await pub.goto(`/i/${slug}`);
    const body = (await pub.textContent("main")) ?? (await pub.textContent("body")) ?? "";
    expect(await pub.textContent("h1")).toBe("E2Eショップへの不正アクセス");
    expect(body).toContain("2026年1月10日 – 2026年5月31日");
    expect(body).toContain("03-1234-5678");
    expect(body).toContain("月・火・木・金 10:00〜18:00／水曜 10:00〜12:00、13:00〜18:00（土日祝日・年末年始を除く）");
    if (hours.open) {
      expect(body).toContain("ただいま受付中です");
    } else {
      expect(body).toContain("次の受付開始:");
      expect(body).not.toContain("ただいま受付中です");
    }
    // The only console message allowed is the browser noting the intended 400 of the refused grid.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await context.close();
  });

  it("works without JavaScript: adding a window, with a refused date range kept as typed", async () => {
    const context = await browser.newContext({ baseURL: baseUrl(), locale: "ja-JP", javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page, supervisor.email, supervisor.password);
    await page.goto(`/staff/incidents/${slug}`);
    const site = page.locator("[data-testid=site][data-site-slug=shop]");
    const add = site.locator("[id^=add-window-] form");
    await add.locator("input[name=startDate]").fill("2026-07-10");
    await add.locator("input[name=endDate]").fill("2026-07-01");
    await add.locator("input[name=note]").fill("夏のキャンペーン期間");
    await Promise.all([page.waitForLoadState("load"), add.locator("button[value='window.create']").click()]);
    const addAgain = page.locator("[data-testid=site][data-site-slug=shop] [id^=add-window-] form");
    expect(await addAgain.locator(".field-error").textContent()).toBe("終了日は開始日以降の日付にしてください。");
    expect(await addAgain.locator("input[name=startDate]").inputValue()).toBe("2026-07-10");
    expect(await addAgain.locator("input[name=note]").inputValue()).toBe("夏のキャンペーン期間");

    await addAgain.locator("input[name=endDate]").fill("2026-07-31");
    await Promise.all([page.waitForURL(/saved=windowCreated/), addAgain.locator("button[value='window.create']").click()]);
    expect(await page.locator("[data-testid=site][data-site-slug=shop] [data-testid=window]").count()).toBe(2);
    await context.close();
  });
});
