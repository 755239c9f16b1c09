/**
 * Builds the app, starts it exactly as `npm start` does (fresh SQLite database
 * in a temp folder, demo data seeded on first start) on a free port, and stops
 * it after the browser tests.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "../free-port";

async function waitForHealth(url: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The app exited during start-up:\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The app did not become healthy in time:\n${output()}`);
}

let server: ChildProcess | undefined;
let dataDir: string | undefined;

export default async function setup(project: TestProject) {
  const root = process.cwd();
  // A private data and build folder: parallel runs never share a database or replace each other's assets.
  dataDir = mkdtempSync(path.join(os.tmpdir(), "madoguchi-e2e-"));
  // Inside the project (under .cache/, git-ignored) so the build resolves node_modules.
  const buildDir = path.join(root, ".cache", `e2e-build-${path.basename(dataDir)}`);
  const build = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    cwd: root,
    stdio: "inherit",
    // NODE_ENV=production like the server below: Vitest sets NODE_ENV=test, which would make a
    // development build (jsxDEV) that the production server cannot render ("jsxDEV is not a function").
    env: { ...process.env, BUILD_DIR: buildDir, NODE_ENV: "production" },
  });
  if (build.status !== 0) throw new Error("remix build failed");
  const port = await freePort();
  let log = "";
  // How the app is started: a test may start another instance on the same build and database.
  const appEnv: Record<string, string> = {
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    BUILD_DIR: buildDir,
    SEED_DEMO: "true",
    // Every browser test logs in from 127.0.0.1; the per-IP login throttle has its own unit tests.
    LOGIN_ATTEMPTS_PER_IP: "1000",
    DATABASE_URL: `file:${path.join(dataDir, "e2e.db")}`,
    SESSION_SECRET: "e2e-session-secret-0123456789abcdef0123456789",
    LOOKUP_HMAC_KEY: "e2e-lookup-hmac-key-0123456789abcdef0123456789",
    LOG_LEVEL: "info",
  };
  server = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "app/cli/main.ts", "start"], {
    cwd: root,
    env: {
      ...process.env,
      ...appEnv,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  server.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, server, () => log);
  project.provide("baseUrl", baseUrl);
  project.provide("serverLog", "");
  project.provide("appEnv", appEnv);

  return async () => {
    server?.kill("SIGTERM");
    // Keep what the app printed, for reading after a failed run.
    mkdirSync(path.join(root, "tests/.reports"), { recursive: true });
    writeFileSync(path.join(root, "tests/.reports/e2e-server.log"), log);
    await new Promise((r) => setTimeout(r, 300));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    serverLog: string;
    appEnv: Record<string, string>;
  }
}
