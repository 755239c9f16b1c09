import { spawnSync } from "node:child_process";
import path from "node:path";
import { prisma } from "~/utils/db.server";
import { verifyLogin } from "~/models/user.server";

/** Runs the real CLI against this test file's database. */
function cli(args: string[]) {
  const result = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "app/cli/main.ts", ...args], {
    env: process.env,
    encoding: "utf8",
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe("npm run cli -- user create", () => {
  it("creates an account and prints a one-time password that works once", async () => {
    const { code, out } = cli(["user", "create", "--email", "cli.supervisor@example.jp", "--role", "supervisor"]);
    expect(code).toBe(0);
    const password = /One-time password.*: ([A-Za-z0-9]{16})/.exec(out)?.[1];
    expect(password).toBeDefined();
    expect(await verifyLogin({ email: "cli.supervisor@example.jp", password: password! })).toMatchObject({ role: "supervisor", mustChangePassword: true });
    expect(await prisma.auditLog.count({ where: { action: "user.create", actorType: "system" } })).toBe(1);
  });

  it("explains a bad role and changes nothing", async () => {
    const { code, err } = cli(["user", "create", "--email", "cli.x@example.jp", "--role", "root"]);
    expect(code).toBe(1);
    expect(err).toMatch(/--role agent\|supervisor\|admin/);
    expect(await prisma.user.count({ where: { email: "cli.x@example.jp" } })).toBe(0);
  });

  it("refuses an email that is already in use", () => {
    const first = cli(["user", "create", "--email", "cli.dup@example.jp", "--role", "agent"]);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    const again = cli(["user", "create", "--email", "cli.dup@example.jp", "--role", "agent"]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exists/);
  });
});
