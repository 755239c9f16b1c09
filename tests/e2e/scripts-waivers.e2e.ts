/**
 * Scripts and fee waivers in a real browser, against the demo database:
 * - a supervisor edits a call script: the save is a new version in the history, the old version
 *   stays viewable with the changes marked;
 * - an agent reads the new text in the call script panel and walks opening → identity → affected
 *   → waiver offer (by click and by number key), and back one step;
 * - a demo customer asks for the reissue fee to be waived on the public form, gets a reference
 *   number and sees "received" on the status page; a supervisor marks the request checked and the
 *   customer then sees "checked".
 *
 * The customer is regenerated exactly as prisma/seed.ts generates the demo list (same seed, count,
 * windows, site and prefix), so the test needs no access to the database. Other browser tests use
 * the first customers of the list; this one takes a later one.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalisePhone } from "~/domain/normalise";
import { DEMO_USERS } from "../../prisma/seed";
import { demoCustomers } from "./demo-customers";
import { launchBrowser, login, newPage } from "./browser";

const demo = (role: "admin" | "supervisor" | "agent") => DEMO_USERS.find((u) => u.role === role)!;

const customer = demoCustomers("cou-2017", "shop", 42)[41]!;
/** As a customer types it: national format with hyphens, name with an ASCII space. */
const national = "0" + normalisePhone(customer.phone)!.slice(3);
const typedPhone = `${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`;
const typedName = customer.nameKanji.replace(/\u3000/g, " ");
const NEW_LINE = `【E2E ${Date.now().toString(36)}】対象のお客様には、まず心よりお詫びを申し上げる。`;

let browser: Browser;
let supervisor: { page: Page; close: () => Promise<void>; errors: string[] };

beforeAll(async () => {
  browser = await launchBrowser();
  const { context, page, errors } = await newPage(browser, "ja");
  await login(page, demo("supervisor").email, demo("supervisor").password);
  await chooseIncident(page, "cou-2017");
  supervisor = { page, errors, close: () => context.close() };
});
afterAll(async () => {
  await supervisor?.close();
  await browser?.close();
});

/** Works on a given incident whatever other tests created (the staff incident switcher in the top bar). */
async function chooseIncident(page: Page, slug: string) {
  await page.goto("/staff/scripts");
  await page.selectOption("#incident-select", slug);
  await Promise.all([
    page.waitForURL(/\/staff\/scripts$/),
    page.locator("header form:has(#incident-select) button[type=submit]").click(),
  ]);
}

describe("scripts with version history", () => {
  it("a supervisor's save is a new version; the old one stays viewable, with the changes marked", async () => {
    const page = supervisor.page;
    await page.goto("/staff/scripts");
    const row = page.locator("tr", { has: page.locator("code", { hasText: /^call\.affected$/ }) });
    await Promise.all([page.waitForURL(/\/staff\/scripts\/[^/?]+$/), row.locator("a").first().click()]);
    const scriptUrl = page.url();

    const body = page.locator("#f-bodyJa");
    const original = await body.inputValue();
    await body.fill(`${NEW_LINE}\n\n${original}`);
    await Promise.all([page.waitForURL(/\?saved=\d+$/), page.click("button[name=status][value=approved]")]);
    const saved = Number(new URL(page.url()).searchParams.get("saved"));
    expect(saved).toBeGreaterThanOrEqual(2);
    expect(await page.textContent("[data-testid=script-saved]")).toContain(`第${saved}版`);

    const history = page.locator("[data-testid=script-history] tbody tr");
    expect(await history.count()).toBe(saved);
    expect(await history.first().textContent()).toContain(`第${saved}版`);
    expect(await history.first().textContent()).toContain("監督 次郎");

    // The old version, as it was.
    await Promise.all([page.waitForURL(/\?v=1#version$/), page.click(`a[href$="?v=1#version"]`)]);
    const old = page.locator("[data-testid=version-view]");
    expect(await old.textContent()).toContain("第1版");
    expect(await old.textContent()).toContain(original.split("\n")[0]!);
    expect(await old.textContent()).not.toContain(NEW_LINE);

    // The new one, with what changed against the one before.
    await page.goto(`${scriptUrl}?v=${saved}#version`);
    const added = page.locator("[data-testid=version-view] .script-diff ins");
    expect((await added.allTextContents()).join("")).toContain(NEW_LINE);
    expect(supervisor.errors).toEqual([]);
  });
});

describe("the call script panel", () => {
  it("shows the agent the new text and walks opening → identity → affected → waiver offer, by click and by number key", async () => {
    const { context, page, errors } = await newPage(browser, "ja");
    await login(page, demo("agent").email, demo("agent").password);
    await chooseIncident(page, "cou-2017");
    await page.goto("/staff/scripts/call");
    const panel = page.locator("section.call-panel");
    expect(await panel.getAttribute("data-step")).toBe("call.opening");
    for (const kind of ["fraud", "press", "police", "angry"])
      expect(await page.locator(`[data-escalation=${kind}]`).count()).toBe(1);
    expect(await panel.locator(".call-panel-must-not-say").count()).toBe(1);

    // Opening → identity with the number key 1 (focus in the panel).
    await panel.locator(".call-panel-title").click();
    await Promise.all([page.waitForURL(/step=call\.identity/), page.keyboard.press("1")]);
    await page.waitForSelector("section.call-panel[data-step='call.identity']");

    // Identity → affected by click: the supervisor's new text is there.
    await Promise.all([page.waitForURL(/step=call\.affected/), panel.locator("a[data-next='call.affected']").click()]);
    await page.waitForSelector("section.call-panel[data-step='call.affected']");
    expect(await panel.textContent()).toContain(NEW_LINE);

    // Affected → waiver offer with the key again (focus stayed in the panel after the move).
    const branches = await panel
      .locator(".call-panel-branches a")
      .evaluateAll((links) => links.map((l) => l.getAttribute("data-next")));
    const key = String(branches.indexOf("call.waiver-offer") + 1);
    await Promise.all([page.waitForURL(/step=call\.waiver-offer/), page.keyboard.press(key)]);
    await page.waitForSelector("section.call-panel[data-step='call.waiver-offer']");
    expect(await panel.locator(".call-panel-title").textContent()).toContain("再発行手数料のご案内");
    expect(new URL(page.url()).searchParams.get("trail")).toBe("call.opening,call.identity,call.affected");

    // Back one step, and the English text one click away.
    await Promise.all([page.waitForURL(/step=call\.affected/), panel.locator("a[rel=prev]").click()]);
    await page.waitForSelector("section.call-panel[data-step='call.affected']");
    await panel.locator(".call-panel-other-language summary").click();
    expect(await panel.locator(".call-panel-other-language").textContent()).toContain("Caller is affected");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("a reissue-fee waiver from request to verification", () => {
  let reference = "";

  async function checkStatus(page: Page): Promise<string> {
    await page.goto(`/waivers/status?reference=${encodeURIComponent(reference)}`);
    expect(await page.inputValue("#reference")).toBe(reference);
    await page.fill("#contact", typedPhone);
    await page.click("form button[type=submit]:not(.link-button)");
    await page.locator("[data-testid=waiver-status] [data-status]").waitFor();
    return (await page.getAttribute("[data-testid=waiver-status] [data-status]", "data-status")) ?? "";
  }

  it("a demo customer asks on the public form, gets a reference number and sees 'received'", async () => {
    const { context, page, errors } = await newPage(browser, "ja");
    await page.goto("/i/cou-2017");
    await Promise.all([
      page.waitForURL(/\/waivers\/new\?incident=cou-2017$/),
      page.click("a[href='/waivers/new?incident=cou-2017']"),
    ]);
    await page.fill("#name", typedName);
    await page.fill("#phone", typedPhone);
    await page.selectOption("#cardCompanyId", { label: "JCB（ジェーシービー）" });
    await page.check("input[name=consent]");
    await Promise.all([page.waitForURL(/submitted=W-/), page.click("form.waiver-form button[type=submit]")]);
    reference = (await page.textContent("[data-testid=waiver-reference]"))!.trim();
    expect(reference).toMatch(/^W-[23456789A-HJ-NP-Z]{8}$/);

    expect(await checkStatus(page)).toBe("submitted");
    expect(await page.textContent("[data-testid=waiver-status]")).toContain("受付済み");

    // Asking again for the same card is refused with the reference already given.
    await page.goto("/waivers/new?incident=cou-2017");
    await page.fill("#name", typedName);
    await page.fill("#phone", typedPhone);
    await page.selectOption("#cardCompanyId", { label: "JCB（ジェーシービー）" });
    await page.check("input[name=consent]");
    await page.click("form.waiver-form button[type=submit]");
    await page.locator("[data-testid=waiver-form-error]").waitFor();
    expect(await page.textContent("[data-testid=waiver-form-error]")).toContain(reference);
    expect(await page.inputValue("#name")).toBe(typedName);
    // The refusal is a 409, which the browser logs as a failed resource.
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    await context.close();
  });

  it("a supervisor marks it checked, and the customer sees 'checked'", async () => {
    expect(reference).not.toBe("");
    const page = supervisor.page;
    await page.goto("/staff/waivers?status=submitted");
    const row = page.locator(`tr[data-reference='${reference}']`);
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).not.toContain(customer.email);
    await Promise.all([page.waitForURL(/done=verified/), row.locator("button[name=to][value=verified]").click()]);
    await page.locator(`tr[data-reference='${reference}']`).waitFor({ state: "detached" }); // no longer in the "submitted" filter
    expect(await page.textContent("[role=status]")).toContain("確認済み");

    const { context, page: customerPage, errors } = await newPage(browser, "en");
    expect(await checkStatus(customerPage)).toBe("verified");
    expect(await customerPage.textContent("[data-testid=waiver-status]")).toContain("Checked");
    expect(await customerPage.locator(".waiver-history li").count()).toBe(2);
    expect(errors).toEqual([]);
    await context.close();
  });
});
