/**
 * "Is this person affected?": the lookup behind the agent screen, the public self-check and the
 * IVR/CTI API. The rules (two-fact verification, JST windows, what each channel is told) live in
 * app/domain/lookup-rules.ts; this module does the database work:
 *
 * - the query is normalised and turned into HMAC keys (affected-record.server.ts); only the indexed
 *   *Key columns are queried, one small capped query per key, never a plaintext scan;
 * - every lookup writes a Lookup row and an audit entry holding the HMACs used and the outcome,
 *   never the raw name, phone, email, reference or card digits;
 * - candidates come back with masked display values; details of a record that did not verify
 *   (site, window, verdict) are withheld.
 */
import {
  apiOutcomeFor,
  compareCandidates,
  decideOutcome,
  isVerified,
  LOOKUP_FACTS,
  maskName,
  matchFacts,
  publicOutcomeFor,
  windowContaining,
} from "~/domain/lookup-rules";
import type { ApiOutcome, ListCoverage, LookupChannel, LookupFact, LookupOutcome, PublicOutcome, QueryKeys } from "~/domain/lookup-rules";
import { tokyoDate, tokyoTime } from "~/domain/business-hours";
import { maskCardLast4, maskEmail, maskPhone, maskReference } from "~/domain/mask";
import { romajiToHiragana } from "~/domain/normalise";
import { fillPlaceholders, hoursForScripts, pickScriptHotline } from "~/domain/script-rules";
import { parseWeeklyHours } from "~/domain/business-hours";
import { lookupKeysFor, normaliseLookupValues } from "~/models/affected-record.server";
import { recordAudit } from "~/utils/audit.server";
import type { AuditActor } from "~/utils/audit.server";
import { hmacLookupKey } from "~/utils/crypto.server";
import { prisma } from "~/utils/db.server";
import { getClientIp } from "~/utils/request.server";

/** Rows fetched per key: a lookup never reads more than this many records per fact. */
export const CANDIDATES_PER_KEY = 25;
/** Candidates returned to the caller, best first. */
export const CANDIDATES_SHOWN = 10;

export type LookupQuery = {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  reference?: string | null;
  last4?: string | null;
};

export type LookupSite = {
  id: string;
  slug: string;
  nameJa: string;
  nameEn: string;
  stolenItems: string[];
  windows: { startDate: string; endDate: string }[];
};

export type LookupCandidate = {
  recordId: string;
  /** 1 = best. */
  rank: number;
  matchedFields: LookupFact[];
  last4Matched: boolean;
  verified: boolean;
  /** Masked except the name when the caller said it and it matched. */
  display: {
    nameKanji: string | null;
    nameKana: string | null;
    email: string | null;
    phone: string | null;
    reference: string | null;
    cardBrand: string | null;
    cardLast4: string | null;
  };
  /** The rest only for a verified candidate (null otherwise): nothing about an unverified person is disclosed. */
  site: LookupSite | null;
  /** The window holding the transaction (verified and inside only). */
  window: { startDate: string; endDate: string } | null;
  /** The transaction's day in JST. */
  transactionDate: string | null;
  verdict: "affected" | "not_affected" | "undetermined" | null;
  /** The record's raw last 4 digits, for the API's answer about a verified match. Never more. */
  cardLast4: string | null;
};

export type LookupResult = {
  lookupId: number;
  outcome: LookupOutcome;
  apiOutcome: ApiOutcome;
  publicOutcome: PublicOutcome;
  /** The facts of the query that could be used (valid after normalisation). */
  given: LookupFact[];
  /** Values typed that could not be used: a phone that is not a number, an email that is not an address, last 4 that are not 4 digits. */
  unusable: ("name" | "phone" | "email" | "reference" | "last4")[];
  coverage: ListCoverage;
  candidates: LookupCandidate[];
  /** The record the verdict is about: the best verified candidate inside a window, else the best verified one, else null. */
  best: LookupCandidate | null;
};

type PreparedQuery = {
  keys: QueryKeys;
  given: LookupFact[];
  unusable: LookupResult["unusable"];
  /** What goes to the Lookup row and the audit log: HMACs only. */
  keyHashes: Record<string, string>;
};

const blank = (v: string | null | undefined) => v == null || v.normalize("NFKC").trim() === "";

/** Normalises a query into HMAC keys (a romaji name is also tried as hiragana, against both name columns). */
export function prepareLookupQuery(query: LookupQuery): PreparedQuery {
  const values = normaliseLookupValues({
    nameKanji: query.name,
    email: query.email,
    phone: query.phone,
    reference: query.reference,
    cardLast4: query.last4,
  });
  const romaji = !blank(query.name) ? romajiToHiragana(query.name!) : null;
  const keys = lookupKeysFor({ ...values, kana: romaji && romaji !== values.name ? romaji : null });
  const nameKeys = [keys.nameKey, keys.kanaKey].filter((k): k is string => k !== null);
  const prepared: QueryKeys = {
    nameKeys,
    emailKey: keys.emailKey,
    phoneKey: keys.phoneKey,
    referenceKey: keys.referenceKey,
    last4: values.last4,
  };
  const given = LOOKUP_FACTS.filter((fact) =>
    fact === "name" ? nameKeys.length > 0 : fact === "email" ? !!keys.emailKey : fact === "phone" ? !!keys.phoneKey : !!keys.referenceKey,
  );
  const unusable: LookupResult["unusable"] = [];
  if (!blank(query.name) && nameKeys.length === 0) unusable.push("name");
  if (!blank(query.phone) && !keys.phoneKey) unusable.push("phone");
  if (!blank(query.email) && !keys.emailKey) unusable.push("email");
  if (!blank(query.reference) && !keys.referenceKey) unusable.push("reference");
  if (!blank(query.last4) && !values.last4) unusable.push("last4");
  const keyHashes: Record<string, string> = {};
  if (keys.nameKey) keyHashes.name = keys.nameKey;
  if (keys.kanaKey) keyHashes.nameFromRomaji = keys.kanaKey;
  if (keys.phoneKey) keyHashes.phone = keys.phoneKey;
  if (keys.emailKey) keyHashes.email = keys.emailKey;
  if (keys.referenceKey) keyHashes.reference = keys.referenceKey;
  if (values.last4) keyHashes.last4 = hmacLookupKey("last4", values.last4);
  return { keys: prepared, given, unusable, keyHashes };
}

const candidateSelect = {
  id: true,
  siteId: true,
  nameKanji: true,
  nameKana: true,
  email: true,
  phone: true,
  reference: true,
  transactionAt: true,
  cardBrand: true,
  cardLast4: true,
  nameKey: true,
  kanaKey: true,
  emailKey: true,
  phoneKey: true,
  referenceKey: true,
} as const;

/**
 * Which kinds of facts the incident's list holds at all: one statement of six EXISTS probes, each
 * answered from an (incidentId, *Key) index, the same work for every lookup.
 */
async function listCoverage(incidentId: string): Promise<ListCoverage> {
  const [row] = await prisma.$queryRaw<Record<"records" | "nameKanji" | "nameKana" | "email" | "phone" | "reference", unknown>[]>`
    SELECT
      EXISTS (SELECT 1 FROM "AffectedRecord" WHERE "incidentId" = ${incidentId}) AS "records",
      EXISTS (SELECT 1 FROM "AffectedRecord" WHERE "incidentId" = ${incidentId} AND "nameKey" IS NOT NULL) AS "nameKanji",
      EXISTS (SELECT 1 FROM "AffectedRecord" WHERE "incidentId" = ${incidentId} AND "kanaKey" IS NOT NULL) AS "nameKana",
      EXISTS (SELECT 1 FROM "AffectedRecord" WHERE "incidentId" = ${incidentId} AND "emailKey" IS NOT NULL) AS "email",
      EXISTS (SELECT 1 FROM "AffectedRecord" WHERE "incidentId" = ${incidentId} AND "phoneKey" IS NOT NULL) AS "phone",
      EXISTS (SELECT 1 FROM "AffectedRecord" WHERE "incidentId" = ${incidentId} AND "referenceKey" IS NOT NULL) AS "reference"`;
  // SQLite answers 0/1 (as a number or a BigInt), PostgreSQL true/false.
  const yes = (v: unknown) => v === true || Number(v) === 1;
  return {
    records: yes(row?.records),
    name: yes(row?.nameKanji) || yes(row?.nameKana),
    email: yes(row?.email),
    phone: yes(row?.phone),
    reference: yes(row?.reference),
  };
}

async function loadSites(incidentId: string): Promise<Map<string, LookupSite>> {
  const sites = await prisma.site.findMany({
    where: { incidentId },
    select: {
      id: true,
      slug: true,
      nameJa: true,
      nameEn: true,
      stolenItems: true,
      windows: { orderBy: { startDate: "asc" }, select: { startDate: true, endDate: true } },
    },
  });
  return new Map(sites.map((s) => [s.id, { ...s, stolenItems: parseStolenItems(s.stolenItems) }]));
}

export function parseStolenItems(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Looks a person up on an incident's affected list, records the lookup (Lookup row + audit entry
 * `lookup.agent` / `lookup.self_check` / `lookup.api`, HMACs only) and returns the ranked candidates.
 * Public self-check entries do not store the raw client IP (only its HMAC, in the details).
 */
export async function lookupAffected({
  incidentId,
  query,
  channel,
  actor,
  request,
}: {
  incidentId: string;
  query: LookupQuery;
  channel: LookupChannel;
  actor: AuditActor;
  request: Request;
}): Promise<LookupResult> {
  const prepared = prepareLookupQuery(query);
  const { keys } = prepared;

  const searches: Promise<CandidateRow[]>[] = [];
  const find = (where: object) =>
    prisma.affectedRecord.findMany({ where: { incidentId, ...where }, select: candidateSelect, orderBy: { id: "asc" }, take: CANDIDATES_PER_KEY });
  if (keys.nameKeys.length > 0) {
    searches.push(find({ nameKey: { in: keys.nameKeys } }), find({ kanaKey: { in: keys.nameKeys } }));
  }
  if (keys.phoneKey) searches.push(find({ phoneKey: keys.phoneKey }));
  if (keys.emailKey) searches.push(find({ emailKey: keys.emailKey }));
  if (keys.referenceKey) searches.push(find({ referenceKey: keys.referenceKey }));

  const [coverage, sites, ...found] = await Promise.all([listCoverage(incidentId), loadSites(incidentId), ...searches]);
  const rows = new Map<string, CandidateRow>();
  for (const row of found.flat()) rows.set(row.id, row);

  const scored = [...rows.values()]
    .map((row) => {
      const match = matchFacts(row, keys);
      const site = sites.get(row.siteId) ?? null;
      const window = row.transactionAt && site ? windowContaining(row.transactionAt, site.windows) : null;
      const inside = row.transactionAt ? window !== null : null;
      return { ...match, id: row.id, row, site, window, inside, transactionAt: row.transactionAt };
    })
    .filter((c) => c.matchedFields.length > 0)
    .sort(compareCandidates);

  const outcome = decideOutcome(scored);
  const publicOutcome = publicOutcomeFor({ outcome, given: prepared.given, coverage });
  const candidates: LookupCandidate[] = scored.slice(0, CANDIDATES_SHOWN).map((c, index) => {
    const verified = isVerified(c);
    const nameMatched = c.matchedFields.includes("name");
    const showName = (v: string | null) => (v === null ? null : nameMatched ? v : maskName(v));
    return {
      recordId: c.id,
      rank: index + 1,
      matchedFields: c.matchedFields,
      last4Matched: c.last4Matched,
      verified,
      display: {
        nameKanji: showName(c.row.nameKanji),
        nameKana: showName(c.row.nameKana),
        email: c.row.email ? maskEmail(c.row.email) : null,
        phone: c.row.phone ? maskPhone(c.row.phone) : null,
        reference: c.row.reference ? maskReference(c.row.reference) : null,
        cardBrand: verified ? c.row.cardBrand : null,
        cardLast4: c.row.cardLast4 ? maskCardLast4(c.row.cardLast4) : null,
      },
      site: verified ? c.site : null,
      window: verified ? c.window : null,
      transactionDate: verified && c.transactionAt ? tokyoDate(c.transactionAt) : null,
      verdict: verified ? (c.inside === null ? "undetermined" : c.inside ? "affected" : "not_affected") : null,
      cardLast4: verified ? c.row.cardLast4 : null,
    };
  });
  // The record the lookup is about: a verified one inside a window first, else any verified one.
  const best = candidates.find((c) => c.verdict === "affected") ?? candidates.find((c) => c.verified) ?? null;

  const ip = getClientIp(request);
  const ipHash = hmacLookupKey("ip", ip);
  const lookup = await prisma.lookup.create({
    data: {
      channel,
      actorId: "id" in actor ? actor.id : null,
      incidentId,
      keyHashes: JSON.stringify(prepared.keyHashes),
      outcome,
      recordId: best?.recordId ?? null,
      ipHash,
    },
    select: { id: true },
  });
  await recordAudit({
    actor,
    action: AUDIT_ACTION[channel],
    entityType: "lookup",
    entityId: String(lookup.id),
    // The public's raw IP stays out of the audit log; staff and integration IPs are kept as elsewhere.
    ...(channel === "self-check" ? {} : { request }),
    details: {
      incidentId,
      outcome,
      ...(channel === "self-check" ? { publicOutcome, ipHash } : {}),
      ...(channel === "api" ? { apiOutcome: apiOutcomeFor(outcome) } : {}),
      keyHashes: prepared.keyHashes,
      candidates: scored.length,
      verified: scored.filter(isVerified).length,
      recordId: best?.recordId ?? null,
    },
  });

  return {
    lookupId: lookup.id,
    outcome,
    apiOutcome: apiOutcomeFor(outcome),
    publicOutcome,
    given: prepared.given,
    unusable: prepared.unusable,
    coverage,
    candidates,
    best,
  };
}

type CandidateRow = {
  id: string;
  siteId: string;
  nameKanji: string | null;
  nameKana: string | null;
  email: string | null;
  phone: string | null;
  reference: string | null;
  transactionAt: Date | null;
  cardBrand: string | null;
  cardLast4: string | null;
  nameKey: string | null;
  kanaKey: string | null;
  emailKey: string | null;
  phoneKey: string | null;
  referenceKey: string | null;
};

const AUDIT_ACTION: Record<LookupChannel, string> = {
  agent: "lookup.agent",
  "self-check": "lookup.self_check",
  api: "lookup.api",
};

/**
 * Records a lookup that was refused by a rate limit (outcome "rate_limited"): the keys it would
 * have used, never the values. No records are read.
 */
export async function recordRefusedLookup({
  incidentId,
  query,
  channel,
  actor,
  request,
  reason,
}: {
  incidentId: string | null;
  query: LookupQuery;
  channel: LookupChannel;
  actor: AuditActor;
  request: Request;
  reason: "ip" | "identifier" | "user" | "token";
}): Promise<void> {
  const { keyHashes } = prepareLookupQuery(query);
  const ipHash = hmacLookupKey("ip", getClientIp(request));
  const lookup = await prisma.lookup.create({
    data: {
      channel,
      actorId: "id" in actor ? actor.id : null,
      incidentId,
      keyHashes: JSON.stringify(keyHashes),
      outcome: "rate_limited",
      ipHash,
    },
    select: { id: true },
  });
  await recordAudit({
    actor,
    action: AUDIT_ACTION[channel],
    entityType: "lookup",
    entityId: String(lookup.id),
    ...(channel === "self-check" ? {} : { request }),
    details: { incidentId, outcome: "rate_limited", reason, keyHashes, ...(channel === "self-check" ? { ipHash } : {}) },
  });
}

/** Rate-limit key for one identifier of the self-check: an HMAC of its own kind, so it cannot be joined to the records. */
export function selfCheckIdentifierKeys(query: Pick<LookupQuery, "email" | "phone">): string[] {
  const values = normaliseLookupValues({ email: query.email, phone: query.phone });
  const out: string[] = [];
  if (values.email) out.push(`check-id:${hmacLookupKey("ratelimit-check", `email:${values.email}`)}`);
  if (values.phone) out.push(`check-id:${hmacLookupKey("ratelimit-check", `phone:${values.phone}`)}`);
  return out;
}

export function selfCheckIpKey(request: Request): string {
  return `check-ip:${hmacLookupKey("ratelimit-check", `ip:${getClientIp(request)}`)}`;
}

// ---------------------------------------------------------------------------------------
// One record's detail (agents)
// ---------------------------------------------------------------------------------------

export type AffectedRecordDetail = {
  recordId: string;
  incidentId: string;
  nameKanji: string | null;
  nameKana: string | null;
  email: string | null;
  phone: string | null;
  reference: string | null;
  postalCode: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  transactionDate: string | null;
  transactionTime: string | null;
  site: LookupSite;
  window: { startDate: string; endDate: string } | null;
  verdict: "affected" | "not_affected" | "undetermined";
};

/**
 * One affected record as an agent may see it (contact data and card digits masked; the name in
 * full, because agents open a record only after the caller has named themselves), audited as
 * `record.view`. Null when the record does not exist (or belongs to another incident).
 */
export async function viewAffectedRecord({
  recordId,
  incidentId,
  actor,
  request,
}: {
  recordId: string;
  incidentId?: string;
  actor: AuditActor;
  request: Request;
}): Promise<AffectedRecordDetail | null> {
  const row = await prisma.affectedRecord.findUnique({
    where: { id: recordId },
    select: {
      id: true,
      incidentId: true,
      siteId: true,
      nameKanji: true,
      nameKana: true,
      email: true,
      phone: true,
      reference: true,
      postalCode: true,
      cardBrand: true,
      cardLast4: true,
      transactionAt: true,
    },
  });
  if (!row || (incidentId && row.incidentId !== incidentId)) return null;
  const site = (await loadSites(row.incidentId)).get(row.siteId);
  if (!site) return null;
  const window = row.transactionAt ? windowContaining(row.transactionAt, site.windows) : null;
  await recordAudit({
    actor,
    action: "record.view",
    entityType: "affected_record",
    entityId: row.id,
    request,
    details: { incidentId: row.incidentId, siteId: row.siteId },
  });
  return {
    recordId: row.id,
    incidentId: row.incidentId,
    nameKanji: row.nameKanji,
    nameKana: row.nameKana,
    email: row.email ? maskEmail(row.email) : null,
    phone: row.phone ? maskPhone(row.phone) : null,
    reference: row.reference ? maskReference(row.reference) : null,
    postalCode: row.postalCode ? `${row.postalCode.normalize("NFKC").replace(/\D/g, "").slice(0, 3)}-****` : null,
    cardBrand: row.cardBrand,
    cardLast4: row.cardLast4 ? maskCardLast4(row.cardLast4) : null,
    transactionDate: row.transactionAt ? tokyoDate(row.transactionAt) : null,
    transactionTime: row.transactionAt ? tokyoTime(row.transactionAt) : null,
    site,
    window,
    verdict: row.transactionAt === null ? "undetermined" : window ? "affected" : "not_affected",
  };
}

// ---------------------------------------------------------------------------------------
// Approved script texts (read-only; the scripts feature owns editing)
// ---------------------------------------------------------------------------------------

export type ApprovedScriptText = {
  key: string;
  version: number;
  titleJa: string;
  titleEn: string;
  bodyJa: string;
  bodyEn: string;
  mustNotSayJa: string | null;
  mustNotSayEn: string | null;
};

/** The script key an agent reads for each verdict. */
export const CALL_SCRIPT_FOR_OUTCOME: Record<LookupOutcome, string> = {
  affected: "call.affected",
  not_affected: "call.not-affected",
  not_found: "call.not-affected",
  needs_verification: "call.cannot-verify",
  undetermined: "call.cannot-verify",
};

/**
 * The newest approved version of each of `keys` for the incident, with {{hotline}} and {{hours}}
 * filled from the incident's main phone line. Keys without an approved version are missing from
 * the result (the caller shows its own fallback).
 */
export async function findApprovedScriptTexts({ incidentId, keys }: { incidentId: string; keys: readonly string[] }): Promise<Record<string, ApprovedScriptText>> {
  const [scripts, hotlines] = await Promise.all([
    prisma.script.findMany({
      where: { incidentId, key: { in: [...keys] } },
      select: {
        key: true,
        versions: {
          where: { status: "approved" },
          orderBy: { version: "desc" },
          take: 1,
          select: { version: true, titleJa: true, titleEn: true, bodyJa: true, bodyEn: true, mustNotSayJa: true, mustNotSayEn: true },
        },
      },
    }),
    prisma.hotline.findMany({ where: { incidentId }, select: { kind: true, isMain: true, address: true, weeklyHours: true, yearEndClosure: true } }),
  ]);
  const hotline = pickScriptHotline(hotlines);
  const fill = (text: string, locale: "ja" | "en") =>
    fillPlaceholders(text, {
      hotline: hotline?.address ?? "",
      hours: hotline ? safeHours(hotline, locale) : "",
    });
  const out: Record<string, ApprovedScriptText> = {};
  for (const script of scripts) {
    const v = script.versions[0];
    if (!v) continue;
    out[script.key] = {
      key: script.key,
      version: v.version,
      titleJa: fill(v.titleJa, "ja"),
      titleEn: fill(v.titleEn, "en"),
      bodyJa: fill(v.bodyJa, "ja"),
      bodyEn: fill(v.bodyEn, "en"),
      mustNotSayJa: v.mustNotSayJa ? fill(v.mustNotSayJa, "ja") : null,
      mustNotSayEn: v.mustNotSayEn ? fill(v.mustNotSayEn, "en") : null,
    };
  }
  return out;
}

/** The hours in words, or "" when the stored hours cannot be read (a damaged row must not take the lookup down). */
function safeHours(hotline: { weeklyHours: string; yearEndClosure: boolean }, locale: "ja" | "en"): string {
  try {
    return hoursForScripts({ weekly: parseWeeklyHours(hotline.weeklyHours), yearEndClosure: hotline.yearEndClosure, locale });
  } catch {
    return "";
  }
}
