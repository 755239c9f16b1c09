/**
 * The affected-customer check in a real browser, against the demo database:
 * - a customer gets each of the three answers on /check (Japanese), once in English, and once
 *   with JavaScript switched off;
 * - "not found" and "cannot confirm" come back with the same status, the same body length and no
 *   sooner than the timing floor, over plain HTTP;
 * - an agent finds a demo customer from a half-width-kana name and a full-width-digit phone number.
 *
 * Known customers are regenerated exactly as prisma/seed.ts generates the demo list (same seed,
 * count, windows, site and prefix), so the test needs no access to the database. "Cannot confirm"
 * needs an incident whose list is not loaded yet: a supervisor sets one up in the browser.
 *
 * Budget: /check allows 10 checks per IP in 10 minutes and every request here comes from
 * 127.0.0.1, so this file makes 7.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toKatakana } from "wanakana";
import { toFullWidthAscii, toHalfWidthKatakana } from "~/domain/demo-data";
import type { DemoCustomer } from "~/domain/demo-data";
import { normalisePhone } from "~/domain/normalise";
import { DEMO_USERS } from "../../prisma/seed";
import { demoIncidents } from "../../prisma/seed/incidents";
import { demoCustomers } from "./demo-customers";
import { baseUrl, launchBrowser, login, newPage } from "./browser";

const FLOOR_MS = 350; // SELF_CHECK_FLOOR.floorMs in app/routes/check.tsx

const couCustomers = demoCustomers("cou-2017", "shop", 20);
const mobile = (c: DemoCustomer) => /^\+81[789]0/.test(normalisePhone(c.phone) ?? "");
/** How a customer would type their phone: national format with hyphens. */
const typedPhone = (c: DemoCustomer) => {
  const national = "0" + normalisePhone(c.phone)!.slice(3);
  return `${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`;
};
const typedName = (c: DemoCustomer) => c.nameKanji.replace(/\u3000/g, " ");

// A slug as long as "cou-2017", so the two negative answers below carry equally long data.
const emptySlug = `e2e-${Date.now().toString(36).slice(-4)}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function check(page: Page, fields: { name: string; email?: string; phone?: string }) {
  await page.fill("#check-name", fields.name);
  if (fields.email) await page.fill("#check-email", fields.email);
  if (fields.phone) await page.fill("#check-phone", fields.phone);
  await page.click(".check-form button[type=submit]");
  await page.locator(".check-result").waitFor();
}

describe("/check in the browser", () => {
  it("tells a customer on the demo list that they are affected, and what to do (Japanese)", async () => {
    const customer = couCustomers[0]!;
    const { context, page, errors } = await newPage(browser, "ja");
    await page.goto("/check?incident=cou-2017");
    expect(await page.inputValue("#check-incident")).toBe("cou-2017");
    await check(page, { name: typedName(customer), email: customer.email.trim() });
    const result = page.locator(".check-result");
    expect(await result.getAttribute("data-outcome")).toBe("affected");
    const text = (await result.textContent()) ?? "";
    expect(text).toContain("お客様は今回の対象に含まれています");
    expect(text).toContain("C.O.U.オンラインショップ");
    expect(text).toContain("クレジットカード番号");
    expect(text).toContain("カードの裏面");
    expect(await result.locator("a[href='/waivers/new?incident=cou-2017']").count()).toBe(1);
    // Nothing we hold is shown back; what the customer typed stays in the form.
    const body = (await page.textContent("body")) ?? "";
    for (const held of [customer.cardLast4, customer.reference, customer.postalCode, "***"]) expect(body).not.toContain(held);
    expect(await page.inputValue("#check-name")).toBe(typedName(customer));
    expect(errors).toEqual([]);
    await context.close();
  });

  it("says not found, with the hotline, its hours and whether it is open (Japanese)", async () => {
    const { context, page, errors } = await newPage(browser, "ja");
    await page.goto("/check?incident=cou-2017");
    await check(page, { name: "存在 しない", email: "nobody-e2e@example.jp" });
    const result = page.locator(".check-result");
    expect(await result.getAttribute("data-outcome")).toBe("not_found");
    const text = (await result.textContent()) ?? "";
    expect(text).toContain("ご登録は見つかりませんでした");
    expect(text).toContain("0120-100-734");
    expect(text).toMatch(/受付時間/);
    expect(text).toMatch(/ただいま受付中です|次の受付開始/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("says cannot confirm for an incident whose affected list is not loaded yet (Japanese)", async () => {
    // A supervisor sets up a new incident with a site, a window and the same kind of phone line as Case A.
    const { context: staff, page: sv } = await newPage(browser, "ja");
    const supervisor = DEMO_USERS.find((u) => u.role === "supervisor")!;
    await login(sv, supervisor.email, supervisor.password);
    await sv.goto("/staff/incidents/new");
    await sv.fill("#new-slug", emptySlug);
    await sv.fill("#new-companyJa", "株式会社E2E照会");
    await sv.fill("#new-companyEn", "E2E Lookup KK");
    await sv.fill("#new-titleJa", "E2E照会テストの事案");
    await sv.fill("#new-titleEn", "E2E lookup test incident");
    await sv.fill("#new-summaryJa", "対象者リストはまだ取り込まれていません。");
    await sv.fill("#new-summaryEn", "The affected list has not been imported yet.");
    await sv.fill("#new-noticeDate", "2017-01-01"); // older than the demo cases: not the staff's default incident
    await sv.check("#new-active");
    await sv.fill("#new-site-siteSlug", "shop");
    await sv.fill("#new-site-nameJa", "E2Eショップ");
    await sv.fill("#new-site-nameEn", "E2E shop");
    await sv.check("#new-site-stolen-name");
    await sv.check("#new-site-stolen-card_number");
    await sv.fill("#new-window-startDate", "2016-01-01");
    await sv.fill("#new-window-endDate", "2016-06-30");
    await sv.click("form.incident-form button[type=submit]");
    await sv.waitForURL(new RegExp(`/staff/incidents/${emptySlug}(\\?|$)`));
    const cou = demoIncidents.find((i) => i.slug === "cou-2017")!.hotlines[0]!;
    await sv.fill("#add-hotline-address", cou.address);
    await sv.fill("#add-hotline-labelJa", cou.labelJa);
    await sv.fill("#add-hotline-labelEn", cou.labelEn);
    for (const day of ["mon", "tue", "wed", "thu", "fri"]) await sv.fill(`#add-hotline-hours-${day}-0`, "12:00-17:00");
    await sv.click("#add-hotline button[value='hotline.create']");
    await sv.locator("[data-testid=hotline]").waitFor();
    await staff.close();

    const { context, page, errors } = await newPage(browser, "ja");
    await page.goto(`/check?incident=${emptySlug}`);
    await check(page, { name: "存在 しない", email: "nobody-e2e@example.jp" });
    const result = page.locator(".check-result");
    expect(await result.getAttribute("data-outcome")).toBe("uncertain");
    const text = (await result.textContent()) ?? "";
    expect(text).toContain("このページでは確認できませんでした");
    expect(text).toContain(cou.address);
    expect(text).toMatch(/ただいま受付中です|次の受付開始/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("answers in English", async () => {
    const customer = demoCustomers("coocom-2015", "rentacar", 2)[1]!;
    const { context, page, errors } = await newPage(browser, "en");
    await page.goto("/check?incident=coocom-2015");
    expect(await page.textContent("h1")).toBe("Check whether you are affected");
    await check(page, { name: typedName(customer), email: customer.email.trim() });
    const result = page.locator(".check-result");
    expect(await result.getAttribute("data-outcome")).toBe("affected");
    const text = (await result.textContent()) ?? "";
    expect(text).toContain("You are among the affected customers");
    expect(text).toContain("Rental-car booking site");
    expect(text).toContain("Request a reissue-fee waiver");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works with JavaScript switched off, on a phone-sized screen", async () => {
    const customer = couCustomers.find(mobile)!;
    const context = await browser.newContext({ baseURL: baseUrl(), locale: "ja-JP", javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto("/check?incident=cou-2017");
    await page.fill("#check-name", typedName(customer));
    await page.fill("#check-phone", typedPhone(customer));
    await Promise.all([page.waitForLoadState("load"), page.click(".check-form button[type=submit]")]);
    await page.locator(".check-result").waitFor();
    expect(await page.locator(".check-result").getAttribute("data-outcome")).toBe("affected");
    expect(await page.inputValue("#check-phone")).toBe(typedPhone(customer));
    // Nothing wider than the screen.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await context.close();
  });
});

describe("/check over HTTP: not found and cannot confirm look alike", () => {
  it("has the same status, the same body length and the timing floor", async () => {
    const first = await fetch(`${baseUrl()}/check`);
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await first.text())?.[1];
    expect(cookie).toMatch(/^madoguchi_csrf=/);
    expect(csrf).toBeTruthy();
    const post = async (incident: string) => {
      const started = performance.now();
      const res = await fetch(`${baseUrl()}/check`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
        body: new URLSearchParams({ csrf: csrf!, incident, name: "存在 しない", email: "nobody-e2e@example.jp", phone: "", reference: "", website: "" }).toString(),
      });
      const body = await res.text();
      return { status: res.status, bytes: Buffer.byteLength(body), ms: performance.now() - started, body };
    };
    const notFound = await post("cou-2017");
    const cannotConfirm = await post(emptySlug);
    expect(notFound.body).toContain('data-outcome="not_found"');
    expect(cannotConfirm.body).toContain('data-outcome="uncertain"');
    expect([notFound.status, cannotConfirm.status]).toEqual([200, 200]);
    expect(Math.floor(notFound.bytes / 1024)).toBe(Math.floor(cannotConfirm.bytes / 1024));
    expect(notFound.bytes).toBe(cannotConfirm.bytes);
    expect(notFound.ms).toBeGreaterThanOrEqual(FLOOR_MS);
    expect(cannotConfirm.ms).toBeGreaterThanOrEqual(FLOOR_MS);
  });
});

describe("agent lookup in the browser", () => {
  it("finds a demo customer from a half-width-kana name and a full-width phone number", async () => {
    const customer = couCustomers.find(mobile)!;
    const halfKana = toHalfWidthKatakana(toKatakana(customer.nameKana.replace(/\u3000/g, " ")));
    const fullPhone = toFullWidthAscii(typedPhone(customer).replace(/-/g, ""));
    expect(halfKana).toMatch(/^[\uFF65-\uFF9F ]+$/);
    expect(fullPhone).toMatch(/^[０-９]+$/);

    const { context, page, errors } = await newPage(browser, "ja");
    const agent = DEMO_USERS.find((u) => u.role === "agent")!;
    await login(page, agent.email, agent.password);
    await Promise.all([page.waitForURL(/\/staff\/lookup/), page.click("header nav a[href='/staff/lookup']")]);
    await page.goto("/staff/lookup?incident=cou-2017");
    // The name field has the focus: type and press Enter.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("lookup-name");
    await page.keyboard.type(halfKana);
    await page.fill("#lookup-phone", fullPhone);
    await Promise.all([page.waitForURL(/\/staff\/lookup\?.*name=/), page.press("#lookup-phone", "Enter")]);
    const verdict = page.locator("[data-testid=lookup-verdict]");
    await verdict.waitFor();
    expect(await verdict.getAttribute("data-outcome")).toBe("affected");
    expect(await verdict.locator(".lookup-verdict-words").textContent()).toBe("対象です");
    expect(await page.textContent("[data-testid=lookup-site]")).toBe("C.O.U.オンラインショップ");
    const first = page.locator("[data-testid=lookup-candidate]").first();
    expect(await first.locator(".lookup-fact.on").allTextContents()).toEqual(["✓ お名前", "✓ 電話番号"]);
    // The phone is masked; the approved script for "affected" is shown.
    expect(await first.textContent()).toContain(`***-****-${typedPhone(customer).slice(-4)}`);
    expect(await verdict.textContent()).toContain("対象のお客様へのご案内");
    expect(errors).toEqual([]);
    await context.close();
  });
});
