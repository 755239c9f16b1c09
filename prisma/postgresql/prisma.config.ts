// Prisma CLI configuration for PostgreSQL, for places where Prisma's native engine can be
// downloaded: `npx prisma migrate deploy --config prisma/postgresql/prisma.config.ts` applies
// prisma/migrations-postgresql to DATABASE_URL. The app itself migrates offline
// (app/utils/migrate-postgres.server.ts) and never reads this file. See docs/decisions/012-postgresql.md.
import path from "node:path";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "..", "migrations-postgresql") },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/madoguchi" },
});
