/** Launching Debian's Chromium with playwright-core (Playwright's own browser download does not work offline). */
import { chromium } from "playwright-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

export function baseUrl(): string {
  return inject("baseUrl");
}

/** A fresh browser context (own cookies) in the given language, failing the test on page errors. */
export async function newPage(browser: Browser, locale: "ja" | "en" = "ja"): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl(), locale: locale === "ja" ? "ja-JP" : "en-GB" });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 40[34]/.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

export async function login(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.fill("#email", email);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.click("form:has(#email) button[type=submit]")]);
}

/** Makes `slug` the staff member's current incident (other browser tests may add newer ones). */
export async function chooseIncident(page: Page, slug: string): Promise<void> {
  await page.selectOption("#incident-select", slug);
  await Promise.all([page.waitForLoadState("load"), page.click("form[action='/staff/incident'] button[type=submit]")]);
  await page.waitForFunction((s) => (document.querySelector("#incident-select") as HTMLSelectElement | null)?.value === s, slug);
}

/** Waits until React has hydrated the page, so fetcher forms are handled by JavaScript, not posted. */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForSelector("html[data-hydrated=true]", { state: "attached" });
}
