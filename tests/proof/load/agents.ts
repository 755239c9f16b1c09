/**
 * Scenario "agents": a whole call centre logging contacts at once.
 *
 * An admin creates the agent accounts on /staff/admin/users (one-time passwords, as in real use);
 * each agent logs in with the login form, is sent to /staff/account to replace the one-time
 * password, and opens the desk. Then all agents at the same time each save their contacts with
 * the desk's contact form (POST /staff/contacts/new with redirectTo=/staff/desk, CSRF token and
 * session cookie, as a browser without JavaScript sends it). Every note carries a unique marker.
 *
 * Afterwards the database is read directly: every marker exactly once, for the right agent, with
 * its first version and its audit entry; no 5xx; no SQLITE_BUSY (or, on PostgreSQL, no deadlock,
 * serialization or connection error) in the app's log.
 *
 * Login throttle: all agents of one call centre reach the desk from one address (its NAT), here
 * 127.0.0.1; the app is started with LOGIN_ATTEMPTS_PER_IP raised, the setting operations.md names
 * for exactly this case. Faking one address per agent with X-Forwarded-For would test a set-up
 * that the call centre does not have.
 */
import path from "node:path";
import { CONTACT_CATEGORIES, formatTokyoLocalDateTime } from "~/domain/contact-rules";
import { out, startApp } from "../harness";
import { Checks, finishScenario, formatLatency, latency, runningApps } from "./common";
import type { Latency } from "./common";
import type { ScratchDatabases } from "../scratch-databases";
import { Browser, Client, NO_ANSWER, statusCounts } from "./http";
import type { Answer } from "./http";
import { randomMobile, randomName, seededRandom } from "./random";

export type AgentsOptions = { agents: number; contactsPerAgent: number };

export type AgentsReport = {
  scenario: "agents";
  agents: number;
  contactsPerAgent: number;
  setupSeconds: number;
  loadSeconds: number;
  contactsPerSecond: number;
  statuses: Record<string, number>;
  latency: Latency;
  loginLatency: Latency;
  checks: Checks["list"];
};

const INCIDENT = "cou-2017";
const ADMIN = { email: "admin@example.jp", password: "madoguchi-admin" };
const NEW_PASSWORD = "load-agent-password-2026";

type Agent = { index: number; email: string; browser: Browser };

/** The marker in one contact's notes: run, agent and sequence number. */
const markerFor = (run: string, agent: number, seq: number) =>
  `[load ${run} a${String(agent).padStart(2, "0")} n${String(seq).padStart(4, "0")}]`;
const MARKER_RE = /\[load (\w+) a(\d+) n(\d+)\]/;

const NOTES = [
  "カード再発行手数料について問い合わせ。手数料は当社負担と案内。",
  "対象かどうかの確認。氏名と電話番号で照合し、対象と案内。",
  "身に覚えのない請求があるとのこと。カード会社への連絡を案内。",
  "お知らせの到着が遅いとの苦情。お詫びし、経緯を説明。",
  "盗まれた情報の範囲について質問。カード番号と有効期限と説明。",
];

function contactFields(r: ReturnType<typeof seededRandom>, marker: string): Record<string, string | string[]> {
  const channel = r.next() < 0.8 ? "phone_in" : r.pick(["phone_out", "email_in"] as const);
  const phone = channel.startsWith("phone");
  const categories = [r.pick(CONTACT_CATEGORIES)];
  if (r.next() < 0.3) categories.push(r.pick(CONTACT_CATEGORIES));
  return {
    incident: INCIDENT,
    redirectTo: "/staff/desk",
    channel,
    startedAt: formatTokyoLocalDateTime(new Date(Date.now() - r.int(2, 15) * 60_000)),
    endedAt: "",
    talk: phone ? `${r.int(1, 12)}:${String(r.int(0, 59)).padStart(2, "0")}` : "",
    hold: phone ? `0:${String(r.int(0, 45)).padStart(2, "0")}` : "",
    acw: phone ? `${r.int(0, 3)}:${String(r.int(0, 59)).padStart(2, "0")}` : "",
    callerName: randomName(r),
    callerContact: randomMobile(r),
    reference: r.next() < 0.4 ? `COU-${r.int(10_000_000, 99_999_999)}` : "",
    categories: [...new Set(categories)],
    outcome: r.next() < 0.85 ? "resolved_first_contact" : "callback_needed",
    escalatedTo: "",
    notes: `${r.pick(NOTES)}\n${marker}`,
  };
}

export async function runAgentsScenario({
  databases,
  tempDir,
  options,
}: {
  databases: ScratchDatabases;
  tempDir: string;
  options: AgentsOptions;
}): Promise<AgentsReport> {
  const { agents: agentCount, contactsPerAgent } = options;
  const total = agentCount * contactsPerAgent;
  const run = Date.now().toString(36);
  out(
    `\n== Scenario "agents" on ${databases.engine}: ${agentCount} agents × ${contactsPerAgent} contacts = ${total} contacts at the same time ==`,
  );
  const checks = new Checks();
  const db = await databases.create("agents");
  const logFile = path.join(tempDir, "agents-app.log");
  const setupStarted = Date.now();
  const app = await startApp({
    env: { ...db.env, LOGIN_ATTEMPTS_PER_IP: String(agentCount * 3 + 20) },
    logFile,
  });
  runningApps.add(app);
  const client = new Client(app.url);
  const answers: { agent: number; seq: number; answer: Answer }[] = [];
  const loginTimes: number[] = [];
  let loadSeconds = 0;
  let setupSeconds = 0;
  const agents: Agent[] = [];
  try {
    out(
      `App on ${app.url} (log: ${path.relative(process.cwd(), logFile)}). An admin creates ${agentCount} agent accounts on /staff/admin/users…`,
    );
    const admin = new Browser(client);
    await admin.open("/login");
    const adminLogin = await admin.submit("/login", { email: ADMIN.email, password: ADMIN.password, redirectTo: "" });
    if (adminLogin.status !== 302) throw new Error(`The admin could not log in: ${adminLogin.status}`);
    await admin.open("/staff/admin/users");
    const oneTime: string[] = [];
    for (let i = 1; i <= agentCount; i++) {
      const email = `load-agent-${run}-${String(i).padStart(2, "0")}@example.jp`;
      const created = await admin.submit("/staff/admin/users", {
        intent: "create",
        email,
        name: `負荷試験 担当${i}`,
        role: "agent",
      });
      const password = /(?:一度だけ表示されます|shown only once): ([A-Za-z0-9]{16})/.exec(created.body)?.[1];
      if (created.status !== 200 || !password)
        throw new Error(`Creating ${email} failed: ${created.status} ${created.body.slice(0, 300)}`);
      oneTime.push(password);
      agents.push({ index: i, email, browser: new Browser(client) });
    }

    out(`Each agent logs in with the one-time password, sets a new one on /staff/account and opens the desk (all at once)…`);
    await Promise.all(
      agents.map(async (agent) => {
        const b = agent.browser;
        await b.open("/login");
        const login = await b.submit("/login", { email: agent.email, password: oneTime[agent.index - 1]!, redirectTo: "" });
        loginTimes.push(login.ms);
        if (login.status !== 302 || login.headers.location !== "/staff/account?first=1") {
          throw new Error(`${agent.email}: login gave ${login.status} → ${login.headers.location ?? "-"}`);
        }
        await b.open("/staff/account?first=1");
        const changed = await b.submit("/staff/account?first=1", {
          intent: "password",
          currentPassword: oneTime[agent.index - 1]!,
          newPassword: NEW_PASSWORD,
        });
        if (changed.status !== 200 || !changed.body.includes("パスワードを変更しました"))
          throw new Error(`${agent.email}: password change gave ${changed.status}`);
        const desk = await b.open("/staff/desk");
        if (desk.status !== 200 || !b.csrf) throw new Error(`${agent.email}: the desk gave ${desk.status}`);
      }),
    );
    setupSeconds = (Date.now() - setupStarted) / 1000;
    out(`  Start, accounts, logins and password changes took ${setupSeconds.toFixed(1)} s.`);

    out(`${agentCount} agents now save ${contactsPerAgent} contacts each through the desk's form, all at the same time…`);
    const loadStarted = performance.now();
    let done = 0;
    const progress = setInterval(
      () => out(`  … ${done} of ${total} saved (${((performance.now() - loadStarted) / 1000).toFixed(0)} s)`),
      10_000,
    );
    try {
      await Promise.all(
        agents.map(async (agent) => {
          const r = seededRandom(agent.index);
          for (let seq = 1; seq <= contactsPerAgent; seq++) {
            const answer = await agent.browser.submit("/staff/contacts/new", contactFields(r, markerFor(run, agent.index, seq)));
            answers.push({ agent: agent.index, seq, answer });
            done++;
          }
        }),
      );
    } finally {
      clearInterval(progress);
    }
    loadSeconds = (performance.now() - loadStarted) / 1000;
  } finally {
    client.close();
    await app.stop();
    runningApps.delete(app);
  }

  // ---- what the agents saw ----
  const statuses = statusCounts(answers.map((a) => a.answer));
  const times = latency(answers.map((a) => a.answer.ms));
  out(
    `Saved in ${loadSeconds.toFixed(1)} s: ${(answers.length / loadSeconds).toFixed(0)} contacts/s; answers ${JSON.stringify(statuses)}; ${formatLatency(times)}`,
  );
  out(`Logins: ${formatLatency(latency(loginTimes))}`);
  const fiveXX = answers.filter((a) => a.answer.status >= 500).length;
  const noAnswer = answers.filter((a) => a.answer.status === NO_ANSWER).length;
  checks.add(
    "every save was answered",
    noAnswer === 0 && answers.length === total,
    `${answers.length} of ${total} sent, ${noAnswer} without an answer`,
  );
  checks.add("no 5xx answer", fiveXX === 0, `${fiveXX} of ${answers.length}`);
  const loggedIds = new Map<string, string>();
  let notSaved = 0;
  for (const { agent, seq, answer } of answers) {
    const location = answer.headers.location ?? "";
    const id =
      answer.status === 302 && location.startsWith("/staff/desk?") ? new URL(location, app.url).searchParams.get("logged") : null;
    if (id) loggedIds.set(markerFor(run, agent, seq), id);
    else notSaved++;
  }
  checks.add(
    "every save redirected back to the desk with the new contact's number",
    notSaved === 0,
    `${loggedIds.size} of ${answers.length}`,
  );

  // ---- what the database holds ----
  type Row = { id: string; notes: string; agentEmail: string | null };
  const rows = await db.query<Row>(
    `SELECT c."id" AS "id", c."notes" AS "notes", u."email" AS "agentEmail" FROM "Contact" c LEFT JOIN "User" u ON u."id" = c."agentId" WHERE c."notes" LIKE $1`,
    [`%[load ${run} %`],
  );
  const byMarker = new Map<string, Row[]>();
  for (const row of rows) {
    const marker = MARKER_RE.exec(row.notes)?.[0] ?? "?";
    byMarker.set(marker, [...(byMarker.get(marker) ?? []), row]);
  }
  const expected = agents.flatMap((a) => Array.from({ length: contactsPerAgent }, (_, i) => markerFor(run, a.index, i + 1)));
  const missing = expected.filter((m) => !byMarker.has(m));
  const doubled = [...byMarker.values()].filter((list) => list.length > 1).length;
  checks.add(`the database holds exactly ${total} marked contacts`, rows.length === total, `${rows.length} found`);
  checks.add(
    "no lost write: every marker is there",
    missing.length === 0,
    missing.length === 0 ? `${expected.length} markers` : `${missing.length} missing, e.g. ${missing.slice(0, 3).join(", ")}`,
  );
  checks.add("no duplicate: every marker exactly once", doubled === 0, `${doubled} markers saved more than once`);
  const wrongAgent = rows.filter((row) => {
    const m = MARKER_RE.exec(row.notes);
    return !m || row.agentEmail !== agents[Number(m[2]) - 1]?.email;
  }).length;
  checks.add("each contact belongs to the agent who saved it", wrongAgent === 0, `${wrongAgent} with another or no agent`);
  const idMismatch = rows.filter((row) => loggedIds.get(MARKER_RE.exec(row.notes)?.[0] ?? "") !== row.id).length;
  checks.add("the number each agent was shown is the saved contact", idMismatch === 0, `${idMismatch} differ`);

  const ids = new Set(rows.map((r) => r.id));
  const audits = await db.query<{ entityId: string; n: number | string }>(
    `SELECT "entityId" AS "entityId", COUNT(*) AS "n" FROM "AuditLog" WHERE "action" = 'contact.create' AND "entityType" = 'contact' GROUP BY "entityId"`,
  );
  const auditCount = new Map(audits.map((a) => [a.entityId, Number(a.n)]));
  const badAudit = [...ids].filter((id) => auditCount.get(id) !== 1).length;
  checks.add(
    "each contact has exactly one 'contact.create' audit entry",
    badAudit === 0,
    `${badAudit} of ${ids.size} without exactly one`,
  );
  const versions = await db.query<{ contactId: string; n: number | string }>(
    `SELECT "contactId" AS "contactId", COUNT(*) AS "n" FROM "ContactVersion" WHERE "reason" = '@created' GROUP BY "contactId"`,
  );
  const versionCount = new Map(versions.map((v) => [v.contactId, Number(v.n)]));
  const badVersion = [...ids].filter((id) => versionCount.get(id) !== 1).length;
  checks.add(
    "each contact has exactly one first version (its history)",
    badVersion === 0,
    `${badVersion} of ${ids.size} without exactly one`,
  );

  finishScenario(checks, { logFile, engine: databases.engine, scenario: "agents" });
  return {
    scenario: "agents",
    agents: agentCount,
    contactsPerAgent,
    setupSeconds: Math.round(setupSeconds * 10) / 10,
    loadSeconds: Math.round(loadSeconds * 10) / 10,
    contactsPerSecond: Math.round(answers.length / Math.max(loadSeconds, 0.001)),
    statuses,
    latency: times,
    loginLatency: latency(loginTimes),
    checks: checks.list,
  };
}
