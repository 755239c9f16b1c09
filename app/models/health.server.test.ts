import type { StatsFs } from "node:fs";
import type * as FsPromises from "node:fs/promises";
import { getEnv } from "~/utils/env.server";
import { MIN_FREE_DISK_BYTES, checkHealth } from "./health.server";

// The storage of the SQLite file as the health check sees it; the real file system otherwise.
const storage = vi.hoisted(() => ({ freeBytes: null as number | null, writable: true }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    access: async (...args: Parameters<typeof real.access>) => {
      if (!storage.writable) throw Object.assign(new Error("read-only file system"), { code: "EROFS" });
      return real.access(...args);
    },
    statfs: async (folder: string): Promise<StatsFs> => {
      const stats = await real.statfs(folder);
      return storage.freeBytes === null ? stats : { ...stats, bsize: 4096, bavail: Math.floor(storage.freeBytes / 4096) };
    },
  };
});

afterEach(() => {
  storage.freeBytes = null;
  storage.writable = true;
});

// An embedded database is lost with its storage, not with a server: SQLite only.
describe.runIf(getEnv().databaseKind === "sqlite")("checkHealth on SQLite: the storage of the database file", () => {
  it("is healthy with room to write", async () => {
    storage.freeBytes = MIN_FREE_DISK_BYTES * 4;
    expect(await checkHealth()).toEqual({ ok: true, database: "sqlite", migrations: "current" });
  });

  it("reports a full disk, where reads still work but no form can be saved", async () => {
    storage.freeBytes = MIN_FREE_DISK_BYTES - 4096;
    expect(await checkHealth()).toEqual({ ok: false, database: "sqlite", migrations: "current", error: "disk full" });
  });

  it("reports a folder it can no longer write to (SQLite keeps its -wal and -shm files there)", async () => {
    storage.writable = false;
    expect(await checkHealth()).toEqual({
      ok: false,
      database: "sqlite",
      migrations: "current",
      error: "database folder not writable",
    });
  });
});
