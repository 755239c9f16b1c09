/**
 * Fault 2: kill -9 of the web server while supervisors batch waiver requests for the card companies.
 *
 * Thousands of checked ("verified") reissue-fee waiver requests are put in the demo database,
 * spread over four card companies. A supervisor then works through /staff/waivers/batches as a
 * browser would: each card company's form (the page shows 500 requests per company, all ticked)
 * makes a batch, and each draft batch is marked sent (app/models/waiver-batch.server.ts: both are
 * one transaction each, their audit entries included).
 *
 * Both transactions are short, so one kill proves little: the server is killed again and again
 * (--kills), each time while it is inside a write transaction (seen from outside: on SQLite the
 * WAL write lock in /proc/locks, on PostgreSQL a transaction id held in pg_locks), on the 1st to
 * 6th such moment, picked at random. After every kill and restart: no half-made batch, no request
 * in two batch files, every batch's file lists exactly its requests, the counts add up; the form
 * that got no answer is sent again, as the supervisor would. At the end the work is finished
 * without kills: every request in exactly one batch and one sent file.
 *
 * Batch files are not stored: the file is made from the database when it is downloaded, so "a
 * batch with its file or without" cannot happen; the check is that each download matches its batch.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { openKeyFor, waiverReferenceFromBytes } from "~/domain/waiver-rules";
import { processTree, startApp } from "../harness";
import type { RunningApp } from "../harness";
import { FaultRecord, number, sleep, track } from "./common";
import type { Engine } from "./common";
import { appSessionsGone, openPostgres, sqliteIntegrity, withSql } from "../scratch-databases";
import type { ScratchDatabase, ScratchDatabases, Sql } from "../scratch-databases";
import { Browser, NO_ANSWER, SUPERVISOR } from "./http";

const INCIDENT = "coocom-2015";
/** Shares of the requests per card company (the first four of the seeded list). */
const SHARES = [0.4, 0.3, 0.2, 0.1];
/** The batches page offers (and ticks) at most this many requests per card company. */
const PAGE_PER_COMPANY = 500;
/** A kill lands on the 1st to this-many-th write transaction of a run. */
const LATEST_KILL = 6;
/**
 * Requests added before a run whose work could end before its kill (earlier runs did most of it):
 * one per company and more, so the run has at least eight transactions (four batches, four sends).
 */
const TOP_UP = 400;

type Setup = { incidentId: string; companies: { id: string; code: string; requests: number }[] };

/**
 * Verified requests straight into the database, as if customers had asked and staff had checked
 * them: `total` new requests for the affected records after the first `skip` (those already have one).
 */
async function addVerifiedRequests(sql: Sql, total: number, skip = 0): Promise<Setup> {
  const [incident] = await sql.all<{ id: string }>(`SELECT "id" FROM "Incident" WHERE "slug" = $1`, [INCIDENT]);
  if (!incident) throw new Error(`No incident ${INCIDENT} in the demo data`);
  const records = await sql.all<{ id: string; cardLast4: string; cardBrand: string | null; nameKanji: string | null }>(
    `SELECT "id", "cardLast4", "cardBrand", "nameKanji" FROM "AffectedRecord" WHERE "incidentId" = $1 AND "cardLast4" IS NOT NULL ORDER BY "id" LIMIT ${total} OFFSET ${skip}`,
    [incident.id],
  );
  if (records.length < total) throw new Error(`Only ${records.length} affected records with a card in ${INCIDENT}`);
  const cards = await sql.all<{ id: string; code: string }>(
    `SELECT "id", "code" FROM "CardCompany" ORDER BY "position", "code" LIMIT ${SHARES.length}`,
  );
  const companies = cards.map((c, i) => ({ ...c, requests: Math.round(total * SHARES[i]!) }));
  companies[0]!.requests += total - companies.reduce((n, c) => n + c.requests, 0);
  const now = Date.now();
  const rows: unknown[][] = [];
  let i = 0;
  for (const company of companies) {
    for (let k = 0; k < company.requests; k++, i++) {
      const r = records[i]!;
      const createdAt = new Date(now - (total - i) * 1000);
      rows.push([
        `fw${randomUUID().replace(/-/g, "")}`,
        waiverReferenceFromBytes(randomBytes(8)),
        incident.id,
        r.id,
        company.id,
        r.cardBrand,
        r.cardLast4,
        r.nameKanji ?? "対象者",
        createdAt,
        "self-check",
        "verified",
        openKeyFor({ affectedRecordId: r.id, last4: r.cardLast4, status: "verified" }),
        createdAt,
        createdAt,
      ]);
    }
  }
  const columns = `"id", "reference", "incidentId", "affectedRecordId", "cardCompanyId", "cardBrand", "cardLast4", "contactName", "consentAt", "source", "status", "openKey", "createdAt", "updatedAt"`;
  await sql.run("BEGIN");
  for (let start = 0; start < rows.length; start += 200) {
    const chunk = rows.slice(start, start + 200);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(", ")})`);
    await sql.run(`INSERT INTO "WaiverRequest" (${columns}) VALUES ${tuples.join(", ")}`, params);
  }
  await sql.run("COMMIT");
  return { incidentId: incident.id, companies };
}

/**
 * How many write transactions the supervisor's work has left: one "make a batch" per card company
 * and page of unbatched requests, one "mark sent" per draft batch and per batch still to be made.
 */
async function transactionsLeft(sql: Sql, incidentId: string): Promise<number> {
  const unbatched = await sql.all<{ n: number | string }>(
    `SELECT count(*) AS n FROM "WaiverRequest" WHERE "incidentId" = $1 AND "batchId" IS NULL AND "status" = 'verified' GROUP BY "cardCompanyId"`,
    [incidentId],
  );
  const creates = unbatched.reduce((sum, row) => sum + Math.ceil(Number(row.n) / PAGE_PER_COMPANY), 0);
  const drafts = await scalar(sql, `SELECT count(*) AS n FROM "WaiverBatch" WHERE "incidentId" = $1 AND "status" = 'draft'`, [incidentId]);
  return creates * 2 + drafts;
}

// ---------------------------------------------------------------------------------------
// Seeing the app inside a write transaction, from outside
// ---------------------------------------------------------------------------------------

type LockProbe = { held: () => Promise<boolean>; close: () => Promise<void> };

/**
 * SQLite in WAL mode: a writer holds a POSIX write lock on byte 120 of the -shm file (WAL_WRITE_LOCK)
 * from its first write to its commit. /proc/locks shows it without touching the database.
 */
function sqliteProbe(db: ScratchDatabase, app: RunningApp): LockProbe {
  const inode = statSync(`${db.name}-shm`).ino;
  const pids = new Set(processTree(app.child.pid!).map(String));
  const pattern = new RegExp(`POSIX\\s+ADVISORY\\s+WRITE\\s+(\\d+)\\s+[0-9a-f]+:[0-9a-f]+:${inode}\\s+120\\s+120`);
  return {
    held: async () => {
      const match = pattern.exec(readFileSync("/proc/locks", "utf8"));
      return match !== null && pids.has(match[1]!);
    },
    close: async () => undefined,
  };
}

/** PostgreSQL: a backend of the app holding a transaction id has written in an open transaction. */
async function postgresProbe(db: ScratchDatabase): Promise<LockProbe> {
  const sql = await openPostgres(db.env.DATABASE_URL);
  return {
    held: async () => {
      const [row] = await sql.all<{ n: string }>(
        `SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE a.datname = $1 AND a.application_name = 'madoguchi' AND l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock'`,
        [db.name],
      );
      return Number(row?.n ?? 0) > 0;
    },
    close: () => sql.close(),
  };
}

// ---------------------------------------------------------------------------------------
// The supervisor's work
// ---------------------------------------------------------------------------------------

type Form = { action: string; cardCompanyId: string; requestIds: string[] };

/** The "make a batch" forms of the batches page: one per card company, with the ticked request ids. */
function candidateForms(html: string): Form[] {
  const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
  return html
    .split('<section class="card batch-candidates"')
    .slice(1)
    .map((section) => {
      const inputs = section.match(/<input [^>]*>/g) ?? [];
      const action = /<form method="post" action="([^"]+)"/.exec(section)?.[1]?.replace(/&amp;/g, "&") ?? "";
      return {
        action,
        cardCompanyId: attr(inputs.find((i) => attr(i, "name") === "cardCompanyId") ?? "", "value") ?? "",
        requestIds: inputs
          .filter((i) => attr(i, "type") === "checkbox" && attr(i, "name") === "request" && attr(i, "checked") !== null)
          .map((i) => attr(i, "value") ?? ""),
      };
    })
    .filter((f) => f.action && f.cardCompanyId && f.requestIds.length > 0);
}

type Post = { label: string; target: string; fields: Record<string, string | string[]> };
type Work = { posts: number; answered: number; inFlight: string | null; unanswered: Post | null };

const newWork = (): Work => ({ posts: 0, answered: 0, inFlight: null, unanswered: null });

async function draftBatchIds(db: ScratchDatabase, incidentId: string): Promise<string[]> {
  const rows = await withSql(db, (sql) =>
    sql.all<{ id: string }>(
      `SELECT "id" FROM "WaiverBatch" WHERE "incidentId" = $1 AND "status" = 'draft' ORDER BY "createdAt", "id"`,
      [incidentId],
    ),
  );
  return rows.map((r) => r.id);
}

/**
 * Makes batches of everything the page offers and marks drafts sent (in the given order) until
 * nothing is left or the server stops answering.
 */
async function doWork(
  browser: Browser,
  db: ScratchDatabase,
  incidentId: string,
  order: ("create" | "send")[],
  work: Work,
): Promise<void> {
  const post = async (label: string, target: string, fields: Record<string, string | string[]>) => {
    work.posts += 1;
    work.inFlight = label;
    const answer = await browser.post(target, fields, 60_000);
    if (answer.status === NO_ANSWER) {
      work.unanswered = { label, target, fields };
      return false;
    }
    work.inFlight = null;
    work.answered += 1;
    if (answer.status !== 302) throw new Error(`${label} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    return true;
  };
  for (;;) {
    let progress = false;
    for (const phase of order) {
      if (phase === "create") {
        work.inFlight = "open the batches page";
        const page = await browser.get("/staff/waivers/batches", 60_000);
        if (page.status === NO_ANSWER) return;
        work.inFlight = null;
        for (const form of candidateForms(page.body)) {
          if (
            !(await post(`make a batch of ${form.requestIds.length} requests`, form.action, {
              cardCompanyId: form.cardCompanyId,
              request: form.requestIds,
            }))
          )
            return;
          progress = true;
        }
      } else {
        for (const id of await draftBatchIds(db, incidentId)) {
          if (!(await post(`mark batch ${id.slice(-8)} sent`, `/staff/waivers/batches/${id}`, { intent: "send" }))) return;
          progress = true;
        }
      }
    }
    if (!progress) return;
  }
}

/**
 * The supervisor sends again the form that got no answer because of the kill (same request ids or
 * the same batch): 302 if it had not been applied, 409 if it had; never an error, never twice.
 */
async function replay(record: FaultRecord, browser: Browser, post: Post, label: string): Promise<void> {
  const answer = await browser.post(post.target, post.fields, 60_000);
  record.check(
    `${label}: "${post.label}" sent again (it got no answer) is applied now (302) or refused as already done (409)`,
    answer.status === 302 || answer.status === 409,
    String(answer.status),
  );
}

async function openAsSupervisor(app: RunningApp): Promise<Browser> {
  const browser = new Browser(app.url);
  if (!(await browser.login(SUPERVISOR.email, SUPERVISOR.password))) throw new Error("The supervisor could not log in");
  await browser.get("/staff");
  const chosen = await browser.post("/staff/incident", { incident: INCIDENT, redirectTo: "/staff/waivers/batches" });
  if (chosen.status !== 302) throw new Error(`Choosing the incident failed (${chosen.status})`);
  return browser;
}

// ---------------------------------------------------------------------------------------
// What must hold after every kill
// ---------------------------------------------------------------------------------------

type State = { batches: number; drafts: number; sent: number; unbatched: number; inDrafts: number; sentRequests: number };

async function scalar(sql: Sql, query: string, params: unknown[]): Promise<number> {
  const [row] = await sql.all<{ n: number | string }>(query, params);
  return Number(row?.n ?? 0);
}

async function checkConsistency(
  record: FaultRecord,
  db: ScratchDatabase,
  browser: Browser,
  setup: Setup,
  total: number,
  label: string,
): Promise<State> {
  return withSql(db, (sql) => consistency(record, sql, browser, setup, total, label));
}

async function consistency(
  record: FaultRecord,
  sql: Sql,
  browser: Browser,
  setup: Setup,
  total: number,
  label: string,
): Promise<State> {
  const p = [setup.incidentId];
  const n = (query: string) => scalar(sql, query, p);
  const state: State = {
    batches: await n(`SELECT count(*) AS n FROM "WaiverBatch" WHERE "incidentId" = $1`),
    drafts: await n(`SELECT count(*) AS n FROM "WaiverBatch" WHERE "incidentId" = $1 AND "status" = 'draft'`),
    sent: await n(`SELECT count(*) AS n FROM "WaiverBatch" WHERE "incidentId" = $1 AND "status" = 'sent'`),
    unbatched: await n(
      `SELECT count(*) AS n FROM "WaiverRequest" WHERE "incidentId" = $1 AND "batchId" IS NULL AND "status" = 'verified'`,
    ),
    inDrafts: await n(
      `SELECT count(*) AS n FROM "WaiverRequest" r JOIN "WaiverBatch" b ON b."id" = r."batchId" WHERE r."incidentId" = $1 AND b."status" = 'draft' AND r."status" = 'verified'`,
    ),
    sentRequests: await n(
      `SELECT count(*) AS n FROM "WaiverRequest" r JOIN "WaiverBatch" b ON b."id" = r."batchId" WHERE r."incidentId" = $1 AND b."status" = 'sent' AND r."status" = 'sent'`,
    ),
  };
  record.step(
    `${label}: ${state.batches} batches (${state.drafts} draft, ${state.sent} sent); requests: ${number(state.unbatched)} in no batch, ${number(state.inDrafts)} in drafts, ${number(state.sentRequests)} sent`,
  );
  const problems: string[] = [];
  const none = async (what: string, query: string) => {
    const found = await n(query);
    if (found > 0) problems.push(`${found} ${what}`);
  };
  await none(
    "batch(es) without requests (half-made)",
    `SELECT count(*) AS n FROM "WaiverBatch" b WHERE b."incidentId" = $1 AND NOT EXISTS (SELECT 1 FROM "WaiverRequest" r WHERE r."batchId" = b."id")`,
  );
  await none(
    "request(s) in a batch of another card company",
    `SELECT count(*) AS n FROM "WaiverRequest" r JOIN "WaiverBatch" b ON b."id" = r."batchId" WHERE r."incidentId" = $1 AND r."cardCompanyId" <> b."cardCompanyId"`,
  );
  await none(
    "request(s) of a draft batch not in 'verified'",
    `SELECT count(*) AS n FROM "WaiverRequest" r JOIN "WaiverBatch" b ON b."id" = r."batchId" WHERE r."incidentId" = $1 AND b."status" = 'draft' AND r."status" <> 'verified'`,
  );
  await none(
    "request(s) of a sent batch not in 'sent'",
    `SELECT count(*) AS n FROM "WaiverRequest" r JOIN "WaiverBatch" b ON b."id" = r."batchId" WHERE r."incidentId" = $1 AND b."status" = 'sent' AND r."status" <> 'sent'`,
  );
  await none(
    "sent batch(es) without a sending time",
    `SELECT count(*) AS n FROM "WaiverBatch" WHERE "incidentId" = $1 AND "status" = 'sent' AND "sentAt" IS NULL`,
  );
  await none(
    "'sent' request(s) outside a sent batch",
    `SELECT count(*) AS n FROM "WaiverRequest" r LEFT JOIN "WaiverBatch" b ON b."id" = r."batchId" WHERE r."incidentId" = $1 AND r."status" = 'sent' AND (b."id" IS NULL OR b."status" <> 'sent')`,
  );
  await none(
    "request(s) whose number of 'sent' events is not 1 if sent, 0 if not",
    `SELECT count(*) AS n FROM "WaiverRequest" r WHERE r."incidentId" = $1 AND
       (SELECT count(*) FROM "WaiverEvent" e WHERE e."requestId" = r."id" AND e."status" = 'sent') <> (CASE WHEN r."status" = 'sent' THEN 1 ELSE 0 END)`,
  );
  const allOurs = await n(`SELECT count(*) AS n FROM "WaiverRequest" WHERE "incidentId" = $1`);
  if (allOurs !== total) problems.push(`${allOurs} requests in the incident instead of ${total}`);
  if (state.unbatched + state.inDrafts + state.sentRequests !== total)
    problems.push(`no batch ${state.unbatched} + drafts ${state.inDrafts} + sent ${state.sentRequests} ≠ ${total}`);
  record.check(
    `${label}: batches and requests consistent, counts add up to ${number(total)}`,
    problems.length === 0,
    problems.join("; ") || "no half-made batch, no mixed batch, statuses and events match",
  );

  // Each batch's file, as the supervisor downloads it, against the database.
  const batches = await sql.all<{ id: string; status: string }>(
    `SELECT "id", "status" FROM "WaiverBatch" WHERE "incidentId" = $1`,
    p,
  );
  const seen = new Map<string, string>();
  const fileProblems: string[] = [];
  let fileRows = 0;
  for (const batch of batches) {
    const expected = await sql.all<{ reference: string }>(
      batch.status === "draft"
        ? `SELECT "reference" FROM "WaiverRequest" WHERE "batchId" = $1 AND "status" = 'verified'`
        : `SELECT r."reference" FROM "WaiverRequest" r WHERE r."batchId" = $1 AND EXISTS (SELECT 1 FROM "WaiverEvent" e WHERE e."requestId" = r."id" AND e."status" = 'sent')`,
      [batch.id],
    );
    const file = await browser.get(`/staff/waivers/batches/${batch.id}/batch.csv`, 60_000);
    if (file.status !== 200) {
      fileProblems.push(`batch ${batch.id}: download answered ${file.status}`);
      continue;
    }
    const rows = (parse(file.body, { bom: true, relax_column_count: true }) as string[][]).slice(1).filter((r) => r.length > 1);
    const references = rows.map((r) => r[0]!);
    fileRows += references.length;
    const want = new Set(expected.map((e) => e.reference));
    if (references.length !== want.size || references.some((r) => !want.has(r)))
      fileProblems.push(`batch ${batch.id}: file has ${references.length} rows, the batch ${want.size} requests`);
    for (const ref of references) {
      if (seen.has(ref)) fileProblems.push(`${ref} in the files of batches ${seen.get(ref)} and ${batch.id}`);
      seen.set(ref, batch.id);
    }
  }
  record.check(
    `${label}: every batch's downloaded file lists exactly its requests, no request in two files`,
    fileProblems.length === 0,
    fileProblems.slice(0, 5).join("; ") ||
      `${batches.length} files, ${number(fileRows)} rows, ${number(seen.size)} distinct references`,
  );
  return state;
}

/** Audit entries are written inside each transaction: a kill must never leave a change without its entry. */
async function auditGaps(sql: Sql, incidentId: string) {
  const p = [incidentId];
  return {
    batchesWithoutCreateEntry: await scalar(
      sql,
      `SELECT count(*) AS n FROM "WaiverBatch" b WHERE b."incidentId" = $1 AND NOT EXISTS (SELECT 1 FROM "AuditLog" a WHERE a."action" = 'waiver_batch.create' AND a."entityId" = b."id")`,
      p,
    ),
    sentBatchesWithoutSendEntry: await scalar(
      sql,
      `SELECT count(*) AS n FROM "WaiverBatch" b WHERE b."incidentId" = $1 AND b."status" <> 'draft' AND NOT EXISTS (SELECT 1 FROM "AuditLog" a WHERE a."action" = 'waiver_batch.send' AND a."entityId" = b."id")`,
      p,
    ),
    sentRequestsWithoutStatusEntry: await scalar(
      sql,
      `SELECT count(*) AS n FROM "WaiverRequest" r WHERE r."incidentId" = $1 AND r."status" = 'sent' AND NOT EXISTS (SELECT 1 FROM "AuditLog" a WHERE a."action" = 'waiver.status_change' AND a."entityId" = r."id")`,
      p,
    ),
  };
}

// ---------------------------------------------------------------------------------------
// The fault
// ---------------------------------------------------------------------------------------

export async function runWaiverFault({
  engine,
  databases,
  tempDir,
  waivers,
  kills,
  buildDir,
}: {
  engine: Engine;
  databases: ScratchDatabases;
  tempDir: string;
  waivers: number;
  kills: number;
  buildDir: string;
}): Promise<FaultRecord> {
  const record = new FaultRecord("waivers", engine);
  const db = await databases.create("waivers");
  const logFile = `${tempDir}/app-waivers.log`;
  try {
    const setup = await withSql(db, (sql) => addVerifiedRequests(sql, waivers));
    record.step(
      `${number(waivers)} verified waiver requests added to ${INCIDENT}: ${setup.companies.map((c) => `${c.code} ${number(c.requests)}`).join(", ")}`,
    );
    const cycles: Record<string, unknown>[] = [];
    let unanswered: Post | null = null;
    let total = waivers;
    for (let cycle = 1; cycle <= kills; cycle++) {
      const app = track(await startApp({ env: db.env, logFile, buildDir }));
      const browser = await openAsSupervisor(app);
      const label = cycle === 1 ? "before the first kill" : `after kill ${cycle - 1} and a restart`;
      await checkConsistency(record, db, browser, setup, total, label);
      if (unanswered) await replay(record, browser, unanswered, `after kill ${cycle - 1}`);
      // A kill needs work to land in: the earlier runs may have done nearly all of it.
      const left = await withSql(db, (sql) => transactionsLeft(sql, setup.incidentId));
      if (left < LATEST_KILL + 2) {
        const added = await withSql(db, (sql) => addVerifiedRequests(sql, TOP_UP, total));
        total += TOP_UP;
        record.step(
          `kill ${cycle}: only ${left} write transactions of work left, ${number(TOP_UP)} more verified requests added (${added.companies.map((c) => `${c.code} ${number(c.requests)}`).join(", ")}); ${number(total)} in all`,
        );
      }
      const order: ("create" | "send")[] = cycle % 2 === 1 ? ["create", "send"] : ["send", "create"];
      const killOn = 1 + Math.floor(Math.random() * LATEST_KILL);
      const probe = engine === "sqlite" ? sqliteProbe(db, app) : await postgresProbe(db);
      const work = newWork();
      let sightings = 0;
      let killedInTransaction = false;
      let stopProbe = false;
      const killer = (async () => {
        let wasHeld = false;
        while (!stopProbe) {
          const held = await probe.held();
          if (held && !wasHeld) {
            sightings += 1;
            if (sightings >= killOn) {
              await app.kill9();
              killedInTransaction = true;
              return;
            }
          }
          wasHeld = held;
          await sleep(engine === "sqlite" ? 1 : 2);
        }
      })();
      const started = Date.now();
      let workError: unknown = null;
      await doWork(browser, db, setup.incidentId, order, work).catch((error: unknown) => (workError = error));
      stopProbe = true;
      await killer;
      await probe.close();
      if (!killedInTransaction) await app.kill9();
      if (workError) throw workError;
      const landed = killedInTransaction
        ? `inside write transaction no. ${killOn} of this run, ${Date.now() - started} ms in, while "${work.inFlight ?? "between requests"}" waited for its answer`
        : `after the work ran out (${sightings} write transactions seen, wanted no. ${killOn})`;
      record.step(`kill ${cycle} (${order.join(" then ")}): kill -9 ${landed}; ${work.answered} of ${work.posts} posts answered`);
      cycles.push({
        cycle,
        order,
        killOn,
        killedInTransaction,
        inFlight: work.inFlight,
        posts: work.posts,
        answered: work.answered,
      });
      unanswered = work.unanswered;
      if (engine === "sqlite") {
        const integrity = sqliteIntegrity(db.name);
        record.check(`kill ${cycle}: PRAGMA integrity_check`, integrity === "ok", integrity);
      } else {
        record.check(
          `kill ${cycle}: no session of the killed server left in PostgreSQL (its open transaction rolled back)`,
          await appSessionsGone(db),
        );
      }
    }
    record.figure("kills", cycles);
    record.check(
      "most kills landed inside a write transaction (the moments that matter)",
      cycles.filter((c) => c.killedInTransaction).length >= Math.ceil(kills / 2),
      `${cycles.filter((c) => c.killedInTransaction).length} of ${kills}`,
    );

    // Finish the work without kills.
    const app = track(await startApp({ env: db.env, logFile, buildDir }));
    const browser = await openAsSupervisor(app);
    await checkConsistency(record, db, browser, setup, total, `after kill ${kills} and a restart`);
    if (unanswered) await replay(record, browser, unanswered, `after kill ${kills}`);
    record.step("re-running the work without kills: batches of everything left, every draft marked sent");
    const work = newWork();
    await doWork(browser, db, setup.incidentId, ["create", "send"], work);
    const end = await checkConsistency(record, db, browser, setup, total, "after the re-run");
    const candidates = candidateForms((await browser.get("/staff/waivers/batches")).body);
    record.check(
      "after the re-run every request is in exactly one sent batch and the page offers none",
      end.sentRequests === total && end.unbatched === 0 && end.inDrafts === 0 && candidates.length === 0,
      `${number(end.sentRequests)} of ${number(total)} sent in ${end.sent} batches`,
    );
    await app.stop();
    const gaps = await withSql(db, (sql) => auditGaps(sql, setup.incidentId));
    record.figure("auditGaps", gaps);
    record.check(
      "every batch and every sent request has its audit entry, kills or not",
      gaps.batchesWithoutCreateEntry === 0 && gaps.sentBatchesWithoutSendEntry === 0 && gaps.sentRequestsWithoutStatusEntry === 0,
      `${gaps.batchesWithoutCreateEntry} batch(es) without "waiver_batch.create", ${gaps.sentBatchesWithoutSendEntry} without "waiver_batch.send", ${number(gaps.sentRequestsWithoutStatusEntry)} sent request(s) without "waiver.status_change"`,
    );
  } catch (error) {
    record.check("the waiver fault ran to its end", false, error instanceof Error ? error.message : String(error));
  }
  return record.finish();
}
