import { createTestUser, getRequest, settle, staffCookies } from "../../tests/factories";
import { prisma } from "./db.server";
import { requireUser } from "./auth.server";
import { setUserDisabled } from "~/models/user.server";

describe("requireUser", () => {
  it("sends someone without a session to the login page, remembering where they were going", async () => {
    const { response } = await settle(() => requireUser(getRequest("/staff/review?page=2"), "supervisor"));
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toBe("/login?redirectTo=%2Fstaff%2Freview%3Fpage%3D2");
  });

  it.each([
    ["agent", "agent", true],
    ["agent", "supervisor", false],
    ["agent", "admin", false],
    ["supervisor", "agent", true],
    ["supervisor", "supervisor", true],
    ["supervisor", "admin", false],
    ["admin", "agent", true],
    ["admin", "supervisor", true],
    ["admin", "admin", true],
  ] as const)("a %s asking for %s → allowed: %s", async (role, required, allowed) => {
    const user = await createTestUser({ role });
    const { cookie } = await staffCookies(user.id);
    const result = await settle(() => requireUser(getRequest("/staff", { cookie }), required));
    if (allowed) {
      expect(result.data).toMatchObject({ id: user.id, role });
    } else {
      expect(result.response?.status).toBe(403);
    }
  });

  it("ends the session of a disabled account", async () => {
    const user = await createTestUser();
    const { cookie } = await staffCookies(user.id);
    await setUserDisabled({ id: user.id, disabled: true });
    const { response } = await settle(() => requireUser(getRequest("/staff", { cookie })));
    expect(response?.status).toBe(302);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("ends an expired session on the server", async () => {
    const user = await createTestUser();
    const { cookie } = await staffCookies(user.id);
    await prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const { response } = await settle(() => requireUser(getRequest("/staff", { cookie })));
    expect(response?.status).toBe(302);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("ends a session left idle for longer than the idle limit", async () => {
    const user = await createTestUser();
    const { cookie } = await staffCookies(user.id);
    await prisma.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: new Date(Date.now() - 3 * 3600_000) } });
    const { response } = await settle(() => requireUser(getRequest("/staff", { cookie })));
    expect(response?.status).toBe(302);
  });

  it("ignores a forged cookie", async () => {
    const { response } = await settle(() => requireUser(getRequest("/staff", { cookie: "madoguchi_session=forged-value-0123456789012345678901234567" })));
    expect(response?.status).toBe(302);
  });
});
