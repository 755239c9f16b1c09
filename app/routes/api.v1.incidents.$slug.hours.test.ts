/**
 * The public hours API, with the server in UTC (tests/setup/per-file.ts sets TZ=UTC).
 * The incidents are the two demo cases, created through the same model functions as the UI.
 */
import { getRequest, settle } from "../../tests/factories";
import { demoIncidents } from "../../prisma/seed/incidents";
import { createClosureDay } from "~/models/closure-day.server";
import { createHotline, createIncident, createSite } from "~/models/incident-admin.server";
import { prisma } from "~/utils/db.server";
import { loader } from "./api.v1.incidents.$slug.hours";

async function createDemoIncident(slug: string) {
  const seed = demoIncidents.find((i) => i.slug === slug)!;
  const [first, ...others] = seed.sites;
  const site = (s: typeof first & object) => ({
    slug: s.slug,
    nameJa: s.nameJa,
    nameEn: s.nameEn,
    url: s.url,
    stolenItems: s.stolenItems,
    window: { startDate: s.windows[0]!.startDate, endDate: s.windows[0]!.endDate, note: null },
  });
  const created = await createIncident({
    incident: {
      slug: seed.slug,
      companyJa: seed.companyJa,
      companyEn: seed.companyEn,
      titleJa: seed.titleJa,
      titleEn: seed.titleEn,
      summaryJa: seed.summaryJa,
      summaryEn: seed.summaryEn,
      noticeDate: seed.noticeDate,
      discoveredOn: seed.discoveredOn,
      maxAffected: seed.maxAffected,
      reportedTo: [],
      active: true,
    },
    site: site(first!),
  });
  if (!created.ok) throw new Error(created.error);
  for (const s of others) await createSite({ incidentId: created.id, site: site(s) });
  for (const h of seed.hotlines) {
    await createHotline({
      incidentId: created.id,
      hotline: { ...h, responseTargetMinutes: 480 },
    });
  }
  return created.id;
}

type Body = { open?: boolean; nextOpening?: string | null; timeZone?: string; error?: string; issues?: unknown[] };

let ipCounter = 0;
async function get(path: string, ip = `198.51.100.${++ipCounter % 250}`) {
  const slug = path.split("/")[4]!.split("?")[0]!;
  const { response } = await settle(() => loader({ request: getRequest(path, { ip }), params: { slug }, context: {} }));
  return { status: response!.status, headers: response!.headers, body: (await response!.json()) as Body };
}

let coocomId: string;
beforeAll(async () => {
  coocomId = await createDemoIncident("coocom-2015");
  await createDemoIncident("cou-2017");
});

describe("GET /api/v1/incidents/SLUG/hours", () => {
  it("runs with the server in UTC", () => {
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(0);
  });

  it("Friday 22:00 JST before 海の日 (Mon 20 July 2026): closed, next opening Tuesday 10:00 JST", async () => {
    const res = await get("/api/v1/incidents/coocom-2015/hours?at=2026-07-17T13:00:00Z");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.body).toEqual({ open: false, nextOpening: "2026-07-21T01:00:00.000Z", timeZone: "Asia/Tokyo" });
  });

  it.each([
    // [at, open, nextOpening] for coocom-2015 (weekdays 10:00-18:00 JST)
    ["2026-07-17T01:00:00Z", true, "2026-07-21T01:00:00.000Z"], // Fri 10:00 JST: opening minute; next period after this one is Tuesday's
    ["2026-07-17T08:59:59Z", true, "2026-07-21T01:00:00.000Z"], // Fri 17:59:59
    ["2026-07-17T09:00:00Z", false, "2026-07-21T01:00:00.000Z"], // Fri 18:00: closed (end exclusive)
    ["2026-07-20T03:00:00Z", false, "2026-07-21T01:00:00.000Z"], // 海の日 noon
    ["2026-07-17T22:00:00+09:00", false, "2026-07-21T01:00:00.000Z"], // same instant with an offset
    ["2026-07-17T22:00:00", false, "2026-07-21T01:00:00.000Z"], // no offset: Japan time
    ["2026-12-28T02:00:00Z", true, "2027-01-04T01:00:00.000Z"], // Mon 28 Dec 11:00, then the year-end closure
    ["2026-12-30", false, "2027-01-04T01:00:00.000Z"], // a date alone: 00:00 JST
  ])("at=%s → open %s, next %s", async (at, open, next) => {
    const res = await get(`/api/v1/incidents/coocom-2015/hours?at=${encodeURIComponent(at)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ open, nextOpening: next, timeZone: "Asia/Tokyo" });
  });

  it("uses each incident's own hours (Case A: weekdays 12:00-17:00)", async () => {
    const res = await get("/api/v1/incidents/cou-2017/hours?at=2026-07-21T02:30:00Z"); // Tue 11:30 JST
    expect(res.body).toEqual({ open: false, nextOpening: "2026-07-21T03:00:00.000Z", timeZone: "Asia/Tokyo" });
  });

  it("defaults `at` to now", async () => {
    const res = await get("/api/v1/incidents/coocom-2015/hours");
    expect(res.status).toBe(200);
    expect(typeof res.body.open).toBe("boolean");
    expect(new Date(res.body.nextOpening!).getTime()).toBeGreaterThan(Date.now());
  });

  it("a company closure day on a weekday closes it, and the next opening moves to the next business day", async () => {
    // Wednesday 2026-09-09 11:00 JST: open before the closure is entered.
    expect((await get("/api/v1/incidents/coocom-2015/hours?at=2026-09-09T02:00:00Z")).body).toMatchObject({ open: true });
    const created = await createClosureDay({ date: "2026-09-09", reason: "臨時休業", incidentId: coocomId });
    expect(created.ok).toBe(true);
    expect((await get("/api/v1/incidents/coocom-2015/hours?at=2026-09-09T02:00:00Z")).body).toEqual({
      open: false,
      nextOpening: "2026-09-10T01:00:00.000Z",
      timeZone: "Asia/Tokyo",
    });
    // Tuesday evening: the next opening skips the closed Wednesday.
    expect((await get("/api/v1/incidents/coocom-2015/hours?at=2026-09-08T12:00:00Z")).body.nextOpening).toBe(
      "2026-09-10T01:00:00.000Z",
    );
    // The other incident is not affected by a closure of this one...
    expect((await get("/api/v1/incidents/cou-2017/hours?at=2026-09-09T04:00:00Z")).body).toMatchObject({ open: true });
    // ...but is by a closure for all incidents.
    await createClosureDay({ date: "2026-09-09", reason: "全社休業", incidentId: null });
    expect((await get("/api/v1/incidents/cou-2017/hours?at=2026-09-09T04:00:00Z")).body).toEqual({
      open: false,
      nextOpening: "2026-09-10T03:00:00.000Z",
      timeZone: "Asia/Tokyo",
    });
  });

  it.each(["tomorrow", "2026-13-01", "2026-02-30", "1784293200", "2026-07-17T25:00:00Z", ""])(
    "refuses at=%j with 400",
    async (at) => {
      const res = await get(`/api/v1/incidents/coocom-2015/hours?at=${encodeURIComponent(at)}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: "invalid_request", issues: [expect.objectContaining({ path: ["at"] })] });
    },
  );

  it.each(["no-such-incident", "NOT A SLUG", "..%2F..%2Fetc"])("answers 404 JSON for an unknown incident %j", async (slug) => {
    const { response } = await settle(() =>
      loader({ request: getRequest(`/api/v1/incidents/${slug}/hours`), params: { slug: decodeURIComponent(slug) }, context: {} }),
    );
    expect(response?.status).toBe(404);
    expect(await response?.json()).toMatchObject({ error: "not_found" });
  });

  it("answers 404 for a hidden (inactive) incident, and for one without a phone line", async () => {
    await prisma.incident.create({
      data: {
        slug: "hidden-one",
        companyJa: "c",
        companyEn: "c",
        titleJa: "t",
        titleEn: "t",
        summaryJa: "s",
        summaryEn: "s",
        noticeDate: "2026-01-01",
        active: false,
      },
      select: { id: true },
    });
    expect((await get("/api/v1/incidents/hidden-one/hours")).status).toBe(404);
    await prisma.incident.create({
      data: {
        slug: "no-phone",
        companyJa: "c",
        companyEn: "c",
        titleJa: "t",
        titleEn: "t",
        summaryJa: "s",
        summaryEn: "s",
        noticeDate: "2026-01-01",
      },
      select: { id: true },
    });
    const res = await get("/api/v1/incidents/no-phone/hours");
    expect(res.status).toBe(404);
    expect(res.body.error).toBe("no_phone_hotline");
  });

  it("limits each IP to 120 requests a minute, then answers 429 JSON with Retry-After", async () => {
    const ip = "203.0.113.77";
    for (let i = 0; i < 120; i++) {
      const res = await get("/api/v1/incidents/coocom-2015/hours?at=2026-07-17T13:00:00Z", ip);
      expect(res.status).toBe(200);
    }
    const limited = await get("/api/v1/incidents/coocom-2015/hours?at=2026-07-17T13:00:00Z", ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ error: "rate_limited" });
    // Another caller is not affected.
    expect((await get("/api/v1/incidents/coocom-2015/hours?at=2026-07-17T13:00:00Z", "203.0.113.78")).status).toBe(200);
  });
});
