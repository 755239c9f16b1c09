/**
 * An agent handles a whole call from the desk, in Chromium:
 * lookup (half-width kana name, full-width phone) → script steps → waiver request → contact
 * logged, with a card number pasted into the notes stored redacted.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toFullWidthAscii, toHalfWidthKatakana } from "~/domain/demo-data";
import { normalisePhone } from "~/domain/normalise";
import { toKatakana } from "wanakana";
import { DEMO_USERS } from "../../prisma/seed";
import { demoCustomers } from "./demo-customers";
import { chooseIncident, launchBrowser, login, newPage, waitForHydration } from "./browser";

const agent = DEMO_USERS.find((u) => u.role === "agent")!;
// A customer no other browser test uses (self-check uses the first 20, scripts-waivers the 42nd).
const customer = demoCustomers("cou-2017", "shop", 61)[60]!;
const national = "0" + normalisePhone(customer.phone)!.slice(3);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the agent desk", () => {
  it("takes a call from lookup to logged contact on one screen", async () => {
    const { context, page, errors } = await newPage(browser, "ja");
    await login(page, agent.email, agent.password);
    await chooseIncident(page, "cou-2017");
    await page.goto("/staff/desk");
    await waitForHydration(page);
    expect(await page.textContent("main h1")).toBe("応対デスク");

    // 1. Lookup: the name as half-width katakana, the phone in full-width digits.
    await page.fill("#lookup-panel-name", toHalfWidthKatakana(toKatakana(customer.nameKana.replace(/[\s\u3000]/g, ""))));
    await page.fill("#lookup-panel-phone", toFullWidthAscii(national));
    await page.click(".lookup-panel button[type=submit]");
    await page.locator("[data-testid=desk-verified]").waitFor();
    expect(await page.textContent("[data-testid=desk-verified]")).toBe("本人確認済み・対象者");
    expect(await page.locator(".lookup-panel [data-testid=lookup-candidate]").count()).toBeGreaterThan(0);

    // 2. Script: opening → identity → affected → waiver offer → waiver take, by the branch buttons.
    for (const next of ["call.identity", "call.affected", "call.waiver-offer", "call.waiver-take"]) {
      await page.click(`a[data-next="${next}"]`);
      await page.waitForURL((url) => url.searchParams.get("step") === next);
    }
    // The lookup result survived the steps (same screen, no reload).
    expect(await page.textContent("[data-testid=desk-verified]")).toBe("本人確認済み・対象者");

    // 3. Waiver request inside the script step.
    const waiver = page.locator("[data-testid=desk-waiver]");
    await waiver.locator("select[name=cardCompanyId]").waitFor();
    await waiver.locator("select[name=cardCompanyId]").selectOption({ index: 1 });
    await waiver.locator("input[name=consent]").check();
    await waiver.locator("button[type=submit]").click();
    const reference = await waiver.locator("[data-testid=waiver-reference]").textContent();
    expect(reference).toMatch(/^W-[A-HJ-NP-Z2-9]{8}$/);

    // 4. Log the contact; a card number pasted into the notes is stored redacted.
    expect(await page.inputValue("#desk-contact-callerName")).toBe(
      toHalfWidthKatakana(toKatakana(customer.nameKana.replace(/[\s\u3000]/g, ""))),
    );
    await page.fill("#desk-contact-notes", `再発行手数料の免除を受付 ${reference}。お客様が読み上げた番号 4111 1111 1111 1111 は控えていません。`);
    await page.click("[data-testid=contact-form] button[type=submit]");
    await page.locator("[data-testid=contact-logged]").waitFor();
    expect(await page.textContent("[data-testid=redacted-cards]")).toMatch(/1/);

    const href = await page.getAttribute("[data-testid=contact-logged] a", "href");
    expect(href).toMatch(/^\/staff\/contacts\/[a-z0-9]+$/);
    await page.goto(href!);
    const detail = (await page.textContent("main")) ?? "";
    expect(detail).toContain("[CARD ****1111]");
    expect(detail).not.toContain("4111 1111 1111 1111");
    expect(detail).toContain(reference!);
    // The contact shows its caller's affected record and the waiver request taken in the call.
    expect(await page.textContent("[data-testid=contact-record]")).toContain("流出対象");
    expect(await page.textContent("[data-testid=contact-waivers]")).toContain(reference!);
    expect(errors).toEqual([]);
    await context.close();
  });
});
