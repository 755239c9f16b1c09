/**
 * The supervisors' contacts table and dashboard in a real browser, against the demo database:
 * - set-up: an admin creates an API token in the admin UI; 59 contacts and 2 PBX calls for
 *   C.O.U. (hours weekdays 12:00-17:00 JST) on 2017-09-20 and 21 go in through the JSON API;
 * - a supervisor filters by channel and date range, sorts, changes the page size and pages; the
 *   URL holds every bit of that state and a reload keeps it; the columns can be hidden;
 * - without JavaScript the same table works with plain links and GET forms;
 * - the dashboard for 2017-09-20 shows its charts with their headings and the figures worked out
 *   by hand from the data below.
 * The export click is a separate test at the end (exports are another engineer's feature).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../prisma/seed";
import { baseUrl, launchBrowser, login } from "./browser";

const demo = (role: "admin" | "supervisor" | "agent") => DEMO_USERS.find((u) => u.role === role)!;
const INCIDENT = "cou-2017";

let browser: Browser;
let token: string;
/**
 * Where this file talks to the app: the IPv6 loopback when the server answers there, else the
 * harness's 127.0.0.1. The login form allows 20 attempts per client address in 15 minutes and the
 * other browser tests already use about 20 from 127.0.0.1; from ::1 this file's two logins do not
 * take any of them (see the report: the harness needs its own fix for that budget).
 */
let base: string;

async function loopbackBase(): Promise<string> {
  const v4 = new URL(baseUrl());
  const v6 = `http://[::1]:${v4.port}`;
  try {
    const res = await fetch(`${v6}/healthz`);
    if (res.ok) return v6;
  } catch {
    // no IPv6 loopback here
  }
  return baseUrl();
}

/** A browser context on `base`, failing the test on page errors (as browser.ts's newPage does). */
async function openPage({ javaScript = true, storageState }: { javaScript?: boolean; storageState?: StorageState } = {}) {
  const context = await browser.newContext({ baseURL: base, locale: "ja-JP", javaScriptEnabled: javaScript, storageState });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 40[34]/.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}
type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** Day 1, Wed 2017-09-20: 26 agent-logged inbound calls in hours (12:00, 12:10 ... 16:10), 4 web forms after hours (20:00-20:30),
 *  and 2 PBX calls (13:00 answered, 13:30 abandoned). Day 2, Thu 2017-09-21: 25 emails at 13:00-13:24 and 4 outbound calls. */
const DAY1_CALLS = 26;
const DAY1_WEB = 4;
const DAY2_EMAILS = 25;
const DAY2_OUT = 4;

async function api(path: string, body: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

const at = (date: string, minutes: number) => {
  const h = String(Math.floor(minutes / 60)).padStart(2, "0");
  const m = String(minutes % 60).padStart(2, "0");
  return `${date}T${h}:${m}:00+09:00`;
};

beforeAll(async () => {
  browser = await launchBrowser();
  base = await loopbackBase();
  // An API token, made the way an admin makes one. Without JavaScript: the tokens page's form is
  // a plain post (and its client bundle currently fails to hydrate; see the report).
  const { context, page } = await openPage({ javaScript: false });
  await login(page, demo("admin").email, demo("admin").password);
  await page.goto("/staff/admin/tokens");
  await page.fill("#token-name", `e2e contacts table ${Date.now()}`);
  await page.check("input[name=scopes][value=contacts]");
  await page.check("input[name=scopes][value=calls]");
  await Promise.all([
    page.waitForSelector("[data-testid=token-secret]"),
    page.click("form:has(#token-name) button[type=submit]"),
  ]);
  token = (await page.textContent("[data-testid=token-secret]"))!.trim();
  await context.close();

  const created: Response[] = [];
  for (let i = 0; i < DAY1_CALLS; i++) {
    created.push(
      await api("/api/v1/contacts", {
        incident: INCIDENT,
        channel: "phone_in",
        startedAt: at("2017-09-20", 12 * 60 + i * 10),
        talkSeconds: 120 + i,
        acwSeconds: 30,
        agentEmail: demo("agent").email,
        categories: [i % 2 === 0 ? "affected_check" : "reissue_fee"],
        outcome: i % 3 === 0 ? "callback_needed" : "resolved_first_contact",
        callerName: `E2E 発信者 ${String(i).padStart(2, "0")}`,
        callerContact: "090-1234-5678",
        notes: `E2E 電話 ${String(i).padStart(2, "0")}`,
      }),
    );
  }
  for (let i = 0; i < DAY1_WEB; i++) {
    created.push(
      await api("/api/v1/contacts", {
        incident: INCIDENT,
        channel: "web",
        startedAt: at("2017-09-20", 20 * 60 + i * 10),
        categories: ["complaint"],
        message: "返信をお願いします",
      }),
    );
  }
  for (let i = 0; i < DAY2_EMAILS; i++) {
    created.push(
      await api("/api/v1/contacts", {
        incident: INCIDENT,
        channel: "email_in",
        startedAt: at("2017-09-21", 13 * 60 + i),
        outcome: "resolved_first_contact",
      }),
    );
  }
  for (let i = 0; i < DAY2_OUT; i++) {
    created.push(
      await api("/api/v1/contacts", {
        incident: INCIDENT,
        channel: "phone_out",
        startedAt: at("2017-09-21", 15 * 60 + i),
        talkSeconds: 60,
      }),
    );
  }
  // Two calls the phone system reports: one answered, one abandoned.
  const call = (callId: string, state: string, timestamp: string) =>
    api("/api/v1/calls", {
      callId,
      direction: "in",
      from: "090-1111-2222",
      to: "0120-100-734",
      state,
      timestamp,
      incident: INCIDENT,
    });
  const suffix = Date.now().toString(36);
  created.push(await call(`e2e-a-${suffix}`, "ringing", "2017-09-20T13:00:00+09:00"));
  created.push(await call(`e2e-a-${suffix}`, "answered", "2017-09-20T13:00:10+09:00"));
  created.push(await call(`e2e-a-${suffix}`, "hangup", "2017-09-20T13:05:10+09:00"));
  created.push(await call(`e2e-b-${suffix}`, "ringing", "2017-09-20T13:30:00+09:00"));
  created.push(await call(`e2e-b-${suffix}`, "hangup", "2017-09-20T13:30:20+09:00"));
  expect(created.map((r) => r.status).filter((s) => s !== 201 && s !== 200)).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
});

/**
 * The supervisor logs in once (the login form allows 20 attempts per client address in 15
 * minutes); each test then opens its own context with that session's cookies.
 */
let supervisorState: StorageState | undefined;
async function supervisorPage({ javaScript = true } = {}) {
  if (!supervisorState) {
    const { context, page } = await openPage();
    await login(page, demo("supervisor").email, demo("supervisor").password);
    supervisorState = await context.storageState();
    await context.close();
  }
  return openPage({ javaScript, storageState: supervisorState });
}

async function summary(page: Page): Promise<string> {
  return ((await page.textContent(".data-table-summary")) ?? "").trim();
}

/** The table's rows' first cells (the start time), as shown. */
async function startTimes(page: Page): Promise<string[]> {
  return (await page.locator(".data-table tbody tr td:first-child").allTextContents()).map((s) => s.trim());
}

describe("the contacts table", () => {
  it("filters by channel and date range, sorts, pages; the URL keeps the state through a reload", async () => {
    const { context, page, errors } = await supervisorPage();
    await page.goto("/staff/contacts");
    expect(await page.textContent("h1")).toBe("応対記録一覧");

    // Filter: the incident, inbound calls, one JST day.
    await page.selectOption("#f-incident", INCIDENT);
    await page.selectOption("#f-channel", "phone_in");
    await page.fill("#f-from", "2017-09-20");
    await page.fill("#f-to", "2017-09-20");
    await Promise.all([page.waitForURL(/channel=phone_in/), page.click("form.table-filters button[type=submit]")]);
    let url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      incident: INCIDENT,
      from: "2017-09-20",
      to: "2017-09-20",
      channel: "phone_in",
    });
    const inbound = DAY1_CALLS + 2;
    await expect.poll(() => summary(page)).toBe(`${inbound}件中 1〜${inbound}件目`);
    // Newest first by default: the last of the day's calls (16:10) leads.
    await expect.poll(async () => (await startTimes(page))[0]).toContain("16:10");
    expect(await page.getAttribute("th[aria-sort=descending]", "aria-sort")).toBe("descending");

    // Sort: oldest first by clicking the start-time header.
    await Promise.all([page.waitForURL(/sort=startedAt\.asc/), page.click("th[aria-sort=descending] a.sort-link")]);
    await expect.poll(async () => (await startTimes(page))[0]).toContain("12:00");
    expect(await page.locator("th[aria-sort=ascending]").count()).toBe(1);

    // Page size 25, then page 2: rows 26-28.
    await Promise.all([page.waitForURL(/perPage=25/), page.selectOption("#contacts-per-page", "25")]);
    await expect.poll(() => summary(page)).toBe(`${inbound}件中 1〜25件目`);
    await Promise.all([page.waitForURL(/page=2/), page.click("nav.data-table-pager a:text('次へ')")]);
    await expect.poll(() => summary(page)).toBe(`${inbound}件中 26〜${inbound}件目`);
    expect(await page.locator(".data-table tbody tr").count()).toBe(inbound - 25);
    expect((await startTimes(page)).at(-1)).toContain("16:10");

    url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      incident: INCIDENT,
      from: "2017-09-20",
      to: "2017-09-20",
      channel: "phone_in",
      sort: "startedAt.asc",
      perPage: "25",
      page: "2",
    });

    // A reload keeps everything: the rows, the filters in the form, the page size.
    const before = await startTimes(page);
    await page.reload();
    expect(page.url()).toBe(url.toString());
    expect(await startTimes(page)).toEqual(before);
    await expect.poll(() => summary(page)).toBe(`${inbound}件中 26〜${inbound}件目`);
    expect(await page.inputValue("#f-channel")).toBe("phone_in");
    expect(await page.inputValue("#f-from")).toBe("2017-09-20");
    expect(await page.inputValue("#f-to")).toBe("2017-09-20");
    expect(await page.inputValue("#contacts-per-page")).toBe("25");

    // Back to page 1 of the same state with the pager.
    await Promise.all([page.waitForURL((u) => !u.searchParams.has("page")), page.click("nav.data-table-pager a:text('最初')")]);
    await expect.poll(() => summary(page)).toBe(`${inbound}件中 1〜25件目`);

    // The day after, and both days: the JST calendar days, not UTC.
    await page.fill("#f-from", "2017-09-21");
    await page.fill("#f-to", "2017-09-21");
    await page.selectOption("#f-channel", "");
    await Promise.all([page.waitForURL(/from=2017-09-21/), page.click("form.table-filters button[type=submit]")]);
    await expect.poll(() => summary(page)).toBe(`${DAY2_EMAILS + DAY2_OUT}件中 1〜25件目`);

    // Hide a column; the URL remembers it.
    await page.click(".data-table-columns summary");
    await Promise.all([page.waitForURL(/cols=/), page.click(".data-table-columns input[value=notes]")]);
    await expect.poll(() => page.locator("thead th", { hasText: "メモ" }).count()).toBe(0);
    await page.reload();
    expect(await page.locator("thead th", { hasText: "メモ" }).count()).toBe(0);
    expect(await page.locator("thead th", { hasText: "チャネル" }).count()).toBe(1);

    // A row opens the contact.
    await Promise.all([
      page.waitForURL(/\/staff\/contacts\/[a-z0-9]+$/),
      page.locator(".data-table tbody tr").first().locator("a").first().click(),
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("saves the current view under a name and applies it again", async () => {
    const { context, page, errors } = await supervisorPage();
    await page.goto(`/staff/contacts?incident=${INCIDENT}&from=2017-09-20&to=2017-09-20&hours=outside&sort=startedAt.asc`);
    await expect.poll(() => summary(page)).toBe(`${DAY1_WEB}件中 1〜${DAY1_WEB}件目`);
    const name = `E2E 時間外 ${Date.now().toString(36)}`;
    await page.fill("#view-name", name);
    await Promise.all([page.waitForURL(/notice=viewSaved/), page.click(".saved-view-form button[type=submit]")]);
    await page.goto("/staff/contacts");
    await Promise.all([page.waitForURL(/hours=outside/), page.click(`.saved-view-list a:text("${name}")`)]);
    await expect.poll(() => summary(page)).toBe(`${DAY1_WEB}件中 1〜${DAY1_WEB}件目`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works without JavaScript: the filter form, sort links and pager are plain GET requests", async () => {
    const { context, page } = await supervisorPage({ javaScript: false });
    await page.goto(`/staff/contacts?incident=${INCIDENT}`);
    await page.selectOption("#f-channel", "phone_in");
    await page.fill("#f-from", "2017-09-20");
    await page.fill("#f-to", "2017-09-20");
    await Promise.all([page.waitForURL(/channel=phone_in/), page.click("form.table-filters button[type=submit]")]);
    await expect.poll(() => summary(page)).toBe(`${DAY1_CALLS + 2}件中 1〜${DAY1_CALLS + 2}件目`);
    await Promise.all([page.waitForURL(/sort=startedAt\.asc/), page.click("th[aria-sort=descending] a.sort-link")]);
    await page.selectOption("#contacts-per-page", "25");
    await Promise.all([page.waitForURL(/perPage=25/), page.click(".data-table-per-page button[type=submit]")]);
    await Promise.all([page.waitForURL(/page=2/), page.click("nav.data-table-pager a:text('次へ')")]);
    await expect.poll(() => summary(page)).toBe(`${DAY1_CALLS + 2}件中 26〜${DAY1_CALLS + 2}件目`);
    expect(new URL(page.url()).searchParams.get("channel")).toBe("phone_in");
    await context.close();
  });
});

describe("the dashboard", () => {
  it("shows 2017-09-20 with its charts, headings and the figures worked out by hand", async () => {
    const { context, page, errors } = await supervisorPage();
    await page.goto(`/staff/review?from=2017-09-20&to=2017-09-20&incident=${INCIDENT}`);
    for (const heading of [
      "ダッシュボード",
      "1時間ごとの応対件数（網掛けは電話窓口の受付時間）",
      "日ごとの応対件数と受付時間",
      "チャネル別の応対件数",
      "問い合わせ分類別の件数",
      "平均処理時間の内訳",
      "免除依頼の状況（カード会社別）",
    ]) {
      expect(await page.locator("h2, h3", { hasText: heading }).count(), heading).toBeGreaterThan(0);
    }
    const figure = async (id: string) => ((await page.textContent(`[data-testid=figure-${id}]`)) ?? "").trim();
    // 26 hand-logged calls + 4 web forms + 2 PBX calls; the web forms came after hours.
    expect(await figure("contacts")).toBe(String(DAY1_CALLS + DAY1_WEB + 2));
    expect(await figure("after-hours")).toBe(String(DAY1_WEB));
    // PBX calls: 1 answered, 1 abandoned → 50 % each (hand-logged calls have no phone-system result).
    expect(await figure("answer-rate")).toBe("50%");
    expect(await figure("abandonment-rate")).toBe("50%");
    // FCR: outcomes on the 26 calls: i % 3 === 0 (9 of them) need a callback, 17 resolved → 17 / 26 = 65.4 %.
    expect(await figure("fcr")).toBe("65.4%");
    // AHT over 27 contacts with times: the 26 calls (talk 120..145 = 3,445 s, ACW 26 × 30 = 780 s) and
    // the answered PBX call (talk 300 s): (3,445 + 300 + 780) / 27 = 167.6 s → 2:48.
    expect(await figure("aht")).toBe("2:48");

    // The charts are drawn (recharts, after hydration), each with a table of the same figures.
    await page.waitForSelector("#chart-hourly .recharts-surface");
    expect(await page.locator("#chart-hourly .recharts-bar-rectangle").count()).toBeGreaterThan(0);
    expect(await page.locator("#chart-hourly .recharts-reference-area").count()).toBe(1); // 12:00-17:00 shaded
    expect(await page.locator("figure.chart-figure details summary").count()).toBeGreaterThanOrEqual(6);
    await page.click("#chart-hourly details summary");
    const twelve = page.locator("#chart-hourly table tr", { hasText: "2017-09-20 12:00–12:59" });
    expect((await twelve.locator("td").allTextContents()).map((s) => s.trim())).toEqual(["6", "6", "0", "60"]);
    const eight = page.locator("#chart-hourly table tr", { hasText: "2017-09-20 20:00–20:59" });
    expect((await eight.locator("td").allTextContents()).map((s) => s.trim())).toEqual(["4", "0", "4", "0"]);
    expect(await page.textContent("#figures-title ~ .grid")).toContain("応答率 ＝ 応答した着信 ÷ 着信総数");

    // In English, the same page is labelled in English. The switch saves the demo supervisor's
    // language, which later browser tests rely on being Japanese: switch back whatever happens.
    try {
      await page.click("form[action='/set-language'] button");
      await page.waitForSelector("text=Contacts per hour (shaded: phone line open)");
      expect(await page.textContent("body")).toContain("Answer rate = answered inbound calls ÷ all inbound calls");
    } finally {
      await page.click("form[action='/set-language'] button");
      await page.waitForSelector("text=1時間ごとの応対件数（網掛けは電話窓口の受付時間）");
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("export from the contacts table (exports: another engineer's feature)", () => {
  it("downloads the filtered contacts as CSV from the table's export menu", async () => {
    const { context, page, errors } = await supervisorPage();
    await page.goto(`/staff/contacts?incident=${INCIDENT}&from=2017-09-20&to=2017-09-20&channel=web`);
    await page.click("[data-testid=export-contacts] summary");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("[data-testid=export-contacts] a[data-format=csv]"),
    ]);
    const path = await download.path();
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(path!, "utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split("\r\n").filter((l) => l.trim() !== "").length).toBe(1 + DAY1_WEB);
    expect(errors).toEqual([]);
    await context.close();
  });
});
