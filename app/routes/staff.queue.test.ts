import { createContactIncident, expectNoCardData } from "../../tests/contact-fixtures";
import { createTestUser, formRequest, getRequest, settle, staffCookies } from "../../tests/factories";
import { createContact } from "~/models/contact.server";
import { incidentCookie } from "~/utils/current-incident.server";
import { prisma } from "~/utils/db.server";
import { action, loader } from "./staff.queue";

let incident: Awaited<ReturnType<typeof createContactIncident>>;
let agent: Awaited<ReturnType<typeof createTestUser>>;
let session: { cookie: string; csrf: string };
let cookie: string;

beforeAll(async () => {
  incident = await createContactIncident();
  agent = await createTestUser({ role: "agent" });
  session = await staffCookies(agent.id);
  cookie = `${session.cookie}; ${(await incidentCookie.serialize(incident.slug)).split(";")[0]}`;
});

async function inquiry(receivedAt: Date, message = "問い合わせ本文") {
  const { contact } = await createContact({
    input: {
      incident: incident.slug,
      channel: "web",
      startedAt: receivedAt,
      endedAt: null,
      talkSeconds: null,
      holdSeconds: null,
      acwSeconds: null,
      callerName: "山田 花子",
      callerContact: "hanako@example.jp",
      reference: null,
      identityVerified: false,
      affectedRecordId: null,
      categories: [],
      outcome: null,
      escalatedTo: null,
      notes: null,
      subject: null,
      message,
    },
    source: "web",
    status: "open",
    actor: { type: "public" },
  });
  return contact;
}

type QueueData = {
  queue: {
    rows: { id: string; overdue: boolean; status: string; agent: { id: string } | null }[];
    total: number;
    overdue: number;
  };
  panel: { kind: string; contact: { id: string; message: string } } | null;
  templates: { value: string; text: string }[];
};

const load = async (search = "") =>
  (await settle(() => loader({ request: getRequest(`/staff/queue${search}`, { cookie }), params: {}, context: {} })))
    .data as QueueData;
const act = (fields: Record<string, string>) =>
  settle(() =>
    action({
      request: formRequest("/staff/queue", { csrf: session.csrf, back: "/staff/queue?filter=all", ...fields }, { cookie }),
      params: {},
      context: {},
    }),
  );

describe("/staff/queue", () => {
  it("needs a login", async () => {
    const { response } = await settle(() => loader({ request: getRequest("/staff/queue"), params: {}, context: {} }));
    expect(response?.status).toBe(302);
  });

  it("lists open inquiries earliest due first; an old one is overdue", async () => {
    const old = await inquiry(new Date("2026-01-05T01:00:00Z"));
    const recent = await inquiry(new Date(Date.now() + 60_000));
    const data = await load();
    const ids = data.queue.rows.map((r) => r.id);
    expect(ids.indexOf(old.id)).toBeLessThan(ids.indexOf(recent.id));
    expect(data.queue.rows.find((r) => r.id === old.id)?.overdue).toBe(true);
    expect(data.queue.rows.find((r) => r.id === recent.id)?.overdue).toBe(false);
    expect(data.queue.overdue).toBeGreaterThanOrEqual(1);
  });

  it("take → answer from an approved text → close", async () => {
    const contact = await inquiry(new Date(), "手数料は？");
    const take = await act({ intent: "take", contactId: contact.id });
    expect(take.response?.status).toBe(302);
    expect(take.response?.headers.get("Location")).toBe(
      `/staff/queue?filter=all&done=take&doneRef=${contact.id.slice(-8).toUpperCase()}`,
    );
    expect(await prisma.contact.findUniqueOrThrow({ where: { id: contact.id } })).toMatchObject({
      status: "in_progress",
      agentId: agent.id,
      version: 2,
    });

    // No approved texts yet: the panel still opens.
    expect((await load(`?answer=${contact.id}`)).templates).toEqual([]);
    await prisma.script.create({
      data: {
        incidentId: incident.id,
        key: "faq.reissue-fee",
        kind: "faq",
        versions: {
          create: [
            {
              version: 1,
              titleJa: "手数料",
              titleEn: "Fee",
              bodyJa: "再発行手数料はかかりません。{{hotline}}",
              bodyEn: "No fee. {{hotline}}",
              status: "approved",
            },
            { version: 2, titleJa: "手数料（案）", titleEn: "Fee (draft)", bodyJa: "下書き", bodyEn: "draft", status: "draft" },
          ],
        },
      },
    });
    const withScript = await load(`?answer=${contact.id}&script=faq.reissue-fee:ja`);
    expect(withScript.panel).toMatchObject({ kind: "answer", contact: { id: contact.id, message: "手数料は？" } });
    expect(withScript.templates.find((t) => t.value === "faq.reissue-fee:ja")?.text).toBe(
      "再発行手数料はかかりません。03-4405-8455",
    );
    expect(withScript.templates.some((t) => t.text === "下書き")).toBe(false);

    const missing = await act({ intent: "answer", contactId: contact.id, channel: "email_out", text: "" });
    expect(missing.response?.status).toBe(400);
    expect((missing.data as { errors: Record<string, string> }).errors.text).toBe("入力してください。");

    const answer = await act({
      intent: "answer",
      contactId: contact.id,
      channel: "email_out",
      text: "再発行手数料はかかりません。カード 4111-1111-1111-1111 は不要です。",
    });
    expect(answer.response?.headers.get("Location")).toMatch(/done=answer.*cards=1/);
    const reply = await prisma.contact.findFirstOrThrow({ where: { replyToId: contact.id } });
    expect(reply).toMatchObject({ channel: "email_out", agentId: agent.id, status: "closed" });
    expectNoCardData(reply.message ?? "", ["4111111111111111"]);

    const noOutcome = await act({ intent: "close", contactId: contact.id, outcome: "" });
    expect(noOutcome.response?.status).toBe(400);
    const escalatedNoTarget = await act({ intent: "close", contactId: contact.id, outcome: "escalated", escalatedTo: "" });
    expect((escalatedNoTarget.data as { errors: Record<string, string> }).errors.escalatedTo).toBeTruthy();
    const close = await act({
      intent: "close",
      contactId: contact.id,
      outcome: "resolved_first_contact",
      categories: "reissue_fee",
      notes: "回答済み",
    });
    expect(close.response?.status).toBe(302);
    expect(await prisma.contact.findUniqueOrThrow({ where: { id: contact.id } })).toMatchObject({
      status: "closed",
      outcome: "resolved_first_contact",
      notes: "回答済み",
    });
    expect((await load()).queue.rows.some((r) => r.id === contact.id)).toBe(false);
    expect(await prisma.contactVersion.count({ where: { contactId: contact.id } })).toBe(3);
  });

  it("404 for an unknown contact; 403 without the CSRF token", async () => {
    expect((await act({ intent: "take", contactId: "doesnotexist0000" })).response?.status).toBe(404);
    const { response } = await settle(() =>
      action({ request: formRequest("/staff/queue", { intent: "take", contactId: "x" }, { cookie }), params: {}, context: {} }),
    );
    expect(response?.status).toBe(403);
  });

  it("finds a contact by the reference the customer quotes", async () => {
    const contact = await inquiry(new Date());
    const ref = contact.id.slice(-8).toUpperCase();
    const { data } = await settle(() =>
      loader({ request: getRequest(`/staff/queue?ref=${ref.slice(0, 4)}-${ref.slice(4)}`, { cookie }), params: {}, context: {} }),
    );
    expect((data as { found: { id: string }[] }).found.map((f) => f.id)).toEqual([contact.id]);
  });

  it("ignores bad URL parameters instead of failing", async () => {
    const { response, data } = await settle(() =>
      loader({ request: getRequest("/staff/queue?page=-3&filter=everything&answer=../x", { cookie }), params: {}, context: {} }),
    );
    expect(response).toBeUndefined();
    expect((data as { query: { page: number; filter: string } }).query).toMatchObject({ page: 1, filter: "all" });
  });
});
