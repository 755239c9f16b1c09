import { createTestUser, formRequest, getRequest, settle, staffCookies } from "../../tests/factories";
import type { FormFailure } from "~/components/incident-forms";
import { prisma } from "~/utils/db.server";
import { action as editAction, loader as editLoader } from "./staff.incidents.$slug";
import { loader as listLoader } from "./staff.incidents._index";
import { action as newAction, loader as newLoader } from "./staff.incidents.new";

type Cookies = { cookie: string; csrf: string };

const NEW_INCIDENT = {
  slug: "shop-2026",
  companyJa: "株式会社テスト",
  companyEn: "Test KK",
  titleJa: "テストショップへの不正アクセス",
  titleEn: "Unauthorised access to the test shop",
  summaryJa: "要約です。",
  summaryEn: "A summary.",
  noticeDate: "2026-07-01",
  discoveredOn: "2026-05-10",
  maxAffected: "1,200",
  "reportedTo.0.authority": "個人情報保護委員会",
  "reportedTo.0.authorityEn": "Personal Information Protection Commission",
  "reportedTo.0.date": "2026-05-13",
  "reportedTo.0.noteJa": "",
  "reportedTo.0.noteEn": "",
  "reportedTo.1.authority": "",
  "reportedTo.1.date": "",
  active: "on",
  siteSlug: "shop",
  nameJa: "テストショップ",
  nameEn: "Test shop",
  url: "https://shop.example.jp/",
  startDate: "2026-01-10",
  endDate: "2026-04-30",
  note: "",
};

/** Form fields, with stolenItems repeated like ticked checkboxes. */
function form(
  path: string,
  fields: Record<string, string>,
  { cookie, csrf }: Cookies,
  stolen: string[] = ["name", "card_number", "expiry"],
  headers: Record<string, string> = {},
) {
  const request = formRequest(path, { ...fields, csrf }, { cookie, headers });
  const body = new URLSearchParams({ ...fields, csrf });
  for (const item of stolen) body.append("stolenItems", item);
  return new Request(request.url, { method: "POST", headers: request.headers, body: body.toString() });
}

const create = (fields: Record<string, string>, cookies: Cookies, stolen?: string[], headers?: Record<string, string>) =>
  settle(() => newAction({ request: form("/staff/incidents/new", fields, cookies, stolen, headers), params: {}, context: {} }));

const edit = (slug: string, fields: Record<string, string>, cookies: Cookies, stolen?: string[]) =>
  settle(() => editAction({ request: form(`/staff/incidents/${slug}`, fields, cookies, stolen), params: { slug }, context: {} }));

async function supervisor() {
  const user = await createTestUser({ role: "supervisor" });
  return { user, cookies: await staffCookies(user.id) };
}

// The database is shared by the tests of this file: each test makes incidents with its own slugs.
let counter = 0;
const uniqueSlug = () => `shop-${++counter}`;

async function createIncident(cookies: Cookies, patch: Record<string, string> = {}) {
  const slug = patch.slug ?? uniqueSlug();
  const { response } = await create({ ...NEW_INCIDENT, ...patch, slug }, cookies);
  expect(response?.status).toBe(302);
  return prisma.incident.findUniqueOrThrow({
    where: { slug },
    select: { id: true, slug: true, sites: { select: { id: true, slug: true, windows: { select: { id: true } } } } },
  });
}

const PHONE_HOTLINE = {
  intent: "hotline.create",
  kind: "phone",
  labelJa: "お問い合わせ窓口",
  labelEn: "Inquiry line",
  address: "03-1234-5678",
  isMain: "on",
  yearEndClosure: "on",
  responseTargetMinutes: "480",
  "hours.mon.0": "10:00-18:00",
  "hours.tue.0": "10:00-18:00",
  "hours.wed.0": "10:00-12:00",
  "hours.wed.1": "13:00-18:00",
  "hours.thu.0": "10:00-18:00",
  "hours.fri.0": "10:00-18:00",
  "hours.sat.0": "",
  "hours.sun.0": "",
};

/** Audit entries of an action about one incident (or its hotlines, sites, windows). */
async function auditOf(action: string, incidentId: string) {
  return prisma.auditLog.findMany({
    where: { action, OR: [{ entityId: incidentId }, { details: { contains: incidentId } }] },
    orderBy: { id: "asc" },
  });
}

const countSlug = (slug: string) => prisma.incident.count({ where: { slug } });

describe("who may set up incidents", () => {
  it("refuses agents with 403 on every incidents page and action", async () => {
    const agent = await createTestUser({ role: "agent" });
    const cookies = await staffCookies(agent.id);
    const ctx = { params: {}, context: {} };
    expect((await settle(() => listLoader({ request: getRequest("/staff/incidents", cookies), ...ctx }))).response?.status).toBe(
      403,
    );
    expect(
      (await settle(() => newLoader({ request: getRequest("/staff/incidents/new", cookies), ...ctx }))).response?.status,
    ).toBe(403);
    expect((await create(NEW_INCIDENT, cookies)).response?.status).toBe(403);
    expect(
      (await settle(() => editLoader({ request: getRequest("/staff/incidents/x", cookies), params: { slug: "x" }, context: {} })))
        .response?.status,
    ).toBe(403);
    expect((await edit("x", { intent: "incident.update" }, cookies)).response?.status).toBe(403);
    expect(await countSlug(NEW_INCIDENT.slug)).toBe(0);
  });

  it("sends a visitor who is not logged in to the login page", async () => {
    const { response } = await settle(() => listLoader({ request: getRequest("/staff/incidents"), params: {}, context: {} }));
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toBe("/login?redirectTo=%2Fstaff%2Fincidents");
  });

  it("lets an admin do what a supervisor can", async () => {
    const admin = await createTestUser({ role: "admin" });
    const cookies = await staffCookies(admin.id);
    await createIncident(cookies, { slug: "admin-made" });
    const { data } = await settle(() =>
      listLoader({ request: getRequest("/staff/incidents", cookies), params: {}, context: {} }),
    );
    expect((data as Awaited<ReturnType<typeof listLoader>>).incidents.map((i) => i.slug)).toContain("admin-made");
  });

  it("refuses a post without the CSRF token", async () => {
    const { cookies } = await supervisor();
    const { response } = await create(
      { ...NEW_INCIDENT, slug: "forged" },
      { cookie: cookies.cookie, csrf: "forged-token-forged-token-forged-token" },
    );
    expect(response?.status).toBe(403);
    expect(await countSlug("forged")).toBe(0);
  });
});

describe("creating an incident", () => {
  it("creates the incident with its first site and window, audits each, and lists it", async () => {
    const { user, cookies } = await supervisor();
    const { response } = await create(NEW_INCIDENT, cookies);
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toBe("/staff/incidents/shop-2026?saved=created");

    const incident = await prisma.incident.findUniqueOrThrow({
      where: { slug: "shop-2026" },
      select: {
        id: true,
        maxAffected: true,
        active: true,
        reportedTo: true,
        discoveredOn: true,
        sites: { select: { slug: true, stolenItems: true, windows: true } },
      },
    });
    expect(incident).toMatchObject({ maxAffected: 1200, active: true, discoveredOn: "2026-05-10" });
    expect(JSON.parse(incident.reportedTo!)).toEqual([
      { authority: "個人情報保護委員会", authorityEn: "Personal Information Protection Commission", date: "2026-05-13" },
    ]);
    expect(incident.sites).toHaveLength(1);
    expect(incident.sites[0]).toMatchObject({ slug: "shop", stolenItems: '["name","card_number","expiry"]' });
    expect(incident.sites[0]!.windows).toMatchObject([{ startDate: "2026-01-10", endDate: "2026-04-30", note: null }]);

    const [created] = await auditOf("incident.create", incident.id);
    expect(created).toMatchObject({ actorId: user.id, entityType: "incident", entityId: incident.id, ip: "127.0.0.1" });
    expect(await auditOf("site.create", incident.id)).toHaveLength(1);
    expect(await auditOf("window.create", incident.id)).toHaveLength(1);

    const { data } = await settle(() =>
      listLoader({ request: getRequest("/staff/incidents", cookies), params: {}, context: {} }),
    );
    expect((data as Awaited<ReturnType<typeof listLoader>>).incidents).toContainEqual(
      expect.objectContaining({
        slug: "shop-2026",
        active: true,
        affectedRecords: 0,
        noticeDate: "2026-07-01",
        sites: [{ slug: "shop", nameJa: "テストショップ", nameEn: "Test shop" }],
      }),
    );
  });

  it("refuses bad input with 400 and translated messages, and sends back everything typed", async () => {
    const { cookies } = await supervisor();
    const before = await prisma.auditLog.count({ where: { action: "incident.create" } });
    const { response, data } = await create(
      { ...NEW_INCIDENT, slug: "Shop 2026", startDate: "2026-05-01", endDate: "2026-04-30", titleEn: "" },
      cookies,
    );
    expect(response?.status).toBe(400);
    const failure = data as FormFailure;
    expect(failure.errors).toEqual({
      slug: "半角英小文字・数字・ハイフンで入力してください（先頭と末尾にハイフンは使えません）。",
      titleEn: "入力してください。",
      endDate: "終了日は開始日以降の日付にしてください。",
    });
    expect(failure.values).toMatchObject({
      slug: "Shop 2026",
      titleJa: NEW_INCIDENT.titleJa,
      "reportedTo.0.authority": "個人情報保護委員会",
      stolenItems: ["name", "card_number", "expiry"],
    });
    expect(failure.values).not.toHaveProperty("csrf");
    expect(await prisma.auditLog.count({ where: { action: "incident.create" } })).toBe(before);
  });

  it("answers in the staff member's language", async () => {
    const { user, cookies } = await supervisor();
    await prisma.user.update({ where: { id: user.id }, data: { locale: "en" }, select: { id: true } });
    const { response, data } = await create({ ...NEW_INCIDENT, endDate: "2025-12-31" }, cookies);
    expect(response?.status).toBe(400);
    expect((data as FormFailure).errors).toEqual({ endDate: "The last day must be on or after the first day." });
  });

  it("needs a first site with a window: affected customers are imported per site", async () => {
    const { cookies } = await supervisor();
    const slug = uniqueSlug();
    const { response, data } = await create(
      { ...NEW_INCIDENT, slug, siteSlug: "", nameJa: "", nameEn: "", startDate: "", endDate: "" },
      cookies,
      [],
    );
    expect(response?.status).toBe(400);
    expect(Object.keys((data as FormFailure).errors).sort()).toEqual([
      "endDate",
      "nameEn",
      "nameJa",
      "siteSlug",
      "startDate",
      "stolenItems",
    ]);
    expect(await countSlug(slug)).toBe(0);
  });

  it("refuses a slug that is already taken, or reserved", async () => {
    const { cookies } = await supervisor();
    const incident = await createIncident(cookies);
    const again = await create({ ...NEW_INCIDENT, slug: incident.slug, titleJa: "別の事案" }, cookies);
    expect(again.response?.status).toBe(400);
    expect((again.data as FormFailure).errors).toEqual({ slug: "この識別子は既に使われています。" });
    const reserved = await create({ ...NEW_INCIDENT, slug: "new" }, cookies);
    expect((reserved.data as FormFailure).errors).toEqual({ slug: "この識別子は使えません。" });
    expect(await prisma.incident.count({ where: { titleJa: "別の事案" } })).toBe(0);
  });
});

describe("editing an incident", () => {
  it("saves changed fields, never the slug, and audits the names of the fields that changed", async () => {
    const { cookies } = await supervisor();
    const incident = await createIncident(cookies);
    const { response } = await edit(
      incident.slug,
      { ...NEW_INCIDENT, intent: "incident.update", slug: "renamed", titleJa: "新しい件名", maxAffected: "1200" },
      cookies,
    );
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toBe(`/staff/incidents/${incident.slug}?saved=incident#incident`);
    const saved = await prisma.incident.findUniqueOrThrow({ where: { id: incident.id }, select: { slug: true, titleJa: true } });
    expect(saved).toEqual({ slug: incident.slug, titleJa: "新しい件名" });
    expect(await countSlug("renamed")).toBe(0);
    const [audit] = await auditOf("incident.update", incident.id);
    expect(JSON.parse(audit!.details!)).toEqual({ incidentId: incident.id, changed: ["titleJa"] });

    // Saving again without changes writes nothing to the audit log.
    const again = await edit(incident.slug, { ...NEW_INCIDENT, intent: "incident.update", titleJa: "新しい件名" }, cookies);
    expect(again.response?.headers.get("Location")).toContain("saved=unchanged");
    expect(await auditOf("incident.update", incident.id)).toHaveLength(1);
  });

  it("can hide an incident and remove a report row", async () => {
    const { cookies } = await supervisor();
    const incident = await createIncident(cookies);
    const { active: _active, ...unticked } = NEW_INCIDENT;
    await edit(
      incident.slug,
      {
        ...unticked,
        intent: "incident.update",
        "reportedTo.0.authority": "",
        "reportedTo.0.authorityEn": "",
        "reportedTo.0.date": "",
      },
      cookies,
    );
    const saved = await prisma.incident.findUniqueOrThrow({
      where: { id: incident.id },
      select: { active: true, reportedTo: true },
    });
    expect(saved).toEqual({ active: false, reportedTo: "[]" });
    const [audit] = await auditOf("incident.update", incident.id);
    expect(JSON.parse(audit!.details!).changed.sort()).toEqual(["active", "reportedTo"]);
  });

  it("answers 404 for an unknown incident", async () => {
    const { cookies } = await supervisor();
    expect((await edit("no-such", { intent: "incident.update" }, cookies)).response?.status).toBe(404);
    const { response } = await settle(() =>
      editLoader({ request: getRequest("/staff/incidents/no-such", cookies), params: { slug: "no-such" }, context: {} }),
    );
    expect(response?.status).toBe(404);
  });

  it("refuses an unknown intent with 400", async () => {
    const { cookies } = await supervisor();
    const incident = await createIncident(cookies);
    const { response } = await edit(incident.slug, { intent: "incident.delete" }, cookies);
    expect(response?.status).toBe(400);
    expect(await countSlug(incident.slug)).toBe(1);
  });
});

describe("hotlines", () => {
  it("adds a phone line from the weekday grid, audited without the number itself", async () => {
    const { cookies } = await supervisor();
    const incident = await createIncident(cookies);
    const { response } = await edit(incident.slug, PHONE_HOTLINE, cookies);
    expect(response?.status).toBe(302);
    const hotline = await prisma.hotline.findFirstOrThrow({ where: { incidentId: incident.id } });
    expect(JSON.parse(hotline.weeklyHours)).toEqual({
      mon: [["10:00", "18:00"]],
      tue: [["10:00", "18:00"]],
      wed: [
        ["10:00", "12:00"],
        ["13:00", "18:00"],
      ],
      thu: [["10:00", "18:00"]],
      fri: [["10:00", "18:00"]],
      sat: [],
      sun: [],
    });
    expect(hotline).toMatchObject({
      kind: "phone",
      address: "03-1234-5678",
      isMain: true,
      yearEndClosure: true,
      responseTargetMinutes: 480,
    });
    const [audit] = await auditOf("hotline.create", incident.id);
    expect(audit).toMatchObject({ entityType: "hotline", entityId: hotline.id });
    expect(audit!.details).not.toContain("03-1234-5678");
    expect(JSON.parse(audit!.details!)).toMatchObject({ incidentId: incident.id, kind: "phone", isMain: true });

    const { data } = await settle(() =>
      editLoader({
        request: getRequest(`/staff/incidents/${incident.slug}`, cookies),
        params: { slug: incident.slug },
        context: {},
      }),
    );
    const loaded = data as Awaited<ReturnType<typeof editLoader>>;
    expect(loaded.incident.hotlines[0]!.weeklyHours.wed).toEqual([
      ["10:00", "12:00"],
      ["13:00", "18:00"],
    ]);
  });

  it("refuses a bad grid with 400, naming the day, and keeps what was typed", async () => {
    const { cookies } = await supervisor();
    const incident = await createIncident(cookies);
    const { response, data } = await edit(
      incident.slug,
      { ...PHONE_HOTLINE, "hours.tue.0": "18:00-10:00", "hours.fri.0": "10時から" },
      cookies,
    );
    expect(response?.status).toBe(400);
    const failure = data as FormFailure;
    expect(failure).toMatchObject({ intent: "hotline.create", target: null });
    expect(failure.errors).toEqual({
      "hours.tue": "終了時刻は開始時刻より後にしてください（日をまたぐ時間帯は使えません）。",
      "hours.fri": "「10:00-18:00」の形式で入力してください。",
    });
    expect(failure.values).toMatchObject({ "hours.tue.0": "18:00-10:00", "hours.fri.0": "10時から", address: "03-1234-5678" });
    expect(await prisma.hotline.count({ where: { incidentId: incident.id } })).toBe(0);
  });

  it("edits the hours (audited by field name), keeps one main line per kind, and refuses a duplicate number", async () => {
    const { cookies } = await supervisor();
    const incident = await createIncident(cookies);
    await edit(incident.slug, PHONE_HOTLINE, cookies);
    const first = await prisma.hotline.findFirstOrThrow({ where: { incidentId: incident.id }, select: { id: true } });

    const update = await edit(
      incident.slug,
      { ...PHONE_HOTLINE, intent: "hotline.update", target: first.id, "hours.sat.0": "10:00-14:00" },
      cookies,
    );
    expect(update.response?.status).toBe(302);
    const [audit] = await auditOf("hotline.update", incident.id);
    expect(JSON.parse(audit!.details!)).toEqual({ incidentId: incident.id, changed: ["weeklyHours"] });

    const duplicate = await edit(incident.slug, { ...PHONE_HOTLINE, address: "０３（１２３４）５６７８" }, cookies);
    expect(duplicate.response?.status).toBe(400);
    expect((duplicate.data as FormFailure).errors).toEqual({ address: "同じ電話番号・メールアドレスの窓口が既にあります。" });

    await edit(incident.slug, { ...PHONE_HOTLINE, address: "0120-100-734" }, cookies);
    const mains = await prisma.hotline.findMany({ where: { incidentId: incident.id, isMain: true }, select: { address: true } });
    expect(mains).toEqual([{ address: "0120-100-734" }]);

    const del = await edit(incident.slug, { intent: "hotline.delete", target: first.id }, cookies);
    expect(del.response?.status).toBe(302);
    expect(await prisma.hotline.count({ where: { id: first.id } })).toBe(0);
    expect(await auditOf("hotline.delete", incident.id)).toHaveLength(1);
  });

  it("cannot touch another incident's hotline through this incident's page", async () => {
    const { cookies } = await supervisor();
    const mine = await createIncident(cookies);
    const other = await createIncident(cookies);
    await edit(other.slug, PHONE_HOTLINE, cookies);
    const theirs = await prisma.hotline.findFirstOrThrow({
      where: { incidentId: other.id },
      select: { id: true, labelJa: true },
    });
    const update = await edit(
      mine.slug,
      { ...PHONE_HOTLINE, intent: "hotline.update", target: theirs.id, labelJa: "乗っ取り" },
      cookies,
    );
    expect(update.response?.status).toBe(400);
    const del = await edit(mine.slug, { intent: "hotline.delete", target: theirs.id }, cookies);
    expect(del.response?.status).toBe(400);
    expect(await prisma.hotline.findUnique({ where: { id: theirs.id }, select: { labelJa: true } })).toEqual({
      labelJa: theirs.labelJa,
    });
    expect(await auditOf("hotline.update", other.id)).toEqual([]);
  });
});

describe("sites and exposure windows", () => {
  const SITE = {
    intent: "site.create",
    siteSlug: "tours",
    nameJa: "ツアーサイト",
    nameEn: "Tour site",
    url: "",
    startDate: "2015-03-20",
    endDate: "2015-07-17",
    note: "",
  };

  it("adds a site with its first window, refuses a duplicate site slug, and edits stolen items", async () => {
    const { cookies } = await supervisor();
    const incident = await createIncident(cookies);
    expect((await edit(incident.slug, SITE, cookies)).response?.status).toBe(302);
    const site = await prisma.site.findFirstOrThrow({
      where: { incidentId: incident.id, slug: "tours" },
      select: { id: true, windows: { select: { startDate: true } } },
    });
    expect(site.windows).toEqual([{ startDate: "2015-03-20" }]);
    expect(await auditOf("site.create", incident.id)).toHaveLength(2);
    expect(await auditOf("window.create", incident.id)).toHaveLength(2);

    const dup = await edit(incident.slug, SITE, cookies);
    expect(dup.response?.status).toBe(400);
    expect((dup.data as FormFailure).errors).toEqual({ siteSlug: "この事案に同じ識別子のサイトが既にあります。" });

    const update = await edit(
      incident.slug,
      { intent: "site.update", target: site.id, nameJa: "ツアーサイト", nameEn: "Tour site", url: "" },
      cookies,
      ["name", "email", "phone"],
    );
    expect(update.response?.status).toBe(302);
    expect((await prisma.site.findUniqueOrThrow({ where: { id: site.id } })).stolenItems).toBe('["name","email","phone"]');
    const [audit] = await auditOf("site.update", incident.id);
    expect(JSON.parse(audit!.details!)).toEqual({ incidentId: incident.id, changed: ["stolenItems"] });
  });

  it("validates windows: start <= end, no duplicate or overlapping window on the site", async () => {
    const { cookies } = await supervisor();
    const incident = await createIncident(cookies);
    const site = incident.sites[0]!;
    const windowId = site.windows[0]!.id;

    const backwards = await edit(
      incident.slug,
      { intent: "window.update", target: windowId, startDate: "2026-04-30", endDate: "2026-01-10", note: "" },
      cookies,
    );
    expect(backwards.response?.status).toBe(400);
    expect((backwards.data as FormFailure).errors).toEqual({ endDate: "終了日は開始日以降の日付にしてください。" });
    expect((backwards.data as FormFailure).values).toMatchObject({ startDate: "2026-04-30", endDate: "2026-01-10" });

    const duplicate = await edit(
      incident.slug,
      { intent: "window.create", target: site.id, startDate: "2026-01-10", endDate: "2026-04-30", note: "" },
      cookies,
    );
    expect((duplicate.data as FormFailure).errors).toEqual({ startDate: "同じ期間が既に登録されています。" });
    const overlap = await edit(
      incident.slug,
      { intent: "window.create", target: site.id, startDate: "2026-04-30", endDate: "2026-05-31", note: "" },
      cookies,
    );
    expect((overlap.data as FormFailure).errors).toEqual({
      startDate: "このサイトの別の期間と重なっています。期間をまとめてください。",
    });

    const added = await edit(
      incident.slug,
      { intent: "window.create", target: site.id, startDate: "2026-05-01", endDate: "2026-05-31", note: "" },
      cookies,
    );
    expect(added.response?.status).toBe(302);
    expect(await prisma.exposureWindow.count({ where: { siteId: site.id } })).toBe(2);

    const moved = await edit(
      incident.slug,
      { intent: "window.update", target: windowId, startDate: "2026-01-10", endDate: "2026-04-29", note: "" },
      cookies,
    );
    expect(moved.response?.status).toBe(302);
    const [audit] = await auditOf("window.update", incident.id);
    expect(JSON.parse(audit!.details!)).toEqual({ incidentId: incident.id, siteId: site.id, changed: ["endDate"] });
  });

  it("never leaves a site without a window or an incident without a site", async () => {
    const { cookies } = await supervisor();
    const incident = await createIncident(cookies);
    const site = incident.sites[0]!;
    const lastWindow = await edit(incident.slug, { intent: "window.delete", target: site.windows[0]!.id }, cookies);
    expect(lastWindow.response?.status).toBe(400);
    expect((lastWindow.data as FormFailure).errors.form).toBe(
      "サイトには少なくとも1つの期間が必要です。先に別の期間を追加してください。",
    );
    const lastSite = await edit(incident.slug, { intent: "site.delete", target: site.id }, cookies);
    expect(lastSite.response?.status).toBe(400);
    expect((lastSite.data as FormFailure).errors.form).toContain("少なくとも1つのサイト");
    expect(await prisma.exposureWindow.count({ where: { siteId: site.id } })).toBe(1);
    expect(await prisma.site.count({ where: { incidentId: incident.id } })).toBe(1);

    // With a second window and a second site, both can go.
    await edit(
      incident.slug,
      { intent: "window.create", target: site.id, startDate: "2026-06-01", endDate: "2026-06-30", note: "" },
      cookies,
    );
    expect((await edit(incident.slug, { intent: "window.delete", target: site.windows[0]!.id }, cookies)).response?.status).toBe(
      302,
    );
    await edit(
      incident.slug,
      {
        intent: "site.create",
        siteSlug: "second",
        nameJa: "二つ目",
        nameEn: "Second",
        url: "",
        startDate: "2026-01-01",
        endDate: "2026-01-31",
        note: "",
      },
      cookies,
    );
    expect((await edit(incident.slug, { intent: "site.delete", target: site.id }, cookies)).response?.status).toBe(302);
    expect(await auditOf("window.delete", incident.id)).toHaveLength(1);
    expect(await auditOf("site.delete", incident.id)).toHaveLength(1);
  });

  it("refuses to delete a site that has affected records", async () => {
    const { cookies } = await supervisor();
    const incident = await createIncident(cookies);
    await edit(
      incident.slug,
      {
        intent: "site.create",
        siteSlug: "second",
        nameJa: "二つ目",
        nameEn: "Second",
        url: "",
        startDate: "2026-01-01",
        endDate: "2026-01-31",
        note: "",
      },
      cookies,
    );
    const site = incident.sites[0]!;
    await prisma.affectedRecord.create({
      data: { incidentId: incident.id, siteId: site.id, rowKey: "test-row" },
      select: { id: true },
    });
    const { response, data } = await edit(incident.slug, { intent: "site.delete", target: site.id }, cookies);
    expect(response?.status).toBe(400);
    expect((data as FormFailure).errors.form).toBe("このサイトには対象者または取り込み履歴があるため削除できません。");
    expect(await prisma.site.count({ where: { id: site.id } })).toBe(1);
  });
});
