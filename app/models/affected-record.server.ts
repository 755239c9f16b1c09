/**
 * The affected list: one row per customer transaction reported by the forensic
 * investigation or the shop's export. Raw values are kept for (masked) display;
 * every lookup goes through the *Key columns, which hold HMAC-SHA256 of the
 * normalised value (app/domain/normalise.ts), so a lookup never scans plaintext.
 */
import { normaliseEmail, normaliseName, normalisePhone, normaliseReference, normaliseLast4, normalisePostalCode, normaliseText } from "~/domain/normalise";
import { hmacLookupKey } from "~/utils/crypto.server";
import { prisma } from "~/utils/db.server";

export type AffectedRecordInput = {
  nameKanji?: string | null;
  nameKana?: string | null;
  email?: string | null;
  phone?: string | null;
  postalCode?: string | null;
  reference?: string | null;
  transactionAt?: Date | null;
  cardBrand?: string | null;
  cardLast4?: string | null;
};

/** The normalised matching values of a record or a query (null where absent or unusable). */
export function normaliseLookupValues(input: Omit<AffectedRecordInput, "transactionAt" | "cardBrand" | "postalCode">) {
  const blank = (v: string | null | undefined) => (v == null || normaliseText(v) === "" ? null : v);
  const nameKanji = blank(input.nameKanji);
  const nameKana = blank(input.nameKana);
  const email = blank(input.email);
  const phone = blank(input.phone);
  const reference = blank(input.reference);
  const last4 = blank(input.cardLast4);
  return {
    name: nameKanji ? normaliseName(nameKanji) || null : null,
    kana: nameKana ? normaliseName(nameKana) || null : null,
    email: email ? (normaliseEmail(email)?.key ?? null) : null,
    phone: phone ? normalisePhone(phone) : null,
    reference: reference ? normaliseReference(reference) || null : null,
    last4: last4 ? normaliseLast4(last4) : null,
  };
}

/** HMAC lookup keys for normalised values; kana names are matched against both name columns. */
export function lookupKeysFor(values: ReturnType<typeof normaliseLookupValues>) {
  return {
    nameKey: values.name ? hmacLookupKey("name", values.name) : null,
    kanaKey: values.kana ? hmacLookupKey("name", values.kana) : null,
    emailKey: values.email ? hmacLookupKey("email", values.email) : null,
    phoneKey: values.phone ? hmacLookupKey("phone", values.phone) : null,
    referenceKey: values.reference ? hmacLookupKey("reference", values.reference) : null,
  };
}

/** The row to insert for one input record: raw values, keys, and the row key that makes re-imports add nothing. */
export function buildAffectedRecordRow({
  incidentId,
  siteId,
  importId,
  input,
}: {
  incidentId: string;
  siteId: string;
  importId?: string | null;
  input: AffectedRecordInput;
}) {
  const values = normaliseLookupValues(input);
  const keys = lookupKeysFor(values);
  const last4 = values.last4;
  const postal = input.postalCode ? normalisePostalCode(input.postalCode) : null;
  const rowKey = hmacLookupKey(
    "row",
    JSON.stringify([siteId, values.name, values.kana, values.email, values.phone, values.reference, last4, input.transactionAt?.toISOString() ?? null]),
  );
  return {
    incidentId,
    siteId,
    importId: importId ?? null,
    nameKanji: input.nameKanji ?? null,
    nameKana: input.nameKana ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    postalCode: postal ?? input.postalCode ?? null,
    reference: input.reference ?? null,
    transactionAt: input.transactionAt ?? null,
    cardBrand: input.cardBrand ?? null,
    cardLast4: last4,
    ...keys,
    rowKey,
  };
}

export type AffectedRecordRow = ReturnType<typeof buildAffectedRecordRow>;

/** Inserts prepared rows in one transaction (for a fresh table; imports use their own idempotent path). */
export async function insertAffectedRecordRows(rows: AffectedRecordRow[]): Promise<number> {
  const result = await prisma.affectedRecord.createMany({ data: rows });
  return result.count;
}
