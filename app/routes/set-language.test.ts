import { anonymousCookies, createTestUser, formRequest, settle, staffCookies } from "../../tests/factories";
import { prisma } from "~/utils/db.server";
import { action } from "./set-language";

const run = (request: Request) => settle(() => action({ request, params: {}, context: {} }));

describe("POST /set-language", () => {
  it("saves a staff member's language on the account, sets the cookie and audits the change", async () => {
    const user = await createTestUser();
    const { cookie, csrf } = await staffCookies(user.id);
    const { response } = await run(formRequest("/set-language", { lng: "en", redirectTo: "/staff/desk", csrf }, { cookie }));
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toBe("/staff/desk");
    expect(response?.headers.get("Set-Cookie")).toMatch(/^lng=/);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe("en");
    expect(await prisma.auditLog.count({ where: { action: "user.locale_change", actorId: user.id } })).toBe(1);
  });

  it("sets only the cookie for a visitor, and never redirects off the site", async () => {
    const { cookie, csrf } = await anonymousCookies();
    const before = await prisma.auditLog.count({ where: { action: "user.locale_change" } });
    const { response } = await run(formRequest("/set-language", { lng: "ja", redirectTo: "//evil.example/", csrf }, { cookie }));
    expect(response?.headers.get("Location")).toBe("/");
    expect(response?.headers.get("Set-Cookie")).toMatch(/^lng=/);
    expect(await prisma.auditLog.count({ where: { action: "user.locale_change" } })).toBe(before);
  });

  it("refuses an unsupported language and a post without the CSRF token", async () => {
    const { cookie, csrf } = await anonymousCookies();
    expect((await run(formRequest("/set-language", { lng: "fr", csrf }, { cookie }))).response?.status).toBe(400);
    expect((await run(formRequest("/set-language", { lng: "en" }, { cookie }))).response?.status).toBe(403);
  });
});
