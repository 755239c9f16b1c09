/**
 * A customer sends the public inquiry form (pasting a card number into the message) and sees the
 * confirmation with a reference and the due time; an agent finds it in the queue with the number
 * redacted, takes it and closes it.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../prisma/seed";
import { launchBrowser, login, newPage, chooseIncident } from "./browser";

const agent = DEMO_USERS.find((u) => u.role === "agent")!;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("web inquiry → queue", () => {
  it("customer sends an inquiry; the agent sees it redacted in the queue, takes it and closes it", async () => {
    // --- the customer, on a phone-sized screen
    const customer = await newPage(browser, "ja");
    await customer.page.setViewportSize({ width: 390, height: 844 });
    await customer.page.goto("/inquiry?incident=cou-2017");
    expect(await customer.page.textContent("h1")).toBe("お問い合わせフォーム");
    await customer.page.fill("#inquiry-name", "山田 太郎");
    await customer.page.fill("#inquiry-reach", "taro.e2e@example.jp");
    await customer.page.fill(
      "#inquiry-message",
      "再発行手数料について教えてください。念のためカード番号は 4111 1111 1111 1111 です。",
    );
    await Promise.all([
      customer.page.waitForURL(/\/inquiry\?done=/),
      customer.page.click("form.inquiry-form button[type=submit]"),
    ]);
    const confirmation = await customer.page.textContent("[data-testid=inquiry-confirmation]");
    expect(confirmation).toContain("お問い合わせを受け付けました");
    const ref = ((await customer.page.textContent("[data-testid=inquiry-ref]")) ?? "").replace(/^.*:\s*/, "").trim();
    expect(ref).toMatch(/^[A-Z0-9]{8}$/);
    expect(await customer.page.textContent("[data-testid=inquiry-due]")).toMatch(
      /^\d{4}\/\d{1,2}\/\d{1,2}\(.\) \d\d:\d\d（日本時間）までに回答いたします。$/,
    );
    expect(await customer.page.textContent("[data-testid=inquiry-removed]")).toContain("カード番号は必要ありません");
    expect(await customer.page.content()).not.toContain("4111 1111 1111 1111");
    expect(customer.errors).toEqual([]);
    await customer.context.close();

    // --- the agent
    const desk = await newPage(browser, "ja");
    await login(desk.page, agent.email, agent.password);
    await chooseIncident(desk.page, "cou-2017");
    await desk.page.goto("/staff/queue");
    expect(await desk.page.textContent("main h1")).toBe("問い合わせキュー");
    const row = desk.page.locator(`[data-testid=queue-row][data-ref="${ref}"]`);
    expect(await row.count()).toBe(1);
    const rowText = (await row.textContent()) ?? "";
    expect(rowText).toContain("[CARD ****1111]");
    expect(rowText).not.toMatch(/4111\s*1111\s*1111\s*1111/);
    expect(rowText).toContain("未対応");

    await Promise.all([desk.page.waitForURL(/done=take/), row.locator("button", { hasText: "引き受ける" }).click()]);
    expect(await desk.page.textContent("[data-testid=queue-flash]")).toContain(`${ref} を引き受けました`);
    expect(await desk.page.locator(`[data-testid=queue-row][data-ref="${ref}"]`).textContent()).toContain("対応中");

    await Promise.all([
      desk.page.waitForURL(/close=/),
      desk.page.locator(`[data-testid=queue-row][data-ref="${ref}"] a`, { hasText: "完了" }).click(),
    ]);
    expect(await desk.page.textContent("[data-testid=queue-original-message]")).toContain("[CARD ****1111]");
    await desk.page.selectOption("#queue-outcome", "resolved_first_contact");
    await desk.page.check("input[name=categories][value=reissue_fee]");
    await Promise.all([
      desk.page.waitForURL(/done=close/),
      desk.page.click("[data-testid=queue-panel-close] button[type=submit]"),
    ]);
    expect(await desk.page.textContent("[data-testid=queue-flash]")).toContain(`${ref} を完了にしました`);
    expect(await desk.page.locator(`[data-testid=queue-row][data-ref="${ref}"]`).count()).toBe(0);
    expect(desk.errors).toEqual([]);
    await desk.context.close();
  });

  it("an agent logs a call with the keyboard only; a card number in the notes is stored redacted and the agent is told", async () => {
    const { context, page, errors } = await newPage(browser, "ja");
    await login(page, agent.email, agent.password);
    await page.goto("/staff/contacts/new");
    await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "channel");
    // channel (phone_in by default) → talk → hold → acw → name; the times come last (defaults are fine)
    await page.keyboard.press("Tab");
    await page.keyboard.type("4:30");
    await page.keyboard.press("Tab");
    await page.keyboard.type("0:15");
    await page.keyboard.press("Tab");
    await page.keyboard.type("1:00");
    await page.keyboard.press("Tab");
    await page.keyboard.type("鈴木 一郎");
    await page.focus("input[name=categories][value=affected_check]");
    await page.keyboard.press("2"); // reissue_fee on
    await page.keyboard.press("1"); // affected_check on
    await page.keyboard.press("3"); // what_stolen on
    await page.keyboard.press("3"); // and off again
    await page.selectOption("select[name=outcome]", "resolved_first_contact");
    await page.focus("textarea[name=notes]");
    await page.keyboard.type("お客様が 4111-1111-1111-1111 を読み上げた");
    await Promise.all([page.waitForURL(/logged=/), page.keyboard.press("Control+Enter")]);
    const notice = (await page.textContent("[data-testid=contact-logged]")) ?? "";
    expect(notice).toContain("応対を記録しました");
    expect(notice).toContain("カード番号 1 件を削除して保存しました");
    await Promise.all([page.waitForURL(/\/staff\/contacts\/[a-z0-9]+$/), page.click("[data-testid=contact-logged] a")]);
    expect(await page.textContent("[data-testid=contact-notes]")).toBe("お客様が [CARD ****1111] を読み上げた");
    const details = (await page.textContent("main")) ?? "";
    expect(details).toContain("5:45"); // AHT 4:30 + 0:15 + 1:00
    expect(details).toContain("対象者かどうかの確認、カード再発行手数料");
    expect(details).not.toContain("4111-1111-1111-1111");
    expect(errors).toEqual([]);
    await context.close();
  });
});
