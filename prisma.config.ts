// Prisma CLI configuration (Prisma 7 keeps the connection URL out of schema.prisma).
// The app itself never reads this file: it connects through app/utils/db.server.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/madoguchi.db" },
});
