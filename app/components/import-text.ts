/**
 * Words for import jobs, shared by the import pages and the error download: what a job's
 * message and a row's reason code mean, in the user's language. Messages and reasons are
 * stored as codes (app/domain/import-rules.ts, app/models/import.server.ts), never as text.
 */
import type { TFunction } from "i18next";
import { decodeRowProblem } from "~/domain/import-rules";
import type { ColumnTarget } from "~/domain/import-rules";

type T = TFunction<"imports">;

/** A job message as stored (ImportMessage), loosely typed: pages get it through JSON. */
export type ImportMessageLike = {
  code: string;
  refusal?: { code: string; column: string };
  line?: number;
  column?: string;
  error?: string;
};

export function fieldLabel(t: T, field: ColumnTarget): string {
  switch (field) {
    case "nameKanji":
      return t("fields.nameKanji");
    case "nameKana":
      return t("fields.nameKana");
    case "email":
      return t("fields.email");
    case "phone":
      return t("fields.phone");
    case "postalCode":
      return t("fields.postalCode");
    case "reference":
      return t("fields.reference");
    case "transactionAt":
      return t("fields.transactionAt");
    case "cardBrand":
      return t("fields.cardBrand");
    case "cardLast4":
      return t("fields.cardLast4");
    case "ignore":
      return t("fields.ignore");
  }
}

/** A job's message, or null when it has none worth showing. `imported` is the job's imported count. */
export function describeImportMessage(t: T, message: ImportMessageLike | null, imported = 0): string | null {
  if (!message) return null;
  switch (message.code) {
    case "refused": {
      const column = message.refusal?.column ?? "";
      switch (message.refusal?.code) {
        case "card_number_header":
          return t("messages.card_number_header", { column });
        case "security_code_header":
          return t("messages.security_code_header", { column });
        case "card_number_in_header":
          return t("messages.card_number_in_header", { column });
        default:
          return t("messages.card_number_values", { column });
      }
    }
    case "card_number_in_row":
      return t("messages.card_number_in_row", { line: message.line ?? 0, column: message.column ?? "", imported });
    case "mapping_mismatch":
      return t("messages.mapping_mismatch", { column: message.column ?? "" });
    case "file_missing":
      return t("messages.file_missing");
    case "file_changed":
      return t("messages.file_changed");
    case "empty_file":
      return t("messages.empty_file");
    case "interrupted":
      return t("messages.interrupted");
    default:
      return t("messages.unexpected", { error: message.error ?? message.code });
  }
}

/** A row error's reason code ("invalid:email", "column_count:9:8", "card_number") in words. */
export function describeRowReason(t: T, reason: string): string {
  if (reason === "card_number") return t("reasons.card_number");
  const problem = decodeRowProblem(reason);
  if (!problem) return t("reasons.unknown");
  switch (problem.code) {
    case "column_count":
      return t("reasons.column_count", { expected: problem.expected, found: problem.found });
    case "no_identity":
      return t("reasons.no_identity");
    case "csv_syntax":
      return t("reasons.csv_syntax");
    case "too_long":
      return t("reasons.too_long", { field: fieldLabel(t, problem.field) });
    case "invalid":
      return t("reasons.invalid", { field: fieldLabel(t, problem.field) });
    case "security_code":
      return t("reasons.security_code", { field: fieldLabel(t, problem.field) });
  }
}
