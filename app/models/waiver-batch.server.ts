/**
 * Waiver batches: the verified reissue-fee waiver requests of one incident for one card company,
 * sent to that company together (file layout: app/domain/waiver-batch-format.ts and
 * docs/waiver-batch-format.md).
 *
 *   draft ──(mark sent: requests verified → sent)──▶ sent ──(every request answered)──▶ answered
 *
 * - Creating a batch is atomic: in one transaction the batch row is created and the chosen
 *   requests are claimed with a conditional update (still verified, still in no batch, same card
 *   company and incident); if fewer rows were claimed than chosen, someone else took some
 *   meanwhile and the whole transaction is rolled back. A request can never be in two batches.
 * - Status changes of requests follow app/domain/waiver-rules.ts and write a WaiverEvent and an
 *   audit entry each: "sent" here (in the batch's transaction), the card company's answers
 *   (confirmed / rejected with a reason) through changeWaiverStatus of the waiver model.
 * - Audit: waiver_batch.create, waiver_batch.remove_request, waiver_batch.send,
 *   waiver_batch.download, waiver_batch.answers_upload (counts only, never names).
 */
import { compactTokyoDay, formatTokyoDay } from "~/utils/export-filters";
import { canTransition, normaliseWaiverReference } from "~/domain/waiver-rules";
import type { WaiverStatus } from "~/domain/waiver-rules";
import type { BatchAnswer, BatchAnswerError, BatchRequestRow } from "~/domain/waiver-batch-format";
import { batchFileBaseName } from "~/domain/waiver-batch-format";
import { changeWaiverStatus } from "~/models/waiver.server";
import { recordAudit, recordAuditIn } from "~/utils/audit.server";
import type { AuditActor } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";

/** At most this many requests go into one batch (one file a card company can handle). */
export const MAX_BATCH_REQUESTS = 2_000;
/** Requests listed per card company on the "ready to send" page. */
export const CANDIDATES_SHOWN = 500;

const FINAL: readonly string[] = ["confirmed", "rejected"];

// ---------------------------------------------------------------------------------------
// Candidates: verified requests in no batch yet
// ---------------------------------------------------------------------------------------

export type BatchCandidateGroup = {
  cardCompany: { id: string; code: string; nameJa: string; nameEn: string };
  total: number;
  requests: {
    id: string;
    reference: string;
    contactName: string;
    cardLast4: string;
    cardBrand: string | null;
    createdAt: Date;
  }[];
};

/** Verified requests of the incident not yet in a batch, per card company, oldest first. */
export async function listBatchCandidates({
  incidentId,
  perCompany = CANDIDATES_SHOWN,
}: {
  incidentId: string;
  perCompany?: number;
}): Promise<BatchCandidateGroup[]> {
  const where = { incidentId, status: "verified", batchId: null };
  const groups = await prisma.waiverRequest.groupBy({ by: ["cardCompanyId"], where, _count: { _all: true } });
  if (groups.length === 0) return [];
  const companies = await prisma.cardCompany.findMany({
    where: { id: { in: groups.map((g) => g.cardCompanyId) } },
    orderBy: [{ position: "asc" }, { code: "asc" }],
    select: { id: true, code: true, nameJa: true, nameEn: true },
  });
  return Promise.all(
    companies.map(async (cardCompany) => ({
      cardCompany,
      total: groups.find((g) => g.cardCompanyId === cardCompany.id)?._count._all ?? 0,
      requests: await prisma.waiverRequest.findMany({
        where: { ...where, cardCompanyId: cardCompany.id },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: perCompany,
        select: { id: true, reference: true, contactName: true, cardLast4: true, cardBrand: true, createdAt: true },
      }),
    })),
  );
}

// ---------------------------------------------------------------------------------------
// Creating a batch
// ---------------------------------------------------------------------------------------

export type CreateBatchResult =
  { ok: true; id: string; requests: number } | { ok: false; problem: "empty" | "too-many" | "conflict" | "card-company-unknown" };

class ClaimConflict extends Error {}

/**
 * A batch for one card company of the incident holding exactly `requestIds` (each must still be
 * verified, in no batch, of that company and incident), or none at all.
 */
export async function createWaiverBatch({
  incidentId,
  cardCompanyId,
  requestIds,
  byUserId,
  actor,
  request,
  now = new Date(),
}: {
  incidentId: string;
  cardCompanyId: string;
  requestIds: readonly string[];
  byUserId: string | null;
  actor: AuditActor;
  request?: Request;
  now?: Date;
}): Promise<CreateBatchResult> {
  const ids = [...new Set(requestIds)];
  if (ids.length === 0) return { ok: false, problem: "empty" };
  if (ids.length > MAX_BATCH_REQUESTS) return { ok: false, problem: "too-many" };
  const company = await prisma.cardCompany.findUnique({ where: { id: cardCompanyId }, select: { id: true } });
  if (!company) return { ok: false, problem: "card-company-unknown" };
  let batchId: string;
  try {
    batchId = await prisma.$transaction(async (tx) => {
      const batch = await tx.waiverBatch.create({
        data: { cardCompanyId, incidentId, createdById: byUserId, createdAt: now, status: "draft" },
        select: { id: true },
      });
      const claimed = await tx.waiverRequest.updateMany({
        where: { id: { in: ids }, batchId: null, status: "verified", cardCompanyId, incidentId },
        data: { batchId: batch.id },
      });
      if (claimed.count !== ids.length) throw new ClaimConflict();
      await recordAuditIn(tx, [
        {
          actor,
          action: "waiver_batch.create",
          entityType: "waiver_batch",
          entityId: batch.id,
          request,
          details: { incidentId, cardCompanyId, requests: ids.length },
        },
      ]);
      return batch.id;
    });
  } catch (error) {
    if (error instanceof ClaimConflict) return { ok: false, problem: "conflict" };
    throw error;
  }
  return { ok: true, id: batchId, requests: ids.length };
}

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

export type BatchCounts = Record<WaiverStatus, number>;

function emptyCounts(): BatchCounts {
  return { submitted: 0, verified: 0, sent: 0, confirmed: 0, rejected: 0 };
}

/** "answered" once every request that went out has its final answer. */
export function batchDisplayStatus(status: string, counts: BatchCounts): "draft" | "sent" | "answered" {
  if (status === "draft") return "draft";
  return counts.sent === 0 ? "answered" : "sent";
}

export async function listWaiverBatches({
  incidentId,
  page = 1,
  perPage = 50,
}: {
  incidentId: string;
  page?: number;
  perPage?: number;
}) {
  const where = { incidentId };
  const [rows, total] = await Promise.all([
    prisma.waiverBatch.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * perPage,
      take: perPage,
      select: {
        id: true,
        status: true,
        createdAt: true,
        sentAt: true,
        answeredAt: true,
        cardCompany: { select: { code: true, nameJa: true, nameEn: true } },
      },
    }),
    prisma.waiverBatch.count({ where }),
  ]);
  const counts = await prisma.waiverRequest.groupBy({
    by: ["batchId", "status"],
    where: { batchId: { in: rows.map((r) => r.id) } },
    _count: { _all: true },
  });
  return {
    total,
    rows: rows.map((r) => {
      const c = emptyCounts();
      for (const g of counts) if (g.batchId === r.id && g.status in c) c[g.status as WaiverStatus] = g._count._all;
      return {
        ...r,
        counts: c,
        requests: Object.values(c).reduce((a, b) => a + b, 0),
        displayStatus: batchDisplayStatus(r.status, c),
      };
    }),
  };
}

const batchRequestSelect = {
  id: true,
  reference: true,
  status: true,
  contactName: true,
  cardLast4: true,
  cardBrand: true,
  rejectReason: true,
  createdAt: true,
  updatedAt: true,
} as const;

export async function getWaiverBatch({ id }: { id: string }) {
  const batch = await prisma.waiverBatch.findUnique({
    where: { id },
    select: {
      id: true,
      status: true,
      createdAt: true,
      sentAt: true,
      answeredAt: true,
      incidentId: true,
      createdById: true,
      cardCompany: { select: { id: true, code: true, nameJa: true, nameEn: true } },
      incident: { select: { id: true, slug: true, companyJa: true, companyEn: true, titleJa: true, titleEn: true } },
      requests: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: batchRequestSelect },
    },
  });
  if (!batch) return null;
  const counts = emptyCounts();
  for (const r of batch.requests) if (r.status in counts) counts[r.status as WaiverStatus] += 1;
  return { ...batch, counts, displayStatus: batchDisplayStatus(batch.status, counts) };
}

export type WaiverBatchView = NonNullable<Awaited<ReturnType<typeof getWaiverBatch>>>;

/**
 * What goes into the file for the card company: the batch's requests that are still verified
 * (a draft) or were sent with it (sent/answered), oldest first. Rejected-before-sending ones are
 * left out. The download itself is audited ("waiver_batch.download").
 */
export async function batchFileContent({
  id,
  actor,
  request,
  format,
}: {
  id: string;
  actor: AuditActor;
  request?: Request;
  format: "csv" | "xlsx";
}): Promise<{ baseName: string; rows: BatchRequestRow[]; cardCompanyCode: string; requester: string } | null> {
  const batch = await getWaiverBatch({ id });
  if (!batch) return null;
  const eventsSent = batch.status === "draft" ? new Set<string>() : await requestIdsSentWith(batch.id);
  const rows = batch.requests
    .filter((r) => (batch.status === "draft" ? r.status === "verified" : eventsSent.has(r.id) || r.status === "sent"))
    .map((r) => ({
      reference: r.reference,
      contactName: r.contactName,
      cardLast4: r.cardLast4,
      cardBrand: r.cardBrand,
      requestDate: formatTokyoDay(r.createdAt),
    }));
  await recordAudit({
    actor,
    action: "waiver_batch.download",
    entityType: "waiver_batch",
    entityId: batch.id,
    request,
    details: { format, requests: rows.length, status: batch.status },
  });
  return {
    baseName: batchFileBaseName({
      cardCompanyCode: batch.cardCompany.code,
      incidentSlug: batch.incident?.slug ?? "incident",
      createdDay: compactTokyoDay(batch.createdAt),
      batchId: batch.id,
    }),
    rows,
    cardCompanyCode: batch.cardCompany.code,
    requester: batch.incident?.companyJa ?? "",
  };
}

/** Requests of the batch that have a "sent" event (they went out with it, whatever their status now). */
async function requestIdsSentWith(batchId: string): Promise<Set<string>> {
  const events = await prisma.waiverEvent.findMany({
    where: { status: "sent", request: { batchId } },
    select: { requestId: true },
  });
  return new Set(events.map((e) => e.requestId));
}

// ---------------------------------------------------------------------------------------
// Changing a draft
// ---------------------------------------------------------------------------------------

/** Takes a request out of a draft batch (it becomes a candidate again). */
export async function removeFromBatch({
  batchId,
  requestId,
  actor,
  request,
}: {
  batchId: string;
  requestId: string;
  actor: AuditActor;
  request?: Request;
}): Promise<{ ok: true } | { ok: false; problem: "not-found" | "not-draft" }> {
  const batch = await prisma.waiverBatch.findUnique({ where: { id: batchId }, select: { status: true } });
  if (!batch) return { ok: false, problem: "not-found" };
  if (batch.status !== "draft") return { ok: false, problem: "not-draft" };
  const changed = await prisma.$transaction(async (tx) => {
    // Only while the batch is still a draft: a "mark sent" at the same moment wins or loses as a whole.
    const still = await tx.waiverBatch.count({ where: { id: batchId, status: "draft" } });
    if (still !== 1) return -1;
    return (await tx.waiverRequest.updateMany({ where: { id: requestId, batchId }, data: { batchId: null } })).count;
  });
  if (changed === -1) return { ok: false, problem: "not-draft" };
  if (changed !== 1) return { ok: false, problem: "not-found" };
  await recordAudit({
    actor,
    action: "waiver_batch.remove_request",
    entityType: "waiver_batch",
    entityId: batchId,
    request,
    details: { requestId },
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------
// Marking a batch sent
// ---------------------------------------------------------------------------------------

export type MarkSentResult = { ok: true; sent: number } | { ok: false; problem: "not-found" | "not-draft" | "empty" };

/**
 * The file went to the card company: the batch becomes "sent" (sentAt) and each of its verified
 * requests moves verified → sent, with a WaiverEvent each, an audit entry for the batch and one
 * "waiver.status_change" per request (as the waiver model writes), all in one transaction.
 */
export async function markBatchSent({
  id,
  byUserId,
  actor,
  request,
  now = new Date(),
}: {
  id: string;
  byUserId: string | null;
  actor: AuditActor;
  request?: Request;
  now?: Date;
}): Promise<MarkSentResult> {
  if (!canTransition("verified", "sent")) throw new Error("waiver-rules no longer allow verified → sent");
  const batch = await prisma.waiverBatch.findUnique({ where: { id }, select: { id: true, status: true } });
  if (!batch) return { ok: false, problem: "not-found" };
  if (batch.status !== "draft") return { ok: false, problem: "not-draft" };
  type Outcome = { problem: "empty" | "not-draft" } | { ids: string[] };
  const result = await prisma.$transaction(async (tx): Promise<Outcome> => {
    const requests = await tx.waiverRequest.findMany({ where: { batchId: id, status: "verified" }, select: { id: true } });
    if (requests.length === 0) return { problem: "empty" };
    const batchUpdate = await tx.waiverBatch.updateMany({
      where: { id, status: "draft" },
      data: { status: "sent", sentAt: now, sentById: byUserId },
    });
    if (batchUpdate.count !== 1) return { problem: "not-draft" };
    const moved = await tx.waiverRequest.updateMany({
      where: { id: { in: requests.map((r) => r.id) }, batchId: id, status: "verified" },
      data: { status: "sent" },
    });
    if (moved.count !== requests.length) throw new Error("A request of the batch changed while it was being sent");
    await tx.waiverEvent.createMany({
      data: requests.map((r) => ({ requestId: r.id, status: "sent", note: null, byUserId, at: now })),
    });
    await recordAuditIn(tx, [
      { actor, action: "waiver_batch.send", entityType: "waiver_batch", entityId: id, request, details: { requests: requests.length } },
      ...requests.map((r) => ({
        actor,
        action: "waiver.status_change",
        entityType: "waiver",
        entityId: r.id,
        request,
        details: { from: "verified", to: "sent", batchId: id },
      })),
    ]);
    return { ids: requests.map((r) => r.id) };
  });
  if ("problem" in result) return { ok: false, problem: result.problem };
  return { ok: true, sent: result.ids.length };
}

// ---------------------------------------------------------------------------------------
// The card company's answers
// ---------------------------------------------------------------------------------------

export type AnswerResult =
  | { ok: true }
  | { ok: false; problem: "not-found" | "not-in-batch" | "not-sent" | "not-allowed" | "reason-required" | "conflict" };

/** Sets the batch to "answered" when none of its requests waits for an answer any more. */
async function refreshBatchStatus(batchId: string, now: Date): Promise<void> {
  const waiting = await prisma.waiverRequest.count({ where: { batchId, status: "sent" } });
  if (waiting === 0)
    await prisma.waiverBatch.updateMany({
      where: { id: batchId, status: "sent" },
      data: { status: "answered", answeredAt: now },
    });
}

/** One answer: the request (sent with this batch) becomes confirmed or rejected with a reason. */
export async function recordBatchAnswer({
  batchId,
  requestId,
  result,
  reason,
  byUserId,
  actor,
  request,
  now = new Date(),
}: {
  batchId: string;
  requestId: string;
  result: "confirmed" | "rejected";
  reason?: string | null;
  byUserId: string | null;
  actor: AuditActor;
  request?: Request;
  now?: Date;
}): Promise<AnswerResult> {
  const row = await prisma.waiverRequest.findUnique({
    where: { id: requestId },
    select: { batchId: true, status: true, batch: { select: { status: true } } },
  });
  if (!row) return { ok: false, problem: "not-found" };
  if (row.batchId !== batchId) return { ok: false, problem: "not-in-batch" };
  if (row.batch?.status === "draft") return { ok: false, problem: "not-sent" };
  const changed = await changeWaiverStatus({ id: requestId, to: result, reason, byUserId, actor, request, now });
  if (!changed.ok) return { ok: false, problem: changed.problem === "not-found" ? "not-found" : changed.problem };
  await refreshBatchStatus(batchId, now);
  return { ok: true };
}

export type ApplyAnswersResult =
  | { ok: true; applied: number; unchanged: number; conflicts: { line: number; reference: string }[] }
  | { ok: false; errors: BatchAnswerError[] };

/**
 * The answers of an uploaded file (parsed by parseBatchAnswerRecords). All rows are checked
 * against the batch first; if any is wrong, nothing is applied and every bad row is reported by
 * its line. An answer that is already recorded is "unchanged" (uploading the same file twice is
 * harmless); a different final answer already recorded is an error.
 */
export async function applyBatchAnswers({
  batchId,
  answers,
  fileErrors,
  byUserId,
  actor,
  request,
  now = new Date(),
}: {
  batchId: string;
  answers: readonly BatchAnswer[];
  fileErrors: readonly BatchAnswerError[];
  byUserId: string | null;
  actor: AuditActor;
  request?: Request;
  now?: Date;
}): Promise<ApplyAnswersResult> {
  const batch = await prisma.waiverBatch.findUnique({ where: { id: batchId }, select: { id: true, status: true } });
  if (!batch) return { ok: false, errors: [{ line: 0, problem: "not-in-batch" }] };
  const rows = await prisma.waiverRequest.findMany({
    where: { batchId, reference: { in: answers.map((a) => a.reference) } },
    select: { id: true, reference: true, status: true, rejectReason: true },
  });
  const byRef = new Map(rows.map((r) => [r.reference, r]));
  const errors: BatchAnswerError[] = [...fileErrors];
  const todo: { answer: BatchAnswer; id: string }[] = [];
  let unchanged = 0;
  for (const answer of answers) {
    const row = byRef.get(answer.reference);
    if (!row) {
      errors.push({ line: answer.line, problem: "not-in-batch", value: answer.reference });
    } else if (batch.status === "draft") {
      errors.push({ line: answer.line, problem: "not-sent", value: answer.reference });
    } else if (FINAL.includes(row.status)) {
      if (row.status === answer.result) unchanged += 1;
      else errors.push({ line: answer.line, problem: "already-answered", value: answer.reference });
    } else if (row.status !== "sent") {
      errors.push({ line: answer.line, problem: "not-sent", value: answer.reference });
    } else {
      todo.push({ answer, id: row.id });
    }
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  const conflicts: { line: number; reference: string }[] = [];
  for (const { answer, id } of todo) {
    const changed = await changeWaiverStatus({ id, to: answer.result, reason: answer.reason, byUserId, actor, request, now });
    if (!changed.ok) conflicts.push({ line: answer.line, reference: answer.reference });
  }
  await refreshBatchStatus(batchId, now);
  const applied = todo.length - conflicts.length;
  await recordAudit({
    actor,
    action: "waiver_batch.answers_upload",
    entityType: "waiver_batch",
    entityId: batchId,
    request,
    details: {
      applied,
      unchanged,
      conflicts: conflicts.length,
      confirmed: todo.filter((t) => t.answer.result === "confirmed").length,
      rejected: todo.filter((t) => t.answer.result === "rejected").length,
    },
  });
  return { ok: true, applied, unchanged, conflicts };
}

/** A request of the batch by the reference a supervisor typed (forgiving, like the status page). */
export async function findBatchRequestByReference({ batchId, reference }: { batchId: string; reference: string }) {
  const normalised = normaliseWaiverReference(reference);
  if (!normalised) return null;
  return prisma.waiverRequest.findFirst({ where: { batchId, reference: normalised }, select: { id: true, status: true } });
}
