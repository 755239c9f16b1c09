import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../prisma/seed";
import { baseUrl, launchBrowser, login, newPage } from "./browser";

const demo = (role: "admin" | "supervisor" | "agent") => DEMO_USERS.find((u) => u.role === role)!;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the running app", () => {
  it("answers /healthz with the database kind and current migrations", async () => {
    const res = await fetch(`${baseUrl()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: "sqlite", migrations: "current" });
  });

  it("sends the security headers on every page", async () => {
    const res = await fetch(`${baseUrl()}/`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("sends Japanese pages as clean UTF-8 (no stray zero bytes from the streaming renderer)", async () => {
    for (const path of ["/", "/i/cou-2017", "/i/coocom-2015", "/login"]) {
      const bytes = new Uint8Array(await (await fetch(`${baseUrl()}${path}`)).arrayBuffer());
      expect({ path, zeroBytes: bytes.filter((b) => b === 0).length }).toEqual({ path, zeroBytes: 0 });
      expect(new TextDecoder("utf-8", { fatal: true }).decode(bytes)).not.toContain("\uFFFD");
    }
  });

  it("refuses a form post from another site", async () => {
    const res = await fetch(`${baseUrl()}/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=a%40b.jp&password=x",
    });
    expect(res.status).toBe(403);
  });
});

describe("public pages", () => {
  it("shows both demo incidents with their hotlines in Japanese", async () => {
    const { context, page, errors } = await newPage(browser, "ja");
    await page.goto("/");
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    const body = await page.textContent("body");
    expect(body).toContain("0120-100-734");
    expect(body).toContain("03-4405-8455");
    expect(body).toContain("inquiry@coo.ne.jp");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("gives the 404 page in Japanese, and in English after switching language", async () => {
    const { context, page } = await newPage(browser, "ja");
    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    expect(await page.textContent("h1")).toBe("ページが見つかりません");
    await page.goto("/");
    await Promise.all([page.waitForLoadState("load"), page.click("header button:has-text('English')")]);
    await page.waitForFunction(() => document.documentElement.lang === "en");
    const res2 = await page.goto("/no-such-page");
    expect(res2?.status()).toBe(404);
    expect(await page.textContent("h1")).toBe("Page not found");
    await context.close();
  });

  it("follows the browser's Accept-Language when nothing was chosen", async () => {
    const { context, page } = await newPage(browser, "en");
    await page.goto("/no-such-page");
    expect(await page.textContent("h1")).toBe("Page not found");
    await context.close();
  });
});

describe("staff logins", () => {
  it.each([
    ["agent", "/staff/desk", "応対デスク"],
    ["supervisor", "/staff/review", "スーパーバイザー画面"],
    ["admin", "/staff/admin", "管理"],
  ] as const)("logs in as %s and lands on %s", async (role, path, heading) => {
    const { context, page, errors } = await newPage(browser, "ja");
    await login(page, demo(role).email, demo(role).password);
    expect(new URL(page.url()).pathname).toBe(path);
    await page.locator("main h1", { hasText: heading }).waitFor();
    expect(await page.textContent("main h1")).toBe(heading);
    expect(Number((await page.textContent("[data-testid=affected-count]"))?.replace(/\D/g, ""))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("refuses the admin pages to an agent", async () => {
    const { context, page } = await newPage(browser, "ja");
    await login(page, demo("agent").email, demo("agent").password);
    const res = await page.goto("/staff/admin/users");
    expect(res?.status()).toBe(403);
    expect(await page.textContent("h1")).toBe("アクセス権限がありません");
    await context.close();
  });

  it("lets an admin create an account and shows its one-time password once", async () => {
    // The browser asks for English, but the account's saved language (Japanese) wins.
    const { context, page, errors } = await newPage(browser, "en");
    await login(page, demo("admin").email, demo("admin").password);
    await page.goto("/staff/admin/users");
    await page.fill("#new-email", "new.agent@example.jp");
    await page.fill("#new-name", "New Agent");
    await page.selectOption("#new-role", "agent");
    await page.click("form:has(#new-email) button[type=submit]");
    const result = await page.waitForSelector("[data-testid=users-result]");
    expect(await result.textContent()).toMatch(/初期パスワードは一度だけ表示されます: [A-Za-z0-9]{16}$/);
    expect(await page.textContent("table")).toContain("new.agent@example.jp");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("logs out on the server: the old cookie no longer opens staff pages", async () => {
    const { context, page } = await newPage(browser, "ja");
    await login(page, demo("supervisor").email, demo("supervisor").password);
    const cookies = await context.cookies();
    await Promise.all([page.waitForURL(/\/login/), page.click("header form[action='/logout'] button")]);
    const replay = await browser.newContext({ baseURL: baseUrl() });
    await replay.addCookies(cookies);
    const again = await replay.newPage();
    await again.goto("/staff/review");
    expect(new URL(again.url()).pathname).toBe("/login");
    await replay.close();
    await context.close();
  });
});
