/**
 * Prisma's schema engine as WebAssembly (@prisma/schema-engine-wasm), run in-process over a
 * driver adapter: the part of the offline migrations (docs/decisions/002) that does not depend
 * on the database engine. migrate.server.ts (SQLite) and migrate-postgres.server.ts use it.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine as SchemaEngineType } from "@prisma/schema-engine-wasm";
import type * as SchemaEngineWasm from "@prisma/schema-engine-wasm";

const require = createRequire(import.meta.url);

export type SchemaEngine = SchemaEngineType;
type EngineModule = typeof SchemaEngineWasm;
let enginePromise: Promise<EngineModule> | undefined;

/** Loads the wasm glue and instantiates the .wasm bytes ourselves (Node 20 cannot import .wasm). Once per process. */
export function loadEngineModule(): Promise<EngineModule> {
  enginePromise ??= (async () => {
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import(gluePath)) as EngineModule & {
      __wbg_set_wasm: (exports: WebAssembly.Exports) => void;
    };
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return enginePromise;
}

/** No external tables or enums: the engine manages everything in the schema. */
export const noFilter = { externalTables: [], externalEnums: [] };

/**
 * Runs `run` with a schema engine connected through `factory`, then frees the engine and closes
 * every connection it opened (an open SQLite connection keeps a lock; an open pg pool keeps the
 * process alive). Driver errors reach the engine as "External error id#N": we put the real one
 * back into the message.
 */
export async function withSchemaEngine<T>(
  {
    factory,
    schemaPath,
    schema,
  }: {
    factory: SqlMigrationAwareDriverAdapterFactory;
    /** Only used in the engine's messages. */
    schemaPath: string;
    schema: string;
  },
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const mod = await loadEngineModule();
  const opened: SqlDriverAdapter[] = [];
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    const connection = await connect();
    opened.push(connection);
    return connection;
  };
  const adapter = bindMigrationAwareSqlAdapterFactory({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(() => factory.connect()),
    connectToShadowDb: () => track(() => factory.connectToShadowDb()),
  });
  const logs: string[] = [];
  const engine = await mod.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, (line: string) => logs.push(line), adapter);
  try {
    return await run(engine);
  } catch (error) {
    const match = /External error id#(\d+)/.exec(String(error));
    const real = match ? adapter.errorRegistry.consumeError(Number(match[1])) : undefined;
    const detail = real ? JSON.stringify(real.error) : "";
    throw new Error(
      `Migration failed: ${String(error)} ${detail}\n${logs
        .slice(-3)
        .map((l) => l.slice(0, 400))
        .join("\n")}`,
    );
  } finally {
    engine.free();
    await Promise.all(opened.map((connection) => connection.dispose()));
  }
}
