import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseEnv } from "./env.server";

const secret = "x".repeat(40);

describe("parseEnv", () => {
  it("uses the demo defaults", () => {
    const env = parseEnv({ SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret });
    expect(env).toMatchObject({ PORT: 3000, DATABASE_URL: "file:./data/madoguchi.db", databaseKind: "sqlite", NODE_ENV: "development" });
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ PORT: "eighty", SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ SESSION_SECRET: "short", LOOKUP_HMAC_KEY: secret })).toThrow(/SESSION_SECRET/);
  });

  it("keeps the self-check's timing floor at 350 ms unless set, and refuses a negative one", () => {
    expect(parseEnv({ SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret }).SELF_CHECK_FLOOR_MS).toBe(350);
    expect(parseEnv({ SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret, SELF_CHECK_FLOOR_MS: "0" }).SELF_CHECK_FLOOR_MS).toBe(0);
    expect(() => parseEnv({ SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret, SELF_CHECK_FLOOR_MS: "-1" })).toThrow(/SELF_CHECK_FLOOR_MS/);
  });

  it("refuses to start in production without explicit secrets", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET and LOOKUP_HMAC_KEY/);
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: secret })).toThrow(/LOOKUP_HMAC_KEY/);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret }).NODE_ENV).toBe("production");
  });

  it("adds demo data on start by default, but not in production unless asked", () => {
    expect(parseEnv({ SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret }).seedDemo).toBe(true);
    expect(parseEnv({ SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret, SEED_DEMO: "false" }).seedDemo).toBe(false);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret }).seedDemo).toBe(false);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret, SEED_DEMO: "true" }).seedDemo).toBe(true);
    expect(() => parseEnv({ SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret, SEED_DEMO: "maybe" })).toThrow(/SEED_DEMO/);
  });

  it("generates the demo secrets into the data folder once, then reuses them", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "madoguchi-env-"));
    const first = parseEnv({ DATA_DIR: dir });
    const second = parseEnv({ DATA_DIR: dir });
    expect(first.SESSION_SECRET).toHaveLength(64);
    expect(first.LOOKUP_HMAC_KEY).not.toBe(first.SESSION_SECRET);
    expect(second.SESSION_SECRET).toBe(first.SESSION_SECRET);
    expect(JSON.parse(readFileSync(path.join(dir, "secrets.json"), "utf8")).LOOKUP_HMAC_KEY).toBe(first.LOOKUP_HMAC_KEY);
  });
});
