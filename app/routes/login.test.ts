import { createTestUser, anonymousCookies, formRequest, settle } from "../../tests/factories";
import { prisma } from "~/utils/db.server";
import { action } from "./login";

const call = (request: Request) => settle(() => action({ request, params: {}, context: {} }));

describe("POST /login", () => {
  it("logs in with the right password: session cookie, redirect to the role's home, audit entry", async () => {
    const user = await createTestUser({ role: "supervisor" });
    const { cookie, csrf } = await anonymousCookies();
    const { response } = await call(formRequest("/login", { email: user.email.toUpperCase(), password: user.password, csrf }, { cookie }));
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toBe("/staff/review");
    const setCookie = response?.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^madoguchi_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    const audit = await prisma.auditLog.findFirst({ where: { action: "auth.login", actorId: user.id } });
    expect(audit?.ip).toBe("127.0.0.1");
  });

  it("stores only the hash of the session token", async () => {
    const user = await createTestUser();
    const { cookie, csrf } = await anonymousCookies();
    const { response } = await call(formRequest("/login", { email: user.email, password: user.password, csrf }, { cookie }));
    const raw = decodeURIComponent(response!.headers.get("Set-Cookie")!.split(";")[0]!.split("=")[1]!);
    const session = await prisma.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(raw).not.toContain(session.id);
    expect(session.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a wrong password with 400 and the same message as an unknown account", async () => {
    const user = await createTestUser();
    const { cookie, csrf } = await anonymousCookies();
    const wrong = await call(formRequest("/login", { email: user.email, password: "wrong password", csrf }, { cookie }));
    const unknown = await call(formRequest("/login", { email: "nobody@example.jp", password: "wrong password", csrf }, { cookie }));
    expect(wrong.response?.status).toBe(400);
    expect(unknown.response?.status).toBe(400);
    expect(wrong.data).toEqual(unknown.data);
    const failed = await prisma.auditLog.findMany({ where: { action: "auth.login_failed" } });
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(failed)).not.toContain(user.email);
  });

  it("refuses a post without the CSRF token", async () => {
    const user = await createTestUser();
    const { cookie } = await anonymousCookies();
    const { response } = await call(formRequest("/login", { email: user.email, password: user.password }, { cookie }));
    expect(response?.status).toBe(403);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("throttles an account after 5 failures, even with the right password, and says when to retry", async () => {
    const user = await createTestUser();
    const { cookie, csrf } = await anonymousCookies();
    for (let i = 0; i < 5; i++) {
      const { response } = await call(formRequest("/login", { email: user.email, password: `nope${i}`, csrf }, { cookie, ip: `10.0.0.${i}` }));
      expect(response?.status).toBe(400);
    }
    const { response, data } = await call(formRequest("/login", { email: user.email, password: user.password, csrf }, { cookie, ip: "10.0.0.99" }));
    expect(response?.status).toBe(429);
    expect(Number(response?.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(JSON.stringify(data)).toMatch(/分後|minutes/);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("throttles one IP address after 20 attempts across accounts", async () => {
    const { cookie, csrf } = await anonymousCookies();
    for (let i = 0; i < 20; i++) {
      await call(formRequest("/login", { email: `guess${i}@example.jp`, password: "x", csrf }, { cookie, ip: "192.0.2.7" }));
    }
    const { response } = await call(formRequest("/login", { email: "guess@example.jp", password: "x", csrf }, { cookie, ip: "192.0.2.7" }));
    expect(response?.status).toBe(429);
  });
});
