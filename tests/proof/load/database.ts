/**
 * Scratch databases for the load scripts, on SQLite or PostgreSQL, each holding the demo data,
 * plus a plain read-only SQL reader for the checks afterwards (it does not go through the app).
 *
 * SQLite: a copy of the harness's demo template, in the run's temp folder.
 * PostgreSQL (127.0.0.1:5432): one template database migrated and seeded once per run with the
 * command line, then one `CREATE DATABASE … TEMPLATE` copy per scenario (seconds, not a reseed).
 * Everything made here is dropped by `dropAll`.
 */
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { demoSqliteDatabase, out, runCli } from "../harness";

export type Engine = "sqlite" | "postgresql";

const PG_SERVER = "postgresql://postgres@127.0.0.1:5432";

export type ScratchDatabase = {
  engine: Engine;
  /** DATABASE_URL and DATA_DIR for the app. */
  env: { DATABASE_URL: string; DATA_DIR: string };
  /** Runs a read-only query; write `$1`, `$2` for parameters and quote table and column names. */
  query: <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
  close: () => Promise<void>;
};

export class ScratchDatabases {
  private readonly created: string[] = [];
  private template: string | null = null;

  constructor(
    readonly engine: Engine,
    private readonly tempDir: string,
  ) {}

  /** A fresh database with the demo data for one scenario. */
  async create(name: string): Promise<ScratchDatabase> {
    const dataDir = path.join(this.tempDir, name);
    if (this.engine === "sqlite") {
      const file = demoSqliteDatabase(path.join(dataDir, "madoguchi.db"));
      let reader: Database.Database | null = null;
      return {
        engine: "sqlite",
        env: { DATABASE_URL: `file:${file}`, DATA_DIR: dataDir },
        query: async <T>(sql: string, params: unknown[] = []) => {
          reader ??= new Database(file, { readonly: true, fileMustExist: true });
          // PostgreSQL's $1, $2 become SQLite's plain ?, bound in the order they appear.
          const order: number[] = [];
          const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
            order.push(Number(n) - 1);
            return "?";
          });
          return reader.prepare(text).all(...order.map((i) => params[i])) as T[];
        },
        close: async () => {
          reader?.close();
          reader = null;
        },
      };
    }
    const template = await this.pgTemplate();
    const db = `${template}_${name}`.toLowerCase();
    await this.admin(`CREATE DATABASE "${db}" TEMPLATE "${template}"`);
    this.created.push(db);
    let reader: pg.Client | null = null;
    return {
      engine: "postgresql",
      env: { DATABASE_URL: `${PG_SERVER}/${db}`, DATA_DIR: dataDir },
      query: async <T>(sql: string, params: unknown[] = []) => {
        if (!reader) {
          reader = new pg.Client({ connectionString: `${PG_SERVER}/${db}` });
          await reader.connect();
        }
        return (await reader.query(sql, params)).rows as T[];
      },
      close: async () => {
        await reader?.end();
        reader = null;
      },
    };
  }

  /** Drops every PostgreSQL database this run made (SQLite files go with the temp folder). */
  async dropAll(): Promise<void> {
    for (const db of [...this.created].reverse()) {
      await this.admin(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    }
    this.created.length = 0;
    this.template = null;
  }

  private async pgTemplate(): Promise<string> {
    if (this.template) return this.template;
    const name = `madoguchi_load_${process.pid}_${Date.now().toString(36)}`;
    await this.admin(`CREATE DATABASE "${name}"`);
    this.created.push(name);
    out(`Preparing the PostgreSQL database ${name} (migrate + demo data)…`);
    const env = { DATABASE_URL: `${PG_SERVER}/${name}`, DATA_DIR: path.join(this.tempDir, "template") };
    runCli(["db", "migrate"], env);
    runCli(["db", "seed"], env);
    this.template = name;
    return name;
  }

  private async admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}
