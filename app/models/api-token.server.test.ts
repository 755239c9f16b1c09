import { spawnSync } from "node:child_process";
import path from "node:path";
import { createTestUser } from "../../tests/factories";
import { userActor } from "~/utils/audit.server";
import { sha256Hex } from "~/utils/crypto.server";
import { prisma } from "~/utils/db.server";
import { createApiToken, listApiTokens, parseScopes, requireApiToken, revokeApiToken } from "./api-token.server";
import type { ApiScope } from "./api-token.server";

let admin: Awaited<ReturnType<typeof createTestUser>>;
beforeAll(async () => {
  admin = await createTestUser({ role: "admin" });
});

const bearer = (token: string) => new Request("http://localhost/api/v1/lookups", { method: "POST", headers: { Authorization: `Bearer ${token}` } });

describe("parseScopes", () => {
  it.each<[string | string[], ApiScope[] | null]>([
    ["lookups", ["lookups"]],
    ["contacts, lookups", ["lookups", "contacts"]],
    ["lookups,calls,contacts,lookups", ["lookups", "calls", "contacts"]],
    [["calls"], ["calls"]],
    ["lookups,admin", null],
    ["", null],
    [" , ", null],
  ])("%j → %j", (input, scopes) => {
    expect(parseScopes(input)).toEqual(scopes);
  });
});

describe("API tokens", () => {
  it("are shown once and stored only as a SHA-256 hash with a recognisable prefix", async () => {
    const created = await createApiToken({ name: "IVR 本番", scopes: ["lookups", "calls"], createdById: admin.id, actor: userActor(admin) });
    expect(created.token).toMatch(/^mdg_[A-Za-z0-9_-]{43}$/);
    expect(created.tokenPrefix).toBe(created.token.slice(0, 12));
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(sha256Hex(created.token));
    expect(row.scopes).toBe("lookups,calls");
    // The secret is nowhere in the database: not in the token row, not in the audit log.
    const everything = JSON.stringify([await prisma.apiToken.findMany(), await prisma.auditLog.findMany()]);
    expect(everything).not.toContain(created.token);
    expect(everything).not.toContain(created.token.slice(12));
    // The list never carries the secret or the hash.
    const listed = (await listApiTokens()).find((t) => t.id === created.id)!;
    expect(listed).toMatchObject({ name: "IVR 本番", tokenPrefix: created.tokenPrefix, scopes: ["lookups", "calls"], createdBy: admin.email, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(row.tokenHash);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "token.create", entityId: created.id } });
    expect(JSON.parse(audit.details!)).toEqual({ name: "IVR 本番", scopes: ["lookups", "calls"], tokenPrefix: created.tokenPrefix });
  });

  it("stores a name holding card data redacted, in the token row and the audit entry", async () => {
    const created = await createApiToken({
      name: "IVR 4111-1111-1111-1111",
      scopes: ["lookups"],
      createdById: admin.id,
      actor: userActor(admin),
    });
    expect(created.name).toBe("IVR [CARD ****1111]");
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } })).name).toBe("IVR [CARD ****1111]");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "token.create", entityId: created.id } });
    expect(audit.details).not.toContain("4111-1111");
  });

  it("refuses an empty name or no scopes", async () => {
    await expect(createApiToken({ name: " ", scopes: ["lookups"], createdById: null, actor: { type: "system" } })).rejects.toThrow();
    await expect(createApiToken({ name: "x", scopes: [], createdById: null, actor: { type: "system" } })).rejects.toThrow();
  });

  it("authenticate by scope, mark lastUsedAt at most once a minute, and stop working when revoked", async () => {
    const created = await createApiToken({ name: "CTI", scopes: ["calls"], createdById: admin.id, actor: userActor(admin) });
    const caller = await requireApiToken(bearer(created.token), "calls");
    expect(caller).toMatchObject({ id: created.id, name: "CTI", scopes: ["calls"], actor: { type: "token", id: created.id, label: "CTI" } });
    const first = (await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt;
    expect(first).not.toBeNull();
    await requireApiToken(bearer(created.token), "calls");
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).toEqual(first);
    await prisma.apiToken.update({ where: { id: created.id }, data: { lastUsedAt: new Date(Date.now() - 61_000) } });
    await requireApiToken(bearer(created.token), "calls");
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 5_000);

    const forbidden = await requireApiToken(bearer(created.token), "lookups").catch((r: unknown) => r);
    expect(forbidden).toBeInstanceOf(Response);
    expect((forbidden as Response).status).toBe(403);

    expect(await revokeApiToken({ id: created.id, actor: userActor(admin) })).toBe(true);
    expect(await revokeApiToken({ id: created.id, actor: userActor(admin) })).toBe(true);
    expect(await prisma.auditLog.count({ where: { action: "token.revoke", entityId: created.id } })).toBe(1);
    const revoked = await requireApiToken(bearer(created.token), "calls").catch((r: unknown) => r);
    expect((revoked as Response).status).toBe(401);
    expect(await revokeApiToken({ id: "no-such-token", actor: userActor(admin) })).toBe(false);
  });

  it.each([
    ["no header", null],
    ["Basic auth", "Basic dXNlcjpwYXNz"],
    ["Bearer without a token", "Bearer "],
    ["unknown token", "Bearer mdg_unknown"],
  ])("401 for %s", async (_label, header) => {
    const request = new Request("http://localhost/api/v1/lookups", { method: "POST", headers: header ? { Authorization: header } : {} });
    const thrown = await requireApiToken(request, "lookups").catch((r: unknown) => r);
    expect((thrown as Response).status).toBe(401);
    expect(await (thrown as Response).json()).toEqual({ error: "unauthorized" });
  });
});

describe("npm run cli -- token create", () => {
  it("creates a token, prints it once, and stores only its hash", () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "app/cli/main.ts", ...args], {
        encoding: "utf8",
        env: { ...process.env, LOG_LEVEL: "silent" },
        timeout: 60_000,
      });
    const bad = run(["token", "create", "--name", "IVR", "--scopes", "lookups,admin"]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("--scopes");
    const ok = run(["token", "create", "--name", "CLI IVR", "--scopes", "lookups,calls"]);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const token = ok.stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^mdg_/);
    return prisma.apiToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(token) } }).then((row) => {
      expect(row).toMatchObject({ name: "CLI IVR", scopes: "lookups,calls", createdById: null });
    });
  });
});
