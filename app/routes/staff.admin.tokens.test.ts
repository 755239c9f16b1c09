import { createTestUser, formRequest, getRequest, settle, staffCookies } from "../../tests/factories";
import { sha256Hex } from "~/utils/crypto.server";
import { prisma } from "~/utils/db.server";
import { action, loader } from "./staff.admin.tokens";

type Result = { created?: { name: string; token: string }; ok?: string; errors?: Record<string, string> };

async function adminSession() {
  const admin = await createTestUser({ role: "admin" });
  return { admin, ...(await staffCookies(admin.id)) };
}

function post(fields: Record<string, string | string[]>, cookie: string) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) body.append(k, value);
  return formRequest("/staff/admin/tokens", Object.fromEntries(body), { cookie });
}

describe("/staff/admin/tokens", () => {
  it("is for admins only", async () => {
    const supervisor = await createTestUser({ role: "supervisor" });
    const { cookie, csrf } = await staffCookies(supervisor.id);
    expect((await settle(() => loader({ request: getRequest("/staff/admin/tokens", { cookie }), params: {}, context: {} }))).response?.status).toBe(403);
    const { response } = await settle(() => action({ request: formRequest("/staff/admin/tokens", { csrf, intent: "create", name: "x", scopes: "lookups" }, { cookie }), params: {}, context: {} }));
    expect(response?.status).toBe(403);
  });

  it("creates a token with the chosen scopes, shows it once, and revokes it", async () => {
    const { admin, cookie, csrf } = await adminSession();
    // Several checkboxes of one name: build the body by hand.
    const body = new URLSearchParams([
      ["csrf", csrf],
      ["intent", "create"],
      ["name", "IVR 本番"],
      ["scopes", "lookups"],
      ["scopes", "contacts"],
    ]);
    const request = new Request("http://localhost/staff/admin/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, "x-madoguchi-client-ip": "127.0.0.1" },
      body: body.toString(),
    });
    const created = await settle(() => action({ request, params: {}, context: {} }));
    const result = created.data as Result;
    expect(result.created?.name).toBe("IVR 本番");
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(result.created!.token) } });
    expect(row).toMatchObject({ scopes: "lookups,contacts", createdById: admin.id, revokedAt: null });

    // Shown once: the page's loader never carries the secret again.
    const page = await settle(() => loader({ request: getRequest("/staff/admin/tokens", { cookie }), params: {}, context: {} }));
    const listed = JSON.stringify(page.data);
    expect(listed).toContain("IVR 本番");
    expect(listed).not.toContain(result.created!.token);
    expect(listed).not.toContain(row.tokenHash);

    const revoked = await settle(() => action({ request: post({ csrf, intent: "revoke", tokenId: row.id }, cookie), params: {}, context: {} }));
    expect((revoked.data as Result).ok).toBeTruthy();
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
    expect(await prisma.auditLog.count({ where: { action: { in: ["token.create", "token.revoke"] }, entityId: row.id, actorId: admin.id } })).toBe(2);
  });

  it.each([
    [{ name: "", scopes: "lookups" }, ["name"]],
    [{ name: "IVR" }, ["scopes"]],
    [{ name: "IVR", scopes: "admin" }, ["scopes"]],
  ])("400 for %j", async (fields, errorFields) => {
    const { cookie, csrf } = await adminSession();
    const { response, data } = await settle(() => action({ request: post({ csrf, intent: "create", ...fields }, cookie), params: {}, context: {} }));
    expect(response?.status).toBe(400);
    expect(Object.keys((data as Result).errors ?? {})).toEqual(errorFields);
  });

  it("needs the CSRF token", async () => {
    const { cookie } = await adminSession();
    const { response } = await settle(() => action({ request: post({ intent: "create", name: "x", scopes: "lookups" }, cookie), params: {}, context: {} }));
    expect(response?.status).toBe(403);
  });

  it("404 for revoking an unknown token", async () => {
    const { cookie, csrf } = await adminSession();
    const { response } = await settle(() => action({ request: post({ csrf, intent: "revoke", tokenId: "nope" }, cookie), params: {}, context: {} }));
    expect(response?.status).toBe(404);
  });
});
