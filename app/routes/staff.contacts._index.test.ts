/**
 * /staff/contacts (supervisors' contacts table) and /staff/review (dashboard) called with real
 * Requests on a seeded test database: who may see them, each filter, each sort key, paging,
 * lenient parameters, column selection and saved views.
 */
import { createReviewIncident, insertContact, jst } from "../../tests/review-fixtures";
import type { ReviewIncident } from "../../tests/review-fixtures";
import { createTestUser, formRequest, getRequest, settle, staffCookies } from "../../tests/factories";
import { prisma } from "~/utils/db.server";
import { action, loader } from "./staff.contacts._index";
import { loader as reviewLoader } from "./staff.review";

const ON_POSTGRES = process.env.TEST_DATABASE === "postgresql";

type LoaderData = Awaited<ReturnType<typeof loader>>;

let incident: ReviewIncident;
let other: ReviewIncident;
let paging: ReviewIncident;
let supervisor: Awaited<ReturnType<typeof createTestUser>>;
let session: { cookie: string; csrf: string };
let agentA: string;
let agentB: string;
const ids: Record<string, string> = {};

const withIncident = (cookie: string, slug: string) =>
  `${cookie}; staff_incident=${encodeURIComponent(Buffer.from(JSON.stringify(slug)).toString("base64"))}`;

beforeAll(async () => {
  incident = await createReviewIncident();
  other = await createReviewIncident();
  paging = await createReviewIncident();
  supervisor = await createTestUser({ role: "supervisor" });
  session = await staffCookies(supervisor.id);
  session.cookie = withIncident(session.cookie, incident.slug);
  agentA = (await createTestUser({ role: "agent" })).id;
  agentB = (await createTestUser({ role: "agent" })).id;
  await prisma.user.update({ where: { id: agentA }, data: { name: "A-agent" } });
  await prisma.user.update({ where: { id: agentB }, data: { name: "B-agent" } });
  const id = incident.id;
  ids.c1 = await insertContact({
    incidentId: id,
    startedAt: jst("2017-09-20 10:00"),
    channel: "phone_in",
    agentId: agentA,
    categories: ["affected_check"],
    outcome: "resolved_first_contact",
    identityVerified: true,
    affectedRecordId: incident.insideRecordId,
    callerName: "山田 太郎",
    callerContact: "090-1234-5678",
    notes: "返金について問い合わせ Refund",
    talkSeconds: 300,
  });
  ids.c2 = await insertContact({
    incidentId: id,
    startedAt: jst("2017-09-20 19:00"),
    channel: "web",
    source: "web",
    status: "open",
    withinHours: false,
    categories: ["complaint"],
    callerContact: "taro@example.jp",
    dueAt: jst("2017-09-21 18:00"),
  });
  ids.c3 = await insertContact({
    incidentId: id,
    startedAt: jst("2017-09-21 11:00"),
    channel: "phone_out",
    agentId: agentB,
    categories: ["reissue_fee"],
    outcome: "callback_needed",
    identityVerified: true,
    affectedRecordId: incident.outsideRecordId,
    notes: "折り返し予定",
    talkSeconds: 120,
  });
  ids.c4 = await insertContact({
    incidentId: id,
    startedAt: jst("2017-09-22 09:00"),
    channel: "email_in",
    source: "email",
    agentId: agentA,
    withinHours: false,
    flaggedAfterHours: true,
    outcome: "escalated",
    escalatedTo: "press",
    identityVerified: true,
    affectedRecordId: incident.undatedRecordId,
    notes: "REFUND request from the press",
    dueAt: jst("2017-09-22 12:00"),
  });
  ids.c5 = await insertContact({
    incidentId: id,
    startedAt: jst("2017-09-19 23:59"),
    channel: "phone_in",
    agentId: agentB,
    outcome: "resolved_first_contact",
    identityVerified: true,
    talkSeconds: 60,
    notes: "100% 本人確認済み",
  });
  ids.c6 = await insertContact({
    incidentId: other.id,
    startedAt: jst("2017-09-20 10:00"),
    channel: "phone_in",
    notes: "the other incident",
  });
  for (let i = 0; i < 60; i++) {
    await insertContact({ incidentId: paging.id, startedAt: new Date(Date.UTC(2017, 8, 20, 0, i)), channel: "phone_in" });
  }
});

/** "c1".."c6" for the named contacts (the paging incident's rows keep their ids). */
function label(id: string): string {
  return Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;
}

async function list(search: string, cookie = session.cookie): Promise<{ data: LoaderData; labels: string[] }> {
  const { data, response } = await settle(() =>
    loader({ request: getRequest(`/staff/contacts${search}`, { cookie }), params: {}, context: {} }),
  );
  expect(response).toBeUndefined();
  const d = data as LoaderData;
  return { data: d, labels: d.rows.map((r) => label(r.id)) };
}

describe("who may see the contacts table and the dashboard", () => {
  it("sends an anonymous visitor to the login page", async () => {
    const { response } = await settle(() => loader({ request: getRequest("/staff/contacts"), params: {}, context: {} }));
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it.each([
    ["/staff/contacts", loader],
    ["/staff/review", reviewLoader],
  ] as const)("refuses an agent on %s with 403", async (path, run) => {
    const agent = await createTestUser({ role: "agent" });
    const { cookie } = await staffCookies(agent.id);
    const { response } = await settle(() => run({ request: getRequest(path, { cookie }), params: {}, context: {} }));
    expect(response?.status).toBe(403);
  });

  it("refuses an agent's saved-view post with 403", async () => {
    const agent = await createTestUser({ role: "agent" });
    const { cookie, csrf } = await staffCookies(agent.id);
    const { response } = await settle(() =>
      action({
        request: formRequest("/staff/contacts", { csrf, intent: "save-view", name: "x", query: "" }, { cookie }),
        params: {},
        context: {},
      }),
    );
    expect(response?.status).toBe(403);
  });

  it.each(["supervisor", "admin"] as const)("lets a %s in", async (role) => {
    const user = await createTestUser({ role });
    const { cookie } = await staffCookies(user.id);
    const { data } = await list("", withIncident(cookie, incident.slug));
    expect(data.total).toBe(5);
  });
});

describe("filters", () => {
  it("shows the current incident's contacts, newest first, by default", async () => {
    const { data, labels } = await list("");
    expect(labels).toEqual(["c4", "c3", "c2", "c1", "c5"]);
    expect(data.total).toBe(5);
    expect(data.incidentShown).toBe(incident.slug);
    expect(data.state.filters.incident).toBeUndefined();
  });

  it.each([
    ["incident=all&q=other", ["c6"]],
    [`incident=${"OTHER"}`, ["c6"]],
    ["from=2017-09-20&to=2017-09-20", ["c2", "c1"]],
    ["from=2017-09-21", ["c4", "c3"]],
    ["to=2017-09-20", ["c2", "c1", "c5"]],
    ["from=2017-09-20&to=2017-09-19", ["c2", "c1", "c5"]], // reversed: swapped to 19..20
    ["channel=web", ["c2"]],
    ["channel=phone_in", ["c1", "c5"]],
    ["agent=A", ["c4", "c1"]],
    ["agent=none", ["c2"]],
    ["category=complaint", ["c2"]],
    ["category=affected_check", ["c1"]],
    ["outcome=escalated", ["c4"]],
    ["outcome=none", ["c2"]],
    ["hours=outside", ["c4", "c2"]],
    ["hours=within", ["c3", "c1", "c5"]],
    ["affected=yes", ["c1"]],
    ["affected=no", ["c4", "c3", "c2", "c5"]],
    ["q=refund", ["c4", "c1"]],
    ["q=%EF%BC%B2%EF%BC%A5%EF%BC%A6%EF%BC%B5%EF%BC%AE%EF%BC%A4", ["c4", "c1"]], // full-width ＲＥＦＵＮＤ
    ["q=返金", ["c1"]],
    ["q=100%25", ["c5"]], // "%" separates words: "100" (never a wildcard)
    ["q=%25", ["c4", "c3", "c2", "c1", "c5"]], // nothing left to search for: no filter, not "match anything with notes"
    ["q=_", ["c4", "c3", "c2", "c1", "c5"]],
    ["q=refund%20press", ["c4"]], // every word must appear
    ["q=press%20返金", []],
    ["channel=phone_in&hours=within&affected=yes&from=2017-09-20", ["c1"]],
  ])("?%s", async (search, expected) => {
    const query = search.replace("OTHER", other.slug).replace("agent=A", `agent=${agentA}`);
    const { labels, data } = await list(`?${query}`);
    expect(labels).toEqual(expected);
    expect(data.total).toBe(expected.length);
  });

  it("shows every incident with incident=all", async () => {
    const { data, labels } = await list("?incident=all&perPage=100");
    expect(data.total).toBe(5 + 1 + 60);
    expect(data.incidentShown).toBe("all");
    expect(data.state.filters.incident).toBe("all");
    expect(labels).toContain("c6");
  });

  it("marks the affected caller and the verified caller linked outside the window", async () => {
    const { data } = await list("");
    const byLabel = Object.fromEntries(data.rows.map((r) => [label(r.id), r]));
    expect(byLabel.c1).toMatchObject({ affected: true, linkedNotAffected: false });
    expect(byLabel.c3).toMatchObject({ affected: false, linkedNotAffected: true });
    expect(byLabel.c4).toMatchObject({ affected: false, linkedNotAffected: true });
    expect(byLabel.c5).toMatchObject({ affected: false, linkedNotAffected: false });
  });

  it("masks the caller's phone and email, keeps the name, shortens the notes", async () => {
    const { data } = await list("");
    const byLabel = Object.fromEntries(data.rows.map((r) => [label(r.id), r]));
    expect(byLabel.c1).toMatchObject({ callerName: "山田 太郎", callerContact: "***-****-5678" });
    expect(byLabel.c2).toMatchObject({ callerContact: "t***@example.jp" });
    expect(JSON.stringify(data.rows)).not.toContain("090-1234-5678");
    expect(JSON.stringify(data.rows)).not.toContain("taro@example.jp");
  });
});

describe("sorting", () => {
  it.each([
    ["startedAt.desc", ["c4", "c3", "c2", "c1", "c5"]],
    ["startedAt.asc", ["c5", "c1", "c2", "c3", "c4"]],
    ["channel.asc", ["c4", "c5", "c1", "c3", "c2"]], // email_in, phone_in (oldest first), phone_out, web
    ["channel.desc", ["c2", "c3", "c1", "c5", "c4"]], // web, phone_out, phone_in (newest first), email_in
    // Contacts with no agent: SQLite sorts NULL first ascending, PostgreSQL last (Prisma cannot set
    // NULL placement when sorting through a relation); within an agent, newest first on both.
    ["agent.asc", ON_POSTGRES ? ["c4", "c1", "c3", "c5", "c2"] : ["c2", "c4", "c1", "c3", "c5"]],
    ["agent.desc", ON_POSTGRES ? ["c2", "c3", "c5", "c4", "c1"] : ["c3", "c5", "c4", "c1", "c2"]],
    ["duration.desc", ["c1", "c3", "c5", "c4", "c2"]], // talk 300, 120, 60, then none (newest first)
    ["duration.asc", ["c5", "c3", "c1", "c4", "c2"]],
    ["due.asc", ["c2", "c4", "c3", "c1", "c5"]], // due 09-21, 09-22, then none
    ["due.desc", ["c4", "c2", "c3", "c1", "c5"]],
  ])("sort=%s", async (sort, expected) => {
    const { labels, data } = await list(`?sort=${sort}&cols=started,channel,agent,duration,due`);
    expect(labels).toEqual(expected);
    expect(`${data.state.sort.key}.${data.state.sort.dir}`).toBe(sort);
  });
});

describe("paging", () => {
  const search = () => `?incident=${paging.slug}&perPage=25`;

  it("gives page 2 as rows 26-50 of 60", async () => {
    const first = await list(search());
    const second = await list(`${search()}&page=2`);
    expect(second.data.total).toBe(60);
    expect(second.data.state.page).toBe(2);
    expect(second.data.rows).toHaveLength(25);
    const firstIds = new Set(first.data.rows.map((r) => r.id));
    expect(second.data.rows.some((r) => firstIds.has(r.id))).toBe(false);
    // Newest first: page 2 starts with minute 34 (60 - 25 - 1).
    expect(second.data.rows[0]!.startedAt).toBe(new Date(Date.UTC(2017, 8, 20, 0, 34)).toISOString());
  });

  it("shows the last page's 10 rows, and clamps a page beyond the end to the last page", async () => {
    expect((await list(`${search()}&page=3`)).data.rows).toHaveLength(10);
    const beyond = await list(`${search()}&page=99`);
    expect(beyond.data.state.page).toBe(3);
    expect(beyond.data.rows).toHaveLength(10);
  });
});

describe("bad parameters fall back to defaults, never a 500", () => {
  it.each([
    [
      "negative page, huge page size, unknown sort, impossible dates",
      "?page=-1&perPage=100000&sort=unknownColumn.asc&from=2026-99-99&to=2026-02-30",
    ],
    [
      "words for numbers, unknown values",
      "?page=abc&perPage=abc&sort=.&channel=fax&agent=%3Cscript%3E&category=x&outcome=won&hours=maybe&affected=perhaps",
    ],
    [
      "unknown incident and columns, odd sort direction",
      "?incident=no-such-incident&cols=bogus,%3Cb%3E&sort=startedAt.sideways&page=1e9",
    ],
    [
      "fractional page, negative page size, sort without direction, 5,000-character search",
      "?page=1.5&perPage=-50&sort=startedAt&q=" + "x".repeat(5000),
    ],
    ["year 0 and 9999, NUL incident, emoji search", "?from=0000-00-00&to=9999-99-99&incident=%00&q=%F0%9F%98%80"],
    ["repeated parameters and a % that is not an escape", "?page=2&page=x&sort=%&channel=web&channel=%E0%A4%A"],
  ])("%s", async (_label, search) => {
    const { data } = await list(search);
    expect(data.state.page).toBe(1);
    expect(data.state.perPage).toBe(50);
    expect(data.state.sort).toEqual({ key: "startedAt", dir: "desc" });
    expect(data.state.filters.from).toBeUndefined();
    expect(["web", undefined]).toContain(data.state.filters.channel);
    expect(data.incidentShown).toBe(incident.slug);
    expect(data.state.filters.q === undefined || Array.from(data.state.filters.q).length <= 100).toBe(true);
  });
});

describe("columns", () => {
  it("selects only the visible columns' fields", async () => {
    const { data } = await list("?cols=notes");
    expect(data.state.columns).toEqual(["started", "notes"]);
    for (const row of data.rows) expect(Object.keys(row).sort()).toEqual(["id", "notesExcerpt", "startedAt"]);
  });

  it("shows the default columns without cols", async () => {
    const { data } = await list("");
    expect(data.state.columns).toEqual([
      "started",
      "channel",
      "agent",
      "categories",
      "outcome",
      "hours",
      "affected",
      "caller",
      "notes",
    ]);
    expect(data.rows[0]).toHaveProperty("channel");
    expect(data.rows[0]).not.toHaveProperty("dueAt");
  });
});

describe("saved views", () => {
  const post = (fields: Record<string, string>, cookie = session.cookie) =>
    settle(() =>
      action({ request: formRequest("/staff/contacts", { csrf: session.csrf, ...fields }, { cookie }), params: {}, context: {} }),
    );

  it("saves the current state canonically, lists it, replaces it by name, applies it, deletes it; each change audited", async () => {
    const query = `channel=web&hours=outside&sort=due.asc&page=3&cols=started,due,channel&junk=1`;
    const saved = await post({ intent: "save-view", name: "  時間外の Web  ", query });
    expect(saved.response?.status).toBe(302);
    expect(saved.response?.headers.get("Location")).toBe(
      "/staff/contacts?channel=web&hours=outside&sort=due.asc&cols=started,channel,due&notice=viewSaved",
    );

    const row = await prisma.savedView.findFirstOrThrow({
      where: { userId: supervisor.id },
      select: { id: true, name: true, query: true, columns: true, table: true },
    });
    expect(row).toMatchObject({ name: "時間外の Web", table: "contacts", query: "channel=web&hours=outside&sort=due.asc" });
    expect(JSON.parse(row.columns!)).toEqual(["started", "channel", "due"]);

    const { data } = await list("?notice=viewSaved");
    expect(data.notice).toBe("viewSaved");
    expect(data.views).toEqual([
      { id: row.id, name: "時間外の Web", search: "?channel=web&hours=outside&sort=due.asc&cols=started,channel,due" },
    ]);
    // Applying: the link's state gives the view's rows.
    expect((await list(data.views[0]!.search)).labels).toEqual(["c2"]);

    const replaced = await post({ intent: "save-view", name: "時間外の Web", query: "channel=email_in" });
    expect(replaced.response?.headers.get("Location")).toContain("notice=viewReplaced");
    expect(await prisma.savedView.count({ where: { userId: supervisor.id } })).toBe(1);
    expect((await prisma.savedView.findUniqueOrThrow({ where: { id: row.id } })).query).toBe("channel=email_in");

    const deleted = await post({ intent: "delete-view", viewId: row.id, query: "channel=web" });
    expect(deleted.response?.status).toBe(302);
    expect(deleted.response?.headers.get("Location")).toBe("/staff/contacts?channel=web&notice=viewDeleted");
    expect(await prisma.savedView.count({ where: { userId: supervisor.id } })).toBe(0);

    const audit = await prisma.auditLog.findMany({
      where: { actorId: supervisor.id, action: { startsWith: "view." } },
      orderBy: { id: "asc" },
      select: { action: true, entityId: true, details: true },
    });
    expect(audit.map((a) => a.action)).toEqual(["view.save", "view.save", "view.delete"]);
    expect(audit.every((a) => a.entityId === row.id)).toBe(true);
    expect(audit.map((a) => a.details).join(" ")).not.toContain("channel=web");
  });

  it("refuses an empty or too long name with 400 and keeps what was typed", async () => {
    const empty = await post({ intent: "save-view", name: "   ", query: "" });
    expect(empty.response?.status).toBe(400);
    expect((empty.data as { errors: Record<string, string> }).errors.name).toBeTruthy();
    const long = "長".repeat(61);
    const tooLong = await post({ intent: "save-view", name: long, query: "" });
    expect(tooLong.response?.status).toBe(400);
    expect(tooLong.data).toMatchObject({ values: { name: long } });
  });

  it("stores a name and a search holding card data redacted", async () => {
    const saved = await post({
      intent: "save-view",
      name: "カード 4111 1111 1111 1111",
      query: "q=4111-1111-1111-1111&channel=web",
    });
    expect(saved.response?.status).toBe(302);
    const row = await prisma.savedView.findFirstOrThrow({ where: { userId: supervisor.id, name: "カード [CARD ****1111]" } });
    expect(new URLSearchParams(row.query).get("q")).toBe("[CARD ****1111]");
    expect(row.query).not.toMatch(/4111/);
    await prisma.savedView.delete({ where: { id: row.id } });
  });

  it("refuses a post without the CSRF token", async () => {
    const { response } = await settle(() =>
      action({
        request: formRequest("/staff/contacts", { intent: "save-view", name: "x", query: "" }, { cookie: session.cookie }),
        params: {},
        context: {},
      }),
    );
    expect(response?.status).toBe(403);
  });

  it("keeps views per user: another supervisor neither lists nor deletes mine", async () => {
    await post({ intent: "save-view", name: "mine", query: "channel=web" });
    const mine = await prisma.savedView.findFirstOrThrow({
      where: { userId: supervisor.id, name: "mine" },
      select: { id: true },
    });
    const someone = await createTestUser({ role: "supervisor" });
    const theirs = await staffCookies(someone.id);
    const { data } = await list("", withIncident(theirs.cookie, incident.slug));
    expect(data.views).toEqual([]);
    const attempt = await settle(() =>
      action({
        request: formRequest(
          "/staff/contacts",
          { csrf: theirs.csrf, intent: "delete-view", viewId: mine.id, query: "" },
          { cookie: theirs.cookie },
        ),
        params: {},
        context: {},
      }),
    );
    expect(attempt.response?.status).toBe(404);
    expect(await prisma.savedView.count({ where: { id: mine.id } })).toBe(1);
  });
});

describe("/staff/review", () => {
  it("shows the dashboard for the URL's range and incident, and falls back on bad values", async () => {
    const run = (search: string) =>
      settle(() =>
        reviewLoader({ request: getRequest(`/staff/review${search}`, { cookie: session.cookie }), params: {}, context: {} }),
      );
    const day = (await run("?from=2017-09-20&to=2017-09-20")).data as Awaited<ReturnType<typeof reviewLoader>>;
    expect(day.query).toEqual({ from: "2017-09-20", to: "2017-09-20", incident: incident.slug });
    expect(day.dashboard.totals).toMatchObject({ contacts: 2, afterHours: 1 });
    expect(day.overview?.slug).toBe(incident.slug);

    const all = (await run("?from=2017-09-20&to=2017-09-20&incident=all")).data as Awaited<ReturnType<typeof reviewLoader>>;
    expect(all.dashboard.totals.contacts).toBe(2 + 1 + 60);

    const bad = await run("?from=2026-99-99&to=nope&incident=%3Cx%3E");
    expect(bad.response).toBeUndefined();
    const fallback = bad.data as Awaited<ReturnType<typeof reviewLoader>>;
    expect(fallback.dashboard.days).toBe(7);
    expect(fallback.query.to).toBe(fallback.today);
  });
});
