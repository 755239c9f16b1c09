/**
 * Test data for the contact log, inquiries and the queue: an incident shaped like Case B
 * (phone line 10:00-18:00 on weekdays, an email line), and card numbers in the formats agents
 * and customers paste. Real rows through Prisma; nothing is mocked.
 */
import { prisma } from "~/utils/db.server";

let counter = 0;

const WEEKDAYS_10_18 = JSON.stringify({
  mon: [["10:00", "18:00"]],
  tue: [["10:00", "18:00"]],
  wed: [["10:00", "18:00"]],
  thu: [["10:00", "18:00"]],
  fri: [["10:00", "18:00"]],
});

export async function createContactIncident({
  phone = "03-4405-8455",
  email = "inquiry@coo.ne.jp",
  responseTargetMinutes = 480,
}: { phone?: string | null; email?: string | null; responseTargetMinutes?: number } = {}) {
  counter += 1;
  const slug = `case-b-${counter}-${Date.now().toString(36)}`;
  const incident = await prisma.incident.create({
    data: {
      slug,
      companyJa: "クーコム株式会社",
      companyEn: "Coocom Inc.",
      titleJa: `テスト事案 ${counter}`,
      titleEn: `Test incident ${counter}`,
      summaryJa: "概要",
      summaryEn: "Summary",
      noticeDate: "2015-09-18",
      hotlines: {
        create: [
          ...(phone
            ? [
                {
                  kind: "phone",
                  labelJa: "電話",
                  labelEn: "Phone",
                  address: phone,
                  isMain: true,
                  weeklyHours: WEEKDAYS_10_18,
                  responseTargetMinutes,
                },
              ]
            : []),
          ...(email
            ? [
                {
                  kind: "email",
                  labelJa: "メール",
                  labelEn: "Email",
                  address: email,
                  isMain: false,
                  weeklyHours: WEEKDAYS_10_18,
                  responseTargetMinutes,
                },
              ]
            : []),
        ],
      },
      sites: { create: [{ slug: "rentacar", nameJa: "レンタカー", nameEn: "Rental cars", stolenItems: "[]" }] },
    },
    select: { id: true, slug: true, sites: { select: { id: true } } },
  });
  return { id: incident.id, slug: incident.slug, siteId: incident.sites[0]!.id };
}

export async function createAffectedRecord({ incidentId, siteId }: { incidentId: string; siteId: string }) {
  counter += 1;
  return prisma.affectedRecord.create({
    data: {
      incidentId,
      siteId,
      nameKanji: "山田 太郎",
      email: "taro@example.jp",
      cardLast4: "1111",
      rowKey: `row-${counter}-${Date.now()}`,
    },
    select: { id: true },
  });
}

/**
 * Card data as people paste it, with the digit runs that must never reach the database.
 * Each `secret` is the digits of the card number (or code) in ASCII: the test asserts that
 * neither it nor its full-width form appears in the stored row.
 */
export const CARD_SAMPLES = [
  { label: "plain 16 digits", text: "カード番号は4111111111111111です", secret: "4111111111111111" },
  { label: "split by spaces", text: "card 4111 1111 1111 1111 please", secret: "4111111111111111" },
  { label: "split by hyphens", text: "番号 5555-5555-5555-4444 です", secret: "5555555555554444" },
  { label: "full-width digits", text: "番号：４１１１１１１１１１１１１１１１", secret: "4111111111111111" },
  { label: "full-width split by long dashes", text: "３５３０―１１１３―３３３０―００００", secret: "3530111333300000" },
  { label: "Amex 15 digits split 4-6-5", text: "Amex 3782 822463 10005", secret: "378282246310005" },
] as const;

export const CODE_SAMPLES = [
  { label: "セキュリティコード", text: "セキュリティコードは123です", secret: "123" },
  { label: "CVV", text: "CVV: 4567", secret: "4567" },
  { label: "CVC full-width", text: "CVC ９８７", secret: "987" },
] as const;

/** All the digit strings (ASCII and full-width) that must be absent from stored text. */
export function forbiddenForms(secret: string): string[] {
  const fullWidth = secret.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  return [secret, fullWidth];
}

/** Asserts that no form of any of the secrets is in `stored` (a row serialised to JSON, say). */
export function expectNoCardData(stored: string, secrets: readonly string[]) {
  // Also with full-width digits folded and spaces and dashes removed, so separators cannot hide a
  // number (other characters stay, so the "****1111" of two tokens cannot join into a false alarm).
  const folded = stored.normalize("NFKC").replace(/[\s\-‐‑‒–—―−ー－]/g, "");
  for (const secret of secrets) {
    for (const form of forbiddenForms(secret)) expect(stored).not.toContain(form);
    if (secret.length >= 13) expect(folded).not.toContain(secret);
  }
}
