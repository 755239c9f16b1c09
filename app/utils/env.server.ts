/**
 * The app's configuration, parsed from the environment once at start-up.
 * Nothing else reads process.env. A bad value stops the app with a message that
 * names the variable.
 *
 * For the demo, SESSION_SECRET and LOOKUP_HMAC_KEY are generated into
 * data/secrets.json on first start; in production they must be set explicitly,
 * because losing LOOKUP_HMAC_KEY makes every stored lookup key useless.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const secret = z.string().min(32, "must be at least 32 characters");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql://")
    .default("file:./data/madoguchi.db"),
  /** PostgreSQL only: connections per app instance (instances × this must stay below max_connections). */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** PostgreSQL only: the server cancels any statement running longer than this (0 = no limit). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  DATA_DIR: z.string().default("data"),
  /** Where `remix build` wrote the app; a test run may use its own folder. */
  BUILD_DIR: z.string().optional(),
  SESSION_SECRET: secret.optional(),
  LOOKUP_HMAC_KEY: secret.optional(),
  LOG_LEVEL: z.enum(["silent", "info", "debug"]).default("info"),
  /** Add the demo data (with its well-known logins) to an empty database on start. Default: yes, except in production. */
  SEED_DEMO: z.enum(["true", "false", "1", "0"]).optional(),
  /** Set when the app runs behind a reverse proxy that sets X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  SESSION_HOURS: z.coerce.number().min(1).max(24).default(12),
  /** Login attempts allowed per client IP in 15 minutes (a call centre behind one NAT may need more). */
  LOGIN_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(20),
  SESSION_IDLE_MINUTES: z.coerce.number().min(5).max(24 * 60).default(120),
  /**
   * The public self-check answers no sooner than this after the request began (plus up to 50 ms of
   * jitter), so its timing does not tell "affected" from "not found". It must stay above the slowest
   * lookup: raise it when the database is slow (docs/operations.md).
   */
  SELF_CHECK_FLOOR_MS: z.coerce.number().int().min(0).max(10_000).default(350),
  /**
   * App processes on this machine, sharing one port (node:cluster): one Node process uses one CPU
   * core. Set it to the number of cores the app may use (docs/operations.md).
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
});

export type Env = Omit<z.infer<typeof EnvSchema>, "BUILD_DIR" | "SEED_DEMO"> & {
  seedDemo: boolean;
  serverBuildPath: string;
  assetsDir: string;
  SESSION_SECRET: string;
  LOOKUP_HMAC_KEY: string;
  databaseKind: "sqlite" | "postgresql";
};

function readOrCreateSecrets(dataDir: string): { SESSION_SECRET: string; LOOKUP_HMAC_KEY: string } {
  const file = path.resolve(dataDir, "secrets.json");
  if (existsSync(file)) {
    return z
      .object({ SESSION_SECRET: secret, LOOKUP_HMAC_KEY: secret })
      .parse(JSON.parse(readFileSync(file, "utf8")));
  }
  const created = {
    SESSION_SECRET: randomBytes(32).toString("hex"),
    LOOKUP_HMAC_KEY: randomBytes(32).toString("hex"),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(created, null, 2) + "\n", { mode: 0o600 });
  return created;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration in the environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  let { SESSION_SECRET, LOOKUP_HMAC_KEY } = env;
  if (!SESSION_SECRET || !LOOKUP_HMAC_KEY) {
    if (env.NODE_ENV === "production") {
      const missing = [!SESSION_SECRET && "SESSION_SECRET", !LOOKUP_HMAC_KEY && "LOOKUP_HMAC_KEY"].filter(Boolean);
      throw new Error(
        `Refusing to start in production without ${missing.join(" and ")}. ` +
          "Set each to a random value of at least 32 characters (e.g. `openssl rand -hex 32`) and keep LOOKUP_HMAC_KEY safe: " +
          "stored lookup keys cannot be recomputed without it.",
      );
    }
    const generated = readOrCreateSecrets(env.DATA_DIR);
    SESSION_SECRET ??= generated.SESSION_SECRET;
    LOOKUP_HMAC_KEY ??= generated.LOOKUP_HMAC_KEY;
  }
  const { BUILD_DIR, SEED_DEMO, ...rest } = env;
  return {
    ...rest,
    seedDemo: SEED_DEMO === undefined ? env.NODE_ENV !== "production" : SEED_DEMO === "true" || SEED_DEMO === "1",
    serverBuildPath: path.resolve(BUILD_DIR ? path.join(BUILD_DIR, "index.js") : "build/index.js"),
    assetsDir: path.resolve(BUILD_DIR ? path.join(BUILD_DIR, "assets") : "public/build"),
    SESSION_SECRET,
    LOOKUP_HMAC_KEY,
    databaseKind: env.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgresql",
  };
}

let cached: Env | undefined;

/** The parsed configuration; the first call parses and validates it. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
