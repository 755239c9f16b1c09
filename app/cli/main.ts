/**
 * Madoguchi's command line: `npm run cli -- <command>`.
 *
 *   start                         build if needed, migrate, seed demo data on first start, serve
 *   db migrate                    apply pending migrations
 *   db migration NAME             create a migration from changes to prisma/schema.prisma
 *   db seed                       seed the demo data (only into an empty database)
 *   user create --email E --role R [--name N]   create a staff account; prints a one-time password
 *   token create --name N --scopes lookups,calls,contacts   create an API token; prints it once
 *   token list | token revoke --id ID
 *   import FILE --incident S --site S [--map col=field,...] [--encoding E] | import --resume JOBID
 *   email receive [--incident SLUG] < message.eml   log a raw email as an inquiry (mail server pipe)
 *   export KIND --format csv|xlsx --out FILE [filters]   stream an export to a file (app/cli/export-command.ts)
 *   purge [--dry-run]             apply the retention periods (app/cli/purge-command.ts)
 *   help
 */
import cluster from "node:cluster";
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ROLES } from "~/domain/roles";
import { newestMtime } from "./source-mtime";

const out = (line: string) => process.stdout.write(line + "\n");

/** Builds the app when there is no build or the sources are newer than it. */
export async function buildIfNeeded(): Promise<void> {
  const { getEnv } = await import("~/utils/env.server");
  const build = getEnv().serverBuildPath;
  const stale = !existsSync(build) || newestMtime(path.resolve("app")) > statSync(build).mtimeMs;
  if (!stale) return;
  out("Building the app (remix build)…");
  const remix = path.resolve("node_modules/@remix-run/dev/dist/cli.js");
  // Always a production build: its JSX runtime works under any NODE_ENV, a development one does not.
  const result = spawnSync(process.execPath, [remix, "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) throw new Error("The build failed; see the messages above.");
}

async function migrate(): Promise<void> {
  const { getEnv } = await import("~/utils/env.server");
  const { applyMigrations } = await import("~/utils/migrate.server");
  const applied = await applyMigrations({ databaseUrl: getEnv().DATABASE_URL });
  out(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date.");
}

/** Adds the demo data to an empty database: on start when SEED_DEMO allows it, always with `db seed`. */
async function seedIfEmpty({ explicit = false } = {}): Promise<void> {
  const { isDemoSeeded, seedDemoData } = await import("../../prisma/seed");
  const { prisma } = await import("~/utils/db.server");
  if (await isDemoSeeded()) return;
  const { getEnv } = await import("~/utils/env.server");
  if (!explicit && !getEnv().seedDemo) {
    out("Demo data not added (SEED_DEMO is off; it is off by default in production). Create the first admin with `npm run cli -- user create --email E --role admin`.");
    return;
  }
  if ((await prisma.user.count()) > 0 || (await prisma.incident.count()) > 0) {
    out("The database already holds data: demo data not added.");
    return;
  }
  out("First start: adding the demo data (the two cases, 24,643 synthetic affected customers, demo logins)…");
  const started = Date.now();
  const result = await seedDemoData({ log: out });
  out(`Demo data ready: ${result.incidents} incidents, ${result.affectedRecords} affected records in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

async function start(): Promise<void> {
  const { startServer } = await import("../server");
  // A worker of several (WEB_CONCURRENCY): the first process has built, migrated and seeded.
  if (cluster.isWorker) {
    await startServer({ handleSignals: true });
    return;
  }
  const { getEnv } = await import("~/utils/env.server");
  const env = getEnv(); // fail fast on bad configuration
  await buildIfNeeded();
  await migrate();
  await seedIfEmpty();
  if (env.WEB_CONCURRENCY === 1) {
    await startServer({ handleSignals: true });
    return;
  }
  const { superviseWorkers } = await import("./workers");
  superviseWorkers(env.WEB_CONCURRENCY, out);
}

const UserCreateArgs = z.object({
  email: z.string().email(),
  role: z.enum(ROLES),
  name: z.string().min(1).max(100).optional(),
});

async function userCreate(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } } });
  const parsed = UserCreateArgs.safeParse(values);
  if (!parsed.success) {
    throw new Error(`Usage: npm run cli -- user create --email E --role ${ROLES.join("|")} [--name N]\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  }
  const { createUser, emailInUse } = await import("~/models/user.server");
  const { recordAudit } = await import("~/utils/audit.server");
  if (await emailInUse(parsed.data.email)) throw new Error(`An account with ${parsed.data.email} already exists.`);
  const user = await createUser({ email: parsed.data.email, role: parsed.data.role, name: parsed.data.name ?? parsed.data.email.split("@")[0]! });
  await recordAudit({ actor: { type: "system", label: "cli" }, action: "user.create", entityType: "user", entityId: user.id, details: { role: parsed.data.role } });
  out(`Created ${parsed.data.role} ${user.email}`);
  out(`One-time password (shown once; they must change it at first login): ${user.password}`);
}

async function tokenCommand(sub: "create" | "list" | "revoke", args: string[]): Promise<void> {
  const { parseScopes, createApiToken, listApiTokens, revokeApiToken, API_SCOPES } = await import("~/models/api-token.server");
  const actor = { type: "system", label: "cli" } as const;
  if (sub === "list") {
    for (const tk of await listApiTokens()) {
      out(`${tk.id}  ${tk.tokenPrefix}…  ${tk.name}  [${tk.scopes.join(",")}]  ${tk.revokedAt ? `revoked ${tk.revokedAt.toISOString()}` : "active"}`);
    }
    return;
  }
  if (sub === "revoke") {
    const { values } = parseArgs({ args, options: { id: { type: "string" } } });
    if (!values.id) throw new Error("Usage: npm run cli -- token revoke --id ID (see token list)");
    if (!(await revokeApiToken({ id: values.id, actor }))) throw new Error(`No API token with id ${values.id}.`);
    out(`Revoked API token ${values.id}.`);
    return;
  }
  const { values } = parseArgs({ args, options: { name: { type: "string" }, scopes: { type: "string" } } });
  const scopes = values.scopes ? parseScopes(values.scopes) : null;
  const name = values.name?.trim() ?? "";
  if (!name || name.length > 100 || !scopes) {
    throw new Error(`Usage: npm run cli -- token create --name NAME --scopes ${API_SCOPES.join(",")} (a comma-separated subset)`);
  }
  const created = await createApiToken({ name, scopes, createdById: null, actor });
  out(`Created API token "${created.name}" (${created.id}) with scopes ${created.scopes.join(",")}.`);
  out("The token is shown once; store it now (only its hash is kept):");
  out(created.token);
}

const HELP = `Madoguchi command line. Usage: npm run cli -- <command>

  start                        build if needed, migrate, seed demo data on first start, serve on PORT (3000)
  db migrate                   apply pending migrations (no native Prisma engine needed)
  db migration NAME            create a migration from changes to prisma/schema.prisma
  db seed                      add the demo data to an empty database
  user create --email E --role agent|supervisor|admin [--name N]
                               create a staff account and print its one-time password
  token create --name NAME --scopes lookups,calls,contacts
                               create an API token for an IVR/CTI integration; prints it once
  token list                   list API tokens (prefix, scopes, status)
  token revoke --id ID         revoke an API token at once
  import FILE --incident SLUG --site SLUG [--map col=field,...] [--encoding utf-8|cp932]
                               import an affected-customer CSV (again: continues an unfinished import of it)
  import --resume JOBID [FILE] continue an interrupted or failed import
  email receive [--incident SLUG] < message.eml
                               log one raw email from standard input as an inquiry (mail server pipe)
  export contacts|lookups|waivers|audit --format csv|xlsx --out FILE [--from D] [--to D] [--incident SLUG]
                               stream an export to a file (no row limit; audited like a download)
  purge [--dry-run]            delete or anonymise data past its retention period (see docs/operations.md)
`;

export async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === "import") return (await import("./import-command")).importCommand(argv.slice(1), out);
  if (command === "export") return (await import("./export-command")).exportCommand(argv.slice(1), out);
  if (command === "purge") return (await import("./purge-command")).purgeCommand(argv.slice(1), out);
  switch (`${command ?? ""} ${sub ?? ""}`.trim()) {
    case "start":
      return start();
    case "setup":
      await buildIfNeeded();
      await migrate();
      return seedIfEmpty();
    case "db migrate":
      return migrate();
    case "db migration": {
      const name = rest[0];
      if (!name || !/^[a-z0-9_]+$/i.test(name)) throw new Error("Usage: npm run db:migration -- NAME (letters, digits, _)");
      // Both engines from one schema change (docs/decisions/012-postgresql.md). The PostgreSQL
      // migration is diffed on a scratch database created (and dropped) on the server of PG_TEST_URL.
      const { writePostgresSchema } = await import("./schema-variants.mjs");
      if (writePostgresSchema()) out("Updated prisma/postgresql/schema.prisma (run `node app/cli/prisma-generate.mjs` to regenerate the clients).");
      const { createMigrations } = await import("~/utils/migrate.server");
      const created = await createMigrations({ name, postgresAdminUrl: process.env.PG_TEST_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" });
      if (created.sqlite) out(`Created prisma/migrations/${created.sqlite}/migration.sql`);
      if (created.postgresql) out(`Created prisma/migrations-postgresql/${created.postgresql}/migration.sql`);
      if (!created.sqlite && !created.postgresql) out("No schema changes: no migration created.");
      return;
    }
    case "db seed":
      await migrate();
      return seedIfEmpty({ explicit: true });
    case "user create":
      return userCreate(rest);
    case "token create":
    case "token list":
    case "token revoke":
      return tokenCommand(sub as "create" | "list" | "revoke", rest);
    case "email receive":
      return (await import("./email-command")).emailReceiveCommand(rest, out);
    default:
      out(HELP);
      if (command && command !== "help") process.exitCode = 2;
  }
}

main(process.argv.slice(2))
  .then(async () => {
    // `start` keeps running its server; other commands close the database and end.
    if (process.argv[2] !== "start") {
      const { prisma } = await import("~/utils/db.server");
      await prisma.$disconnect();
    }
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
