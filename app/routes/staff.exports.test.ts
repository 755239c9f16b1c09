/**
 * Who may export what, browse the audit log and set retention (the role matrix), and the export
 * route's own behaviour: streamed body, the table's filters, the current incident by default.
 */
import { createContactIncident } from "../../tests/contact-fixtures";
import { createTestUser, getRequest, settle, staffCookies } from "../../tests/factories";
import { EXPORT_FORMATS, EXPORT_KINDS } from "~/utils/export-filters";
import { prisma } from "~/utils/db.server";
import { loader as auditLoader } from "./staff.audit";
import { action as retentionAction, loader as retentionLoader } from "./staff.admin.retention";
import { loader as exportLoader } from "./staff.exports.$file";
import { loader as batchesLoader } from "./staff.waivers.batches._index";
import { loader as batchLoader } from "./staff.waivers.batches.$id";
import { loader as batchFileLoader } from "./staff.waivers.batches.$id_.$file";

type Session = { cookie: string; csrf: string };
const sessions: Record<"agent" | "supervisor" | "admin", Session> = {} as never;
let incidentA: Awaited<ReturnType<typeof createContactIncident>>;
let incidentB: Awaited<ReturnType<typeof createContactIncident>>;

beforeAll(async () => {
  for (const role of ["agent", "supervisor", "admin"] as const)
    sessions[role] = await staffCookies((await createTestUser({ role })).id);
  incidentA = await createContactIncident();
  incidentB = await createContactIncident();
  for (const [incident, n] of [
    [incidentA, 3],
    [incidentB, 2],
  ] as const) {
    for (let i = 0; i < n; i++) {
      await prisma.contact.create({
        data: {
          incidentId: incident.id,
          channel: i === 0 ? "web" : "phone_in",
          startedAt: new Date(Date.UTC(2017, 8, 20 + i)),
          withinHours: i !== 0,
          notes: `メモ ${i}`,
        },
      });
    }
  }
});

const withIncident = (cookie: string, slug: string) =>
  `${cookie}; staff_incident=${encodeURIComponent(Buffer.from(JSON.stringify(slug)).toString("base64"))}`;

function exportAs(role: keyof typeof sessions | null, file: string, query = "", cookieExtra?: (c: string) => string) {
  const cookie = role ? sessions[role].cookie : undefined;
  const request = getRequest(`/staff/exports/${file}${query}`, { cookie: cookie && cookieExtra ? cookieExtra(cookie) : cookie });
  return settle(() => exportLoader({ request, params: { file }, context: {} }));
}

async function rowsOf(response: Response): Promise<string[]> {
  const text = new TextDecoder().decode(await response.arrayBuffer());
  return text
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .filter(Boolean);
}

describe("role matrix", () => {
  const files = EXPORT_KINDS.flatMap((kind) => EXPORT_FORMATS.map((format) => `${kind}.${format}`));

  it.each([...files, "unknown.csv", "contacts.pdf"])("an agent gets 403 on /staff/exports/%s", async (file) => {
    const { response } = await exportAs("agent", file);
    expect(response?.status).toBe(403);
  });

  it.each(["audit.csv", "audit.xlsx"])(
    "a supervisor gets 403 on /staff/exports/%s (the audit log is for admins)",
    async (file) => {
      const { response } = await exportAs("supervisor", file);
      expect(response?.status).toBe(403);
    },
  );

  it.each(files)("an admin may export %s", async (file) => {
    const { response } = await exportAs("admin", file);
    expect(response?.status).toBe(200);
    await response!.arrayBuffer();
  });

  it("someone not logged in is sent to the login page", async () => {
    const { response } = await exportAs(null, "contacts.csv");
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("agents and supervisors get 403 on the audit log and the retention settings; admins may see both", async () => {
    for (const role of ["agent", "supervisor"] as const) {
      const audit = await settle(() =>
        auditLoader({ request: getRequest("/staff/audit", { cookie: sessions[role].cookie }), params: {}, context: {} }),
      );
      expect(audit.response?.status).toBe(403);
      const retention = await settle(() =>
        retentionLoader({
          request: getRequest("/staff/admin/retention", { cookie: sessions[role].cookie }),
          params: {},
          context: {},
        }),
      );
      expect(retention.response?.status).toBe(403);
    }
    const post = new Request("http://localhost/staff/admin/retention", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: sessions.supervisor.cookie },
      body: new URLSearchParams({ csrf: sessions.supervisor.csrf, lookups: "30" }).toString(),
    });
    expect((await settle(() => retentionAction({ request: post, params: {}, context: {} }))).response?.status).toBe(403);
    const admin = await settle(() =>
      auditLoader({ request: getRequest("/staff/audit", { cookie: sessions.admin.cookie }), params: {}, context: {} }),
    );
    expect(admin.response).toBeUndefined();
    expect((admin.data as { total: number }).total).toBeGreaterThan(0);
    const retention = await settle(() =>
      retentionLoader({
        request: getRequest("/staff/admin/retention", { cookie: sessions.admin.cookie }),
        params: {},
        context: {},
      }),
    );
    expect(retention.response).toBeUndefined();
  });

  it("agents get 403 on the waiver batch pages and files", async () => {
    const cookie = sessions.agent.cookie;
    expect(
      (await settle(() => batchesLoader({ request: getRequest("/staff/waivers/batches", { cookie }), params: {}, context: {} })))
        .response?.status,
    ).toBe(403);
    expect(
      (
        await settle(() =>
          batchLoader({ request: getRequest("/staff/waivers/batches/x", { cookie }), params: { id: "x" }, context: {} }),
        )
      ).response?.status,
    ).toBe(403);
    expect(
      (
        await settle(() =>
          batchFileLoader({
            request: getRequest("/staff/waivers/batches/x/f.csv", { cookie }),
            params: { id: "x", file: "f.csv" },
            context: {},
          }),
        )
      ).response?.status,
    ).toBe(403);
  });
});

describe("/staff/exports/:file", () => {
  it("answers with a stream, the file name and no caching", async () => {
    const { response } = await exportAs("supervisor", "contacts.csv", `?incident=${incidentA.slug}`);
    expect(response?.body).toBeInstanceOf(ReadableStream);
    expect(response?.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response?.headers.get("Content-Disposition")).toMatch(/^attachment; filename="madoguchi-contacts-\d{8}-\d{6}\.csv"$/);
    expect(response?.headers.get("Cache-Control")).toBe("no-store");
    expect((await rowsOf(response!)).length).toBe(1 + 3);
  });

  it("takes the table's filters and ignores its paging and sorting", async () => {
    const { response } = await exportAs(
      "supervisor",
      "contacts.csv",
      `?incident=${incidentA.slug}&channel=phone_in&page=7&perPage=25&sort=agent.asc&cols=started`,
    );
    expect((await rowsOf(response!)).length).toBe(1 + 2);
  });

  it("without an incident in the URL exports the current incident, as the table shows it; incident=all exports every one", async () => {
    const current = await exportAs("supervisor", "contacts.csv", "", (c) => withIncident(c, incidentB.slug));
    expect((await rowsOf(current.response!)).length).toBe(1 + 2);
    const start = await prisma.auditLog.findFirstOrThrow({ where: { action: "export.contacts" }, orderBy: { id: "desc" } });
    expect(JSON.parse(start.details!).filter).toEqual({ incident: incidentB.slug });
    const all = await exportAs("supervisor", "contacts.csv", "?incident=all");
    expect((await rowsOf(all.response!)).length).toBeGreaterThanOrEqual(1 + 5);
  });

  it("bad filter values fall back instead of failing", async () => {
    const { response } = await exportAs(
      "supervisor",
      "contacts.csv",
      `?incident=${incidentA.slug}&from=2017-99-99&channel=fax&hours=sometimes`,
    );
    expect(response?.status).toBe(200);
    expect((await rowsOf(response!)).length).toBe(1 + 3);
  });

  it("records who exported what in the audit log, with the user's IP", async () => {
    const { response } = await exportAs("admin", "audit.csv", "?action=export.");
    const rows = await rowsOf(response!);
    expect(rows.length).toBeGreaterThan(1);
    const exportId = response!.headers.get("X-Export-Id")!;
    const entries = await prisma.auditLog.findMany({ where: { entityId: exportId }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.actorType, e.ip])).toEqual([
      ["export.audit", "user", "127.0.0.1"],
      ["export.finish", "user", "127.0.0.1"],
    ]);
  });
});

describe("/staff/audit", () => {
  it("filters by action prefix, actor and date, newest first, and is itself audited", async () => {
    const { data } = await settle(() =>
      auditLoader({
        request: getRequest("/staff/audit?action=export.&perPage=25", { cookie: sessions.admin.cookie }),
        params: {},
        context: {},
      }),
    );
    const d = data as { rows: { id: number; action: string }[]; total: number; state: { perPage: number } };
    expect(d.total).toBeGreaterThan(0);
    expect(d.state.perPage).toBe(25);
    expect(d.rows.every((r) => r.action.startsWith("export."))).toBe(true);
    expect(d.rows.map((r) => r.id)).toEqual([...d.rows.map((r) => r.id)].sort((a, b) => b - a));
    const none = await settle(() =>
      auditLoader({
        request: getRequest("/staff/audit?actor=nobody@&from=2017-01-01&to=2017-01-02", { cookie: sessions.admin.cookie }),
        params: {},
        context: {},
      }),
    );
    expect((none.data as { total: number }).total).toBe(0);
    const view = await prisma.auditLog.findFirstOrThrow({ where: { action: "audit.view" }, orderBy: { id: "desc" } });
    expect(JSON.parse(view.details!).filter).toEqual({ actor: "nobody@", from: "2017-01-01", to: "2017-01-02" });
  });

  it("bad URL values fall back to defaults, never a 500", async () => {
    const { data, response } = await settle(() =>
      auditLoader({
        request: getRequest("/staff/audit?page=-4&perPage=100000&sort=nope.up&from=2026-99-99", {
          cookie: sessions.admin.cookie,
        }),
        params: {},
        context: {},
      }),
    );
    expect(response).toBeUndefined();
    expect((data as { state: { page: number; perPage: number; sort: { key: string; dir: string } } }).state).toMatchObject({
      page: 1,
      perPage: 50,
      sort: { key: "at", dir: "desc" },
    });
  });
});
