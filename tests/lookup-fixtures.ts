/**
 * A small affected list for lookup, self-check and API tests, built through the same model code as
 * imports (buildAffectedRecordRow), so the HMAC keys are real. Nothing is mocked.
 */
import { buildAffectedRecordRow, insertAffectedRecordRows } from "~/models/affected-record.server";
import { prisma } from "~/utils/db.server";

const WEEKDAYS_10_18 = JSON.stringify({
  mon: [["10:00", "18:00"]],
  tue: [["10:00", "18:00"]],
  wed: [["10:00", "18:00"]],
  thu: [["10:00", "18:00"]],
  fri: [["10:00", "18:00"]],
  sat: [],
  sun: [],
});

/** The people on the test list. Instants are written with their JST offset. */
export const PEOPLE = {
  /** Inside: the last second of the window's last day. */
  taro: {
    nameKanji: "山田 太郎",
    nameKana: "ヤマダ タロウ",
    phone: "090-1234-5678",
    email: "Taro.Yamada@Example.JP",
    reference: "TS-00000001",
    transactionAt: new Date("2017-09-15T23:59:59+09:00"),
    cardBrand: "VISA",
    cardLast4: "4242",
  },
  /** Outside: the first second of the day after the window. */
  hanako: {
    nameKanji: "山田 花子",
    nameKana: "やまだ はなこ",
    phone: "03-1111-2222",
    email: "hanako@example.jp",
    reference: "TS-00000002",
    transactionAt: new Date("2017-09-16T00:00:00+09:00"),
    cardBrand: "JCB",
    cardLast4: "1111",
  },
  /** Inside: the first second of the window's first day. */
  ichiro: {
    nameKanji: "佐藤 一郎",
    nameKana: "ｻﾄｳ ｲﾁﾛｳ",
    phone: "080-2222-3333",
    email: "ichiro@example.com",
    reference: "TS-00000003",
    transactionAt: new Date("2017-08-05T00:00:00+09:00"),
    cardBrand: "Mastercard",
    cardLast4: "3333",
  },
  /** No transaction date: cannot be judged. */
  jiro: {
    nameKanji: "佐藤 次郎",
    nameKana: "サトウ ジロウ",
    phone: "070-3333-4444",
    email: "jiro@example.com",
    reference: "TS-00000004",
    transactionAt: null,
    cardBrand: "VISA",
    cardLast4: "4444",
  },
  /** Another 山田 太郎 (a namesake), inside, with a different phone and email. */
  namesake: {
    nameKanji: "山田太郎",
    nameKana: "やまだ たろう",
    phone: "090-9999-8888",
    email: "other.taro@example.ne.jp",
    reference: "TS-00000005",
    transactionAt: new Date("2017-08-20T12:00:00+09:00"),
    cardBrand: "JCB",
    cardLast4: "4242",
  },
} as const;

export const FEE_TEXT_JA = "再発行手数料はかかりません（テスト）。";

export type TestIncident = { id: string; slug: string; siteId: string; records: Record<keyof typeof PEOPLE, string> };

/** The main test incident: one site, window 2017-08-05..2017-09-15 (JST), the five people above, scripts. */
export async function createLookupIncident({ slug = "test-shop" }: { slug?: string } = {}): Promise<TestIncident> {
  const incident = await prisma.incident.create({
    data: {
      slug,
      companyJa: "テスト株式会社",
      companyEn: "Test Co.",
      titleJa: "テスト事案",
      titleEn: "Test incident",
      summaryJa: "テスト",
      summaryEn: "Test",
      noticeDate: "2018-01-16",
      hotlines: {
        create: [{ kind: "phone", labelJa: "窓口", labelEn: "Line", address: "0120-000-000", isMain: true, weeklyHours: WEEKDAYS_10_18 }],
      },
      sites: {
        create: [
          {
            slug: "shop",
            nameJa: "テストショップ",
            nameEn: "Test shop",
            stolenItems: JSON.stringify(["name", "card_number", "expiry", "security_code"]),
            windows: { create: [{ startDate: "2017-08-05", endDate: "2017-09-15" }] },
          },
        ],
      },
      scripts: {
        create: [
          script("call.affected", "対象のご案内", "Affected", "{{hotline}} までお電話ください。", "Call {{hotline}}."),
          script("call.not-affected", "対象外のご案内", "Not affected", "対象のご登録は確認できませんでした。", "No record found."),
          script("call.cannot-verify", "確認できない場合", "Cannot verify", "ご本人様の確認ができませんでした。", "We could not verify you."),
          script("faq.reissue-fee", "再発行手数料", "Reissue fee", FEE_TEXT_JA, "There is no reissue fee (test)."),
        ],
      },
    },
    select: { id: true, sites: { select: { id: true } } },
  });
  const siteId = incident.sites[0]!.id;
  const records = {} as Record<keyof typeof PEOPLE, string>;
  for (const [key, person] of Object.entries(PEOPLE) as [keyof typeof PEOPLE, (typeof PEOPLE)[keyof typeof PEOPLE]][]) {
    await insertAffectedRecordRows([buildAffectedRecordRow({ incidentId: incident.id, siteId, input: person })]);
    const row = await prisma.affectedRecord.findFirst({ where: { incidentId: incident.id, reference: person.reference }, select: { id: true } });
    records[key] = row!.id;
  }
  return { id: incident.id, slug, siteId, records };
}

function script(key: string, titleJa: string, titleEn: string, bodyJa: string, bodyEn: string) {
  return {
    key,
    kind: key.startsWith("faq.") ? "faq" : "call",
    versions: { create: [{ version: 1, titleJa, titleEn, bodyJa, bodyEn, status: "approved" }] },
  };
}

/** An incident whose list is not loaded yet (no records), or holds only names (like a forensic card-data list). */
export async function createSparseIncident({ slug, namesOnly }: { slug: string; namesOnly: boolean }): Promise<{ id: string; slug: string }> {
  const incident = await prisma.incident.create({
    data: {
      slug,
      companyJa: "テスト",
      companyEn: "Test",
      titleJa: "テスト事案",
      titleEn: "Test incident",
      summaryJa: "テスト",
      summaryEn: "Test",
      noticeDate: "2018-01-16",
      hotlines: {
        create: [{ kind: "phone", labelJa: "窓口", labelEn: "Line", address: "0120-000-000", isMain: true, weeklyHours: WEEKDAYS_10_18 }],
      },
      sites: {
        create: [
          {
            slug: "shop",
            nameJa: "ショップ",
            nameEn: "Shop",
            stolenItems: JSON.stringify(["name", "card_number"]),
            windows: { create: [{ startDate: "2017-08-05", endDate: "2017-09-15" }] },
          },
        ],
      },
    },
    select: { id: true, sites: { select: { id: true } } },
  });
  if (namesOnly) {
    await insertAffectedRecordRows([
      buildAffectedRecordRow({
        incidentId: incident.id,
        siteId: incident.sites[0]!.id,
        input: { nameKanji: PEOPLE.taro.nameKanji, nameKana: PEOPLE.taro.nameKana, transactionAt: PEOPLE.taro.transactionAt, cardLast4: "4242" },
      }),
    ]);
  }
  return { id: incident.id, slug };
}

/** Every string of the people's raw identifiers, for "never stored" assertions. */
export function rawIdentifierStrings(): string[] {
  return Object.values(PEOPLE).flatMap((p) => [p.nameKanji, p.nameKana, p.phone, p.email, p.email.toLowerCase(), p.reference, p.phone.replace(/-/g, "")]);
}
