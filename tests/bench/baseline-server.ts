/**
 * The raw baseline for the lookup benchmark: a bare node:http server that answers the same JSON
 * request as POST /api/v1/lookups with the same indexed query, and nothing else (no framework, no
 * token check, no rate limit, no Lookup row or audit entry, no ranking):
 *
 *   parse the JSON body → normalise the phone number (the app's own pure function) → HMAC-SHA256
 *   with the same key → one prepared statement on the (incidentId, phoneKey) index → JSON answer.
 *
 *   npx tsx tests/bench/baseline-server.ts --port 4100 --database file:/path/to.db --incident cou-2017
 *   npx tsx tests/bench/baseline-server.ts --port 4100 --database postgresql://... --incident cou-2017
 *
 * LOOKUP_HMAC_KEY comes from the environment, as for the app. Prints "listening" when ready.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { normalisePhone } from "~/domain/normalise";

const { values } = parseArgs({
  options: { port: { type: "string" }, database: { type: "string" }, incident: { type: "string" }, pool: { type: "string", default: "10" } },
});
const key = process.env.LOOKUP_HMAC_KEY;
if (!values.port || !values.database || !values.incident || !key) {
  process.stderr.write("Usage: LOOKUP_HMAC_KEY=… npx tsx tests/bench/baseline-server.ts --port P --database URL --incident SLUG\n");
  process.exit(2);
}

const SELECT = `SELECT "id", "cardLast4", "transactionAt" FROM "AffectedRecord" WHERE "incidentId" = $1 AND "phoneKey" = $2 ORDER BY "id" LIMIT 25`;
type Row = { id: string; cardLast4: string | null; transactionAt: unknown };
let find: (incidentId: string, phoneKey: string) => Promise<Row[]>;
let incidentId: string;

if (values.database.startsWith("file:")) {
  const db = new Database(values.database.slice("file:".length), { readonly: true });
  db.pragma("journal_mode = WAL");
  const statement = db.prepare<[string, string], Row>(SELECT.replace(/\$\d/g, "?"));
  find = async (incident, phoneKey) => statement.all(incident, phoneKey);
  incidentId = (db.prepare(`SELECT "id" FROM "Incident" WHERE "slug" = ?`).get(values.incident) as { id: string }).id;
} else {
  const pool = new pg.Pool({ connectionString: values.database, max: Number(values.pool) });
  // A named query is prepared once per connection by the server, like a prepared statement.
  find = async (incident, phoneKey) => (await pool.query<Row>({ name: "lookup", text: SELECT, values: [incident, phoneKey] })).rows;
  incidentId = (await pool.query<{ id: string }>(`SELECT "id" FROM "Incident" WHERE "slug" = $1`, [values.incident])).rows[0]!.id;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    void (async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { phone?: string };
        const phone = typeof body.phone === "string" ? normalisePhone(body.phone) : null;
        const rows = phone ? await find(incidentId, createHmac("sha256", key).update(`phone\u0000${phone}`).digest("hex")) : [];
        res.writeHead(200, { "Content-Type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ outcome: rows.length ? "affected" : "not_found", matches: rows.map((r) => ({ last4: r.cardLast4 })) }));
      } catch {
        res.writeHead(400).end();
      }
    })();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(values.port), "127.0.0.1", () => process.stdout.write("listening\n"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
