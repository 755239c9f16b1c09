/**
 * `npm start` with WEB_CONCURRENCY=2 (app/cli/workers.ts), on the browser tests' build and demo
 * database, on a port of its own: two app processes answer on one port, a process that dies is
 * replaced, and SIGTERM stops them all after the requests in progress have been answered.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../free-port";
import { childProcesses, killTree } from "../proof/harness";

/**
 * tsx starts the app in a process of its own; with WEB_CONCURRENCY=2 that one starts the two app
 * processes (told by their command line: it may have other children, such as esbuild's service).
 */
const appProcesses = (tsxPid: number) =>
  childProcesses(tsxPid)
    .flatMap(childProcesses)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("app/cli/main.ts");
      } catch {
        return false; // gone
      }
    });

async function until<T>(what: string, probe: () => T | null | Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const healthy = (url: string) => async () => {
  try {
    return (await fetch(`${url}/healthz`)).ok ? true : null;
  } catch {
    return null;
  }
};

let app: ChildProcess;
let url: string;
let log = "";

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  app = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "app/cli/main.ts", "start"], {
    env: { ...process.env, ...inject("appEnv"), PORT: String(port), WEB_CONCURRENCY: "2" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  app.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  await until("the app to answer /healthz", healthy(url), 120_000).catch((error: Error) => {
    throw new Error(`${error.message}; the app printed:\n${log.slice(-3000)}`);
  });
}, 150_000);

afterAll(() => {
  if (app.exitCode === null) killTree(app.pid!);
});

describe("npm start with WEB_CONCURRENCY=2", () => {
  it("runs two app processes that answer on the same port", async () => {
    const workers = await until("two app processes", () => (appProcesses(app.pid!).length === 2 ? appProcesses(app.pid!) : null), 60_000);
    expect(new Set(workers).size).toBe(2);
    expect(log.match(/Madoguchi is listening/g)?.length).toBe(2);
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${url}/check`).then((r) => r.status)));
    expect(answers).toEqual(Array(20).fill(200));
  });

  it("replaces an app process that dies", async () => {
    const [victim, survivor] = appProcesses(app.pid!);
    process.kill(victim!, "SIGKILL");
    const now = await until("a new app process", () => {
      const pids = appProcesses(app.pid!);
      return pids.length === 2 && !pids.includes(victim!) ? pids : null;
    });
    expect(now).toContain(survivor);
    expect(log).toMatch(/"app process ended; starting another".*"signal":"SIGKILL"/);
    await until("the new process to listen", () => ((log.match(/Madoguchi is listening/g)?.length ?? 0) === 3 ? true : null));
    await until("the app to answer again", healthy(url));
  });

  it("stops on SIGTERM after answering the request in progress, and exits 0", async () => {
    // Read the form's token, then send a check that takes at least the self-check's timing floor
    // (350 ms) and stop the app while it is being answered.
    const page = await fetch(`${url}/check`);
    const cookie = page.headers.get("set-cookie")!.split(";")[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const inProgress = fetch(`${url}/check`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf, incident: "cou-2017", name: "", email: "", phone: "", reference: "", website: "" }).toString(),
    });
    await new Promise((r) => setTimeout(r, 100));
    // "close": after the exit and after everything it printed has been read.
    const exited = new Promise<number | null>((resolve) => app.once("close", (code) => resolve(code)));
    app.kill("SIGTERM");
    expect((await inProgress).status).toBe(400);
    expect(await exited).toBe(0);
    expect(log.match(/"msg":"stopping"/g)?.length).toBe(2);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
