import { createTestUser, formRequest, getRequest, settle, staffCookies } from "../../tests/factories";
import { prisma } from "~/utils/db.server";
import { verifyLogin } from "~/models/user.server";
import { action, loader } from "./staff.admin.users";

const run = (request: Request) => settle(() => action({ request, params: {}, context: {} }));

describe("/staff/admin/users", () => {
  it("is for admins only", async () => {
    for (const role of ["agent", "supervisor"] as const) {
      const user = await createTestUser({ role });
      const { cookie, csrf } = await staffCookies(user.id);
      expect((await settle(() => loader({ request: getRequest("/staff/admin/users", { cookie }), params: {}, context: {} }))).response?.status).toBe(403);
      expect((await run(formRequest("/staff/admin/users", { intent: "create", email: "x@example.jp", name: "X", role: "admin", csrf }, { cookie }))).response?.status).toBe(403);
    }
    expect(await prisma.user.count({ where: { email: "x@example.jp" } })).toBe(0);
  });

  it("creates an account with a one-time password that must be changed, and audits it", async () => {
    const admin = await createTestUser({ role: "admin" });
    const { cookie, csrf } = await staffCookies(admin.id);
    const { data } = await run(formRequest("/staff/admin/users", { intent: "create", email: "New.Agent@Example.jp", name: "新人", role: "agent", csrf }, { cookie }));
    const password = /: ([A-Za-z0-9]{16})$/.exec((data as { ok: string }).ok)?.[1];
    expect(password).toBeDefined();
    const created = await prisma.user.findUniqueOrThrow({ where: { email: "new.agent@example.jp" } });
    expect(created).toMatchObject({ role: "agent", mustChangePassword: true });
    expect(created.passwordHash).not.toContain(password!);
    expect(await verifyLogin({ email: "new.agent@example.jp", password: password! })).toMatchObject({ mustChangePassword: true });
    expect(await prisma.auditLog.count({ where: { action: "user.create", entityId: created.id, actorId: admin.id } })).toBe(1);
  });

  it("stores a name holding card data redacted", async () => {
    const admin = await createTestUser({ role: "admin" });
    const { cookie, csrf } = await staffCookies(admin.id);
    await run(
      formRequest(
        "/staff/admin/users",
        { intent: "create", email: "card.name@example.jp", name: "応対 4111111111111111", role: "agent", csrf },
        { cookie },
      ),
    );
    expect((await prisma.user.findUniqueOrThrow({ where: { email: "card.name@example.jp" } })).name).toBe("応対 [CARD ****1111]");
  });

  it("answers bad input with 400 and a message per field", async () => {
    const admin = await createTestUser({ role: "admin" });
    const { cookie, csrf } = await staffCookies(admin.id);
    const { response, data } = await run(formRequest("/staff/admin/users", { intent: "create", email: "not-an-email", name: "", role: "king", csrf }, { cookie }));
    expect(response?.status).toBe(400);
    expect(Object.keys((data as { errors: object }).errors).sort()).toEqual(["email", "name", "role"]);
  });

  it("refuses a second account with the same email", async () => {
    const admin = await createTestUser({ role: "admin" });
    const other = await createTestUser();
    const { cookie, csrf } = await staffCookies(admin.id);
    const { response } = await run(formRequest("/staff/admin/users", { intent: "create", email: other.email.toUpperCase(), name: "Dup", role: "agent", csrf }, { cookie }));
    expect(response?.status).toBe(400);
  });

  it("disables an account and ends its sessions; re-enables it", async () => {
    const admin = await createTestUser({ role: "admin" });
    const agent = await createTestUser();
    await staffCookies(agent.id);
    const { cookie, csrf } = await staffCookies(admin.id);
    await run(formRequest("/staff/admin/users", { intent: "disable", userId: agent.id, csrf }, { cookie }));
    expect(await prisma.session.count({ where: { userId: agent.id } })).toBe(0);
    expect(await verifyLogin({ email: agent.email, password: agent.password })).toBeNull();
    await run(formRequest("/staff/admin/users", { intent: "enable", userId: agent.id, csrf }, { cookie }));
    expect(await verifyLogin({ email: agent.email, password: agent.password })).not.toBeNull();
    expect(await prisma.auditLog.count({ where: { entityId: agent.id, action: { in: ["user.disable", "user.enable"] } } })).toBe(2);
  });

  it("does not let an admin disable their own account", async () => {
    const admin = await createTestUser({ role: "admin" });
    const { cookie, csrf } = await staffCookies(admin.id);
    const { response } = await run(formRequest("/staff/admin/users", { intent: "disable", userId: admin.id, csrf }, { cookie }));
    expect(response?.status).toBe(400);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).disabled).toBe(false);
  });

  it("resets a password: the old one stops working, the new one is shown once", async () => {
    const admin = await createTestUser({ role: "admin" });
    const agent = await createTestUser();
    const { cookie, csrf } = await staffCookies(admin.id);
    const { data } = await run(formRequest("/staff/admin/users", { intent: "reset", userId: agent.id, csrf }, { cookie }));
    const password = /: ([A-Za-z0-9]{16})$/.exec((data as { ok: string }).ok)?.[1];
    expect(await verifyLogin({ email: agent.email, password: agent.password })).toBeNull();
    expect(await verifyLogin({ email: agent.email, password: password! })).not.toBeNull();
  });
});
