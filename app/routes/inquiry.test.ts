import { CARD_SAMPLES, CODE_SAMPLES, createContactIncident, expectNoCardData } from "../../tests/contact-fixtures";
import { anonymousCookies, formRequest, getRequest, settle } from "../../tests/factories";
import { prisma } from "~/utils/db.server";
import { action, INQUIRY_CONTACT_LIMIT, INQUIRY_IP_LIMIT, loader } from "./inquiry";

let incident: Awaited<ReturnType<typeof createContactIncident>>;
let session: { cookie: string; csrf: string };
let ipCounter = 0;

beforeAll(async () => {
  incident = await createContactIncident();
  session = await anonymousCookies();
});

/** A fresh client IP per test unless given, so the per-IP limit does not leak between tests. */
function send(change: Record<string, string> = {}, { ip, lng }: { ip?: string; lng?: "en" } = {}) {
  ipCounter += 1;
  const request = formRequest(
    "/inquiry",
    {
      csrf: session.csrf,
      incident: incident.slug,
      name: "山田 太郎",
      reach: `taro+${ipCounter}@example.jp`,
      message: "再発行の手数料について教えてください。",
      reference: "",
      website: "",
      ...change,
    },
    {
      cookie: session.cookie + (lng ? `; lng=${Buffer.from(JSON.stringify(lng)).toString("base64")}` : ""),
      ip: ip ?? `198.51.100.${ipCounter}`,
    },
  );
  return settle(() => action({ request, params: {}, context: {} }));
}

type Body = { values: Record<string, string>; errors: Record<string, string>; retryMinutes?: number };

describe("POST /inquiry", () => {
  it("creates an open web contact with a due time and redirects to the confirmation", async () => {
    const { response } = await send({ reach: "０９０－１２３４－５６７８", reference: "RC-2015-0001" });
    expect(response?.status).toBe(302);
    const location = new URL(response!.headers.get("Location")!, "http://localhost");
    expect(location.pathname).toBe("/inquiry");
    expect(location.searchParams.get("removed")).toBeNull();
    const id = location.searchParams.get("done")!;
    const contact = await prisma.contact.findUniqueOrThrow({ where: { id } });
    expect(contact).toMatchObject({
      channel: "web",
      source: "web",
      status: "open",
      callerName: "山田 太郎",
      callerContact: "+819012345678",
      reference: "RC-2015-0001",
      agentId: null,
      flaggedAfterHours: false,
    });
    expect(contact.dueAt).not.toBeNull();
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "contact.create", entityId: id } });
    expect(audit.actorType).toBe("public");

    const page = await settle(() => loader({ request: getRequest(`/inquiry?done=${id}`), params: {}, context: {} }));
    expect(page.data).toMatchObject({
      confirmation: { ref: id.slice(-8).toUpperCase(), dueAt: contact.dueAt!.toISOString() },
      removed: false,
    });
    expect(JSON.stringify(page.data)).not.toContain("山田");
  });

  it.each([...CARD_SAMPLES, ...CODE_SAMPLES])(
    "removes $label from the message and tells the customer",
    async ({ text, secret }) => {
      const { response } = await send({ message: `問い合わせです。${text}` });
      const location = new URL(response!.headers.get("Location")!, "http://localhost");
      expect(location.searchParams.get("removed")).toBe("1");
      const row = await prisma.contact.findUniqueOrThrow({
        where: { id: location.searchParams.get("done")! },
        select: { message: true },
      });
      expectNoCardData(row.message ?? "", [secret]);
    },
  );

  it("400 with the messages in the visitor's language and everything typed kept", async () => {
    const before = await prisma.contact.count();
    const { response, data } = await send({
      name: "",
      reach: "not an address",
      message: "本文 4111 1111 1111 1111",
      reference: "R-1",
    });
    expect(response?.status).toBe(400);
    const body = data as Body;
    expect(body.errors.name).toBe("入力してください。");
    expect(body.values).toMatchObject({ name: "", reach: "not an address", reference: "R-1", message: "本文 [CARD ****1111]" });
    expect(body.values.csrf).toBeUndefined();
    const invalidReach = await send({ reach: "not an address" });
    expect((invalidReach.data as Body).errors.reach).toBe("メールアドレスまたは電話番号を正しく入力してください。");
    const english = await send({ message: "" }, { lng: "en" });
    expect((english.data as Body).errors.message).toBe("Please fill this in.");
    expect(await prisma.contact.count()).toBe(before);
  });

  it("the honeypot: a filled field stores nothing", async () => {
    const before = await prisma.contact.count();
    const { response } = await send({ website: "http://spam.example" });
    expect(response?.status).toBe(400);
    expect(await prisma.contact.count()).toBe(before);
  });

  it("429 per IP, with the minutes to wait", async () => {
    for (let i = 0; i < INQUIRY_IP_LIMIT.limit; i++) {
      const { response } = await send({ reach: `user${i}@example.jp` }, { ip: "203.0.113.50" });
      expect(response?.status).toBe(302);
    }
    const { response, data } = await send({ reach: "another@example.jp" }, { ip: "203.0.113.50" });
    expect(response?.status).toBe(429);
    expect(Number(response?.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((data as Body).retryMinutes).toBe(60);
    expect((data as Body).errors._form).toMatch(/60分後/);
    expect((data as Body).values.reach).toBe("another@example.jp");
  });

  it("429 per email or phone number, across IPs (same number written differently)", async () => {
    for (let i = 0; i < INQUIRY_CONTACT_LIMIT.limit; i++) {
      const { response } = await send({ reach: "03-9876-5432" });
      expect(response?.status).toBe(302);
    }
    const { response } = await send({ reach: "０３９８７６５４３２" });
    expect(response?.status).toBe(429);
  });

  it("403 without the CSRF token", async () => {
    const { response } = await send({ csrf: "" });
    expect(response?.status).toBe(403);
  });
});

describe("GET /inquiry", () => {
  it("preselects ?incident= and shows no confirmation for unknown or non-web contacts", async () => {
    const { data } = await settle(() =>
      loader({ request: getRequest(`/inquiry?incident=${incident.slug}&done=zzzzzzzzzzzz`), params: {}, context: {} }),
    );
    expect(data).toMatchObject({ selected: incident.slug, confirmation: null });
  });
});
