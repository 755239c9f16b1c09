/**
 * Creates API tokens with the "lookups" scope for the lookup benchmark and prints them, one per
 * line (the benchmark spreads its requests over them: each token is limited to 600 lookups a
 * minute, like a real IVR's). Runs against DATABASE_URL.
 *
 *   DATABASE_URL=… npx tsx tests/bench/api-tokens.ts --count 200
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { count: { type: "string", default: "200" } } });
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) throw new Error("--count must be a positive whole number");
const { createApiToken } = await import("~/models/api-token.server");
const { prisma } = await import("~/utils/db.server");
const lines: string[] = [];
for (let i = 0; i < count; i++) {
  const created = await createApiToken({ name: `bench ${i + 1}`, scopes: ["lookups"], createdById: null, actor: { type: "system", label: "bench" } });
  lines.push(created.token);
}
process.stdout.write(lines.join("\n") + "\n");
await prisma.$disconnect();
