/**
 * The file a waiver batch is sent to a card company in, and the answer file it comes back in.
 * Pure: no I/O. The layout is documented for the card companies in docs/waiver-batch-format.md;
 * change both together.
 *
 * Sent file (CSV for Japanese Excel, or XLSX with the same cells), one row per request:
 *
 *   依頼番号 | 氏名 | カード下4桁 | カードブランド | 依頼日 | カード会社コード | 依頼元 | 回答 | 理由
 *
 * 依頼番号 is our request reference (W-XXXXXXXX); 依頼日 the day the customer asked (JST,
 * YYYY-MM-DD); カード会社コード the card company's code in our list; 依頼元 our company (the
 * incident's company name). 回答 and 理由 are empty for the card company to fill in, so the answer
 * can come back in the very same file.
 *
 * Answer file: a CSV (UTF-8 with or without BOM, or Shift_JIS/CP932 as Japanese Excel saves it)
 * whose header row names at least the reference and the result columns, in Japanese or English,
 * in any order; other columns are ignored. Results: confirmed (承認 / 免除 / 対応済 / OK) or
 * rejected (否認 / 却下 / 不可 / NG), a reason required for rejected.
 */
import { z } from "zod";
import { REJECT_REASON_MAX, normaliseWaiverReference } from "./waiver-rules";

export const BATCH_COLUMNS = [
  { key: "reference", ja: "依頼番号", en: "reference" },
  { key: "name", ja: "氏名", en: "name" },
  { key: "last4", ja: "カード下4桁", en: "last4" },
  { key: "brand", ja: "カードブランド", en: "brand" },
  { key: "requestDate", ja: "依頼日", en: "request_date" },
  { key: "cardCompanyCode", ja: "カード会社コード", en: "card_company_code" },
  { key: "requester", ja: "依頼元", en: "requester" },
  { key: "result", ja: "回答", en: "result" },
  { key: "reason", ja: "理由", en: "reason" },
] as const;

/** The header row of a sent file: Japanese, as the card companies' staff read it. */
export const BATCH_HEADER: string[] = BATCH_COLUMNS.map((c) => c.ja);

export type BatchRequestRow = {
  reference: string;
  contactName: string;
  cardLast4: string;
  cardBrand: string | null;
  /** YYYY-MM-DD, Japan time */
  requestDate: string;
};

/** The data rows of a sent file, in the order given (the model sorts by request date). */
export function batchFileRows(
  requests: readonly BatchRequestRow[],
  { cardCompanyCode, requester }: { cardCompanyCode: string; requester: string },
): string[][] {
  return requests.map((r) => [
    r.reference,
    r.contactName,
    r.cardLast4,
    r.cardBrand ?? "",
    r.requestDate,
    cardCompanyCode,
    requester,
    "",
    "",
  ]);
}

/** A name safe in a file name on every system: ASCII letters, digits, - and _ only. */
function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "x";
}

/**
 * "waiver-batch_<CARD COMPANY CODE>_<incident slug>_<YYYYMMDD created>_<last 8 of the batch id>".
 * ASCII only, so no mail system or Windows version mangles it; the Japanese names are inside.
 */
export function batchFileBaseName({
  cardCompanyCode,
  incidentSlug,
  createdDay,
  batchId,
}: {
  cardCompanyCode: string;
  incidentSlug: string;
  /** YYYYMMDD, Japan time */
  createdDay: string;
  batchId: string;
}): string {
  return ["waiver-batch", fileSafe(cardCompanyCode), fileSafe(incidentSlug), createdDay, fileSafe(batchId.slice(-8))].join("_");
}

// ---------------------------------------------------------------------------------------
// The answer file
// ---------------------------------------------------------------------------------------

export type BatchAnswerResult = "confirmed" | "rejected";

const RESULT_WORDS: Record<string, BatchAnswerResult> = {
  confirmed: "confirmed",
  ok: "confirmed",
  承認: "confirmed",
  免除: "confirmed",
  対応済: "confirmed",
  対応済み: "confirmed",
  rejected: "rejected",
  ng: "rejected",
  否認: "rejected",
  却下: "rejected",
  不可: "rejected",
};

/** The result a card company wrote, or null: case, width and surrounding spaces are forgiven. */
export function parseBatchResult(text: string): BatchAnswerResult | null {
  return RESULT_WORDS[text.normalize("NFKC").trim().toLowerCase()] ?? null;
}

/** Header cell → column key, forgiving width, case, spaces and a BOM. */
function headerKey(cell: string): "reference" | "result" | "reason" | null {
  const h = cell
    .replace(/^\uFEFF/, "")
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "_");
  if (h === "依頼番号" || h === "reference" || h === "受付番号") return "reference";
  if (h === "回答" || h === "result" || h === "結果") return "result";
  if (h === "理由" || h === "reason" || h === "否認理由") return "reason";
  return null;
}

export const BATCH_ANSWER_PROBLEMS = ["reference", "result", "reason-required", "reason-too-long", "duplicate"] as const;
export type BatchAnswerProblem = (typeof BATCH_ANSWER_PROBLEMS)[number];

export type BatchAnswer = { line: number; reference: string; result: BatchAnswerResult; reason: string | null };
export type BatchAnswerError = {
  line: number;
  problem: BatchAnswerProblem | "not-in-batch" | "not-sent" | "already-answered";
  value?: string;
};

const AnswerRowSchema = z
  .object({
    reference: z.string().transform((s, ctx) => {
      const ref = normaliseWaiverReference(s);
      if (!ref) {
        ctx.addIssue({ code: "custom", message: "reference" });
        return z.NEVER;
      }
      return ref;
    }),
    result: z.string().transform((s, ctx) => {
      const result = parseBatchResult(s);
      if (!result) {
        ctx.addIssue({ code: "custom", message: "result" });
        return z.NEVER;
      }
      return result;
    }),
    reason: z
      .string()
      .transform((s) => s.normalize("NFKC").trim())
      .refine((s) => s.length <= REJECT_REASON_MAX, { message: "reason-too-long" }),
  })
  .superRefine((row, ctx) => {
    if (row.result === "rejected" && row.reason.length === 0)
      ctx.addIssue({ code: "custom", message: "reason-required", path: ["reason"] });
  });

export type ParsedAnswerFile =
  | { ok: true; answers: BatchAnswer[]; errors: BatchAnswerError[]; skippedBlank: number }
  | { ok: false; problem: "empty" | "no-header" };

/**
 * Reads the records of an answer file (already split into cells; line = record number, the
 * header is line 1). Rows with an empty result are skipped as "not answered yet"; every other
 * bad row is reported with its line. A reference given twice is an error on the second line.
 */
export function parseBatchAnswerRecords(records: readonly (readonly string[])[]): ParsedAnswerFile {
  if (records.length === 0) return { ok: false, problem: "empty" };
  const header = records[0]!.map(headerKey);
  const col = (key: "reference" | "result" | "reason") => header.indexOf(key);
  if (col("reference") < 0 || col("result") < 0) return { ok: false, problem: "no-header" };
  const answers: BatchAnswer[] = [];
  const errors: BatchAnswerError[] = [];
  const seen = new Set<string>();
  let skippedBlank = 0;
  records.slice(1).forEach((record, index) => {
    const line = index + 2;
    const cell = (key: "reference" | "result" | "reason") => (col(key) >= 0 ? (record[col(key)] ?? "") : "");
    if (record.every((c) => c.trim() === "")) return;
    if (cell("result").trim() === "") {
      skippedBlank += 1;
      return;
    }
    const parsed = AnswerRowSchema.safeParse({ reference: cell("reference"), result: cell("result"), reason: cell("reason") });
    if (!parsed.success) {
      const problem = parsed.error.issues[0]!.message as BatchAnswerProblem;
      errors.push({
        line,
        problem,
        value:
          problem === "reference"
            ? cell("reference").slice(0, 40)
            : problem === "result"
              ? cell("result").slice(0, 40)
              : undefined,
      });
      return;
    }
    if (seen.has(parsed.data.reference)) {
      errors.push({ line, problem: "duplicate", value: parsed.data.reference });
      return;
    }
    seen.add(parsed.data.reference);
    answers.push({
      line,
      reference: parsed.data.reference,
      result: parsed.data.result,
      reason: parsed.data.result === "rejected" ? parsed.data.reason : null,
    });
  });
  return { ok: true, answers, errors, skippedBlank };
}
