/**
 * For import tests, called from vi.hoisted() before any app module reads the environment:
 * moves this test file's database (and DATA_DIR) to a folder of its own.
 *
 * Why: the import writes batches through its own SQLite connection, opened by path
 * (app/models/import-writer.server.ts). tests/.tmp, where per-file.ts puts the database, is
 * emptied by every new Vitest run's global setup; a Prisma connection that is already open keeps
 * working on the deleted file, a connection opened later would not find it.
 */
export function isolateImportTestDatabase(label: string): string {
  const fs = process.getBuiltinModule("node:fs");
  const os = process.getBuiltinModule("node:os");
  const path = process.getBuiltinModule("node:path");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `madoguchi-${label}-`));
  const url = process.env.DATABASE_URL ?? "";
  // On PostgreSQL (npm run test:pg) each test file already has a database of its own.
  if (url.startsWith("file:")) {
    const db = path.join(dir, "test.db");
    fs.copyFileSync(url.replace(/^file:/, ""), db);
    process.env.DATABASE_URL = `file:${db}`;
  }
  process.env.DATA_DIR = dir;
  return dir;
}
