/**
 * Scratch databases for the proof scripts (faults, load), each holding the demo data, and plain
 * SQL access to them for setting up and checking (this does not go through the app).
 *
 * SQLite: a copy of the harness's demo template in the run's temp folder.
 * PostgreSQL (127.0.0.1:5432): one template database migrated and seeded once per run with the
 * command line, then one `CREATE DATABASE … TEMPLATE` copy per fault or scenario (seconds, not a
 * reseed). `dropAll` drops them all, also after a failure.
 */
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { demoSqliteDatabase, out, runCli } from "./harness";

export type Engine = "sqlite" | "postgresql";

export const PG_HOST = "127.0.0.1";
export const PG_PORT = 5432;
const PG_SERVER = `postgresql://postgres@${PG_HOST}:${PG_PORT}`;

/** SQL with `$1, $2` parameters and double-quoted names runs on both engines. */
export type Sql = {
  all: <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
  /** Returns the number of rows changed. */
  run: (sql: string, params?: unknown[]) => Promise<number>;
  close: () => Promise<void>;
};

export type ScratchDatabase = {
  engine: Engine;
  /** The database's name (PostgreSQL) or file (SQLite). */
  name: string;
  /** DATABASE_URL and DATA_DIR for the app and the command line. */
  env: { DATABASE_URL: string; DATA_DIR: string };
  /** A new connection; close it when done. */
  connect: () => Promise<Sql>;
  /** One query on a connection of its own, closed at once; write `$1`, `$2` for parameters. */
  query: <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
};

/** PostgreSQL's $1, $2 become SQLite's plain ?, bound in the order they appear. */
function sqliteParams(sql: string, params: unknown[]): { text: string; values: unknown[] } {
  const order: number[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n) - 1);
    return "?";
  });
  return { text, values: order.map((i) => sqliteValue(params[i])) };
}

/** better-sqlite3 binds no Date or boolean: Prisma keeps dates as ISO text with +00:00, booleans as 0/1. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

export function openSqlite(file: string): Sql {
  const db = new Database(file, { fileMustExist: true, timeout: 10_000 });
  return {
    all: async <T>(sql: string, params: unknown[] = []) => {
      const { text, values } = sqliteParams(sql, params);
      return db.prepare(text).all(...values) as T[];
    },
    run: async (sql: string, params: unknown[] = []) => {
      const { text, values } = sqliteParams(sql, params);
      return db.prepare(text).run(...values).changes;
    },
    close: async () => {
      db.close();
    },
  };
}

export async function openPostgres(url: string): Promise<Sql> {
  const client = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
  await client.connect();
  return {
    all: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
    run: async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rowCount ?? 0,
    close: () => client.end(),
  };
}

export class ScratchDatabases {
  private readonly created: string[] = [];
  private template: string | null = null;

  /** `purpose` names the PostgreSQL databases (madoguchi_<purpose>_<pid>_…), so a leftover tells whose it was. */
  constructor(
    readonly engine: Engine,
    private readonly tempDir: string,
    private readonly purpose: string,
  ) {}

  /** A fresh database with the demo data for one fault or scenario. */
  async create(label: string): Promise<ScratchDatabase> {
    const dataDir = path.join(this.tempDir, label);
    const made = (name: string, env: ScratchDatabase["env"], connect: () => Promise<Sql>): ScratchDatabase => {
      const db: ScratchDatabase = {
        engine: this.engine,
        name,
        env,
        connect,
        query: (sql, params) => withSql(db, (c) => c.all(sql, params)),
      };
      return db;
    };
    if (this.engine === "sqlite") {
      const file = demoSqliteDatabase(path.join(dataDir, "madoguchi.db"));
      return made(file, { DATABASE_URL: `file:${file}`, DATA_DIR: dataDir }, async () => openSqlite(file));
    }
    const template = await this.pgTemplate();
    const name = `${template.replace(/_template$/, "")}_${label}`.toLowerCase();
    await this.admin(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    this.created.push(name);
    return made(name, { DATABASE_URL: `${PG_SERVER}/${name}`, DATA_DIR: dataDir }, () => openPostgres(`${PG_SERVER}/${name}`));
  }

  /** Migrated and seeded once per run (the command line, as an operator would). */
  private async pgTemplate(): Promise<string> {
    if (this.template) return this.template;
    const name = `madoguchi_${this.purpose}_${process.pid}_template`;
    await this.admin(`CREATE DATABASE "${name}"`);
    this.created.push(name);
    const env = { DATABASE_URL: `${PG_SERVER}/${name}`, DATA_DIR: path.join(this.tempDir, "template") };
    out(`Preparing the PostgreSQL template database ${name} (migrate + demo data, once)…`);
    const started = Date.now();
    runCli(["db", "migrate"], env);
    runCli(["db", "seed"], env);
    out(`  ready in ${Math.round((Date.now() - started) / 1000)} s`);
    this.template = name;
    return name;
  }

  async admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  /** Drops every database this run made (also when something failed half-way). */
  async dropAll(): Promise<void> {
    for (const name of this.created.reverse()) {
      try {
        await this.admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } catch (error) {
        out(`Could not drop ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.created.length = 0;
    this.template = null;
  }
}

/**
 * Runs `fn` on a new connection and closes it. Keep connections this short: the app's start-up
 * migration locks the SQLite file exclusively and fails while another process has it open.
 */
export async function withSql<T>(db: ScratchDatabase, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = await db.connect();
  try {
    return await fn(sql);
  } finally {
    await sql.close();
  }
}

/**
 * PostgreSQL: true once no session of the app (application_name "madoguchi") is left in the
 * database. After a kill -9 the server sees the closed socket and rolls back what was open.
 */
export async function appSessionsGone(db: ScratchDatabase, timeoutMs = 10_000): Promise<boolean> {
  return withSql(db, async (sql) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [row] = await sql.all<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'madoguchi'`,
        [db.name],
      );
      if (Number(row?.n ?? 0) === 0) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
}

/** SQLite's own check of the file: "ok" or the first problems it found. */
export function sqliteIntegrity(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join("; ");
  } finally {
    db.close();
  }
}
