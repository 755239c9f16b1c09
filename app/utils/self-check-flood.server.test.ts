import { anonymousCookies, formRequest } from "../../tests/factories";
import { createLookupIncident, PEOPLE } from "../../tests/lookup-fixtures";
import { selfCheckIpKey } from "~/models/lookup.server";
import { SELF_CHECK_IP_LIMIT } from "~/routes/check";
import { prisma } from "./db.server";
import { answerSelfCheckFlood, SELF_CHECK_FLOOD_AFTER } from "./self-check-flood.server";

let cookies: { cookie: string; csrf: string };
let ipCounter = 0;
const nextIp = () => `192.0.2.${++ipCounter}`;

beforeAll(async () => {
  await createLookupIncident({ slug: "flood-shop" });
  cookies = await anonymousCookies();
});

type Post = { ip: string; fields?: Record<string, string>; csrf?: boolean; headers?: Record<string, string> };

/** As app/server.ts calls it: the headers first, the body only if the guard asks for it. */
async function post({ ip, fields = {}, csrf = true, headers = {} }: Post) {
  const body: Record<string, string> = {
    incident: "flood-shop",
    name: PEOPLE.taro.nameKanji,
    email: "someone@example.org",
    phone: "",
    reference: "",
    website: "",
    ...fields,
  };
  if (csrf) body.csrf = cookies.csrf;
  const options = { cookie: cookies.cookie, ip, headers };
  let bodyAsked = false;
  const response = await answerSelfCheckFlood(formRequest("/check", {}, options), () => {
    bodyAsked = true;
    return formRequest("/check", body, options);
  });
  return { response, bodyAsked, html: response ? await response.text() : "" };
}

/** The address's counter as if it had posted `count` times in the current window (started `ageSeconds` ago). */
async function setCount(ip: string, count: number, ageSeconds = 60) {
  const key = selfCheckIpKey(formRequest("/check", {}, { ip }));
  const windowStart = new Date(Date.now() - ageSeconds * 1000);
  await prisma.rateLimit.upsert({ where: { key }, create: { key, windowStart, count }, update: { windowStart, count } });
  return key;
}

const countOf = async (key: string) => (await prisma.rateLimit.findUnique({ where: { key } }))?.count ?? 0;

describe("answerSelfCheckFlood: short refusals for an address flooding /check", () => {
  it("starts at twice the per-address limit", () => {
    expect(SELF_CHECK_FLOOD_AFTER).toBe(SELF_CHECK_IP_LIMIT.limit * 2);
  });

  it.each([
    ["a new address", null],
    ["an address at its limit", SELF_CHECK_IP_LIMIT.limit],
    ["an address one short of a flood", SELF_CHECK_FLOOD_AFTER - 1],
  ])("leaves %s to the page: nothing counted, the body not read", async (_label, count) => {
    const ip = nextIp();
    const key = count === null ? selfCheckIpKey(formRequest("/check", {}, { ip })) : await setCount(ip, count);
    const { response, bodyAsked } = await post({ ip });
    expect(response).toBeNull();
    expect(bodyAsked).toBe(false);
    expect(await countOf(key)).toBe(count ?? 0);
  });

  it("leaves an address whose window has passed to the page", async () => {
    const ip = nextIp();
    const key = await setCount(ip, 50, SELF_CHECK_IP_LIMIT.windowSeconds + 5);
    const { response } = await post({ ip });
    expect(response).toBeNull();
    expect(await countOf(key)).toBe(50);
  });

  it("refuses a flooding address 429 with Retry-After and the hotline, counts it and records the refused lookup", async () => {
    const ip = nextIp();
    const key = await setCount(ip, SELF_CHECK_FLOOD_AFTER, 120);
    const lookupsBefore = await prisma.lookup.count({ where: { outcome: "rate_limited" } });
    const auditBefore = await prisma.auditLog.count({ where: { action: "lookup.self_check" } });
    const { response, html } = await post({ ip });
    expect(response?.status).toBe(429);
    const retryAfter = Number(response?.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(SELF_CHECK_IP_LIMIT.windowSeconds - 130);
    expect(retryAfter).toBeLessThanOrEqual(SELF_CHECK_IP_LIMIT.windowSeconds - 120);
    expect(response?.headers.get("Cache-Control")).toBe("no-store");
    expect(html).toMatch(/^<!DOCTYPE html><html lang="ja">/);
    expect(html).toContain('data-outcome="rate_limited"');
    expect(html).toContain("0120-000-000");
    expect(html).toContain(`${Math.ceil(retryAfter / 60)}`);
    // Nothing the customer typed, and nothing we hold, is shown back.
    expect(html).not.toContain(PEOPLE.taro.nameKanji);
    expect(html).not.toContain("someone@example.org");
    expect(await countOf(key)).toBe(SELF_CHECK_FLOOD_AFTER + 1);
    expect(await prisma.lookup.count({ where: { outcome: "rate_limited" } })).toBe(lookupsBefore + 1);
    expect(await prisma.auditLog.count({ where: { action: "lookup.self_check" } })).toBe(auditBefore + 1);
  });

  it("answers in English when the browser asks for it", async () => {
    const ip = nextIp();
    await setCount(ip, SELF_CHECK_FLOOD_AFTER + 3);
    const { response, html } = await post({ ip, headers: { "Accept-Language": "en-GB,en;q=0.9" } });
    expect(response?.status).toBe(429);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Too many checks");
  });

  it("answers an invalid form 400 with its errors, as the page would", async () => {
    const ip = nextIp();
    await setCount(ip, SELF_CHECK_FLOOD_AFTER);
    const { response, html } = await post({ ip, fields: { email: "", phone: "" } });
    expect(response?.status).toBe(400);
    expect(html).toContain("メールアドレスか電話番号の、どちらかを入力してください。");
    const honeypot = await post({ ip, fields: { website: "http://spam.example" } });
    expect(honeypot.response?.status).toBe(400);
  });

  it("refuses a post without the CSRF token 403", async () => {
    const ip = nextIp();
    await setCount(ip, SELF_CHECK_FLOOD_AFTER);
    const { response } = await post({ ip, csrf: false });
    expect(response?.status).toBe(403);
  });

  it("counts simultaneous posts exactly", async () => {
    const ip = nextIp();
    const key = await setCount(ip, SELF_CHECK_FLOOD_AFTER);
    const answers = await Promise.all(Array.from({ length: 12 }, () => post({ ip })));
    expect(answers.map((a) => a.response?.status)).toEqual(Array(12).fill(429));
    expect(await countOf(key)).toBe(SELF_CHECK_FLOOD_AFTER + 12);
  });
});
