import { createTestUser, formRequest, getRequest, settle, staffCookies } from "../../tests/factories";
import { prisma } from "~/utils/db.server";
import { action, loader } from "./staff.admin.closures";

type Cookies = { cookie: string; csrf: string };

const post = (fields: Record<string, string>, { cookie, csrf }: Cookies) =>
  settle(() =>
    action({ request: formRequest("/staff/admin/closures", { ...fields, csrf }, { cookie }), params: {}, context: {} }),
  );

const load = (cookies: Cookies) =>
  settle(() => loader({ request: getRequest("/staff/admin/closures", cookies), params: {}, context: {} }));

async function admin() {
  const user = await createTestUser({ role: "admin" });
  return { user, cookies: await staffCookies(user.id) };
}

async function makeIncident(slug: string) {
  return prisma.incident.create({
    data: {
      slug,
      companyJa: "会社",
      companyEn: "Co",
      titleJa: "件名",
      titleEn: "Title",
      summaryJa: "要約",
      summaryEn: "Summary",
      noticeDate: "2026-01-01",
    },
    select: { id: true },
  });
}

describe("closure days: who", () => {
  it.each(["agent", "supervisor"] as const)(
    "refuses a %s with 403 (supervisors edit incidents, not the company calendar)",
    async (role) => {
      const user = await createTestUser({ role });
      const cookies = await staffCookies(user.id);
      expect((await load(cookies)).response?.status).toBe(403);
      expect(
        (await post({ intent: "create", date: "2026-08-14", reason: "夏季休業", scope: "all" }, cookies)).response?.status,
      ).toBe(403);
      expect(await prisma.closureDay.count({ where: { date: "2026-08-14" } })).toBe(0);
    },
  );
});

describe("closure days: an admin", () => {
  it("adds a day for all incidents, audited, and sees it listed", async () => {
    const { user, cookies } = await admin();
    const { response } = await post({ intent: "create", date: "2026-08-14", reason: "夏季休業", scope: "all" }, cookies);
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toBe("/staff/admin/closures?saved=created");
    const day = await prisma.closureDay.findFirstOrThrow({ where: { date: "2026-08-14" } });
    expect(day).toMatchObject({ incidentId: null, reason: "夏季休業" });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "closure.create", entityId: day.id } });
    expect(audit.actorId).toBe(user.id);
    expect(JSON.parse(audit.details!)).toMatchObject({ date: "2026-08-14", incidentId: null });

    const { data } = await load(cookies);
    const page = data as Awaited<ReturnType<typeof loader>>;
    expect(page.closures).toContainEqual(
      expect.objectContaining({ id: day.id, date: "2026-08-14", incident: null, holiday: null, weekend: false }),
    );
  });

  it("stores a reason holding card data redacted", async () => {
    const { cookies } = await admin();
    const { response } = await post(
      { intent: "create", date: "2026-08-17", reason: "臨時休業 ４１１１ １１１１ １１１１ １１１１", scope: "all" },
      cookies,
    );
    expect(response?.status).toBe(302);
    expect((await prisma.closureDay.findFirstOrThrow({ where: { date: "2026-08-17" } })).reason).toBe("臨時休業 [CARD ****1111]");
  });

  it("adds a day for one incident and refuses duplicates with 400, keeping what was typed", async () => {
    const { cookies } = await admin();
    const incident = await makeIncident("closure-one");
    expect(
      (await post({ intent: "create", date: "2026-09-01", reason: "社内研修", scope: incident.id }, cookies)).response?.status,
    ).toBe(302);

    const again = await post({ intent: "create", date: "2026-09-01", reason: "もう一度", scope: incident.id }, cookies);
    expect(again.response?.status).toBe(400);
    expect(again.data).toMatchObject({
      errors: { date: "この日は既に休業日として登録されています。" },
      values: { reason: "もう一度" },
    });

    await post({ intent: "create", date: "2026-09-02", reason: "全社休業", scope: "all" }, cookies);
    const covered = await post({ intent: "create", date: "2026-09-02", reason: "重複", scope: incident.id }, cookies);
    expect(covered.data).toMatchObject({ errors: { date: "この日は既に「すべての事案」の休業日です。" } });
    const allAgain = await post({ intent: "create", date: "2026-09-02", reason: "重複", scope: "all" }, cookies);
    expect(allAgain.response?.status).toBe(400);
    expect(await prisma.closureDay.count({ where: { date: "2026-09-02" } })).toBe(1);
  });

  it.each([
    [{ date: "2026-02-30", reason: "x", scope: "all" }, "date"],
    [{ date: "tomorrow", reason: "x", scope: "all" }, "date"],
    [{ date: "2026-10-01", reason: " ", scope: "all" }, "reason"],
    [{ date: "2026-10-01", reason: "x".repeat(201), scope: "all" }, "reason"],
    [{ date: "2026-10-01", reason: "x", scope: "no-such-incident-id" }, "scope"],
  ])("refuses %j with 400 on %s", async (fields, field) => {
    const { cookies } = await admin();
    const { response, data } = await post({ intent: "create", ...fields }, cookies);
    expect(response?.status).toBe(400);
    expect(Object.keys((data as { errors: object }).errors)).toEqual([field]);
    expect(await prisma.closureDay.count({ where: { date: fields.date } })).toBe(0);
  });

  it("removes a day, audited", async () => {
    const { cookies } = await admin();
    await post({ intent: "create", date: "2026-11-30", reason: "棚卸し", scope: "all" }, cookies);
    const day = await prisma.closureDay.findFirstOrThrow({ where: { date: "2026-11-30" }, select: { id: true } });
    const { response } = await post({ intent: "delete", id: day.id }, cookies);
    expect(response?.status).toBe(302);
    expect(await prisma.closureDay.count({ where: { id: day.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { action: "closure.delete", entityId: day.id } })).toBe(1);
    const missing = await post({ intent: "delete", id: day.id }, cookies);
    expect(missing.response?.status).toBe(400);
  });

  it("shows this year's and next year's national holidays, and marks a closure that falls on one", async () => {
    const { cookies } = await admin();
    await post({ intent: "create", date: "2026-07-20", reason: "誤登録", scope: "all" }, cookies);
    const { data } = await load(cookies);
    const page = data as Awaited<ReturnType<typeof loader>>;
    const year = Number(page.today.slice(0, 4));
    expect(page.holidays.map((h) => h.year)).toEqual([year, year + 1]);
    for (const y of page.holidays) {
      expect(y.days[0]).toEqual({ date: `${y.year}-01-01`, name: "元日" });
      expect(y.days.length).toBeGreaterThanOrEqual(15);
    }
    expect(page.closures).toContainEqual(expect.objectContaining({ date: "2026-07-20", holiday: "海の日" }));
  });
});
