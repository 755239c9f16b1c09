/**
 * Scenario "check": the public self-check under a flood, and scenario "api": the JSON lookup API
 * under a shorter one.
 *
 * /check, open loop at --rate requests/s for --seconds (500/s for 30 s by default), the app behind
 * a trusted proxy (TRUST_PROXY=true) so X-Forwarded-For gives each simulated client its address:
 * - 5 "scrapers" (203.0.113.x) send most of the traffic, each with new made-up names and emails
 *   (enumeration), some of it malformed;
 * - a "botnet" of 200 addresses (192.0.2.x) tries 4 known email addresses with many names,
 *   a few tries per address, varying the letter case to dodge the limit;
 * - 1,500 ordinary visitors (198.18.x.y) check themselves once or twice (a few after a typo),
 *   with the name and email or phone of a real affected record or of someone not on the list.
 * Every client first opens /check (cookie + CSRF token), as a browser does; those page loads come
 * before the timed part. The posts are form posts as without JavaScript (full HTML answers), or with
 * --check-via data as the page's script sends them (POST /check.data, Remix's data answer).
 *
 * The limits are those declared in app/routes/check.tsx, read from it so the numbers cannot drift:
 * SELF_CHECK_IP_LIMIT (10 per 10 minutes per address) and SELF_CHECK_ID_LIMIT (5 per hour per
 * normalised email or phone). The whole run lies inside one window of each, so per address and per
 * identifier the answers that were not refused must not exceed the limit; where only one limit can
 * bind (scrapers: always new identifiers; botnet: few tries per address) the count must equal it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { normaliseEmail, normalisePhone } from "~/domain/normalise";
import { ROOT, out, runCli, startApp } from "../harness";
import { Checks, finishScenario, formatLatency, latency, runningApps } from "./common";
import type { Latency } from "./common";
import type { ScratchDatabases } from "../scratch-databases";
import { Browser, Client, NO_ANSWER, statusCounts } from "./http";
import type { Answer } from "./http";
import { LATE_MS, openLoop, sleep } from "./open-loop";
import type { OpenLoopResult } from "./open-loop";
import { randomMobile, randomName, seededRandom } from "./random";
import type { Random } from "./random";

const INCIDENT = "cou-2017";

/**
 * A limit as the route declares it (`export const NAME = { limit: N, windowSeconds: N }`), read from
 * its source: importing the route would load the app's database client into this script.
 */
function declaredLimit(route: string, name: string): { limit: number; windowSeconds: number } {
  const source = readFileSync(path.join(ROOT, "app", "routes", route), "utf8");
  const m = new RegExp(`export const ${name} = \\{ limit: (\\d+), windowSeconds: (\\d+) \\}`).exec(source);
  if (!m) throw new Error(`${name} not found in app/routes/${route}: update the load script`);
  return { limit: Number(m[1]), windowSeconds: Number(m[2]) };
}
/** How long a person waits for the self-check's answer, and an IVR for the API's, before giving up. */
const CHECK_TIMEOUT_MS = 60_000;
const API_TIMEOUT_MS = 30_000;

const SELF_CHECK_IP_LIMIT = declaredLimit("check.tsx", "SELF_CHECK_IP_LIMIT");
const SELF_CHECK_ID_LIMIT = declaredLimit("check.tsx", "SELF_CHECK_ID_LIMIT");
const API_LOOKUP_RATE_LIMIT = declaredLimit("api.v1.lookups.ts", "API_LOOKUP_RATE_LIMIT");

type Kind = "scraper" | "botnet" | "visitor";
type CheckForm = { incident: string; name: string; email: string; phone: string; reference: string; website: string };
type Planned = { client: number; form: CheckForm; identifiers: string[] };
type Person = { name: string; email: string | null; phone: string | null };

type LoadFigures = {
  requested: number;
  rateWanted: number;
  rateSent: number;
  answersPerSecond: number;
  late: number;
  worstLateMs: number;
  machineBusy: number | null;
  generatorCpuSeconds: number;
  statuses: Record<string, number>;
  latency: Latency;
};

/** "page": form posts as without JavaScript (full HTML answers); "data": as the page's own script sends them. */
export type CheckVia = "page" | "data";

export type CheckReport = {
  scenario: "check";
  via: CheckVia;
  clients: Record<Kind, number>;
  warmUpSeconds: number;
  load: LoadFigures;
  outcomes: Record<string, Record<string, number>>;
  checks: Checks["list"];
};

export type ApiReport = { scenario: "api"; parts: LoadFigures[]; checks: Checks["list"] };

/** The identifiers the self-check counts a request against (normalised, as the app does). */
function identifiersOf(form: CheckForm): string[] {
  const ids: string[] = [];
  const email = form.email.trim() ? normaliseEmail(form.email.trim()) : null;
  if (email) ids.push(`email:${email.key}`);
  const phone = form.phone.trim() ? normalisePhone(form.phone.trim()) : null;
  if (phone) ids.push(`phone:${phone}`);
  return ids;
}

const form = (name: string, email: string, phone = "", extra: Partial<CheckForm> = {}): CheckForm => ({
  incident: INCIDENT,
  name,
  email,
  phone,
  reference: "",
  website: "",
  ...extra,
});

/** Whether the app should accept the form: a name, no honeypot, and every contact field given is valid. */
function isValid({ form: f, identifiers }: Planned): boolean {
  const given = [f.email, f.phone].filter((v) => v.trim() !== "").length;
  return f.name.trim() !== "" && f.website === "" && given > 0 && identifiers.length === given;
}

/** The answer's outcome, in the HTML page or in the data a browser with JavaScript asks for. */
const OUTCOME_RE = /data-outcome="([a-z_]+)"|"outcome","([a-z_]+)"/;

/** Scrapers' bad requests: nothing to contact, a broken address, or the honeypot filled in. */
function malformed(r: Random): CheckForm {
  const pick = r.int(0, 2);
  if (pick === 0) return form(randomName(r), "");
  if (pick === 1) return form(randomName(r), `user${r.int(1, 1e6)}@`);
  return form(randomName(r), `user${r.int(1, 1e6)}@example.net`, "", { website: "http://spam.example" });
}

function figures(result: OpenLoopResult, rate: number): LoadFigures {
  const answers = result.sent.map((s) => s.answer);
  return {
    requested: answers.length,
    rateWanted: rate,
    rateSent: Math.round(answers.length / Math.max(result.sendSeconds, 0.001)),
    answersPerSecond: Math.round(answers.length / Math.max(result.totalSeconds, 0.001)),
    late: result.late,
    worstLateMs: result.worstLateMs,
    machineBusy: result.machineBusy,
    generatorCpuSeconds: result.generatorCpuSeconds,
    statuses: statusCounts(answers),
    latency: latency(answers.map((a) => a.ms)),
  };
}

function printFigures(f: LoadFigures, seconds: number) {
  out(
    `Sent ${f.requested} requests at ${f.rateSent}/s (wanted ${f.rateWanted}/s for ${seconds} s); ${f.late} left more than ${LATE_MS} ms after their time (worst ${f.worstLateMs} ms).`,
  );
  out(`Answers: ${JSON.stringify(f.statuses)}; ${f.answersPerSecond} answers/s over the whole run; ${formatLatency(f.latency)}.`);
  out(
    `Machine CPU busy during the run: ${f.machineBusy === null ? "?" : Math.round(f.machineBusy * 100) + " %"}; the generator used ${f.generatorCpuSeconds} CPU s.`,
  );
}

function checkAnswers(checks: Checks, answers: Answer[], timeoutSeconds: number, part = "") {
  const fiveXX = answers.filter((a) => a.status >= 500).length;
  const none = answers.filter((a) => a.status === NO_ANSWER);
  const prefix = part ? `${part}: ` : "";
  checks.add(`${prefix}no 5xx answer`, fiveXX === 0, `${fiveXX} of ${answers.length}`);
  checks.add(
    `${prefix}every request was answered within ${timeoutSeconds} s (the app kept up)`,
    none.length === 0,
    none.length === 0 ? `${answers.length} answers` : `${none.length} without, e.g. ${none[0]!.body}`,
  );
}

export async function runCheckScenario({
  databases,
  tempDir,
  options,
}: {
  databases: ScratchDatabases;
  tempDir: string;
  options: { rate: number; seconds: number; via: CheckVia };
}): Promise<CheckReport> {
  const { rate, seconds, via } = options;
  const target = via === "data" ? "/check.data" : "/check";
  const total = rate * seconds;
  out(
    `\n== Scenario "check" on ${databases.engine}: POST ${target} at ${rate}/s for ${seconds} s (${total} requests), open loop ==`,
  );
  const checks = new Checks();
  const db = await databases.create("check");
  const r = seededRandom(6);

  // Real people from the affected list (distinct emails and phones), for the ordinary visitors
  // and the botnet's targets.
  const records = await db.query<{ nameKanji: string; email: string; phone: string }>(
    `SELECT a."nameKanji" AS "nameKanji", a."email" AS "email", a."phone" AS "phone" FROM "AffectedRecord" a JOIN "Incident" i ON i."id" = a."incidentId"
     WHERE i."slug" = $1 AND a."nameKanji" IS NOT NULL AND a."email" IS NOT NULL AND a."phone" IS NOT NULL ORDER BY a."id" LIMIT 3000`,
    [INCIDENT],
  );
  const seen = new Set<string>();
  const people: Person[] = [];
  for (const rec of records) {
    const ids = identifiersOf(form(rec.nameKanji, rec.email, rec.phone));
    if (ids.length !== 2 || ids.some((id) => seen.has(id))) continue;
    ids.forEach((id) => seen.add(id));
    people.push({ name: rec.nameKanji, email: rec.email, phone: rec.phone });
  }

  // ---- the plan: who sends what ----
  const kinds: Kind[] = [];
  const ips: string[] = [];
  const plans: Planned[][] = [];
  const addClient = (kind: Kind, ip: string, forms: CheckForm[]) => {
    const client = kinds.length;
    kinds.push(kind);
    ips.push(ip);
    plans.push(forms.map((f) => ({ client, form: f, identifiers: identifiersOf(f) })));
  };
  const VISITORS = Math.min(1500, Math.floor(total / 5));
  const targets = people.slice(0, 4);
  let personIndex = targets.length;
  for (let i = 0; i < VISITORS; i++) {
    const onList = r.next() < 0.4 && personIndex < people.length;
    const me: Person = onList
      ? people[personIndex++]!
      : {
          name: randomName(r),
          email: `visitor${i}.${r.int(1000, 9999)}@example.org`,
          phone: `080-${1000 + i}-${r.int(1000, 9999)}`,
        };
    const byPhone = r.next() < 0.3;
    const mine = byPhone ? form(me.name, "", me.phone ?? "") : form(me.name, me.email ?? "");
    const forms: CheckForm[] = [];
    if (r.next() < 0.1) forms.push(byPhone ? form(me.name, "", "090-12") : form(me.name, (me.email ?? "").replace("@", "")));
    forms.push(mine);
    if (r.next() < 0.3) forms.push(mine); // pressed the button again
    addClient("visitor", `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`, forms);
  }
  const BOTNET = Math.min(200, Math.floor(total / 20));
  for (let i = 0; i < BOTNET; i++) {
    const forms = Array.from({ length: r.int(3, 7) }, () => {
      const target = r.pick(targets).email!;
      return form(randomName(r), r.next() < 0.5 ? target : target.toUpperCase());
    });
    addClient("botnet", `192.0.2.${i + 1}`, forms);
  }
  const planned = plans.reduce((n, p) => n + p.length, 0);
  const SCRAPERS = 5;
  for (let s = 0; s < SCRAPERS; s++) {
    const share = Math.floor((total - planned) / SCRAPERS) + (s < (total - planned) % SCRAPERS ? 1 : 0);
    const forms = Array.from({ length: Math.max(0, share) }, (_, k) =>
      r.next() < 0.1 ? malformed(r) : form(randomName(r), `s${s}.${k}.${r.int(1, 1e9)}@example.com`),
    );
    addClient("scraper", `203.0.113.${10 + s}`, forms);
  }
  // Each request gets a random slot; each client's own requests keep their order.
  const slots = r.shuffle(Array.from({ length: total }, (_, i) => i));
  const schedule: Planned[] = new Array(total);
  let taken = 0;
  for (const list of plans) {
    const mine = slots.slice(taken, taken + list.length).sort((a, b) => a - b);
    taken += list.length;
    mine.forEach((slot, k) => (schedule[slot] = list[k]!));
  }
  const clients = { scraper: 0, botnet: 0, visitor: 0 } as Record<Kind, number>;
  kinds.forEach((k) => clients[k]++);

  const logFile = path.join(tempDir, "check-app.log");
  const app = await startApp({ env: { ...db.env, TRUST_PROXY: "true" }, logFile });
  runningApps.add(app);
  const client = new Client(app.url, CHECK_TIMEOUT_MS);
  let result: OpenLoopResult;
  let warmUpSeconds = 0;
  try {
    out(
      `App on ${app.url}. ${kinds.length} clients (${clients.visitor} visitors, ${clients.botnet} botnet addresses, ${clients.scraper} scrapers) open /check first for their cookie and token…`,
    );
    const warmStarted = performance.now();
    const browsers = ips.map((ip) => new Browser(client, ip));
    let failedOpen = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < browsers.length) {
          const b = browsers[next++]!;
          const page = await b.open("/check");
          if (page.status !== 200 || !b.csrf) failedOpen++;
        }
      }),
    );
    warmUpSeconds = (performance.now() - warmStarted) / 1000;
    out(`  ${browsers.length} pages in ${warmUpSeconds.toFixed(1)} s.`);
    if (failedOpen > 0) throw new Error(`${failedOpen} clients could not open /check`);

    out(`Flooding POST ${target} for ${seconds} s…`);
    result = await openLoop({
      count: total,
      rate,
      send: (i) => {
        const p = schedule[i]!;
        return browsers[p.client]!.submit(target, p.form);
      },
    });
  } finally {
    client.close();
    await app.stop();
    runningApps.delete(app);
  }

  const load = figures(result, rate);
  printFigures(load, seconds);
  const answers = result.sent.map((s) => ({ plan: schedule[s.index]!, answer: s.answer }));
  checkAnswers(
    checks,
    answers.map((a) => a.answer),
    CHECK_TIMEOUT_MS / 1000,
  );
  const forbidden = answers.filter((a) => a.answer.status === 403).length;
  checks.add("no request was refused for its CSRF token", forbidden === 0, `${forbidden} answers 403`);

  // ---- the limits ----
  const spanSeconds = result.totalSeconds + warmUpSeconds;
  checks.add(
    "the run fits inside one rate-limit window (so the limits apply to its totals)",
    spanSeconds < SELF_CHECK_IP_LIMIT.windowSeconds && spanSeconds < SELF_CHECK_ID_LIMIT.windowSeconds,
    `${spanSeconds.toFixed(0)} s < ${SELF_CHECK_IP_LIMIT.windowSeconds} s`,
  );
  // Per client and per identifier: valid requests sent (by plan), answered (200), refused (429),
  // and valid ones without an answer (the app may or may not have counted those).
  const tally = () => ({ valid: 0, answered: 0, refused: 0, unanswered: 0 });
  const perClient = kinds.map(tally);
  const perId = new Map<string, ReturnType<typeof tally>>();
  const outcomes: Record<string, Record<string, number>> = {};
  let wrongValidity = 0;
  const withoutOutcome: string[] = [];
  for (const { plan, answer } of answers) {
    const valid = isValid(plan);
    if ((answer.status === 400 && valid) || ((answer.status === 200 || answer.status === 429) && !valid)) wrongValidity++;
    const kind = kinds[plan.client]!;
    const outcome =
      answer.status === 200
        ? (OUTCOME_RE.exec(answer.body)?.slice(1).find(Boolean) ?? "no outcome")
        : answer.status === 429
          ? "rate_limited"
          : `status ${answer.status}`;
    if (outcome === "no outcome") withoutOutcome.push(answer.body);
    outcomes[kind] ??= {};
    outcomes[kind][outcome] = (outcomes[kind][outcome] ?? 0) + 1;
    if (!valid) continue;
    const counts = [perClient[plan.client]!, ...plan.identifiers.map((id) => perId.get(id) ?? perId.set(id, tally()).get(id)!)];
    for (const t of counts) {
      t.valid++;
      if (answer.status === 200) t.answered++;
      else if (answer.status === 429) t.refused++;
      else if (answer.status === NO_ANSWER) t.unanswered++;
    }
  }
  out(`Outcomes by kind of client: ${JSON.stringify(outcomes)}`);
  checks.add(
    "bad input was answered 400 and good input never",
    wrongValidity === 0,
    `${wrongValidity} answers disagree with the input`,
  );
  checks.add(
    "every 200 answer shows one of the outcomes",
    withoutOutcome.length === 0,
    withoutOutcome.length === 0
      ? "yes"
      : `${withoutOutcome.length} without, e.g. ${JSON.stringify(withoutOutcome[0]!.replace(/<head>.*<\/head>/s, "").slice(0, 400))}`,
  );

  // A refusal says so, whether it came as the page or (for an address posting on after twice its
  // limit: app/utils/self-check-flood.server.tsx) as the short page made before Remix.
  const refusals = answers.filter((a) => a.answer.status === 429).map((a) => a.answer.body);
  const unmarked = refusals.filter((body) => !/data-outcome="rate_limited"|"rate_limited"/.test(body)).length;
  checks.add("every 429 answer shows the refusal", unmarked === 0, `${unmarked} of ${refusals.length} without it`);
  if (via === "page") {
    const short = refusals.filter((body) => !body.includes("<form")).length;
    const flooded = perClient.filter((t) => t.valid > SELF_CHECK_IP_LIMIT.limit * 2).length;
    checks.add(
      "addresses that posted on after twice their limit got short refusals (no page around them)",
      flooded === 0 || short > 0,
      `${short.toLocaleString("en")} short and ${(refusals.length - short).toLocaleString("en")} full-page refusals; ${flooded} address(es) went past twice the limit`,
    );
  }

  const ipLimit = SELF_CHECK_IP_LIMIT.limit;
  const overIp = perClient.map((t, c) => ({ t, c })).filter(({ t }) => t.answered > ipLimit);
  checks.add(
    `no address got more than ${ipLimit} answers (SELF_CHECK_IP_LIMIT: ${ipLimit} per ${SELF_CHECK_IP_LIMIT.windowSeconds / 60} min)`,
    overIp.length === 0,
    overIp.length === 0
      ? `most for one address: ${Math.max(...perClient.map((t) => t.answered))}`
      : overIp.map(({ t, c }) => `${ips[c]}: ${t.answered}`).join(", "),
  );
  const idLimit = SELF_CHECK_ID_LIMIT.limit;
  const overId = [...perId.values()].filter((t) => t.answered > idLimit);
  checks.add(
    `no email or phone got more than ${idLimit} answers (SELF_CHECK_ID_LIMIT: ${idLimit} per ${SELF_CHECK_ID_LIMIT.windowSeconds / 60} min)`,
    overId.length === 0,
    overId.length === 0
      ? `most for one identifier: ${Math.max(...[...perId.values()].map((t) => t.answered))}`
      : `${overId.length} identifiers over, e.g. ${overId[0]!.answered}`,
  );
  // Exactly the limit when every answer came back; with answers missing, the app's own count lies
  // between what was seen and what was seen plus the missing ones.
  const exactly = (t: ReturnType<typeof tally>, limit: number) => {
    const expected = Math.min(limit, t.valid);
    return t.answered <= expected && expected <= t.answered + t.unanswered;
  };
  const scrapers = perClient.map((t, c) => ({ t, c })).filter(({ c }) => kinds[c] === "scraper");
  const describe = (t: ReturnType<typeof tally>) =>
    `${t.answered} answered, ${t.refused} refused${t.unanswered ? `, ${t.unanswered} unanswered` : ""}`;
  checks.add(
    `each scraper got exactly ${ipLimit} answers, then only refusals (the per-address limit binds)`,
    scrapers.every(({ t }) => exactly(t, ipLimit)),
    scrapers.map(({ t, c }) => `${ips[c]}: ${describe(t)}`).join("; "),
  );
  const targetTallies = targets.map((t) => perId.get(identifiersOf(form(t.name, t.email ?? ""))[0]!) ?? tally());
  checks.add(
    `each botnet target got exactly ${idLimit} answers, however many addresses tried it (the per-identifier limit binds)`,
    targetTallies.every((t) => exactly(t, idLimit)),
    targetTallies.map(describe).join("; "),
  );
  const visitorsRefused = perClient.filter((t, c) => kinds[c] === "visitor" && t.refused > 0).length;
  checks.add(
    "no ordinary visitor was refused",
    visitorsRefused === 0,
    `${visitorsRefused} of ${clients.visitor} visitors got a 429`,
  );

  // ---- the record of the checks ----
  const rows = await db.query<{ outcome: string; n: number | string }>(
    `SELECT "outcome" AS "outcome", COUNT(*) AS "n" FROM "Lookup" WHERE "channel" = 'self-check' GROUP BY "outcome"`,
  );
  const refusedRows = rows.filter((row) => row.outcome === "rate_limited").reduce((n, row) => n + Number(row.n), 0);
  const answeredRows = rows.filter((row) => row.outcome !== "rate_limited").reduce((n, row) => n + Number(row.n), 0);
  const seen200 = answers.filter((a) => a.answer.status === 200).length;
  const seen429 = answers.filter((a) => a.answer.status === 429).length;
  const missing = answers.filter((a) => a.answer.status === NO_ANSWER && isValid(a.plan)).length;
  checks.add(
    "every answered and every refused check is in the lookup record (no lost write)",
    answeredRows >= seen200 && refusedRows >= seen429 && answeredRows + refusedRows <= seen200 + seen429 + missing,
    `record: ${answeredRows} answered, ${refusedRows} refused; answers seen: ${seen200} × 200, ${seen429} × 429${missing ? `, ${missing} valid requests unanswered` : ""}`,
  );
  finishScenario(checks, { logFile, engine: databases.engine, scenario: "check" });
  return {
    scenario: "check",
    via,
    clients,
    warmUpSeconds: Math.round(warmUpSeconds * 10) / 10,
    load,
    outcomes,
    checks: checks.list,
  };
}

/**
 * POST /api/v1/lookups with one token, open loop, in two parts, each sent within one window of
 * the token's limit (API_LOOKUP_RATE_LIMIT):
 * 1. the same rate as the /check flood for 10 s;
 * 2. once that window has ended: 100 requests at the same moment (a busy IVR at the top of the
 *    minute), then the rate for 2 s. The hits racing at the start of a window once all got through
 *    (app/utils/rate-limit.server.test.ts); here, too, exactly the limit must be answered.
 */
export async function runApiScenario({
  databases,
  tempDir,
  options,
}: {
  databases: ScratchDatabases;
  tempDir: string;
  options: { rate: number };
}): Promise<ApiReport> {
  const { limit, windowSeconds } = API_LOOKUP_RATE_LIMIT;
  const { rate } = options;
  const parts = [
    { label: "first window", count: rate * Math.min(10, Math.floor(windowSeconds / 3)), burst: 0 },
    { label: "next window", count: 100 + rate * 2, burst: 100 },
  ];
  out(
    `\n== Scenario "api" on ${databases.engine}: POST /api/v1/lookups with one token, open loop: ${parts[0]!.count} requests at ${rate}/s, then in the next window 100 at once and ${parts[1]!.count - 100} at ${rate}/s ==`,
  );
  const checks = new Checks();
  const db = await databases.create("api");
  const printed = runCli(["token", "create", "--name", "load proof", "--scopes", "lookups"], db.env);
  const token = /^mdg_\S+$/m.exec(printed)?.[0];
  if (!token) throw new Error(`No token in: ${printed}`);
  const r = seededRandom(7);
  const bodyFor = (i: number) =>
    JSON.stringify({
      incident: INCIDENT,
      name: randomName(r),
      email: `caller${i}@example.org`,
      ...(r.next() < 0.5 ? { phone: randomMobile(r) } : {}),
    });
  const logFile = path.join(tempDir, "api-app.log");
  const app = await startApp({ env: db.env, logFile });
  runningApps.add(app);
  const client = new Client(app.url, API_TIMEOUT_MS);
  const results: OpenLoopResult[] = [];
  try {
    let sent = 0;
    const firstStarted = performance.now();
    for (const [n, part] of parts.entries()) {
      if (n > 0) {
        // The window began with the first request; wait until it has surely ended.
        const waitMs = firstStarted + (windowSeconds + 2) * 1000 - performance.now();
        out(`  Waiting ${(waitMs / 1000).toFixed(0)} s for the token's window to end…`);
        await sleep(waitMs);
      }
      const bodies = Array.from({ length: part.count }, () => bodyFor(sent++));
      results.push(
        await openLoop({
          count: part.count,
          rate,
          burst: part.burst,
          send: (i) =>
            client.request({
              method: "POST",
              path: "/api/v1/lookups",
              headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
              body: bodies[i]!,
            }),
        }),
      );
    }
  } finally {
    client.close();
    await app.stop();
    runningApps.delete(app);
  }
  let ok = 0;
  let refused = 0;
  let missing = 0;
  const loads: LoadFigures[] = [];
  for (const [n, part] of parts.entries()) {
    const result = results[n]!;
    const load = figures(result, rate);
    loads.push(load);
    out(`${part.label}:`);
    printFigures(load, Math.round(result.sendSeconds));
    const answers = result.sent.map((s) => s.answer);
    checkAnswers(checks, answers, API_TIMEOUT_MS / 1000, part.label);
    checks.add(
      `${part.label}: all of it inside one window of the token's limit`,
      result.totalSeconds < windowSeconds,
      `${result.totalSeconds.toFixed(1)} s < ${windowSeconds} s`,
    );
    const partOk = answers.filter((a) => a.status === 200).length;
    const partRefused = answers.filter((a) => a.status === 429).length;
    const partMissing = answers.filter((a) => a.status === NO_ANSWER).length;
    const expected = Math.min(limit, part.count);
    checks.add(
      `${part.label}: exactly ${expected} lookups answered, the other ${part.count - expected} refused (API_LOOKUP_RATE_LIMIT: ${limit} per ${windowSeconds} s)`,
      // With answers missing, the app's own count lies between what was seen and that plus the missing.
      partOk <= expected && expected <= partOk + partMissing && partOk + partRefused + partMissing === part.count,
      `${partOk} answered, ${partRefused} refused${partMissing ? `, ${partMissing} unanswered` : ""}`,
    );
    ok += partOk;
    refused += partRefused;
    missing += partMissing;
  }
  const rows = await db.query<{ outcome: string; n: number | string }>(
    `SELECT "outcome" AS "outcome", COUNT(*) AS "n" FROM "Lookup" WHERE "channel" = 'api' GROUP BY "outcome"`,
  );
  const refusedRows = rows.filter((row) => row.outcome === "rate_limited").reduce((n, row) => n + Number(row.n), 0);
  const answeredRows = rows.filter((row) => row.outcome !== "rate_limited").reduce((n, row) => n + Number(row.n), 0);
  checks.add(
    "every lookup and every refusal is in the lookup record (no lost write)",
    answeredRows >= ok && refusedRows >= refused && answeredRows + refusedRows <= ok + refused + missing,
    `record: ${answeredRows} answered, ${refusedRows} refused`,
  );
  finishScenario(checks, { logFile, engine: databases.engine, scenario: "api" });
  return { scenario: "api", parts: loads, checks: checks.list };
}
